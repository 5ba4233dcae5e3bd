/* SPDX-License-Identifier: MIT */
/* psk_test: how a PSK is chosen (docs/netx-api.md 7.6, RFC 4279 2). The client's rule for static entries,
 * one case per kind of hint; the same cases through whole handshakes; the server and client callbacks of
 * nxdtls_config, their limits and codes; a server whose 10,000 identities live in the application's table. */
#include <stdlib.h>
#include <string.h>

#include "dtls_loop.h"
#include "test.h"

static void entry(NX_SECURE_TLS_PSK_STORE *e, const char *hint)
{
    loop_psk_set(e, "k", "id", hint);
}

/* nxdtls_psk_choose, each hint case. */
static void choose_rule(void)
{
    NX_SECURE_TLS_PSK_STORE e[3];
    size_t index = 99;
    const uint8_t *coap = (const uint8_t *)"CoAP";

    /* No entries at all. */
    EXPECT_CODE(nxdtls_psk_choose(NULL, 0, coap, 4, &index), NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(nxdtls_psk_choose(e, 0, NULL, 0, &index), NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(nxdtls_psk_choose(e, 1, coap, 4, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_psk_choose(e, 1, NULL, 4, &index), NX_PTR_ERROR);

    /* One entry without a hint serves any hint, and no hint. */
    entry(&e[0], "");
    EXPECT_OK(nxdtls_psk_choose(e, 1, coap, 4, &index));
    EXPECT(index == 0);
    index = 99;
    EXPECT_OK(nxdtls_psk_choose(e, 1, NULL, 0, &index));
    EXPECT(index == 0);
    uint8_t long_hint[300];
    memset(long_hint, 'x', sizeof long_hint); /* longer than any entry's hint can be */
    index = 99;
    EXPECT_OK(nxdtls_psk_choose(e, 1, long_hint, sizeof long_hint, &index));
    EXPECT(index == 0);

    /* An entry with the server's very hint is preferred, wherever it is (NetX's selection). */
    entry(&e[0], "");
    entry(&e[1], "other");
    entry(&e[2], "CoAP");
    EXPECT_OK(nxdtls_psk_choose(e, 3, coap, 4, &index));
    EXPECT(index == 2);
    /* The first of several equal hints. */
    entry(&e[1], "CoAP");
    EXPECT_OK(nxdtls_psk_choose(e, 3, coap, 4, &index));
    EXPECT(index == 1);

    /* A hint no entry has: the first entry without a hint. */
    entry(&e[0], "a");
    entry(&e[1], "");
    entry(&e[2], "");
    EXPECT_OK(nxdtls_psk_choose(e, 3, coap, 4, &index));
    EXPECT(index == 1);

    /* Prefixes and extensions of a hint are other hints. */
    entry(&e[0], "CoA");
    entry(&e[1], "CoAPx");
    entry(&e[2], "coap");
    EXPECT_CODE(nxdtls_psk_choose(e, 3, coap, 4, &index), NX_SECURE_TLS_NO_MATCHING_PSK);
    /* Every entry has a hint and none matches: the only failure. */
    entry(&e[0], "a");
    entry(&e[1], "b");
    EXPECT_CODE(nxdtls_psk_choose(e, 2, coap, 4, &index), NX_SECURE_TLS_NO_MATCHING_PSK);

    /* No hint from the server: entry 0, whatever its hint (NetX). */
    entry(&e[0], "a");
    entry(&e[1], "");
    index = 99;
    EXPECT_OK(nxdtls_psk_choose(e, 2, NULL, 0, &index));
    EXPECT(index == 0);
}

static int established(struct loop *l)
{
    return nxdtls_conn_is_established(&l->client.conn) &&
           nxdtls_conn_is_established(&l->server.conn);
}

static void expect_alert(struct loop_peer *p, UINT description)
{
    UINT level = 0, got = 0;
    nxdtls_conn_alert(&p->conn, &level, &got);
    EXPECT(level == 2 && got == description);
}

/* The same cases through handshakes: the key the client picks must be the one the server holds. */
static void hint_handshakes(void)
{
    static struct loop l;

    /* libcoap's server sends "CoAP"; a client entry without a hint connects. */
    loop_setup(&l, 11);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "CoAP");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    /* A hint set in the configuration wins over entry 0's (a server with only a callback has no entry). */
    loop_setup(&l, 12);
    l.server.cfg.psk_hint = (const uint8_t *)"any hint at all";
    l.server.cfg.psk_hint_len = 15;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    /* The entry with the server's hint is preferred over one without a hint. */
    loop_setup(&l, 13);
    loop_psk_set(&l.server.psk[0], "server-key-BBBB", "id-B", "hint-B");
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "");
    loop_psk_set(&l.client.psk[1], "server-key-BBBB", "id-B", "hint-B");
    l.client.cfg.psk_count = 2;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    /* A hint none of the hinted entries has: the entry without a hint is used. */
    loop_setup(&l, 14);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "hint-X");
    loop_psk_set(&l.client.psk[0], "server-key-AAAA", "id-A", "hint-A");
    loop_psk_set(&l.client.psk[1], "secret-key-0123", "client-1", "");
    l.client.cfg.psk_count = 2;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    /* Only hinted entries, none with the server's hint: the client fails (0x126) and says so. */
    loop_setup(&l, 15);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "hint-X");
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "hint-A");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_ALERT_RECEIVED);
    expect_alert(&l.server, 115);
    loop_free(&l);

    /* No hint from the server: entry 0, even with a hint of its own. */
    loop_setup(&l, 16);
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "hint-A");
    loop_psk_set(&l.client.psk[1], "server-key-AAAA", "id-A", "");
    l.client.cfg.psk_count = 2;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    /* The configuration's hint is bounded like an entry's. */
    loop_setup(&l, 17);
    l.server.cfg.psk_hint = (const uint8_t *)"h";
    l.server.cfg.psk_hint_len = NX_SECURE_TLS_MAX_PSK_ID_SIZE + 1;
    EXPECT_CODE(nxdtls_conn_init(&l.server.conn, &l.server.cfg, l.server.meta, sizeof l.server.meta,
                                 l.server.reasm, sizeof l.server.reasm),
                NX_INVALID_PARAMETERS);
    l.server.cfg.psk_hint = NULL;
    l.server.cfg.psk_hint_len = 1;
    EXPECT_CODE(nxdtls_conn_init(&l.server.conn, &l.server.cfg, l.server.meta, sizeof l.server.meta,
                                 l.server.reasm, sizeof l.server.reasm),
                NX_PTR_ERROR);
}

