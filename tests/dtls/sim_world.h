/* SPDX-License-Identifier: MIT */
/* sim_world.h: the simulated world of the simnet tests (header only, static functions; included by
 * tests/dtls/sim_test.c and cert_sim_test.c). A client engine (nxdtls_conn_*) and a server (nxdtls_server_*
 * with the cookie exchange + nxdtls_conn_*) on simnet, a lossy network with a virtual clock (docs/design.md
 * "Tests"). One run is a handshake, then application data both ways: a ping the client repeats every
 * 500 ms until the server's echo arrives, since DTLS does not retransmit application data. A run depends
 * only on its seed. What differs per test (credentials, crypto table, what a new connection needs before
 * its first datagram) comes in through struct sim_world_hooks; buffer sizes through the macros below. */
#ifndef NXDTLS_TEST_DTLS_SIM_WORLD_H
#define NXDTLS_TEST_DTLS_SIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "simnet.h"
#include "test.h"

#include "nxdtls.h"

/* Sizes; a test may define larger ones before including this header (certificate flights need more). */
#ifndef SIM_WORLD_REASM
#define SIM_WORLD_REASM 8192
#endif
#ifndef SIM_WORLD_BUF
#define SIM_WORLD_BUF 4096
#endif
#define SIM_WORLD_SLOTS 2
#define SIM_WORLD_META  65536

#define SIM_CLIENT 0
#define SIM_SERVER 1

/* The client's worst case: each of its flights may stall for the whole retransmission schedule,
 * 1+2+4+8+16+32+60*5 = 363 s (docs/netx-api.md 7.2), and a handshake has two client flights before the
 * server's Finished; plus the ping phase. 30 virtual minutes is far above any legitimate end. */
#define SIM_WORLD_LIMIT_MS (30ull * 60 * 1000)
#define SIM_WORLD_PING_MS  500

struct sim_world_hooks {
    const NX_SECURE_TLS_CRYPTO *crypto;
    /* setup adds the credentials to sw.ccfg and sw.scfg, which hold everything else already; false fails
     * the run. */
    bool (*setup)(uint64_t seed);
    /* conn_ready, if set, runs on the client after its init (slot 0) and on each server connection the
     * router opens (NXDTLS_ROUTE_NEW), before its first datagram. */
    void (*conn_ready)(nxdtls_conn *conn, int side, size_t slot);
};

struct sim_world {
    struct simnet net;
    struct simnet_rng client_rng, server_rng;
    uint16_t suite;
    nxdtls_config ccfg, scfg;
    nxdtls_conn client;
    _Alignas(16) uint8_t cmeta[SIM_WORLD_META];
    uint8_t creasm[SIM_WORLD_REASM];
    nxdtls_server server;
    nxdtls_conn sconns[SIM_WORLD_SLOTS];
    _Alignas(16) uint8_t smeta[SIM_WORLD_SLOTS][SIM_WORLD_META];
    uint8_t sreasm[SIM_WORLD_SLOTS][SIM_WORLD_REASM];
    _Alignas(16) uint8_t index[1024];
    int slot_used[SIM_WORLD_SLOTS];
    const struct sim_world_hooks *hooks;
    int verbose;
    /* outcome */
    int client_got_echo, server_got_ping, client_done_event;
    UINT client_err, server_err;
    uint64_t now, next_ping, end_ms;
    unsigned handshakes_done_server;
};

/* The one world of the test binary; it is large, so it lives here rather than on the stack. */
static struct sim_world sw;

enum sim_outcome { SIM_DONE, SIM_CLIENT_GAVE_UP, SIM_OTHER_FAILURE, SIM_STUCK, SIM_TOO_LONG };

static inline const char *sim_world_outcome_name(enum sim_outcome o)
{
    static const char *names[] = {"completed", "client NX_NO_PACKET", "other failure", "stuck",
                                  "time bound"};
    return names[o];
}

static inline void sim_world_send(int from, int to, const uint8_t *d, size_t n)
{
    if (sw.verbose) {
        printf("%8llu ms %s -> %zu bytes (type %u)\n", (unsigned long long)sw.now,
               from == SIM_CLIENT ? "C" : "S", n, n > 0 ? d[0] : 0);
    }
    simnet_send(&sw.net, from, to, d, n, sw.now);
}

static inline void sim_world_flush(nxdtls_conn *conn, int from)
{
    uint8_t out[SIM_WORLD_BUF];
    for (int guard = 0; guard < 64; guard++) {
        size_t n = 0;
        UINT st = nxdtls_conn_output(conn, sw.now, out, sizeof out, &n);
        if (st != NX_SUCCESS || n == 0) {
            return;
        }
        sim_world_send(from, from == SIM_CLIENT ? SIM_SERVER : SIM_CLIENT, out, n);
    }
}

