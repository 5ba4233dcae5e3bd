/* SPDX-License-Identifier: MIT */
/* dtls_conn.c: the native connection API (include/nxdtls.h): setup, the input / output / timer entry points
 * and the sticky failure (docs/style.md 2.4: the first fatal code wins and every later call returns it). */
#include "dtls/dtls_conn.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_random.h"
#include "dtls/dtls_alert.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_frag.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_log.h"
#include "dtls/dtls_meta.h"
#include "dtls/dtls_recv.h"
#include "dtls/dtls_reneg.h"

size_t nxdtls_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto)
{
    if (crypto == NULL) {
        return 0;
    }
    struct dtls_meta_layout layout;
    dtls_meta_layout(crypto, &layout);
    return layout.total;
}

size_t nxdtls_session_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto)
{
    if (crypto == NULL) {
        return 0;
    }
    struct dtls_meta_layout layout;
    dtls_meta_layout(crypto, &layout);
    return 7 + layout.session;
}

size_t nxdtls_handshake_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto)
{
    if (crypto == NULL) {
        return 0;
    }
    struct dtls_meta_layout layout;
    dtls_meta_layout(crypto, &layout);
    return 7 + layout.handshake;
}

static bool live(const nxdtls_conn *conn)
{
    return conn != NULL && dtls_conn_of_const(conn)->magic == DTLS_CONN_MAGIC;
}

static UINT check_config(const nxdtls_config *cfg)
{
    const NX_SECURE_TLS_CRYPTO *t = cfg->crypto;
    NXD_ENSURE(t != NULL, NX_PTR_ERROR);
    NXD_ENSURE(t->nx_secure_tls_ciphersuite_lookup_table != NULL ||
                   t->nx_secure_tls_ciphersuite_lookup_table_size == 0,
               NX_PTR_ERROR);
    NXD_ENSURE(cfg->role == NXDTLS_ROLE_CLIENT || cfg->role == NXDTLS_ROLE_SERVER,
               NX_INVALID_PARAMETERS);
    NXD_ENSURE(cfg->mtu == 0 || cfg->mtu >= NXDTLS_MIN_MTU, NX_INVALID_PARAMETERS);
    NXD_ENSURE(cfg->psk_count == 0 || cfg->psks != NULL, NX_PTR_ERROR);
    NXD_ENSURE(cfg->psk_count <= 255, NX_INVALID_PARAMETERS);
    for (size_t i = 0; i < cfg->psk_count; i++) {
        const NX_SECURE_TLS_PSK_STORE *e = &cfg->psks[i];
        NXD_ENSURE(e->nx_secure_tls_psk_data_size <= NXDTLS_PSK_SIZE_MAX &&
                       e->nx_secure_tls_psk_id_size <= NXDTLS_PSK_ID_SIZE_MAX &&
                       e->nx_secure_tls_psk_id_hint_size <= NXDTLS_PSK_ID_SIZE_MAX,
                   NX_INVALID_PARAMETERS);
    }
    NXD_ENSURE(cfg->psk_hint_len == 0 || cfg->psk_hint != NULL, NX_PTR_ERROR);
    NXD_ENSURE(cfg->psk_hint_len <= NXDTLS_PSK_ID_SIZE_MAX, NX_INVALID_PARAMETERS);
    NXD_ENSURE(cfg->ciphersuite_count == 0 || cfg->ciphersuites != NULL, NX_PTR_ERROR);
    NXD_ENSURE(cfg->server_name_len == 0 || cfg->server_name != NULL, NX_PTR_ERROR);
    /* RFC 6066 3: HostName<1..2^16-1>, a DNS name is at most 255 bytes. */
    NXD_ENSURE(cfg->server_name_len <= 255, NX_INVALID_PARAMETERS);
    NXD_ENSURE(cfg->cid_length <= NXDTLS_CID_MAX, NX_INVALID_PARAMETERS); /* RFC 9146 */
    return dtls_meta_check(t);
}

/* init_common sets up what every connection has: the configuration, the session part, epoch 0 and its CID.
 * Nothing of the metadata needs zeroing: each method area is set up by its method's init before any use. */
