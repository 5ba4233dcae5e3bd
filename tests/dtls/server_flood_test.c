/* SPDX-License-Identifier: MIT */
/* server_flood_test.c: nxdtls_server against real-address floods and replays, with real handshakes (
 * docs/security.md):
 *   - slot exhaustion: every slot held by handshakes that stop after the cookie exchange, from other hosts and
 *     from one host with many ports; a legitimate client still completes, in simulated time well under 2 s;
 *     one address:port reconnecting 17 times holds one slot; established sessions are never ended for it;
 *   - a replayed cookie'd ClientHello does not take a live association's address (RFC 6347 4.2.8); a client
 *     that really restarted gets its new association, which takes the address once it completed. */
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_demux.h"
#include "dtls_loop.h"
#include "test.h"

#define SLOTS   16
#define CLIENTS 40
#define QUEUE   256

struct pending_dgram {
    nxdtls_addr to;
    size_t len;
    uint8_t d[LOOP_DGRAM_MAX];
};

struct world {
    struct loop l; /* its server config and the loop_deliver bookkeeping */
    nxdtls_server server;
    nxdtls_conn conns[SLOTS];
    _Alignas(16) uint8_t meta[SLOTS][LOOP_META_MAX];
    uint8_t reasm[SLOTS][LOOP_REASM];
    _Alignas(8) uint8_t index[4096];
    struct loop_peer clients[CLIENTS];
    nxdtls_addr client_addr[CLIENTS];
    bool silent[CLIENTS]; /* stops answering (an attacker after its cookie'd hello) */
    bool used[SLOTS];     /* what the application tracks per slot */
    size_t evictions;
    uint64_t starts; /* connects so far: every connect draws a new random */
    struct pending_dgram queue[QUEUE];
    size_t queued;
    uint64_t now;
};

static nxdtls_addr host(uint8_t h, uint16_t port)
{
    nxdtls_addr a = {.family = 4, .port = port, .ip = {10, 0, 1, h}};
    return a;
}

static void world_init(struct world *w, uint64_t seed, uint8_t no_eviction)
{
    memset(w, 0, sizeof *w);
    loop_setup(&w->l, seed);
    w->l.server.cfg.disable_cookies = 0;
    w->l.server.cfg.no_half_open_eviction = no_eviction;
    EXPECT(nxdtls_server_index_size(SLOTS) <= sizeof w->index);
    EXPECT_OK(nxdtls_server_init(&w->server, &w->l.server.cfg, w->conns, SLOTS, &w->meta[0][0],
                                 LOOP_META_MAX, &w->reasm[0][0], LOOP_REASM, w->index,
                                 sizeof w->index, 0));
    w->now = 1000;
}

/* client_start makes client i at address a connect (a new random each time). */
static void client_start(struct world *w, size_t i, nxdtls_addr a)
{
    struct loop_peer *c = &w->clients[i];
    nxdtls_conn_free(&c->conn);
    memset(c, 0, sizeof *c);
    c->cfg = w->l.client.cfg;
    memcpy(c->psk, w->l.client.psk, sizeof c->psk);
    c->cfg.psks = c->psk;
    c->cfg.random_ctx = &c->rng;
    simnet_rng_seed(&c->rng, 1000 + i * 7 + w->now * 131 + ++w->starts * 7919);
    w->client_addr[i] = a;
    w->silent[i] = false;
    EXPECT_OK(nxdtls_conn_init(&c->conn, &c->cfg, c->meta, sizeof c->meta, c->reasm, sizeof c->reasm));
    EXPECT_OK(nxdtls_conn_connect(&c->conn, w->now));
}

static void slot_output(struct world *w, size_t slot)
{
    nxdtls_addr peer;
    if (nxdtls_server_peer(&w->server, slot, &peer) != NX_SUCCESS) {
        return;
    }
    for (int guard = 0; guard < 64 && w->queued < QUEUE; guard++) {
        struct pending_dgram *p = &w->queue[w->queued];
        if (nxdtls_conn_output(&w->conns[slot], w->now, p->d, sizeof p->d, &p->len) != NX_SUCCESS ||
            p->len == 0) {
            return;
        }
        p->to = peer;
        w->queued++;
    }
}

