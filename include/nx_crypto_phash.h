/* SPDX-License-Identifier: MIT */
/* nx_crypto_phash.h: NetX's header for the TLS 1.2 P_hash (RFC 5246 5). As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_PHASH_H
#define NX_CRYPTO_PHASH_H

#include "nx_crypto.h"
#include "nx_crypto_tls_prf_sha256.h"
#include "nx_crypto_tls_prf_sha384.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_PHASH_H */