static UINT init_common(struct dtls_conn *c, const nxdtls_config *config,
                        const struct dtls_meta_layout *layout, uint8_t *session)
{
    memset(c, 0, sizeof *c);
    c->cfg = config;
    c->session = session;
    c->session_size = (uint32_t)layout->session;
    c->scratch_size = (uint32_t)layout->handshake;
    c->cipher_area = (uint16_t)layout->cipher;
    c->mac_area = (uint16_t)layout->mac;
    c->pool_unit = DTLS_POOL_NONE;
    c->mtu = config->mtu != 0 ? config->mtu : NXDTLS_DEFAULT_MTU;
    c->role = config->role;
    c->rd[0].live = 1;
    dtls_replay_init(&c->rd[0].replay);
    c->wr[0].live = 1;
    c->flight.deadline_ms = UINT64_MAX;
    NXD_TRY(dtls_cid_init(c)); /* RFC 9146: our CID, when configured */
    c->magic = DTLS_CONN_MAGIC;
    return NX_SUCCESS;
}

/* start_role: a server connection waits for a ClientHello with its handshake state ready. */
static void start_role(struct dtls_conn *c)
{
    if (c->role == NXDTLS_ROLE_SERVER) {
        dtls_hs_begin(c);
        c->state = DTLS_SRV_WAIT_HELLO;
    }
}

/* check_sizes validates the layout against what the engine can address. */
static UINT check_layout(const struct dtls_meta_layout *layout)
{
    NXD_ENSURE(layout->cipher <= UINT16_MAX && layout->mac <= UINT16_MAX &&
                   layout->handshake <= UINT32_MAX,
               NX_INVALID_PARAMETERS);
    return NX_SUCCESS;
}

UINT nxdtls_conn_init(nxdtls_conn *conn, const nxdtls_config *config, void *metadata,
                      size_t metadata_size, uint8_t *reassembly, size_t reassembly_size)
{
    NXD_ENSURE(conn != NULL && config != NULL && metadata != NULL && reassembly != NULL,
               NX_PTR_ERROR);
    NXD_TRY(check_config(config));
    struct dtls_meta_layout layout;
    dtls_meta_layout(config->crypto, &layout);
    NXD_TRY(check_layout(&layout));
    NXD_ENSURE(metadata_size >= layout.total, NX_INVALID_PARAMETERS);
    NXD_ENSURE(reassembly_size >= 2 * DTLS_REASM_MIN && reassembly_size <= UINT32_MAX,
               NX_INVALID_PARAMETERS);

    struct dtls_conn *c = dtls_conn_of(conn);
    memset(conn, 0, sizeof *conn);
    /* One buffer: the session part first, the handshake part right after it (dtls_meta.h). */
    uint8_t *session = dtls_meta_align(metadata);
    NXD_TRY(init_common(c, config, &layout, session));
    c->scratch = session + layout.session;
    c->reasm_buf = reassembly;
    c->reasm_size = reassembly_size;
    start_role(c);
    return NX_SUCCESS;
}

UINT dtls_conn_init_pooled(nxdtls_conn *conn, const nxdtls_config *config, void *session,
                           size_t session_size, struct dtls_pool *pool)
{
    NXD_ENSURE(conn != NULL && config != NULL && session != NULL && pool != NULL, NX_PTR_ERROR);
    NXD_TRY(check_config(config));
    struct dtls_meta_layout layout;
    dtls_meta_layout(config->crypto, &layout);
    NXD_TRY(check_layout(&layout));
    NXD_ENSURE(session_size >= 7 + layout.session && pool->meta_size >= layout.handshake &&
                   pool->reasm_size >= 2 * DTLS_REASM_MIN && pool->reasm_size <= UINT32_MAX,
               NX_INVALID_PARAMETERS);
    struct dtls_conn *c = dtls_conn_of(conn);
    memset(conn, 0, sizeof *conn);
    NXD_TRY(init_common(c, config, &layout, dtls_meta_align(session)));
    c->pool = pool;
    if (!dtls_conn_scratch_take(c)) {
        ct_wipe(conn, sizeof *conn);
        return NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS; /* no handshake unit free */
    }
    start_role(c);
    return NX_SUCCESS;
}

