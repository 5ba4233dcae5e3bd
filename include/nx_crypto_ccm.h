/* SPDX-License-Identifier: MIT */
/* nx_crypto_ccm.h: NetX's header for the CCM mode of the AES methods (RFC 3610, RFC 6655). As in NetX, the method objects are not const; an application
 * may declare them itself (`extern NX_CRYPTO_METHOD crypto_method_...;`) and include this header too.
 * NetX's internal structures and _nx_crypto_* functions are not part of nxdtls: the methods run on
 * OpenSSL 3 libcrypto (docs/porting.md). */
#ifndef NX_CRYPTO_CCM_H
#define NX_CRYPTO_CCM_H

#include "nx_crypto.h"
#include "nx_crypto_aes.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_CCM_H */
