/* SPDX-License-Identifier: MIT */
/* bench_nxdtls.c: nxdtls driven through its native engine API (include/nxdtls.h), as an application would.
 *
 * Without HelloVerifyRequest the server is a plain connection with cookies disabled; with it the server is an
 * nxdtls_server of one slot and every client datagram goes through nxdtls_server_route, which answers the
 * first ClientHello statelessly and takes the slot on the second; the slot is released after the handshake.
 * The clock never moves, so no retransmission timer fires. */
#include "bench_nxdtls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bench_heap.h"
#include "bench_queue.h"
#include "crypto/crypto_tables.h"
#include "dtls/dtls_server.h"
#include "nx_crypto.h"
#include "nxdtls.h"
#include "x509/x509_cert.h"
#include "x509/x509_key.h"
#include "x509/x509_store.h"

#define PSK_REASM           512   /* the least nxdtls_conn_init accepts; a PSK handshake fits */
#define CERT_REASM          16384 /* certificate flights */
#define REMOTE_SLOTS        4
#define REMOTE_EACH         2600
#define FILE_MAX            4096
#define GUARD_ROUNDS        64
#define DTLS_LOOKUP_RECORD  29 /* record header and 16 bytes */
#define NXDTLS_LOOKUP_REASM 512

struct side {
    nxdtls_conn conn;
    uint8_t *meta;
    size_t meta_size;
    uint8_t *reasm;
    size_t reasm_size;
    uint8_t *remote; /* client: slots for the server's chain */
};

/* A pooled server of one slot and one handshake unit (nxdtls_server_init_pooled), as a server with many
 * sessions would run: the established slot keeps only its nxdtls_conn and the session part of its metadata. */
struct pooled_server {
    nxdtls_server server;
    nxdtls_conn slot;
    uint8_t *session;
    size_t session_each;
    uint8_t *units;
    size_t unit_size;
    void *index;
};

struct pair {
    struct side client;
    struct side server;       /* the handshake benchmark's plain server connection */
    struct pooled_server srv; /* pair_open's server endpoint */
    nxdtls_conn *server_conn; /* the established server endpoint of an open pair */
    enum bench_suite suite;
    int64_t server_heap; /* libcrypto bytes the server endpoint holds once established */
};

struct cert_file {
    NX_SECURE_X509_CERT cert;
    uint8_t der[FILE_MAX];
    uint8_t key[FILE_MAX];
};

struct hvr_server {
    nxdtls_server server;
    nxdtls_conn slot;
    uint8_t *meta;
    size_t meta_size;
    uint8_t *reasm;
    size_t reasm_size;
    void *index;
};

static NX_SECURE_TLS_PSK_STORE psk;
static struct cert_file ec_leaf, ec_int, rsa_leaf, rsa_int, ec_root, rsa_root;
static NX_SECURE_X509_CERTIFICATE_STORE store_ec, store_rsa, store_trust;
static nxdtls_config client_cfg[BENCH_SUITE_COUNT], server_cfg[BENCH_SUITE_COUNT],
    hvr_cfg[BENCH_SUITE_COUNT];
static uint16_t suite_codes[BENCH_SUITE_COUNT];
static struct hvr_server hvr[BENCH_SUITE_COUNT];
static struct pair scratch_pair; /* the handshake benchmark's endpoints, reused */
static const nxdtls_addr client_addr = {.family = 4, .port = 40000, .ip = {127, 0, 0, 1}};
static uint8_t dgram[BENCH_DGRAM_MAX];
static size_t meta_size_psk, meta_size_ecc;

static ULONG bench_time(void)
{
    return 1750000000u; /* 2025-06-15, inside the test PKI's validity */
}

static int load_file(const char *name, uint8_t *buf, size_t cap, size_t *len)
{
    char path[512];
    bench_pki_path(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench: cannot open %s\n", path);
        return -1;
    }
    *len = fread(buf, 1, cap, f);
    fclose(f);
    return *len == 0 || *len == cap ? -1 : 0;
}