bool dtls_conn_scratch_take(struct dtls_conn *c)
{
    if (c->scratch != NULL) {
        return true;
    }
    uint32_t unit = c->pool != NULL ? dtls_pool_take(c->pool) : DTLS_POOL_NONE;
    if (unit == DTLS_POOL_NONE) {
        return false;
    }
    c->pool_unit = unit;
    c->scratch = dtls_pool_meta(c->pool, unit);
    c->reasm_buf = dtls_pool_reasm(c->pool, unit);
    c->reasm_size = c->pool->reasm_size;
    return true;
}

bool dtls_conn_scratch_available(const struct dtls_conn *c)
{
    return c->scratch != NULL || dtls_pool_available(c->pool);
}

/* in_scratch says whether a method area lies in the handshake part. */
static bool in_scratch(const struct dtls_conn *c, const void *area)
{
    const uint8_t *a = area;
    return c->scratch != NULL && a != NULL && a >= c->scratch && a < c->scratch + c->scratch_size;
}

void dtls_conn_rekey(struct dtls_conn *c)
{
    if (c->rekey == 0 || c->scratch == NULL) {
        return;
    }
    struct dtls_meta_layout layout;
    struct dtls_meta_areas areas;
    dtls_meta_layout(c->cfg->crypto, &layout);
    dtls_meta_carve(c->scratch, &layout, &areas);
    for (int dir = 0; dir < 2; dir++) {
        uint8_t bit = dir == 0 ? DTLS_REKEY_READ : DTLS_REKEY_WRITE;
        uint16_t epoch = dir == 0 ? c->rd_epoch : c->wr_epoch;
        struct dtls_cipher *cur = dir == 0 ? &c->rd[epoch & 1u].cipher : &c->wr[epoch & 1u].cipher;
        const struct dtls_cipher *old =
            dir == 0 ? &c->rd[(epoch + 1u) & 1u].cipher : &c->wr[(epoch + 1u) & 1u].cipher;
        /* The session area is free once the previous epoch's cipher in it has been cleared. */
        if ((c->rekey & bit) == 0 || old->suite != NULL || !in_scratch(c, cur->cipher_area)) {
            continue;
        }
        const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = cur->suite;
        uint8_t mac_key[sizeof cur->mac_key];
        uint8_t salt[sizeof cur->salt];
        memcpy(mac_key, cur->mac_key, sizeof mac_key);
        memcpy(salt, cur->salt, sizeof salt);
        UINT status =
            dtls_cipher_install(cur, suite, dir, mac_key, areas.keys[dir], salt,
                                dtls_meta_session_cipher(c->session, &layout, dir), layout.cipher,
                                dtls_meta_session_mac(c->session, &layout, dir), layout.mac);
        ct_wipe(mac_key, sizeof mac_key);
        ct_wipe(salt, sizeof salt);
        ct_wipe(areas.keys[dir], DTLS_META_KEY_MAX);
        c->rekey &= (uint8_t)~bit;
        if (status != NX_SUCCESS) {
            (void)dtls_conn_fail(c, status);
        }
    }
}

void dtls_conn_settle(struct dtls_conn *c)
{
    if (c->scratch == NULL) {
        return;
    }
    dtls_conn_rekey(c);
    if (c->pool == NULL || c->hs != NULL || c->flight.used != 0 || c->flight.sending ||
        c->flight.timer != DTLS_TIMER_NONE || c->rekey != 0 || c->out_alert_pending) {
        return;
    }
    /* A cipher still keyed in the handshake part (a renegotiation's epoch that never became current) goes
     * with it. */
    for (size_t i = 0; i < 2; i++) {
        if (in_scratch(c, c->rd[i].cipher.cipher_area)) {
            dtls_cipher_clear(&c->rd[i].cipher);
            c->rd[i].live = 0;
        }
        if (in_scratch(c, c->wr[i].cipher.cipher_area)) {
            dtls_cipher_clear(&c->wr[i].cipher);
            c->wr[i].live = 0;
        }
    }
    dtls_pool_give(c->pool, c->pool_unit);
    c->pool_unit = DTLS_POOL_NONE;
    c->scratch = NULL;
    c->reasm_buf = NULL;
    c->reasm_size = 0;
}

