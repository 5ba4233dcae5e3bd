/* SPDX-License-Identifier: MIT */
/* two_ip.c: a NetX Duo + ThreadX + NetX Secure DTLS program written the way NetX Duo's own DTLS
 * regression tests are laid out, against the public NetX, ThreadX and NetX Secure headers only, and built
 * with nothing of nxdtls but include/ and the library (tests/netx/style_programs_test.sh).
 *
 * Two IP instances at a board's addresses (1.2.3.4 server, 1.2.3.5 client), each with its own packet pool and
 * an empty RAM driver, as in NetX's two-instance tests: the client reaches the server at 1.2.3.4 and the
 * server sees the client as 1.2.3.5. The server thread runs a DTLS server with connect/receive notifications
 * posting to semaphores; the client thread runs, in turn:
 *   1. PSK (nx_crypto_tls_ciphers), with the server IP's UDP receive hook dropping the first datagram and
 *      duplicating the first application record (the duplicate is dropped by the replay window);
 *   2. ECDHE-ECDSA (nx_crypto_tls_ciphers_ecc), the server presenting a P-521 leaf signed by a self-signed
 *      X.509 v1 root that the client trusts;
 *   3. the same over IPv6 (::1), as NetX's basic test does under FEATURE_NX_IPV6.
 * Each exchange echoes a record; sends to a wrong port, address or IP version fail; session_end and
 * session_delete end each client session. The server thread suspends itself at the end and the client
 * resumes it (the ThreadX hand-over NetX tests use), then the server checks both pools for leaked packets.
 * The program exits 0 and prints "SUCCESS" only if every call returned what NetX returns. */
#include "nx_api.h"
#include "nx_crypto_ecdh.h"
#include "nx_secure_dtls_api.h"
#include "style_certs.h"

#define NUM_PACKETS         24
#define PACKET_SIZE         1536
#define PACKET_POOL_SIZE    (NUM_PACKETS * (PACKET_SIZE + sizeof(NX_PACKET)))
#define THREAD_STACK_SIZE   1024
#define ARP_CACHE_SIZE      1024
#define BUFFER_SIZE         64
#define METADATA_SIZE       16000
#define CERT_BUFFER_SIZE    (2048 + sizeof(NX_SECURE_X509_CERT))
#define PSK_VALUE           "style psk"
#define PSK_IDENTITY        "style identity"
#define PSK_HINT            "style hint"
#define NUM_SERVER_SESSIONS 2
#define ROUNDS              3

static TX_THREAD server_thread;
static TX_THREAD client_thread;
static NX_PACKET_POOL server_pool;
static NX_PACKET_POOL client_pool;
static NX_IP server_ip;
static NX_IP client_ip;
static NX_UDP_SOCKET client_socket;
static NX_SECURE_DTLS_SESSION client_session;
static NX_SECURE_DTLS_SERVER dtls_server;
static NX_SECURE_X509_CERT client_trusted_ca;
static NX_SECURE_X509_CERT server_certificate;
static TX_SEMAPHORE semaphore_connect;
static TX_SEMAPHORE semaphore_receive;
static TX_SEMAPHORE semaphore_round;

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;
extern NX_CRYPTO_METHOD crypto_method_ec_secp521; /* as applications write it: no const */

static ULONG server_pool_memory[PACKET_POOL_SIZE / sizeof(ULONG)];
static ULONG client_pool_memory[PACKET_POOL_SIZE / sizeof(ULONG)];
static ULONG server_stack[THREAD_STACK_SIZE / sizeof(ULONG)];
static ULONG client_stack[THREAD_STACK_SIZE / sizeof(ULONG)];
static ULONG server_ip_stack[THREAD_STACK_SIZE / sizeof(ULONG)];
static ULONG client_ip_stack[THREAD_STACK_SIZE / sizeof(ULONG)];
static ULONG server_arp_cache[ARP_CACHE_SIZE];
static ULONG client_arp_cache[ARP_CACHE_SIZE];
static UCHAR server_metadata[METADATA_SIZE * NUM_SERVER_SESSIONS];
static UCHAR client_metadata[METADATA_SIZE];
static UCHAR client_cert_buffer[CERT_BUFFER_SIZE];
static UCHAR server_packet_buffer[4000 * NUM_SERVER_SESSIONS];
static UCHAR client_packet_buffer[4000];
static UCHAR server_session_buffer[sizeof(NX_SECURE_DTLS_SESSION) * NUM_SERVER_SESSIONS];
static UCHAR request_buffer[BUFFER_SIZE];
static UCHAR response_buffer[BUFFER_SIZE];

