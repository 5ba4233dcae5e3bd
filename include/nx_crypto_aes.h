/* SPDX-License-Identifier: MIT */
/* nx_crypto_aes.h: NetX's header for AES (FIPS 197) for CBC, CCM and GCM. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_AES_H
#define NX_CRYPTO_AES_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

/* AES sizes (NetX's values). */
#define NX_CRYPTO_AES_KEY_SIZE_128_BITS        (4) /* in 32-bit words */
#define NX_CRYPTO_AES_KEY_SIZE_192_BITS        (6)
#define NX_CRYPTO_AES_KEY_SIZE_256_BITS        (8)
#define NX_CRYPTO_AES_256_KEY_LEN_IN_BITS      (256)
#define NX_CRYPTO_AES_192_KEY_LEN_IN_BITS      (192)
#define NX_CRYPTO_AES_128_KEY_LEN_IN_BITS      (128)
#define NX_CRYPTO_AES_XCBC_MAC_KEY_LEN_IN_BITS (128)
#define NX_CRYPTO_AES_MAX_KEY_SIZE             (NX_CRYPTO_AES_KEY_SIZE_256_BITS)
#define NX_CRYPTO_AES_BLOCK_SIZE               (16) /* bytes */
#define NX_CRYPTO_AES_BLOCK_SIZE_IN_BITS       (128)
#define NX_CRYPTO_AES_IV_LEN_IN_BITS           (128)
#define NX_CRYPTO_AES_CTR_IV_LEN_IN_BITS       (64)

extern NX_CRYPTO_METHOD crypto_method_aes_cbc_128;
extern NX_CRYPTO_METHOD crypto_method_aes_cbc_256;
extern NX_CRYPTO_METHOD crypto_method_aes_ccm_8;
extern NX_CRYPTO_METHOD crypto_method_aes_ccm_16;
extern NX_CRYPTO_METHOD crypto_method_aes_128_gcm_16;
extern NX_CRYPTO_METHOD crypto_method_aes_256_gcm_16;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_AES_H */