UINT nxdtls_conn_connect(nxdtls_conn *conn, uint64_t now_ms)
{
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    NXD_ENSURE(c->error == NX_SUCCESS, c->error);
    NXD_ENSURE(c->role == NXDTLS_ROLE_CLIENT && c->state == DTLS_ST_IDLE,
               NX_SECURE_TLS_INVALID_STATE);
    UINT status = dtls_hs_client_start(c, now_ms);
    if (status != NX_SUCCESS) {
        /* Nothing was sent yet: fail without an alert. */
        c->error = status;
        c->events |= NXDTLS_EVENT_FAILED;
        dtls_hs_end(c);
        dtls_flight_discard(c);
    }
    return status;
}

UINT nxdtls_conn_set_remote_certificates(nxdtls_conn *conn, void *buffer, size_t size, size_t count)
{
    NXD_ENSURE(conn != NULL && (buffer != NULL || count == 0), NX_PTR_ERROR);
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    struct dtls_cert_slots slots;
    NXD_TRY(dtls_cert_slots_init(&slots, buffer, size, count));
    c->peer_slots = slots;
    c->peer_cert_count = 0;
    return NX_SUCCESS;
}

int nxdtls_conn_peer_changed(const nxdtls_conn *conn)
{
    return live(conn) && dtls_conn_of_const(conn)->hs != NULL &&
           dtls_conn_of_const(conn)->hs->peer_changed;
}

NX_SECURE_X509_CERT *nxdtls_conn_peer_certificate(const nxdtls_conn *conn, size_t index)
{
    if (!live(conn)) {
        return NULL;
    }
    const struct dtls_conn *c = dtls_conn_of_const(conn);
    return index < c->peer_cert_count ? dtls_cert_slots_cert(&c->peer_slots, index) : NULL;
}

UINT nxdtls_conn_renegotiate(nxdtls_conn *conn, uint64_t now_ms)
{
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    NXD_ENSURE(c->error == NX_SUCCESS, c->error);
    UINT status = dtls_reneg_start(c, now_ms);
    if (status != NX_SUCCESS && status != NX_SECURE_TLS_RENEGOTIATION_FAILURE &&
        status != NX_SECURE_TLS_SESSION_UNINITIALIZED && status != NX_SECURE_TLS_INVALID_STATE) {
        return dtls_conn_fail(c, status);
    }
    return status;
}

void dtls_conn_queue_alert(struct dtls_conn *c, uint8_t level, uint8_t description)
{
    if (c->out_alert_pending && c->out_alert_level == DTLS_ALERT_FATAL) {
        return;
    }
    c->out_alert_pending = 1;
    c->out_alert_level = level;
    c->out_alert_desc = description;
}

UINT dtls_conn_fail(struct dtls_conn *c, UINT status)
{
    if (c->error != NX_SUCCESS) {
        return c->error;
    }
    c->error = status;
    if (status != NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        dtls_log_failed(c, status);
    }
    dtls_hs_end(c);
    dtls_flight_discard(c);
    if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        /* RFC 5246 7.2.1 / docs/netx-api.md 7.5: answer close_notify once with ours. */
        c->close_received = 1;
        c->events |= NXDTLS_EVENT_CLOSE_NOTIFY;
        if (!c->close_sent) {
            c->close_sent = 1;
            dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
        }
        return status;
    }
    c->events |= NXDTLS_EVENT_FAILED;
    /* No alert answers an alert (docs/netx-api.md 7.8), and a silent peer gets none. */
    if (status != NX_SECURE_TLS_ALERT_RECEIVED && status != NX_NO_PACKET) {
        uint8_t description = dtls_alert_for(status);
        dtls_conn_queue_alert(
            c, description == DTLS_ALERT_NO_RENEGOTIATION ? DTLS_ALERT_WARNING : DTLS_ALERT_FATAL,
            description);
    }
    return status;
}

