/* SPDX-License-Identifier: MIT */
/* cert_sim_test: certificate handshakes over simnet (DESIGN.md "Tests"), the way sim_test runs PSK ones: a
 * client engine and a server (nxdtls_server_* with the cookie exchange + nxdtls_conn_*) on a network that
 * loses 30% of datagrams, duplicates 10% and reorders 20%, at MTU 300, so the server's certificate flight is
 * cut into many datagrams that must all arrive. ECDHE-ECDSA with the P-256 chain (and, in half the runs, a
 * client certificate the server requires), then application data both ways. Every run must complete or end
 * with the client's NX_NO_PACKET within the time bound. NXDTLS_SIM_SEED=<n> reruns one verbosely. */
#include <stdlib.h>
#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_tables.h"
#include "simnet.h"
#include "test.h"

#include "nxdtls.h"

#define CLIENT 0
#define SERVER 1
#define SLOTS  2
#define REASM  16384
#define BUF    4096

/* The client's worst case: each of its flights may stall for the whole retransmission schedule,
 * 1+2+4+8+16+32+60*5 = 363 s (NETX_API.md 7.2), and a PSK handshake has two client flights before the
 * server's Finished; plus the ping phase. 30 virtual minutes is far above any legitimate end. */
#define LIMIT_MS (30ull * 60 * 1000)
#define PING_MS  500

static int verbose;

struct world {
    struct simnet net;
    struct simnet_rng client_rng, server_rng;
    uint16_t suite;
    NX_SECURE_X509_CERTIFICATE_STORE cstore, sstore;
    struct fix_cert sleaf, sint, croot, sroot, cleaf, cint;
    _Alignas(8) uint8_t cslots[4 * 2600];
    _Alignas(8) uint8_t sslots[SLOTS][4 * 2600];
    nxdtls_config ccfg, scfg;
    nxdtls_conn client;
    _Alignas(16) uint8_t cmeta[65536];
    uint8_t creasm[REASM];
    nxdtls_server server;
    nxdtls_conn sconns[SLOTS];
    _Alignas(16) uint8_t smeta[SLOTS][65536];
    uint8_t sreasm[SLOTS][REASM];
    _Alignas(16) uint8_t index[1024];
    int slot_used[SLOTS];
    /* outcome */
    int client_got_echo, server_got_ping, client_done_event;
    UINT client_err, server_err;
    uint64_t now, next_ping, end_ms;
    unsigned handshakes_done_server;
};

static struct world w;

static void send_dgram(int from, int to, const uint8_t *d, size_t n)
{
    if (verbose) {
        printf("%8llu ms %s -> %zu bytes (type %u)\n", (unsigned long long)w.now,
               from == CLIENT ? "C" : "S", n, n > 0 ? d[0] : 0);
    }
    simnet_send(&w.net, from, to, d, n, w.now);
}

static void flush(nxdtls_conn *conn, int from)
{
    uint8_t out[BUF];
    for (int guard = 0; guard < 64; guard++) {
        size_t n = 0;
        UINT st = nxdtls_conn_output(conn, w.now, out, sizeof out, &n);
        if (st != NX_SUCCESS || n == 0) {
            return;
        }
        send_dgram(from, from == CLIENT ? SERVER : CLIENT, out, n);
    }
}

static void flush_all(void)
{
    flush(&w.client, CLIENT);
    for (size_t i = 0; i < SLOTS; i++) {
        if (w.slot_used[i]) {
            flush(&w.sconns[i], SERVER);
        }
    }
}

static void release_slot(size_t slot)
{
    if (w.slot_used[slot]) {
        EXPECT_OK(nxdtls_server_release(&w.server, slot));
        w.slot_used[slot] = 0;
    }
}

