/* SPDX-License-Identifier: MIT */
/* crypto_rsa.h: crypto_method_rsa and crypto_method_rsa_pss (declared in nx_crypto.h).
 *
 * crypto_method_rsa (docs/netx-api.md 6.6 "RSA"): init(key = modulus, big-endian, bits = bytes * 8; the
 * pointer is kept until cleanup, leading zero bytes skipped; even or 1-byte moduli give
 * NX_CRYPTO_INVALID_KEY, above 16384 bits NX_CRYPTO_SIZE_ERROR); optional NX_CRYPTO_SET_PRIME_P / _Q
 * (input = prime, pointer kept); any other op: output = input^key mod n, modulus-size bytes, where key
 * is the exponent (bits = bytes * 8). Input longer than the modulus or not below it:
 * NX_CRYPTO_PTR_ERROR; output capacity below the modulus size: NX_CRYPTO_INVALID_BUFFER_SIZE. With
 * both primes set the exponent must be the private d and OpenSSL's RSA private operation runs (CRT,
 * blinding, fault check); p * q != n gives NX_CRYPTO_INVALID_KEY. Without them the exponentiation is
 * constant time but unblinded. The method does no padding.
 *
 * crypto_method_rsa_pss: RSASSA-PSS verification, convention documented in crypto/crypto_sig.h.
 *
 * Areas hold only pointers to the caller's key bytes (no libcrypto object); metadata is small. */
#ifndef NXD_CRYPTO_RSA_H
#define NXD_CRYPTO_RSA_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_RSA_H */
