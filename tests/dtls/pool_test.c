/* SPDX-License-Identifier: MIT */
/* pool_test: a pooled server (nxdtls_server_init_pooled) whose slots keep only their session part and borrow a
 * handshake unit from a pool sized to the handshakes that run at once. Real clients do full handshakes through
 * nxdtls_server_route: six sessions established over two units, a unit going back once the final flight is let
 * go, eviction of the oldest unfinished handshake (or ROUTE_FULL without eviction) when every unit is held,
 * renegotiations started by either side on a pooled slot (the new epoch's ciphers keyed in the unit, then moved
 * to the session part), a renegotiation refused with no_renegotiation while no unit is free, and RFC 9146 CID
 * routing, address updates and idle timeouts on slots that gave their unit back. */
#include "dtls/dtls_server.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "dtls/dtls_conn_internal.h"
#include "simnet.h"
#include "test.h"

#define SLOTS      6
#define CLIENTS    8
#define UNITS      2
#define UNIT_REASM 1024
#define CLIENT_MAX 4096
#define DGRAM_MAX  2048

struct client {
    nxdtls_conn conn;
    nxdtls_config cfg;
    struct simnet_rng rng;
    nxdtls_addr addr;
    size_t slot; /* NXDTLS_NO_SLOT until the server gave it one */
    int started;
    unsigned events;
    size_t got; /* application bytes received */
    _Alignas(8) uint8_t meta[CLIENT_MAX];
    uint8_t reasm[2048];
};

struct world {
    nxdtls_config cfg;
    NX_SECURE_TLS_PSK_STORE psk;
    struct simnet_rng rng;
    nxdtls_server server;
    nxdtls_conn conns[SLOTS];
    uint8_t *session;
    size_t session_each;
    uint8_t *units;
    size_t unit_size;
    void *index;
    size_t owner[SLOTS]; /* client of each slot, or CLIENTS */
    size_t slot_got[SLOTS];
    struct client clients[CLIENTS];
    uint64_t now;
};

static const uint16_t suites[] = {0xC0A8};

static void psk_set(NX_SECURE_TLS_PSK_STORE *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->nx_secure_tls_psk_id, "pool-client", 11);
    p->nx_secure_tls_psk_id_size = 11;
    memset(p->nx_secure_tls_psk_data, 0x5c, 16);
    p->nx_secure_tls_psk_data_size = 16;
}

static void world_init(struct world *w, int no_eviction, uint8_t cid_length)
{
    memset(w, 0, sizeof *w);
    psk_set(&w->psk);
    w->rng.state = 99;
    w->cfg.role = NXDTLS_ROLE_SERVER;
    w->cfg.crypto = &nx_crypto_tls_ciphers;
    w->cfg.psks = &w->psk;
    w->cfg.psk_count = 1;
    w->cfg.ciphersuites = suites;
    w->cfg.ciphersuite_count = 1;
    w->cfg.random = simnet_random;
    w->cfg.random_ctx = &w->rng;
    w->cfg.no_half_open_eviction = (uint8_t)no_eviction;
    w->cfg.cid_length = cid_length;
    w->session_each = nxdtls_session_metadata_size(w->cfg.crypto);
    w->unit_size = nxdtls_server_pool_unit_size(w->cfg.crypto, UNIT_REASM);
    w->session = malloc(SLOTS * w->session_each);
    w->units = malloc(UNITS * w->unit_size);
    size_t index_size = nxdtls_server_index_size(SLOTS);
    w->index = malloc(index_size);
    EXPECT_OK(nxdtls_server_init_pooled(&w->server, &w->cfg, w->conns, SLOTS, w->session,
                                        w->session_each, w->units, w->unit_size, UNITS, w->index,
                                        index_size, 0));
    for (size_t i = 0; i < SLOTS; i++) {
        w->owner[i] = CLIENTS;
    }
    for (size_t i = 0; i < CLIENTS; i++) {
        struct client *c = &w->clients[i];
        c->cfg = w->cfg;
        c->cfg.role = NXDTLS_ROLE_CLIENT;
        c->rng.state = 1000 + i;
        c->cfg.random_ctx = &c->rng;
        c->addr.family = 4;
        c->addr.ip[0] = 10;
        c->addr.ip[3] = (uint8_t)(i + 1);
        c->addr.port = (uint16_t)(4000 + i);
        c->slot = NXDTLS_NO_SLOT;
    }
    w->now = 1000;
}

