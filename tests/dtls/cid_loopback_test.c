/* SPDX-License-Identifier: MIT */
/* cid_loopback_test: RFC 9146 between two engines, every PSK suite (AEAD and CBC-HMAC): negotiation per
 * direction (both CIDs, an empty one, one side without CID support), the tls12_cid records on the wire (type
 * 25, the CID after the sequence number, lengths), data both ways, the trace, and records that must be dropped
 * (a foreign CID, a tampered record, a record in the RFC 6347 format where a CID was negotiated). */
#include <stdlib.h>

#include "dtls_loop.h"
#include "test.h"

#define CT_TLS12_CID 25
#define HEAD_FIXED   11 /* type(1) version(2) epoch(2) seq(6), then the CID */

struct capture {
    uint8_t dgram[LOOP_DGRAM_MAX];
    size_t len;
    int from_client;
    unsigned cid_records[2];   /* by direction (0 server->client, 1 client->server) */
    unsigned plain_records[2]; /* protected records in the RFC 6347 format */
    size_t expect_cid_len[2];
    const uint8_t *expect_cid[2];
    unsigned bad_layout;
};

/* walk_records checks every record of a datagram: tls12_cid records carry the expected CID where RFC 9146 4
 * puts it, with a consistent length field. */
static void walk_records(struct capture *cap, int from_client, const uint8_t *d, size_t len)
{
    size_t off = 0;
    while (off < len) {
        if (d[off] == CT_TLS12_CID) {
            size_t n = cap->expect_cid_len[from_client];
            if (n == 0 || off + HEAD_FIXED + n + 2 > len ||
                memcmp(d + off + HEAD_FIXED, cap->expect_cid[from_client], n) != 0) {
                cap->bad_layout++;
                return;
            }
            size_t body = (size_t)d[off + HEAD_FIXED + n] << 8 | d[off + HEAD_FIXED + n + 1];
            off += HEAD_FIXED + n + 2 + body;
            cap->cid_records[from_client]++;
        } else {
            if (off + 13 > len) {
                cap->bad_layout++;
                return;
            }
            size_t epoch = (size_t)d[off + 3] << 8 | d[off + 4];
            size_t body = (size_t)d[off + 11] << 8 | d[off + 12];
            if (epoch != 0) {
                cap->plain_records[from_client]++;
            }
            off += 13 + body;
        }
    }
    if (off != len) {
        cap->bad_layout++;
    }
}

static bool capture_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct capture *cap = ctx;
    memcpy(cap->dgram, dgram, *len);
    cap->len = *len;
    cap->from_client = from_client;
    walk_records(cap, from_client, dgram, *len);
    return true;
}

struct trace {
    unsigned cid_lines;
    unsigned drops_expected;
    unsigned drops_foreign;
    unsigned drops_auth;
    unsigned done_with_cid;
};

static void trace_log(void *ctx, const struct nxdtls_conn *conn, const nxdtls_log_entry *e)
{
    (void)conn;
    struct trace *t = ctx;
    if (e->kind == NXDTLS_LOG_RECORD && e->cid_len != 0 && strstr(e->text, "tls12_cid cid=")) {
        t->cid_lines++;
    }
    if (e->kind == NXDTLS_LOG_DROPPED) {
        t->drops_expected += strstr(e->text, "connection ID expected") != NULL;
        t->drops_foreign += strstr(e->text, "connection ID not ours") != NULL;
        t->drops_auth += strstr(e->text, "does not authenticate") != NULL;
    }
    if (e->kind == NXDTLS_LOG_HANDSHAKE_DONE && (e->extensions & NXDTLS_EXT_CONNECTION_ID) != 0) {
        t->done_with_cid++;
    }
}

