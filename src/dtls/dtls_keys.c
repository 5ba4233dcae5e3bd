/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_keys.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"

const NX_CRYPTO_METHOD *dtls_keys_prf_method(const NX_SECURE_TLS_CRYPTO *table,
                                             const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    if (suite != NULL && suite->nx_secure_tls_prf != NULL) {
        return suite->nx_secure_tls_prf;
    }
    return table->nx_secure_tls_prf_sha256_method;
}

UINT dtls_keys_prf_key(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                       const uint8_t *secret, size_t secret_len)
{
    NXD_ENSURE(prf != NULL && prf->nx_crypto_operation != NULL,
               NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    NXD_ENSURE(prf->nx_crypto_metadata_area_size <= area_size,
               NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    /* docs/netx-api.md 6.6: the PRF takes its secret and label lengths in bytes, not bits. */
    UINT status = crypto_init(prf, secret, (UINT)secret_len, area, area_size);
    if (status != NX_SUCCESS) {
        ct_wipe(area, area_size);
    }
    return status;
}

UINT dtls_keys_prf_run(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size, const char *label,
                       const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
    return crypto_op(prf, NX_CRYPTO_PRF, (const uint8_t *)label, (UINT)strlen(label), seed,
                     seed_len, NULL, out, out_len, area, area_size);
}

void dtls_keys_prf_release(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size)
{
    crypto_cleanup(prf, area);
    /* The method may keep the secret or derived state in its area. */
    ct_wipe(area, area_size);
}

UINT dtls_keys_prf(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size, const uint8_t *secret,
                   size_t secret_len, const char *label, const uint8_t *seed, size_t seed_len,
                   uint8_t *out, size_t out_len)
{
    NXD_TRY(dtls_keys_prf_key(prf, area, area_size, secret, secret_len));
    UINT status = dtls_keys_prf_run(prf, area, area_size, label, seed, seed_len, out, out_len);
    dtls_keys_prf_release(prf, area, area_size);
    return status;
}

UINT dtls_keys_master(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                      const uint8_t *premaster, size_t premaster_len,
                      const uint8_t client_random[32], const uint8_t server_random[32],
                      const uint8_t *session_hash, size_t session_hash_len, uint8_t master[48])
{
    if (session_hash != NULL) {
        /* RFC 7627 4: the session hash replaces the randoms. */
        return dtls_keys_prf(prf, area, area_size, premaster, premaster_len,
                             "extended master secret", session_hash, session_hash_len, master, 48);
    }
    uint8_t seed[64];
    memcpy(seed, client_random, 32);
    memcpy(seed + 32, server_random, 32);
    return dtls_keys_prf(prf, area, area_size, premaster, premaster_len, "master secret", seed,
                         sizeof seed, master, 48);
}

UINT dtls_keys_layout(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite, struct dtls_key_layout *out)
{
    const NX_CRYPTO_METHOD *cipher = suite->nx_secure_tls_session_cipher;
    NXD_ENSURE(cipher != NULL, NX_SECURE_TLS_UNSUPPORTED_CIPHER);
    out->mac_len = suite->nx_secure_tls_hash_size;
    out->key_len = cipher->nx_crypto_key_size_in_bits / 8;
    out->iv_len = cipher->nx_crypto_IV_size_in_bits / 8;
    out->total = 2 * (out->mac_len + out->key_len + out->iv_len);
    NXD_ENSURE(out->mac_len <= 48 && out->key_len <= 32 && out->iv_len <= 16 &&
                   out->total <= DTLS_KEY_BLOCK_MAX,
               NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE);
    return NX_SUCCESS;
}

UINT dtls_keys_block(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size,
                     const uint8_t client_random[32], const uint8_t server_random[32],
                     uint8_t *block, size_t len)
{
    /* RFC 5246 6.3: the key block's seed puts the server random first. */
    uint8_t seed[64];
    memcpy(seed, server_random, 32);
    memcpy(seed + 32, client_random, 32);
    return dtls_keys_prf_run(prf, area, area_size, "key expansion", seed, sizeof seed, block, len);
}

UINT dtls_keys_finished(const NX_CRYPTO_METHOD *prf, void *area, size_t area_size, int client,
                        const uint8_t *transcript_hash, size_t hash_len, uint8_t verify[12])
{
    return dtls_keys_prf_run(prf, area, area_size, client ? "client finished" : "server finished",
                             transcript_hash, hash_len, verify, 12);
}

static void hex(char *out, const uint8_t *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
}

void dtls_keys_keylog_line(char *out, const uint8_t client_random[32], const uint8_t master[48])
{
    /* NSS key log format: "CLIENT_RANDOM <client random> <master secret>", both in hex. */
    static const char prefix[] = "CLIENT_RANDOM ";
    size_t at = sizeof prefix - 1;
    memcpy(out, prefix, at);
    hex(out + at, client_random, 32);
    at += 64;
    out[at++] = ' ';
    hex(out + at, master, 48);
    at += 96;
    out[at] = '\0';
}