/* A fleet: 10,000 identities "device-00000".."device-09999" with 16-byte keys, sorted by identity, looked up by
 * binary search in the server callback. */
#define FLEET_SIZE 10000
struct fleet_device {
    char identity[16];
    uint8_t key[16];
};
struct fleet {
    struct fleet_device devices[FLEET_SIZE];
    unsigned calls;
    size_t last_key_capacity;
};

static void fleet_key(unsigned n, uint8_t key[16])
{
    for (unsigned i = 0; i < 16; i++) {
        key[i] = (uint8_t)(n * 131u + i * 7u + (n >> 8));
    }
}

static void fleet_init(struct fleet *f)
{
    memset(f, 0, sizeof *f);
    for (unsigned n = 0; n < FLEET_SIZE; n++) {
        snprintf(f->devices[n].identity, sizeof f->devices[n].identity, "device-%05u", n);
        fleet_key(n, f->devices[n].key);
    }
}

static int fleet_compare(const void *key, const void *element)
{
    const struct fleet_device *d = element;
    return strcmp(key, d->identity);
}

static UINT fleet_lookup(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                         size_t identity_len, uint8_t *key, size_t key_capacity, size_t *key_len)
{
    struct fleet *f = ctx;
    (void)conn;
    f->calls++;
    f->last_key_capacity = key_capacity;
    char name[NXDTLS_PSK_IDENTITY_MAX + 1];
    if (identity_len >= sizeof name || memchr(identity, 0, identity_len) != NULL) {
        return NX_SECURE_TLS_NO_MATCHING_PSK;
    }
    memcpy(name, identity, identity_len);
    name[identity_len] = 0;
    const struct fleet_device *d =
        bsearch(name, f->devices, FLEET_SIZE, sizeof f->devices[0], fleet_compare);
    if (d == NULL) {
        return NX_SECURE_TLS_NO_MATCHING_PSK;
    }
    memcpy(key, d->key, sizeof d->key);
    *key_len = sizeof d->key;
    return NX_SUCCESS;
}

