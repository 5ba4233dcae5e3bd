/* SPDX-License-Identifier: MIT */
/* conn_hostile_test.c: hostile input to connections. Crafted ServerHello and ClientHello variants fail with the
 * exact NetX code and send the alert of docs/netx-api.md 7.8; renegotiation requests on an established association
 * are refused with a warning and the session goes on; replayed, unknown-epoch and early records are dropped
 * and counted; and a sweep flips every byte and truncates at every length of every datagram of a handshake,
 * each outcome being a completed handshake with working data or a failure with a listed code. */
#include "dtls/dtls_conn.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_frag.h"
#include "dtls/dtls_record.h"
#include "dtls_loop.h"
#include "test.h"

/* record appends one plaintext epoch-0 handshake record holding a whole message. */
static void record(struct wire_wr *w, uint64_t seq, uint8_t type, uint16_t msg_seq,
                   const uint8_t *body, size_t len)
{
    struct dtls_record_hdr h = {DTLS_CT_HANDSHAKE, 0xFEFD, 0, seq, (uint16_t)(12 + len)};
    dtls_record_write_header(w, &h);
    uint8_t hdr[12];
    dtls_frag_header(hdr, type, (uint32_t)len, msg_seq, 0, (uint32_t)len);
    wire_put_bytes(w, hdr, 12);
    wire_put_bytes(w, body, len);
}

/* alert_of reads the alert a peer queued: its only output datagram must be one alert record. */
static bool alert_of(struct loop_peer *p, uint64_t now, uint8_t *level, uint8_t *description)
{
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    if (nxdtls_conn_output(&p->conn, now, d, sizeof d, &n) != NX_SUCCESS || n == 0) {
        return false;
    }
    struct wire_rd dg = wire_rd_init(d, n), frag;
    struct dtls_record_hdr h;
    if (!dtls_record_next(&dg, &h, &frag) || h.type != DTLS_CT_ALERT || !wire_done(&dg)) {
        return false;
    }
    if (h.epoch == 0) {
        return wire_get_u8(&frag, level) && wire_get_u8(&frag, description) && wire_done(&frag);
    }
    /* Encrypted: the other side reports it. */
    struct loop_peer *tmp = p;
    (void)tmp;
    *level = 0xFF;
    *description = 0xFF;
    return true;
}

/* ---- ServerHello variants, answered to a client that offered every suite of the table ---- */

struct sh {
    uint16_t version;
    uint8_t sid_len;
    uint16_t suite;
    uint8_t comp;
    const uint8_t *ext; /* the extensions block's contents; NULL: no block */
    size_t ext_len;
    size_t cut;    /* nonzero: truncate the body to this many bytes */
    bool trailing; /* one byte after the extensions */
};

static size_t build_sh(const struct sh *v, uint8_t *out)
{
    struct wire_wr w = wire_wr_init(out, 512);
    wire_put_u16(&w, v->version);
    for (int i = 0; i < 32; i++) {
        wire_put_u8(&w, (uint8_t)i);
    }
    wire_put_u8(&w, v->sid_len);
    for (int i = 0; i < v->sid_len; i++) {
        wire_put_u8(&w, 0xAA);
    }
    wire_put_u16(&w, v->suite);
    wire_put_u8(&w, v->comp);
    if (v->ext != NULL) {
        wire_put_u16(&w, (uint16_t)v->ext_len);
        wire_put_bytes(&w, v->ext, v->ext_len);
    }
    if (v->trailing) {
        wire_put_u8(&w, 0);
    }
    return v->cut != 0 ? v->cut : w.len;
}