static int load_cert(struct cert_file *c, const char *name, const char *key_name, UINT key_type)
{
    char file[128];
    size_t der_len = 0;
    size_t key_len = 0;
    snprintf(file, sizeof file, "%s.der", name);
    if (load_file(file, c->der, sizeof c->der, &der_len) != 0 ||
        x509_certificate_parse(&c->cert, c->der, der_len) != NX_SUCCESS) {
        return bench_fail("nxdtls", name, 0);
    }
    if (key_name == NULL) {
        return 0;
    }
    snprintf(file, sizeof file, "%s.key.der", key_name);
    if (load_file(file, c->key, sizeof c->key, &key_len) != 0 ||
        x509_key_parse(&c->cert, c->key, key_len, key_type) != NX_SUCCESS) {
        return bench_fail("nxdtls", file, 0);
    }
    return 0;
}

static int load_pki(void)
{
    if (load_cert(&ec_leaf, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER) != 0 ||
        load_cert(&ec_int, "ec-int", NULL, 0) != 0 ||
        load_cert(&rsa_leaf, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER) != 0 ||
        load_cert(&rsa_int, "rsa-int", NULL, 0) != 0 ||
        load_cert(&ec_root, "ec-root", NULL, 0) != 0 ||
        load_cert(&rsa_root, "rsa-root", NULL, 0) != 0) {
        return -1;
    }
    UINT st = x509_store_add(&store_ec, X509_STORE_LOCAL, &ec_leaf.cert, 1);
    st = st != NX_SUCCESS ? st : x509_store_add(&store_ec, X509_STORE_LOCAL, &ec_int.cert, 2);
    st = st != NX_SUCCESS ? st : x509_store_add(&store_rsa, X509_STORE_LOCAL, &rsa_leaf.cert, 1);
    st = st != NX_SUCCESS ? st : x509_store_add(&store_rsa, X509_STORE_LOCAL, &rsa_int.cert, 2);
    st = st != NX_SUCCESS ? st : x509_store_add(&store_trust, X509_STORE_TRUSTED, &ec_root.cert, 1);
    st =
        st != NX_SUCCESS ? st : x509_store_add(&store_trust, X509_STORE_TRUSTED, &rsa_root.cert, 2);
    return st == NX_SUCCESS ? 0 : bench_fail("nxdtls", "certificate store", (long)st);
}

static void config_for(nxdtls_config *cfg, enum bench_suite suite, uint8_t role)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->role = role;
    cfg->ciphersuites = &suite_codes[suite];
    cfg->ciphersuite_count = 1;
    cfg->mtu = BENCH_MTU;
    cfg->time_function = bench_time;
    if (bench_suites[suite].cert == BENCH_CERT_NONE) {
        /* A PSK application uses the default table (README "Using the native engine"). */
        cfg->crypto = &nx_crypto_tls_ciphers;
        cfg->psks = &psk;
        cfg->psk_count = 1;
        return;
    }
    cfg->crypto = &nx_crypto_tls_ciphers_ecc;
    if (role == NXDTLS_ROLE_CLIENT) {
        cfg->certificates = &store_trust;
        cfg->server_name = (const uint8_t *)BENCH_SERVER_NAME;
        cfg->server_name_len = sizeof BENCH_SERVER_NAME - 1;
    } else {
        cfg->certificates = bench_suites[suite].cert == BENCH_CERT_EC ? &store_ec : &store_rsa;
    }
}

static int side_alloc(struct side *s, const nxdtls_config *cfg)
{
    s->meta_size = nxdtls_metadata_size(cfg->crypto);
    s->reasm_size = cfg->certificates != NULL ? CERT_REASM : PSK_REASM;
    s->meta = malloc(s->meta_size);
    s->reasm = malloc(s->reasm_size);
    s->remote = malloc(REMOTE_SLOTS * REMOTE_EACH);
    return s->meta != NULL && s->reasm != NULL && s->remote != NULL ? 0 : -1;
}

static void side_release(struct side *s)
{
    free(s->meta);
    free(s->reasm);
    free(s->remote);
    memset(s, 0, sizeof *s);
}

