/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_hs.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_random.h"
#include "dtls/dtls_cert_select.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_groups.h"
#include "dtls/dtls_keys.h"
#include "dtls/dtls_log.h"
#include "dtls/dtls_meta.h"
#include "dtls/dtls_psk.h"
#include "dtls/dtls_sigalg.h"
#include "dtls/dtls_suite.h"
#include "x509/x509_store.h"

const struct dtls_hs_row *dtls_hs_find(const struct dtls_hs_table *table, uint8_t state,
                                       unsigned msg)
{
    for (size_t i = 0; i < table->row_count; i++) {
        const struct dtls_hs_row *row = &table->rows[i];
        if (row->state == state && row->msg == msg) {
            return row;
        }
    }
    return NULL;
}

UINT dtls_hs_step(struct dtls_conn *c, uint64_t now_ms, unsigned msg, uint16_t msg_seq,
                  struct wire_rd body, bool *rejected)
{
    const struct dtls_hs_table *table =
        c->role == NXDTLS_ROLE_CLIENT ? &dtls_hs_client_table : &dtls_hs_server_table;
    bool refused = true;
    if (rejected == NULL) {
        rejected = &refused;
    }
    *rejected = true;
    const struct dtls_hs_row *row = dtls_hs_find(table, c->state, msg);
    NXD_ENSURE(row != NULL, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    if (msg == DTLS_MSG_CCS) {
        dtls_log_change_cipher(c, false);
    } else {
        dtls_log_message(c, false, (uint8_t)msg, body.p, body.len);
    }
    UINT status = row->handle(c, now_ms, body);
    if (status != NX_SUCCESS) {
        return status;
    }
    /* Accepted: from here a failure is ours, not the message's. The transcript takes the message only now, so
     * a refused one leaves it as it was (dtls_recv drops unauthenticated messages that fail their checks). */
    *rejected = false;
    if ((row->flags & DTLS_ROW_HASH) != 0) {
        NXD_TRY(dtls_transcript_add(&c->hs->transcript, (uint8_t)msg, msg_seq, body.p, body.len));
    }
    c->state = row->next;
    if ((row->flags & DTLS_ROW_ENDS_FLIGHT) == 0) {
        return NX_SUCCESS;
    }
    /* RFC 6347 4.2.4: the peer's flight is complete; it becomes the "previous flight" whose retransmission
     * makes us resend our answer. Its messages are remembered by content, so that only the peer's own
     * retransmission, not a forged fragment with the same message_seq, does that (docs/security.md). */
    uint16_t count = (uint16_t)(msg_seq + 1u - c->peer_cur_lo);
    c->peer_prev_known = 0;
    for (uint16_t i = 0; i < count && i < DTLS_FLIGHT_MAX; i++) {
        c->peer_prev_hash[i] = c->hs->peer_cur_hash[i];
        c->peer_prev_known |= (uint8_t)(1u << i);
    }
    memset(c->hs->peer_cur_hash, 0, sizeof c->hs->peer_cur_hash);
    c->rtx_active = 0;
    c->peer_prev_lo = c->peer_cur_lo;
    c->peer_cur_lo = (uint16_t)(msg_seq + 1u);
    for (size_t i = 0; i < table->send_count; i++) {
        if (table->sends[i].state == row->next) {
            return table->sends[i].send(c, now_ms);
        }
    }
    return NX_SUCCESS;
}

void dtls_hs_begin(struct dtls_conn *c)
{
    struct dtls_meta_layout layout;
    struct dtls_meta_areas areas;
    dtls_meta_layout(c->cfg->crypto, &layout);
    dtls_meta_carve(c->scratch, &layout, &areas);
    struct dtls_hs *hs = areas.hs;
    memset(hs, 0, sizeof *hs);
    hs->layout = layout;
    hs->areas = areas;
    dtls_transcript_setup(&hs->transcript, areas.transcript, areas.scratch, layout.hash);
    dtls_reasm_init(&hs->reasm, c->reasm_buf + c->flight.used, c->reasm_size - c->flight.used);
    c->hs = hs;
}

void dtls_hs_end(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    if (hs == NULL) {
        return;
    }
    dtls_transcript_end(&hs->transcript);
    if (hs->prf_keyed) {
        dtls_keys_prf_release(hs->prf, hs->areas.prf, hs->layout.prf);
    }
    if (hs->kx != NULL) {
        dtls_ecdhe_release(hs->kx, hs->areas.kx, hs->layout.kx);
    }
    ct_wipe(hs->areas.prf, hs->layout.prf);
    ct_wipe(hs->areas.pub, hs->layout.pub);
    ct_wipe(hs, sizeof *hs);
    c->hs = NULL;
}

UINT dtls_hs_random(const struct dtls_conn *c, uint8_t *out, size_t len)
{
    nxdtls_random_fn rnd = c->cfg->random != NULL ? c->cfg->random : crypto_random;
    UINT status = rnd(c->cfg->random_ctx, out, len);
    return status == NX_SUCCESS ? NX_SUCCESS : NX_SECURE_TLS_HANDSHAKE_FAILURE;
}

UINT dtls_hs_hello_random(const struct dtls_conn *c, uint8_t out[32])
{
    /* RFC 5246 7.4.1.2: gmt_unix_time then 28 random bytes. Without a clock the time is 0. */
    ULONG now = c->cfg->time_function != NULL ? c->cfg->time_function() : 0;
    wire_store_be(out, now, 4);
    return dtls_hs_random(c, out + 4, 28);
}

/* has_trusted: the configuration holds a trust anchor. */
static bool has_trusted(const nxdtls_config *cfg)
{
    return cfg->certificates != NULL &&
           x509_store_first(cfg->certificates, X509_STORE_TRUSTED) != NULL;
}

static bool has_op(const NX_CRYPTO_METHOD *m)
{
    return m != NULL && m->nx_crypto_operation != NULL;
}

/* signs_with: the table has the methods of some scheme of this kind we offer (dtls_sigalg: X.509 rows). */
static bool signs_with(const NX_SECURE_TLS_CRYPTO *table, uint8_t kind)
{
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        const NX_CRYPTO_METHOD *pub;
        const NX_CRYPTO_METHOD *hash;
        const struct dtls_sigalg *alg = &dtls_sigalgs[i];
        bool fits = kind == DTLS_SIGALG_ECDSA ? alg->kind == DTLS_SIGALG_ECDSA
                                              : alg->kind != DTLS_SIGALG_ECDSA;
        if (alg->offer && alg->can_sign && fits &&
            dtls_sigalg_methods(table, alg, &pub, &hash) == NX_SUCCESS && has_op(pub) &&
            has_op(hash)) {
            return true;
        }
    }
    return false;
}