static UINT error_counter;
static UINT SERVER_PORT = 4455; /* main() takes another from its command line: the test picks a free one */
static NX_SECURE_DTLS_SESSION *volatile connect_session;
static NX_SECURE_DTLS_SESSION *volatile receive_session;
static NXD_ADDRESS connect_address;
static UINT connect_port;

#define ERROR_COUNTER() error_count(__LINE__)

static VOID error_count(UINT line)
{
    printf("Error on line %u in %s\n", line, __FILE__);
    error_counter++;
}

/* The board's RAM driver, emptied: nxdtls's sockets carry the datagrams. */
VOID _nx_ram_network_driver_1500(NX_IP_DRIVER *driver_req_ptr);
VOID _nx_ram_network_driver_1500(NX_IP_DRIVER *driver_req_ptr)
{
    (VOID) driver_req_ptr;
}

/* UDP receive hook of the server's IP, as NetX's tests install one: drops the first datagram (the first
 * ClientHello: the client retransmits it) and delivers the first application record twice. */
static UINT hook_dropped;
static UINT hook_duplicated;
static UINT hook_seen;

/* NetX declares it in nx_udp.h, which applications do not include; its tests declare it themselves. */
extern VOID _nx_udp_packet_receive(NX_IP *ip_ptr, NX_PACKET *packet_ptr);

static VOID test_udp_packet_receive(NX_IP *ip_ptr, NX_PACKET *packet_ptr)
{
    UCHAR *data = packet_ptr->nx_packet_prepend_ptr;
    NX_PACKET *copy;

    hook_seen++;
    if (ip_ptr != &server_ip) {
        ERROR_COUNTER();
    }
    /* The UDP header (8 bytes) comes first, then the DTLS record: its type at data[8]. */
    if (!hook_dropped && data[8] == NX_SECURE_TLS_HANDSHAKE && data[8 + 13] == NX_SECURE_TLS_CLIENT_HELLO) {
        hook_dropped = NX_TRUE;
        nx_packet_release(packet_ptr);
        return;
    }
    if (!hook_duplicated && data[8] == NX_SECURE_TLS_APPLICATION_DATA) {
        hook_duplicated = NX_TRUE;
        if (nx_packet_copy(packet_ptr, &copy, &server_pool, NX_NO_WAIT) == NX_SUCCESS) {
            _nx_udp_packet_receive(ip_ptr, copy);
        } else {
            ERROR_COUNTER();
        }
    }
    _nx_udp_packet_receive(ip_ptr, packet_ptr);
}

static UINT server_connect_notify(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address, UINT port)
{
    connect_address = *ip_address;
    connect_port = port;
    connect_session = dtls_session;
    tx_semaphore_put(&semaphore_connect);
    return NX_SUCCESS;
}

static UINT server_receive_notify(NX_SECURE_DTLS_SESSION *dtls_session)
{
    receive_session = dtls_session;
    tx_semaphore_put(&semaphore_receive);
    return NX_SUCCESS;
}

static VOID server_entry(ULONG thread_input);
static VOID client_entry(ULONG thread_input);