/* run_pair: handshake with the given CID settings, then checks and data both ways. */
static void run_pair(uint16_t suite, uint8_t client_len, uint8_t client_empty, uint8_t server_len,
                     uint8_t server_empty)
{
    struct loop *l = calloc(1, sizeof *l);
    struct capture *cap = calloc(1, sizeof *cap);
    struct trace tr = {0};
    loop_setup(l, suite);
    static uint16_t one[1];
    one[0] = suite;
    l->client.cfg.ciphersuites = one;
    l->client.cfg.ciphersuite_count = 1;
    l->client.cfg.cid_length = client_len;
    l->client.cfg.cid_empty = client_empty;
    l->server.cfg.cid_length = server_len;
    l->server.cfg.cid_empty = server_empty;
    l->server.cfg.log = trace_log;
    l->server.cfg.log_ctx = &tr;
    l->server.cfg.log_level = NXDTLS_LOG_RECORDS;
    l->filter = capture_filter;
    l->filter_ctx = cap;
    EXPECT_OK(loop_handshake(l));
    EXPECT(nxdtls_conn_is_established(&l->client.conn));
    EXPECT(nxdtls_conn_is_established(&l->server.conn));

    bool client_on = client_len != 0 || client_empty;
    bool server_on = server_len != 0 || server_empty;
    bool negotiated = client_on && server_on;
    const uint8_t *own = NULL, *peer = NULL, *s_own = NULL, *s_peer = NULL;
    size_t own_len = 0, peer_len = 0, s_own_len = 0, s_peer_len = 0;
    EXPECT_CODE(nxdtls_conn_cid(&l->client.conn, &own, &own_len, &peer, &peer_len),
                negotiated ? NX_SUCCESS : NX_NOT_SUCCESSFUL);
    EXPECT_CODE(nxdtls_conn_cid(&l->server.conn, &s_own, &s_own_len, &s_peer, &s_peer_len),
                negotiated ? NX_SUCCESS : NX_NOT_SUCCESSFUL);
    EXPECT(own_len == (negotiated ? client_len : 0));
    EXPECT(peer_len == (negotiated ? server_len : 0));
    EXPECT(s_own_len == peer_len && s_peer_len == own_len);
    if (negotiated && own_len != 0) {
        EXPECT_MEM(s_peer, own, own_len);
    }
    if (negotiated && peer_len != 0) {
        EXPECT_MEM(s_own, peer, peer_len);
    }
    /* What each direction must carry: client->server records carry the server's CID. */
    cap->expect_cid_len[1] = peer_len;
    cap->expect_cid[1] = peer;
    cap->expect_cid_len[0] = own_len;
    cap->expect_cid[0] = own;
    memset(cap->cid_records, 0, sizeof cap->cid_records);
    memset(cap->plain_records, 0, sizeof cap->plain_records);
    cap->bad_layout = 0; /* the handshake's Finished records were walked without the CIDs known */

    for (int i = 0; i < 3; i++) {
        char msg[64];
        int n = snprintf(msg, sizeof msg, "ping %d over suite %04x", i, suite);
        EXPECT_OK(loop_send(l, &l->client, msg, (size_t)n));
        n = snprintf(msg, sizeof msg, "pong %d", i);
        EXPECT_OK(loop_send(l, &l->server, msg, (size_t)n));
    }
    EXPECT(l->server.app_records == 3 && l->client.app_records == 3);
    EXPECT(l->server.app_len > 0 && memcmp(l->server.app, "ping 0", 6) == 0);
    EXPECT(cap->bad_layout == 0);
    EXPECT(cap->cid_records[1] == (peer_len != 0 ? 3u : 0u));
    EXPECT(cap->plain_records[1] == (peer_len != 0 ? 0u : 3u));
    EXPECT(cap->cid_records[0] == (own_len != 0 ? 3u : 0u));
    EXPECT(cap->plain_records[0] == (own_len != 0 ? 0u : 3u));
    EXPECT(tr.done_with_cid == (negotiated ? 1u : 0u));
    if (peer_len != 0) {
        EXPECT(tr.cid_lines >= 4); /* the server's trace shows the CID records it received */

        /* A record with another CID is dropped (not ours), a tampered one does not authenticate, and
         * neither ends the association. */
        uint8_t msg[] = "after-tamper";
        EXPECT_OK(loop_send(l, &l->client, msg, sizeof msg));
        uint8_t saved[LOOP_DGRAM_MAX];
        size_t saved_len = cap->len;
        memcpy(saved, cap->dgram, saved_len);
        unsigned before = l->server.app_records;
        uint8_t copy[LOOP_DGRAM_MAX];
        memcpy(copy, saved, saved_len);
        copy[HEAD_FIXED] ^= 0x01; /* CID */
        loop_deliver(l, &l->server, copy, saved_len);
        memcpy(copy, saved, saved_len);
        copy[saved_len - 1] ^= 0x01; /* tag or CBC block */
        copy[6] ^= 0x40;             /* and another sequence number, so not a replay */
        loop_deliver(l, &l->server, copy, saved_len);
        /* The same protected bytes in the RFC 6347 format: dropped before any decryption. */
        size_t body_len = saved_len - HEAD_FIXED - peer_len - 2;
        copy[0] = 23;
        memcpy(copy + 1, saved + 1, 10);
        copy[6] ^= 0x20;
        copy[11] = (uint8_t)(body_len >> 8);
        copy[12] = (uint8_t)body_len;
        memcpy(copy + 13, saved + HEAD_FIXED + peer_len + 2, body_len);
        loop_deliver(l, &l->server, copy, 13 + body_len);
        EXPECT(l->server.app_records == before);
        EXPECT(tr.drops_foreign == 1 && tr.drops_auth == 1 && tr.drops_expected == 1);
        EXPECT_OK(l->server.status);
        EXPECT_OK(loop_send(l, &l->client, "still", 5));
        EXPECT(l->server.app_records == before + 1);
    }
    EXPECT_OK(l->client.status);
    EXPECT_OK(l->server.status);
    loop_free(l);
    free(cap);
    free(l);
}

