/* SPDX-License-Identifier: MIT */
/* dtls_psk_test.c: PSK sessions end to end through the NetX facade over loopback (127.0.0.1 and ::1): client
 * start, send/receive both ways, send address mismatch, close_notify both ways (session_end, receive after
 * the peer's close), disconnect_notify, D1's no-answer code, a start with nobody listening, a full server
 * (error_notify(NULL, 0x123) and the client's alert), wrong PSK, and the pool/slot counts afterwards. */
#include "netx_harness.h"

static uint64_t pool_memory[300 * 1600 / 8];
static NX_PACKET_POOL pool;
static NX_IP ip;
static CHAR name[] = "dtls_psk_test";
static struct harness_server hs;
static struct harness_client cli;

static void exchange(NXD_ADDRESS *server_addr, UINT port)
{
    EXPECT_OK(harness_client_open(&cli, &ip, harness_key, sizeof harness_key));
    EXPECT_OK(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, server_addr, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT(cli.session.nx_secure_dtls_session_in_use == NX_TRUE);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite =
        cli.session.nx_secure_dtls_tls_session.nx_secure_tls_session_ciphersuite;
    EXPECT(suite != NULL);
    for (int i = 0; i < 5; i++) {
        char msg[32];
        int n = snprintf(msg, sizeof msg, "hello %d", i);
        EXPECT_OK(harness_send(&cli.session, &pool, msg, (ULONG)n, server_addr, port));
        EXPECT_OK(harness_receive(&cli.session, msg, (ULONG)n, 5 * NX_IP_PERIODIC_RATE));
    }
    /* docs/netx-api.md 3.2: the peer must be the session's; the caller keeps the packet. */
    NXD_ADDRESS other = harness_v4(IP_ADDRESS(127, 0, 0, 2));
    EXPECT_CODE(harness_send(&cli.session, &pool, "x", 1, &other, port),
                NX_SECURE_TLS_SEND_ADDRESS_MISMATCH);
    EXPECT_CODE(harness_send(&cli.session, &pool, "x", 1, server_addr, port + 1),
                NX_SECURE_TLS_SEND_ADDRESS_MISMATCH);
    /* Nothing to receive. */
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_secure_dtls_session_receive(&cli.session, &p, NX_NO_WAIT), NX_NO_PACKET);
    EXPECT_CODE(nx_secure_dtls_session_receive(&cli.session, &p, 3), NX_NO_PACKET);
    /* Close: the server answers close_notify, its app ends the slot. */
    unsigned before = harness_get(&hs, &hs.disconnects);
    EXPECT_OK(nx_secure_dtls_session_end(&cli.session, 5 * NX_IP_PERIODIC_RATE));
    EXPECT(cli.session.nx_secure_dtls_session_in_use == NX_FALSE);
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.disconnects) > before &&
                       harness_slots_in_use(&hs) == 0);
    EXPECT(harness_get(&hs, &hs.disconnects) == before + 1);
    EXPECT(harness_slots_in_use(&hs) == 0);
    /* After end the session is reset: data services refuse it. */
    EXPECT_CODE(nx_secure_dtls_session_receive(&cli.session, &p, NX_NO_WAIT),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(harness_send(&cli.session, &pool, "x", 1, server_addr, port),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    harness_client_close(&cli);
}

/* The server's application closes a session: the client's receive returns 0x127. */
struct closer {
    NX_SECURE_DTLS_SESSION *session;
    UINT status;
};

static void *close_slot(void *arg)
{
    struct closer *c = arg;
    c->status = nx_secure_dtls_session_end(c->session, 5 * NX_IP_PERIODIC_RATE);
    return NULL;
}

static NX_SECURE_DTLS_SESSION *slot_in_use(void)
{
    for (UINT i = 0; i < hs.server.nx_dtls_server_sessions_count; i++) {
        if (netx_peek_in_use(&hs.server.nx_dtls_server_sessions[i])) {
            return &hs.server.nx_dtls_server_sessions[i];
        }
    }
    return NULL;
}

static void server_closes(NXD_ADDRESS *server_addr, UINT port)
{
    EXPECT_OK(harness_client_open(&cli, &ip, harness_key, sizeof harness_key));
    EXPECT_OK(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, server_addr, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(harness_send(&cli.session, &pool, "ping", 4, server_addr, port));
    EXPECT_OK(harness_receive(&cli.session, "ping", 4, 5 * NX_IP_PERIODIC_RATE));
    NX_SECURE_DTLS_SESSION *slot = slot_in_use();
    EXPECT(slot != NULL);
    if (slot == NULL) {
        harness_client_close(&cli);
        return;
    }
    NXD_ADDRESS peer;
    UINT peer_port = 0;
    UINT local_port = 0;
    EXPECT_OK(nx_secure_dtls_session_client_info_get(slot, &peer, &peer_port, &local_port));
    EXPECT(peer_port == cli.socket.nx_udp_socket_port);
    EXPECT(local_port == port);
    EXPECT(peer.nxd_ip_version == server_addr->nxd_ip_version);

    /* The server's end waits for the client's answer, which the client's receive sends. */
    struct closer c = {slot, 0xFFFF};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, close_slot, &c) == 0);
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_secure_dtls_session_receive(&cli.session, &p, 5 * NX_IP_PERIODIC_RATE),
                NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT_CODE(nx_secure_dtls_session_receive(&cli.session, &p, NX_NO_WAIT),
                NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT_CODE(harness_send(&cli.session, &pool, "x", 1, server_addr, port),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    pthread_join(th, NULL);
    EXPECT_OK(c.status);
    EXPECT(netx_peek_in_use(slot) == NX_FALSE);
    EXPECT_OK(nx_secure_dtls_session_end(&cli.session,
                                         NX_NO_WAIT)); /* already closed: succeeds at once */
    harness_client_close(&cli);
}

/* Nobody answers: start gives up with NX_NO_PACKET within its wait; end gets no close_notify (D1). */
static void silence(void)
{
    NX_UDP_SOCKET quiet;
    EXPECT_OK(nx_udp_socket_create(&ip, &quiet, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 4));
    EXPECT_OK(nx_udp_socket_bind(&quiet, NX_ANY_PORT, NX_NO_WAIT));
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(harness_client_open(&cli, &ip, harness_key, sizeof harness_key));
    ULONG t0 = tx_time_get();
    EXPECT_CODE(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo,
                                                    quiet.nx_udp_socket_port, 30),
                NX_NO_PACKET);
    EXPECT(tx_time_get() - t0 >= 30);
    /* The silent peer saw the ClientHello and its retransmission(s). */
    EXPECT(netx_peek_socket_queued(&quiet) >= 1);
    EXPECT_OK(nx_secure_dtls_session_reset(&cli.session));
    harness_client_close(&cli);
    EXPECT_OK(nx_udp_socket_unbind(&quiet));
    EXPECT_OK(nx_udp_socket_delete(&quiet));
}

static void no_close_answer(UINT port)
{
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(harness_client_open(&cli, &ip, harness_key, sizeof harness_key));
    EXPECT_OK(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    /* The server goes away without a word: our close_notify gets no answer. */
    EXPECT_OK(nx_secure_dtls_server_stop(&hs.server));
    EXPECT_CODE(nx_secure_dtls_session_end(&cli.session, 20), NX_SECURE_TLS_NO_CLOSE_RESPONSE);
    EXPECT(cli.session.nx_secure_dtls_session_in_use == NX_FALSE); /* reset in every case */
    EXPECT_OK(nx_secure_dtls_server_start(&hs.server));
    harness_client_close(&cli);
}

static void wrong_key(UINT port)
{
    static UCHAR other[16] = {0xEE};
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(harness_client_open(&cli, &ip, other, sizeof other));
    UINT st = nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo, port,
                                                  5 * NX_IP_PERIODIC_RATE);
    EXPECT(st != NX_SUCCESS);
    EXPECT(cli.session.nx_secure_dtls_session_in_use ==
           NX_TRUE); /* left for the application to reset */
    EXPECT_OK(nx_secure_dtls_session_reset(&cli.session));
    harness_client_close(&cli);
    /* The server side failed too; the harness application reset its slot on start's code. */
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);

    /* Again with no application thread inside server_session_start (NX_NO_WAIT): the failure is
     * reported by error_notify(session, code) and the slot waits for the application's reset. */
    harness_set_start_wait(&hs, NX_NO_WAIT);
    unsigned errors = harness_get(&hs, &hs.errors);
    EXPECT_OK(harness_client_open(&cli, &ip, other, sizeof other));
    EXPECT(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo, port,
                                               5 * NX_IP_PERIODIC_RATE) != NX_SUCCESS);
    (void)nx_secure_dtls_session_reset(&cli.session);
    harness_client_close(&cli);
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.errors) > errors && harness_slots_in_use(&hs) == 0);
    EXPECT(harness_get(&hs, &hs.errors) == errors + 1);
    EXPECT(harness_get(&hs, &hs.errors_no_slot) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
    harness_set_start_wait(&hs, 10 * NX_IP_PERIODIC_RATE);
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    nx_secure_dtls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_OK(harness_server_open(&hs, &ip, 4, NX_ANY_PORT));
    UINT port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
    EXPECT(port != 0);
    ULONG avail = netx_peek_pool_available(&pool);

    NXD_ADDRESS lo4 = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    NXD_ADDRESS lo6 = harness_v6_loopback();
    exchange(&lo4, port);
    exchange(&lo6, port);
    server_closes(&lo4, port);
    server_closes(&lo6, port);
    silence();
    no_close_answer(port);
    port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
    wrong_key(port);

    HARNESS_WAIT_UNTIL(netx_peek_pool_available(&pool) == avail);
    EXPECT(netx_peek_pool_available(&pool) == avail);
    EXPECT(harness_slots_in_use(&hs) == 0);
    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/dtls_psk");
}