int main(int argc, char **argv)
{
    if (argc > 1) {
        SERVER_PORT = (UINT)atoi(argv[1]);
    }
    tx_kernel_enter();
    if (error_counter) {
        printf("ERROR!\n");
        return 1;
    }
    printf("SUCCESS!\n");
    return 0;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    UINT status;
    CHAR *pointer = (CHAR *)first_unused_memory;

    (VOID) pointer;
    error_counter = 0;

    status = tx_thread_create(&server_thread, "server thread", server_entry, 0, server_stack,
                              sizeof(server_stack), 7, 7, TX_NO_TIME_SLICE, TX_AUTO_START);
    status += tx_thread_create(&client_thread, "client thread", client_entry, 0, client_stack,
                               sizeof(client_stack), 8, 8, TX_NO_TIME_SLICE, TX_AUTO_START);
    status += tx_semaphore_create(&semaphore_connect, "semaphore connect", 0);
    status += tx_semaphore_create(&semaphore_receive, "semaphore receive", 0);
    status += tx_semaphore_create(&semaphore_round, "semaphore round", 0);
    if (status != TX_SUCCESS) {
        ERROR_COUNTER();
    }

    nx_system_initialize();

    status = nx_packet_pool_create(&server_pool, "Server Packet Pool", PACKET_SIZE, server_pool_memory,
                                   PACKET_POOL_SIZE);
    status += nx_packet_pool_create(&client_pool, "Client Packet Pool", PACKET_SIZE, client_pool_memory,
                                    PACKET_POOL_SIZE);
    if (status) {
        ERROR_COUNTER();
    }

    status = nx_ip_create(&server_ip, "Server IP Instance", IP_ADDRESS(1, 2, 3, 4), 0xFFFFFF00UL, &server_pool,
                          _nx_ram_network_driver_1500, server_ip_stack, sizeof(server_ip_stack), 1);
    status += nx_ip_create(&client_ip, "Client IP Instance", IP_ADDRESS(1, 2, 3, 5), 0xFFFFFF00UL, &client_pool,
                           _nx_ram_network_driver_1500, client_ip_stack, sizeof(client_ip_stack), 1);
    if (status) {
        ERROR_COUNTER();
    }

    status = nx_arp_enable(&server_ip, (VOID *)server_arp_cache, sizeof(server_arp_cache));
    status += nx_arp_enable(&client_ip, (VOID *)client_arp_cache, sizeof(client_arp_cache));
    status += nx_udp_enable(&server_ip);
    status += nx_udp_enable(&client_ip);
    status += nx_icmp_enable(&server_ip);
    if (status) {
        ERROR_COUNTER();
    }

#ifdef FEATURE_NX_IPV6
    {
        NXD_ADDRESS address;
        NXD_ADDRESS read_back;
        ULONG prefix;
        UINT index;
        UINT interface_index;
        status = nxd_ipv6_enable(&server_ip);
        status += nxd_ipv6_enable(&client_ip);
        status += nxd_icmp_enable(&server_ip);
        status += nxd_icmp_enable(&client_ip);
        address.nxd_ip_version = NX_IP_VERSION_V6;
        address.nxd_ip_address.v6[0] = 0x20010000;
        address.nxd_ip_address.v6[1] = 0;
        address.nxd_ip_address.v6[2] = 0;
        address.nxd_ip_address.v6[3] = 4;
        status += nxd_ipv6_address_set(&server_ip, 0, &address, 64, NX_NULL);
        address.nxd_ip_address.v6[3] = 5;
        status += nxd_ipv6_address_set(&client_ip, 0, &address, 64, &index);
        if (status) {
            ERROR_COUNTER();
        }
        /* Read back, and NetX's refusals: a duplicate, a multicast or IPv4 address, a missing interface. */
        status = nxd_ipv6_address_get(&client_ip, index, &read_back, &prefix, &interface_index);
        if (status || read_back.nxd_ip_version != NX_IP_VERSION_V6 || read_back.nxd_ip_address.v6[3] != 5 ||
            prefix != 64 || interface_index != 0) {
            ERROR_COUNTER();
        }
        if (nxd_ipv6_address_set(&client_ip, 0, &address, 64, NX_NULL) != NX_DUPLICATED_ENTRY) {
            ERROR_COUNTER();
        }
        address.nxd_ip_address.v6[0] = 0xFF020000;
        if (nxd_ipv6_address_set(&client_ip, 0, &address, 64, NX_NULL) != NX_IP_ADDRESS_ERROR) {
            ERROR_COUNTER();
        }
        address.nxd_ip_version = NX_IP_VERSION_V4;
        if (nxd_ipv6_address_set(&client_ip, 0, &address, 64, NX_NULL) != NX_IP_ADDRESS_ERROR) {
            ERROR_COUNTER();
        }
        if (nxd_ipv6_address_set(&client_ip, NX_MAX_PHYSICAL_INTERFACES, NX_NULL, 10, NX_NULL) !=
            NX_INVALID_INTERFACE) {
            ERROR_COUNTER();
        }
        /* NX_NULL: the link-local address from the interface's MAC. */
        if (nxd_ipv6_address_set(&client_ip, 0, NX_NULL, 10, &index) ||
            nxd_ipv6_address_get(&client_ip, index, &read_back, &prefix, &interface_index) ||
            read_back.nxd_ip_address.v6[0] != 0xFE800000UL || prefix != 64) {
            ERROR_COUNTER();
        }
        if (nxd_ipv6_address_delete(&client_ip, index) ||
            nxd_ipv6_address_get(&client_ip, index, &read_back, &prefix, &interface_index) !=
                NX_NO_INTERFACE_ADDRESS) {
            ERROR_COUNTER();
        }
    }
#endif

    nx_secure_tls_initialize();
    nx_secure_dtls_initialize();
}

