/* SPDX-License-Identifier: MIT */
/* echo_clients.c: the DTLS echo server of the NetX Secure guide's pattern, written against the public NetX,
 * ThreadX and NetX Secure headers only (tests/netx/style_programs_test.sh builds and runs it).
 *
 * The server's connect_notify and receive_notify only post the session to a ThreadX queue and put a
 * semaphore; an application thread takes them from there: a new session is started
 * (nx_secure_dtls_server_session_start), a readable one is read (nx_secure_dtls_session_receive) and the
 * record echoed (nx_secure_dtls_server_session_send); when receive returns
 * NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED the application ends the session. NetX calls receive_notify for the
 * close_notify too, which is how the application learns of it: without that, this server waits for ever.
 *
 * NUM_CLIENTS clients connect in a row from a client thread, each with a new session on the same UDP
 * socket: ECDHE-ECDSA, the server asking for a client certificate (nx_secure_dtls_server_x509_client_
 * verify_configure) that chains to a trusted v3 root whose basicConstraints is not critical; each client
 * echoes RECORDS records, ends its session (close_notify) and deletes it. Once it has served every client
 * the server stops, deletes itself, checks the pool for leaks and its thread returns; tx_kernel_enter
 * returns when both threads are done and main() reports. */
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "style_certs.h"
#include "tx_api.h"

#define NUM_CLIENTS         4
#define RECORDS             3
#define NUM_SERVER_SESSIONS 2
#define PACKET_SIZE         1536
#define NUM_PACKETS         32
#define PACKET_POOL_SIZE    (NUM_PACKETS * (PACKET_SIZE + sizeof(NX_PACKET)))
#define STACK_SIZE          4096
#define METADATA_SIZE       16000
#define REMOTE_CERT_SIZE    (2000 + sizeof(NX_SECURE_X509_CERT))
#define EVENT_CONNECT       1
#define EVENT_RECEIVE       2

static TX_THREAD server_thread;
static TX_THREAD client_thread;
static TX_SEMAPHORE server_semaphore;
static TX_QUEUE event_queue;
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static NX_SECURE_DTLS_SERVER dtls_server;
static NX_SECURE_DTLS_SESSION client_session;
static NX_UDP_SOCKET client_socket;
static NX_SECURE_X509_CERT server_certificate;
static NX_SECURE_X509_CERT server_trusted_root;
static NX_SECURE_X509_CERT client_certificate;
static NX_SECURE_X509_CERT client_trusted_root;

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

static ULONG pool_memory[PACKET_POOL_SIZE / sizeof(ULONG)];
static UCHAR server_session_buffer[sizeof(NX_SECURE_DTLS_SESSION) * NUM_SERVER_SESSIONS];
static UCHAR server_metadata[METADATA_SIZE * NUM_SERVER_SESSIONS];
static UCHAR server_packet_buffer[4000 * NUM_SERVER_SESSIONS];
static UCHAR server_remote_certs[REMOTE_CERT_SIZE * NUM_SERVER_SESSIONS * 2];
static UCHAR client_metadata[METADATA_SIZE];
static UCHAR client_packet_buffer[4000];
static UCHAR client_remote_certs[REMOTE_CERT_SIZE * 2];
static ULONG queue_memory[16 * 2];

static UINT server_port = 4460;
static UINT error_counter;
static UINT connects;
static UINT closes;
static UINT echoed;
static UINT client_rounds;
static volatile UINT client_done;

#define ERROR_COUNTER() error_count(__LINE__)

static VOID error_count(UINT line)
{
    printf("Error on line %u in %s\n", line, __FILE__);
    error_counter++;
}

VOID _nx_ram_network_driver_1500(NX_IP_DRIVER *driver_req_ptr);
VOID _nx_ram_network_driver_1500(NX_IP_DRIVER *driver_req_ptr)
{
    (VOID) driver_req_ptr;
}

/* The notifications run on NetX's thread: post (event, session) and wake the application thread. */
static VOID post(ULONG event, NX_SECURE_DTLS_SESSION *session)
{
    ULONG message[2];

    message[0] = event;
    message[1] = (ULONG)(session - (NX_SECURE_DTLS_SESSION *)server_session_buffer);
    if (tx_queue_send(&event_queue, message, TX_NO_WAIT) != TX_SUCCESS) {
        ERROR_COUNTER();
    }
    tx_semaphore_put(&server_semaphore);
}