/* feed runs one datagram through a connection; returns the failure code or NX_SUCCESS. */
static UINT feed(nxdtls_conn *conn, uint8_t *d, size_t n, int side, size_t slot)
{
    uint8_t *cur = d;
    size_t rem = n;
    for (int guard = 0; guard < 1000 && rem > 0; guard++) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        size_t before = rem;
        UINT st = nxdtls_conn_input(conn, w.now, &cur, &rem, &app, &app_len);
        if (st != NX_SUCCESS) {
            return st;
        }
        if (app_len > 0) {
            if (side == SERVER) {
                w.server_got_ping = 1;
                uint8_t out[BUF];
                size_t out_len = 0;
                /* Echo it back. */
                if (nxdtls_conn_write(conn, app, app_len, out, sizeof out, &out_len) ==
                        NX_SUCCESS &&
                    out_len > 0) {
                    send_dgram(SERVER, CLIENT, out, out_len);
                }
                (void)slot;
            } else if (app_len == 9 && memcmp(app, "ping-pong", 9) == 0) {
                w.client_got_echo = 1;
            }
        } else if (rem == before) {
            break;
        }
    }
    return NX_SUCCESS;
}

static void to_server(uint8_t *d, size_t n)
{
    nxdtls_addr peer;
    memset(&peer, 0, sizeof peer);
    peer.family = 4;
    peer.port = 40000;
    peer.ip[0] = 127;
    peer.ip[3] = 1;
    nxdtls_route r;
    UINT st = nxdtls_server_route(&w.server, w.now, &peer, d, n, &r);
    if (st != NX_SUCCESS) {
        w.server_err = st;
        return;
    }
    switch (r.kind) {
    case NXDTLS_ROUTE_REPLY:
    case NXDTLS_ROUTE_FULL:
        send_dgram(SERVER, CLIENT, r.reply, r.reply_len);
        return;
    case NXDTLS_ROUTE_NEW:
        w.slot_used[r.slot] = 1;
        EXPECT_OK(nxdtls_conn_set_remote_certificates(r.conn, w.sslots[r.slot],
                                                      sizeof w.sslots[r.slot], 4));
        if (r.superseded != NXDTLS_NO_SLOT) {
            release_slot(r.superseded);
        }
        break;
    case NXDTLS_ROUTE_SESSION:
        break;
    default:
        return;
    }
    st = feed(r.conn, d, n, SERVER, r.slot);
    if (nxdtls_conn_events(r.conn) & NXDTLS_EVENT_HANDSHAKE_DONE) {
        w.handshakes_done_server++;
    }
    if (st != NX_SUCCESS) {
        /* What a server app does with a failed session: note it and free the slot. */
        w.server_err = st;
        release_slot(r.slot);
    }
}

static uint64_t next_event(void)
{
    uint64_t t = simnet_next_delivery(&w.net);
    uint64_t c = nxdtls_conn_next_timeout(&w.client);
    t = c < t ? c : t;
    for (size_t i = 0; i < SLOTS; i++) {
        if (w.slot_used[i]) {
            uint64_t s = nxdtls_conn_next_timeout(&w.sconns[i]);
            t = s < t ? s : t;
        }
    }
    if (nxdtls_conn_is_established(&w.client) && !w.client_got_echo) {
        t = w.next_ping < t ? w.next_ping : t;
    }
    return t;
}

enum outcome { DONE, CLIENT_GAVE_UP, OTHER_FAILURE, STUCK, TOO_LONG };

static const char *outcome_name(enum outcome o)
{
    static const char *names[] = {"completed", "client NX_NO_PACKET", "other failure", "stuck",
                                  "time bound"};
    return names[o];
}

static ULONG sim_time(void)
{
    return 1750000000u; /* 2025: inside the test PKI's validity */
}

/* load_pki gives the server its EC identity (leaf + intermediate) and the client the EC root; with
 * client_cert, the client its RSA identity and the server the RSA root, and the server requires it. */