static int hvr_setup(struct hvr_server *h, const nxdtls_config *cfg)
{
    h->meta_size = nxdtls_metadata_size(cfg->crypto);
    h->reasm_size = cfg->certificates != NULL ? CERT_REASM : PSK_REASM;
    size_t index_size = nxdtls_server_index_size(1);
    h->meta = malloc(h->meta_size);
    h->reasm = malloc(h->reasm_size);
    h->index = malloc(index_size);
    if (h->meta == NULL || h->reasm == NULL || h->index == NULL) {
        return -1;
    }
    UINT st = nxdtls_server_init(&h->server, cfg, &h->slot, 1, h->meta, h->meta_size, h->reasm,
                                 h->reasm_size, h->index, index_size, 1000);
    return st == NX_SUCCESS ? 0 : bench_fail("nxdtls", "nxdtls_server_init", (long)st);
}

static int nx_setup(void)
{
    memset(&psk, 0, sizeof psk);
    memcpy(psk.nx_secure_tls_psk_data, bench_psk_key, BENCH_PSK_KEY_LEN);
    psk.nx_secure_tls_psk_data_size = BENCH_PSK_KEY_LEN;
    memcpy(psk.nx_secure_tls_psk_id, BENCH_PSK_IDENTITY, sizeof BENCH_PSK_IDENTITY - 1);
    psk.nx_secure_tls_psk_id_size = sizeof BENCH_PSK_IDENTITY - 1;
    if (load_pki() != 0) {
        return -1;
    }
    meta_size_psk = nxdtls_metadata_size(&nx_crypto_tls_ciphers);
    meta_size_ecc = nxdtls_metadata_size(&nx_crypto_tls_ciphers_ecc);
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        suite_codes[i] = bench_suites[i].iana;
        config_for(&client_cfg[i], (enum bench_suite)i, NXDTLS_ROLE_CLIENT);
        config_for(&server_cfg[i], (enum bench_suite)i, NXDTLS_ROLE_SERVER);
        server_cfg[i].disable_cookies = 1;
        config_for(&hvr_cfg[i], (enum bench_suite)i, NXDTLS_ROLE_SERVER);
        if (hvr_setup(&hvr[i], &hvr_cfg[i]) != 0) {
            return -1;
        }
    }
    /* The handshake benchmark's endpoints are sized for the largest case and reused. */
    if (side_alloc(&scratch_pair.client, &client_cfg[BENCH_RSA]) != 0 ||
        side_alloc(&scratch_pair.server, &server_cfg[BENCH_RSA]) != 0) {
        return -1;
    }
    return 0;
}

static void nx_teardown(void)
{
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        free(hvr[i].meta);
        free(hvr[i].reasm);
        free(hvr[i].index);
    }
    side_release(&scratch_pair.client);
    side_release(&scratch_pair.server);
}

/* feed gives one datagram to a connection; returns -1 when the connection failed. */
static int feed(nxdtls_conn *conn, uint8_t *data, size_t len, uint8_t **app, size_t *app_len)
{
    uint8_t *cursor = data;
    size_t remaining = len;
    *app_len = 0;
    while (remaining > 0) {
        size_t got = 0;
        UINT st = nxdtls_conn_input(conn, 1000, &cursor, &remaining, app, &got);
        if (st != NX_SUCCESS) {
            return bench_fail("nxdtls", "nxdtls_conn_input", (long)st);
        }
        if (got != 0) {
            *app_len = got;
        }
    }
    return 0;
}

/* flush sends everything from has pending to to (a connection); returns datagrams moved or -1. */
static int flush(nxdtls_conn *from, enum bench_owner from_owner, nxdtls_conn *to,
                 enum bench_owner to_owner)
{
    int moved = 0;
    for (;;) {
        size_t len = 0;
        bench_heap_owner(from_owner);
        UINT st = nxdtls_conn_output(from, 1000, dgram, sizeof dgram, &len);
        if (st != NX_SUCCESS) {
            return bench_fail("nxdtls", "nxdtls_conn_output", (long)st);
        }
        if (len == 0) {
            return moved;
        }
        moved++;
        uint8_t *app = NULL;
        size_t app_len = 0;
        bench_heap_owner(to_owner);
        if (feed(to, dgram, len, &app, &app_len) != 0) {
            return -1;
        }
    }
}