static VOID server_setup(NX_SECURE_DTLS_SERVER *server, const NX_SECURE_TLS_CRYPTO *table)
{
    UINT status;
    UINT i;

    status = nx_secure_dtls_server_create(server, &server_ip, SERVER_PORT, NX_IP_PERIODIC_RATE,
                                          server_session_buffer, sizeof(server_session_buffer), table,
                                          server_metadata, sizeof(server_metadata), server_packet_buffer,
                                          sizeof(server_packet_buffer), server_connect_notify,
                                          server_receive_notify);
    if (status) {
        ERROR_COUNTER();
    }
    if (server->nx_dtls_server_sessions_count != NUM_SERVER_SESSIONS) {
        ERROR_COUNTER();
    }
    for (i = 0; i < server->nx_dtls_server_sessions_count; i++) {
        status = nx_secure_dtls_psk_add(&server->nx_dtls_server_sessions[i], (UCHAR *)PSK_VALUE,
                                        strlen(PSK_VALUE), (UCHAR *)PSK_IDENTITY, strlen(PSK_IDENTITY),
                                        (UCHAR *)PSK_HINT, strlen(PSK_HINT));
        if (status) {
            ERROR_COUNTER();
        }
    }
    if (table == &nx_crypto_tls_ciphers_ecc) {
        status = nx_secure_dtls_server_ecc_initialize(server, nx_crypto_ecc_supported_groups,
                                                      nx_crypto_ecc_supported_groups_size, nx_crypto_ecc_curves);
        if (status) {
            ERROR_COUNTER();
        }
        memset(&server_certificate, 0, sizeof(server_certificate));
        status = nx_secure_x509_certificate_initialize(
            &server_certificate, (UCHAR *)style_server_der, (USHORT)style_server_der_len, NX_NULL, 0,
            (UCHAR *)style_server_key_der, (USHORT)style_server_key_der_len, NX_SECURE_X509_KEY_TYPE_EC_DER);
        if (status) {
            ERROR_COUNTER();
        }
        status = nx_secure_dtls_server_local_certificate_add(server, &server_certificate, 1);
        if (status) {
            ERROR_COUNTER();
        }
    }
}

