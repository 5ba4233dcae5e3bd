/* SPDX-License-Identifier: MIT */
/* cid_server_test: RFC 9146 through nxdtls_server on a simulated network. A client behind a NAT changes its
 * source port 100 times; each time its next record is routed by CID, moves the session (RFC 9146 6) and data
 * flows both ways, with no new handshake. Replayed, forged and reordered CID records from other addresses move
 * nothing; the return-routability hook can hold a move; a CID of another worker is handed over
 * (ROUTE_WORKER); a CID of no live session is dropped; servers sharing a cookie secret accept each other's
 * cookies. */
#include <stdlib.h>

#include "dtls_loop.h"
#include "test.h"

#define REASM_EACH 4096
#define SLOTS      4

struct net {
    nxdtls_config scfg;
    NX_SECURE_TLS_PSK_STORE spsk;
    struct simnet_rng srng;
    nxdtls_server server;
    nxdtls_conn conns[SLOTS];
    uint8_t *metadata;
    size_t metadata_each;
    uint8_t reassembly[SLOTS * REASM_EACH];
    void *index;
    struct loop_peer client;
    nxdtls_addr at; /* the client's current public address */
    uint64_t now;
    size_t slot;
    unsigned handshakes;
    unsigned moves;
    uint8_t last[LOOP_DGRAM_MAX]; /* the client's last datagram */
    size_t last_len;
    int allow; /* what the return-routability hook answers */
    unsigned asked;
};

static nxdtls_addr addr4(uint8_t host, uint16_t port)
{
    nxdtls_addr a;
    memset(&a, 0, sizeof a);
    a.family = 4;
    a.port = port;
    a.ip[0] = 192;
    a.ip[1] = 0;
    a.ip[2] = 2;
    a.ip[3] = host;
    return a;
}

static int rr_hook(void *ctx, struct nxdtls_conn *conn, const struct nxdtls_addr *from,
                   const struct nxdtls_addr *to)
{
    struct net *n = ctx;
    (void)conn;
    (void)from;
    (void)to;
    n->asked++;
    return n->allow;
}

static void net_setup(struct net *n, uint8_t client_cid, uint8_t worker)
{
    memset(n, 0, sizeof *n);
    loop_psk_set(&n->spsk, "secret-key-0123", "client-1", "");
    simnet_rng_seed(&n->srng, 99);
    n->scfg.role = NXDTLS_ROLE_SERVER;
    n->scfg.crypto = &loop_psk_table;
    n->scfg.psks = &n->spsk;
    n->scfg.psk_count = 1;
    n->scfg.random = simnet_random;
    n->scfg.random_ctx = &n->srng;
    n->scfg.time_function = loop_time;
    n->scfg.cid_length = 8;
    n->scfg.cid_peer_check = rr_hook;
    n->scfg.cid_peer_check_ctx = n;
    n->allow = 1;
    n->metadata_each = (nxdtls_metadata_size(n->scfg.crypto) + 15) / 16 * 16;
    n->metadata = aligned_alloc(16, SLOTS * n->metadata_each);
    size_t index_size = nxdtls_server_index_size(SLOTS);
    n->index = calloc(1, index_size);
    EXPECT_OK(nxdtls_server_init(&n->server, &n->scfg, n->conns, SLOTS, n->metadata,
                                 n->metadata_each, n->reassembly, REASM_EACH, n->index, index_size,
                                 0));
    EXPECT_OK(nxdtls_server_set_worker(&n->server, worker));

    struct loop_peer *c = &n->client;
    c->cfg.role = NXDTLS_ROLE_CLIENT;
    c->cfg.crypto = &loop_psk_table;
    loop_psk_set(&c->psk[0], "secret-key-0123", "client-1", "");
    c->cfg.psks = c->psk;
    c->cfg.psk_count = 1;
    simnet_rng_seed(&c->rng, 7);
    c->cfg.random = simnet_random;
    c->cfg.random_ctx = &c->rng;
    c->cfg.time_function = loop_time;
    c->cfg.cid_length = client_cid;
    c->cfg.cid_empty = client_cid == 0;
    n->at = addr4(10, 40000);
    n->now = 1000;
}

static void net_free(struct net *n)
{
    for (size_t i = 0; i < SLOTS; i++) {
        nxdtls_addr a;
        if (nxdtls_server_peer(&n->server, i, &a) == NX_SUCCESS) {
            EXPECT_OK(nxdtls_server_release(&n->server, i));
        }
    }
    nxdtls_conn_free(&n->client.conn);
    free(n->metadata);
    free(n->index);
}