/* cert_methods: the table can run the row's certificate key exchange (docs/netx-api.md 6.6 "How the engine reads a
 * suite row"). */
static bool cert_methods(const struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *row,
                         unsigned kx)
{
    if (!has_op(row->nx_secure_tls_public_cipher)) {
        return false;
    }
    if (kx == DTLS_KX_RSA) {
        return true;
    }
    struct dtls_groups g;
    dtls_groups_of(c->cfg, &g);
    uint8_t kind = dtls_suite_cert_key(row) == NX_SECURE_TLS_X509_TYPE_EC ? DTLS_SIGALG_ECDSA
                                                                          : DTLS_SIGALG_RSA;
    return dtls_groups_mask(&g) != 0 && signs_with(c->cfg->crypto, kind);
}

bool dtls_hs_suite_usable(const struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *row)
{
    if (row == NULL || dtls_meta_cipher_kind(row) == DTLS_CIPHER_NULL) {
        return false;
    }
    unsigned kx = dtls_suite_kx(row);
    const nxdtls_config *cfg = c->cfg;
    switch (kx) {
    case DTLS_KX_PSK:
        return dtls_psk_configured(cfg) != 0;
    case DTLS_KX_RSA:
    case DTLS_KX_ECDHE:
        if (!cert_methods(c, row, kx)) {
            return false;
        }
        if (c->role == NXDTLS_ROLE_CLIENT) {
            /* docs/netx-api.md 7.6: certificate suites when we can verify a server, or have nothing else. */
            return has_trusted(cfg) || !dtls_psk_configured(cfg);
        }
        return dtls_cert_select_server(cfg->certificates, dtls_suite_cert_key(row), 0, 0, NULL,
                                       0) != NULL;
    default:
        return false;
    }
}

size_t dtls_hs_pref_count(const struct dtls_conn *c)
{
    if (c->cfg->ciphersuites != NULL) {
        return c->cfg->ciphersuite_count;
    }
    return c->cfg->crypto->nx_secure_tls_ciphersuite_lookup_table_size;
}

