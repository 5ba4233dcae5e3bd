/* SPDX-License-Identifier: MIT */
/* dtls_server_idle_test: nxdtls_secure_dtls_server_idle_timeout_set, the facade's idle timeout (an nxdtls
 * extension, docs/security.md). Off by default, as in NetX: a quiet session keeps its slot. Set: a session that
 * hears nothing for the timeout gets close_notify sent to its peer, error_notify(session, NX_NO_PACKET), and
 * its slot is free once the application resets it (the harness does on error_notify). Loopback only. */
#include "netx_harness.h"

#define POOL_PACKETS 64

static uint64_t server_pool_memory[POOL_PACKETS * 1700 / 8];
static uint64_t client_pool_memory[POOL_PACKETS * 1700 / 8];
static NX_PACKET_POOL server_pool;
static NX_PACKET_POOL client_pool;
static NX_IP server_ip;
static NX_IP client_ip;
static CHAR name[] = "dtls_server_idle_test";
static struct harness_server hs;
static struct harness_client client;

/* connect_and_echo opens the client and runs one echo through the server. */
static void connect_and_echo(UINT port)
{
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(harness_client_open(&client, &client_ip, harness_key, sizeof harness_key));
    EXPECT_OK(nx_secure_dtls_client_session_start(&client.session, &client.socket, &lo, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(harness_send(&client.session, &client_pool, "ping", 4, &lo, port));
    EXPECT_OK(harness_receive(&client.session, "ping", 4, 10 * NX_IP_PERIODIC_RATE));
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&server_pool, name, 1600, server_pool_memory,
                                    sizeof server_pool_memory));
    EXPECT_OK(nx_packet_pool_create(&client_pool, name, 1600, client_pool_memory,
                                    sizeof client_pool_memory));
    EXPECT_OK(nx_ip_create(&server_ip, name, 0, 0, &server_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_ip_create(&client_ip, name, 0, 0, &client_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&server_ip));
    EXPECT_OK(nx_udp_enable(&client_ip));
    EXPECT_OK(harness_server_open(&hs, &server_ip, 2, NX_ANY_PORT));
    UINT port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
    EXPECT_CODE(nxdtls_secure_dtls_server_idle_timeout_set(NULL, 10), NX_PTR_ERROR);

    /* Default: nothing happens to a quiet session (checked for longer than the timeout used below). */
    connect_and_echo(port);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 1);
    struct timespec wait = {0, 600 * 1000 * 1000};
    nanosleep(&wait, NULL);
    EXPECT(harness_slots_in_use(&hs) == 1);
    EXPECT(harness_get(&hs, &hs.errors) == 0);

    /* 30 ticks (300 ms): the quiet session is ended. */
    EXPECT_OK(nxdtls_secure_dtls_server_idle_timeout_set(&hs.server, 30));
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.errors) == 1 && harness_slots_in_use(&hs) == 0);
    EXPECT(harness_get(&hs, &hs.errors) == 1);
    EXPECT(harness_slots_in_use(&hs) == 0);
    /* The client was told: its next receive reports the close. */
    NX_PACKET *p = NULL;
    UINT st = nx_secure_dtls_session_receive(&client.session, &p, 5 * NX_IP_PERIODIC_RATE);
    EXPECT(st == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED || st == NX_SECURE_TLS_SESSION_CLOSED);
    if (st == NX_SUCCESS) {
        (void)nx_packet_release(p);
    }
    (void)nx_secure_dtls_session_reset(&client.session);
    harness_client_close(&client);

    /* A session that talks within the timeout is not ended. */
    connect_and_echo(port);
    for (int i = 0; i < 6; i++) {
        struct timespec step = {0, 100 * 1000 * 1000};
        nanosleep(&step, NULL);
        NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
        EXPECT_OK(harness_send(&client.session, &client_pool, "tick", 4, &lo, port));
        EXPECT_OK(harness_receive(&client.session, "tick", 4, 10 * NX_IP_PERIODIC_RATE));
    }
    EXPECT(harness_get(&hs, &hs.errors) == 1);
    EXPECT_OK(nx_secure_dtls_session_end(&client.session, 10 * NX_IP_PERIODIC_RATE));
    harness_client_close(&client);

    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&server_ip));
    EXPECT_OK(nx_ip_delete(&client_ip));
    return test_finish("netx/dtls_server_idle");
}