/* to_client delivers a datagram the server sends to its address for the slot: it arrives only if the
 * client is there (the old NAT binding is gone). */
static void to_client(struct net *n, uint8_t *d, size_t len)
{
    nxdtls_addr dest;
    EXPECT_OK(nxdtls_server_peer(&n->server, n->slot, &dest));
    if (memcmp(&dest, &n->at, sizeof dest) != 0) {
        return;
    }
    struct loop l;
    l.now = n->now;
    loop_deliver(&l, &n->client, d, len);
    if (n->client.events & NXDTLS_EVENT_HANDSHAKE_DONE) {
        n->handshakes++;
        n->client.events &= ~NXDTLS_EVENT_HANDSHAKE_DONE;
    }
}

static void server_output(struct net *n, nxdtls_conn *conn)
{
    for (int g = 0; g < 32; g++) {
        uint8_t d[LOOP_DGRAM_MAX];
        size_t len = 0;
        if (nxdtls_conn_output(conn, n->now, d, sizeof d, &len) != NX_SUCCESS || len == 0) {
            break;
        }
        to_client(n, d, len);
    }
}

/* to_server routes one datagram from `from`, feeds it and applies RFC 9146 6; returns the route kind. */
static int to_server(struct net *n, const nxdtls_addr *from, const uint8_t *d, size_t len,
                     int *moved, unsigned *app_records)
{
    nxdtls_route r;
    uint8_t copy[LOOP_DGRAM_MAX];
    memcpy(copy, d, len);
    *moved = 0;
    EXPECT_OK(nxdtls_server_route(&n->server, n->now, from, copy, len, &r));
    if (r.kind == NXDTLS_ROUTE_REPLY) {
        /* A HelloVerifyRequest goes back to the sender. */
        struct loop l;
        l.now = n->now;
        uint8_t reply[256];
        memcpy(reply, r.reply, r.reply_len);
        loop_deliver(&l, &n->client, reply, r.reply_len);
        return r.kind;
    }
    if (r.kind != NXDTLS_ROUTE_SESSION && r.kind != NXDTLS_ROUTE_NEW) {
        return r.kind;
    }
    n->slot = r.slot;
    uint8_t *cursor = copy;
    size_t remaining = len;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(r.conn, n->now, &cursor, &remaining, &app, &app_len) != NX_SUCCESS) {
            break;
        }
        if (app_len != 0 && app_records != NULL) {
            (*app_records)++;
        }
    }
    (void)nxdtls_conn_events(r.conn);
    EXPECT_OK(nxdtls_server_peer_update(&n->server, r.slot, from, moved));
    n->moves += (unsigned)*moved;
    server_output(n, r.conn);
    return r.kind;
}

/* client_flush sends everything the client has queued from its current address. */
static void client_flush(struct net *n)
{
    for (int g = 0; g < 64; g++) {
        uint8_t d[LOOP_DGRAM_MAX];
        size_t len = 0;
        if (nxdtls_conn_output(&n->client.conn, n->now, d, sizeof d, &len) != NX_SUCCESS ||
            len == 0) {
            break;
        }
        int moved;
        (void)to_server(n, &n->at, d, len, &moved, NULL);
    }
}

static void handshake(struct net *n)
{
    EXPECT_OK(nxdtls_conn_init(&n->client.conn, &n->client.cfg, n->client.meta,
                               sizeof n->client.meta, n->client.reasm, sizeof n->client.reasm));
    EXPECT_OK(nxdtls_conn_connect(&n->client.conn, n->now));
    for (int i = 0; i < 8 && !nxdtls_conn_is_established(&n->client.conn); i++) {
        client_flush(n);
    }
    EXPECT(nxdtls_conn_is_established(&n->client.conn));
    EXPECT(n->handshakes == 1);
}

/* client_says seals one record from the client; returns it in n->last without sending it. */
static void client_says(struct net *n, const char *text)
{
    EXPECT_OK(nxdtls_conn_write(&n->client.conn, (const uint8_t *)text, strlen(text), n->last,
                                sizeof n->last, &n->last_len));
}

static void server_says(struct net *n, const char *text)
{
    uint8_t d[LOOP_DGRAM_MAX];
    size_t len = 0;
    EXPECT_OK(nxdtls_conn_write(&n->conns[n->slot], (const uint8_t *)text, strlen(text), d,
                                sizeof d, &len));
    to_client(n, d, len);
}