static VOID server_round(const NX_SECURE_TLS_CRYPTO *table, UINT round)
{
    UINT status;
    UINT i;
    ULONG response_length;
    NX_PACKET *packet_ptr;
    UINT receives;

    server_setup(&dtls_server, table);
    if (round == 0) {
        server_ip.nx_ip_udp_packet_receive = test_udp_packet_receive;
    }
    status = nx_secure_dtls_server_start(&dtls_server);
    if (status) {
        printf("Error in starting DTLS server: 0x%02X\n", status);
        ERROR_COUNTER();
    }
    tx_semaphore_put(&semaphore_round); /* the client may start */

    if (tx_semaphore_get(&semaphore_connect, 10 * NX_IP_PERIODIC_RATE)) {
        printf("server round %u: no connect_notify in 10 s\n", round);
        ERROR_COUNTER();
        return;
    }
    if (round < 2) {
        if (connect_address.nxd_ip_version != NX_IP_VERSION_V4 ||
            connect_address.nxd_ip_address.v4 != IP_ADDRESS(1, 2, 3, 5)) {
            printf("connect_notify address 0x%08lX\n", (unsigned long)connect_address.nxd_ip_address.v4);
            ERROR_COUNTER();
        }
    } else if (connect_address.nxd_ip_version != NX_IP_VERSION_V6) {
        ERROR_COUNTER();
    }
    status = nx_secure_dtls_server_session_start(connect_session, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        printf("Error in establishing DTLS server session: 0x%02X\n", status);
        ERROR_COUNTER();
    }
    /* NetX's view of an established session: a server session, encryption on in both directions. */
    if (connect_session->nx_secure_dtls_tls_session.nx_secure_tls_socket_type != NX_SECURE_TLS_SESSION_TYPE_SERVER ||
        !connect_session->nx_secure_dtls_tls_session.nx_secure_tls_local_session_active ||
        !connect_session->nx_secure_dtls_tls_session.nx_secure_tls_remote_session_active) {
        ERROR_COUNTER();
    }
    /* A second start of a session whose handshake is done fails. */
    if (nx_secure_dtls_server_session_start(connect_session, NX_NO_WAIT) == NX_SUCCESS) {
        ERROR_COUNTER();
    }

    /* One record, echoed; in the PSK round the hook delivers it twice and the copy must not surface. */
    receives = 0;
    for (;;) {
        if (tx_semaphore_get(&semaphore_receive, 10 * NX_IP_PERIODIC_RATE)) {
            ERROR_COUNTER();
            break;
        }
        status = nx_secure_dtls_session_receive(receive_session, &packet_ptr, NX_IP_PERIODIC_RATE);
        if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
            break;
        }
        if (status == NX_NO_PACKET || status == NX_CONTINUE) {
            continue; /* the replayed copy: notified, nothing to read */
        }
        if (status) {
            printf("Error in DTLS server session receive: 0x%02X\n", status);
            ERROR_COUNTER();
            break;
        }
        receives++;
        nx_packet_data_retrieve(packet_ptr, response_buffer, &response_length);
        if (response_length != sizeof(request_buffer) ||
            memcmp(request_buffer, response_buffer, response_length)) {
            ERROR_COUNTER();
        }
        /* Echo it back in the same packet, as NetX's echo demos do. */
        status = nx_secure_dtls_session_send(receive_session, packet_ptr, &connect_address, connect_port);
        if (status) {
            printf("Error in DTLS server session send: 0x%02X\n", status);
            nx_packet_release(packet_ptr);
            ERROR_COUNTER();
        }
    }
    if (receives != 1) {
        printf("server got %u records in round %u\n", receives, round);
        ERROR_COUNTER();
    }
    for (i = 0; i < NUM_SERVER_SESSIONS; i++) {
        /* As NetX's out-of-order test picks the sessions to end. */
        if (dtls_server.nx_dtls_server_sessions[i].nx_secure_dtls_session_in_use !=
            dtls_server.nx_dtls_server_sessions[i].nx_secure_dtls_tls_session.nx_secure_tls_local_session_active) {
            ERROR_COUNTER();
        }
        if (dtls_server.nx_dtls_server_sessions[i].nx_secure_dtls_session_in_use) {
            status = nx_secure_dtls_session_end(&dtls_server.nx_dtls_server_sessions[i], NX_IP_PERIODIC_RATE);
            if (status) {
                printf("session_end 0x%02X\n", status);
                ERROR_COUNTER();
            }
        }
    }
    /* After session_end the slot is no longer a session that can be started. */
    if (nx_secure_dtls_server_session_start(connect_session, NX_NO_WAIT) !=
        NX_SECURE_TLS_SESSION_UNINITIALIZED) {
        ERROR_COUNTER();
    }
    server_ip.nx_ip_udp_packet_receive = _nx_udp_packet_receive;
    if (nx_secure_dtls_server_stop(&dtls_server) || nx_secure_dtls_server_delete(&dtls_server)) {
        ERROR_COUNTER();
    }
}

