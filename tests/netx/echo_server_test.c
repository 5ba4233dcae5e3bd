/* SPDX-License-Identifier: MIT */
/* echo_server_test.c: the echo server of the NetX Secure DTLS guide's pattern, as a ThreadX program
 * (tx_application_define, a server thread and a client thread, tx_kernel_enter returning when both end).
 * The server learns of everything through connect_notify and receive_notify, which post to a semaphore
 * (no disconnect_notify: NetX never calls it); its thread starts each session, echoes what it receives and
 * ends the session when receive returns the close code, which needs receive_notify for the client's
 * close_notify as NetX gives it. It serves CLIENTS clients one after the other, then stops. Along the way:
 * server_session_start on a session whose handshake completed fails (NX_NOT_SUCCESSFUL, NetX's
 * _nx_secure_dtls_session_start) and after session_end returns NX_SECURE_TLS_SESSION_UNINITIALIZED.
 * Loopback only; the server's port is ephemeral. */
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "test.h"

#define CLIENTS 5
#define SLOTS   2
#define EVENTS  64

static CHAR name[] = "echo_server_test";
static TX_THREAD server_thread, client_thread;
static ULONG server_stack[4096 / sizeof(ULONG)];
static ULONG client_stack[4096 / sizeof(ULONG)];
static NX_PACKET_POOL pool;
static NX_IP ip;
static NX_SECURE_DTLS_SERVER server;
static NX_SECURE_DTLS_SESSION slots[SLOTS];
static UCHAR server_metadata[SLOTS * 16000];
static UCHAR server_reassembly[SLOTS * 4000];
static NX_UDP_SOCKET client_socket;
static NX_SECURE_DTLS_SESSION client;
static UCHAR client_metadata[16000];
static UCHAR client_reassembly[4000];
static TX_SEMAPHORE events, server_ready;
static UINT server_port;
static UCHAR key[] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                      0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
static UCHAR identity[] = "echo-client";

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

/* The events the callbacks post, a ring read by the server thread (the lock: tx_interrupt_control, as a
 * board's ISR-shared data would have it). */
struct event {
    int connect;
    NX_SECURE_DTLS_SESSION *session;
};
static struct event ring[EVENTS];
static UINT ring_head, ring_tail;

/* What the threads saw, read by main() after tx_kernel_enter returned. */
static UINT connects, receives, closes, echoes, served, restart_code, after_end_code;
static UINT client_ok, server_errors, client_errors;

static VOID post(int connect, NX_SECURE_DTLS_SESSION *s)
{
    UINT old = tx_interrupt_control(TX_INT_DISABLE);
    ring[ring_tail % EVENTS] = (struct event){connect, s};
    ring_tail++;
    (void)tx_interrupt_control(old);
    (void)tx_semaphore_put(&events);
}

static UINT connect_notify(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *address, UINT port)
{
    NX_PARAMETER_NOT_USED(address);
    NX_PARAMETER_NOT_USED(port);
    connects++;
    post(1, s);
    return NX_SUCCESS;
}

static UINT receive_notify(NX_SECURE_DTLS_SESSION *s)
{
    receives++;
    post(0, s);
    return NX_SUCCESS;
}

static VOID server_entry(ULONG input)
{
    NX_PARAMETER_NOT_USED(input);
    UINT status = nx_secure_dtls_server_create(
        &server, &ip, NX_ANY_PORT, NX_IP_PERIODIC_RATE, slots, sizeof slots, &nx_crypto_tls_ciphers,
        server_metadata, sizeof server_metadata, server_reassembly, sizeof server_reassembly,
        connect_notify, receive_notify);
    status |= nx_secure_dtls_server_psk_add(&server, key, sizeof key, identity,
                                            sizeof identity - 1, NX_NULL, 0);
    status |= nx_secure_dtls_server_start(&server);
    status |= nx_udp_socket_port_get(&server.nx_dtls_server_udp_socket, &server_port);
    if (status != NX_SUCCESS) {
        server_errors++;
        return;
    }
    (void)tx_semaphore_put(&server_ready);
    while (served < CLIENTS) {
        if (tx_semaphore_get(&events, 30 * NX_IP_PERIODIC_RATE) != TX_SUCCESS) {
            server_errors++;
            break;
        }
        UINT old = tx_interrupt_control(TX_INT_DISABLE);
        struct event ev = ring[ring_head % EVENTS];
        ring_head++;
        (void)tx_interrupt_control(old);
        if (ev.connect) {
            if (nx_secure_dtls_server_session_start(ev.session, 10 * NX_IP_PERIODIC_RATE) !=
                NX_SUCCESS) {
                server_errors++;
                (void)nx_secure_dtls_session_reset(ev.session);
                continue;
            }
            restart_code = nx_secure_dtls_server_session_start(ev.session, NX_NO_WAIT);
            continue;
        }
        NX_PACKET *packet = NX_NULL;
        status = nx_secure_dtls_session_receive(ev.session, &packet, NX_NO_WAIT);
        if (status == NX_SUCCESS) {
            UCHAR buffer[256];
            ULONG length = 0;
            (void)nx_packet_data_retrieve(packet, buffer, &length);
            (void)nx_packet_release(packet);
            NX_PACKET *reply = NX_NULL;
            if (nx_secure_dtls_packet_allocate(ev.session, &pool, &reply, NX_WAIT_FOREVER) ==
                    NX_SUCCESS &&
                nx_packet_data_append(reply, buffer, length, &pool, NX_WAIT_FOREVER) ==
                    NX_SUCCESS &&
                nx_secure_dtls_server_session_send(ev.session, reply) == NX_SUCCESS) {
                echoes++;
            } else {
                server_errors++;
            }
        } else if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
            closes++;
            (void)nx_secure_dtls_session_end(ev.session, NX_NO_WAIT);
            after_end_code = nx_secure_dtls_server_session_start(ev.session, NX_NO_WAIT);
            served++;
        }
    }
    (void)nx_secure_dtls_server_stop(&server);
    (void)nx_secure_dtls_server_delete(&server);
}

