/* SPDX-License-Identifier: MIT */
/* nx_crypto_ecdsa.h: NetX's header for ECDSA (FIPS 186-4) over the curves of nx_crypto_ec.h. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_ECDSA_H
#define NX_CRYPTO_ECDSA_H

#include "nx_crypto.h"
#include "nx_crypto_ec.h"

#ifdef __cplusplus
extern "C" {
#endif

extern NX_CRYPTO_METHOD crypto_method_ecdsa;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_ECDSA_H */