/* fleet_client gives the loop's client device n's credentials (or a made-up identity with n's key). */
static void fleet_client(struct loop *l, const struct fleet *f, unsigned n, const char *identity)
{
    NX_SECURE_TLS_PSK_STORE *e = &l->client.psk[0];
    memset(e, 0, sizeof *e);
    const char *id = identity != NULL ? identity : f->devices[n].identity;
    memcpy(e->nx_secure_tls_psk_id, id, strlen(id));
    e->nx_secure_tls_psk_id_size = (UINT)strlen(id);
    memcpy(e->nx_secure_tls_psk_data, f->devices[n].key, 16);
    e->nx_secure_tls_psk_data_size = 16;
}

static void fleet_server(struct loop *l, struct fleet *f)
{
    l->server.cfg.psks = NULL;
    l->server.cfg.psk_count = 0;
    l->server.cfg.psk_server_callback = fleet_lookup;
    l->server.cfg.psk_callback_ctx = f;
    l->server.cfg.psk_hint = (const uint8_t *)"fleet";
    l->server.cfg.psk_hint_len = 5;
}

static void fleet_handshakes(void)
{
    static struct fleet f;
    static struct loop l;
    fleet_init(&f);
    /* The first, the last and a spread of the others. */
    unsigned sample[40];
    sample[0] = 0;
    sample[1] = FLEET_SIZE - 1;
    for (unsigned i = 2; i < 40; i++) {
        sample[i] = (i * 7919u + 13u) % FLEET_SIZE;
    }
    unsigned ok = 0;
    for (unsigned i = 0; i < 40; i++) {
        loop_setup(&l, 100 + i);
        fleet_server(&l, &f);
        fleet_client(&l, &f, sample[i], NULL);
        unsigned calls = f.calls;
        EXPECT_OK(loop_handshake(&l));
        loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
        ok += established(&l) != 0;
        EXPECT(f.calls == calls + 1);
        /* Data flows with the key the callback gave. */
        EXPECT_OK(loop_send(&l, &l.client, "ping", 4));
        EXPECT(l.server.app_len == 4 && memcmp(l.server.app, "ping", 4) == 0);
        loop_free(&l);
    }
    EXPECT(ok == 40);
    EXPECT(f.last_key_capacity == NXDTLS_PSK_KEY_MAX);

    /* An identity the fleet does not have: 0x126 on the server and unknown_psk_identity to the client. */
    loop_setup(&l, 200);
    fleet_server(&l, &f);
    fleet_client(&l, &f, 5, "device-10000");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    expect_alert(&l.client, 115);
    loop_free(&l);

    /* A known identity with another device's key: the Finished fails (decrypt_error), as with static entries. */
    loop_setup(&l, 201);
    fleet_server(&l, &f);
    fleet_client(&l, &f, 6, f.devices[7].identity);
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    expect_alert(&l.client, 51);
    loop_free(&l);

    /* Static entries first: an identity in psks never reaches the callback; others do. */
    loop_setup(&l, 202);
    fleet_server(&l, &f);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "");
    l.server.cfg.psks = l.server.psk;
    l.server.cfg.psk_count = 1;
    unsigned calls = f.calls;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l) && f.calls == calls);
    loop_free(&l);
    loop_setup(&l, 203);
    fleet_server(&l, &f);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "");
    l.server.cfg.psks = l.server.psk;
    l.server.cfg.psk_count = 1;
    fleet_client(&l, &f, 42, NULL);
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l) && f.calls == calls + 1);
    loop_free(&l);
}

