/* SPDX-License-Identifier: MIT */
/* nx_crypto_null.h: NetX's header for the null cipher and the PSK key-exchange marker of the PSK suites. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_NULL_H
#define NX_CRYPTO_NULL_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

extern NX_CRYPTO_METHOD crypto_method_null;
extern NX_CRYPTO_METHOD crypto_method_none;
extern NX_CRYPTO_METHOD crypto_method_auth_psk;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_NULL_H */