static void world_free(struct world *w)
{
    for (size_t i = 0; i < SLOTS; i++) {
        if (w->owner[i] != CLIENTS) {
            EXPECT_OK(nxdtls_server_release(&w->server, i));
        }
    }
    EXPECT(dtls_server_pool_in_use(&w->server) == 0);
    for (size_t i = 0; i < CLIENTS; i++) {
        if (w->clients[i].started) {
            nxdtls_conn_free(&w->clients[i].conn);
        }
    }
    free(w->session);
    free(w->units);
    free(w->index);
}

static void client_start(struct world *w, size_t i)
{
    struct client *c = &w->clients[i];
    EXPECT_OK(
        nxdtls_conn_init(&c->conn, &c->cfg, c->meta, sizeof c->meta, c->reasm, sizeof c->reasm));
    EXPECT_OK(nxdtls_conn_connect(&c->conn, w->now));
    c->started = 1;
}

static void feed(nxdtls_conn *conn, uint64_t now, uint8_t *d, size_t n, size_t *got)
{
    uint8_t *cursor = d;
    size_t remaining = n;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(conn, now, &cursor, &remaining, &app, &app_len) != NX_SUCCESS) {
            break;
        }
        *got += app_len;
    }
}

/* from_client routes one client's pending datagrams; only_first stops after its first datagram. */
static unsigned from_client(struct world *w, size_t i, int only_first, nxdtls_route *last)
{
    struct client *c = &w->clients[i];
    unsigned moved = 0;
    uint8_t d[DGRAM_MAX];
    size_t n = 0;
    while (nxdtls_conn_output(&c->conn, w->now, d, sizeof d, &n) == NX_SUCCESS && n != 0) {
        moved++;
        nxdtls_route r;
        EXPECT_OK(nxdtls_server_route(&w->server, w->now, &c->addr, d, n, &r));
        if (last != NULL) {
            *last = r;
        }
        if (r.evicted != NXDTLS_NO_SLOT) {
            w->owner[r.evicted] = CLIENTS;
        }
        if (r.kind == NXDTLS_ROUTE_REPLY || r.kind == NXDTLS_ROUTE_FULL) {
            uint8_t reply[256];
            memcpy(reply, r.reply, r.reply_len);
            feed(&c->conn, w->now, reply, r.reply_len, &c->got);
        } else if (r.kind == NXDTLS_ROUTE_NEW || r.kind == NXDTLS_ROUTE_SESSION) {
            w->owner[r.slot] = i;
            c->slot = r.slot;
            feed(r.conn, w->now, d, n, &w->slot_got[r.slot]);
        }
        if (only_first) {
            break;
        }
    }
    c->events |= nxdtls_conn_events(&c->conn);
    return moved;
}

static unsigned from_slot(struct world *w, size_t slot)
{
    if (w->owner[slot] == CLIENTS) {
        return 0;
    }
    struct client *c = &w->clients[w->owner[slot]];
    unsigned moved = 0;
    uint8_t d[DGRAM_MAX];
    size_t n = 0;
    while (nxdtls_conn_output(&w->conns[slot], w->now, d, sizeof d, &n) == NX_SUCCESS && n != 0) {
        moved++;
        feed(&c->conn, w->now, d, n, &c->got);
    }
    c->events |= nxdtls_conn_events(&c->conn);
    return moved;
}

/* hello routes client i's ClientHello through the cookie exchange and returns the route of the cookie'd one. */
static int hello(struct world *w, size_t i, nxdtls_route *r)
{
    client_start(w, i);
    EXPECT(from_client(w, i, 1, r) == 1 && r->kind == NXDTLS_ROUTE_REPLY);
    EXPECT(from_client(w, i, 1, r) == 1);
    return r->kind;
}

static void pump(struct world *w)
{
    for (int round = 0; round < 64; round++) {
        unsigned moved = 0;
        for (size_t i = 0; i < CLIENTS; i++) {
            if (w->clients[i].started) {
                moved += from_client(w, i, 0, NULL);
            }
        }
        for (size_t s = 0; s < SLOTS; s++) {
            moved += from_slot(w, s);
        }
        if (moved == 0) {
            return;
        }
    }
}

/* send_data sends len bytes from client i and one record back from its slot. */
static void send_data(struct world *w, size_t i, size_t len)
{
    struct client *c = &w->clients[i];
    uint8_t payload[64], d[DGRAM_MAX];
    size_t n = 0;
    memset(payload, 0x42, sizeof payload);
    size_t before = w->slot_got[c->slot];
    EXPECT_OK(nxdtls_conn_write(&c->conn, payload, len, d, sizeof d, &n));
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&w->server, w->now, &c->addr, d, n, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_SESSION && r.slot == c->slot);
    feed(r.conn, w->now, d, n, &w->slot_got[c->slot]);
    EXPECT(w->slot_got[c->slot] == before + len);
    size_t got = c->got;
    EXPECT_OK(nxdtls_conn_write(&w->conns[c->slot], payload, len, d, sizeof d, &n));
    feed(&c->conn, w->now, d, n, &c->got);
    EXPECT(c->got == got + len);
}

