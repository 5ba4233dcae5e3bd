/* SPDX-License-Identifier: MIT */
/* conn_spoof_test.c: what someone who can send datagrams with a peer's address, but not read them, can do to a
 * handshake (docs/security.md):
 *   - reflected amplification: forged fragments of the peer's previous flight (header-only, whole but forged,
 *     partial) make a connection send nothing; the peer's own retransmission is answered, at most once per
 *     retransmission period; measured: bytes sent per spoofed datagram;
 *   - no handshake message counts in epoch 0 after the peer's ChangeCipherSpec (a plaintext Finished with the
 *     right verify_data included), client and server;
 *   - unauthenticated input that fails checks is dropped and the genuine flight completes the handshake: an
 *     unexpected epoch-0 message, a forged epoch-1 record while waiting for Finished, a header announcing a
 *     16 MiB message, forged HelloVerifyRequests beyond the client's budget. */
#include "dtls/dtls_conn.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_frag.h"
#include "dtls/dtls_record.h"
#include "dtls_loop.h"
#include "test.h"

/* forge writes one epoch-0 handshake record holding one fragment; returns its length. */
static size_t forge(uint8_t *out, uint64_t rec_seq, uint8_t type, uint32_t msg_len, uint16_t msg_seq,
                    uint32_t off, const uint8_t *body, uint32_t frag_len)
{
    struct wire_wr w = wire_wr_init(out, LOOP_DGRAM_MAX);
    struct dtls_record_hdr h = {DTLS_CT_HANDSHAKE, 0xFEFD, 0, rec_seq, (uint16_t)(12 + frag_len)};
    dtls_record_write_header(&w, &h);
    uint8_t hdr[12];
    dtls_frag_header(hdr, type, msg_len, msg_seq, off, frag_len);
    wire_put_bytes(&w, hdr, 12);
    wire_put_bytes(&w, body, frag_len);
    return w.len;
}

/* sent drains everything p wants to send at now and returns the bytes (the datagrams go nowhere). */
static size_t sent(struct loop_peer *p, uint64_t now)
{
    size_t total = 0;
    for (int guard = 0; guard < 256; guard++) {
        uint8_t d[LOOP_DGRAM_MAX];
        size_t n = 0;
        if (nxdtls_conn_output(&p->conn, now, d, sizeof d, &n) != NX_SUCCESS || n == 0) {
            break;
        }
        total += n;
    }
    return total;
}

/* take_one returns p's next datagram in d (its length, 0 when none). */
static size_t take_one(struct loop_peer *p, uint64_t now, uint8_t *d)
{
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&p->conn, now, d, LOOP_DGRAM_MAX, &n));
    return n;
}

/* record_span finds the index-th record of a datagram: its offset and length. */
static bool record_span(const uint8_t *d, size_t n, unsigned index, size_t *off, size_t *len)
{
    struct wire_rd rd = wire_rd_init(d, n);
    for (unsigned i = 0;; i++) {
        size_t at = n - rd.len;
        struct dtls_record_hdr h;
        struct wire_rd frag;
        if (!dtls_record_next(&rd, &h, &frag)) {
            return false;
        }
        if (i == index) {
            *off = at;
            *len = DTLS_RECORD_HEADER_LEN + frag.len;
            return true;
        }
    }
}

static void deliver_copy(struct loop *l, struct loop_peer *to, const uint8_t *d, size_t n)
{
    uint8_t copy[LOOP_DGRAM_MAX];
    memcpy(copy, d, n);
    loop_deliver(l, to, copy, n);
}

/* ---- 1. Reflected amplification ---- */

/* A server that answered a ClientHello (its flight lost on the way) is sent 600 forged fragments of that
 * hello with the client's address: header-only, whole with other bytes, partial. It must send nothing; the
 * client's genuine retransmission gets the flight again, once per retransmission period. */