static VOID server_entry(ULONG thread_input)
{
    (VOID) thread_input;
    printf("NetX Secure Test:   DTLS two IP instances (style)....................\n");

    server_round(&nx_crypto_tls_ciphers, 0);
    if (!hook_dropped || !hook_duplicated || !hook_seen) {
        printf("hook: dropped %u duplicated %u seen %u\n", hook_dropped, hook_duplicated, hook_seen);
        ERROR_COUNTER();
    }
    server_round(&nx_crypto_tls_ciphers_ecc, 1);
#ifdef FEATURE_NX_IPV6
    server_round(&nx_crypto_tls_ciphers_ecc, 2);
#else
    tx_semaphore_put(&semaphore_round);
#endif

    /* Wait for the client to finish; it resumes this thread. */
    tx_thread_suspend(&server_thread);

    if (server_pool.nx_packet_pool_available != server_pool.nx_packet_pool_total ||
        client_pool.nx_packet_pool_available != client_pool.nx_packet_pool_total) {
        printf("pools: server %lu/%lu client %lu/%lu\n", (unsigned long)server_pool.nx_packet_pool_available,
               (unsigned long)server_pool.nx_packet_pool_total, (unsigned long)client_pool.nx_packet_pool_available,
               (unsigned long)client_pool.nx_packet_pool_total);
        ERROR_COUNTER();
    }
    if (server_pool.nx_packet_pool_invalid_releases || client_pool.nx_packet_pool_invalid_releases) {
        ERROR_COUNTER();
    }
    /* NetX's tests end with exit() here. This one returns instead, and main() reports once
     * tx_kernel_enter has joined every thread: exit() while the client thread is still on its way out
     * would end the process before OpenSSL frees that thread's per-thread state, which LeakSanitizer then
     * reports (harmless, but it would make this test flaky under ASan). */
}

static VOID client_setup(const NX_SECURE_TLS_CRYPTO *table)
{
    UINT status;

    memset(&client_session, 0, sizeof(client_session));
    status = nx_secure_dtls_session_create(&client_session, table, client_metadata, sizeof(client_metadata),
                                           client_packet_buffer, sizeof(client_packet_buffer), 1,
                                           client_cert_buffer, sizeof(client_cert_buffer));
    if (status) {
        ERROR_COUNTER();
    }
    if (table == &nx_crypto_tls_ciphers) {
        status = nx_secure_dtls_psk_add(&client_session, (UCHAR *)PSK_VALUE, strlen(PSK_VALUE),
                                        (UCHAR *)PSK_IDENTITY, strlen(PSK_IDENTITY), (UCHAR *)PSK_HINT,
                                        strlen(PSK_HINT));
    } else {
        status = nx_secure_dtls_ecc_initialize(&client_session, nx_crypto_ecc_supported_groups,
                                               nx_crypto_ecc_supported_groups_size, nx_crypto_ecc_curves);
        status += nx_secure_x509_certificate_initialize(&client_trusted_ca, (UCHAR *)style_v1_root_der,
                                                        (USHORT)style_v1_root_der_len, NX_NULL, 0, NULL, 0,
                                                        NX_SECURE_X509_KEY_TYPE_NONE);
        status += nx_secure_dtls_session_trusted_certificate_add(&client_session, &client_trusted_ca, 1);
    }
    if (status) {
        ERROR_COUNTER();
    }
}

static NX_PACKET *client_packet(VOID)
{
    NX_PACKET *packet_ptr;

    if (nx_secure_dtls_packet_allocate(&client_session, &client_pool, &packet_ptr, NX_NO_WAIT)) {
        ERROR_COUNTER();
        return NX_NULL;
    }
    if (nx_packet_data_append(packet_ptr, request_buffer, sizeof(request_buffer), &client_pool, NX_NO_WAIT)) {
        ERROR_COUNTER();
    }
    return packet_ptr;
}

