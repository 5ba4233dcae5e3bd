/* SPDX-License-Identifier: MIT */
/* crypto_call.h: how every upper layer calls an NX_CRYPTO_METHOD (docs/netx-api.md 6.6 conventions).
 *
 * These wrappers take const rows and const inputs, cast them to the non-const pointers of the NetX
 * signatures, pass handler = NX_NULL, packet_ptr = NX_NULL and no callback, and clamp size_t to ULONG.
 * They work with any method written to 6.6 (nxdtls's own or an application's): nothing here looks
 * behind the function pointers. */
#ifndef NXD_CRYPTO_CALL_H
#define NXD_CRYPTO_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_crypto.h"

/* crypto_init runs m->nx_crypto_init(m, key, key_bits, &handler, area, area_size). A NULL method
 * returns NX_CRYPTO_PTR_ERROR; a NULL init pointer is success (nothing to set up). Every successful
 * crypto_init must be paired with one crypto_cleanup on the same area. key_bits is bits, except for the
 * TLS PRF (secret length in bytes, 6.6 "TLS PRF"). */
NXD_MUST_USE UINT crypto_init(const NX_CRYPTO_METHOD *m, const uint8_t *key, UINT key_bits,
                              void *area, size_t area_size);

/* crypto_op runs m->nx_crypto_operation(op, NULL, m, key, key_bits, in, in_len, iv, out, out_len, area,
 * area_size, NULL, NULL) and returns its status. A NULL method returns NX_CRYPTO_PTR_ERROR; a NULL
 * operation pointer returns NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE (callers of the null rows, whose
 * operation is NULL by design, check for that first; X.509 callers translate to
 * NX_SECURE_X509_MISSING_CRYPTO_ROUTINE). in_len above 2^32-1 returns NX_CRYPTO_SIZE_ERROR; out_len is
 * clamped to 2^32-1. Output is only meaningful on success. */
NXD_MUST_USE UINT crypto_op(const NX_CRYPTO_METHOD *m, UINT op, const uint8_t *key, UINT key_bits,
                            const uint8_t *in, size_t in_len, uint8_t *iv, uint8_t *out,
                            size_t out_len, void *area, size_t area_size);

/* crypto_cleanup runs m->nx_crypto_cleanup(area); a NULL method or cleanup pointer does nothing. */
void crypto_cleanup(const NX_CRYPTO_METHOD *m, void *area);

/* crypto_digest computes a one-shot digest with a hash method: init, HASH_INITIALIZE, HASH_UPDATE,
 * HASH_CALCULATE, cleanup, all in area. On success *out_len is the digest size (crypto_digest_size);
 * out_cap below it returns NX_CRYPTO_INVALID_BUFFER_SIZE before anything runs. On failure *out_len is 0
 * and out is unspecified. */
NXD_MUST_USE UINT crypto_digest(const NX_CRYPTO_METHOD *hash, void *area, size_t area_size,
                                const uint8_t *in, size_t len, uint8_t *out, size_t out_cap,
                                size_t *out_len);

/* crypto_digest_size returns the digest size of a hash method in bytes (ICV bits / 8); 0 for NULL. */
size_t crypto_digest_size(const NX_CRYPTO_METHOD *hash);

/* crypto_digest_method_for returns nxdtls's hash method for NX_CRYPTO_HASH_SHA1 / _SHA256 / _SHA384 /
 * _SHA512, or NULL for any other id. */
const NX_CRYPTO_METHOD *crypto_digest_method_for(UINT hash_algorithm);

#endif /* NXD_CRYPTO_CALL_H */