static void amplification_server(void)
{
    static struct loop l;
    loop_setup(&l, 500);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t hello[LOOP_DGRAM_MAX], d[LOOP_DGRAM_MAX];
    size_t hello_len = take_one(&l.client, l.now, hello);
    EXPECT(hello_len > 25);
    deliver_copy(&l, &l.server, hello, hello_len);
    size_t flight = sent(&l.server, l.now); /* lost */
    EXPECT(flight > 0);
    uint32_t msg_len = (uint32_t)wire_load_be(hello + 13 + 1, 3);
    uint8_t junk[LOOP_DGRAM_MAX];
    for (size_t i = 0; i < sizeof junk; i++) {
        junk[i] = (uint8_t)(i * 13 + 7);
    }
    size_t bytes = 0;
    unsigned spoofed = 0;
    uint64_t t = l.now + 2000; /* past any rate limit: only the content decides */
    for (unsigned i = 0; i < 200; i++, t += 1000) {
        l.now = t;
        size_t n = forge(d, 100 + i, DTLS_HT_CLIENT_HELLO, msg_len, 0, 0, NULL, 0); /* 25 bytes */
        EXPECT(n == 25);
        loop_deliver(&l, &l.server, d, n);
        bytes += sent(&l.server, t);
        n = forge(d, 300 + i, DTLS_HT_CLIENT_HELLO, msg_len, 0, 0, junk + i, msg_len);
        loop_deliver(&l, &l.server, d, n);
        bytes += sent(&l.server, t);
        n = forge(d, 500 + i, DTLS_HT_CLIENT_HELLO, msg_len, 0, 0, hello + 25, msg_len / 2);
        loop_deliver(&l, &l.server, d, n);
        bytes += sent(&l.server, t);
        spoofed += 3;
    }
    printf("amplification (server, waiting): %zu bytes sent for %u spoofed datagrams\n", bytes,
           spoofed);
    EXPECT(bytes <= spoofed); /* <= 1 byte per spoofed datagram; in fact none */
    EXPECT(bytes == 0);
    EXPECT_OK(l.server.status);
    /* The client's own retransmission: the flight again, byte for byte the same size. */
    l.now = t;
    deliver_copy(&l, &l.server, hello, hello_len);
    EXPECT(sent(&l.server, l.now) == flight);
    /* The same datagram replayed 50 times within the period: nothing more. */
    for (int i = 0; i < 50; i++) {
        deliver_copy(&l, &l.server, hello, hello_len);
        EXPECT(sent(&l.server, l.now + (uint64_t)i) == 0);
    }
    /* A period later, once more. */
    l.now += 1000;
    deliver_copy(&l, &l.server, hello, hello_len);
    EXPECT(sent(&l.server, l.now) == flight);
    EXPECT_OK(l.server.status);
    loop_free(&l);
}

/* The same after the handshake: a server's final flight lingers to answer the client's retransmitted
 * ClientKeyExchange flight; forged fragments of it get nothing. And a client waiting for the server's
 * ChangeCipherSpec and Finished answers no forged ServerHello fragment. */
static void amplification_final_and_client(void)
{
    static struct loop l;
    loop_setup(&l, 501);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX], ckx[LOOP_DGRAM_MAX], sh[LOOP_DGRAM_MAX];
    size_t n = take_one(&l.client, l.now, d);
    loop_deliver(&l, &l.server, d, n);
    size_t sh_len = take_one(&l.server, l.now, sh);
    deliver_copy(&l, &l.client, sh, sh_len);
    size_t ckx_len = take_one(&l.client, l.now, ckx);
    EXPECT(ckx_len > 0 && take_one(&l.client, l.now, d) == 0);
    /* The client waits for the server's last flight: forged ServerHello fragments (message_seq 0). */
    uint32_t sh_msg_len = (uint32_t)wire_load_be(sh + 13 + 1, 3);
    size_t bytes = 0;
    uint64_t start = l.now;
    for (unsigned i = 0; i < 100; i++) {
        l.now = start + 5000 + 1000 * i;
        n = forge(d, 10 + i, DTLS_HT_SERVER_HELLO, sh_msg_len, 0, 0, NULL, 0);
        loop_deliver(&l, &l.client, d, n);
        bytes += sent(&l.client, l.now);
    }
    l.now = start;
    EXPECT(bytes == 0);
    /* The server completes; its final flight is lost. */
    l.now = start;
    deliver_copy(&l, &l.server, ckx, ckx_len);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    size_t final_len = sent(&l.server, l.now);
    EXPECT(final_len > 0);
    /* Forged fragments of the client's ClientKeyExchange (message_seq 1) to the lingering server. */
    uint32_t ckx_msg_len = (uint32_t)wire_load_be(ckx + 13 + 1, 3);
    uint16_t ckx_seq = (uint16_t)wire_load_be(ckx + 13 + 4, 2);
    EXPECT(ckx[13] == DTLS_HT_CLIENT_KEY_EXCHANGE);
    for (unsigned i = 0; i < 50; i++) {
        l.now = start + 100 + 10 * i;
        n = forge(d, 50 + i, DTLS_HT_CLIENT_KEY_EXCHANGE, ckx_msg_len, ckx_seq, 0, NULL, 0);
        loop_deliver(&l, &l.server, d, n);
        bytes += sent(&l.server, l.now);
        n = forge(d, 200 + i, DTLS_HT_CLIENT_KEY_EXCHANGE, ckx_msg_len, ckx_seq, 0, sh, ckx_msg_len);
        loop_deliver(&l, &l.server, d, n);
        bytes += sent(&l.server, l.now);
    }
    printf("amplification (final flight and client): %zu bytes for 200 spoofed datagrams\n", bytes);
    EXPECT(bytes == 0);
    /* The client's genuine retransmission (its timer) is answered with the final flight. */
    l.now = nxdtls_conn_next_timeout(&l.client.conn);
    EXPECT_OK(nxdtls_conn_timeout(&l.client.conn, l.now));
    loop_transfer(&l, &l.client, &l.server);
    n = take_one(&l.server, l.now, d);
    EXPECT(n == final_len);
    loop_deliver(&l, &l.client, d, n);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT_OK(l.server.status);
    EXPECT_OK(l.client.status);
    loop_free(&l);
}

