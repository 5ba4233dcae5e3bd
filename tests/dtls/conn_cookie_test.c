/* SPDX-License-Identifier: MIT */
/* conn_cookie_test.c: the handshake through the stateless cookie exchange of nxdtls_server_route (RFC 6347
 * 4.2.1): the client resends the same ClientHello (same random) with the cookie and message_seq 1; the server
 * connection continues the message_seq and record sequence of the cookie'd hello; cookieless hellos on a
 * server connection are ignored. */
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_reasm.h"
#include "dtls/dtls_record.h"
#include "dtls_loop.h"
#include "test.h"

#define SLOTS 2

struct rig {
    struct loop l; /* l.client is the client; l.server only lends its config and RNG */
    nxdtls_server server;
    nxdtls_conn conns[SLOTS];
    _Alignas(8) uint8_t meta[SLOTS * LOOP_META_MAX];
    uint8_t reasm[SLOTS * LOOP_REASM];
    _Alignas(8) uint8_t index[1024];
    nxdtls_addr peer;
    /* What went over the wire, for the checks. */
    uint8_t hello[3][LOOP_DGRAM_MAX];
    size_t hello_len[3];
    unsigned hellos;
    uint8_t first_server[LOOP_DGRAM_MAX];
    size_t first_server_len;
    unsigned replies;
    UINT server_status;
};

/* first_handshake_fields reads the first record and handshake header of a datagram. */
static bool first_handshake_fields(const uint8_t *d, size_t n, struct dtls_record_hdr *hdr,
                                   struct dtls_hs_frag *f)
{
    struct wire_rd dg = wire_rd_init(d, n), frag;
    return dtls_record_next(&dg, hdr, &frag) && hdr->type == DTLS_CT_HANDSHAKE &&
           dtls_hs_frag_next(&frag, f);
}

/* server_side takes one datagram from the client through the route, and answers. */
static void server_side(struct rig *r, uint8_t *d, size_t n)
{
    nxdtls_route route;
    EXPECT_OK(nxdtls_server_route(&r->server, r->l.now, &r->peer, d, n, &route));
    if (route.kind == NXDTLS_ROUTE_REPLY) {
        r->replies++;
        uint8_t copy[LOOP_DGRAM_MAX];
        memcpy(copy, route.reply, route.reply_len);
        loop_deliver(&r->l, &r->l.client, copy, route.reply_len);
        return;
    }
    if (route.kind != NXDTLS_ROUTE_NEW && route.kind != NXDTLS_ROUTE_SESSION) {
        return;
    }
    uint8_t *cur = d, *app = NULL;
    size_t rem = n, app_len = 0;
    while (rem > 0) {
        UINT s = nxdtls_conn_input(route.conn, r->l.now, &cur, &rem, &app, &app_len);
        if (s != NX_SUCCESS) {
            r->server_status = s;
            break;
        }
        if (app_len != 0) {
            memcpy(r->l.server.app + r->l.server.app_len, app, app_len);
            r->l.server.app_len += app_len;
        }
    }
    for (;;) {
        uint8_t out[LOOP_DGRAM_MAX];
        size_t len = 0;
        if (nxdtls_conn_output(route.conn, r->l.now, out, sizeof out, &len) != NX_SUCCESS ||
            len == 0) {
            break;
        }
        if (r->first_server_len == 0) {
            memcpy(r->first_server, out, len);
            r->first_server_len = len;
        }
        loop_deliver(&r->l, &r->l.client, out, len);
    }
}

static void pump(struct rig *r)
{
    for (int guard = 0; guard < 32; guard++) {
        uint8_t d[LOOP_DGRAM_MAX];
        size_t n = 0;
        if (nxdtls_conn_output(&r->l.client.conn, r->l.now, d, sizeof d, &n) != NX_SUCCESS ||
            n == 0) {
            return;
        }
        struct dtls_record_hdr hdr;
        struct dtls_hs_frag f;
        if (first_handshake_fields(d, n, &hdr, &f) && f.msg_type == DTLS_HT_CLIENT_HELLO &&
            r->hellos < 3) {
            memcpy(r->hello[r->hellos], d, n);
            r->hello_len[r->hellos++] = n;
        }
        server_side(r, d, n);
    }
}