static int load_pki(int client_cert)
{
    UINT st = fix_load(&w.sleaf, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER);
    st = st != NX_SUCCESS ? st : fix_load(&w.sint, "ec-int", NULL, 0);
    st = st != NX_SUCCESS ? st : fix_load(&w.croot, "ec-root", NULL, 0);
    st = st != NX_SUCCESS ? st : x509_store_add(&w.sstore, X509_STORE_LOCAL, &w.sleaf.cert, 1);
    st = st != NX_SUCCESS ? st : x509_store_add(&w.sstore, X509_STORE_LOCAL, &w.sint.cert, 2);
    st = st != NX_SUCCESS ? st : x509_store_add(&w.cstore, X509_STORE_TRUSTED, &w.croot.cert, 3);
    if (st == NX_SUCCESS && client_cert) {
        st = fix_load(&w.cleaf, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER);
        st = st != NX_SUCCESS ? st : fix_load(&w.cint, "rsa-int", NULL, 0);
        st = st != NX_SUCCESS ? st : fix_load(&w.sroot, "rsa-root", NULL, 0);
        st = st != NX_SUCCESS ? st : x509_store_add(&w.cstore, X509_STORE_LOCAL, &w.cleaf.cert, 4);
        st = st != NX_SUCCESS ? st : x509_store_add(&w.cstore, X509_STORE_LOCAL, &w.cint.cert, 5);
        st =
            st != NX_SUCCESS ? st : x509_store_add(&w.sstore, X509_STORE_TRUSTED, &w.sroot.cert, 6);
    }
    EXPECT_OK(st);
    return st == NX_SUCCESS;
}

static enum outcome run(uint64_t seed, const struct simnet_params *p, uint16_t suite, uint16_t mtu)
{
    memset(&w, 0, sizeof w);
    simnet_init(&w.net, seed, p);
    simnet_rng_seed(&w.client_rng, seed * 2 + 1);
    simnet_rng_seed(&w.server_rng, seed * 2 + 2);
    w.suite = suite;
    int client_cert = (seed & 1u) != 0;
    if (!load_pki(client_cert)) {
        return OTHER_FAILURE;
    }

    w.ccfg.role = NXDTLS_ROLE_CLIENT;
    w.ccfg.crypto = &nx_crypto_tls_ciphers_ecc;
    w.ccfg.ciphersuites = &w.suite;
    w.ccfg.ciphersuite_count = 1;
    w.ccfg.certificates = &w.cstore;
    w.ccfg.server_name = (const uint8_t *)"localhost";
    w.ccfg.server_name_len = 9;
    w.ccfg.time_function = sim_time;
    w.ccfg.mtu = mtu;
    w.ccfg.random = simnet_random;
    w.ccfg.random_ctx = &w.client_rng;
    w.scfg = w.ccfg;
    w.scfg.role = NXDTLS_ROLE_SERVER;
    w.scfg.ciphersuites = NULL;
    w.scfg.ciphersuite_count = 0;
    w.scfg.certificates = &w.sstore;
    w.scfg.server_name = NULL;
    w.scfg.server_name_len = 0;
    w.scfg.verify_client = (uint8_t)client_cert;
    w.scfg.random_ctx = &w.server_rng;

    size_t meta = nxdtls_metadata_size(&nx_crypto_tls_ciphers_ecc);
    if (meta > sizeof w.cmeta || nxdtls_server_index_size(SLOTS) > sizeof w.index) {
        fprintf(stderr, "metadata %zu or index too large for the fixture\n", meta);
        return OTHER_FAILURE;
    }
    UINT st =
        nxdtls_conn_init(&w.client, &w.ccfg, w.cmeta, sizeof w.cmeta, w.creasm, sizeof w.creasm);
    EXPECT_OK(st);
    EXPECT_OK(nxdtls_conn_set_remote_certificates(&w.client, w.cslots, sizeof w.cslots, 4));
    st = nxdtls_server_init(&w.server, &w.scfg, w.sconns, SLOTS, &w.smeta[0][0], sizeof w.smeta[0],
                            &w.sreasm[0][0], REASM, w.index, sizeof w.index, 0);
    EXPECT_OK(st);
    EXPECT_OK(nxdtls_conn_connect(&w.client, 0));
    flush_all();

