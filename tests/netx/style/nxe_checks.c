/* SPDX-License-Identifier: MIT */
/* nxe_checks.c: the argument checks of NetX Secure's error-checking layer (_nxe_secure_dtls_*) as NetX's own
 * API test exercises them, written against the public headers only (tests/netx/style_programs_test.sh).
 *
 * From one ThreadX thread: every DTLS service called with NX_NULL arguments returns NX_PTR_ERROR; every
 * session service called on a session control block that was never created (zeroed static memory)
 * returns NX_SECURE_TLS_SESSION_UNINITIALIZED, through both the nx_secure_dtls_* and the _nxe_secure_dtls_*
 * names; a created session that was deleted is uninitialized again. ThreadX services refuse bad control
 * blocks with their own codes (TX_THREAD_ERROR, TX_SEMAPHORE_ERROR, TX_QUEUE_ERROR, TX_PTR_ERROR, ...).
 * Parsed certificates read as NetX's callbacks read them: versions, names compared with
 * _nx_secure_x509_distinguished_name_compare and the NX_SECURE_X509_NAME_* bits. */
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "style_certs.h"

static TX_THREAD thread_0;
static NX_PACKET_POOL pool_0;
static NX_PACKET test_packet;
static NX_PACKET *test_packet_recv = NX_NULL;
static NX_SECURE_X509_CERT certificate;
static NX_UDP_SOCKET udp_socket;
static NX_SECURE_DTLS_SESSION created_session;
static UCHAR metadata[16000];
static UCHAR packet_buffer[4000];
static UCHAR reassembly[4000];
static UINT error_counter;
static UINT checks;

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

#define EXPECT_EQ(expected, actual) expect_eq((UINT)(expected), (UINT)(actual), __LINE__)

static VOID expect_eq(UINT expected, UINT actual, UINT line)
{
    checks++;
    if (expected != actual) {
        printf("line %u: expected 0x%02X, got 0x%02X\n", line, expected, actual);
        error_counter++;
    }
}

static VOID thread_0_entry(ULONG thread_input);

int main(void)
{
    tx_kernel_enter();
    if (error_counter || checks < 60) {
        printf("ERROR! %u of %u checks failed\n", error_counter, checks);
        return 1;
    }
    printf("SUCCESS! %u checks\n", checks);
    return 0;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    tx_thread_create(&thread_0, "Thread 0", thread_0_entry, 0, first_unused_memory, 4096, 16, 16, 4,
                     TX_AUTO_START);
}

static VOID uninitialized(NX_SECURE_DTLS_SESSION *session)
{
    NXD_ADDRESS address;
    UINT local_port;
    UINT client_port;

    memset(&address, 0, sizeof(address));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_client_protocol_version_override(session, NX_SECURE_DTLS_VERSION_1_2));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_client_session_start(session, &udp_socket, &address, 1234, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_packet_allocate(session, &pool_0, &test_packet_recv, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_psk_add(session, (UCHAR *)"psk", 3, (UCHAR *)"psk id", 5, (UCHAR *)"hint", 4));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, _nxe_secure_dtls_server_session_send(session, &test_packet));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, _nxe_secure_dtls_server_session_start(session, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_client_info_get(session, &address, &client_port, &local_port));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, _nxe_secure_dtls_session_end(session, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_local_certificate_add(session, &certificate, 1));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_local_certificate_remove(session, (UCHAR *)"common name",
                                                                strlen("common name"), 1));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_receive(session, &test_packet_recv, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, _nxe_secure_dtls_session_reset(session));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_send(session, &test_packet, &address, 1234));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_start(session, &udp_socket, 0, NX_WAIT_FOREVER));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_trusted_certificate_add(session, &certificate, 1));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED,
              _nxe_secure_dtls_session_trusted_certificate_remove(session, (UCHAR *)"common name",
                                                                  strlen("common name"), 1));
    /* The public names are the checked services too. */
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, nx_secure_dtls_session_end(session, NX_NO_WAIT));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, nx_secure_dtls_session_receive(session, &test_packet_recv, 0));
    EXPECT_EQ(NX_SECURE_TLS_SESSION_UNINITIALIZED, nx_secure_dtls_server_session_start(session, 0));
}

