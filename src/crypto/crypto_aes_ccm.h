/* SPDX-License-Identifier: MIT */
/* crypto_aes_ccm.h: the AES-CCM methods crypto_method_aes_ccm_8 / _ccm_16 (declared in nx_crypto.h;
 * docs/netx-api.md 6.6 "AES-GCM / AES-CCM"). Tag length = the row's ICV bits / 8 (4..16, even); nonce
 * length 7..13. Extra rules of this backend (OpenSSL's CCM is one-pass): exactly one UPDATE per record,
 * of exactly the length announced at INITIALIZE (else NX_CRYPTO_INVALID_PARAMETER); decryption happens
 * inside DECRYPT_CALCULATE, so the UPDATE's input and output must stay valid until CALCULATE returns;
 * a wrong tag returns NX_CRYPTO_AUTHENTICATION_FAILED with the output zeroed. The area holds a pointer
 * to the EVP_CIPHER_CTX made and keyed in init; it must not be copied. */
#ifndef NXD_CRYPTO_AES_CCM_H
#define NXD_CRYPTO_AES_CCM_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_AES_CCM_H */