static UINT input(struct dtls_conn *c, uint64_t now_ms, uint8_t **cursor, size_t *remaining,
                  uint8_t **app_data, size_t *app_len)
{
    if (c->error != NX_SUCCESS) {
        *remaining = 0;
        return c->error;
    }
    uint8_t *base = *cursor;
    struct wire_rd datagram = wire_rd_init(base, *remaining);
    bool resend = false;
    UINT status = NX_SUCCESS;
    while (!wire_done(&datagram) && status == NX_SUCCESS && *app_len == 0) {
        struct dtls_record_hdr hdr;
        struct wire_rd fragment;
        bool foreign_cid = false;
        if (!dtls_cid_record_next(c, &datagram, &hdr, &fragment, &foreign_cid)) {
            c->dropped++;
            dtls_log_dropped(c, NULL, "the rest of the datagram is not a record");
            break;
        }
        if (foreign_cid) {
            c->dropped++; /* RFC 9146 4: a CID that is not ours names another association */
            dtls_log_dropped(c, &hdr, "connection ID not ours");
            continue;
        }
        if (c->state == DTLS_ST_IDLE) {
            c->dropped++; /* a client that has not connected expects nothing */
            dtls_log_dropped(c, &hdr, "not connected");
            continue;
        }
        /* The fragment is a window into the caller's (mutable) datagram; decrypt it where it lies. */
        uint8_t *frag = base + (fragment.p - base);
        status = dtls_recv_record(c, now_ms, &hdr, frag, fragment.len, &resend, app_data, app_len);
        if (status == NX_SUCCESS && *app_data != NULL && *app_len == 0) {
            *app_data = NULL; /* an empty application record carries nothing to hand over */
        }
    }
    if (status != NX_SUCCESS) {
        *app_data = NULL;
        *app_len = 0;
        *remaining = 0;
        return dtls_conn_fail(c, status);
    }
    if (resend) {
        dtls_flight_resend(c, now_ms);
    }
    /* A server that got only part of its first ClientHello (fragments across datagrams, the rest still on
     * the way) has no flight out and so no timer: start one, or a client that vanished would keep the slot. */
    if (c->role == NXDTLS_ROLE_SERVER && !c->established && c->state == DTLS_SRV_WAIT_HELLO &&
        c->flight.timer == DTLS_TIMER_NONE) {
        dtls_flight_await_first(c, now_ms);
    }
    size_t consumed = *remaining - datagram.len;
    *cursor = base + consumed;
    *remaining = datagram.len;
    return NX_SUCCESS;
}

UINT nxdtls_conn_input(nxdtls_conn *conn, uint64_t now_ms, uint8_t **cursor, size_t *remaining,
                       uint8_t **app_data, size_t *app_len)
{
    NXD_ENSURE(cursor != NULL && remaining != NULL && app_data != NULL && app_len != NULL,
               NX_PTR_ERROR);
    *app_data = NULL;
    *app_len = 0;
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    NXD_ENSURE(*cursor != NULL || *remaining == 0, NX_PTR_ERROR);
    struct dtls_conn *c = dtls_conn_of(conn);
    UINT status = input(c, now_ms, cursor, remaining, app_data, app_len);
    dtls_conn_settle(c);
    return status;
}

UINT dtls_conn_seal(struct dtls_conn *c, uint16_t epoch, uint8_t type, const uint8_t *plain,
                    size_t len, struct wire_wr *w)
{
    struct dtls_epoch_wr *e = &c->wr[epoch & 1u];
    NXD_ENSURE(e->live && e->epoch == epoch, NX_SECURE_TLS_INVALID_STATE);
    /* RFC 6347 4.1: a sequence number never wraps within an epoch. */
    NXD_ENSURE(e->seq < ((uint64_t)1 << 48), NX_NOT_SUCCESSFUL);
    if (dtls_cid_tx_len(&c->cid, epoch) != 0) {
        /* RFC 9146 4: this epoch's records carry the peer's CID. */
        NXD_TRY(dtls_cid_seal(c, &e->cipher, epoch, e->seq, type, plain, len, w));
        dtls_log_cid_record(c, true, type, epoch, e->seq, len, c->cid.tx[epoch & 1u],
                            dtls_cid_tx_len(&c->cid, epoch));
        e->seq++;
        return NX_SUCCESS;
    }
    nxdtls_random_fn rnd = c->cfg->random != NULL ? c->cfg->random : crypto_random;
    NXD_TRY(
        dtls_record_seal(&e->cipher, rnd, c->cfg->random_ctx, type, epoch, e->seq, plain, len, w));
    dtls_log_record(c, true, type, 0, epoch, e->seq, len);
    e->seq++;
    return NX_SUCCESS;
}