/* to_server routes one datagram from a client address the way an application does. */
static void to_server(struct world *w, const nxdtls_addr *from, uint8_t *d, size_t n)
{
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&w->server, w->now, from, d, n, &r));
    if (r.evicted != NXDTLS_NO_SLOT) {
        EXPECT(w->used[r.evicted]);
        w->used[r.evicted] = false; /* the application forgets it */
        w->evictions++;
    }
    if ((r.kind == NXDTLS_ROUTE_REPLY || r.kind == NXDTLS_ROUTE_FULL) && w->queued < QUEUE) {
        struct pending_dgram *p = &w->queue[w->queued++];
        p->to = *from;
        p->len = r.reply_len;
        memcpy(p->d, r.reply, r.reply_len);
        return;
    }
    if (r.kind != NXDTLS_ROUTE_NEW && r.kind != NXDTLS_ROUTE_SESSION) {
        return;
    }
    if (r.kind == NXDTLS_ROUTE_NEW) {
        EXPECT(!w->used[r.slot]);
        w->used[r.slot] = true;
    }
    EXPECT(w->used[r.slot]);
    uint8_t *cursor = d;
    size_t remaining = n;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(r.conn, w->now, &cursor, &remaining, &app, &app_len) != NX_SUCCESS) {
            break;
        }
        if (app_len != 0 && w->queued < QUEUE) {
            /* An echo server. */
            struct pending_dgram *p = &w->queue[w->queued];
            if (nxdtls_conn_write(r.conn, app, app_len, p->d, sizeof p->d, &p->len) == NX_SUCCESS) {
                p->to = *from;
                w->queued++;
            }
        }
    }
    slot_output(w, r.slot);
}

/* pump moves datagrams until nothing moves: clients to the server, the server's answers to the clients. */
static void pump(struct world *w)
{
    for (int round = 0; round < 64; round++) {
        bool moved = false;
        for (size_t i = 0; i < CLIENTS; i++) {
            struct loop_peer *c = &w->clients[i];
            if (c->cfg.crypto == NULL) {
                continue;
            }
            for (int guard = 0; guard < 64; guard++) {
                uint8_t d[LOOP_DGRAM_MAX];
                size_t n = 0;
                if (nxdtls_conn_output(&c->conn, w->now, d, sizeof d, &n) != NX_SUCCESS || n == 0) {
                    break;
                }
                moved = true;
                if (!w->silent[i]) {
                    to_server(w, &w->client_addr[i], d, n);
                }
            }
        }
        size_t count = w->queued;
        w->queued = 0;
        static struct pending_dgram batch[QUEUE];
        memcpy(batch, w->queue, count * sizeof batch[0]);
        for (size_t k = 0; k < count; k++) {
            moved = true;
            for (size_t i = 0; i < CLIENTS; i++) {
                if (w->clients[i].cfg.crypto != NULL && !w->silent[i] &&
                    dtls_demux_addr_equal(&w->client_addr[i], &batch[k].to)) {
                    loop_deliver(&w->l, &w->clients[i], batch[k].d, batch[k].len);
                    break;
                }
            }
        }
        if (!moved) {
            return;
        }
    }
}

/* run_timers advances the clock to the next deadline (of the clients that still talk and of the slots) and
 * runs them; returns false when none is set before limit. */
static bool run_timers(struct world *w, uint64_t limit)
{
    uint64_t t = UINT64_MAX;
    for (size_t i = 0; i < CLIENTS; i++) {
        if (w->clients[i].cfg.crypto != NULL && !w->silent[i]) {
            uint64_t d = nxdtls_conn_next_timeout(&w->clients[i].conn);
            t = d < t ? d : t;
        }
    }
    for (size_t k = 0; k < SLOTS; k++) {
        if (w->used[k]) {
            uint64_t d = nxdtls_conn_next_timeout(&w->conns[k]);
            t = d < t ? d : t;
        }
    }
    if (t == UINT64_MAX || t > limit) {
        return false;
    }
    w->now = t > w->now ? t : w->now;
    for (size_t i = 0; i < CLIENTS; i++) {
        if (w->clients[i].cfg.crypto != NULL && !w->silent[i]) {
            (void)nxdtls_conn_timeout(&w->clients[i].conn, w->now);
        }
    }
    for (size_t k = 0; k < SLOTS; k++) {
        if (w->used[k]) {
            if (nxdtls_conn_timeout(&w->conns[k], w->now) != NX_SUCCESS) {
                /* A failed handshake: the application releases the slot. */
                slot_output(w, k);
                EXPECT_OK(nxdtls_server_release(&w->server, k));
                w->used[k] = false;
            } else {
                slot_output(w, k);
            }
        }
    }
    return true;
}