static VOID null_arguments(VOID)
{
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_client_protocol_version_override(NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_client_session_start(NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_packet_allocate(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_create(NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL,
                                                         NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL,
                                                         NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_delete(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_local_certificate_add(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_local_certificate_remove(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_notify_set(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_protocol_version_override(NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_psk_add(NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL,
                                                          NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_psk_add(NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_session_send(NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_session_start(NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_start(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_stop(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_trusted_certificate_add(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_trusted_certificate_remove(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_x509_client_verify_configure(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_x509_client_verify_disable(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_client_info_get(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_create(NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL, NX_NULL,
                                                          NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_delete(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_end(NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_local_certificate_add(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_local_certificate_remove(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_receive(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_reset(NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_send(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_start(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_trusted_certificate_add(NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_session_trusted_certificate_remove(NX_NULL, NX_NULL, NX_NULL, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_ecc_initialize(NX_NULL, NX_NULL, 0, NX_NULL));
    EXPECT_EQ(NX_PTR_ERROR, nx_secure_dtls_server_ecc_initialize(NX_NULL, NX_NULL, 0, NX_NULL));
}

static VOID threadx_checks(VOID)
{
    static TX_THREAD never_created;
    static TX_SEMAPHORE semaphore;
    static TX_QUEUE queue;
    static TX_EVENT_FLAGS_GROUP flags;
    static TX_MUTEX mutex;
    static TX_TIMER timer;
    static TX_BYTE_POOL byte_pool;
    static TX_BLOCK_POOL block_pool;
    ULONG message[1];
    ULONG actual;
    VOID *memory;

    EXPECT_EQ(TX_THREAD_ERROR, tx_thread_resume(&never_created));
    EXPECT_EQ(TX_THREAD_ERROR, tx_thread_suspend(TX_NULL));
    EXPECT_EQ(TX_THREAD_ERROR, tx_thread_terminate(&never_created));
    EXPECT_EQ(TX_SEMAPHORE_ERROR, tx_semaphore_get(&semaphore, TX_NO_WAIT));
    EXPECT_EQ(TX_QUEUE_ERROR, tx_queue_send(&queue, message, TX_NO_WAIT));
    EXPECT_EQ(TX_GROUP_ERROR, tx_event_flags_get(&flags, 1, TX_OR, &actual, TX_NO_WAIT));
    EXPECT_EQ(TX_MUTEX_ERROR, tx_mutex_get(&mutex, TX_NO_WAIT));
    EXPECT_EQ(TX_TIMER_ERROR, tx_timer_activate(&timer));
    EXPECT_EQ(TX_POOL_ERROR, tx_byte_allocate(&byte_pool, &memory, 16, TX_NO_WAIT));
    EXPECT_EQ(TX_POOL_ERROR, tx_block_allocate(&block_pool, &memory, TX_NO_WAIT));
    EXPECT_EQ(TX_SUCCESS, tx_semaphore_create(&semaphore, "s", 0));
    EXPECT_EQ(TX_NO_INSTANCE, tx_semaphore_get(&semaphore, TX_NO_WAIT));
    EXPECT_EQ(TX_NO_INSTANCE, tx_semaphore_get(&semaphore, 2));
    EXPECT_EQ(TX_SUCCESS, tx_semaphore_delete(&semaphore));
    EXPECT_EQ(TX_PTR_ERROR, tx_queue_create(&queue, "q", TX_1_ULONG, TX_NULL, 64));
    EXPECT_EQ(TX_SIZE_ERROR, tx_queue_create(&queue, "q", 17, message, sizeof(message)));
    EXPECT_EQ(NX_TRUE, tx_thread_identify() == &thread_0);
}

static VOID x509_checks(VOID)
{
    static NX_SECURE_X509_CERT root;
    static NX_SECURE_X509_CERT nc_root;
    static NX_SECURE_X509_CERT server;
    static NX_SECURE_X509_CERT client;

    EXPECT_EQ(NX_SUCCESS, nx_secure_x509_certificate_initialize(&root, (UCHAR *)style_v1_root_der,
                                                                (USHORT)style_v1_root_der_len, NX_NULL, 0, NX_NULL,
                                                                0, NX_SECURE_X509_KEY_TYPE_NONE));
    EXPECT_EQ(NX_SUCCESS, nx_secure_x509_certificate_initialize(&nc_root, (UCHAR *)style_nc_root_der,
                                                                (USHORT)style_nc_root_der_len, NX_NULL, 0, NX_NULL,
                                                                0, NX_SECURE_X509_KEY_TYPE_NONE));
    EXPECT_EQ(NX_SUCCESS, nx_secure_x509_certificate_initialize(&server, (UCHAR *)style_server_der,
                                                                (USHORT)style_server_der_len, NX_NULL, 0, NX_NULL,
                                                                0, NX_SECURE_X509_KEY_TYPE_NONE));
    EXPECT_EQ(NX_SUCCESS, nx_secure_x509_certificate_initialize(&client, (UCHAR *)style_client_der,
                                                                (USHORT)style_client_der_len, NX_NULL, 0, NX_NULL,
                                                                0, NX_SECURE_X509_KEY_TYPE_NONE));
    EXPECT_EQ(NX_SECURE_X509_VERSION_1, root.nx_secure_x509_version);
    EXPECT_EQ(NX_SECURE_X509_VERSION_3, server.nx_secure_x509_version);
    /* Issuer and subject: the server's issuer is the v1 root, the client's the other root. */
    EXPECT_EQ(0, _nx_secure_x509_distinguished_name_compare(&server.nx_secure_x509_issuer,
                                                            &root.nx_secure_x509_distinguished_name,
                                                            NX_SECURE_X509_NAME_ALL_FIELDS));
    EXPECT_EQ(0, _nx_secure_x509_distinguished_name_compare(&client.nx_secure_x509_issuer,
                                                            &nc_root.nx_secure_x509_distinguished_name,
                                                            NX_SECURE_X509_NAME_ALL_FIELDS));
    EXPECT_EQ(NX_TRUE, _nx_secure_x509_distinguished_name_compare(&server.nx_secure_x509_distinguished_name,
                                                                  &client.nx_secure_x509_distinguished_name,
                                                                  NX_SECURE_X509_NAME_COMMON_NAME) != 0);
    /* Both subjects are O=nxdtls test: equal when only the organization is compared. */
    EXPECT_EQ(0, _nx_secure_x509_distinguished_name_compare(&server.nx_secure_x509_distinguished_name,
                                                            &client.nx_secure_x509_distinguished_name,
                                                            NX_SECURE_X509_NAME_ORGANIZATION));
    EXPECT_EQ(NX_TRUE, _nx_secure_x509_distinguished_name_compare(&server.nx_secure_x509_distinguished_name,
                                                                  &client.nx_secure_x509_distinguished_name,
                                                                  NX_SECURE_X509_NAME_ALL_FIELDS) != 0);
}

static VOID thread_0_entry(ULONG thread_input)
{
    UINT status;

    (VOID) thread_input;
    printf("NetX Secure Test:   DTLS NXE API checks (style)....................\n");
    nx_secure_dtls_initialize();

    uninitialized(&created_session);
    null_arguments();
    threadx_checks();
    x509_checks();

    /* A session that was created and deleted is uninitialized again. */
    nx_system_initialize();
    status = nx_packet_pool_create(&pool_0, "pool", 1536, packet_buffer, sizeof(packet_buffer));
    EXPECT_EQ(NX_SUCCESS, status);
    status = nx_secure_dtls_session_create(&created_session, &nx_crypto_tls_ciphers, metadata, sizeof(metadata),
                                           NX_NULL, 4000, 0, NX_NULL, 0);
    EXPECT_EQ(NX_PTR_ERROR, status); /* no packet reassembly buffer */
    status = nx_secure_dtls_session_create(&created_session, &nx_crypto_tls_ciphers, metadata, sizeof(metadata),
                                           reassembly, sizeof(reassembly), 0, NX_NULL, 0);
    EXPECT_EQ(NX_SUCCESS, status);
    EXPECT_EQ(NX_SUCCESS, nx_secure_dtls_session_delete(&created_session));
    uninitialized(&created_session);
}