/* ---- 3. Nothing in epoch 0 after ChangeCipherSpec ---- */

/* plaintext_finished replaces the last record of a flight datagram (the epoch-1 Finished) by a plaintext
 * epoch-0 Finished with the right verify_data; returns the new length. */
static size_t plaintext_finished(uint8_t *d, size_t n, uint16_t msg_seq, const uint8_t verify[12])
{
    size_t off = 0, len = 0, last = 0;
    for (unsigned i = 0; record_span(d, n, i, &off, &len); i++) {
        last = off;
    }
    EXPECT(d[last] == DTLS_CT_HANDSHAKE && d[last + 4] == 1); /* epoch 1 */
    return last + forge(d + last, 9, DTLS_HT_FINISHED, 12, msg_seq, 0, verify, 12);
}

static void epoch0_finished_after_ccs(void)
{
    static struct loop l;
    loop_setup(&l, 502);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX], genuine[LOOP_DGRAM_MAX];
    size_t n = take_one(&l.client, l.now, d);
    loop_deliver(&l, &l.server, d, n);
    n = take_one(&l.server, l.now, d);
    loop_deliver(&l, &l.client, d, n);
    /* Server side: ClientKeyExchange, ChangeCipherSpec, then a plaintext Finished. */
    n = take_one(&l.client, l.now, genuine);
    const struct dtls_conn *client = dtls_conn_of(&l.client.conn);
    memcpy(d, genuine, n);
    size_t forged_len =
        plaintext_finished(d, n, (uint16_t)(client->next_send_seq - 1u), client->client_verify);
    loop_deliver(&l, &l.server, d, forged_len);
    EXPECT_OK(l.server.status);
    EXPECT(!nxdtls_conn_is_established(&l.server.conn));
    EXPECT(sent(&l.server, l.now) == 0);
    /* The genuine flight completes it. */
    deliver_copy(&l, &l.server, genuine, n);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    /* Client side: ChangeCipherSpec, then a plaintext Finished. */
    n = take_one(&l.server, l.now, genuine);
    const struct dtls_conn *server = dtls_conn_of(&l.server.conn);
    memcpy(d, genuine, n);
    forged_len =
        plaintext_finished(d, n, (uint16_t)(server->next_send_seq - 1u), server->server_verify);
    loop_deliver(&l, &l.client, d, forged_len);
    EXPECT_OK(l.client.status);
    EXPECT(!nxdtls_conn_is_established(&l.client.conn));
    deliver_copy(&l, &l.client, genuine, n);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT_OK(loop_send(&l, &l.client, "ok", 2));
    EXPECT(l.server.app_len == 2);
    loop_free(&l);
}

/* ---- 4. One spoofed datagram does not abort a handshake ---- */

/* A client waiting for ServerHello gets a forged datagram first, then the genuine flight. */
static void client_survives(const uint8_t *forged, size_t forged_len, const char *what)
{
    static struct loop l;
    loop_setup(&l, 503);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = take_one(&l.client, l.now, d);
    loop_deliver(&l, &l.server, d, n);
    deliver_copy(&l, &l.client, forged, forged_len);
    if (l.client.status != NX_SUCCESS) {
        fprintf(stderr, "%s: client failed with 0x%x\n", what, l.client.status);
    }
    EXPECT_OK(l.client.status);
    EXPECT(sent(&l.client, l.now) == 0); /* no alert, nothing */
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    EXPECT_OK(l.client.status);
    EXPECT_OK(l.server.status);
    loop_free(&l);
}

