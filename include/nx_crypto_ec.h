/* SPDX-License-Identifier: MIT */
/* nx_crypto_ec.h: NetX's header for the elliptic curves: secp256r1, secp384r1 and secp521r1 (SEC 2), x25519 (RFC 7748), and secp192r1 and secp224r1 for tables that list them. As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_EC_H
#define NX_CRYPTO_EC_H

#include "nx_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

extern NX_CRYPTO_METHOD crypto_method_ec_secp192;
extern NX_CRYPTO_METHOD crypto_method_ec_secp224;
extern NX_CRYPTO_METHOD crypto_method_ec_secp256;
extern NX_CRYPTO_METHOD crypto_method_ec_secp384;
extern NX_CRYPTO_METHOD crypto_method_ec_secp521;
extern NX_CRYPTO_METHOD crypto_method_ec_x25519;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_EC_H */
