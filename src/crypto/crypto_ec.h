/* SPDX-License-Identifier: MIT */
/* crypto_ec.h: crypto_method_ecdh, crypto_method_ecdhe and crypto_method_ecdsa (declared in
 * nx_crypto.h; docs/netx-api.md 6.6 "ECDH / ECDHE", "ECDSA").
 *
 * ECDH/ECDHE: init(NULL, 0); NX_CRYPTO_EC_CURVE_SET (input = the curve row: P-256/384/521 or X25519,
 * else NX_CRYTPO_MISSING_ECC_CURVE); then DH_SETUP (extended output <- own public key: 04||X||Y, or the
 * 32-byte X25519 u), DH_PRIVATE_KEY_EXPORT (extended output <- private scalar, big-endian at field
 * size; X25519 raw 32 bytes), DH_KEY_PAIR_IMPORT (key = private scalar; input = own public key to
 * check, or NULL), DH_CALCULATE (input = peer public key; extended output <- shared secret at field
 * size). Peer key: first byte not 04 -> NX_CRYPTO_FORMAT_NOT_SUPPORTED; wrong length, off curve, out
 * of range, identity -> NX_CRYPTO_INVALID_KEY; X25519 all-zero secret -> NX_CRYPTO_NOT_SUCCESSFUL. The
 * area owns an EVP_PKEY (freed in cleanup) and must not be copied.
 *
 * ECDSA: init (key ignored); EC_CURVE_SET (P-256/384/521); NX_CRYPTO_AUTHENTICATE (key = private
 * scalar, input = hash, extended output <- DER SEQUENCE{r, s}); NX_CRYPTO_VERIFY (key = public point,
 * input = hash, output = the DER signature, read only): success 0, wrong signature
 * NX_CRYPTO_NOT_SUCCESSFUL, not starting with a SEQUENCE tag NX_CRYPTO_AUTHENTICATION_FAILED. The area
 * holds no pointer. Other ops of both: NX_CRYPTO_NOT_SUCCESSFUL. Extended output too small:
 * NX_CRYPTO_INVALID_BUFFER_SIZE. */
#ifndef NXD_CRYPTO_EC_H
#define NXD_CRYPTO_EC_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_EC_H */