/* A server callback that misbehaves in a chosen way. */
struct bad_server {
    size_t key_len;
    UINT status;
};

static UINT bad_lookup(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                       size_t identity_len, uint8_t *key, size_t key_capacity, size_t *key_len)
{
    struct bad_server *b = ctx;
    (void)conn;
    (void)identity;
    (void)identity_len;
    memset(key, 0x42, key_capacity);
    *key_len = b->key_len;
    return b->status;
}

static void server_callback_limits(void)
{
    static struct loop l;
    static const struct {
        size_t key_len;
        UINT status;
        UINT server_code;
        UINT alert;
    } cases[] = {
        {NXDTLS_PSK_KEY_MAX + 1, NX_SUCCESS, NX_SECURE_TLS_NO_MORE_PSK_SPACE, 80},
        {0, NX_SUCCESS, NX_SECURE_TLS_NO_MATCHING_PSK, 115},
        {16, NX_SECURE_TLS_NO_MATCHING_PSK, NX_SECURE_TLS_NO_MATCHING_PSK, 115},
        {16, NX_NOT_SUCCESSFUL, NX_NOT_SUCCESSFUL, 80},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct bad_server b = {cases[i].key_len, cases[i].status};
        loop_setup(&l, 300 + i);
        l.server.cfg.psk_count = 0;
        l.server.cfg.psk_server_callback = bad_lookup;
        l.server.cfg.psk_callback_ctx = &b;
        EXPECT_OK(loop_handshake(&l));
        loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
        EXPECT_CODE(l.server.status, cases[i].server_code);
        expect_alert(&l.client, cases[i].alert);
        loop_free(&l);
    }
    /* The full 64-byte key is accepted. */
    struct bad_server full = {NXDTLS_PSK_KEY_MAX, NX_SUCCESS};
    loop_setup(&l, 310);
    l.server.cfg.psk_count = 0;
    l.server.cfg.psk_server_callback = bad_lookup;
    l.server.cfg.psk_callback_ctx = &full;
    uint8_t key[NXDTLS_PSK_KEY_MAX];
    memset(key, 0x42, sizeof key);
    memcpy(l.client.psk[0].nx_secure_tls_psk_data, key, sizeof key);
    l.client.psk[0].nx_secure_tls_psk_data_size = sizeof key;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);
}

/* A client callback that records the hint it was given and answers from its fields. */
struct client_cb {
    char hint[NXDTLS_PSK_IDENTITY_MAX + 1];
    size_t hint_len;
    int hint_null;
    unsigned calls;
    const char *identity;
    size_t identity_len; /* when nonzero, overrides strlen(identity) */
    const char *key;
    size_t key_len; /* when nonzero, overrides strlen(key) */
    UINT status;
    size_t identity_capacity;
};

static UINT client_answer(void *ctx, struct nxdtls_conn *conn, const uint8_t *hint, size_t hint_len,
                          uint8_t *identity, size_t identity_capacity, size_t *identity_len,
                          uint8_t *key, size_t key_capacity, size_t *key_len)
{
    struct client_cb *cb = ctx;
    (void)conn;
    cb->calls++;
    cb->hint_null = hint == NULL;
    cb->hint_len = hint_len;
    cb->identity_capacity = identity_capacity;
    if (hint_len < sizeof cb->hint && hint != NULL) {
        memcpy(cb->hint, hint, hint_len);
        cb->hint[hint_len] = 0;
    }
    size_t id_len = cb->identity_len != 0 ? cb->identity_len : strlen(cb->identity);
    size_t k_len = cb->key_len != 0 ? cb->key_len : strlen(cb->key);
    memset(identity, 'i', identity_capacity);
    memcpy(identity, cb->identity,
           strlen(cb->identity) < identity_capacity ? strlen(cb->identity) : identity_capacity);
    memset(key, 0, key_capacity);
    memcpy(key, cb->key, strlen(cb->key) < key_capacity ? strlen(cb->key) : key_capacity);
    *identity_len = id_len;
    *key_len = k_len;
    return cb->status;
}