static UINT connect_notify(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address, UINT port)
{
    (VOID) ip_address;
    (VOID) port;
    post(EVENT_CONNECT, dtls_session);
    return NX_SUCCESS;
}

static UINT receive_notify(NX_SECURE_DTLS_SESSION *dtls_session)
{
    post(EVENT_RECEIVE, dtls_session);
    return NX_SUCCESS;
}

static VOID server_entry(ULONG thread_input);
static VOID client_entry(ULONG thread_input);

int main(int argc, char **argv)
{
    if (argc > 1) {
        server_port = (UINT)atoi(argv[1]);
    }
    tx_kernel_enter();
    /* Both threads have returned. */
    if (error_counter || connects != NUM_CLIENTS || closes != NUM_CLIENTS ||
        echoed != NUM_CLIENTS * RECORDS || client_rounds != NUM_CLIENTS) {
        printf("ERROR! connects %u closes %u echoed %u client rounds %u errors %u\n", connects, closes, echoed,
               client_rounds, error_counter);
        return 1;
    }
    printf("SUCCESS! %u clients served in a row, %u records echoed\n", connects, echoed);
    return 0;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    UCHAR *pointer = (UCHAR *)first_unused_memory;
    UINT status;

    /* Stacks carved from the free memory, as NetX demos do. */
    status = tx_thread_create(&server_thread, "echo server", server_entry, 0, pointer, STACK_SIZE, 4, 4,
                              TX_NO_TIME_SLICE, TX_AUTO_START);
    pointer += STACK_SIZE;
    status += tx_thread_create(&client_thread, "echo clients", client_entry, 0, pointer, STACK_SIZE, 5, 5,
                               TX_NO_TIME_SLICE, TX_AUTO_START);
    pointer += STACK_SIZE;
    status += tx_semaphore_create(&server_semaphore, "server semaphore", 0);
    status += tx_queue_create(&event_queue, "server events", TX_2_ULONG, queue_memory, sizeof(queue_memory));
    if (status != TX_SUCCESS) {
        ERROR_COUNTER();
    }

    nx_system_initialize();
    status = nx_packet_pool_create(&pool_0, "NetX Main Packet Pool", PACKET_SIZE, pool_memory, PACKET_POOL_SIZE);
    status += nx_ip_create(&ip_0, "NetX IP Instance 0", IP_ADDRESS(127, 0, 0, 1), 0xFF000000UL, &pool_0,
                           _nx_ram_network_driver_1500, pointer, 2048, 1);
    status += nx_udp_enable(&ip_0);
    if (status) {
        ERROR_COUNTER();
    }
    nx_secure_tls_initialize();
    nx_secure_dtls_initialize();
}

static VOID server_setup(VOID)
{
    UINT status;

    status = nx_secure_dtls_server_create(&dtls_server, &ip_0, server_port, NX_IP_PERIODIC_RATE,
                                          server_session_buffer, sizeof(server_session_buffer),
                                          &nx_crypto_tls_ciphers_ecc, server_metadata, sizeof(server_metadata),
                                          server_packet_buffer, sizeof(server_packet_buffer), connect_notify,
                                          receive_notify);
    if (status) {
        printf("server_create 0x%02X\n", status);
        ERROR_COUNTER();
    }
    status = nx_secure_dtls_server_ecc_initialize(&dtls_server, nx_crypto_ecc_supported_groups,
                                                  nx_crypto_ecc_supported_groups_size, nx_crypto_ecc_curves);
    status += nx_secure_x509_certificate_initialize(&server_certificate, (UCHAR *)style_server_der,
                                                    (USHORT)style_server_der_len, NX_NULL, 0,
                                                    (UCHAR *)style_server_key_der, (USHORT)style_server_key_der_len,
                                                    NX_SECURE_X509_KEY_TYPE_EC_DER);
    status += nx_secure_dtls_server_local_certificate_add(&dtls_server, &server_certificate, 1);
    status += nx_secure_x509_certificate_initialize(&server_trusted_root, (UCHAR *)style_nc_root_der,
                                                    (USHORT)style_nc_root_der_len, NX_NULL, 0, NX_NULL, 0,
                                                    NX_SECURE_X509_KEY_TYPE_NONE);
    status += nx_secure_dtls_server_trusted_certificate_add(&dtls_server, &server_trusted_root, 1);
    status += nx_secure_dtls_server_x509_client_verify_configure(&dtls_server, 2, server_remote_certs,
                                                                 sizeof(server_remote_certs));
    if (status) {
        ERROR_COUNTER();
    }
    status = nx_secure_dtls_server_start(&dtls_server);
    if (status) {
        printf("server_start 0x%02X\n", status);
        ERROR_COUNTER();
    }
}