/* side_init starts a connection in storage allocated for the largest case, giving it only what its
 * configuration needs (nxdtls_conn_free wipes all it was given). */
static int side_init(struct side *s, const nxdtls_config *cfg)
{
    /* Sized once in setup, like an application's static buffers, not on every handshake. */
    size_t meta_size = cfg->crypto == &nx_crypto_tls_ciphers ? meta_size_psk : meta_size_ecc;
    size_t reasm_size = cfg->certificates != NULL ? CERT_REASM : PSK_REASM;
    if (meta_size > s->meta_size || reasm_size > s->reasm_size) {
        return bench_fail("nxdtls", "storage too small", 0);
    }
    UINT st = nxdtls_conn_init(&s->conn, cfg, s->meta, meta_size, s->reasm, reasm_size);
    if (st == NX_SUCCESS && cfg->role == NXDTLS_ROLE_CLIENT && cfg->certificates != NULL) {
        st = nxdtls_conn_set_remote_certificates(&s->conn, s->remote, REMOTE_SLOTS * REMOTE_EACH,
                                                 REMOTE_SLOTS);
    }
    return st == NX_SUCCESS ? 0 : bench_fail("nxdtls", "nxdtls_conn_init", (long)st);
}

/* direct_handshake runs a handshake between two plain connections (no cookie exchange). */
static int direct_handshake(struct pair *p, enum bench_suite suite)
{
    bench_heap_owner(BENCH_OWNER_CLIENT);
    if (side_init(&p->client, &client_cfg[suite]) != 0) {
        return -1;
    }
    bench_heap_owner(BENCH_OWNER_SERVER);
    if (side_init(&p->server, &server_cfg[suite]) != 0) {
        return -1;
    }
    bench_heap_owner(BENCH_OWNER_CLIENT);
    UINT st = nxdtls_conn_connect(&p->client.conn, 1000);
    if (st != NX_SUCCESS) {
        return bench_fail("nxdtls", "nxdtls_conn_connect", (long)st);
    }
    for (int round = 0; round < GUARD_ROUNDS; round++) {
        int a = flush(&p->client.conn, BENCH_OWNER_CLIENT, &p->server.conn, BENCH_OWNER_SERVER);
        int b = flush(&p->server.conn, BENCH_OWNER_SERVER, &p->client.conn, BENCH_OWNER_CLIENT);
        if (a < 0 || b < 0) {
            return -1;
        }
        if (a + b == 0) {
            break;
        }
    }
    bench_heap_owner(BENCH_OWNER_NONE);
    if (!nxdtls_conn_is_established(&p->client.conn) ||
        !nxdtls_conn_is_established(&p->server.conn)) {
        return bench_fail("nxdtls", "handshake did not complete", 0);
    }
    const NX_SECURE_TLS_CIPHERSUITE_INFO *row = nxdtls_conn_ciphersuite(&p->server.conn);
    if (row == NULL || row->nx_secure_tls_ciphersuite != bench_suites[suite].iana) {
        return bench_fail("nxdtls", "another suite was negotiated", 0);
    }
    return 0;
}

/* hvr_handshake runs a handshake whose server side is nxdtls_server_route over one slot. */
/* routed_handshake runs a handshake whose server side is nxdtls_server_route over server; *slot_out is the
 * slot's connection. */
