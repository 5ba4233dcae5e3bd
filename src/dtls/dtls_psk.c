/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_psk.h"

#include <string.h>

#include "base/ct.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

int dtls_psk_is_suite(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    return suite->nx_secure_tls_public_auth != NULL &&
           suite->nx_secure_tls_public_auth->nx_crypto_algorithm == NX_CRYPTO_KEY_EXCHANGE_PSK;
}

int dtls_psk_configured(const nxdtls_config *cfg)
{
    if (cfg->psks != NULL && cfg->psk_count != 0) {
        return 1;
    }
    return cfg->role == NXDTLS_ROLE_SERVER ? cfg->psk_server_callback != NULL
                                           : cfg->psk_client_callback != NULL;
}

const uint8_t *dtls_psk_server_hint(const nxdtls_config *cfg, size_t *len)
{
    if (cfg->psk_hint != NULL) {
        *len = cfg->psk_hint_len;
        return cfg->psk_hint;
    }
    if (cfg->psks != NULL && cfg->psk_count != 0 &&
        cfg->psks[0].nx_secure_tls_psk_id_hint_size <= NXDTLS_PSK_ID_SIZE_MAX) {
        *len = cfg->psks[0].nx_secure_tls_psk_id_hint_size;
        return cfg->psks[0].nx_secure_tls_psk_id_hint;
    }
    *len = 0;
    return NULL;
}

