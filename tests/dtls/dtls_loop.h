/* SPDX-License-Identifier: MIT */
/* dtls_loop.h: an in-memory loopback of two nxdtls_conn engines for the engine tests (header only, static
 * functions; included by tests/dtls/conn_*_test.c and the handshake fuzzer). Deterministic: a seeded RNG
 * (simnet_random) and a fixed clock; datagrams move only when the test pumps, through an optional filter that
 * may drop, capture or rewrite them. */
#ifndef NXDTLS_TEST_DTLS_LOOP_H
#define NXDTLS_TEST_DTLS_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nx_crypto.h"
#include "nxdtls.h"
#include "simnet.h"

/* Sizes; a test may define larger ones before including this header (certificate flights need more). */
#ifndef LOOP_META_MAX
#define LOOP_META_MAX 16384
#endif
#ifndef LOOP_REASM
#define LOOP_REASM 4096
#endif
#ifndef LOOP_DGRAM_MAX
#define LOOP_DGRAM_MAX 4096
#endif
#ifndef LOOP_APP_MAX
#define LOOP_APP_MAX 4096
#endif

/* The six PSK suites of the issue, in the preference order of nxdtls's default table, as an application
 * would build its own table from the exported methods (docs/netx-api.md 6.3). */
/* clang-format off */
static NX_SECURE_TLS_CIPHERSUITE_INFO loop_psk_rows[] = {
    {TLS_PSK_WITH_AES_128_CCM_8,       &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_ccm_8,       32, 16, &crypto_method_null,        0,  &crypto_method_tls_prf_sha256},
    {TLS_PSK_WITH_AES_128_CCM,         &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_ccm_16,      32, 16, &crypto_method_null,        0,  &crypto_method_tls_prf_sha256},
    {TLS_PSK_WITH_AES_128_GCM_SHA256,  &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_128_gcm_16,  32, 16, &crypto_method_null,        0,  &crypto_method_tls_prf_sha256},
    {TLS_PSK_WITH_AES_256_GCM_SHA384,  &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_256_gcm_16,  32, 32, &crypto_method_null,        0,  &crypto_method_tls_prf_sha384},
    {TLS_PSK_WITH_AES_128_CBC_SHA256,  &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_cbc_128,     16, 16, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256},
    {TLS_PSK_WITH_AES_128_CBC_SHA,     &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_cbc_128,     16, 16, &crypto_method_hmac_sha1,   20, &crypto_method_tls_prf_sha256},
};
/* clang-format on */

static const NX_SECURE_TLS_CRYPTO loop_psk_table = {
    .nx_secure_tls_ciphersuite_lookup_table = loop_psk_rows,
    .nx_secure_tls_ciphersuite_lookup_table_size = sizeof loop_psk_rows / sizeof loop_psk_rows[0],
    .nx_secure_tls_x509_cipher_table = NULL,
    .nx_secure_tls_x509_cipher_table_size = 0,
    .nx_secure_tls_handshake_hash_sha256_method = &crypto_method_sha256,
    .nx_secure_tls_prf_sha256_method = &crypto_method_tls_prf_sha256,
};

static inline ULONG loop_time(void)
{
    return 0x60000000u;
}

struct loop_peer {
    nxdtls_conn conn;
    nxdtls_config cfg;
    NX_SECURE_TLS_PSK_STORE psk[3];
    struct simnet_rng rng;
    _Alignas(8) uint8_t meta[LOOP_META_MAX];
    uint8_t reasm[LOOP_REASM];
    uint8_t app[LOOP_APP_MAX]; /* application data received, concatenated */
    size_t app_len;
    unsigned app_records;
    UINT status;        /* first failure nxdtls_conn_input returned */
    unsigned events;    /* events collected so far */
    unsigned datagrams; /* datagrams it sent */
};

/* loop_filter sees every datagram (from_client: direction) and returns false to drop it. */
typedef bool (*loop_filter)(void *ctx, int from_client, uint8_t *dgram, size_t *len);

struct loop {
    struct loop_peer client;
    struct loop_peer server;
    uint64_t now;
    loop_filter filter;
    void *filter_ctx;
};