static inline void sim_world_flush_all(void)
{
    sim_world_flush(&sw.client, SIM_CLIENT);
    for (size_t i = 0; i < SIM_WORLD_SLOTS; i++) {
        if (sw.slot_used[i]) {
            sim_world_flush(&sw.sconns[i], SIM_SERVER);
        }
    }
}

static inline void sim_world_release(size_t slot)
{
    if (sw.slot_used[slot]) {
        EXPECT_OK(nxdtls_server_release(&sw.server, slot));
        sw.slot_used[slot] = 0;
    }
}

/* sim_world_feed runs one datagram through a connection; returns the failure code or NX_SUCCESS. The
 * server echoes what it reads; the client notes the echo. */
static inline UINT sim_world_feed(nxdtls_conn *conn, uint8_t *d, size_t n, int side)
{
    uint8_t *cur = d;
    size_t rem = n;
    for (int guard = 0; guard < 1000 && rem > 0; guard++) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        size_t before = rem;
        UINT st = nxdtls_conn_input(conn, sw.now, &cur, &rem, &app, &app_len);
        if (st != NX_SUCCESS) {
            return st;
        }
        if (app_len > 0) {
            if (side == SIM_SERVER) {
                sw.server_got_ping = 1;
                uint8_t out[SIM_WORLD_BUF];
                size_t out_len = 0;
                if (nxdtls_conn_write(conn, app, app_len, out, sizeof out, &out_len) ==
                        NX_SUCCESS &&
                    out_len > 0) {
                    sim_world_send(SIM_SERVER, SIM_CLIENT, out, out_len);
                }
            } else if (app_len == 9 && memcmp(app, "ping-pong", 9) == 0) {
                sw.client_got_echo = 1;
            }
        } else if (rem == before) {
            break;
        }
    }
    return NX_SUCCESS;
}

static inline void sim_world_to_server(uint8_t *d, size_t n)
{
    /* The one client, at 127.0.0.1:40000; the router compares addresses as bytes, all set here. */
    static const nxdtls_addr peer = {.family = 4, .pad_ = 0, .port = 40000, .ip = {127, 0, 0, 1}};
    nxdtls_route r;
    UINT st = nxdtls_server_route(&sw.server, sw.now, &peer, d, n, &r);
    if (st != NX_SUCCESS) {
        sw.server_err = st;
        return;
    }
    switch (r.kind) {
    case NXDTLS_ROUTE_REPLY:
    case NXDTLS_ROUTE_FULL:
        sim_world_send(SIM_SERVER, SIM_CLIENT, r.reply, r.reply_len);
        return;
    case NXDTLS_ROUTE_NEW:
        sw.slot_used[r.slot] = 1;
        if (sw.hooks->conn_ready != NULL) {
            sw.hooks->conn_ready(r.conn, SIM_SERVER, r.slot);
        }
        if (r.superseded != NXDTLS_NO_SLOT) {
            sim_world_release(r.superseded);
        }
        break;
    case NXDTLS_ROUTE_SESSION:
        break;
    default:
        return;
    }
    st = sim_world_feed(r.conn, d, n, SIM_SERVER);
    if (nxdtls_conn_events(r.conn) & NXDTLS_EVENT_HANDSHAKE_DONE) {
        sw.handshakes_done_server++;
    }
    if (st != NX_SUCCESS) {
        /* What a server app does with a failed session: note it and free the slot. */
        sw.server_err = st;
        sim_world_release(r.slot);
    }
}

static inline uint64_t sim_world_next_event(void)
{
    uint64_t t = simnet_next_delivery(&sw.net);
    uint64_t c = nxdtls_conn_next_timeout(&sw.client);
    t = c < t ? c : t;
    for (size_t i = 0; i < SIM_WORLD_SLOTS; i++) {
        if (sw.slot_used[i]) {
            uint64_t s = nxdtls_conn_next_timeout(&sw.sconns[i]);
            t = s < t ? s : t;
        }
    }
    if (nxdtls_conn_is_established(&sw.client) && !sw.client_got_echo) {
        t = sw.next_ping < t ? sw.next_ping : t;
    }
    return t;
}

/* sim_world_init fills the world for one seed: network, RNGs, the configuration both sides share, the
 * test's credentials (hooks->setup), then both engines; false when the fixture cannot hold the run. */