UINT dtls_psk_premaster_of(const uint8_t *key, size_t key_len, uint8_t *out, size_t cap,
                           size_t *out_len)
{
    NXD_ENSURE(key_len <= NXDTLS_PSK_SIZE_MAX, NX_SECURE_TLS_NO_MORE_PSK_SPACE);
    NXD_ENSURE(cap >= 2 * key_len + 4, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* RFC 4279 2: "other_secret" is N zero bytes for plain PSK. */
    wire_store_be(out, key_len, 2);
    memset(out + 2, 0, key_len);
    wire_store_be(out + 2 + key_len, key_len, 2);
    if (key_len != 0) {
        memcpy(out + 4 + key_len, key, key_len);
    }
    *out_len = 2 * key_len + 4;
    return NX_SUCCESS;
}

/* match_mask returns all-ones when value (len bytes) equals the stored field (stored_len bytes). Lengths are
 * not secret (they travel on the wire), only the bytes are compared in constant time. An empty value
 * matches an empty field. */
static uint32_t match_mask(const uint8_t *stored, size_t stored_len, const uint8_t *value,
                           size_t len)
{
    if (stored_len != len || stored_len > NXDTLS_PSK_ID_SIZE_MAX) {
        return 0;
    }
    return len == 0 ? 0xFFFFFFFFu : (ct_equal(stored, value, len) ? 0xFFFFFFFFu : 0);
}

/* first_match scans every entry (no early exit) and keeps the first matching index: by identity, or by
 * hint. Returns nonzero when one matched. */
static int first_match(const NX_SECURE_TLS_PSK_STORE *entries, size_t count, int by_hint,
                       const uint8_t *value, size_t len, size_t *index)
{
    uint32_t found = 0;
    size_t pick = 0;
    for (size_t i = 0; i < count; i++) {
        const NX_SECURE_TLS_PSK_STORE *e = &entries[i];
        uint32_t m =
            by_hint ? match_mask(e->nx_secure_tls_psk_id_hint, e->nx_secure_tls_psk_id_hint_size,
                                 value, len)
                    : match_mask(e->nx_secure_tls_psk_id, e->nx_secure_tls_psk_id_size, value, len);
        size_t take = (size_t)0 - (size_t)(m & ~found & 1u); /* all-ones for the first match only */
        pick = (pick & ~take) | (i & take);
        found |= m;
    }
    *index = pick;
    return found != 0;
}

UINT nxdtls_psk_choose(const NX_SECURE_TLS_PSK_STORE *entries, size_t count, const uint8_t *hint,
                       size_t hint_len, size_t *index)
{
    NXD_ENSURE(index != NULL && (hint != NULL || hint_len == 0), NX_PTR_ERROR);
    NXD_ENSURE(entries != NULL && count != 0, NX_SECURE_TLS_NO_MATCHING_PSK);
    if (hint_len == 0) {
        /* No hint: entry 0, as NetX's client does. */
        *index = 0;
        return NX_SUCCESS;
    }
    /* RFC 4279 2: the client MAY use the hint. An entry with this very hint is the application's choice
     * (NetX's rule); failing that, an entry without a hint serves any server (OpenSSL, GnuTLS and Mbed TLS
     * clients use their one key whatever the hint; libcoap's server sends "CoAP" by default). */
    if (first_match(entries, count, 1, hint, hint_len, index) ||
        first_match(entries, count, 1, NULL, 0, index)) {
        return NX_SUCCESS;
    }
    return NX_SECURE_TLS_NO_MATCHING_PSK;
}

UINT dtls_psk_client_hint(struct dtls_conn *c, const uint8_t *hint, size_t hint_len)
{
    const nxdtls_config *cfg = c->cfg;
    if (cfg->psk_client_callback != NULL) {
        NXD_ENSURE(hint_len <= sizeof c->hs->psk_hint, NX_SECURE_TLS_NO_MATCHING_PSK);
        if (hint_len != 0) {
            memcpy(c->hs->psk_hint, hint, hint_len);
        }
        c->hs->psk_hint_len = (uint16_t)hint_len;
        return NX_SUCCESS;
    }
    size_t index;
    NXD_TRY(nxdtls_psk_choose(cfg->psks, cfg->psk_count, hint, hint_len, &index));
    NXD_ENSURE(index <= UINT8_MAX, NX_SECURE_TLS_NO_MATCHING_PSK);
    c->hs->psk_index = (uint8_t)index;
    return NX_SUCCESS;
}

/* client_callback asks the application for (identity, key) and writes the ClientKeyExchange and premaster. */
static UINT client_callback(struct dtls_conn *c, struct wire_wr *w, uint8_t *pm, size_t cap,
                            size_t *pm_len)
{
    const nxdtls_config *cfg = c->cfg;
    uint8_t identity[NXDTLS_PSK_ID_SIZE_MAX];
    uint8_t key[NXDTLS_PSK_SIZE_MAX];
    size_t identity_len = 0;
    size_t key_len = 0;
    UINT status = cfg->psk_client_callback(cfg->psk_callback_ctx, (struct nxdtls_conn *)(void *)c,
                                           c->hs->psk_hint_len != 0 ? c->hs->psk_hint : NULL,
                                           c->hs->psk_hint_len, identity, sizeof identity,
                                           &identity_len, key, sizeof key, &key_len);
    if (status == NX_SUCCESS && (identity_len > sizeof identity || key_len > sizeof key)) {
        status = NX_SECURE_TLS_NO_MORE_PSK_SPACE;
    }
    if (status == NX_SUCCESS && key_len == 0) {
        status = NX_SECURE_TLS_NO_MATCHING_PSK;
    }
    if (status == NX_SUCCESS) {
        /* RFC 4279 2: ClientKeyExchange = psk_identity<0..2^16-1>. */
        size_t at = wire_open_vec(w, 2);
        wire_put_bytes(w, identity, identity_len);
        wire_close_vec(w, at, 2);
        status = dtls_psk_premaster_of(key, key_len, pm, cap, pm_len);
    }
    ct_wipe(key, sizeof key);
    ct_wipe(identity, sizeof identity);
    return status;
}

UINT dtls_psk_client_key_exchange(struct dtls_conn *c, struct wire_wr *w, uint8_t *pm, size_t cap,
                                  size_t *pm_len)
{
    const nxdtls_config *cfg = c->cfg;
    if (cfg->psk_client_callback != NULL) {
        return client_callback(c, w, pm, cap, pm_len);
    }
    NXD_ENSURE(cfg->psks != NULL && c->hs->psk_index < cfg->psk_count,
               NX_SECURE_TLS_NO_MATCHING_PSK);
    const NX_SECURE_TLS_PSK_STORE *entry = &cfg->psks[c->hs->psk_index];
    NXD_ENSURE(entry->nx_secure_tls_psk_id_size <= NXDTLS_PSK_ID_SIZE_MAX,
               NX_SECURE_TLS_NO_MATCHING_PSK);
    /* RFC 4279 2: ClientKeyExchange = psk_identity<0..2^16-1>. */
    size_t at = wire_open_vec(w, 2);
    wire_put_bytes(w, entry->nx_secure_tls_psk_id, entry->nx_secure_tls_psk_id_size);
    wire_close_vec(w, at, 2);
    return dtls_psk_premaster_of(entry->nx_secure_tls_psk_data, entry->nx_secure_tls_psk_data_size,
                                 pm, cap, pm_len);
}

/* server_callback asks the application for the key of identity; the key buffer is wiped on every path. */
static UINT server_callback(struct dtls_conn *c, const uint8_t *identity, size_t identity_len,
                            uint8_t *pm, size_t cap, size_t *pm_len)
{
    const nxdtls_config *cfg = c->cfg;
    uint8_t key[NXDTLS_PSK_SIZE_MAX];
    size_t key_len = 0;
    UINT status = cfg->psk_server_callback(cfg->psk_callback_ctx, (struct nxdtls_conn *)(void *)c,
                                           identity, identity_len, key, sizeof key, &key_len);
    if (status == NX_SUCCESS && key_len > sizeof key) {
        status = NX_SECURE_TLS_NO_MORE_PSK_SPACE;
    }
    if (status == NX_SUCCESS && key_len == 0) {
        status = NX_SECURE_TLS_NO_MATCHING_PSK; /* an empty key would authenticate nobody */
    }
    if (status == NX_SUCCESS) {
        status = dtls_psk_premaster_of(key, key_len, pm, cap, pm_len);
    }
    ct_wipe(key, sizeof key);
    return status;
}

UINT dtls_psk_server_premaster(struct dtls_conn *c, const uint8_t *identity, size_t identity_len,
                               uint8_t *pm, size_t cap, size_t *pm_len)
{
    const nxdtls_config *cfg = c->cfg;
    /* Identities longer than NetX's buffer match no entry and are not handed to the callback. */
    NXD_ENSURE(identity_len <= NXDTLS_PSK_ID_SIZE_MAX, NX_SECURE_TLS_NO_MATCHING_PSK);
    size_t index;
    if (cfg->psks != NULL && cfg->psk_count != 0 &&
        first_match(cfg->psks, cfg->psk_count, 0, identity, identity_len, &index)) {
        NXD_ENSURE(index <= UINT8_MAX, NX_SECURE_TLS_NO_MATCHING_PSK);
        c->hs->psk_index = (uint8_t)index;
        return dtls_psk_premaster_of(cfg->psks[index].nx_secure_tls_psk_data,
                                     cfg->psks[index].nx_secure_tls_psk_data_size, pm, cap, pm_len);
    }
    NXD_ENSURE(cfg->psk_server_callback != NULL, NX_SECURE_TLS_NO_MATCHING_PSK);
    return server_callback(c, identity, identity_len, pm, cap, pm_len);
}