static const struct dtls_conn *slot_state(struct world *w, size_t slot)
{
    return dtls_conn_of(&w->conns[slot]);
}

static void sizes(void)
{
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    size_t total = nxdtls_metadata_size(t);
    size_t session = nxdtls_session_metadata_size(t);
    size_t handshake = nxdtls_handshake_metadata_size(t);
    printf("metadata: %zu = session %zu + handshake %zu - 7; unit with %u reassembly: %zu\n", total,
           session, handshake, UNIT_REASM, nxdtls_server_pool_unit_size(t, UNIT_REASM));
    EXPECT(total == session + handshake - 7);
    EXPECT(session < handshake / 2);
    EXPECT(nxdtls_server_pool_unit_size(t, UNIT_REASM) == handshake + UNIT_REASM);
}

/* Six sessions over two units: each handshake returns its unit once the client's data shows the server's
 * final flight arrived; every session's records then run on its session part alone. */
static void sessions_over_few_units(void)
{
    static struct world w;
    world_init(&w, 0, 0);
    for (size_t i = 0; i < SLOTS; i++) {
        client_start(&w, i);
        pump(&w);
        EXPECT(nxdtls_conn_is_established(&w.clients[i].conn));
        size_t slot = w.clients[i].slot;
        EXPECT(slot != NXDTLS_NO_SLOT && nxdtls_conn_is_established(&w.conns[slot]));
        /* The server keeps its final flight until the client shows it arrived. */
        EXPECT(dtls_server_pool_in_use(&w.server) == 1);
        send_data(&w, i, 16);
        EXPECT(dtls_server_pool_in_use(&w.server) == 0);
        EXPECT(slot_state(&w, slot)->scratch == NULL && slot_state(&w, slot)->reasm_buf == NULL);
    }
    for (size_t i = 0; i < SLOTS; i++) {
        send_data(&w, i, 33);
    }
    EXPECT(nxdtls_server_active(&w.server) == SLOTS);
    world_free(&w);
}

/* Every unit held by an unfinished handshake: a newcomer evicts the oldest, or is refused without eviction. */
static void units_exhausted(int no_eviction)
{
    static struct world w;
    world_init(&w, no_eviction, 0);
    nxdtls_route r;
    for (size_t i = 0; i < UNITS; i++) {
        EXPECT(hello(&w, i, &r) == NXDTLS_ROUTE_NEW);
    }
    EXPECT(dtls_server_pool_in_use(&w.server) == UNITS);
    (void)hello(&w, UNITS, &r);
    if (no_eviction) {
        EXPECT(r.kind == NXDTLS_ROUTE_FULL);
        EXPECT(nxdtls_server_active(&w.server) == UNITS);
    } else {
        EXPECT(r.kind == NXDTLS_ROUTE_NEW && r.evicted == w.clients[0].slot);
        EXPECT(nxdtls_server_active(&w.server) == UNITS);
        /* The survivors and the newcomer complete. */
        w.clients[0].started = 0;
        nxdtls_conn_free(&w.clients[0].conn);
        pump(&w);
        for (size_t i = 1; i <= UNITS; i++) {
            EXPECT(nxdtls_conn_is_established(&w.clients[i].conn));
            send_data(&w, i, 8);
        }
        EXPECT(dtls_server_pool_in_use(&w.server) == 0);
    }
    world_free(&w);
}

/* Renegotiations on pooled slots: started by the server and by the client, each moving the new epoch's
 * ciphers from the unit to the session part; refused while every unit is held. */
