/* SPDX-License-Identifier: MIT */
/* conn_loopback_test.c: whole PSK handshakes between a client and a server nxdtls_conn in memory, for every
 * PSK suite, with and without extended master secret, at the default MTU and at 256 bytes; data and
 * close_notify both ways; wrong key and unknown identity fail with the exact codes. */
#include "dtls_loop.h"
#include "test.h"

static void run_suite(uint16_t suite, int ems, uint16_t mtu, uint64_t seed)
{
    static struct loop l;
    loop_setup(&l, seed);
    const uint16_t only[1] = {suite};
    l.client.cfg.ciphersuites = only;
    l.client.cfg.ciphersuite_count = 1;
    l.client.cfg.disable_extended_master_secret = (uint8_t)!ems;
    l.client.cfg.mtu = mtu;
    l.server.cfg.mtu = mtu;
    if (mtu != 0) {
        loop_long_credentials(&l);
    }
    EXPECT_OK(loop_handshake(&l));
    /* At MTU 256 the long ClientHello is cut in fragments: more client datagrams than flights. */
    EXPECT(mtu == 0 ? l.client.datagrams == 2 && l.server.datagrams == 2
                    : l.client.datagrams >= 3 && l.server.datagrams >= 2);
    EXPECT_OK(l.client.status);
    EXPECT_OK(l.server.status);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    EXPECT((l.client.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0);
    EXPECT((l.server.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *cs = nxdtls_conn_ciphersuite(&l.client.conn);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *ss = nxdtls_conn_ciphersuite(&l.server.conn);
    EXPECT(cs != NULL && cs->nx_secure_tls_ciphersuite == suite);
    EXPECT(ss != NULL && ss->nx_secure_tls_ciphersuite == suite);
    if (!nxdtls_conn_is_established(&l.client.conn)) {
        fprintf(stderr, "suite %04x ems %d mtu %u: client 0x%x server 0x%x\n", suite, ems, mtu,
                nxdtls_conn_error(&l.client.conn), nxdtls_conn_error(&l.server.conn));
        loop_free(&l);
        return;
    }
    EXPECT_OK(loop_send(&l, &l.client, "ping", 4));
    EXPECT(l.server.app_len == 4 && memcmp(l.server.app, "ping", 4) == 0);
    EXPECT_OK(loop_send(&l, &l.server, "pong!", 5));
    EXPECT(l.client.app_len == 5 && memcmp(l.client.app, "pong!", 5) == 0);
    EXPECT(nxdtls_conn_dropped(&l.client.conn) == 0);
    EXPECT(nxdtls_conn_dropped(&l.server.conn) == 0);
    /* close_notify: client closes, the server reports it and answers once, the client sees the answer. */
    EXPECT_OK(nxdtls_conn_close(&l.client.conn));
    loop_pump(&l);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT((l.server.events & NXDTLS_EVENT_CLOSE_NOTIFY) != 0);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT_CODE(nxdtls_conn_write(&l.server.conn, (const uint8_t *)"x", 1, l.server.app,
                                  sizeof l.server.app, &(size_t){0}),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    loop_free(&l);
}

/* A wrong key: the server cannot authenticate the client's Finished record. Anyone could send such a record, so
 * it is dropped at first; when the genuine Finished has not come by the retransmission timer, that is the
 * handshake failure of docs/netx-api.md 7.3: decrypt_error in the clear, and the client reports the alert. */
static void wrong_key(uint16_t suite)
{
    static struct loop l;
    loop_setup(&l, 77);
    const uint16_t only[1] = {suite};
    l.client.cfg.ciphersuites = only;
    l.client.cfg.ciphersuite_count = 1;
    loop_psk_set(&l.client.psk[0], "secret-key-0124", "client-1", "");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* the refusal comes when the retransmission timer fires */
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 2 && description == 51);
    EXPECT((l.client.events & (NXDTLS_EVENT_ALERT | NXDTLS_EVENT_FAILED)) ==
           (NXDTLS_EVENT_ALERT | NXDTLS_EVENT_FAILED));
    EXPECT((l.server.events & NXDTLS_EVENT_FAILED) != 0);
    EXPECT(!nxdtls_conn_is_established(&l.client.conn) &&
           !nxdtls_conn_is_established(&l.server.conn));
    /* Sticky: later calls keep returning the code, and nothing more is queued. */
    uint8_t junk[32] = {0};
    uint8_t *cur = junk, *app = NULL;
    size_t rem = sizeof junk, app_len = 0, out_len = 1;
    EXPECT_CODE(nxdtls_conn_input(&l.server.conn, l.now, &cur, &rem, &app, &app_len),
                NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT_OK(nxdtls_conn_output(&l.server.conn, l.now, junk, sizeof junk, &out_len));
    EXPECT(out_len == 0);
    EXPECT_CODE(nxdtls_conn_timeout(&l.server.conn, l.now + 100000),
                NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    loop_free(&l);
}

/* An identity the server does not know: NX_SECURE_TLS_NO_MATCHING_PSK and unknown_psk_identity (RFC 4279 2). */
static void unknown_identity(void)
{
    static struct loop l;
    loop_setup(&l, 78);
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-2", "");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* the refusal comes when the retransmission timer fires */
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 2 && description == 115);
    loop_free(&l);
}

/* docs/netx-api.md 7.6: the server sends entry 0's hint; the client uses its first entry with that hint and sends
 * that entry's identity; the server picks the key by identity. */
static void hint_selects_entry(void)
{
    static struct loop l;
    loop_setup(&l, 79);
    loop_psk_set(&l.server.psk[0], "server-key-AAAA", "id-A", "hint-A");
    loop_psk_set(&l.server.psk[1], "server-key-BBBB", "id-B", "hint-B");
    l.server.cfg.psk_count = 2;
    loop_psk_set(&l.client.psk[0], "server-key-BBBB", "id-B", "hint-B");
    loop_psk_set(&l.client.psk[1], "server-key-AAAA", "id-A", "hint-A");
    l.client.cfg.psk_count = 2;
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    loop_free(&l);

    /* Every client entry has a hint and none is the server's: the client fails before sending
     * ClientKeyExchange. */
    loop_setup(&l, 80);
    loop_psk_set(&l.server.psk[0], "server-key-AAAA", "id-A", "hint-X");
    loop_psk_set(&l.client.psk[0], "server-key-AAAA", "id-A", "hint-A");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* the refusal comes when the retransmission timer fires */
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.server.conn, &level, &description);
    EXPECT(level == 2 && description == 115);
    loop_free(&l);

    /* Without a hint the client takes entry 0, whatever the server's entry order. */
    loop_setup(&l, 81);
    loop_psk_set(&l.server.psk[0], "server-key-AAAA", "id-A", "");
    loop_psk_set(&l.server.psk[1], "secret-key-0123", "client-1", "");
    l.server.cfg.psk_count = 2;
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
           nxdtls_conn_is_established(&l.server.conn));
    loop_free(&l);
}

/* The server's preference decides among the suites both offer; no common suite is NO_SUPPORTED_CIPHERS. */
static void suite_choice(void)
{
    static struct loop l;
    loop_setup(&l, 82);
    const uint16_t client_pref[] = {TLS_PSK_WITH_AES_128_CBC_SHA, TLS_PSK_WITH_AES_128_GCM_SHA256};
    const uint16_t server_pref[] = {TLS_PSK_WITH_AES_256_GCM_SHA384,
                                    TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_128_CBC_SHA};
    l.client.cfg.ciphersuites = client_pref;
    l.client.cfg.ciphersuite_count = 2;
    l.server.cfg.ciphersuites = server_pref;
    l.server.cfg.ciphersuite_count = 3;
    EXPECT_OK(loop_handshake(&l));
    const NX_SECURE_TLS_CIPHERSUITE_INFO *cs = nxdtls_conn_ciphersuite(&l.client.conn);
    EXPECT(cs != NULL && cs->nx_secure_tls_ciphersuite == TLS_PSK_WITH_AES_128_GCM_SHA256);
    loop_free(&l);

    loop_setup(&l, 83);
    const uint16_t one[] = {TLS_PSK_WITH_AES_128_CBC_SHA};
    const uint16_t other[] = {TLS_PSK_WITH_AES_128_GCM_SHA256};
    l.client.cfg.ciphersuites = one;
    l.client.cfg.ciphersuite_count = 1;
    l.server.cfg.ciphersuites = other;
    l.server.cfg.ciphersuite_count = 1;
    EXPECT_OK(loop_handshake(&l));
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 2 && description == 40);
    loop_free(&l);

    /* A client without any PSK offers nothing it can complete (certificate suites are not implemented). */
    loop_setup(&l, 84);
    l.client.cfg.psk_count = 0;
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_CODE(nxdtls_conn_connect(&l.client.conn, l.now), NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    loop_free(&l);
}

/* The server closes first; data written before close arrives; the client answers. */
static void server_closes(void)
{
    static struct loop l;
    loop_setup(&l, 85);
    EXPECT_OK(loop_handshake(&l));
    EXPECT_OK(loop_send(&l, &l.server, "last words", 10));
    EXPECT_OK(nxdtls_conn_close(&l.server.conn));
    EXPECT_CODE(nxdtls_conn_write(&l.server.conn, (const uint8_t *)"x", 1, l.server.app,
                                  sizeof l.server.app, &(size_t){0}),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    loop_pump(&l);
    EXPECT(l.client.app_len == 10);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    UINT level = 0, description = 9;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 1 && description == 0);
    /* Exactly one close_notify each way: nothing else queued. */
    size_t n = 1;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, l.client.app, sizeof l.client.app, &n));
    EXPECT(n == 0);
    loop_free(&l);
}

