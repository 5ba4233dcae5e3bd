/* SPDX-License-Identifier: MIT */
/* nx_crypto_hmac.h: NetX's header for HMAC (RFC 2104). As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_HMAC_H
#define NX_CRYPTO_HMAC_H

#include "nx_crypto.h"
#include "nx_crypto_hmac_sha1.h"
#include "nx_crypto_hmac_sha2.h"
#include "nx_crypto_hmac_sha5.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_HMAC_H */