/* A renegotiation negotiates CIDs afresh (RFC 9146 3); the records keep flowing with them. */
static void renegotiate_keeps_cids(void)
{
    struct loop *l = calloc(1, sizeof *l);
    loop_setup(l, 77);
    l->client.cfg.cid_length = 5;
    l->server.cfg.cid_length = 7;
    EXPECT_OK(loop_handshake(l));
    EXPECT_OK(nxdtls_conn_renegotiate(&l->client.conn, l->now));
    loop_pump(l);
    EXPECT(l->client.events & NXDTLS_EVENT_HANDSHAKE_DONE);
    const uint8_t *own, *peer;
    size_t own_len, peer_len;
    EXPECT_OK(nxdtls_conn_cid(&l->client.conn, &own, &own_len, &peer, &peer_len));
    EXPECT(own_len == 5 && peer_len == 7);
    EXPECT_OK(loop_send(l, &l->client, "after reneg", 11));
    EXPECT_OK(loop_send(l, &l->server, "back", 4));
    EXPECT(l->server.app_records == 1 && l->client.app_records == 1);
    EXPECT_OK(l->client.status);
    EXPECT_OK(l->server.status);
    loop_free(l);
    free(l);
}

/* Mbed TLS 2.x, built with its CID option, offers the draft's CID under extension 254 (and early drafts
 * used 53): unknown types to us, ignored without being parsed, even when malformed; the handshake goes on
 * without CID. */