static int routed_handshake(struct side *client, enum bench_suite suite, nxdtls_server *server,
                            nxdtls_conn **slot_out)
{
    bench_heap_owner(BENCH_OWNER_CLIENT);
    if (side_init(client, &client_cfg[suite]) != 0) {
        return -1;
    }
    UINT st = nxdtls_conn_connect(&client->conn, 1000);
    if (st != NX_SUCCESS) {
        return bench_fail("nxdtls", "nxdtls_conn_connect", (long)st);
    }
    nxdtls_conn *slot = NULL;
    int done = 0;
    for (int round = 0; round < GUARD_ROUNDS && !done; round++) {
        int moved = 0;
        for (;;) {
            size_t len = 0;
            bench_heap_owner(BENCH_OWNER_CLIENT);
            st = nxdtls_conn_output(&client->conn, 1000, dgram, sizeof dgram, &len);
            if (st != NX_SUCCESS) {
                return bench_fail("nxdtls", "nxdtls_conn_output", (long)st);
            }
            if (len == 0) {
                break;
            }
            moved++;
            nxdtls_route route;
            bench_heap_owner(BENCH_OWNER_SERVER);
            st = nxdtls_server_route(server, 1000, &client_addr, dgram, len, &route);
            if (st != NX_SUCCESS) {
                return bench_fail("nxdtls", "nxdtls_server_route", (long)st);
            }
            uint8_t *app = NULL;
            size_t app_len = 0;
            if (route.kind == NXDTLS_ROUTE_REPLY) {
                bench_heap_owner(BENCH_OWNER_CLIENT);
                memcpy(dgram, route.reply, route.reply_len);
                if (feed(&client->conn, dgram, route.reply_len, &app, &app_len) != 0) {
                    return -1;
                }
            } else if (route.kind == NXDTLS_ROUTE_NEW || route.kind == NXDTLS_ROUTE_SESSION) {
                slot = route.conn;
                if (feed(slot, dgram, len, &app, &app_len) != 0) {
                    return -1;
                }
            }
        }
        if (slot != NULL) {
            int b = flush(slot, BENCH_OWNER_SERVER, &client->conn, BENCH_OWNER_CLIENT);
            if (b < 0) {
                return -1;
            }
            moved += b;
        }
        done = moved == 0;
    }
    bench_heap_owner(BENCH_OWNER_NONE);
    *slot_out = slot;
    int ok = slot != NULL && nxdtls_conn_is_established(slot) &&
             nxdtls_conn_is_established(&client->conn);
    return ok ? 0 : bench_fail("nxdtls", "handshake through route did not complete", 0);
}

static int hvr_handshake(struct side *client, enum bench_suite suite)
{
    struct hvr_server *h = &hvr[suite];
    nxdtls_conn *slot = NULL;
    int rc = routed_handshake(client, suite, &h->server, &slot);
    bench_heap_owner(BENCH_OWNER_SERVER);
    if (slot != NULL) {
        (void)nxdtls_server_release(&h->server, 0);
    }
    bench_heap_owner(BENCH_OWNER_NONE);
    return rc;
}

static int nx_handshake(enum bench_suite suite, int with_hvr)
{
    struct pair *p = &scratch_pair;
    int rc = with_hvr ? hvr_handshake(&p->client, suite) : direct_handshake(p, suite);
    bench_heap_owner(BENCH_OWNER_CLIENT);
    nxdtls_conn_free(&p->client.conn);
    if (!with_hvr) {
        bench_heap_owner(BENCH_OWNER_SERVER);
        nxdtls_conn_free(&p->server.conn);
    }
    bench_heap_owner(BENCH_OWNER_NONE);
    return rc;
}

static void pooled_release(struct pooled_server *ps)
{
    free(ps->session);
    free(ps->units);
    free(ps->index);
}

static int pooled_setup(struct pooled_server *ps, const nxdtls_config *cfg)
{
    size_t reasm = cfg->certificates != NULL ? CERT_REASM : PSK_REASM;
    size_t index_size = nxdtls_server_index_size(1);
    ps->session_each = nxdtls_session_metadata_size(cfg->crypto);
    ps->unit_size = nxdtls_server_pool_unit_size(cfg->crypto, reasm);
    ps->session = malloc(ps->session_each);
    ps->units = malloc(ps->unit_size);
    ps->index = malloc(index_size);
    if (ps->session == NULL || ps->units == NULL || ps->index == NULL) {
        return -1;
    }
    UINT st =
        nxdtls_server_init_pooled(&ps->server, cfg, &ps->slot, 1, ps->session, ps->session_each,
                                  ps->units, ps->unit_size, 1, ps->index, index_size, 1000);
    return st == NX_SUCCESS ? 0 : bench_fail("nxdtls", "nxdtls_server_init_pooled", (long)st);
}

