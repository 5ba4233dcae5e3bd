/* SPDX-License-Identifier: MIT */
/* crypto_hmac.h: the HMAC methods crypto_method_hmac_sha1/256/384/512 (declared in nx_crypto.h;
 * docs/netx-api.md 6.6 "HMAC"). The area holds a pointer to an EVP_MAC_CTX created and keyed in init and
 * freed in cleanup; it must not be copied. */
#ifndef NXD_CRYPTO_HMAC_H
#define NXD_CRYPTO_HMAC_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_HMAC_H */