static void unauthenticated_dropped(void)
{
    uint8_t d[LOOP_DGRAM_MAX], body[64];
    memset(body, 0x42, sizeof body);
    /* An unexpected message: a Certificate where ServerHello belongs (was 0x14F). */
    size_t n = forge(d, 0, DTLS_HT_CERTIFICATE, 10, 0, 0, body, 10);
    client_survives(d, n, "unexpected Certificate");
    /* A ServerHello that does not parse (was 0x10A). */
    n = forge(d, 0, DTLS_HT_SERVER_HELLO, 5, 0, 0, body, 5);
    client_survives(d, n, "short ServerHello");
    /* A 25-byte header announcing a 16 MiB message, and the same with one byte (was 0x135). */
    n = forge(d, 0, DTLS_HT_SERVER_HELLO, 0xFFFFFF, 0, 0, NULL, 0);
    EXPECT(n == 25);
    client_survives(d, n, "16 MiB header");
    n = forge(d, 0, DTLS_HT_SERVER_HELLO, 0xFFFFFF, 0, 0, body, 1);
    client_survives(d, n, "16 MiB fragment");
    /* A forged ServerHello fragment claiming another length for the message_seq, before the genuine one. */
    n = forge(d, 0, DTLS_HT_SERVER_HELLO, 200, 0, 0, body, 40);
    client_survives(d, n, "conflicting fragment");
}

/* A server that has the client's ClientKeyExchange and ChangeCipherSpec gets a forged epoch-1 record before the
 * genuine Finished (was 0x115). */
static void forged_epoch1_before_finished(void)
{
    static struct loop l;
    loop_setup(&l, 504);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t d[LOOP_DGRAM_MAX], flight[LOOP_DGRAM_MAX];
    size_t n = take_one(&l.client, l.now, d);
    loop_deliver(&l, &l.server, d, n);
    n = take_one(&l.server, l.now, d);
    loop_deliver(&l, &l.client, d, n);
    size_t flight_len = take_one(&l.client, l.now, flight);
    size_t fin_off = 0, fin_len = 0, off = 0, len = 0;
    for (unsigned i = 0; record_span(flight, flight_len, i, &off, &len); i++) {
        fin_off = off;
        fin_len = len;
    }
    deliver_copy(&l, &l.server, flight, fin_off); /* ClientKeyExchange, ChangeCipherSpec */
    EXPECT_OK(l.server.status);
    /* Forged: a handshake record of epoch 1 at sequence 0, like the genuine Finished, with other bytes. */
    memcpy(d, flight + fin_off, fin_len);
    for (size_t i = DTLS_RECORD_HEADER_LEN; i < fin_len; i++) {
        d[i] ^= 0x5A;
    }
    loop_deliver(&l, &l.server, d, fin_len);
    EXPECT_OK(l.server.status);
    EXPECT(!nxdtls_conn_is_established(&l.server.conn));
    EXPECT(sent(&l.server, l.now) == 0);
    deliver_copy(&l, &l.server, flight + fin_off, fin_len);
    EXPECT_OK(l.server.status);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    loop_free(&l);
}

/* ---- Forged HelloVerifyRequests against a client talking to a cookie server (nxdtls_server) ---- */

#define HVR_SLOTS 2

struct hvr_world {
    struct loop_peer client; /* uses client.cfg / conn */
    nxdtls_config server_cfg;
    NX_SECURE_TLS_PSK_STORE server_psk;
    struct simnet_rng server_rng;
    nxdtls_server server;
    nxdtls_conn conns[HVR_SLOTS];
    _Alignas(16) uint8_t meta[HVR_SLOTS][LOOP_META_MAX];
    uint8_t reasm[HVR_SLOTS][LOOP_REASM];
    _Alignas(8) uint8_t index[1024];
    uint64_t now;
};

/* to_server routes one client datagram and sends back whatever the server produces. */
static void to_server(struct hvr_world *w, struct loop *l, uint8_t *d, size_t n)
{
    nxdtls_addr peer = {.family = 4, .port = 5000, .ip = {10, 0, 0, 1}};
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&w->server, w->now, &peer, d, n, &r));
    if (r.kind == NXDTLS_ROUTE_REPLY || r.kind == NXDTLS_ROUTE_FULL) {
        deliver_copy(l, &w->client, r.reply, r.reply_len);
        return;
    }
    if (r.kind != NXDTLS_ROUTE_NEW && r.kind != NXDTLS_ROUTE_SESSION) {
        return;
    }
    uint8_t *cursor = d;
    size_t remaining = n;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(r.conn, w->now, &cursor, &remaining, &app, &app_len) != NX_SUCCESS) {
            break;
        }
    }
    uint8_t out[LOOP_DGRAM_MAX];
    size_t m = 0;
    while (nxdtls_conn_output(r.conn, w->now, out, sizeof out, &m) == NX_SUCCESS && m != 0) {
        loop_deliver(l, &w->client, out, m);
    }
}