struct keylog {
    char line[2][256];
    unsigned count[2];
};

static void keylog_sink(void *ctx, const char *line)
{
    struct keylog *k = ctx;
    size_t i = k->count[0] == 0 ? 0 : 1;
    snprintf(k->line[i], sizeof k->line[i], "%s", line);
    k->count[i]++;
}

/* NSS key log: one line per side per handshake, the same on both sides; EMS is used only when both sides
 * offer it (the master secret, so the line, differs from a run without it). */
static void keylog_and_ems(void)
{
    static struct loop l;
    static struct keylog k_both, k_client_off, k_server_off;
    struct keylog *runs[3] = {&k_both, &k_client_off, &k_server_off};
    for (int run = 0; run < 3; run++) {
        loop_setup(&l, 200); /* same randoms every run */
        struct keylog *k = runs[run];
        memset(k, 0, sizeof *k);
        l.client.cfg.keylog = keylog_sink;
        l.client.cfg.keylog_ctx = k;
        l.server.cfg.keylog = keylog_sink;
        l.server.cfg.keylog_ctx = k;
        l.client.cfg.disable_extended_master_secret = run == 1;
        l.server.cfg.disable_extended_master_secret = run == 2;
        EXPECT_OK(loop_handshake(&l));
        EXPECT(nxdtls_conn_is_established(&l.client.conn) &&
               nxdtls_conn_is_established(&l.server.conn));
        EXPECT(k->count[0] == 1 && k->count[1] == 1);
        EXPECT(strcmp(k->line[0], k->line[1]) == 0);
        EXPECT(strlen(k->line[0]) == 14 + 64 + 1 + 96 &&
               strncmp(k->line[0], "CLIENT_RANDOM ", 14) == 0);
        /* The client random's first 4 bytes are the configured time (0x60000000). */
        EXPECT(strncmp(k->line[0] + 14, "60000000", 8) == 0);
        EXPECT_OK(loop_send(&l, &l.client, "k", 1));
        EXPECT(l.server.app_len == 1);
        loop_free(&l);
    }
    /* Same randoms: without EMS on either side the master secrets match each other and differ from EMS. */
    EXPECT(strcmp(k_both.line[0], k_client_off.line[0]) != 0);
    EXPECT(strcmp(k_client_off.line[0], k_server_off.line[0]) == 0);
}

