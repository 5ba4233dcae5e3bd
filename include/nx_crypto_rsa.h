/* SPDX-License-Identifier: MIT */
/* nx_crypto_rsa.h: NetX's header for RSA (RFC 8017): PKCS #1 v1.5 encryption and signatures, and (an nxdtls extension) RSA-PSS verification. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_RSA_H
#define NX_CRYPTO_RSA_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

extern NX_CRYPTO_METHOD crypto_method_rsa;
extern NX_CRYPTO_METHOD crypto_method_rsa_pss;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_RSA_H */
