/* SPDX-License-Identifier: MIT */
/* nx_crypto_hmac_sha5.h: NetX's header for HMAC-SHA-384 and HMAC-SHA-512 (RFC 4231). As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_HMAC_SHA5_H
#define NX_CRYPTO_HMAC_SHA5_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

extern NX_CRYPTO_METHOD crypto_method_hmac_sha384;
extern NX_CRYPTO_METHOD crypto_method_hmac_sha512;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_HMAC_SHA5_H */