static inline void loop_psk_set(NX_SECURE_TLS_PSK_STORE *e, const char *key, const char *id,
                                const char *hint)
{
    memset(e, 0, sizeof *e);
    e->nx_secure_tls_psk_data_size = (UINT)strlen(key);
    memcpy(e->nx_secure_tls_psk_data, key, strlen(key));
    e->nx_secure_tls_psk_id_size = (UINT)strlen(id);
    memcpy(e->nx_secure_tls_psk_id, id, strlen(id));
    e->nx_secure_tls_psk_id_hint_size = (UINT)strlen(hint);
    memcpy(e->nx_secure_tls_psk_id_hint, hint, strlen(hint));
}

/* loop_setup prepares both configs (PSK "secret-key-0123" for identity "client-1", no hint, cookies disabled,
 * default MTU), seeded differently. Tests adjust cfg fields, then call loop_start. */
static inline void loop_setup(struct loop *l, uint64_t seed)
{
    memset(l, 0, sizeof *l);
    struct loop_peer *p[2] = {&l->client, &l->server};
    for (int i = 0; i < 2; i++) {
        nxdtls_config *cfg = &p[i]->cfg;
        cfg->role = i == 0 ? NXDTLS_ROLE_CLIENT : NXDTLS_ROLE_SERVER;
        cfg->crypto = &loop_psk_table;
        loop_psk_set(&p[i]->psk[0], "secret-key-0123", "client-1", "");
        cfg->psks = p[i]->psk;
        cfg->psk_count = 1;
        cfg->disable_cookies = 1;
        simnet_rng_seed(&p[i]->rng, seed * 2 + (uint64_t)i + 1);
        cfg->random = simnet_random;
        cfg->random_ctx = &p[i]->rng;
        cfg->time_function = loop_time;
    }
    l->now = 1000;
}

/* loop_long_credentials gives both sides 128-byte identities and hints and the client a 250-byte server name,
 * so that the ClientHello needs fragmenting at MTU 256 and the other flights fill their datagrams. */