static inline bool sim_world_init(uint64_t seed, const struct simnet_params *p, uint16_t suite,
                                  uint16_t mtu, const struct sim_world_hooks *hooks)
{
    int verbose = sw.verbose;
    memset(&sw, 0, sizeof sw);
    sw.verbose = verbose;
    sw.hooks = hooks;
    simnet_init(&sw.net, seed, p);
    simnet_rng_seed(&sw.client_rng, seed * 2 + 1);
    simnet_rng_seed(&sw.server_rng, seed * 2 + 2);
    sw.suite = suite;

    sw.ccfg.role = NXDTLS_ROLE_CLIENT;
    sw.ccfg.crypto = hooks->crypto;
    sw.ccfg.ciphersuites = &sw.suite;
    sw.ccfg.ciphersuite_count = 1;
    sw.ccfg.mtu = mtu;
    sw.ccfg.random = simnet_random;
    sw.ccfg.random_ctx = &sw.client_rng;
    sw.scfg = sw.ccfg;
    sw.scfg.role = NXDTLS_ROLE_SERVER;
    sw.scfg.ciphersuites = NULL;
    sw.scfg.ciphersuite_count = 0;
    sw.scfg.random_ctx = &sw.server_rng;
    if (!hooks->setup(seed)) {
        return false;
    }

    size_t meta = nxdtls_metadata_size(hooks->crypto);
    if (meta > sizeof sw.cmeta || nxdtls_server_index_size(SIM_WORLD_SLOTS) > sizeof sw.index) {
        fprintf(stderr, "metadata %zu or index too large for the fixture\n", meta);
        return false;
    }
    EXPECT_OK(nxdtls_conn_init(&sw.client, &sw.ccfg, sw.cmeta, sizeof sw.cmeta, sw.creasm,
                               sizeof sw.creasm));
    if (hooks->conn_ready != NULL) {
        hooks->conn_ready(&sw.client, SIM_CLIENT, 0);
    }
    EXPECT_OK(nxdtls_server_init(&sw.server, &sw.scfg, sw.sconns, SIM_WORLD_SLOTS, &sw.smeta[0][0],
                                 sizeof sw.smeta[0], &sw.sreasm[0][0], SIM_WORLD_REASM, sw.index,
                                 sizeof sw.index, 0));
    return true;
}

/* sim_world_step delivers what is due at the current time and runs the timers and the ping; false once
 * the client has failed. */
static inline bool sim_world_step(void)
{
    int from, to;
    uint8_t d[SIMNET_MAX_DGRAM];
    size_t n;
    while (simnet_deliver(&sw.net, sw.now, &from, &to, d, sizeof d, &n)) {
        if (to == SIM_SERVER) {
            sim_world_to_server(d, n);
        } else if (sw.client_err == NX_SUCCESS) {
            UINT st = sim_world_feed(&sw.client, d, n, SIM_CLIENT);
            if (nxdtls_conn_events(&sw.client) & NXDTLS_EVENT_HANDSHAKE_DONE) {
                sw.client_done_event = 1;
                sw.next_ping = sw.now;
            }
            if (st != NX_SUCCESS) {
                sw.client_err = st;
            }
        }
        sim_world_flush_all();
    }
    if (sw.client_err != NX_SUCCESS) {
        return false;
    }
    if (nxdtls_conn_next_timeout(&sw.client) <= sw.now) {
        UINT st = nxdtls_conn_timeout(&sw.client, sw.now);
        if (st != NX_SUCCESS) {
            sw.client_err = st;
            return false;
        }
    }
    for (size_t i = 0; i < SIM_WORLD_SLOTS; i++) {
        if (sw.slot_used[i] && nxdtls_conn_next_timeout(&sw.sconns[i]) <= sw.now) {
            UINT st = nxdtls_conn_timeout(&sw.sconns[i], sw.now);
            if (st != NX_SUCCESS) {
                sw.server_err = st;
                sim_world_release(i);
            }
        }
    }
    if (nxdtls_conn_is_established(&sw.client) && !sw.client_got_echo && sw.now >= sw.next_ping) {
        uint8_t out[SIM_WORLD_BUF];
        size_t out_len = 0;
        EXPECT_OK(nxdtls_conn_write(&sw.client, (const uint8_t *)"ping-pong", 9, out, sizeof out,
                                    &out_len));
        sim_world_send(SIM_CLIENT, SIM_SERVER, out, out_len);
        sw.next_ping = sw.now + SIM_WORLD_PING_MS;
    }
    sim_world_flush_all();
    return true;
}