/* half_open makes client i at a do the cookie exchange and send its cookie'd hello, then go silent. */
static void half_open(struct world *w, size_t i, nxdtls_addr a)
{
    client_start(w, i, a);
    uint8_t d[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&w->clients[i].conn, w->now, d, sizeof d, &n));
    to_server(w, &a, d, n); /* HelloVerifyRequest queued */
    EXPECT(w->queued == 1);
    w->queued = 0;
    loop_deliver(&w->l, &w->clients[i], w->queue[0].d, w->queue[0].len);
    EXPECT_OK(nxdtls_conn_output(&w->clients[i].conn, w->now, d, sizeof d, &n));
    to_server(w, &a, d, n); /* the cookie'd hello takes a slot; the server's flight is lost */
    w->queued = 0;
    w->silent[i] = true;
}

static size_t used_slots(const struct world *w)
{
    size_t n = 0;
    for (size_t k = 0; k < SLOTS; k++) {
        n += w->used[k];
    }
    return n;
}

static void world_free(struct world *w)
{
    for (size_t k = 0; k < SLOTS; k++) {
        if (w->used[k]) {
            EXPECT_OK(nxdtls_server_release(&w->server, k));
        }
    }
    EXPECT(nxdtls_server_active(&w->server) == 0);
    for (size_t i = 0; i < CLIENTS; i++) {
        nxdtls_conn_free(&w->clients[i].conn);
    }
}

/* legit_connects: client i connects from a and must complete; returns the simulated milliseconds it took. */
static uint64_t legit_connects(struct world *w, size_t i, nxdtls_addr a)
{
    uint64_t start = w->now;
    client_start(w, i, a);
    pump(w);
    while (!nxdtls_conn_is_established(&w->clients[i].conn) &&
           nxdtls_conn_error(&w->clients[i].conn) == NX_SUCCESS && run_timers(w, start + 60000)) {
        pump(w);
    }
    EXPECT(nxdtls_conn_is_established(&w->clients[i].conn));
    EXPECT_OK(nxdtls_conn_error(&w->clients[i].conn));
    return w->now - start;
}

static void slot_exhaustion(void)
{
    static struct world w;
    world_init(&w, 600, 0);
    /* Every slot held by handshakes that stopped after the cookie exchange: 4 hosts, 4 ports each. */
    for (size_t i = 0; i < SLOTS; i++) {
        half_open(&w, i, host((uint8_t)(1 + i / 4), (uint16_t)(2000 + i)));
    }
    EXPECT(used_slots(&w) == SLOTS && nxdtls_server_active(&w.server) == SLOTS);
    EXPECT(w.evictions == 0);
    uint64_t took = legit_connects(&w, 20, host(200, 5684));
    printf("legitimate client with every slot half-open: established after %llu ms (simulated), %zu "
           "eviction(s)\n",
           (unsigned long long)took, w.evictions);
    EXPECT(took < 2000);
    EXPECT(w.evictions == 1);
    EXPECT_OK(loop_send(&w.l, &w.clients[20], "x", 1)); /* (only checks the client can seal) */
    world_free(&w);

    /* One host, 16 ports: it holds at most its share (4) of half-open slots. */
    world_init(&w, 601, 0);
    for (size_t i = 0; i < SLOTS; i++) {
        half_open(&w, i, host(7, (uint16_t)(3000 + i)));
    }
    printf("one host with %u ports: %zu slots held\n", SLOTS, nxdtls_server_active(&w.server));
    EXPECT(nxdtls_server_active(&w.server) == NXDTLS_DEFAULT_HALF_OPEN_PER_ADDRESS);
    world_free(&w);

    /* One address:port, 17 "reconnects" (fresh randoms, RFC 6347 4.2.8): one slot. */
    world_init(&w, 602, 0);
    for (size_t i = 0; i < 17; i++) {
        half_open(&w, 0, host(8, 4000));
    }
    printf("one address:port, 17 reconnects: %zu slot(s) held\n", nxdtls_server_active(&w.server));
    EXPECT(nxdtls_server_active(&w.server) == 1);
    EXPECT(legit_connects(&w, 1, host(9, 4000)) < 2000);
    world_free(&w);

    /* Established sessions are never ended to make room: a full table of them refuses the newcomer. */
    world_init(&w, 603, 0);
    for (size_t i = 0; i < SLOTS; i++) {
        legit_connects(&w, i, host((uint8_t)(20 + i), 5000));
    }
    EXPECT(w.evictions == 0 && nxdtls_server_active(&w.server) == SLOTS);
    client_start(&w, 30, host(99, 5000));
    pump(&w);
    EXPECT(!nxdtls_conn_is_established(&w.clients[30].conn));
    EXPECT(w.evictions == 0);
    for (size_t i = 0; i < SLOTS; i++) {
        EXPECT(nxdtls_conn_is_established(&w.conns[i]));
    }
    world_free(&w);
}