static void server_hello_case(const struct sh *v, int client_ems, UINT want, uint8_t want_alert)
{
    static struct loop l;
    loop_setup(&l, 90);
    l.client.cfg.disable_extended_master_secret = (uint8_t)!client_ems;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &n));
    uint8_t body[512];
    size_t len = build_sh(v, body);
    struct wire_wr w = wire_wr_init(d, sizeof d);
    record(&w, 0, DTLS_HT_SERVER_HELLO, 0, body, len);
    record(&w, 1, DTLS_HT_SERVER_HELLO_DONE, 1, NULL, 0);
    loop_deliver(&l, &l.client, d, w.len);
    if (want != NX_SUCCESS) {
        /* Unauthenticated: dropped without a word (the genuine ServerHello may still come); when it has not by
         * the retransmission timer, the failure is reported (docs/security.md). */
        EXPECT_OK(l.client.status);
        size_t quiet = 1;
        EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &quiet));
        EXPECT(quiet == 0);
        l.now = nxdtls_conn_next_timeout(&l.client.conn);
        l.client.status = nxdtls_conn_timeout(&l.client.conn, l.now);
    }
    EXPECT_CODE(l.client.status, want);
    if (want != NX_SUCCESS) {
        uint8_t level = 0, description = 0;
        EXPECT(alert_of(&l.client, l.now, &level, &description));
        EXPECT(level == 2 && description == want_alert);
        EXPECT(!nxdtls_conn_is_established(&l.client.conn));
    }
    loop_free(&l);
}