static UINT output(struct dtls_conn *c, uint8_t *out, size_t capacity, size_t *out_len)
{
    struct wire_wr w = wire_wr_init(out, capacity);
    size_t limit = capacity < c->mtu ? capacity : c->mtu;
    if (c->out_alert_pending) {
        uint8_t alert[2] = {c->out_alert_level, c->out_alert_desc};
        c->out_alert_pending = 0;
        dtls_log_alert(c, true, alert[0], alert[1]);
        /* docs/netx-api.md 7.8: one alert, in the current write epoch (encrypted once keys are active). */
        NXD_TRY(dtls_conn_seal(c, c->wr_epoch, DTLS_CT_ALERT, alert, sizeof alert, &w));
        *out_len = w.len;
        return NX_SUCCESS;
    }
    if (c->error != NX_SUCCESS || !c->flight.sending) {
        return NX_SUCCESS;
    }
    UINT status = dtls_frag_pack(c, &w, limit);
    if (status != NX_SUCCESS && status != NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL) {
        return dtls_conn_fail(c, status);
    }
    *out_len = w.len;
    return status;
}

UINT nxdtls_conn_output(nxdtls_conn *conn, uint64_t now_ms, uint8_t *out, size_t capacity,
                        size_t *out_len)
{
    (void)now_ms;
    NXD_ENSURE(out != NULL && out_len != NULL, NX_PTR_ERROR);
    *out_len = 0;
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    UINT status = output(c, out, capacity, out_len);
    dtls_conn_settle(c);
    return status;
}

/* idle_deadline: when an established connection that hears nothing authenticated from its peer is given up
 * (nxdtls_config.idle_timeout_ms; UINT64_MAX when off). */
static uint64_t idle_deadline(const struct dtls_conn *c)
{
    if (!c->established || c->cfg->idle_timeout_ms == 0 || c->close_sent || c->close_received) {
        return UINT64_MAX;
    }
    return c->last_rx_ms + c->cfg->idle_timeout_ms;
}

uint64_t nxdtls_conn_next_timeout(const nxdtls_conn *conn)
{
    if (!live(conn)) {
        return UINT64_MAX;
    }
    const struct dtls_conn *c = dtls_conn_of_const(conn);
    if (c->error != NX_SUCCESS) {
        return UINT64_MAX;
    }
    uint64_t flight = c->flight.timer == DTLS_TIMER_NONE ? UINT64_MAX : c->flight.deadline_ms;
    uint64_t idle = idle_deadline(c);
    return flight < idle ? flight : idle;
}

static UINT timeout(struct dtls_conn *c, uint64_t now_ms)
{
    NXD_ENSURE(c->error == NX_SUCCESS, c->error);
    if (now_ms >= idle_deadline(c)) {
        /* The peer went quiet for longer than the application allows: tell it, in case it is only quiet, and
         * free the connection's slot (docs/security.md). */
        c->close_sent = 1;
        dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
        return dtls_conn_fail(c, NX_NO_PACKET);
    }
    bool due = c->flight.timer == DTLS_TIMER_RETRANSMIT && now_ms >= c->flight.deadline_ms;
    UINT status = due ? dtls_recv_timeout(c, NX_SUCCESS) : NX_SUCCESS;
    if (status == NX_SUCCESS) {
        status = dtls_flight_timeout(c, now_ms);
    }
    if (status == NX_NO_PACKET) {
        if (dtls_reneg_abandon(c)) {
            /* RFC 5246 7.4.1.1: a peer may ignore a renegotiation request without a word; the association it
             * still uses stays up, only the renegotiation is given up. */
            return NX_SUCCESS;
        }
        status = dtls_recv_timeout(c, status);
    }
    if (status != NX_SUCCESS) {
        return dtls_conn_fail(c, status);
    }
    if (due && c->hs != NULL && c->state == DTLS_CLI_WAIT_HELLO) {
        /* The HelloVerifyRequest budget is per retransmission period, so forged ones cannot use it up for the
         * whole handshake (docs/security.md). */
        c->hs->hvr_count = 0;
    }
    return NX_SUCCESS;
}

