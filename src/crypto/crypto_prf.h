/* SPDX-License-Identifier: MIT */
/* crypto_prf.h: the TLS 1.2 PRF methods crypto_method_tls_prf_sha256 / _sha384 (declared in nx_crypto.h;
 * docs/netx-api.md 6.6 "TLS PRF"; RFC 5246 5: PRF(secret, label, seed) = P_<hash>(secret, label || seed)).
 * init takes the secret (length in BYTES in key_size_in_bits, as NetX does) and keeps only HMAC's keyed
 * state derived from it, so the caller's secret need not outlive init; one init serves any number of PRF
 * operations until cleanup. The area holds no pointer to anything else and nothing is allocated. */
#ifndef NXD_CRYPTO_PRF_H
#define NXD_CRYPTO_PRF_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_PRF_H */