static void server_hello_variants(void)
{
    static const uint8_t reneg_ems[] = {0xFF, 0x01, 0x00, 0x01, 0x00, 0x00, 0x17, 0x00, 0x00};
    static const uint8_t reneg_full[] = {0xFF, 0x01, 0x00, 0x02, 0x01, 0x07};
    static const uint8_t reneg_twice[] = {0xFF, 0x01, 0x00, 0x01, 0x00,
                                          0xFF, 0x01, 0x00, 0x01, 0x00};
    static const uint8_t unknown[] = {0x12, 0x34, 0x00, 0x00};
    static const uint8_t ems_body[] = {0x00, 0x17, 0x00, 0x01, 0x00};
    static const uint8_t ext_cut[] = {0xFF, 0x01, 0x00, 0x05, 0x00};
    static const uint8_t sni_answer[] = {0x00, 0x00, 0x00, 0x00};
    const struct sh ok = {
        0xFEFD, 0, TLS_PSK_WITH_AES_128_GCM_SHA256, 0, reneg_ems, sizeof reneg_ems, 0, false};
    struct sh v = ok;
    server_hello_case(&v, 1, NX_SUCCESS, 0);
    v.version = 0xFEFF; /* DTLS 1.0 */
    server_hello_case(&v, 1, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, 70);
    v.version = 0x0303; /* TLS 1.2 */
    server_hello_case(&v, 1, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, 70);
    v = ok;
    v.suite = 0x009C; /* a row the client did not offer (no certificates) */
    server_hello_case(&v, 1, NX_SECURE_TLS_UNKNOWN_CIPHERSUITE, 40);
    v.suite = 0x1301;
    server_hello_case(&v, 1, NX_SECURE_TLS_UNKNOWN_CIPHERSUITE, 40);
    v = ok;
    v.comp = 1;
    server_hello_case(&v, 1, NX_SECURE_TLS_BAD_COMPRESSION_METHOD, 80);
    v = ok;
    server_hello_case(&v, 0, NX_SECURE_TLS_UNSUPPORTED_FEATURE,
                      40); /* EMS answered but not offered */
    v.ext = unknown;
    v.ext_len = sizeof unknown;
    server_hello_case(&v, 1, NX_SECURE_TLS_UNSUPPORTED_FEATURE, 40);
    v.ext = sni_answer; /* SNI answered but not sent */
    v.ext_len = sizeof sni_answer;
    server_hello_case(&v, 1, NX_SECURE_TLS_UNSUPPORTED_FEATURE, 40);
    v.ext = reneg_full;
    v.ext_len = sizeof reneg_full;
    server_hello_case(&v, 1, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR, 40);
    v.ext = reneg_twice;
    v.ext_len = sizeof reneg_twice;
    server_hello_case(&v, 1, NX_SECURE_TLS_HANDSHAKE_FAILURE, 40);
    v.ext = ems_body;
    v.ext_len = sizeof ems_body;
    server_hello_case(&v, 1, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    v.ext = ext_cut;
    v.ext_len = sizeof ext_cut;
    server_hello_case(&v, 1, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    v = ok;
    v.trailing = true;
    server_hello_case(&v, 1, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    v = ok;
    v.sid_len = 33;
    server_hello_case(&v, 1, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    v = ok;
    v.sid_len = 32; /* a session id is allowed (we never resume) */
    server_hello_case(&v, 1, NX_SUCCESS, 0);
    v = ok;
    v.ext = NULL; /* a legacy server: no extensions at all (RFC 5746 4.1 lets the client go on) */
    server_hello_case(&v, 1, NX_SUCCESS, 0);
    for (size_t cut = 1; cut < 38; cut++) {
        v = ok;
        v.cut = cut;
        server_hello_case(&v, 1, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    }
}

/* ---- ClientHello variants to a server ---- */

struct ch {
    uint16_t version;
    const uint8_t *suites;
    size_t suites_len;
    const uint8_t *comp;
    size_t comp_len;
    const uint8_t *ext;
    size_t ext_len;
};

static void client_hello_case(const struct ch *v, UINT want, uint8_t want_alert)
{
    static struct loop l;
    loop_setup(&l, 91);
    EXPECT_OK(loop_init_peers(&l));
    uint8_t body[512];
    struct wire_wr b = wire_wr_init(body, sizeof body);
    wire_put_u16(&b, v->version);
    for (int i = 0; i < 32; i++) {
        wire_put_u8(&b, (uint8_t)(i * 3));
    }
    wire_put_u8(&b, 0); /* session_id */
    wire_put_u8(&b, 0); /* cookie */
    wire_put_u16(&b, (uint16_t)v->suites_len);
    wire_put_bytes(&b, v->suites, v->suites_len);
    wire_put_u8(&b, (uint8_t)v->comp_len);
    wire_put_bytes(&b, v->comp, v->comp_len);
    if (v->ext != NULL) {
        wire_put_u16(&b, (uint16_t)v->ext_len);
        wire_put_bytes(&b, v->ext, v->ext_len);
    }
    uint8_t d[LOOP_DGRAM_MAX];
    struct wire_wr w = wire_wr_init(d, sizeof d);
    record(&w, 0, DTLS_HT_CLIENT_HELLO, 0, body, b.len);
    loop_deliver(&l, &l.server, d, w.len);
    EXPECT_CODE(l.server.status, want);
    uint8_t level = 0, description = 0;
    if (want != NX_SUCCESS) {
        EXPECT(alert_of(&l.server, l.now, &level, &description));
        EXPECT(level == 2 && description == want_alert);
    } else {
        /* The answer starts with a DTLS 1.2 ServerHello. */
        size_t n = 0;
        EXPECT_OK(nxdtls_conn_output(&l.server.conn, l.now, d, sizeof d, &n));
        EXPECT(n > 30 && d[0] == DTLS_CT_HANDSHAKE && d[13] == DTLS_HT_SERVER_HELLO &&
               d[25] == 0xFE && d[26] == 0xFD);
    }
    loop_free(&l);
}

static void client_hello_variants(void)
{
    static const uint8_t gcm[] = {0x00, 0xA8};
    static const uint8_t scsv_gcm[] = {0x00, 0xFF, 0x00, 0xA8};
    static const uint8_t unknown_suites[] = {0x13, 0x01, 0xC0, 0x2B};
    static const uint8_t odd[] = {0x00, 0xA8, 0x00};
    static const uint8_t null_only[] = {0};
    static const uint8_t deflate_only[] = {1};
    static const uint8_t both[] = {1, 0};
    static const uint8_t reneg_full[] = {0xFF, 0x01, 0x00, 0x02, 0x01, 0x07};
    static const uint8_t ems_body[] = {0x00, 0x17, 0x00, 0x01, 0x00};
    static const uint8_t ems_twice[] = {0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00};
    static const uint8_t sni_empty_list[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t sni_empty_name[] = {0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00};
    static const uint8_t sni_ok[] = {0x00, 0x00, 0x00, 0x06, 0x00, 0x04, 0x00, 0x00, 0x01, 'h'};
    static const uint8_t unknown_ext[] = {0x7A, 0x7A, 0x00, 0x01, 0x00};
    static const uint8_t ext_cut[] = {0x00, 0x17, 0x00};
    const struct ch ok = {0xFEFD, gcm, sizeof gcm, null_only, 1, NULL, 0};
    struct ch v = ok;
    client_hello_case(&v, NX_SUCCESS, 0);
    v.version = 0xFEFC; /* newer than 1.2: 1.2 is answered */
    client_hello_case(&v, NX_SUCCESS, 0);
    v.version = 0xFEFF;
    client_hello_case(&v, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, 70);
    v.version = 0x0303;
    client_hello_case(&v, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, 70);
    v = ok;
    v.comp = deflate_only;
    client_hello_case(&v, NX_SECURE_TLS_BAD_COMPRESSION_METHOD, 80);
    v.comp = both;
    v.comp_len = 2;
    client_hello_case(&v, NX_SUCCESS, 0);
    v = ok;
    v.suites = unknown_suites;
    v.suites_len = sizeof unknown_suites;
    client_hello_case(&v, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, 40);
    v.suites = odd;
    v.suites_len = sizeof odd;
    client_hello_case(&v, NX_SECURE_TLS_HANDSHAKE_FAILURE, 40);
    v = ok;
    v.suites = scsv_gcm;
    v.suites_len = sizeof scsv_gcm;
    client_hello_case(&v, NX_SUCCESS, 0);
    v = ok;
    v.ext = reneg_full;
    v.ext_len = sizeof reneg_full;
    client_hello_case(&v, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR, 40);
    v.ext = ems_body;
    v.ext_len = sizeof ems_body;
    client_hello_case(&v, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
    v.ext = ems_twice;
    v.ext_len = sizeof ems_twice;
    client_hello_case(&v, NX_SECURE_TLS_HANDSHAKE_FAILURE, 40);
    v.ext = sni_empty_list;
    v.ext_len = sizeof sni_empty_list;
    client_hello_case(&v, NX_SECURE_TLS_SNI_EXTENSION_INVALID, 40);
    v.ext = sni_empty_name;
    v.ext_len = sizeof sni_empty_name;
    client_hello_case(&v, NX_SECURE_TLS_SNI_EXTENSION_INVALID, 40);
    v.ext = sni_ok;
    v.ext_len = sizeof sni_ok;
    client_hello_case(&v, NX_SUCCESS, 0);
    v.ext = unknown_ext;
    v.ext_len = sizeof unknown_ext;
    client_hello_case(&v, NX_SUCCESS, 0);
    v.ext = ext_cut;
    v.ext_len = sizeof ext_cut;
    client_hello_case(&v, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50);
}

/* ---- Established associations ---- */

/* send_handshake seals one whole handshake message from p in its current epoch, as a peer could. */
static void send_handshake(struct loop *l, struct loop_peer *from, uint8_t type, uint16_t msg_seq,
                           const uint8_t *body, size_t len)
{
    struct dtls_conn *c = dtls_conn_of(&from->conn);
    uint8_t plain[512];
    dtls_frag_header(plain, type, (uint32_t)len, msg_seq, 0, (uint32_t)len);
    if (len != 0) {
        memcpy(plain + 12, body, len);
    }
    uint8_t d[LOOP_DGRAM_MAX];
    struct wire_wr w = wire_wr_init(d, sizeof d);
    EXPECT_OK(dtls_conn_seal(c, c->wr_epoch, DTLS_CT_HANDSHAKE, plain, 12 + len, &w));
    loop_deliver(l, from == &l->client ? &l->server : &l->client, d, w.len);
}

static void renegotiation_refused(void)
{
    static struct loop l;
    loop_setup(&l, 92);
    /* Renegotiation switched off (nxdtls_config.disable_renegotiation); the secure kind is tested in
     * cert_reneg_test. */
    l.client.cfg.disable_renegotiation = 1;
    l.server.cfg.disable_renegotiation = 1;
    EXPECT_OK(loop_handshake(&l));
    struct dtls_conn *client = dtls_conn_of(&l.client.conn);
    struct dtls_conn *server = dtls_conn_of(&l.server.conn);
    /* A new ClientHello in epoch 1 (docs/netx-api.md 10 C16, RFC 5746 4.4): warning no_renegotiation, session
     * unharmed. */
    uint8_t hello[64] = {0xFE, 0xFD};
    hello[34] = 0;
    hello[35] = 0;
    hello[36] = 0;
    hello[37] = 2;
    hello[38] = 0x00;
    hello[39] = 0xA8;
    hello[40] = 1;
    hello[41] = 0;
    send_handshake(&l, &l.client, DTLS_HT_CLIENT_HELLO, client->next_send_seq, hello, 42);
    EXPECT_OK(l.server.status);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    loop_pump(&l);
    EXPECT_OK(l.client.status);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 1 && description == 100);
    EXPECT_OK(loop_send(&l, &l.client, "still here", 10));
    EXPECT(l.server.app_len == 10);
    /* HelloRequest to the client: same answer. */
    send_handshake(&l, &l.server, DTLS_HT_HELLO_REQUEST, server->next_send_seq, NULL, 0);
    EXPECT_OK(l.client.status);
    loop_pump(&l);
    nxdtls_conn_alert(&l.server.conn, &level, &description);
    EXPECT(level == 1 && description == 100);
    EXPECT_OK(loop_send(&l, &l.server, "and here", 8));
    EXPECT(l.client.app_len == 8);
    /* Any other new handshake message after the handshake: fatal unexpected_message, sent encrypted. */
    uint8_t fin[12] = {0};
    send_handshake(&l, &l.client, DTLS_HT_FINISHED, (uint16_t)(client->next_send_seq + 5), fin, 12);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    loop_pump(&l);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 2 && description == 10);
    loop_free(&l);
}

/* Replays, unknown epochs, plaintext after the handshake, garbage: dropped and counted, never delivered. */
static void dropped_records(void)
{
    static struct loop l;
    loop_setup(&l, 93);
    EXPECT_OK(loop_handshake(&l));
    uint8_t d[LOOP_DGRAM_MAX], copy[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_write(&l.client.conn, (const uint8_t *)"once", 4, d, sizeof d, &n));
    memcpy(copy, d, n);
    loop_deliver(&l, &l.server, d, n);
    EXPECT(l.server.app_records == 1);
    uint64_t dropped = nxdtls_conn_dropped(&l.server.conn);
    memcpy(d, copy, n);
    loop_deliver(&l, &l.server, d, n); /* RFC 6347 4.1.2.6: a replay */
    EXPECT(l.server.app_records == 1);
    EXPECT(nxdtls_conn_dropped(&l.server.conn) == dropped + 1);
    memcpy(d, copy, n);
    d[4] = 7; /* epoch 7 */
    loop_deliver(&l, &l.server, d, n);
    memcpy(d, copy, n);
    d[n - 1] ^= 1; /* tag */
    loop_deliver(&l, &l.server, d, n);
    memcpy(d, copy, n);
    d[1] = 0x03; /* not a DTLS version */
    loop_deliver(&l, &l.server, d, n);
    /* A plaintext epoch-0 alert after the handshake is not accepted (epoch 0 is closed). */
    const uint8_t alert[] = {21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40};
    memcpy(d, alert, sizeof alert);
    loop_deliver(&l, &l.server, d, sizeof alert);
    /* A record longer than its datagram ends the datagram. */
    memcpy(d, copy, n);
    loop_deliver(&l, &l.server, d, n - 1);
    EXPECT_OK(l.server.status);
    EXPECT(l.server.app_records == 1);
    EXPECT(nxdtls_conn_dropped(&l.server.conn) == dropped + 6);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    /* Two records in one datagram: both delivered, one per nxdtls_conn_input return. */
    size_t n1 = 0, n2 = 0;
    EXPECT_OK(nxdtls_conn_write(&l.client.conn, (const uint8_t *)"ab", 2, d, sizeof d, &n1));
    EXPECT_OK(
        nxdtls_conn_write(&l.client.conn, (const uint8_t *)"cde", 3, d + n1, sizeof d - n1, &n2));
    loop_deliver(&l, &l.server, d, n1 + n2);
    EXPECT(l.server.app_records == 3 && l.server.app_len == 9 &&
           memcmp(l.server.app + 4, "abcde", 5) == 0);
    /* Application data before the handshake: dropped. */
    loop_free(&l);
    loop_setup(&l, 94);
    EXPECT_OK(loop_init_peers(&l));
    const uint8_t early[] = {23, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'};
    memcpy(d, early, sizeof early);
    loop_deliver(&l, &l.server, d, sizeof early);
    EXPECT(l.server.app_records == 0 && nxdtls_conn_dropped(&l.server.conn) == 1);
    loop_free(&l);
}

/* ---- The sweep ---- */

struct mutation {
    unsigned target; /* index of the datagram to change, counting both directions */
    size_t pos;
    int truncate; /* 1: cut at pos; 0: flip byte pos */
    unsigned seen;
    bool applied;
};

static bool mutate(void *ctx, int from_client, uint8_t *d, size_t *len)
{
    (void)from_client;
    struct mutation *m = ctx;
    if (m->seen++ != m->target || m->pos >= *len) {
        return true;
    }
    m->applied = true;
    if (m->truncate) {
        *len = m->pos;
    } else {
        d[m->pos] ^= 0xFF;
    }
    return true;
}

static bool allowed(UINT s)
{
    static const UINT codes[] = {NX_SUCCESS,
                                 NX_NO_PACKET,
                                 NX_SECURE_TLS_ALERT_RECEIVED,
                                 NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH,
                                 NX_SECURE_TLS_UNEXPECTED_MESSAGE,
                                 NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION,
                                 NX_SECURE_TLS_UNKNOWN_CIPHERSUITE,
                                 NX_SECURE_TLS_BAD_COMPRESSION_METHOD,
                                 NX_SECURE_TLS_UNSUPPORTED_FEATURE,
                                 NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR,
                                 NX_SECURE_TLS_HANDSHAKE_FAILURE,
                                 NX_SECURE_TLS_NO_MATCHING_PSK,
                                 NX_SECURE_TLS_FINISHED_HASH_FAILURE,
                                 NX_SECURE_TLS_NO_SUPPORTED_CIPHERS,
                                 NX_SECURE_TLS_SNI_EXTENSION_INVALID,
                                 NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL,
                                 NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (codes[i] == s) {
            return true;
        }
    }
    return false;
}

static void drive(struct loop *l)
{
    loop_pump(l);
    for (int guard = 0; guard < 40; guard++) {
        bool done = nxdtls_conn_is_established(&l->client.conn) &&
                    nxdtls_conn_is_established(&l->server.conn);
        if (done || nxdtls_conn_error(&l->client.conn) != NX_SUCCESS) {
            return;
        }
        uint64_t tc = nxdtls_conn_next_timeout(&l->client.conn),
                 ts = nxdtls_conn_next_timeout(&l->server.conn);
        uint64_t t = tc < ts ? tc : ts;
        if (t == UINT64_MAX) {
            return;
        }
        l->now = t;
        (void)nxdtls_conn_timeout(&l->client.conn, t);
        (void)nxdtls_conn_timeout(&l->server.conn, t);
        loop_pump(l);
    }
}

static void sweep(uint16_t mtu)
{
    static struct loop l;
    static struct mutation m;
    unsigned total = 0, completed = 0, failed = 0;
    for (unsigned target = 0; target < 4; target++) {
        for (int truncate = 0; truncate < 2; truncate++) {
            for (size_t pos = 0;; pos++) {
                loop_setup(&l, 95);
                l.client.cfg.mtu = mtu;
                l.server.cfg.mtu = mtu;
                l.client.cfg.retransmit_retries = 2;
                l.server.cfg.retransmit_retries = 2;
                memset(&m, 0, sizeof m);
                m.target = target;
                m.pos = pos;
                m.truncate = truncate;
                l.filter = mutate;
                l.filter_ctx = &m;
                EXPECT_OK(loop_handshake(&l));
                drive(&l);
                if (!m.applied) {
                    loop_free(&l);
                    break;
                }
                total++;
                UINT ce = nxdtls_conn_error(&l.client.conn), se = nxdtls_conn_error(&l.server.conn);
                bool done = nxdtls_conn_is_established(&l.client.conn) &&
                            nxdtls_conn_is_established(&l.server.conn);
                if (!allowed(ce) || !allowed(se)) {
                    EXPECT(allowed(ce) && allowed(se));
                    fprintf(stderr, "datagram %u %s %zu: client 0x%x server 0x%x\n", target,
                            truncate ? "cut" : "flip", pos, ce, se);
                }
                if (done && ce == NX_SUCCESS && se == NX_SUCCESS) {
                    completed++;
                    /* Whatever was changed, a completed handshake means the keys agree. */
                    l.filter = NULL;
                    size_t before = l.server.app_len;
                    EXPECT_OK(loop_send(&l, &l.client, "ok", 2));
                    EXPECT(l.server.app_len == before + 2);
                } else {
                    failed++;
                    EXPECT(ce != NX_SUCCESS || se != NX_SUCCESS || !done);
                }
                loop_free(&l);
            }
        }
    }
    printf("sweep at MTU %u: %u mutations, %u completed, %u failed\n", mtu ? mtu : 1400, total,
           completed, failed);
    EXPECT(total > 500 && completed > 0 && failed > 0);
}

/* A changed ClientHello random gives the server other keys and another transcript: the client's Finished cannot
 * be authenticated, 0x115 on the server, decrypt_error to the client. */
static void tampered_random(void)
{
    static struct loop l;
    static struct mutation m;
    loop_setup(&l, 95);
    memset(&m, 0, sizeof m);
    m.target = 0;
    m.pos = 13 + 12 + 2 + 10; /* record header, handshake header, version, then inside the random */
    l.filter = mutate;
    l.filter_ctx = &m;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l);
    EXPECT(m.applied);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    loop_free(&l);
}

/* An epoch-0 record claiming sequence number 2^48 - 1 (forged off-path, or corrupted) must not shut out the
 * peer's genuine epoch-0 records: epoch 0 has no integrity, so it gets no replay window. */
static bool poison_first(void *ctx, int from_client, uint8_t *d, size_t *len)
{
    (void)d;
    (void)len;
    struct loop *l = ctx;
    static const uint8_t forged[] = {22,   0xFE, 0xFD, 0,    0, 0xFF, 0xFF,
                                     0xFF, 0xFF, 0xFF, 0xFF, 0, 1,    0};
    if (!from_client) {
        uint8_t copy[sizeof forged];
        memcpy(copy, forged, sizeof forged);
        l->filter = NULL;
        loop_deliver(l, &l->client, copy, sizeof copy);
        l->filter = poison_first;
    }
    return true;
}

static void epoch0_window_poison(void)
{
    static struct loop l;
    loop_setup(&l, 96);
    l.filter = poison_first;
    l.filter_ctx = &l;
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    EXPECT(nxdtls_conn_dropped(&l.client.conn) >=
           1); /* the forged record itself cannot be framed */
    loop_free(&l);
}

int main(void)
{
    tampered_random();
    epoch0_window_poison();
    server_hello_variants();
    client_hello_variants();
    renegotiation_refused();
    dropped_records();
    sweep(0);
    return test_finish("dtls/conn_hostile");
}