const NX_SECURE_TLS_CIPHERSUITE_INFO *dtls_hs_pref_at(const struct dtls_conn *c, size_t i)
{
    const NX_SECURE_TLS_CRYPTO *t = c->cfg->crypto;
    if (c->cfg->ciphersuites == NULL) {
        return &t->nx_secure_tls_ciphersuite_lookup_table[i];
    }
    uint16_t id = c->cfg->ciphersuites[i];
    for (size_t k = 0; k < t->nx_secure_tls_ciphersuite_lookup_table_size; k++) {
        if (t->nx_secure_tls_ciphersuite_lookup_table[k].nx_secure_tls_ciphersuite == id) {
            return &t->nx_secure_tls_ciphersuite_lookup_table[k];
        }
    }
    return NULL;
}

static void keylog(const struct dtls_conn *c)
{
    if (c->cfg->keylog == NULL) {
        return;
    }
    char line[DTLS_KEYLOG_LINE];
    dtls_keys_keylog_line(line, c->hs->client_random, c->hs->master);
    c->cfg->keylog(c->cfg->keylog_ctx, line);
    ct_wipe(line, sizeof line);
}

UINT dtls_hs_derive_keys(struct dtls_conn *c, const uint8_t *premaster, size_t premaster_len)
{
    struct dtls_hs *hs = c->hs;
    const NX_CRYPTO_METHOD *prf = dtls_keys_prf_method(c->cfg->crypto, c->suite);
    uint8_t session_hash[DTLS_MAX_HASH + 16];
    uint8_t block[DTLS_KEY_BLOCK_MAX];
    size_t hash_len = 0;
    struct dtls_key_layout kl;
    UINT status = dtls_keys_layout(c->suite, &kl);
    if (status == NX_SUCCESS && hs->use_ems) {
        /* RFC 7627 3: session_hash covers every message up to and including ClientKeyExchange. */
        status =
            dtls_transcript_digest(&hs->transcript, session_hash, sizeof session_hash, &hash_len);
    }
    if (status == NX_SUCCESS) {
        status = dtls_keys_master(prf, hs->areas.prf, hs->layout.prf, premaster, premaster_len,
                                  hs->client_random, hs->server_random,
                                  hs->use_ems ? session_hash : NULL, hash_len, hs->master);
    }
    if (status == NX_SUCCESS) {
        keylog(c);
        /* The PRF keyed with the master secret stays in its area for both Finished (dtls_keys.h). */
        if (hs->prf_keyed) {
            dtls_keys_prf_release(prf, hs->areas.prf, hs->layout.prf);
            hs->prf_keyed = 0;
        }
        status = dtls_keys_prf_key(prf, hs->areas.prf, hs->layout.prf, hs->master, DTLS_MASTER_LEN);
        hs->prf_keyed = status == NX_SUCCESS;
        hs->prf = prf;
    }
    if (status == NX_SUCCESS) {
        status = dtls_keys_block(prf, hs->areas.prf, hs->layout.prf, hs->client_random,
                                 hs->server_random, block, kl.total);
    }
    if (status == NX_SUCCESS) {
        /* RFC 5246 6.3: client MAC, server MAC, client key, server key, client IV, server IV. */
        const uint8_t *client_mac = block;
        const uint8_t *server_mac = client_mac + kl.mac_len;
        const uint8_t *client_key = server_mac + kl.mac_len;
        const uint8_t *server_key = client_key + kl.key_len;
        const uint8_t *client_iv = server_key + kl.key_len;
        const uint8_t *server_iv = client_iv + kl.iv_len;
        bool client = c->role == NXDTLS_ROLE_CLIENT;
        uint16_t epoch = (uint16_t)(c->wr_epoch + 1u);
        unsigned slot = epoch & 1u;
        struct dtls_epoch_wr *wr = &c->wr[slot];
        struct dtls_epoch_rd *rd = &c->rd[slot];
        wr->live = 0;
        rd->live = 0;
        /* dtls_meta.h: the first epoch with a cipher goes to the session areas; a later one is keyed in the
         * pending areas next to the current one and moves to the session areas when that is cleared. */
        dtls_conn_rekey(c);
        bool pending =
            c->wr[slot ^ 1u].cipher.suite != NULL || c->rd[slot ^ 1u].cipher.suite != NULL;
        if (c->rekey != 0) {
            status =
                NX_SECURE_TLS_INVALID_STATE; /* the previous epoch has not left the pending areas */
        }
        void *cipher_area[2];
        void *mac_area[2];
        for (int dir = 0; dir < 2; dir++) {
            cipher_area[dir] = pending ? hs->areas.cipher[dir]
                                       : dtls_meta_session_cipher(c->session, &hs->layout, dir);
            mac_area[dir] =
                pending ? hs->areas.mac[dir] : dtls_meta_session_mac(c->session, &hs->layout, dir);
        }
        if (status == NX_SUCCESS) {
            status = dtls_cipher_install(&wr->cipher, c->suite, 1, client ? client_mac : server_mac,
                                         client ? client_key : server_key,
                                         client ? client_iv : server_iv, cipher_area[1],
                                         hs->layout.cipher, mac_area[1], hs->layout.mac);
        }
        if (status == NX_SUCCESS) {
            wr->epoch = epoch;
            wr->seq = 0;
            status = dtls_cipher_install(&rd->cipher, c->suite, 0, client ? server_mac : client_mac,
                                         client ? server_key : client_key,
                                         client ? server_iv : client_iv, cipher_area[0],
                                         hs->layout.cipher, mac_area[0], hs->layout.mac);
        }
        if (status == NX_SUCCESS && pending) {
            /* Kept until the new epoch's ciphers are keyed again in the session areas (dtls_conn_rekey). */
            memcpy(hs->areas.keys[0], client ? server_key : client_key, kl.key_len);
            memcpy(hs->areas.keys[1], client ? client_key : server_key, kl.key_len);
            c->rekey = DTLS_REKEY_READ | DTLS_REKEY_WRITE;
        }
        if (status == NX_SUCCESS) {
            rd->epoch = epoch;
            dtls_replay_init(&rd->replay);
            dtls_cid_epoch_keyed(c,
                                 slot); /* RFC 9146: the CIDs of this handshake, from this epoch */
            hs->keys_ready = 1;
        }
    }
    ct_wipe(block, sizeof block);
    ct_wipe(session_hash, sizeof session_hash);
    return status;
}