static VOID server_entry(ULONG thread_input)
{
    ULONG message[2];
    NX_SECURE_DTLS_SESSION *session;
    NX_PACKET *packet_ptr;
    UINT status;

    (VOID) thread_input;
    server_setup();
    tx_thread_resume(&client_thread); /* the server is listening: let the clients come */

    while (closes < NUM_CLIENTS && error_counter == 0) {
        if (tx_semaphore_get(&server_semaphore, 20 * NX_IP_PERIODIC_RATE) != TX_SUCCESS) {
            printf("server: no notification for 20 s\n");
            ERROR_COUNTER();
            break;
        }
        while (tx_queue_receive(&event_queue, message, TX_NO_WAIT) == TX_SUCCESS) {
            session = &((NX_SECURE_DTLS_SESSION *)server_session_buffer)[message[1]];
            if (message[0] == EVENT_CONNECT) {
                connects++;
                status = nx_secure_dtls_server_session_start(session, 10 * NX_IP_PERIODIC_RATE);
                if (status) {
                    printf("server_session_start 0x%02X\n", status);
                    ERROR_COUNTER();
                }
                continue;
            }
            status = nx_secure_dtls_session_receive(session, &packet_ptr, NX_NO_WAIT);
            if (status == NX_SUCCESS) {
                status = nx_secure_dtls_server_session_send(session, packet_ptr);
                if (status) {
                    printf("server_session_send 0x%02X\n", status);
                    nx_packet_release(packet_ptr);
                    ERROR_COUNTER();
                } else {
                    echoed++;
                }
            } else if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
                closes++;
                if (nx_secure_dtls_session_end(session, NX_NO_WAIT)) {
                    ERROR_COUNTER();
                }
            } else if (status != NX_NO_PACKET) {
                printf("session_receive 0x%02X\n", status);
                ERROR_COUNTER();
                nx_secure_dtls_session_end(session, NX_NO_WAIT);
            }
        }
    }

    if (nx_secure_dtls_server_stop(&dtls_server) || nx_secure_dtls_server_delete(&dtls_server)) {
        ERROR_COUNTER();
    }
    /* The client's last packets are its own business; wait for it before counting the shared pool. */
    while (!client_done) {
        tx_thread_sleep(1);
    }
    tx_thread_sleep(NX_IP_PERIODIC_RATE / 10);
    if (pool_0.nx_packet_pool_available != pool_0.nx_packet_pool_total) {
        printf("pool: %lu of %lu free\n", (unsigned long)pool_0.nx_packet_pool_available,
               (unsigned long)pool_0.nx_packet_pool_total);
        ERROR_COUNTER();
    }
}

