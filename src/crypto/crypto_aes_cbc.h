/* SPDX-License-Identifier: MIT */
/* crypto_aes_cbc.h: the AES-CBC methods crypto_method_aes_cbc_128 / _256 (declared in nx_crypto.h;
 * docs/netx-api.md 6.6 "AES-CBC"). init accepts 128-, 192- and 256-bit keys whatever the row says (as NetX's
 * AES does). The area holds a pointer to the EVP_CIPHER_CTX made in init and freed in cleanup; it must
 * not be copied. */
#ifndef NXD_CRYPTO_AES_CBC_H
#define NXD_CRYPTO_AES_CBC_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_AES_CBC_H */