UINT dtls_hs_verify_data(struct dtls_conn *c, int client, uint8_t out[12])
{
    struct dtls_hs *hs = c->hs;
    uint8_t digest[DTLS_MAX_HASH + 16];
    size_t len = 0;
    /* Finished comes after the keys (RFC 5246 7.4.9): the PRF is keyed with the master secret by now. */
    NXD_ENSURE(hs->prf_keyed, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    UINT status = dtls_transcript_digest(&hs->transcript, digest, sizeof digest, &len);
    if (status == NX_SUCCESS) {
        status =
            dtls_keys_finished(hs->prf, hs->areas.prf, hs->layout.prf, client, digest, len, out);
    }
    ct_wipe(digest, sizeof digest);
    return status;
}

UINT dtls_hs_read_next_epoch(struct dtls_conn *c)
{
    uint16_t epoch = (uint16_t)(c->rd_epoch + 1u);
    struct dtls_epoch_rd *rd = &c->rd[epoch & 1u];
    /* RFC 5246 7.1: a ChangeCipherSpec before the keys exist is an unexpected message. */
    NXD_ENSURE(c->hs->keys_ready && rd->epoch == epoch, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    rd->live = 1;
    c->rd_epoch = epoch;
    /* RFC 5246 7.1, 7.4.9: nothing after the ChangeCipherSpec counts in the old epoch; what reassembly holds
     * from it (a forged message waiting for its turn) is forgotten. */
    dtls_reasm_reset(&c->hs->reasm);
    return NX_SUCCESS;
}

void dtls_hs_complete(struct dtls_conn *c)
{
    /* RFC 6347 4.1: after the handshake the previous epoch's records are no longer accepted. */
    struct dtls_epoch_rd *prev = &c->rd[(c->rd_epoch + 1u) & 1u];
    dtls_cipher_clear(&prev->cipher);
    prev->live = 0;
    dtls_conn_rekey(c); /* the read cipher of a renegotiated epoch can take the session area now */
    if (!c->hs->renegotiating) {
        /* RFC 5746 3.4, 3.6: whether this association may be renegotiated securely. */
        c->secure_reneg = c->hs->peer_reneg;
    }
    /* What the association guarantees; a renegotiation may not give it up (dtls_reneg). */
    c->session_ems = c->hs->use_ems;
    c->session_psk = dtls_psk_is_suite(c->suite) ? 1 : 0;
    memcpy(c->session_psk_identity, c->hs->psk_identity, sizeof c->session_psk_identity);
    if (c->role == NXDTLS_ROLE_CLIENT) {
        /* OpenSSL's DTLS server answers a renegotiating ClientHello without its cookie from the state of the
         * first handshake (it skips the hello once the cookie was verified), so a client repeats the cookie
         * it was given, as OpenSSL's own client does. */
        memcpy(c->cookie, c->hs->cookie, c->hs->cookie_len);
        c->cookie_len = c->hs->cookie_len;
    }
    c->established = 1;
    c->events |= NXDTLS_EVENT_HANDSHAKE_DONE;
    dtls_log_handshake_done(c);
    dtls_hs_end(c);
}