/* Buffers too small: a flight that does not fit the reassembly buffer, a message that never can. */
static void small_buffers(void)
{
    static struct loop l;
    loop_setup(&l, 201);
    loop_long_credentials(&l); /* a ~340-byte ClientHello */
    static uint8_t small[512];
    EXPECT_OK(nxdtls_conn_init(&l.client.conn, &l.client.cfg, l.client.meta, sizeof l.client.meta,
                               small, sizeof small));
    EXPECT_CODE(nxdtls_conn_connect(&l.client.conn, l.now), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    nxdtls_conn_free(&l.client.conn);
    /* A server with 512 bytes: a ClientHello announced at 1000 bytes can never fit its reassembly. */
    EXPECT_OK(nxdtls_conn_init(&l.server.conn, &l.server.cfg, l.server.meta, sizeof l.server.meta,
                               small, sizeof small));
    uint8_t d[64] = {
        22, 0xFE, 0xFD, 0,   0, 0, 0, 0, 0, 0, 0, 0, 22, /* record, 22 bytes */
        1,  0,    3,    232, 0, 0, 0, 0, 0, 0, 0, 10}; /* ClientHello, length 1000, first 10 bytes */
    loop_deliver(&l, &l.server, d, 13 + 22);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&l.server.conn, l.now, d, sizeof d, &n));
    EXPECT(n == 15 && d[0] == 21 && d[13] == 2 && d[14] == 80); /* internal_error */
    loop_free(&l);
}

int main(void)
{
    static const uint16_t suites[] = {
        TLS_PSK_WITH_AES_128_CCM_8,      TLS_PSK_WITH_AES_128_CCM,
        TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_256_GCM_SHA384,
        TLS_PSK_WITH_AES_128_CBC_SHA256, TLS_PSK_WITH_AES_128_CBC_SHA};
    uint64_t seed = 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        for (int ems = 0; ems < 2; ems++) {
            run_suite(suites[i], ems, 0, seed++);
            run_suite(suites[i], ems, NXDTLS_MIN_MTU, seed++);
        }
    }
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        wrong_key(suites[i]);
    }
    unknown_identity();
    hint_selects_entry();
    suite_choice();
    server_closes();
    keylog_and_ems();
    small_buffers();
    return test_finish("dtls/conn_loopback");
}