static void through_route(void)
{
    static struct rig r;
    memset(&r, 0, sizeof r);
    loop_setup(&r.l, 60);
    r.l.client.cfg.disable_cookies = 0;
    r.l.server.cfg.disable_cookies = 0;
    r.peer.family = 4;
    r.peer.port = 40000;
    r.peer.ip[0] = 127;
    r.peer.ip[3] = 1;
    size_t each = nxdtls_metadata_size(&loop_psk_table);
    EXPECT(each <= LOOP_META_MAX);
    EXPECT(nxdtls_server_index_size(SLOTS) <= sizeof r.index);
    EXPECT_OK(nxdtls_server_init(&r.server, &r.l.server.cfg, r.conns, SLOTS, r.meta, LOOP_META_MAX,
                                 r.reasm, LOOP_REASM, r.index, sizeof r.index, r.l.now));
    EXPECT_OK(nxdtls_conn_init(&r.l.client.conn, &r.l.client.cfg, r.l.client.meta,
                               sizeof r.l.client.meta, r.l.client.reasm, sizeof r.l.client.reasm));
    EXPECT_OK(nxdtls_conn_connect(&r.l.client.conn, r.l.now));
    pump(&r);
    EXPECT_OK(r.l.client.status);
    EXPECT_OK(r.server_status);
    EXPECT(r.replies == 1);
    EXPECT(r.hellos == 2);
    EXPECT(nxdtls_conn_is_established(&r.l.client.conn));
    EXPECT(nxdtls_conn_is_established(&r.conns[0]));
    EXPECT(nxdtls_server_active(&r.server) == 1);

    /* RFC 6347 4.2.1: the second hello is the first again with the cookie: same random, message_seq 1. */
    struct dtls_record_hdr h0, h1, hs;
    struct dtls_hs_frag f0, f1, fs;
    EXPECT(first_handshake_fields(r.hello[0], r.hello_len[0], &h0, &f0));
    EXPECT(first_handshake_fields(r.hello[1], r.hello_len[1], &h1, &f1));
    EXPECT(f0.msg_seq == 0 && f1.msg_seq == 1);
    EXPECT(h0.seq == 0 && h1.seq == 1);
    EXPECT(f1.frag_len == f0.frag_len + 32);
    EXPECT(memcmp(f0.body + 2, f1.body + 2, 32) == 0); /* random */
    EXPECT(f0.body[34] == 0 && f1.body[34] == 0);      /* empty session_id */
    EXPECT(f0.body[35] == 0 && f1.body[35] == 32);
    /* Apart from the cookie, identical. */
    EXPECT(memcmp(f0.body + 36, f1.body + 36 + 32, f0.frag_len - 36) == 0);
    /* The server continues from the cookie'd hello: ServerHello has message_seq 1 and record sequence 1. */
    EXPECT(first_handshake_fields(r.first_server, r.first_server_len, &hs, &fs));
    EXPECT(fs.msg_type == DTLS_HT_SERVER_HELLO && fs.msg_seq == 1 && hs.seq == h1.seq &&
           hs.epoch == 0);

    /* Data both ways through the route. */
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(
        nxdtls_conn_write(&r.l.client.conn, (const uint8_t *)"via route", 9, d, sizeof d, &n));
    server_side(&r, d, n);
    EXPECT(r.l.server.app_len == 9 && memcmp(r.l.server.app, "via route", 9) == 0);
    EXPECT_OK(nxdtls_conn_write(&r.conns[0], (const uint8_t *)"back", 4, d, sizeof d, &n));
    loop_deliver(&r.l, &r.l.client, d, n);
    EXPECT(r.l.client.app_len == 4);

    /* A late copy of the first (cookieless) hello reaches the established slot: ignored, nothing sent. */
    uint64_t dropped = nxdtls_conn_dropped(&r.conns[0]);
    r.first_server_len = 0;
    memcpy(d, r.hello[0], r.hello_len[0]);
    server_side(&r, d, r.hello_len[0]);
    EXPECT_OK(r.server_status);
    EXPECT(r.first_server_len == 0);
    EXPECT(nxdtls_conn_dropped(&r.conns[0]) ==
           dropped + 1); /* epoch 0 is closed after the handshake */
    EXPECT(nxdtls_conn_is_established(&r.conns[0]));
    nxdtls_conn_free(&r.l.client.conn);
    EXPECT_OK(nxdtls_server_release(&r.server, 0));
}

/* A server connection (cookies on) given a cookieless ClientHello directly ignores it; the cookie'd one,
 * whatever its message_seq, starts the handshake. */
static void cookieless_ignored(void)
{
    static struct loop l;
    loop_setup(&l, 61);
    l.server.cfg.disable_cookies = 0;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &n));
    loop_deliver(&l, &l.server, d, n);
    EXPECT_OK(l.server.status);
    size_t out = 1;
    uint8_t o[LOOP_DGRAM_MAX];
    EXPECT_OK(nxdtls_conn_output(&l.server.conn, l.now, o, sizeof o, &out));
    EXPECT(out == 0);
    EXPECT(dtls_conn_of(&l.server.conn)->state == DTLS_SRV_WAIT_HELLO);
    /* The client gets a HelloVerifyRequest made by hand (cookie of 255 bytes, the largest allowed). */
    uint8_t cookie[255];
    memset(cookie, 0xC5, sizeof cookie);
    struct wire_wr w = wire_wr_init(o, sizeof o);
    EXPECT_OK(dtls_hello_verify_write(&w, 0, 0, cookie, sizeof cookie));
    loop_deliver(&l, &l.client, o, w.len);
    EXPECT_OK(l.client.status);
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &n));
    struct dtls_record_hdr h;
    struct dtls_hs_frag f;
    EXPECT(first_handshake_fields(d, n, &h, &f) && f.msg_seq == 1 && f.body[35] == 255);
    loop_deliver(&l, &l.server, d, n);
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    loop_free(&l);

    /* An empty cookie is a cookie too (RFC 6347 4.2.1: cookie<0..2^8-1>); the client resends with it. */
    loop_setup(&l, 62);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &n));
    w = wire_wr_init(o, sizeof o);
    EXPECT_OK(dtls_hello_verify_write(&w, 0, 0, NULL, 0));
    loop_deliver(&l, &l.client, o, w.len);
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, d, sizeof d, &n));
    EXPECT(first_handshake_fields(d, n, &h, &f) && f.msg_seq == 1 && f.body[35] == 0);
    loop_deliver(&l, &l.server, d, n);
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    loop_free(&l);
}

int main(void)
{
    through_route();
    cookieless_ignored();
    return test_finish("dtls/conn_cookie");
}