static void client_callback(void)
{
    static struct loop l;
    static struct fleet f;
    fleet_init(&f);

    /* The callback sees the server's hint and answers with a device of the fleet. */
    struct client_cb cb = {.identity = f.devices[1234].identity, .key = "", .status = NX_SUCCESS};
    char key[17];
    memcpy(key, f.devices[1234].key, 16);
    key[16] = 0;
    cb.key = key;
    cb.key_len = 16; /* the key may contain zero bytes */
    loop_setup(&l, 400);
    fleet_server(&l, &f);
    l.client.cfg.psks = NULL;
    l.client.cfg.psk_count = 0; /* the callback alone makes the client offer the PSK suites */
    l.client.cfg.psk_client_callback = client_answer;
    l.client.cfg.psk_callback_ctx = &cb;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    EXPECT(cb.calls == 1 && cb.hint_len == 5 && strcmp(cb.hint, "fleet") == 0);
    EXPECT(cb.identity_capacity == NXDTLS_PSK_IDENTITY_MAX);
    loop_free(&l);

    /* No hint from the server: the callback gets none; its answer wins over the static entries. */
    struct client_cb plain = {
        .identity = "client-1", .key = "secret-key-0123", .status = NX_SUCCESS};
    loop_setup(&l, 401);
    loop_psk_set(&l.client.psk[0], "wrong-key-99999", "nobody", "");
    l.client.cfg.psk_client_callback = client_answer;
    l.client.cfg.psk_callback_ctx = &plain;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    EXPECT(plain.calls == 1 && plain.hint_len == 0 && plain.hint_null);
    loop_free(&l);

    /* A 128-byte identity is the most: it goes through; 129 fails on the client with 0x125. */
    char long_id[NXDTLS_PSK_IDENTITY_MAX + 1];
    memset(long_id, 'L', NXDTLS_PSK_IDENTITY_MAX);
    long_id[NXDTLS_PSK_IDENTITY_MAX] = 0;
    struct client_cb longest = {
        .identity = long_id, .key = "secret-key-0123", .status = NX_SUCCESS};
    loop_setup(&l, 402);
    loop_psk_set(&l.server.psk[0], "secret-key-0123", long_id, "");
    l.client.cfg.psk_client_callback = client_answer;
    l.client.cfg.psk_callback_ctx = &longest;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT(established(&l));
    loop_free(&l);

    static const struct {
        size_t identity_len;
        size_t key_len;
        UINT status;
        UINT code;
    } bad[] = {
        {NXDTLS_PSK_IDENTITY_MAX + 1, 0, NX_SUCCESS, NX_SECURE_TLS_NO_MORE_PSK_SPACE},
        {0, NXDTLS_PSK_KEY_MAX + 1, NX_SUCCESS, NX_SECURE_TLS_NO_MORE_PSK_SPACE},
        {0, 0, NX_SECURE_TLS_NO_MATCHING_PSK, NX_SECURE_TLS_NO_MATCHING_PSK},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct client_cb b = {.identity = "client-1",
                              .identity_len = bad[i].identity_len,
                              .key = "secret-key-0123",
                              .key_len = bad[i].key_len,
                              .status = bad[i].status};
        loop_setup(&l, 410 + i);
        l.client.cfg.psk_client_callback = client_answer;
        l.client.cfg.psk_callback_ctx = &b;
        EXPECT_OK(loop_handshake(&l));
        loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
        EXPECT_CODE(l.client.status, bad[i].code);
        EXPECT(!established(&l));
        loop_free(&l);
    }
    /* An empty key is never used. */
    struct client_cb empty = {.identity = "client-1", .key = "", .status = NX_SUCCESS};
    loop_setup(&l, 420);
    l.client.cfg.psk_client_callback = client_answer;
    l.client.cfg.psk_callback_ctx = &empty;
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* epoch-0 refusals come at the retransmission timer */
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_NO_MATCHING_PSK);
    loop_free(&l);
}

int main(void)
{
    choose_rule();
    hint_handshakes();
    fleet_handshakes();
    server_callback_limits();
    client_callback();
    return test_finish("dtls/psk");
}
