/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_psk.h"

#include <string.h>

#include "base/ct.h"
#include "base/wire.h"

int dtls_psk_is_suite(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    return suite->nx_secure_tls_public_auth != NULL &&
           suite->nx_secure_tls_public_auth->nx_crypto_algorithm == NX_CRYPTO_KEY_EXCHANGE_PSK;
}

UINT dtls_psk_premaster(const NX_SECURE_TLS_PSK_STORE *entry, uint8_t *out, size_t cap,
                        size_t *out_len)
{
    size_t n = entry->nx_secure_tls_psk_data_size;
    NXD_ENSURE(n <= NX_SECURE_TLS_MAX_PSK_SIZE, NX_SECURE_TLS_NO_MATCHING_PSK);
    NXD_ENSURE(cap >= 2 * n + 4, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* RFC 4279 2: "other_secret" is N zero bytes for plain PSK. */
    wire_store_be(out, n, 2);
    memset(out + 2, 0, n);
    wire_store_be(out + 2 + n, n, 2);
    if (n != 0) {
        memcpy(out + 4 + n, entry->nx_secure_tls_psk_data, n);
    }
    *out_len = 2 * n + 4;
    return NX_SUCCESS;
}

/* match_mask returns all-ones when value (len bytes) equals the stored field (stored_len bytes). Lengths are
 * not secret (they travel on the wire), only the bytes are compared in constant time. */
static uint32_t match_mask(const uint8_t *stored, size_t stored_len, const uint8_t *value,
                           size_t len)
{
    if (stored_len != len || stored_len > NX_SECURE_TLS_MAX_PSK_ID_SIZE) {
        return 0;
    }
    return len == 0 ? 0xFFFFFFFFu : (ct_equal(stored, value, len) ? 0xFFFFFFFFu : 0);
}

/* first_match scans every entry (no early exit) and keeps the first matching index. */
static UINT first_match(const nxdtls_config *cfg, int by_hint, const uint8_t *value, size_t len,
                        size_t *index)
{
    uint32_t found = 0;
    size_t pick = 0;
    for (size_t i = 0; i < cfg->psk_count; i++) {
        const NX_SECURE_TLS_PSK_STORE *e = &cfg->psks[i];
        uint32_t m =
            by_hint ? match_mask(e->nx_secure_tls_psk_id_hint, e->nx_secure_tls_psk_id_hint_size,
                                 value, len)
                    : match_mask(e->nx_secure_tls_psk_id, e->nx_secure_tls_psk_id_size, value, len);
        size_t take = (size_t)0 - (size_t)(m & ~found & 1u); /* all-ones for the first match only */
        pick = (pick & ~take) | (i & take);
        found |= m;
    }
    NXD_ENSURE(found != 0, NX_SECURE_TLS_NO_MATCHING_PSK);
    *index = pick;
    return NX_SUCCESS;
}

UINT dtls_psk_client_select(const nxdtls_config *cfg, const uint8_t *hint, size_t hint_len,
                            size_t *index)
{
    NXD_ENSURE(cfg->psks != NULL && cfg->psk_count != 0, NX_SECURE_TLS_NO_MATCHING_PSK);
    if (hint_len == 0) {
        *index = 0;
        return NX_SUCCESS;
    }
    return first_match(cfg, 1, hint, hint_len, index);
}

UINT dtls_psk_server_select(const nxdtls_config *cfg, const uint8_t *identity, size_t identity_len,
                            size_t *index)
{
    NXD_ENSURE(cfg->psks != NULL && cfg->psk_count != 0, NX_SECURE_TLS_NO_MATCHING_PSK);
    return first_match(cfg, 0, identity, identity_len, index);
}