static VOID client_entry(ULONG input)
{
    NX_PARAMETER_NOT_USED(input);
    if (tx_semaphore_get(&server_ready, 30 * NX_IP_PERIODIC_RATE) != TX_SUCCESS ||
        nx_udp_socket_create(&ip, &client_socket, name, NX_IP_NORMAL, NX_DONT_FRAGMENT, 0x80,
                             8) != NX_SUCCESS ||
        nx_udp_socket_bind(&client_socket, NX_ANY_PORT, NX_WAIT_FOREVER) != NX_SUCCESS) {
        client_errors++;
        return;
    }
    NXD_ADDRESS server_address;
    server_address.nxd_ip_version = NX_IP_VERSION_V4;
    server_address.nxd_ip_address.v4 = IP_ADDRESS(127, 0, 0, 1);
    for (UINT i = 0; i < CLIENTS; i++) {
        UCHAR message[32];
        UINT length = (UINT)snprintf((char *)message, sizeof message, "hello %u", i);
        NX_PACKET *packet = NX_NULL;
        UINT status = nx_secure_dtls_session_create(
            &client, &nx_crypto_tls_ciphers, client_metadata, sizeof client_metadata,
            client_reassembly, sizeof client_reassembly, 0, NX_NULL, 0);
        status |= nx_secure_dtls_psk_add(&client, key, sizeof key, identity, sizeof identity - 1,
                                         NX_NULL, 0);
        status |= nx_secure_dtls_client_session_start(&client, &client_socket, &server_address,
                                                      server_port, 10 * NX_IP_PERIODIC_RATE);
        status |= nx_secure_dtls_packet_allocate(&client, &pool, &packet, NX_WAIT_FOREVER);
        if (status == NX_SUCCESS) {
            status = nx_packet_data_append(packet, message, length, &pool, NX_WAIT_FOREVER);
            status |= nx_secure_dtls_session_send(&client, packet, &server_address, server_port);
        }
        NX_PACKET *echo = NX_NULL;
        if (status == NX_SUCCESS &&
            nx_secure_dtls_session_receive(&client, &echo, 10 * NX_IP_PERIODIC_RATE) ==
                NX_SUCCESS) {
            UCHAR back[32];
            ULONG back_length = 0;
            (void)nx_packet_data_retrieve(echo, back, &back_length);
            (void)nx_packet_release(echo);
            if (back_length == length && memcmp(back, message, length) == 0 &&
                nx_secure_dtls_session_end(&client, 10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS) {
                client_ok++;
            }
        }
        (void)nx_secure_dtls_session_delete(&client);
    }
    (void)nx_udp_socket_unbind(&client_socket);
    (void)nx_udp_socket_delete(&client_socket);
}

static VOID ram_driver(NX_IP_DRIVER *request)
{
    request->nx_ip_driver_status = NX_SUCCESS;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    CHAR *pointer = first_unused_memory;
    nx_system_initialize();
    nx_secure_tls_initialize();
    nx_secure_dtls_initialize();
    UINT status = nx_packet_pool_create(&pool, name, 1536, pointer, 64 * (1536 + sizeof(NX_PACKET)));
    pointer += 64 * (1536 + sizeof(NX_PACKET));
    status |= nx_ip_create(&ip, name, IP_ADDRESS(127, 0, 0, 1), 0xFF000000UL, &pool, ram_driver,
                           pointer, 2048, 1);
    status |= nx_udp_enable(&ip);
    status |= tx_semaphore_create(&events, name, 0);
    status |= tx_semaphore_create(&server_ready, name, 0);
    status |= tx_thread_create(&server_thread, name, server_entry, 0, server_stack,
                               sizeof server_stack, 3, 3, TX_NO_TIME_SLICE, TX_AUTO_START);
    status |= tx_thread_create(&client_thread, name, client_entry, 0, client_stack,
                               sizeof client_stack, 4, 4, TX_NO_TIME_SLICE, TX_AUTO_START);
    if (status != NX_SUCCESS) {
        server_errors++;
    }
}

int main(void)
{
    tx_kernel_enter();
    EXPECT(server_errors == 0 && client_errors == 0);
    EXPECT(client_ok == CLIENTS);
    EXPECT(served == CLIENTS && closes == CLIENTS && echoes == CLIENTS);
    EXPECT(connects == CLIENTS);
    /* One receive_notify for the data and one for the close_notify of each client. */
    EXPECT(receives >= 2 * CLIENTS);
    EXPECT_CODE(restart_code, NX_NOT_SUCCESSFUL);
    EXPECT_CODE(after_end_code, NX_SECURE_TLS_SESSION_UNINITIALIZED);
    (void)nx_ip_delete(&ip);
    return test_finish("netx/echo_server");
}
