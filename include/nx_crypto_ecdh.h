/* SPDX-License-Identifier: MIT */
/* nx_crypto_ecdh.h: NetX's header for ECDH and ECDHE (RFC 8422) over the curves of nx_crypto_ec.h. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_ECDH_H
#define NX_CRYPTO_ECDH_H

#include "nx_crypto.h"
#include "nx_crypto_ec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest ECDH key (secp521r1's 66 bytes, rounded as NetX does). */
#define NX_CRYPTO_ECDH_MAX_KEY_SIZE (68)

extern NX_CRYPTO_METHOD crypto_method_ecdh;
extern NX_CRYPTO_METHOD crypto_method_ecdhe;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_ECDH_H */
