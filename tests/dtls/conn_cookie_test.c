/* SPDX-License-Identifier: MIT */
/* conn_cookie_test.c: the handshake through the stateless cookie exchange of nxdtls_server_route (RFC 6347
 * 4.2.1): the client resends the same ClientHello (same random) with the cookie and message_seq 1; the server
 * connection continues the message_seq and record sequence of the cookie'd hello, also when that hello is
 * fragmented across datagrams at MTU 256; cookieless hellos on a server connection are ignored. */
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
    /* Per message_seq (0: first hello, 1: cookie'd hello): datagrams that carried a fragment of it, and
     * whether any fragment was partial; the highest record sequence of the second hello's records that
     * reached the server before its first answer. */
    unsigned hello_dgrams[2];
    bool hello_fragmented[2];
    uint64_t hello1_last_seq;
    unsigned routes[5]; /* count per NXDTLS_ROUTE_* kind */
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
    if (route.kind >= 0 && route.kind < 5) {
        r->routes[route.kind]++;
    }
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

/* note_client_datagram records what the checks need about a datagram from the client. */
static void note_client_datagram(struct rig *r, const uint8_t *d, size_t n)
{
    struct dtls_record_hdr hdr;
    struct dtls_hs_frag f;
    bool hello = first_handshake_fields(d, n, &hdr, &f) && f.msg_type == DTLS_HT_CLIENT_HELLO;
    if (hello && r->hellos < 3) {
        memcpy(r->hello[r->hellos], d, n);
        r->hello_len[r->hellos++] = n;
    }
    if (hello && f.msg_seq < 2) {
        r->hello_dgrams[f.msg_seq]++;
        r->hello_fragmented[f.msg_seq] |= f.frag_len != f.msg_len;
        if (f.msg_seq == 1 && r->first_server_len == 0 && hdr.seq > r->hello1_last_seq) {
            r->hello1_last_seq = hdr.seq;
        }
    }
}

/* pump takes each flight the client has queued whole, as a network would carry it (the client sends
 * every datagram of a flight before any answer can reach it), and gives it to the server side, until the
 * client has nothing more to send. */
static void pump(struct rig *r)
{
    static uint8_t flight[16][LOOP_DGRAM_MAX];
    size_t len[16];
    for (int guard = 0; guard < 16; guard++) {
        size_t count = 0;
        while (count < 16 &&
               nxdtls_conn_output(&r->l.client.conn, r->l.now, flight[count], sizeof flight[count],
                                  &len[count]) == NX_SUCCESS &&
               len[count] != 0) {
            count++;
        }
        if (count == 0) {
            return;
        }
        for (size_t i = 0; i < count; i++) {
            note_client_datagram(r, flight[i], len[i]);
            server_side(r, flight[i], len[i]);
        }
    }
}

/* rig_start initializes the server over the rig's slots and connects the client. */
static void rig_start(struct rig *r)
{
    r->peer.family = 4;
    r->peer.port = 40000;
    r->peer.ip[0] = 127;
    r->peer.ip[3] = 1;
    EXPECT(nxdtls_metadata_size(&loop_psk_table) <= LOOP_META_MAX);
    EXPECT(nxdtls_server_index_size(SLOTS) <= sizeof r->index);
    EXPECT_OK(nxdtls_server_init(&r->server, &r->l.server.cfg, r->conns, SLOTS, r->meta,
                                 LOOP_META_MAX, r->reasm, LOOP_REASM, r->index, sizeof r->index,
                                 r->l.now));
    EXPECT_OK(nxdtls_conn_init(&r->l.client.conn, &r->l.client.cfg, r->l.client.meta,
                               sizeof r->l.client.meta, r->l.client.reasm,
                               sizeof r->l.client.reasm));
    EXPECT_OK(nxdtls_conn_connect(&r->l.client.conn, r->l.now));
}

/* first_hello_len gives the ClientHello body length of a client with this configuration. */
static size_t first_hello_len(struct loop_peer *client)
{
    size_t len = 0;
    EXPECT_OK(nxdtls_conn_init(&client->conn, &client->cfg, client->meta, sizeof client->meta,
                               client->reasm, sizeof client->reasm));
    EXPECT_OK(nxdtls_conn_connect(&client->conn, 1000));
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    struct dtls_record_hdr hdr;
    struct dtls_hs_frag f;
    EXPECT_OK(nxdtls_conn_output(&client->conn, 1000, d, sizeof d, &n));
    if (first_handshake_fields(d, n, &hdr, &f)) {
        len = f.msg_len;
    }
    nxdtls_conn_free(&client->conn);
    return len;
}