static void hundred_rebindings(uint8_t client_cid)
{
    struct net *n = calloc(1, sizeof *n);
    net_setup(n, client_cid, 0);
    handshake(n);
    nxdtls_addr first;
    EXPECT_OK(nxdtls_server_peer(&n->server, n->slot, &first));
    EXPECT(memcmp(&first, &n->at, sizeof first) == 0);
    for (int i = 1; i <= 100; i++) {
        n->at =
            addr4((uint8_t)(10 + i % 3), (uint16_t)(40000 + i)); /* new port, sometimes new IP */
        n->now += 30000;
        char up[32], down[32];
        snprintf(up, sizeof up, "up %d", i);
        snprintf(down, sizeof down, "down %d", i);
        client_says(n, up);
        int moved = 0;
        unsigned got = 0;
        EXPECT(to_server(n, &n->at, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
        EXPECT(moved == 1 && got == 1);
        nxdtls_addr now_at;
        EXPECT_OK(nxdtls_server_peer(&n->server, n->slot, &now_at));
        EXPECT(memcmp(&now_at, &n->at, sizeof now_at) == 0);
        unsigned before = n->client.app_records;
        server_says(n, down);
        EXPECT(n->client.app_records == before + 1);
    }
    EXPECT(n->moves == 100);
    EXPECT(n->handshakes == 1);
    EXPECT(nxdtls_server_active(&n->server) == 1);
    EXPECT_OK(n->client.status);
    net_free(n);
    free(n);
}

static void replay_forge_reorder(void)
{
    struct net *n = calloc(1, sizeof *n);
    net_setup(n, 4, 0);
    handshake(n);
    nxdtls_addr home = n->at;
    nxdtls_addr attacker = addr4(66, 6666);
    int moved = 0;
    unsigned got = 0;

    /* A record the client sent from home, replayed from the attacker: dropped by the replay window, no move. */
    client_says(n, "genuine");
    uint8_t saved[LOOP_DGRAM_MAX];
    size_t saved_len = n->last_len;
    memcpy(saved, n->last, saved_len);
    EXPECT(to_server(n, &home, saved, saved_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 0 && got == 1); /* same address: nothing to move */
    got = 0;
    EXPECT(to_server(n, &attacker, saved, saved_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 0 && got == 0);

    /* Forged: a fresh record changed in one byte. */
    client_says(n, "fresh");
    n->last[n->last_len - 3] ^= 0x10;
    EXPECT(to_server(n, &attacker, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 0 && got == 0);
    nxdtls_addr at;
    EXPECT_OK(nxdtls_server_peer(&n->server, n->slot, &at));
    EXPECT(memcmp(&at, &home, sizeof at) == 0);

    /* Reordered: B (newer) arrives from port 1, then A (older, still inside the window) from port 2. The
     * data of A is delivered, but the session stays at port 1 (RFC 9146 6). */
    uint8_t a[LOOP_DGRAM_MAX];
    size_t a_len;
    client_says(n, "A");
    memcpy(a, n->last, n->last_len);
    a_len = n->last_len;
    client_says(n, "B");
    nxdtls_addr p1 = addr4(10, 50001), p2 = addr4(10, 50002);
    EXPECT(to_server(n, &p1, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 1);
    got = 0;
    EXPECT(to_server(n, &p2, a, a_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 0 && got == 1);
    EXPECT_OK(nxdtls_server_peer(&n->server, n->slot, &at));
    EXPECT(memcmp(&at, &p1, sizeof at) == 0);

    /* The return-routability hook holds a move until it agrees; asking again then moves. */
    n->allow = 0;
    client_says(n, "C");
    nxdtls_addr p3 = addr4(10, 50003);
    EXPECT(to_server(n, &p3, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_SESSION);
    EXPECT(moved == 0 && n->asked >= 1);
    n->allow = 1;
    EXPECT_OK(nxdtls_server_peer_update(&n->server, n->slot, &p3, &moved));
    EXPECT(moved == 1);
    EXPECT_OK(nxdtls_server_peer_update(&n->server, n->slot, &p3, &moved));
    EXPECT(moved == 0);

    /* CIDs that name no live session, or another worker. */
    const uint8_t *own, *peer;
    size_t own_len, peer_len;
    EXPECT_OK(nxdtls_conn_cid(&n->client.conn, &own, &own_len, &peer, &peer_len));
    EXPECT(peer_len == 8 && peer[0] == 0);
    client_says(n, "D");
    n->last[11 + 7] ^= 1; /* the random part: no session has this CID */
    EXPECT(to_server(n, &attacker, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_DROP);
    n->last[11 + 7] ^= 1;
    n->last[11 + 3] = 200; /* slot 200: out of range */
    EXPECT(to_server(n, &attacker, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_DROP);
    n->last[11] = 9; /* worker 9 */
    EXPECT(to_server(n, &attacker, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_WORKER);
    uint8_t wb = 0;
    EXPECT_OK(nxdtls_cid_route_byte(n->last, n->last_len, 8, &wb));
    EXPECT(wb == 9);
    EXPECT_CODE(nxdtls_cid_route_byte(n->last, 20, 8, &wb), NX_NOT_SUCCESSFUL);
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&n->server, n->now, &attacker, n->last, n->last_len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_WORKER && r.worker == 9 && r.conn == NULL);

    /* After release the session's CID routes nowhere. */
    client_says(n, "E");
    size_t slot = n->slot;
    EXPECT_OK(nxdtls_server_release(&n->server, slot));
    EXPECT(to_server(n, &p3, n->last, n->last_len, &moved, &got) == NXDTLS_ROUTE_DROP);
    net_free(n);
    free(n);
}

/* A worker's CIDs carry its number. */
static void worker_byte(void)
{
    struct net *n = calloc(1, sizeof *n);
    net_setup(n, 0, 5);
    handshake(n);
    const uint8_t *own, *peer;
    size_t own_len, peer_len;
    EXPECT_OK(nxdtls_conn_cid(&n->client.conn, &own, &own_len, &peer, &peer_len));
    EXPECT(own_len == 0 && peer_len == 8 && peer[0] == 5);
    client_says(n, "x");
    uint8_t wb = 0;
    EXPECT_OK(nxdtls_cid_route_byte(n->last, n->last_len, 8, &wb));
    EXPECT(wb == 5);
    net_free(n);
    free(n);
}

/* Servers given one cookie secret accept each other's cookies; others do not. */
static void shared_cookie_secret(void)
{
    struct net *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b), *c = calloc(1, sizeof *c);
    net_setup(a, 4, 0);
    net_setup(b, 4, 1);
    net_setup(c, 4, 2);
    uint8_t secret[32];
    memset(secret, 0x5A, sizeof secret);
    EXPECT_OK(nxdtls_server_set_cookie_secret(&a->server, secret, 1000));
    EXPECT_OK(nxdtls_server_set_cookie_secret(&b->server, secret, 1000));
    static const uint16_t suites[] = {0x00A8};
    uint8_t random[32], d[512], cookie[255];
    memset(random, 0x42, sizeof random);
    nxdtls_addr who = addr4(20, 41000);
    size_t len = simnet_client_hello(d, sizeof d, 0xFEFF, 0, 0, random, NULL, 0, suites, 1);
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&a->server, 1000, &who, d, len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_REPLY);
    long clen = simnet_find_cookie(r.reply, r.reply_len, cookie, sizeof cookie);
    EXPECT(clen > 0);
    len = simnet_client_hello(d, sizeof d, 0xFEFD, 1, 1, random, cookie, (size_t)clen, suites, 1);
    EXPECT_OK(nxdtls_server_route(&c->server, 2000, &who, d, len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_REPLY); /* another secret */
    EXPECT_OK(nxdtls_server_route(&b->server, 61000, &who, d, len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_NEW); /* next period: the previous secret still accepts it */
    EXPECT_OK(nxdtls_server_release(&b->server, r.slot));
    nxdtls_addr who2 = addr4(20, 41001);
    EXPECT_OK(nxdtls_server_route(&b->server, 200000, &who2, d, len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_REPLY); /* two periods later: expired (and another address) */
    EXPECT_OK(nxdtls_server_route(&b->server, 200000, &who, d, len, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_REPLY);
    net_free(a);
    net_free(b);
    net_free(c);
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    hundred_rebindings(4); /* CIDs both ways */
    hundred_rebindings(0); /* the client asks for none: only its records carry the server's CID */
    replay_forge_reorder();
    worker_byte();
    shared_cookie_secret();
    return test_finish("dtls/cid_server");
}
