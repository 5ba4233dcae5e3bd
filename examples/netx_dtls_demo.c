/* SPDX-License-Identifier: MIT */
/* netx_dtls_demo.c: a NetX Duo + ThreadX + NetX Secure DTLS program laid out as NetX's own DTLS demos and
 * tests are: tx_application_define creates the packet pool, the IP instance (with the application's RAM
 * driver) and two threads; the server thread runs a DTLS server, the client thread connects to it, once
 * with a pre-shared key (TLS_PSK_WITH_AES_128_CCM_8) and once with certificates (ECDHE-ECDSA, the server
 * presenting a P-256 chain the client verifies). Each time the client sends a message, the server echoes
 * it, and the client closes. The program uses the NetX, ThreadX and NetX Secure headers only and builds
 * unchanged against nxdtls:
 *
 *     cc -Wall -Werror -I nxdtls/include netx_dtls_demo.c nxdtls/build/libnxdtls.a -lcrypto -lpthread
 *
 * The only thing a board would add is a real network driver: here the RAM driver is an empty function,
 * as on a POSIX host the datagrams go through the host's sockets. tx_kernel_enter returns when both
 * threads have finished; the exit status is 0 when both handshakes and echoes worked. */
#include "nx_api.h"
#include "nx_crypto_ecdh.h"
#include "nx_secure_dtls_api.h"
#include "tx_api.h"

#include "netx_dtls_demo_certs.h"

#define DEMO_STACK_SIZE   4096
#define DEMO_PACKET_SIZE  1536
#define DEMO_POOL_SIZE    (64 * (DEMO_PACKET_SIZE + sizeof(NX_PACKET)))
#define DEMO_METADATA     16000
#define DEMO_BUFFER_SIZE  4000
#define DEMO_SERVER_SLOTS 2

/* The tables and curves of NetX's generic crypto, declared by the application as NetX samples do. */
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

static TX_THREAD server_thread;
static TX_THREAD client_thread;
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static TX_SEMAPHORE server_ready;
static TX_SEMAPHORE server_event;
static UINT server_port;

static NX_SECURE_DTLS_SERVER dtls_server;
static NX_SECURE_DTLS_SESSION server_sessions[DEMO_SERVER_SLOTS];
static UCHAR server_metadata[DEMO_METADATA * DEMO_SERVER_SLOTS];
static UCHAR server_packet_buffer[DEMO_BUFFER_SIZE * DEMO_SERVER_SLOTS];
static NX_SECURE_X509_CERT server_certificate;
static NX_SECURE_X509_CERT server_intermediate;

static NX_UDP_SOCKET client_socket;
static NX_SECURE_DTLS_SESSION dtls_client;
static UCHAR client_metadata[DEMO_METADATA];
static UCHAR client_packet_buffer[16384];
static UCHAR client_remote_certificates[3 * (sizeof(NX_SECURE_X509_CERT) + 2048)];
static NX_SECURE_X509_CERT client_trusted_ca;

static UCHAR psk[] = {0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81,
                      0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8, 0x09};
static UCHAR psk_identity[] = "demo_client";

/* What the server's callbacks saw (set on the IP's thread, read by the server thread). */
static NX_SECURE_DTLS_SESSION *volatile connect_session;
static NX_SECURE_DTLS_SESSION *volatile receive_session;
static UINT demo_errors;

static VOID server_entry(ULONG thread_input);
static VOID client_entry(ULONG thread_input);

/* The board's network driver. On a POSIX host the host's stack carries the datagrams, so there is
 * nothing to do: NX_LINK_INITIALIZE and NX_LINK_ENABLE succeed and no packet ever comes here. */
VOID _nx_ram_network_driver(NX_IP_DRIVER *driver_req_ptr);
VOID _nx_ram_network_driver(NX_IP_DRIVER *driver_req_ptr)
{
    driver_req_ptr->nx_ip_driver_status = NX_SUCCESS;
}

static VOID demo_error(const char *what, UINT status)
{
    printf("netx_dtls_demo: %s: 0x%02X\n", what, status);
    demo_errors++;
}