static VOID client_one(UINT round)
{
    NXD_ADDRESS server_address;
    NX_PACKET *packet_ptr;
    UCHAR request[48];
    UCHAR response[64];
    ULONG length;
    UINT status;
    UINT i;

    status = nx_secure_dtls_session_create(&client_session, &nx_crypto_tls_ciphers_ecc, client_metadata,
                                           sizeof(client_metadata), client_packet_buffer,
                                           sizeof(client_packet_buffer), 2, client_remote_certs,
                                           sizeof(client_remote_certs));
    status += nx_secure_dtls_ecc_initialize(&client_session, nx_crypto_ecc_supported_groups,
                                            nx_crypto_ecc_supported_groups_size, nx_crypto_ecc_curves);
    status += nx_secure_dtls_session_trusted_certificate_add(&client_session, &client_trusted_root, 1);
    status += nx_secure_dtls_session_local_certificate_add(&client_session, &client_certificate, 1);
    if (status) {
        ERROR_COUNTER();
        return;
    }
    server_address.nxd_ip_version = NX_IP_VERSION_V4;
    server_address.nxd_ip_address.v4 = IP_ADDRESS(127, 0, 0, 1);
    status = nx_secure_dtls_client_session_start(&client_session, &client_socket, &server_address, server_port,
                                                 10 * NX_IP_PERIODIC_RATE);
    if (status) {
        printf("client %u: session_start 0x%02X\n", round, status);
        ERROR_COUNTER();
    }
    for (i = 0; i < RECORDS && status == NX_SUCCESS; i++) {
        memset(request, (int)('a' + round), sizeof(request));
        request[0] = (UCHAR)i;
        /* Both ways NetX code makes room for the record header: the service, or by hand as NetX's tests do. */
        if (i % 2 == 0) {
            status = nx_secure_dtls_packet_allocate(&client_session, &pool_0, &packet_ptr, NX_WAIT_FOREVER);
        } else {
            status = nx_packet_allocate(&pool_0, &packet_ptr, NX_UDP_PACKET, NX_WAIT_FOREVER);
            if (status == NX_SUCCESS) {
                packet_ptr->nx_packet_prepend_ptr += NX_SECURE_DTLS_RECORD_HEADER_SIZE;
                packet_ptr->nx_packet_append_ptr = packet_ptr->nx_packet_prepend_ptr;
            }
        }
        if (status || nx_packet_data_append(packet_ptr, request, sizeof(request), &pool_0, NX_WAIT_FOREVER)) {
            ERROR_COUNTER();
            break;
        }
        if (nx_secure_dtls_client_session_send(&client_session, packet_ptr)) {
            nx_packet_release(packet_ptr);
            ERROR_COUNTER();
            break;
        }
        status = nx_secure_dtls_session_receive(&client_session, &packet_ptr, 10 * NX_IP_PERIODIC_RATE);
        if (status) {
            printf("client %u: receive 0x%02X\n", round, status);
            ERROR_COUNTER();
            break;
        }
        nx_packet_data_retrieve(packet_ptr, response, &length);
        nx_packet_release(packet_ptr);
        if (length != sizeof(request) || memcmp(request, response, length)) {
            ERROR_COUNTER();
        }
    }
    if (nx_secure_dtls_session_end(&client_session, 10 * NX_IP_PERIODIC_RATE)) {
        ERROR_COUNTER();
    }
    if (nx_secure_dtls_session_delete(&client_session)) {
        ERROR_COUNTER();
    }
}

static VOID client_entry(ULONG thread_input)
{
    UINT round;
    UINT status;

    (VOID) thread_input;
    /* Wait until the server thread says it listens. */
    tx_thread_suspend(&client_thread);

    status = nx_secure_x509_certificate_initialize(&client_trusted_root, (UCHAR *)style_v1_root_der,
                                                   (USHORT)style_v1_root_der_len, NX_NULL, 0, NX_NULL, 0,
                                                   NX_SECURE_X509_KEY_TYPE_NONE);
    status += nx_secure_x509_certificate_initialize(&client_certificate, (UCHAR *)style_client_der,
                                                    (USHORT)style_client_der_len, NX_NULL, 0,
                                                    (UCHAR *)style_client_key_der, (USHORT)style_client_key_der_len,
                                                    NX_SECURE_X509_KEY_TYPE_EC_DER);
    status += nx_udp_socket_create(&ip_0, &client_socket, "client socket", NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 8);
    status += nx_udp_socket_bind(&client_socket, NX_ANY_PORT, TX_WAIT_FOREVER);
    if (status) {
        ERROR_COUNTER();
    }
    for (round = 0; round < NUM_CLIENTS && error_counter == 0; round++) {
        client_one(round);
        client_rounds++;
    }
    client_done = NX_TRUE; /* on an error too: the server stops waiting */
    nx_udp_socket_unbind(&client_socket);
    nx_udp_socket_delete(&client_socket);
}
