/* SPDX-License-Identifier: MIT */
/* dtls_keys.h: the TLS 1.2 key schedule (RFC 5246 5, 6.3, 7.4.9, 8.1; RFC 7627 4) through the suite's PRF
 * method (docs/netx-api.md 6.6 "TLS PRF": init with the secret, NX_CRYPTO_PRF operations, cleanup).
 *
 * The master secret is derived with a PRF keyed by the premaster and released at once. The key block and
 * both Finished messages use one PRF keyed by the master secret (dtls_keys_prf_key), kept in its area from
 * key derivation to the end of the handshake, so the method's keying work is done once. */
#ifndef NXD_DTLS_KEYS_H
#define NXD_DTLS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_secure_tls.h"

#define DTLS_KEY_BLOCK_MAX 192 /* 2 x (48 MAC + 32 key + 16 IV) */

/* Where each direction's keys sit in a key block (RFC 5246 6.3 order). */
struct dtls_key_layout {
    size_t mac_len;
    size_t key_len;
    size_t iv_len;
    size_t total;
};

/* dtls_keys_prf_method returns the suite's PRF method (the row's, else the table's SHA-256 PRF). */
const NX_CRYPTO_METHOD *dtls_keys_prf_method(const NX_SECURE_TLS_CRYPTO *table,
                                             const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_keys_prf_key initializes the PRF method in area with secret; on success the area owes one
 * dtls_keys_prf_release. */
NXD_MUST_USE UINT dtls_keys_prf_key(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                    const uint8_t *secret, size_t secret_len);

/* dtls_keys_prf_run computes out_len bytes of PRF(secret, label, seed) with a keyed area. */
NXD_MUST_USE UINT dtls_keys_prf_run(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                    const char *label, const uint8_t *seed, size_t seed_len,
                                    uint8_t *out, size_t out_len);

/* dtls_keys_prf_release cleans a keyed area up and wipes it. */
void dtls_keys_prf_release(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size);

/* dtls_keys_prf computes out_len bytes of PRF(secret, label, seed) in area: key, run, release. */
NXD_MUST_USE UINT dtls_keys_prf(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                const uint8_t *secret, size_t secret_len, const char *label,
                                const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len);

/* dtls_keys_master derives the 48-byte master secret (RFC 5246 8.1). With session_hash (RFC 7627 4) it is
 * PRF(premaster, "extended master secret", session_hash), otherwise PRF(premaster, "master secret",
 * client_random || server_random). */
NXD_MUST_USE UINT dtls_keys_master(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                   const uint8_t *premaster, size_t premaster_len,
                                   const uint8_t client_random[32], const uint8_t server_random[32],
                                   const uint8_t *session_hash, size_t session_hash_len,
                                   uint8_t master[48]);

/* dtls_keys_layout fills the per-direction sizes for a suite (docs/netx-api.md 6.6: MAC = the row's hash size,
 * key = cipher key bits / 8, IV = cipher IV bits / 8). Returns NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE past
 * DTLS_KEY_BLOCK_MAX, NX_SECURE_TLS_UNSUPPORTED_CIPHER when the row has no session cipher. */
NXD_MUST_USE UINT dtls_keys_layout(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite,
                                   struct dtls_key_layout *out);

/* dtls_keys_block derives len bytes of PRF(master, "key expansion", server_random || client_random)
 * (RFC 5246 6.3) with an area keyed by the master secret (dtls_keys_prf_key). */
NXD_MUST_USE UINT dtls_keys_block(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                  const uint8_t client_random[32], const uint8_t server_random[32],
                                  uint8_t *block, size_t len);

/* dtls_keys_finished computes verify_data = PRF(master, "client finished" or "server finished",
 * transcript_hash)[0..11] (RFC 5246 7.4.9) with an area keyed by the master secret. */
NXD_MUST_USE UINT dtls_keys_finished(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                                     int client, const uint8_t *transcript_hash, size_t hash_len,
                                     uint8_t verify[12]);

/* dtls_keys_keylog_line formats the NSS key log line "CLIENT_RANDOM <64 hex> <96 hex>" into out (at least
 * DTLS_KEYLOG_LINE bytes, NUL-terminated). */
#define DTLS_KEYLOG_LINE 180
void dtls_keys_keylog_line(char *out, const uint8_t client_random[32], const uint8_t master[48]);

#endif /* NXD_DTLS_KEYS_H */