static VOID client_round(const NX_SECURE_TLS_CRYPTO *table, UINT round)
{
    UINT status;
    NX_PACKET *packet_ptr;
    NXD_ADDRESS server_address;
    ULONG length;

    if (tx_semaphore_get(&semaphore_round, 10 * NX_IP_PERIODIC_RATE)) {
        ERROR_COUNTER();
        return;
    }
    memset(&server_address, 0, sizeof(server_address));
    if (round < 2) {
        server_address.nxd_ip_version = NX_IP_VERSION_V4;
        server_address.nxd_ip_address.v4 = IP_ADDRESS(1, 2, 3, 4);
    } else {
        server_address.nxd_ip_version = NX_IP_VERSION_V6;
        server_address.nxd_ip_address.v6[3] = 1; /* ::1 */
    }
    client_setup(table);
    status = nx_secure_dtls_client_session_start(&client_session, &client_socket, &server_address, SERVER_PORT,
                                                 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        printf("Error in DTLS client session start (round %u): 0x%02X\n", round, status);
        ERROR_COUNTER();
    }

    packet_ptr = client_packet();
    if (packet_ptr == NX_NULL) {
        return;
    }
    /* The session is bound to its peer: another port, address or IP version is refused. */
    if (nx_secure_dtls_session_send(&client_session, packet_ptr, &server_address, SERVER_PORT + 1) ==
        NX_SUCCESS) {
        ERROR_COUNTER();
    }
    if (round < 2) {
        server_address.nxd_ip_address.v4 = IP_ADDRESS(1, 2, 3, 6);
        if (nx_secure_dtls_session_send(&client_session, packet_ptr, &server_address, SERVER_PORT) ==
            NX_SUCCESS) {
            ERROR_COUNTER();
        }
        server_address.nxd_ip_version = NX_IP_VERSION_V6;
        if (nx_secure_dtls_session_send(&client_session, packet_ptr, &server_address, SERVER_PORT) ==
            NX_SUCCESS) {
            ERROR_COUNTER();
        }
        server_address.nxd_ip_version = NX_IP_VERSION_V4;
        server_address.nxd_ip_address.v4 = IP_ADDRESS(1, 2, 3, 4);
    }
    status = nx_secure_dtls_session_send(&client_session, packet_ptr, &server_address, SERVER_PORT);
    if (status) {
        printf("Error in DTLS client session send: 0x%02X\n", status);
        nx_packet_release(packet_ptr);
        ERROR_COUNTER();
    }

    status = nx_secure_dtls_session_receive(&client_session, &packet_ptr, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        printf("Error in DTLS client session receive: 0x%02X\n", status);
        ERROR_COUNTER();
    } else {
        memset(response_buffer, 0, sizeof(response_buffer));
        nx_packet_data_retrieve(packet_ptr, response_buffer, &length);
        if (length != sizeof(request_buffer) || memcmp(request_buffer, response_buffer, length)) {
            ERROR_COUNTER();
        }
        nx_packet_release(packet_ptr);
    }

    if (client_session.nx_secure_dtls_tls_session.nx_secure_tls_socket_type != NX_SECURE_TLS_SESSION_TYPE_CLIENT ||
        !client_session.nx_secure_dtls_tls_session.nx_secure_tls_local_session_active) {
        ERROR_COUNTER();
    }
    status = nx_secure_dtls_session_end(&client_session, 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        printf("client session_end 0x%02X\n", status);
        ERROR_COUNTER();
    }
    if (client_session.nx_secure_dtls_tls_session.nx_secure_tls_local_session_active) {
        ERROR_COUNTER(); /* ended: encryption off */
    }
    status = nx_secure_dtls_session_delete(&client_session);
    if (status) {
        printf("client session_delete 0x%02X (round %u)\n", status, round);
        ERROR_COUNTER();
    }
}

static VOID client_entry(ULONG thread_input)
{
    UINT i;
    UINT status;

    (VOID) thread_input;
    for (i = 0; i < sizeof(request_buffer); i++) {
        request_buffer[i] = (UCHAR)i;
    }
    status = nx_udp_socket_create(&client_ip, &client_socket, "Client socket", NX_IP_NORMAL, NX_DONT_FRAGMENT,
                                  0x80, 5);
    status += nx_udp_socket_bind(&client_socket, NX_ANY_PORT, NX_NO_WAIT);
    if (status) {
        ERROR_COUNTER();
    }

    client_round(&nx_crypto_tls_ciphers, 0);
    client_round(&nx_crypto_tls_ciphers_ecc, 1);
#ifdef FEATURE_NX_IPV6
    client_round(&nx_crypto_tls_ciphers_ecc, 2);
#else
    (VOID) tx_semaphore_get(&semaphore_round, 10 * NX_IP_PERIODIC_RATE);
#endif

    nx_udp_socket_unbind(&client_socket);
    nx_udp_socket_delete(&client_socket);
    tx_thread_resume(&server_thread);
}
