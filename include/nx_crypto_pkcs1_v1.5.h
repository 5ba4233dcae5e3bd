/* SPDX-License-Identifier: MIT */
/* nx_crypto_pkcs1_v1.5.h: NetX's header for PKCS #1 v1.5 signatures (RFC 8017 8.2), done by the RSA method. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_PKCS1_V1_5_H
#define NX_CRYPTO_PKCS1_V1_5_H

#include "nx_crypto.h"
#include "nx_crypto_rsa.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_PKCS1_V1_5_H */