static int nx_records(void *pair, size_t len, unsigned n);

static void *nx_pair_open(enum bench_suite suite)
{
    struct pair *p = calloc(1, sizeof *p);
    if (p == NULL || side_alloc(&p->client, &client_cfg[suite]) != 0 ||
        pooled_setup(&p->srv, &server_cfg[suite]) != 0) {
        return NULL;
    }
    p->suite = suite;
    int64_t before = bench_heap_live(BENCH_OWNER_SERVER);
    if (routed_handshake(&p->client, suite, &p->srv.server, &p->server_conn) != 0) {
        return NULL;
    }
    /* The client's first record shows the server its final flight arrived (RFC 6347 4.2.4): the slot lets
     * the flight go and gives its handshake unit back. */
    if (nx_records(p, 1, 1) != 0) {
        return NULL;
    }
    if (dtls_server_pool_in_use(&p->srv.server) != 0) {
        bench_fail("nxdtls", "the established slot kept its handshake unit", 0);
        return NULL;
    }
    p->server_heap = bench_heap_live(BENCH_OWNER_SERVER) - before;
    return p;
}

static int nx_records(void *pair, size_t len, unsigned n)
{
    struct pair *p = pair;
    static uint8_t plain[BENCH_DGRAM_MAX];
    for (unsigned i = 0; i < n; i++) {
        size_t out_len = 0;
        bench_heap_owner(BENCH_OWNER_CLIENT);
        UINT st = nxdtls_conn_write(&p->client.conn, plain, len, dgram, sizeof dgram, &out_len);
        if (st != NX_SUCCESS) {
            return bench_fail("nxdtls", "nxdtls_conn_write", (long)st);
        }
        uint8_t *app = NULL;
        size_t app_len = 0;
        bench_heap_owner(BENCH_OWNER_SERVER);
        if (feed(p->server_conn, dgram, out_len, &app, &app_len) != 0) {
            return -1;
        }
        if (app_len != len) {
            return bench_fail("nxdtls", "record lost", (long)app_len);
        }
    }
    bench_heap_owner(BENCH_OWNER_NONE);
    return 0;
}

static void nx_session_bytes(void *pair, size_t *storage, size_t *heap)
{
    const struct pair *p = pair;
    /* Everything the application must keep for the established server endpoint: its slot and the session part
     * of its metadata (the handshake unit went back to the pool). */
    *storage = sizeof(nxdtls_conn) + p->srv.session_each;
    *heap = p->server_heap > 0 ? (size_t)p->server_heap : 0;
}

static void nx_pair_close(void *pair)
{
    struct pair *p = pair;
    if (p == NULL) {
        return;
    }
    nxdtls_conn_free(&p->client.conn);
    if (p->server_conn != NULL) {
        (void)nxdtls_server_release(&p->srv.server, 0);
    }
    side_release(&p->client);
    pooled_release(&p->srv);
    free(p);
}

struct bench_lookup {
    nxdtls_server server;
    nxdtls_config cfg;
    nxdtls_conn *conns;
    uint8_t *meta;
    uint8_t *reasm;
    void *index;
    size_t sessions;
    size_t next;
    uint8_t record[DTLS_LOOKUP_RECORD];
};

static void lookup_addr(nxdtls_addr *a, size_t i)
{
    memset(a, 0, sizeof *a);
    a->family = 4;
    a->ip[0] = 10;
    a->ip[1] = (uint8_t)(i >> 16);
    a->ip[2] = (uint8_t)(i >> 8);
    a->ip[3] = (uint8_t)i;
    a->port = (uint16_t)(5000 + i % 7);
}

