/* SPDX-License-Identifier: MIT */
/* crypto_aes_gcm.h: the AES-GCM methods crypto_method_aes_128_gcm_16 / _256_gcm_16 (declared in
 * nx_crypto.h; docs/netx-api.md 6.6 "AES-GCM / AES-CCM"). Tag length = the row's ICV bits / 8 (1..16), read
 * at each CALCULATE, so a custom row with a shorter ICV works. Nonce lengths 1..128 (12 is the TLS
 * one). The area holds a pointer to the EVP_CIPHER_CTX made and keyed in init; it must not be copied.
 * Extra rules of this backend: DECRYPT_UPDATEs of one record must write one contiguous output buffer
 * (else NX_CRYPTO_INVALID_PARAMETER), so it can all be zeroed when DECRYPT_CALCULATE finds a wrong tag
 * (NX_CRYPTO_AUTHENTICATION_FAILED); an op out of order (UPDATE before INITIALIZE, CALCULATE of the
 * other direction) returns NX_CRYPTO_NOT_SUCCESSFUL. */
#ifndef NXD_CRYPTO_AES_GCM_H
#define NXD_CRYPTO_AES_GCM_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_AES_GCM_H */