static inline void loop_long_credentials(struct loop *l)
{
    static const char name[] =
        "a-rather-long-host-name-label-0123456789.another-label-abcdefghijklmnopqrstuvwxyz."
        "third-label-0123456789abcdefghijklmnopqrstuvwxyz.fourth-label-0123456789.example.com"
        ".fifth-label-0123456789abcdefghijklmnopqrstuvwxyz-0123456789.example";
    char id[NX_SECURE_TLS_MAX_PSK_ID_SIZE + 1], hint[NX_SECURE_TLS_MAX_PSK_ID_SIZE + 1];
    memset(id, 'i', NX_SECURE_TLS_MAX_PSK_ID_SIZE);
    memset(hint, 'h', NX_SECURE_TLS_MAX_PSK_ID_SIZE);
    id[NX_SECURE_TLS_MAX_PSK_ID_SIZE] = 0;
    hint[NX_SECURE_TLS_MAX_PSK_ID_SIZE] = 0;
    loop_psk_set(&l->client.psk[0],
                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", id, hint);
    loop_psk_set(&l->server.psk[0],
                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", id, hint);
    l->client.cfg.server_name = (const uint8_t *)name;
    l->client.cfg.server_name_len = sizeof name - 1;
}

/* loop_init_peers runs nxdtls_conn_init on both; returns the first failure. */
static inline UINT loop_init_peers(struct loop *l)
{
    struct loop_peer *p[2] = {&l->client, &l->server};
    for (int i = 0; i < 2; i++) {
        UINT s = nxdtls_conn_init(&p[i]->conn, &p[i]->cfg, p[i]->meta, sizeof p[i]->meta,
                                  p[i]->reasm, sizeof p[i]->reasm);
        if (s != NX_SUCCESS) {
            return s;
        }
    }
    return NX_SUCCESS;
}

/* loop_deliver feeds one datagram to a peer, collecting application data and the first failure. */
static inline void loop_deliver(struct loop *l, struct loop_peer *p, uint8_t *dgram, size_t len)
{
    uint8_t *cursor = dgram;
    size_t remaining = len;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        UINT s = nxdtls_conn_input(&p->conn, l->now, &cursor, &remaining, &app, &app_len);
        if (s != NX_SUCCESS) {
            if (p->status == NX_SUCCESS) {
                p->status = s;
            }
            break;
        }
        if (app_len != 0) {
            if (p->app_len + app_len <= sizeof p->app) {
                memcpy(p->app + p->app_len, app, app_len);
                p->app_len += app_len;
            }
            p->app_records++;
        }
    }
    p->events |= nxdtls_conn_events(&p->conn);
}

/* loop_transfer sends everything from has queued to the other peer; returns how many datagrams it output. */
static inline unsigned loop_transfer(struct loop *l, struct loop_peer *from, struct loop_peer *to)
{
    unsigned count = 0;
    for (int guard = 0; guard < 256; guard++) {
        uint8_t dgram[LOOP_DGRAM_MAX];
        size_t len = 0;
        if (nxdtls_conn_output(&from->conn, l->now, dgram, sizeof dgram, &len) != NX_SUCCESS ||
            len == 0) {
            break;
        }
        count++;
        from->datagrams++;
        if (l->filter != NULL && !l->filter(l->filter_ctx, from == &l->client, dgram, &len)) {
            continue;
        }
        loop_deliver(l, to, dgram, len);
    }
    from->events |= nxdtls_conn_events(&from->conn);
    return count;
}

/* loop_pump moves datagrams both ways until neither side has anything to send. */
static inline void loop_pump(struct loop *l)
{
    for (int guard = 0; guard < 64; guard++) {
        unsigned moved = loop_transfer(l, &l->client, &l->server);
        moved += loop_transfer(l, &l->server, &l->client);
        if (moved == 0) {
            return;
        }
    }
}

/* loop_settled: the peer is established or has failed. */
static inline bool loop_settled(const struct loop_peer *p)
{
    return nxdtls_conn_is_established(&p->conn) || nxdtls_conn_error(&p->conn) != NX_SUCCESS;
}

/* loop_settle moves the clock to the next timer deadline, runs both peers' timers and pumps, until each peer
 * is established or has failed, or no timer runs. A handshake that unauthenticated input made fail its checks
 * fails when its retransmission timer fires (docs/security.md); such a failure is recorded in status like one
 * from nxdtls_conn_input. */
static inline void loop_settle(struct loop *l)
{
    loop_pump(l);
    for (int round = 0; round < 16 && !(loop_settled(&l->client) && loop_settled(&l->server));
         round++) {
        uint64_t tc = nxdtls_conn_next_timeout(&l->client.conn);
        uint64_t ts = nxdtls_conn_next_timeout(&l->server.conn);
        uint64_t t = tc < ts ? tc : ts;
        if (t == UINT64_MAX) {
            return;
        }
        l->now = t > l->now ? t : l->now;
        struct loop_peer *p[2] = {&l->client, &l->server};
        for (int i = 0; i < 2; i++) {
            UINT s = nxdtls_conn_timeout(&p[i]->conn, l->now);
            if (s != NX_SUCCESS && p[i]->status == NX_SUCCESS) {
                p[i]->status = s;
            }
            p[i]->events |= nxdtls_conn_events(&p[i]->conn);
        }
        loop_pump(l);
    }
}

/* loop_handshake initializes both peers, connects the client and pumps until quiet. */
static inline UINT loop_handshake(struct loop *l)
{
    UINT s = loop_init_peers(l);
    if (s != NX_SUCCESS) {
        return s;
    }
    s = nxdtls_conn_connect(&l->client.conn, l->now);
    if (s != NX_SUCCESS) {
        return s;
    }
    loop_pump(l);
    return NX_SUCCESS;
}

/* loop_send seals data on from and delivers it to the other side (through the filter). */
static inline UINT loop_send(struct loop *l, struct loop_peer *from, const void *data, size_t len)
{
    uint8_t dgram[LOOP_DGRAM_MAX];
    size_t out_len = 0;
    UINT s = nxdtls_conn_write(&from->conn, data, len, dgram, sizeof dgram, &out_len);
    if (s != NX_SUCCESS) {
        return s;
    }
    struct loop_peer *to = from == &l->client ? &l->server : &l->client;
    if (l->filter == NULL || l->filter(l->filter_ctx, from == &l->client, dgram, &out_len)) {
        loop_deliver(l, to, dgram, out_len);
    }
    return NX_SUCCESS;
}

static inline void loop_free(struct loop *l)
{
    nxdtls_conn_free(&l->client.conn);
    nxdtls_conn_free(&l->server.conn);
}

#endif /* NXDTLS_TEST_DTLS_LOOP_H */