/* fragmented_hello_through_route: a client at MTU 256 (the smallest nxdtls allows) whose ClientHello does
 * not fit one datagram once the cookie is in it, as OpenSSL's s_client -mtu 300 with its default suites:
 * fragment 0 gets the HelloVerifyRequest or the slot (RFC 6347 4.2.1, judged by the head the cookie
 * binds), the other fragments follow to the slot, and the handshake completes with data both ways.
 * only_second: a server_name just long enough that the first hello still fits one datagram and the
 * second does not; otherwise 128-byte PSK identities and a 250-byte server_name fragment both. */
static void fragmented_hello_through_route(bool only_second)
{
    static struct rig r;
    static char name[256];
    memset(&r, 0, sizeof r);
    loop_setup(&r.l, only_second ? 63 : 64);
    r.l.client.cfg.disable_cookies = 0;
    r.l.server.cfg.disable_cookies = 0;
    r.l.client.cfg.mtu = NXDTLS_MIN_MTU;
    /* A hello body of up to 256 - 13 (record header) - 12 (handshake header) bytes fits one datagram. */
    size_t fits = NXDTLS_MIN_MTU - 13 - 12;
    if (only_second) {
        size_t base = first_hello_len(&r.l.client);
        /* server_name adds 9 bytes of extension framing (RFC 6066 3) and the name. */
        EXPECT(base > 0 && base + 9 + 1 <= fits);
        size_t name_len = fits - base - 9;
        for (size_t i = 0; i < name_len; i++) {
            name[i] = (char)(i % 16 == 15 ? '.' : 'a' + (char)(i % 26));
        }
        r.l.client.cfg.server_name = (const uint8_t *)name;
        r.l.client.cfg.server_name_len = name_len;
        EXPECT(first_hello_len(&r.l.client) == fits);
    } else {
        loop_long_credentials(&r.l);
    }
    rig_start(&r);
    pump(&r);
    EXPECT_OK(r.l.client.status);
    EXPECT_OK(r.server_status);
    EXPECT(nxdtls_conn_is_established(&r.l.client.conn));
    EXPECT(nxdtls_conn_is_established(&r.conns[0]));
    EXPECT(nxdtls_server_active(&r.server) == 1);
    EXPECT(r.routes[NXDTLS_ROUTE_NEW] == 1 && r.routes[NXDTLS_ROUTE_FULL] == 0);
    /* The cookie'd hello went out in several datagrams; the first hello too unless only_second. */
    EXPECT(r.hello_fragmented[1] && r.hello_dgrams[1] >= 2);
    if (only_second) {
        EXPECT(!r.hello_fragmented[0] && r.replies == 1);
    } else {
        EXPECT(r.hello_fragmented[0] && r.hello_dgrams[0] >= 2);
        /* Fragment 0 of the first hello got the one HelloVerifyRequest; its other fragments were
         * dropped. */
        EXPECT(r.replies == 1 && r.routes[NXDTLS_ROUTE_DROP] >= 1);
    }
    /* RFC 6347 4.2.1: the server continues from the cookie'd hello: ServerHello has message_seq 1 and
     * the record sequence of the record that completed that hello (its last fragment here). */
    struct dtls_record_hdr hs;
    struct dtls_hs_frag fs;
    EXPECT(first_handshake_fields(r.first_server, r.first_server_len, &hs, &fs));
    EXPECT(fs.msg_type == DTLS_HT_SERVER_HELLO && fs.msg_seq == 1 && hs.epoch == 0 &&
           hs.seq == r.hello1_last_seq);

    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(
        nxdtls_conn_write(&r.l.client.conn, (const uint8_t *)"fragmented", 10, d, sizeof d, &n));
    server_side(&r, d, n);
    EXPECT(r.l.server.app_len == 10 && memcmp(r.l.server.app, "fragmented", 10) == 0);
    EXPECT_OK(nxdtls_conn_write(&r.conns[0], (const uint8_t *)"back", 4, d, sizeof d, &n));
    loop_deliver(&r.l, &r.l.client, d, n);
    EXPECT(r.l.client.app_len == 4 && memcmp(r.l.client.app, "back", 4) == 0);
    nxdtls_conn_free(&r.l.client.conn);
    EXPECT_OK(nxdtls_server_release(&r.server, 0));
}

static void through_route(void)
{
    static struct rig r;
    memset(&r, 0, sizeof r);
    loop_setup(&r.l, 60);
    r.l.client.cfg.disable_cookies = 0;
    r.l.server.cfg.disable_cookies = 0;
    rig_start(&r);
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
    fragmented_hello_through_route(true);
    fragmented_hello_through_route(false);
    cookieless_ignored();
    return test_finish("dtls/conn_cookie");
}
