/* SPDX-License-Identifier: MIT */
/* nx_crypto_sha2.h: NetX's header for SHA-256 (FIPS 180-4). As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_SHA2_H
#define NX_CRYPTO_SHA2_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NX_CRYPTO_SHA2_BLOCK_SIZE_IN_BYTES 64
#define NX_CRYPTO_SHA224_ICV_LEN_IN_BITS   224
#define NX_CRYPTO_SHA256_ICV_LEN_IN_BITS   256

extern NX_CRYPTO_METHOD crypto_method_sha256;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_SHA2_H */