static void draft_cid_ignored(void)
{
    struct loop *l = calloc(1, sizeof *l);
    loop_setup(l, 11);
    l->server.cfg.cid_length = 8;
    EXPECT_OK(loop_init_peers(l));
    uint8_t random[32];
    memset(random, 0x24, sizeof random);
    static const uint16_t suites[] = {0x00A8};
    uint8_t body[512];
    size_t n = simnet_client_hello_body(body, sizeof body, random, NULL, 0, suites, 1);
    EXPECT(n > 0);
    /* Find the extensions block: version, random, session_id<1>, cookie<1>, suites<2>, compression<1>. */
    size_t off = 2 + 32;
    off += 1 + body[off];
    off += 1 + body[off];
    off += 2 + ((size_t)body[off] << 8 | body[off + 1]);
    off += 1 + body[off];
    size_t ext_len = (size_t)body[off] << 8 | body[off + 1];
    EXPECT(off + 2 + ext_len == n);
    static const uint8_t extra[] = {
        0x00, 0xFE, 0x00, 0x05, 0x04, 0xC1,
        0xD0, 0x00, 0x01,                   /* 254: cid<4> as Mbed TLS 2.28 sends it */
        0x00, 0x35, 0x00, 0x02, 0xC8, 0x01, /* 53: a cid<200> cut short */
    };
    memcpy(body + n, extra, sizeof extra);
    n += sizeof extra;
    ext_len += sizeof extra;
    body[off] = (uint8_t)(ext_len >> 8);
    body[off + 1] = (uint8_t)ext_len;
    uint8_t d[600];
    size_t len = 0;
    d[len++] = 22;
    d[len++] = 0xFE;
    d[len++] = 0xFD;
    memset(d + len, 0, 8);
    len += 8;
    d[len++] = (uint8_t)((n + 12) >> 8);
    d[len++] = (uint8_t)(n + 12);
    uint8_t hs[12] = {1, 0, (uint8_t)(n >> 8), (uint8_t)n, 0, 0, 0, 0,
                      0, 0, (uint8_t)(n >> 8), (uint8_t)n};
    memcpy(d + len, hs, 12);
    len += 12;
    memcpy(d + len, body, n);
    len += n;
    loop_deliver(l, &l->server, d, len);
    EXPECT_OK(l->server.status);
    uint8_t out[LOOP_DGRAM_MAX];
    size_t out_len = 0;
    EXPECT_OK(nxdtls_conn_output(&l->server.conn, l->now, out, sizeof out, &out_len));
    /* The first record holds the ServerHello: walk its extensions, none may be a CID. */
    EXPECT(out_len > 13 + 12 + 38 && out[0] == 22 && out[13] == 2);
    size_t sh = 13 + 12;
    size_t p = sh + 2 + 32;
    p += 1 + out[p]; /* session_id */
    p += 2 + 1;      /* suite, compression */
    size_t end = p + 2 + ((size_t)out[p] << 8 | out[p + 1]);
    unsigned cid_like = 0, exts = 0;
    for (p += 2; p + 4 <= end; exts++) {
        unsigned type = (unsigned)out[p] << 8 | out[p + 1];
        cid_like += type == 54 || type == 254 || type == 53;
        p += 4 + ((size_t)out[p + 2] << 8 | out[p + 3]);
    }
    EXPECT(exts >= 1 && cid_like == 0);
    loop_free(l);
    free(l);
}

/* A CID length outside the limits is refused at init. */
static void config_limits(void)
{
    struct loop *l = calloc(1, sizeof *l);
    loop_setup(l, 3);
    l->client.cfg.cid_length = NXDTLS_CID_MAX + 1;
    EXPECT_CODE(nxdtls_conn_init(&l->client.conn, &l->client.cfg, l->client.meta,
                                 sizeof l->client.meta, l->client.reasm, sizeof l->client.reasm),
                NX_INVALID_PARAMETERS);
    free(l);
}

int main(void)
{
    for (size_t i = 0; i < sizeof loop_psk_rows / sizeof loop_psk_rows[0]; i++) {
        uint16_t suite = (uint16_t)loop_psk_rows[i].nx_secure_tls_ciphersuite;
        run_pair(suite, 4, 0, 8, 0);   /* CIDs both ways */
        run_pair(suite, 0, 1, 8, 0);   /* the client wants none: server->client stays RFC 6347 */
        run_pair(suite, 6, 0, 0, 1);   /* the server wants none */
        run_pair(suite, 4, 0, 0, 0);   /* a server without CID support: no extension, RFC 6347 */
        run_pair(suite, 0, 0, 8, 0);   /* a client that does not offer it */
        run_pair(suite, 32, 0, 32, 0); /* the longest CIDs */
    }
    renegotiate_keeps_cids();
    draft_cid_ignored();
    config_limits();
    return test_finish("dtls/cid_loopback");
}