UINT nxdtls_conn_timeout(nxdtls_conn *conn, uint64_t now_ms)
{
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    UINT status = timeout(c, now_ms);
    dtls_conn_settle(c);
    return status;
}

UINT nxdtls_conn_write(nxdtls_conn *conn, const uint8_t *data, size_t len, uint8_t *out,
                       size_t capacity, size_t *out_len)
{
    NXD_ENSURE(out != NULL && out_len != NULL && (data != NULL || len == 0), NX_PTR_ERROR);
    *out_len = 0;
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    if (c->error != NX_SUCCESS && c->error != NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        return c->error;
    }
    /* docs/netx-api.md 7.5: nothing more is sent once close_notify went either way. */
    NXD_ENSURE(c->established && !c->close_sent && !c->close_received,
               NX_SECURE_TLS_SESSION_UNINITIALIZED);
    NXD_ENSURE(len <= NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH, NX_INVALID_PARAMETERS);
    struct wire_wr w = wire_wr_init(out, capacity);
    NXD_TRY(dtls_conn_seal(c, c->wr_epoch, DTLS_CT_APPLICATION_DATA, data, len, &w));
    *out_len = w.len;
    return NX_SUCCESS;
}

UINT nxdtls_conn_close(nxdtls_conn *conn)
{
    NXD_ENSURE(live(conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    struct dtls_conn *c = dtls_conn_of(conn);
    NXD_ENSURE(c->state != DTLS_ST_IDLE, NX_SECURE_TLS_SESSION_UNINITIALIZED);
    if (c->close_sent ||
        (c->error != NX_SUCCESS && c->error != NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED)) {
        return NX_SUCCESS;
    }
    c->close_sent = 1;
    dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
    return NX_SUCCESS;
}

unsigned nxdtls_conn_events(nxdtls_conn *conn)
{
    if (!live(conn)) {
        return 0;
    }
    struct dtls_conn *c = dtls_conn_of(conn);
    unsigned events = c->events;
    c->events = 0;
    return events;
}

int nxdtls_conn_is_established(const nxdtls_conn *conn)
{
    return live(conn) && dtls_conn_of_const(conn)->established;
}

UINT nxdtls_conn_error(const nxdtls_conn *conn)
{
    return live(conn) ? dtls_conn_of_const(conn)->error : NX_SECURE_TLS_SESSION_UNINITIALIZED;
}

void nxdtls_conn_alert(const nxdtls_conn *conn, UINT *level, UINT *description)
{
    const struct dtls_conn *c = live(conn) ? dtls_conn_of_const(conn) : NULL;
    if (level != NULL) {
        *level = c != NULL ? c->alert_level : 0;
    }
    if (description != NULL) {
        *description = c != NULL ? c->alert_desc : 0;
    }
}

const NX_SECURE_TLS_CIPHERSUITE_INFO *nxdtls_conn_ciphersuite(const nxdtls_conn *conn)
{
    return live(conn) ? dtls_conn_of_const(conn)->suite : NULL;
}

uint64_t nxdtls_conn_dropped(const nxdtls_conn *conn)
{
    return live(conn) ? dtls_conn_of_const(conn)->dropped : 0;
}

void nxdtls_conn_free(nxdtls_conn *conn)
{
    if (conn == NULL) {
        return;
    }
    if (live(conn)) {
        struct dtls_conn *c = dtls_conn_of(conn);
        dtls_hs_end(c);
        for (size_t i = 0; i < 2; i++) {
            dtls_cipher_clear(&c->rd[i].cipher);
            dtls_cipher_clear(&c->wr[i].cipher);
        }
        ct_wipe(c->session, c->session_size);
        if (c->pool != NULL) {
            if (c->pool_unit != DTLS_POOL_NONE) {
                dtls_pool_give(c->pool, c->pool_unit);
            }
        } else if (c->scratch != NULL) {
            ct_wipe(c->scratch, c->scratch_size);
            ct_wipe(c->reasm_buf, c->reasm_size);
        }
    }
    ct_wipe(conn, sizeof *conn);
}