int main(void)
{
    tx_kernel_enter();
    printf("netx_dtls_demo: %s\n", demo_errors == 0 ? "PSK and ECDHE-ECDSA: OK" : "FAILED");
    return demo_errors == 0 ? 0 : 1;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    CHAR *pointer = (CHAR *)first_unused_memory;
    UINT status;

    /* Server first (priority 3), client after it (4), each on a stack carved from the free memory. */
    tx_thread_create(&server_thread, "DTLS server", server_entry, 0, pointer, DEMO_STACK_SIZE, 3, 3,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
    pointer += DEMO_STACK_SIZE;
    tx_thread_create(&client_thread, "DTLS client", client_entry, 0, pointer, DEMO_STACK_SIZE, 4, 4,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
    pointer += DEMO_STACK_SIZE;

    nx_system_initialize();
    status = nx_packet_pool_create(&pool_0, "NetX Main Packet Pool", DEMO_PACKET_SIZE, pointer,
                                   DEMO_POOL_SIZE);
    pointer += DEMO_POOL_SIZE;
    if (status) {
        demo_error("packet pool", status);
    }
    /* On a board this is the device's address; on a host, loopback. */
    status = nx_ip_create(&ip_0, "NetX IP Instance 0", IP_ADDRESS(127, 0, 0, 1), 0xFF000000UL,
                          &pool_0, _nx_ram_network_driver, pointer, 2048, 1);
    pointer += 2048;
    if (status) {
        demo_error("IP instance", status);
    }
    status = nx_arp_enable(&ip_0, (VOID *)pointer, 1024);
    pointer += 1024;
    status |= nx_icmp_enable(&ip_0);
    status |= nx_udp_enable(&ip_0);
    if (status) {
        demo_error("enable ARP, ICMP, UDP", status);
    }
    tx_semaphore_create(&server_ready, "server ready", 0);
    tx_semaphore_create(&server_event, "server event", 0);

    nx_secure_tls_initialize();
    nx_secure_dtls_initialize();
}

/* The server's callbacks run on the IP's thread: they note the session and wake the server thread. */
static UINT server_connect_notify(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address,
                                  UINT port)
{
    NX_PARAMETER_NOT_USED(ip_address);
    NX_PARAMETER_NOT_USED(port);
    connect_session = dtls_session;
    tx_semaphore_put(&server_event);
    return NX_SUCCESS;
}

static UINT server_receive_notify(NX_SECURE_DTLS_SESSION *dtls_session)
{
    receive_session = dtls_session;
    tx_semaphore_put(&server_event);
    return NX_SUCCESS;
}

/* serve_one waits for one client: starts its session, echoes what it sends, and ends the session when
 * the client closes it. */
static VOID serve_one(VOID)
{
    NX_SECURE_DTLS_SESSION *session = NX_NULL;
    UINT done = NX_FALSE;
    while (!done) {
        if (tx_semaphore_get(&server_event, 30 * NX_IP_PERIODIC_RATE) != TX_SUCCESS) {
            demo_error("server: no event", TX_NO_INSTANCE);
            return;
        }
        if (connect_session != NX_NULL) {
            session = connect_session;
            connect_session = NX_NULL;
            UINT status = nx_secure_dtls_server_session_start(session, 10 * NX_IP_PERIODIC_RATE);
            if (status) {
                demo_error("server: session start", status);
                nx_secure_dtls_session_reset(session);
                return;
            }
            continue;
        }
        if (receive_session == NX_NULL) {
            continue;
        }
        session = receive_session;
        receive_session = NX_NULL;
        NX_PACKET *packet_ptr;
        UINT status = nx_secure_dtls_session_receive(session, &packet_ptr, NX_NO_WAIT);
        if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
            nx_secure_dtls_session_end(session, NX_NO_WAIT);
            done = NX_TRUE;
        } else if (status == NX_SUCCESS) {
            UCHAR buffer[128];
            ULONG length = 0;
            nx_packet_data_retrieve(packet_ptr, buffer, &length);
            nx_packet_release(packet_ptr);
            NX_PACKET *reply;
            status = nx_secure_dtls_packet_allocate(session, &pool_0, &reply, NX_WAIT_FOREVER);
            if (status == NX_SUCCESS) {
                status = nx_packet_data_append(reply, buffer, length, &pool_0, NX_WAIT_FOREVER);
            }
            if (status == NX_SUCCESS) {
                status = nx_secure_dtls_server_session_send(session, reply);
            }
            if (status) {
                demo_error("server: echo", status);
            }
        } else if (status != NX_NO_PACKET) {
            demo_error("server: receive", status);
            nx_secure_dtls_session_end(session, NX_NO_WAIT);
            done = NX_TRUE;
        }
    }
}

static UINT server_create(const NX_SECURE_TLS_CRYPTO *crypto)
{
    UINT status = nx_secure_dtls_server_create(
        &dtls_server, &ip_0, NX_ANY_PORT, NX_IP_PERIODIC_RATE, server_sessions,
        sizeof(server_sessions), crypto, server_metadata, sizeof(server_metadata),
        server_packet_buffer, sizeof(server_packet_buffer), server_connect_notify,
        server_receive_notify);
    return status;
}

static VOID server_entry(ULONG thread_input)
{
    UINT status;
    NX_PARAMETER_NOT_USED(thread_input);

    /* 1. PSK. */
    status = server_create(&nx_crypto_tls_ciphers);
    status |= nx_secure_dtls_server_psk_add(&dtls_server, psk, sizeof(psk), psk_identity,
                                            sizeof(psk_identity) - 1, NX_NULL, 0);
    status |= nx_secure_dtls_server_start(&dtls_server);
    status |= nx_udp_socket_port_get(&dtls_server.nx_dtls_server_udp_socket, &server_port);
    if (status) {
        demo_error("server: PSK setup", status);
        return;
    }
    printf("netx_dtls_demo: server listening on UDP port %u (PSK)\n", server_port);
    tx_semaphore_put(&server_ready);
    serve_one();
    nx_secure_dtls_server_stop(&dtls_server);
    nx_secure_dtls_server_delete(&dtls_server);

    /* 2. Certificates: the server's P-256 certificate and key, and the intermediate above it. */
    status = server_create(&nx_crypto_tls_ciphers_ecc);
    status |= nx_secure_dtls_server_ecc_initialize(&dtls_server, nx_crypto_ecc_supported_groups,
                                                   nx_crypto_ecc_supported_groups_size,
                                                   nx_crypto_ecc_curves);
    memset(&server_certificate, 0, sizeof(server_certificate));
    status |= nx_secure_x509_certificate_initialize(
        &server_certificate, demo_server_der, (USHORT)demo_server_der_len, NX_NULL, 0,
        demo_server_key_der, demo_server_key_der_len, NX_SECURE_X509_KEY_TYPE_EC_DER);
    status |= nx_secure_x509_certificate_initialize(
        &server_intermediate, demo_intermediate_der, (USHORT)demo_intermediate_der_len, NX_NULL, 0,
        NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
    status |= nx_secure_dtls_server_local_certificate_add(&dtls_server, &server_certificate, 1);
    status |= nx_secure_dtls_server_local_certificate_add(&dtls_server, &server_intermediate, 2);
    status |= nx_secure_dtls_server_start(&dtls_server);
    status |= nx_udp_socket_port_get(&dtls_server.nx_dtls_server_udp_socket, &server_port);
    if (status) {
        demo_error("server: certificate setup", status);
        return;
    }
    printf("netx_dtls_demo: server listening on UDP port %u (ECDHE-ECDSA)\n", server_port);
    tx_semaphore_put(&server_ready);
    serve_one();
    nx_secure_dtls_server_stop(&dtls_server);
    nx_secure_dtls_server_delete(&dtls_server);
}

/* talk sends one message over a started client session and checks the echo, then closes. */
static VOID talk(const char *label)
{
    NXD_ADDRESS server_address;
    server_address.nxd_ip_version = NX_IP_VERSION_V4;
    server_address.nxd_ip_address.v4 = IP_ADDRESS(127, 0, 0, 1);
    UCHAR message[64];
    UINT length = (UINT)snprintf((char *)message, sizeof(message), "Hello over %s", label);

    UINT status = nx_secure_dtls_client_session_start(&dtls_client, &client_socket, &server_address,
                                                      server_port, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        demo_error("client: handshake", status);
        return;
    }
    NX_PACKET *packet_ptr;
    status = nx_secure_dtls_packet_allocate(&dtls_client, &pool_0, &packet_ptr, NX_WAIT_FOREVER);
    if (status == NX_SUCCESS) {
        status = nx_packet_data_append(packet_ptr, message, length, &pool_0, NX_WAIT_FOREVER);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_session_send(&dtls_client, packet_ptr, &server_address, server_port);
    }
    if (status) {
        demo_error("client: send", status);
        return;
    }
    status = nx_secure_dtls_session_receive(&dtls_client, &packet_ptr, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        demo_error("client: receive", status);
        return;
    }
    UCHAR echo[64];
    ULONG echo_length = 0;
    nx_packet_data_retrieve(packet_ptr, echo, &echo_length);
    nx_packet_release(packet_ptr);
    if (echo_length != length || memcmp(echo, message, length) != 0) {
        demo_error("client: echo differs", NX_NOT_SUCCESSFUL);
        return;
    }
    printf("netx_dtls_demo: client got \"%.*s\" back\n", (int)echo_length, (char *)echo);
    status = nx_secure_dtls_session_end(&dtls_client, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        demo_error("client: close", status);
    }
}

static VOID client_entry(ULONG thread_input)
{
    UINT status;
    NX_PARAMETER_NOT_USED(thread_input);

    status = nx_udp_socket_create(&ip_0, &client_socket, "Client socket", NX_IP_NORMAL,
                                  NX_DONT_FRAGMENT, 0x80, 32);
    status |= nx_udp_socket_bind(&client_socket, NX_ANY_PORT, NX_NO_WAIT);
    if (status) {
        demo_error("client: socket", status);
        return;
    }

    /* 1. PSK. */
    if (tx_semaphore_get(&server_ready, 30 * NX_IP_PERIODIC_RATE) != TX_SUCCESS) {
        demo_error("client: no server", TX_NO_INSTANCE);
        return;
    }
    status = nx_secure_dtls_session_create(&dtls_client, &nx_crypto_tls_ciphers, client_metadata,
                                           sizeof(client_metadata), client_packet_buffer,
                                           sizeof(client_packet_buffer), 0, NX_NULL, 0);
    status |= nx_secure_dtls_psk_add(&dtls_client, psk, sizeof(psk), psk_identity,
                                     sizeof(psk_identity) - 1, NX_NULL, 0);
    if (status) {
        demo_error("client: PSK session", status);
        return;
    }
    talk("PSK");
    nx_secure_dtls_session_delete(&dtls_client);

    /* 2. Certificates: the client trusts the root above the server's chain. */
    if (tx_semaphore_get(&server_ready, 30 * NX_IP_PERIODIC_RATE) != TX_SUCCESS) {
        demo_error("client: no server", TX_NO_INSTANCE);
        return;
    }
    status = nx_secure_dtls_session_create(
        &dtls_client, &nx_crypto_tls_ciphers_ecc, client_metadata, sizeof(client_metadata),
        client_packet_buffer, sizeof(client_packet_buffer), 3, client_remote_certificates,
        sizeof(client_remote_certificates));
    status |= nx_secure_dtls_ecc_initialize(&dtls_client, nx_crypto_ecc_supported_groups,
                                            nx_crypto_ecc_supported_groups_size,
                                            nx_crypto_ecc_curves);
    status |= nx_secure_x509_certificate_initialize(&client_trusted_ca, demo_ca_der,
                                                    (USHORT)demo_ca_der_len, NX_NULL, 0, NX_NULL, 0,
                                                    NX_SECURE_X509_KEY_TYPE_NONE);
    status |= nx_secure_dtls_session_trusted_certificate_add(&dtls_client, &client_trusted_ca, 1);
    if (status) {
        demo_error("client: certificate session", status);
        return;
    }
    talk("ECDHE-ECDSA");
    nx_secure_dtls_session_delete(&dtls_client);
    nx_udp_socket_unbind(&client_socket);
    nx_udp_socket_delete(&client_socket);
}
