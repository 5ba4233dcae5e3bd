/* SPDX-License-Identifier: MIT */
/* dtls_record_fuzz: one datagram from the network, through everything that reads it before a handshake
 * state machine does: record framing (dtls_record_next), record protection (dtls_record_open with the null,
 * an AEAD and a CBC cipher under fixed keys), the replay window, handshake fragment parsing
 * (dtls_hs_frag_next), reassembly (dtls_reasm_add/take), the ClientHello parser, and the server's stateless
 * route (nxdtls_server_route) on a server with a fixed RNG, with cookies and without. Without cookies a
 * ClientHello takes a slot and the datagram goes on into that connection (nxdtls_conn_input). Then the
 * same input again, each record as a datagram of its own from one peer, as a ClientHello fragmented across
 * datagrams arrives (RFC 6347 4.2.3): fragment 0 answered or taking a slot, the later fragments routed to
 * it and reassembled by its connection, whose timer is then driven far into the future. The fixed RNG makes
 * the cookie secret the same for every input, so a seed can carry a valid cookie
 * (corpus/dtls_record_fuzz/client_hello_frag_cookie*).
 *
 * Everything is set up again for each input, so an input's result never depends on earlier ones.
 * Run: build with -DNXDTLS_FUZZ=ON (clang), then
 *   ./fuzz/dtls_record_fuzz_fuzzer -max_len=4096 fuzz/corpus/dtls_record_fuzz
 * (-max_len 4096: a datagram above the link MTU is not needed to reach any path here). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_reasm.h"
#include "dtls/dtls_record.h"
#include "dtls/dtls_replay.h"
#include "nxdtls.h"
#include "simnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 65536
#define SLOTS     2
#define META      65536
#define REASM     8192

static uint8_t datagram[MAX_INPUT];
static uint8_t scratch[MAX_INPUT];
static uint8_t reasm_buf[REASM];
static _Alignas(16) uint8_t area_aead[8192], area_cbc[8192], area_mac[8192];

static NX_SECURE_TLS_PSK_STORE psk;
static nxdtls_config config;
static struct simnet_rng rng;
static nxdtls_server server;
static nxdtls_conn conns[SLOTS];
static _Alignas(16) uint8_t metadata[SLOTS][META];
static uint8_t reassembly[SLOTS][REASM];
static _Alignas(16) uint8_t index_area[512];

static const NX_SECURE_TLS_CIPHERSUITE_INFO *row(uint16_t id)
{
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        if (t->nx_secure_tls_ciphersuite_lookup_table[i].nx_secure_tls_ciphersuite == id) {
            return &t->nx_secure_tls_ciphersuite_lookup_table[i];
        }
    }
    return NULL;
}

static void open_with(struct dtls_cipher *c, struct dtls_replay *window,
                      const struct dtls_record_hdr *h, struct wire_rd frag)
{
    if (frag.len != 0) {
        memcpy(scratch, frag.p, frag.len);
    }
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    if (dtls_replay_check(window, h->seq) &&
        dtls_record_open(c, h, scratch, frag.len, &plain, &plain_len) == NX_SUCCESS) {
        dtls_replay_accept(window, h->seq);
        /* The plaintext lies inside the fragment. */
        if (plain_len > frag.len || plain < scratch || plain + plain_len > scratch + frag.len) {
            __builtin_trap();
        }
    }
}

static void handshake(struct dtls_reasm *r, uint16_t *next_seq, int *have_seq, struct wire_rd body)
{
    struct dtls_hs_frag f;
    while (dtls_hs_frag_next(&body, &f)) {
        if (!*have_seq) {
            *next_seq = f.msg_seq;
            *have_seq = 1;
        }
        if (dtls_reasm_add(r, *next_seq, &f) != NX_SUCCESS) {
            return;
        }
        uint8_t type;
        const uint8_t *msg;
        uint32_t len;
        while (dtls_reasm_take(r, *next_seq, &type, &msg, &len)) {
            if (type == DTLS_HT_CLIENT_HELLO) {
                struct dtls_client_hello ch;
                if (dtls_client_hello_parse(wire_rd_init(msg, len), &ch) == NX_SUCCESS &&
                    (ch.random < msg || ch.random + 32 > msg + len)) {
                    __builtin_trap(); /* every field points inside the message */
                }
            }
            dtls_reasm_release(r, *next_seq);
            (*next_seq)++;
        }
    }
}

static void records(const uint8_t *data, size_t size)
{
    static const uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t mac_key[48] = {0x40, 0x41, 0x42};
    static const uint8_t salt[4] = {0xA0, 0xA1, 0xA2, 0xA3};
    struct dtls_cipher null_c, aead, cbc;
    memset(&null_c, 0, sizeof null_c);
    memset(&aead, 0, sizeof aead);
    memset(&cbc, 0, sizeof cbc);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *ccm8 = row(0xC0A8), *cbc256 = row(0x00AE);
    int have_aead =
        ccm8 != NULL && dtls_cipher_install(&aead, ccm8, 0, mac_key, key, salt, area_aead,
                                            sizeof area_aead, NULL, 0) == NX_SUCCESS;
    int have_cbc = cbc256 != NULL &&
                   dtls_cipher_install(&cbc, cbc256, 0, mac_key, key, salt, area_cbc,
                                       sizeof area_cbc, area_mac, sizeof area_mac) == NX_SUCCESS;
    struct dtls_replay w0, w1, w2;
    dtls_replay_init(&w0);
    dtls_replay_init(&w1);
    dtls_replay_init(&w2);
    struct dtls_reasm r;
    dtls_reasm_init(&r, reasm_buf, sizeof reasm_buf);
    uint16_t next_seq = 0;
    int have_seq = 0;

    struct wire_rd dg = wire_rd_init(data, size);
    struct dtls_record_hdr h;
    struct wire_rd frag;
    while (dtls_record_next(&dg, &h, &frag)) {
        open_with(&null_c, &w0, &h, frag);
        if (have_aead) {
            open_with(&aead, &w1, &h, frag);
        }
        if (have_cbc) {
            open_with(&cbc, &w2, &h, frag);
        }
        if (h.type == DTLS_CT_HANDSHAKE) {
            handshake(&r, &next_seq, &have_seq, frag);
        }
    }
    dtls_cipher_clear(&aead);
    dtls_cipher_clear(&cbc);
}

