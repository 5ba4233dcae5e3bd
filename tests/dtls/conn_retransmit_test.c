/* SPDX-License-Identifier: MIT */
/* conn_retransmit_test.c: flights and timers (RFC 6347 4.2.4, docs/netx-api.md 7.2) in a scripted loopback: the
 * exact timeout sequence 1 s, 2 s, 4 s ... capped at 60 s, NX_NO_PACKET after the configured retries; each
 * flight dropped once and recovered; the peer's retransmitted flight makes us resend ours; the server's final
 * flight is kept to answer a lost-Finished retransmission, and forgotten when the client's data arrives. */
#include "dtls/dtls_conn_internal.h"
#include "dtls_loop.h"
#include "test.h"

#define MAX_LOG 256

/* The script: drop the n-th datagram each direction sends (0-based), and log every send. */
struct script {
    struct loop *l;
    int drop_client[8];
    int drop_server[8];
    unsigned sent[2]; /* [0] server, [1] client */
    uint64_t at[2][MAX_LOG];
    size_t len[2][MAX_LOG];
};

static bool in_list(const int *list, unsigned n)
{
    for (size_t i = 0; i < 8 && list[i] >= 0; i++) {
        if ((unsigned)list[i] == n) {
            return true;
        }
    }
    return false;
}

static bool script_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    (void)dgram;
    struct script *s = ctx;
    unsigned n = s->sent[from_client]++;
    if (n < MAX_LOG) {
        s->at[from_client][n] = s->l->now;
        s->len[from_client][n] = *len;
    }
    return !in_list(from_client ? s->drop_client : s->drop_server, n);
}

static void script_init(struct script *s, struct loop *l)
{
    memset(s, 0, sizeof *s);
    s->l = l;
    for (int i = 0; i < 8; i++) {
        s->drop_client[i] = -1;
        s->drop_server[i] = -1;
    }
    l->filter = script_filter;
    l->filter_ctx = s;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* drive pumps, then jumps the clock to the next deadline and fires due timers, until both are established
 * (and the client's handshake flight timer is quiet) or a peer failed or nothing is pending before limit. */
static void drive(struct loop *l, uint64_t limit)
{
    loop_pump(l);
    for (int guard = 0; guard < 1000; guard++) {
        bool done = nxdtls_conn_is_established(&l->client.conn) &&
                    nxdtls_conn_is_established(&l->server.conn);
        if (done || l->client.status != NX_SUCCESS || l->server.status != NX_SUCCESS) {
            return;
        }
        uint64_t t = min_u64(nxdtls_conn_next_timeout(&l->client.conn),
                             nxdtls_conn_next_timeout(&l->server.conn));
        if (t == UINT64_MAX || t > limit) {
            return;
        }
        l->now = t;
        if (nxdtls_conn_next_timeout(&l->client.conn) <= t) {
            UINT s = nxdtls_conn_timeout(&l->client.conn, t);
            if (s != NX_SUCCESS && l->client.status == NX_SUCCESS) {
                l->client.status = s;
            }
        }
        if (nxdtls_conn_next_timeout(&l->server.conn) <= t) {
            UINT s = nxdtls_conn_timeout(&l->server.conn, t);
            if (s != NX_SUCCESS && l->server.status == NX_SUCCESS) {
                l->server.status = s;
            }
        }
        loop_pump(l);
    }
}

/* Nobody answers: the ClientHello goes at 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 s after the previous one, then
 * the handshake fails with NX_NO_PACKET and sends nothing more. */
static void timer_sequence(void)
{
    static struct loop l;
    static struct script s;
    loop_setup(&l, 21);
    script_init(&s, &l);
    for (int i = 0; i < 8; i++) {
        s.drop_client[i] = i; /* the first 8 sends */
    }
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    loop_transfer(&l, &l.client, &l.server);
    uint64_t expect_at = l.now;
    const uint32_t gaps[] = {1000,  2000,  4000,  8000,  16000, 32000,
                             60000, 60000, 60000, 60000, 60000};
    for (size_t k = 0; k < 11; k++) {
        uint64_t deadline = nxdtls_conn_next_timeout(&l.client.conn);
        EXPECT(deadline == expect_at + gaps[k]);
        /* Early: nothing happens. */
        EXPECT_OK(nxdtls_conn_timeout(&l.client.conn, deadline - 1));
        EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == deadline);
        l.now = deadline;
        expect_at = deadline;
        UINT st = nxdtls_conn_timeout(&l.client.conn, l.now);
        if (k < 10) {
            EXPECT_OK(st);
            /* Every retransmission sends the same ClientHello bytes (record sequence numbers aside). */
            uint8_t dg[LOOP_DGRAM_MAX];
            size_t n = 0;
            EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, dg, sizeof dg, &n));
            EXPECT(n == s.len[1][0]);
            s.sent[1]++;
            size_t n2 = 1;
            EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, dg, sizeof dg, &n2));
            EXPECT(n2 == 0);
        } else {
            EXPECT_CODE(st, NX_NO_PACKET);
        }
    }
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_NO_PACKET);
    EXPECT((nxdtls_conn_events(&l.client.conn) & NXDTLS_EVENT_FAILED) != 0);
    EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == UINT64_MAX);
    size_t n = 1;
    uint8_t dg[64];
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, dg, sizeof dg, &n));
    EXPECT(n == 0); /* no alert to a silent peer */
    EXPECT_CODE(nxdtls_conn_timeout(&l.client.conn, l.now + 1000000), NX_NO_PACKET);
    loop_free(&l);

    /* Configured values: 200 ms doubling to a 1 s cap, 3 retries. */
    loop_setup(&l, 22);
    script_init(&s, &l);
    for (int i = 0; i < 8; i++) {
        s.drop_client[i] = i;
    }
    l.client.cfg.retransmit_initial_ms = 200;
    l.client.cfg.retransmit_max_ms = 1000;
    l.client.cfg.retransmit_retries = 3;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    const uint32_t gaps2[] = {200, 400, 800, 1000};
    expect_at = l.now;
    for (size_t k = 0; k < 4; k++) {
        uint64_t deadline = nxdtls_conn_next_timeout(&l.client.conn);
        EXPECT(deadline == expect_at + gaps2[k]);
        expect_at = deadline;
        EXPECT_CODE(nxdtls_conn_timeout(&l.client.conn, deadline),
                    k < 3 ? NX_SUCCESS : NX_NO_PACKET);
    }
    loop_free(&l);
}