    enum outcome result = STUCK;
    for (unsigned long steps = 0;; steps++) {
        if (steps > 2000000) {
            result =
                STUCK; /* time does not advance: an engine keeps asking for a timer it does not clear */
            break;
        }
        if (w.client_got_echo && w.server_got_ping) {
            result = DONE;
            break;
        }
        uint64_t t = next_event();
        if (t == UINT64_MAX) {
            result = STUCK;
            break;
        }
        if (t > LIMIT_MS) {
            result = TOO_LONG;
            break;
        }
        if (t > w.now) {
            w.now = t;
        }
        int from, to;
        uint8_t d[SIMNET_MAX_DGRAM];
        size_t n;
        while (simnet_deliver(&w.net, w.now, &from, &to, d, sizeof d, &n)) {
            if (to == SERVER) {
                to_server(d, n);
            } else if (w.client_err == NX_SUCCESS) {
                st = feed(&w.client, d, n, CLIENT, 0);
                if (nxdtls_conn_events(&w.client) & NXDTLS_EVENT_HANDSHAKE_DONE) {
                    w.client_done_event = 1;
                    w.next_ping = w.now;
                }
                if (st != NX_SUCCESS) {
                    w.client_err = st;
                }
            }
            flush_all();
        }
        if (w.client_err != NX_SUCCESS) {
            break;
        }
        if (nxdtls_conn_next_timeout(&w.client) <= w.now) {
            st = nxdtls_conn_timeout(&w.client, w.now);
            if (st != NX_SUCCESS) {
                w.client_err = st;
                break;
            }
        }
        for (size_t i = 0; i < SLOTS; i++) {
            if (w.slot_used[i] && nxdtls_conn_next_timeout(&w.sconns[i]) <= w.now) {
                st = nxdtls_conn_timeout(&w.sconns[i], w.now);
                if (st != NX_SUCCESS) {
                    w.server_err = st;
                    release_slot(i);
                }
            }
        }
        if (nxdtls_conn_is_established(&w.client) && !w.client_got_echo && w.now >= w.next_ping) {
            uint8_t out[BUF];
            size_t out_len = 0;
            EXPECT_OK(nxdtls_conn_write(&w.client, (const uint8_t *)"ping-pong", 9, out, sizeof out,
                                        &out_len));
            send_dgram(CLIENT, SERVER, out, out_len);
            w.next_ping = w.now + PING_MS;
        }
        flush_all();
    }
    if (w.client_err != NX_SUCCESS) {
        result = w.client_err == NX_NO_PACKET ? CLIENT_GAVE_UP : OTHER_FAILURE;
    }
    w.end_ms = w.now;
    nxdtls_conn_free(&w.client);
    for (size_t i = 0; i < SLOTS; i++) {
        release_slot(i);
    }
    return result;
}

/* The ECDHE-ECDSA suites of the default ECC table. */
static const uint16_t ecdsa_suites[] = {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256};

struct tally {
    unsigned count[5];
    uint64_t max_done_ms, max_fail_ms;
};