static void server_setup(int disable_cookies)
{
    memset(&psk, 0, sizeof psk);
    memcpy(psk.nx_secure_tls_psk_id, "fuzz", 4);
    psk.nx_secure_tls_psk_id_size = 4;
    memset(psk.nx_secure_tls_psk_data, 0x33, 16);
    psk.nx_secure_tls_psk_data_size = 16;
    memset(&config, 0, sizeof config);
    config.role = NXDTLS_ROLE_SERVER;
    config.crypto = &nx_crypto_tls_ciphers;
    config.psks = &psk;
    config.psk_count = 1;
    config.random = simnet_random;
    config.random_ctx = &rng;
    config.disable_cookies = (uint8_t)disable_cookies;
    simnet_rng_seed(&rng, 1);
    if (nxdtls_metadata_size(config.crypto) > META ||
        nxdtls_server_index_size(SLOTS) > sizeof index_area ||
        nxdtls_server_init(&server, &config, conns, SLOTS, &metadata[0][0], META, &reassembly[0][0],
                           REASM, index_area, sizeof index_area, 0) != NX_SUCCESS) {
        __builtin_trap();
    }
}

static void server_teardown(void)
{
    for (size_t i = 0; i < SLOTS; i++) {
        nxdtls_addr a;
        if (nxdtls_server_peer(&server, i, &a) == NX_SUCCESS) {
            (void)nxdtls_server_release(&server, i);
        }
    }
}

/* route_one routes one datagram from the fixed peer 192.0.0.1:5684 and, for a slot, feeds it to that
 * connection and takes what it answers. */
static void route_one(const uint8_t *data, size_t size, uint64_t now)
{
    nxdtls_addr peer;
    memset(&peer, 0, sizeof peer);
    peer.family = 4;
    peer.port = 5684;
    peer.ip[0] = 192;
    peer.ip[3] = 1;
    nxdtls_route rt;
    if (nxdtls_server_route(&server, now, &peer, data, size, &rt) == NX_SUCCESS &&
        (rt.kind == NXDTLS_ROUTE_NEW || rt.kind == NXDTLS_ROUTE_SESSION)) {
        if (size != 0) {
            memcpy(datagram, data, size);
        }
        uint8_t *cur = datagram;
        size_t rem = size;
        for (int guard = 0; guard < 64 && rem > 0; guard++) {
            uint8_t *app;
            size_t app_len;
            if (nxdtls_conn_input(rt.conn, now, &cur, &rem, &app, &app_len) != NX_SUCCESS) {
                break;
            }
        }
        uint8_t out[2048];
        size_t out_len;
        (void)nxdtls_conn_output(rt.conn, now, out, sizeof out, &out_len);
    }
    if (rt.kind == NXDTLS_ROUTE_REPLY && rt.reply_len < DTLS_RECORD_HEADER_LEN) {
        __builtin_trap();
    }
}

static void route(const uint8_t *data, size_t size, int disable_cookies)
{
    server_setup(disable_cookies);
    route_one(data, size, 1000);
    server_teardown();
}

/* route_split routes each record of the input as a datagram of its own, in order, then lets every slot's
 * timer run out (a hello that never completed must neither crash nor fail anything but its slot). */
static void route_split(const uint8_t *data, size_t size, int disable_cookies)
{
    server_setup(disable_cookies);
    struct wire_rd dg = wire_rd_init(data, size);
    struct dtls_record_hdr h;
    struct wire_rd frag;
    uint64_t now = 1000;
    for (;;) {
        const uint8_t *start = dg.p;
        size_t before = dg.len;
        if (!dtls_record_next(&dg, &h, &frag)) {
            break;
        }
        route_one(start, before - dg.len, now++);
    }
    for (size_t i = 0; i < SLOTS; i++) {
        nxdtls_addr a;
        if (nxdtls_server_peer(&server, i, &a) != NX_SUCCESS) {
            continue;
        }
        /* A minute apart, more times than any retransmission budget allows. */
        for (uint64_t t = now + 60000; t < now + 20 * 60000ull; t += 60000) {
            if (nxdtls_conn_timeout(&conns[i], t) != NX_SUCCESS) {
                break;
            }
            uint8_t out[2048];
            size_t out_len;
            (void)nxdtls_conn_output(&conns[i], t, out, sizeof out, &out_len);
        }
    }
    server_teardown();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT) {
        return 0;
    }
    records(data, size);
    route(data, size, 0);
    route(data, size, 1);
    route_split(data, size, 0);
    route_split(data, size, 1);
    return 0;
}