struct drop_case {
    const char *what;
    int client[3];
    int server[3];
    uint16_t mtu;
};

/* Each flight lost once (at MTU 1400 each flight is one datagram: client 0 = ClientHello, 1 = ClientKeyExchange
 * flight; server 0 = ServerHello flight, 1 = ChangeCipherSpec + Finished). */
static void drop_each_flight(void)
{
    static const struct drop_case cases[] = {
        {"ClientHello", {0, -1, -1}, {-1, -1, -1}, 0},
        {"server hello flight", {-1, -1, -1}, {0, -1, -1}, 0},
        {"client key exchange flight", {1, -1, -1}, {-1, -1, -1}, 0},
        {"server Finished flight", {-1, -1, -1}, {1, -1, -1}, 0},
        {"all four once", {0, 2, -1}, {0, 2, -1}, 0},
        {"second datagram of each flight at MTU 256", {1, 3, -1}, {1, -1, -1}, NXDTLS_MIN_MTU},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static struct loop l;
        static struct script s;
        loop_setup(&l, 30 + i);
        script_init(&s, &l);
        memcpy(s.drop_client, cases[i].client, sizeof cases[i].client);
        memcpy(s.drop_server, cases[i].server, sizeof cases[i].server);
        l.client.cfg.mtu = cases[i].mtu;
        l.server.cfg.mtu = cases[i].mtu;
        if (cases[i].mtu != 0) {
            loop_long_credentials(&l);
        }
        EXPECT_OK(loop_init_peers(&l));
        EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
        drive(&l, 100000);
        bool ok = nxdtls_conn_is_established(&l.client.conn) &&
                  nxdtls_conn_is_established(&l.server.conn);
        EXPECT(ok);
        EXPECT_OK(l.client.status);
        EXPECT_OK(l.server.status);
        if (!ok) {
            fprintf(stderr, "drop case '%s' did not complete: client 0x%x server 0x%x\n",
                    cases[i].what, nxdtls_conn_error(&l.client.conn),
                    nxdtls_conn_error(&l.server.conn));
        }
        /* Something was lost and sent again: more datagrams than the 4 flights of a clean run. */
        EXPECT(s.sent[0] + s.sent[1] > (cases[i].mtu == 0 ? 4u : 9u));
        EXPECT(l.now > 1000);
        EXPECT_OK(loop_send(&l, &l.client, "after loss", 10));
        EXPECT(l.server.app_len == 10);
        loop_free(&l);
    }
}

/* The server's final flight is lost: the client's timer resends its flight at +1 s; the server, already
 * established, recognizes the retransmitted Finished and resends its ChangeCipherSpec + Finished, which
 * completes the client. Then the client's data ends the server's linger. */