static void hvr_pump(struct hvr_world *w, struct loop *l)
{
    for (int guard = 0; guard < 64; guard++) {
        uint8_t d[LOOP_DGRAM_MAX];
        size_t n = 0;
        if (nxdtls_conn_output(&w->client.conn, w->now, d, sizeof d, &n) != NX_SUCCESS || n == 0) {
            return;
        }
        to_server(w, l, d, n);
    }
}

static void forged_hello_verify_requests(void)
{
    static struct hvr_world w;
    static struct loop l; /* only for loop_deliver's bookkeeping */
    memset(&w, 0, sizeof w);
    loop_setup(&l, 505);
    w.client.cfg = l.client.cfg;
    memcpy(w.client.psk, l.client.psk, sizeof w.client.psk);
    w.client.cfg.psks = w.client.psk;
    w.client.cfg.random_ctx = &w.client.rng;
    simnet_rng_seed(&w.client.rng, 77);
    w.server_cfg = l.server.cfg;
    w.server_psk = l.server.psk[0];
    w.server_cfg.psks = &w.server_psk;
    w.server_cfg.random_ctx = &w.server_rng;
    w.server_cfg.disable_cookies = 0;
    simnet_rng_seed(&w.server_rng, 78);
    EXPECT(nxdtls_server_index_size(HVR_SLOTS) <= sizeof w.index);
    EXPECT_OK(nxdtls_server_init(&w.server, &w.server_cfg, w.conns, HVR_SLOTS, &w.meta[0][0],
                                 LOOP_META_MAX, &w.reasm[0][0], LOOP_REASM, w.index,
                                 sizeof w.index, 0));
    w.now = 1000;
    EXPECT_OK(nxdtls_conn_init(&w.client.conn, &w.client.cfg, w.client.meta, sizeof w.client.meta,
                               w.client.reasm, sizeof w.client.reasm));
    EXPECT_OK(nxdtls_conn_connect(&w.client.conn, w.now));
    /* Eight forged HelloVerifyRequests (message_seq 0..7, made-up cookies) reach the client first: each
     * makes it send its hello again with that cookie; they use up the budget of one retransmission period. */
    for (uint16_t i = 0; i < 8; i++) {
        uint8_t body[3 + 16] = {0xFE, 0xFF, 16};
        memset(body + 3, (int)(0xA0 + i), 16);
        uint8_t d[LOOP_DGRAM_MAX];
        size_t n = forge(d, i, DTLS_HT_HELLO_VERIFY_REQUEST, sizeof body, i, 0, body, sizeof body);
        loop_deliver(&l, &w.client, d, n);
    }
    EXPECT_OK(w.client.status);
    /* Now the server answers the hellos (their cookies are wrong: HelloVerifyRequests again). */
    hvr_pump(&w, &l);
    uint64_t start = w.now;
    for (int round = 0; round < 12 && !nxdtls_conn_is_established(&w.client.conn) &&
                        nxdtls_conn_error(&w.client.conn) == NX_SUCCESS;
         round++) {
        uint64_t t = nxdtls_conn_next_timeout(&w.client.conn);
        if (t == UINT64_MAX) {
            break;
        }
        w.now = t;
        (void)nxdtls_conn_timeout(&w.client.conn, w.now);
        hvr_pump(&w, &l);
    }
    printf("forged HelloVerifyRequests: client %s after %llu ms (code 0x%x)\n",
           nxdtls_conn_is_established(&w.client.conn) ? "established" : "not established",
           (unsigned long long)(w.now - start), nxdtls_conn_error(&w.client.conn));
    EXPECT(nxdtls_conn_is_established(&w.client.conn));
    EXPECT(w.now - start <= 2000); /* one retransmission period, not the whole retry budget */
    for (size_t i = 0; i < HVR_SLOTS; i++) {
        nxdtls_addr a;
        if (nxdtls_server_peer(&w.server, i, &a) == NX_SUCCESS) {
            EXPECT(nxdtls_conn_is_established(&w.conns[i]));
            EXPECT_OK(nxdtls_server_release(&w.server, i));
        }
    }
    nxdtls_conn_free(&w.client.conn);
}

int main(void)
{
    amplification_server();
    amplification_final_and_client();
    epoch0_finished_after_ccs();
    unauthenticated_dropped();
    forged_epoch1_before_finished();
    forged_hello_verify_requests();
    return test_finish("dtls/conn_spoof");
}