/* sim_world_run runs one seed to its end: the echo, the client's failure, or a bound. */
static inline enum sim_outcome sim_world_run(uint64_t seed, const struct simnet_params *p,
                                             uint16_t suite, uint16_t mtu,
                                             const struct sim_world_hooks *hooks)
{
    if (!sim_world_init(seed, p, suite, mtu, hooks)) {
        return SIM_OTHER_FAILURE;
    }
    EXPECT_OK(nxdtls_conn_connect(&sw.client, 0));
    sim_world_flush_all();

    enum sim_outcome result = SIM_STUCK;
    for (unsigned long steps = 0;; steps++) {
        if (steps > 2000000) {
            /* Time does not advance: an engine keeps asking for a timer it does not clear. */
            result = SIM_STUCK;
            break;
        }
        if (sw.client_got_echo && sw.server_got_ping) {
            result = SIM_DONE;
            break;
        }
        uint64_t t = sim_world_next_event();
        if (t == UINT64_MAX) {
            result = SIM_STUCK;
            break;
        }
        if (t > SIM_WORLD_LIMIT_MS) {
            result = SIM_TOO_LONG;
            break;
        }
        if (t > sw.now) {
            sw.now = t;
        }
        if (!sim_world_step()) {
            break;
        }
    }
    if (sw.client_err != NX_SUCCESS) {
        result = sw.client_err == NX_NO_PACKET ? SIM_CLIENT_GAVE_UP : SIM_OTHER_FAILURE;
    }
    sw.end_ms = sw.now;
    nxdtls_conn_free(&sw.client);
    for (size_t i = 0; i < SIM_WORLD_SLOTS; i++) {
        sim_world_release(i);
    }
    return result;
}

/* sim_world_same_twice runs a seed twice and tells whether the runs match to the millisecond and the
 * datagram. */
static inline bool sim_world_same_twice(uint64_t seed, const struct simnet_params *p,
                                        uint16_t suite, uint16_t mtu,
                                        const struct sim_world_hooks *hooks)
{
    enum sim_outcome a = sim_world_run(seed, p, suite, mtu, hooks);
    uint64_t end = sw.end_ms;
    struct simnet_stats st = sw.net.stats;
    enum sim_outcome b = sim_world_run(seed, p, suite, mtu, hooks);
    return a == b && end == sw.end_ms && memcmp(&st, &sw.net.stats, sizeof st) == 0;
}

struct sim_tally {
    unsigned count[5];
    uint64_t max_done_ms, max_fail_ms;
};

/* sim_world_tally counts the run that just ended and checks it. Without corruption, the only acceptable
 * failure is the client's retransmission limit. With corruption a damaged epoch-0 message may also fail
 * the Finished check: any code, but no crash, no hang and within the bound. */
static inline void sim_world_tally(struct sim_tally *t, enum sim_outcome o, uint64_t seed,
                                   uint16_t suite, uint16_t mtu, int corrupt)
{
    t->count[o]++;
    if (o == SIM_DONE && sw.end_ms > t->max_done_ms) {
        t->max_done_ms = sw.end_ms;
    }
    if (o != SIM_DONE && sw.end_ms > t->max_fail_ms) {
        t->max_fail_ms = sw.end_ms;
    }
    int bad = o == SIM_STUCK || o == SIM_TOO_LONG || (o == SIM_OTHER_FAILURE && !corrupt);
    if (bad || sw.verbose || o == SIM_OTHER_FAILURE) {
        printf("seed %llu suite 0x%04x mtu %u: %s after %llu ms (client 0x%x, server 0x%x, server "
               "handshakes %u, net sent %llu lost %llu dup %llu)\n",
               (unsigned long long)seed, suite, mtu, sim_world_outcome_name(o),
               (unsigned long long)sw.end_ms, sw.client_err, sw.server_err,
               sw.handshakes_done_server, (unsigned long long)sw.net.stats.sent,
               (unsigned long long)sw.net.stats.lost, (unsigned long long)sw.net.stats.duplicated);
    }
    EXPECT(!bad);
}

/* sim_world_summary prints one set's figures. */
static inline void sim_world_summary(const char *set, unsigned seeds, const struct sim_tally *t)
{
    printf("%s: %u seeds: %u completed, %u client NX_NO_PACKET, %u other, %u stuck, %u over the "
           "bound; slowest completion %llu ms, latest give-up %llu ms\n",
           set, seeds, t->count[SIM_DONE], t->count[SIM_CLIENT_GAVE_UP],
           t->count[SIM_OTHER_FAILURE], t->count[SIM_STUCK], t->count[SIM_TOO_LONG],
           (unsigned long long)t->max_done_ms, (unsigned long long)t->max_fail_ms);
}

#endif