static void lost_final_flight(void)
{
    static struct loop l;
    static struct script s;
    loop_setup(&l, 40);
    script_init(&s, &l);
    s.drop_server[0] = 1;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint64_t t0 = l.now;
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    EXPECT(!nxdtls_conn_is_established(&l.client.conn));
    /* Server: final flight kept (linger = 2 x 60 s), no retransmission timer of its own. */
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == t0 + 120000);
    EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == t0 + 1000);
    unsigned server_sent = s.sent[0];
    drive(&l, 100000);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT(l.now == t0 + 1000);
    EXPECT(s.sent[0] == server_sent + 1); /* exactly one resend of the final flight */
    EXPECT(s.at[0][server_sent] == t0 + 1000);
    EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == UINT64_MAX);
    /* A duplicate of the client's flight arriving late is answered again (resend only on that trigger). */
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) != UINT64_MAX);
    EXPECT_OK(loop_send(&l, &l.client, "hello", 5));
    EXPECT(l.server.app_len == 5);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    loop_free(&l);

    /* The linger ends by time too. */
    loop_setup(&l, 41);
    EXPECT_OK(loop_handshake(&l));
    uint64_t deadline = nxdtls_conn_next_timeout(&l.server.conn);
    EXPECT(deadline == l.now + 120000);
    EXPECT_OK(nxdtls_conn_timeout(&l.server.conn, deadline));
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    EXPECT_OK(loop_send(&l, &l.server, "still", 5));
    EXPECT(l.client.app_len == 5);
    loop_free(&l);
}

/* RFC 6347 4.2.4: a retransmitted previous flight from the peer makes us resend ours, at once; a duplicate of
 * a message of the peer's current flight does not. */
static void resend_on_peer_retransmission(void)
{
    static struct loop l;
    static struct script s;
    loop_setup(&l, 50);
    script_init(&s, &l);
    s.drop_server[0] = 0; /* the server hello flight is lost */
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    loop_pump(&l);
    EXPECT(s.sent[0] == 1 && s.sent[1] == 1);
    /* The client times out first (both run 1 s timers; fire only the client's). */
    l.now += 1000;
    EXPECT_OK(nxdtls_conn_timeout(&l.client.conn, l.now));
    loop_pump(&l);
    /* Its ClientHello came again: the server resent its flight at once, and the handshake completed. */
    EXPECT(s.at[0][1] == l.now);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    /* The server's retransmission timer was stopped by the client's next flight. */
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == l.now + 120000);
    loop_free(&l);
}

/* A server that received only the first fragment of a ClientHello split across datagrams has sent nothing,
 * yet must not wait forever: it times out with the flight back-off (1 s, 2 s, 4 s ... ) and fails with
 * NX_NO_PACKET after the configured retries; a server that received nothing keeps no timer. */
static void partial_first_hello_times_out(void)
{
    static struct loop l;
    loop_setup(&l, 41);
    loop_long_credentials(&l);
    l.client.cfg.mtu = 256;
    l.server.cfg.retransmit_retries = 3;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    uint8_t first[LOOP_DGRAM_MAX];
    size_t first_len = 0;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, first, sizeof first, &first_len));
    uint8_t second[LOOP_DGRAM_MAX];
    size_t second_len = 0;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, second, sizeof second, &second_len));
    EXPECT(first_len > 0 && second_len > 0); /* the hello really is in two datagrams */
    loop_deliver(&l, &l.server, first, first_len);
    EXPECT_OK(l.server.status);
    EXPECT(!nxdtls_conn_is_established(&l.server.conn));
    uint64_t start = l.now;
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == start + 1000);
    uint64_t expected = start + 1000;
    UINT status = NX_SUCCESS;
    unsigned expiries = 0;
    while (status == NX_SUCCESS && expiries < 10) {
        uint64_t t = nxdtls_conn_next_timeout(&l.server.conn);
        EXPECT(t == expected);
        status = nxdtls_conn_timeout(&l.server.conn, t);
        expiries++;
        expected = t + (1000u << expiries);
        size_t len = 0;
        uint8_t out[LOOP_DGRAM_MAX];
        EXPECT_OK(nxdtls_conn_output(&l.server.conn, t, out, sizeof out, &len));
        EXPECT(len == 0); /* nothing of ours to repeat */
    }
    EXPECT_CODE(status, NX_NO_PACKET);
    EXPECT(expiries == 4); /* three silent retries, then the failure */
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    loop_free(&l);

    /* The rest of the hello in time: the handshake completes as usual. */
    loop_setup(&l, 42);
    loop_long_credentials(&l);
    l.client.cfg.mtu = 256;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, first, sizeof first, &first_len));
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, second, sizeof second, &second_len));
    loop_deliver(&l, &l.server, first, first_len);
    l.now += 500;
    loop_deliver(&l, &l.server, second, second_len);
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) && nxdtls_conn_is_established(&l.server.conn));
    loop_free(&l);
}

int main(void)
{
    partial_first_hello_times_out();
    timer_sequence();
    drop_each_flight();
    lost_final_flight();
    resend_on_peer_retransmission();
    return test_finish("dtls/conn_retransmit");
}