/* replay: a client reconnects from the same address:port (a real restart: its new association takes the address
 * once it completes); then its first cookie'd hello, captured, is replayed: the live association keeps the
 * address and its data flows. */
static void replayed_hello(void)
{
    static struct world w;
    world_init(&w, 610, 0);
    nxdtls_addr a = host(50, 6000);
    /* First association; its cookie'd hello is captured on the way. */
    client_start(&w, 0, a);
    uint8_t d[LOOP_DGRAM_MAX], captured[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&w.clients[0].conn, w.now, d, sizeof d, &n));
    to_server(&w, &a, d, n);
    EXPECT(w.queued == 1); /* the HelloVerifyRequest */
    w.queued = 0;
    loop_deliver(&w.l, &w.clients[0], w.queue[0].d, w.queue[0].len);
    EXPECT_OK(nxdtls_conn_output(&w.clients[0].conn, w.now, captured, sizeof captured, &n));
    size_t captured_len = n;
    EXPECT(n > 60 && captured[13] == DTLS_HT_CLIENT_HELLO);
    memcpy(d, captured, n);
    to_server(&w, &a, d, n);
    pump(&w);
    EXPECT(nxdtls_conn_is_established(&w.clients[0].conn));
    size_t first_slot = 0;
    EXPECT(w.used[first_slot] && nxdtls_conn_is_established(&w.conns[first_slot]));
    /* The client restarts (same address:port, new random): a pending slot; once it completes the address is
     * its, and the application releases the old one. */
    w.now += 5000;
    client_start(&w, 0, a);
    pump(&w);
    EXPECT(nxdtls_conn_is_established(&w.clients[0].conn));
    size_t second_slot = SLOTS;
    for (size_t k = 0; k < SLOTS; k++) {
        if (k != first_slot && w.used[k]) {
            second_slot = k;
        }
    }
    EXPECT(second_slot < SLOTS && nxdtls_conn_is_established(&w.conns[second_slot]));
    EXPECT_OK(loop_send(&w.l, &w.clients[0], "", 0)); /* nothing: just seals */
    /* Data from the new association reaches the new slot (the echo comes back). */
    size_t before = w.clients[0].app_len;
    uint8_t rec[LOOP_DGRAM_MAX];
    EXPECT_OK(nxdtls_conn_write(&w.clients[0].conn, (const uint8_t *)"one", 3, rec, sizeof rec, &n));
    to_server(&w, &a, rec, n);
    pump(&w);
    EXPECT(w.clients[0].app_len == before + 3);
    EXPECT_OK(nxdtls_server_release(&w.server, first_slot));
    w.used[first_slot] = false;
    /* 20 s later the first hello is replayed from the client's address (its cookie is still good). */
    w.now += 20000;
    memcpy(d, captured, captured_len);
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&w.server, w.now, &a, d, captured_len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_NEW && r.superseded == second_slot); /* a pending slot at most */
    if (r.kind == NXDTLS_ROUTE_NEW) {
        w.used[r.slot] = true;
        uint8_t *cursor = d, *app = NULL;
        size_t remaining = captured_len, app_len = 0;
        (void)nxdtls_conn_input(r.conn, w.now, &cursor, &remaining, &app, &app_len);
        slot_output(&w, r.slot);
    }
    pump(&w); /* the pending slot's ServerHello reaches the client, which ignores it */
    /* The live association still gets its records, and answers. */
    before = w.clients[0].app_len;
    EXPECT_OK(nxdtls_conn_write(&w.clients[0].conn, (const uint8_t *)"two", 3, rec, sizeof rec, &n));
    to_server(&w, &a, rec, n);
    pump(&w);
    EXPECT(w.clients[0].app_len == before + 3);
    EXPECT(nxdtls_conn_is_established(&w.clients[0].conn));
    EXPECT_OK(w.clients[0].status);
    EXPECT(nxdtls_conn_is_established(&w.conns[second_slot]));
    world_free(&w);
}

int main(void)
{
    slot_exhaustion();
    replayed_hello();
    return test_finish("dtls/server_flood");
}