static void one(struct tally *t, uint64_t seed, const struct simnet_params *p,
                const uint16_t *suites, size_t ns, int corrupt)
{
    uint16_t suite = suites[(seed / 2) % ns];
    uint16_t mtu = 300;
    struct simnet_params q = *p;
    q.mtu = mtu;
    enum outcome o = run(seed, &q, suite, mtu);
    t->count[o]++;
    if (o == DONE && w.end_ms > t->max_done_ms) {
        t->max_done_ms = w.end_ms;
    }
    if (o != DONE && w.end_ms > t->max_fail_ms) {
        t->max_fail_ms = w.end_ms;
    }
    /* Without corruption, the only acceptable failure is the client's retransmission limit. With
     * corruption a damaged epoch-0 message may also fail the Finished check: any code, but no crash, no
     * hang and within the bound. */
    int bad = o == STUCK || o == TOO_LONG || (o == OTHER_FAILURE && !corrupt);
    if (bad || verbose || o == OTHER_FAILURE) {
        printf("seed %llu suite 0x%04x mtu %u: %s after %llu ms (client 0x%x, server 0x%x, server "
               "handshakes %u, "
               "net sent %llu lost %llu dup %llu)\n",
               (unsigned long long)seed, suite, mtu, outcome_name(o), (unsigned long long)w.end_ms,
               w.client_err, w.server_err, w.handshakes_done_server,
               (unsigned long long)w.net.stats.sent, (unsigned long long)w.net.stats.lost,
               (unsigned long long)w.net.stats.duplicated);
    }
    EXPECT(!bad);
}

int main(void)
{
    const uint16_t *suites = ecdsa_suites;
    size_t ns = sizeof ecdsa_suites / sizeof ecdsa_suites[0];
    const unsigned seeds = 1000;

    const char *one_seed = getenv("NXDTLS_SIM_SEED");
    struct simnet_params lossy = {.loss_ppm = 300000,
                                  .duplicate_ppm = 100000,
                                  .reorder_ppm = 200000,
                                  .delay_min_ms = 5,
                                  .delay_max_ms = 50,
                                  .reorder_ms = 300};
    if (one_seed != NULL) {
        verbose = 1;
        struct tally t = {0};
        one(&t, strtoull(one_seed, NULL, 10), &lossy, suites, ns, 0);
        return test_finish("dtls/cert_sim (one seed)");
    }

    /* Sanity: a perfect network completes every suite with and without a client certificate, and the
     * certificate flight really is fragmented at MTU 300. */
    struct simnet_params perfect = {.delay_min_ms = 10, .delay_max_ms = 10, .mtu = 300};
    for (size_t i = 0; i < 2 * ns; i++) {
        EXPECT(run(i, &perfect, suites[i / 2], 300) == DONE);
        EXPECT(w.end_ms < 500);
        EXPECT(w.server_err == NX_SUCCESS && w.client_err == NX_SUCCESS &&
               w.handshakes_done_server == 1);
        EXPECT(w.net.stats.sent >= 12);
    }

    /* Reproducible: the same seed gives the same run, to the millisecond and the datagram. */
    for (uint64_t seed = 1; seed <= 6; seed++) {
        struct simnet_params q = lossy;
        q.mtu = 300;
        enum outcome a = run(seed, &q, suites[seed % ns], 300);
        uint64_t end = w.end_ms;
        struct simnet_stats st = w.net.stats;
        enum outcome b = run(seed, &q, suites[seed % ns], 300);
        EXPECT(a == b && end == w.end_ms && memcmp(&st, &w.net.stats, sizeof st) == 0);
    }

    struct tally t = {0};
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        one(&t, seed, &lossy, suites, ns, 0);
    }
    printf("lossy (30%% loss, 10%% dup, 20%% reorder, MTU 300): %u seeds: %u completed, %u client "
           "NX_NO_PACKET, %u other, %u stuck, %u over the bound; slowest completion %llu ms, "
           "latest give-up "
           "%llu ms\n",
           seeds, t.count[DONE], t.count[CLIENT_GAVE_UP], t.count[OTHER_FAILURE], t.count[STUCK],
           t.count[TOO_LONG], (unsigned long long)t.max_done_ms, (unsigned long long)t.max_fail_ms);
    /* A certificate flight is about a dozen datagrams: at 30% loss hardly one try delivers it whole, but
     * reassembly keeps what arrived (RFC 6347 4.2.3), so each retransmission fills gaps and runs complete. */
    EXPECT(t.count[DONE] >= seeds * 95 / 100);
    return test_finish("dtls/cert_sim");
}