static void renegotiation(void)
{
    static struct world w;
    world_init(&w, 0, 0);
    for (size_t i = 0; i < 2; i++) {
        client_start(&w, i);
        pump(&w);
        send_data(&w, i, 10);
    }
    EXPECT(dtls_server_pool_in_use(&w.server) == 0);

    /* The server asks (HelloRequest). */
    size_t slot = w.clients[0].slot;
    EXPECT_OK(nxdtls_conn_renegotiate(&w.conns[slot], w.now));
    EXPECT(dtls_server_pool_in_use(&w.server) == 1);
    pump(&w);
    EXPECT(slot_state(&w, slot)->wr_epoch == 2 && slot_state(&w, slot)->rd_epoch == 2);
    send_data(&w, 0, 20);
    EXPECT(dtls_server_pool_in_use(&w.server) == 0);
    EXPECT(slot_state(&w, slot)->rekey == 0 && slot_state(&w, slot)->scratch == NULL);

    /* The client asks. */
    size_t slot1 = w.clients[1].slot;
    EXPECT_OK(nxdtls_conn_renegotiate(&w.clients[1].conn, w.now));
    pump(&w);
    EXPECT(slot_state(&w, slot1)->rd_epoch == 2);
    send_data(&w, 1, 21);
    EXPECT(dtls_server_pool_in_use(&w.server) == 0 && slot_state(&w, slot1)->rekey == 0);

    /* Both units held by newcomers' unfinished handshakes: a second server-side renegotiation cannot start,
     * and a client's request gets no_renegotiation while the association carries on. */
    nxdtls_route r;
    for (size_t i = 2; i < 2 + UNITS; i++) {
        EXPECT(hello(&w, i, &r) == NXDTLS_ROUTE_NEW);
    }
    EXPECT(dtls_server_pool_in_use(&w.server) == UNITS);
    EXPECT_CODE(nxdtls_conn_renegotiate(&w.conns[slot], w.now),
                NX_SECURE_TLS_RENEGOTIATION_FAILURE);
    w.now += 20000; /* past the interval between renegotiations a peer may start */
    EXPECT_OK(nxdtls_conn_renegotiate(&w.clients[0].conn, w.now));
    EXPECT(from_client(&w, 0, 0, NULL) >= 1);
    EXPECT(from_slot(&w, slot) == 1); /* the no_renegotiation warning */
    EXPECT(nxdtls_conn_error(&w.clients[0].conn) == NX_SUCCESS);
    send_data(&w, 0, 30);
    world_free(&w);
}

/* RFC 9146 and idle timeouts on slots that gave their unit back: a session is found by its CID from a new
 * address and moves there (nxdtls_server_peer_update); one whose peer goes quiet past idle_timeout_ms sends
 * close_notify and fails with NX_NO_PACKET while the other carries on; its released slot serves a newcomer. */
static void cid_and_idle(void)
{
    static struct world w;
    world_init(&w, 0, 8);
    w.cfg.idle_timeout_ms = 5000; /* the server keeps a pointer to its configuration */
    for (size_t i = 0; i < 2; i++) {
        client_start(&w, i);
        pump(&w);
        send_data(&w, i, 12);
    }
    EXPECT(dtls_server_pool_in_use(&w.server) == 0);

    struct client *c = &w.clients[0];
    size_t slot = c->slot;
    c->addr.port = 5999; /* a NAT gave the client another port */
    uint8_t payload[16], d[DGRAM_MAX];
    size_t n = 0;
    memset(payload, 0x17, sizeof payload);
    EXPECT_OK(nxdtls_conn_write(&c->conn, payload, sizeof payload, d, sizeof d, &n));
    nxdtls_route r;
    EXPECT_OK(nxdtls_server_route(&w.server, w.now, &c->addr, d, n, &r));
    EXPECT(r.kind == NXDTLS_ROUTE_SESSION && r.slot == slot && r.by_cid);
    size_t before = w.slot_got[slot];
    feed(r.conn, w.now, d, n, &w.slot_got[slot]);
    EXPECT(w.slot_got[slot] == before + sizeof payload);
    int moved = 0;
    EXPECT_OK(nxdtls_server_peer_update(&w.server, slot, &c->addr, &moved));
    nxdtls_addr at;
    EXPECT_OK(nxdtls_server_peer(&w.server, slot, &at));
    EXPECT(moved == 1 && at.port == 5999);
    send_data(&w, 0, 9);
    EXPECT(dtls_server_pool_in_use(&w.server) == 0);

    w.now += 4000;
    send_data(&w, 1, 5); /* client 1 keeps talking; client 0 goes quiet */
    w.now += 2000;
    size_t slot1 = w.clients[1].slot;
    EXPECT(nxdtls_conn_next_timeout(&w.conns[slot]) <= w.now);
    EXPECT(nxdtls_conn_next_timeout(&w.conns[slot1]) > w.now);
    EXPECT_CODE(nxdtls_conn_timeout(&w.conns[slot], w.now), NX_NO_PACKET);
    EXPECT(from_slot(&w, slot) == 1); /* close_notify */
    EXPECT(dtls_server_pool_in_use(&w.server) == 0);
    EXPECT_OK(nxdtls_server_release(&w.server, slot));
    w.owner[slot] = CLIENTS;
    send_data(&w, 1, 6);
    client_start(&w, 2);
    pump(&w);
    EXPECT(nxdtls_conn_is_established(&w.clients[2].conn) && w.clients[2].slot == slot);
    send_data(&w, 2, 7);
    world_free(&w);
}

int main(void)
{
    sizes();
    sessions_over_few_units();
    units_exhausted(0);
    units_exhausted(1);
    renegotiation();
    cid_and_idle();
    return test_finish("pool");
}