void bench_lookup_close(struct bench_lookup *l)
{
    if (l == NULL) {
        return;
    }
    for (size_t i = 0; i < l->sessions; i++) {
        (void)nxdtls_server_release(&l->server, i);
    }
    free(l->conns);
    free(l->meta);
    free(l->reasm);
    free(l->index);
    free(l);
}

struct bench_lookup *bench_lookup_open(size_t sessions)
{
    struct bench_lookup *l = calloc(1, sizeof *l);
    if (l == NULL) {
        return NULL;
    }
    config_for(&l->cfg, BENCH_PSK_CCM8, NXDTLS_ROLE_SERVER);
    l->cfg.disable_cookies =
        1; /* slots are taken by the first ClientHello: only the lookup is measured */
    l->sessions = sessions;
    size_t meta_each = nxdtls_metadata_size(l->cfg.crypto);
    size_t index_size = nxdtls_server_index_size(sessions);
    l->conns = calloc(sessions, sizeof(nxdtls_conn));
    l->meta = malloc(sessions * meta_each);
    l->reasm = malloc(sessions * (size_t)NXDTLS_LOOKUP_REASM);
    l->index = malloc(index_size);
    if (l->conns == NULL || l->meta == NULL || l->reasm == NULL || l->index == NULL ||
        nxdtls_server_init(&l->server, &l->cfg, l->conns, sessions, l->meta, meta_each, l->reasm,
                           NXDTLS_LOOKUP_REASM, l->index, index_size, 1000) != NX_SUCCESS) {
        free(l->conns);
        free(l->meta);
        free(l->reasm);
        free(l->index);
        free(l);
        return NULL;
    }
    /* One real ClientHello, sent from every address in turn, binds each slot to its address. */
    struct side client = {0};
    size_t hello_len = 0;
    if (side_alloc(&client, &client_cfg[BENCH_PSK_CCM8]) != 0 ||
        side_init(&client, &client_cfg[BENCH_PSK_CCM8]) != 0 ||
        nxdtls_conn_connect(&client.conn, 1000) != NX_SUCCESS ||
        nxdtls_conn_output(&client.conn, 1000, dgram, sizeof dgram, &hello_len) != NX_SUCCESS ||
        hello_len == 0) {
        bench_lookup_close(l);
        return NULL;
    }
    nxdtls_conn_free(&client.conn);
    side_release(&client);
    for (size_t i = 0; i < sessions; i++) {
        nxdtls_addr a;
        nxdtls_route route;
        lookup_addr(&a, i);
        if (nxdtls_server_route(&l->server, 1000, &a, dgram, hello_len, &route) != NX_SUCCESS ||
            route.kind != NXDTLS_ROUTE_NEW) {
            bench_fail("nxdtls", "lookup: a slot was not taken", (long)i);
            l->sessions = i;
            bench_lookup_close(l);
            return NULL;
        }
    }
    /* What gets routed: an application-data record header of epoch 1 with a short body. */
    static const uint8_t record[DTLS_LOOKUP_RECORD] = {23, 0xFE, 0xFD, 0, 1, 0, 0,
                                                       0,  0,    0,    7, 0, 16};
    memcpy(l->record, record, sizeof record);
    return l;
}

int bench_lookup_run(struct bench_lookup *l, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        nxdtls_addr a;
        nxdtls_route route;
        /* A large odd stride visits the slots in an order unrelated to their memory order. */
        l->next = (l->next + 7919u) % l->sessions;
        lookup_addr(&a, l->next);
        if (nxdtls_server_route(&l->server, 1000, &a, l->record, sizeof l->record, &route) !=
                NX_SUCCESS ||
            route.kind != NXDTLS_ROUTE_SESSION || route.slot != l->next) {
            return bench_fail("nxdtls", "lookup: datagram not routed to its slot", (long)l->next);
        }
    }
    return 0;
}

const struct bench_stack bench_nxdtls = {
    .name = "nxdtls",
    .setup = nx_setup,
    .teardown = nx_teardown,
    .handshake = nx_handshake,
    .pair_open = nx_pair_open,
    .records = nx_records,
    .session_bytes = nx_session_bytes,
    .pair_close = nx_pair_close,
};
