/* SPDX-License-Identifier: MIT */
/* dtls_api_test.c: every nx_secure_dtls_* service and TLS helper with its documented failure codes, exact
 * values (docs/netx-api.md 3.1-3.4): NULL pointers, objects not created, double create, values out of range,
 * PSK space, certificate ids, server states and port conflicts, packet allocation; blocking calls from
 * the I/O thread (NX_CALLER_ERROR, 7.9), a handshake started with NX_NO_WAIT inside connect_notify that
 * completes in the background, a second blocked receive (NX_ALREADY_SUSPENDED), and reset waking a
 * blocked receive. */
#include "netx_harness.h"

extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];

static uint64_t pool_memory[256 * 1700 / 8];
static uint64_t small_memory[8 * 200 / 8];
static NX_PACKET_POOL pool;
static NX_PACKET_POOL small_pool;
static NX_IP ip;
static NX_IP ip_no_udp;
static CHAR name[] = "dtls_api_test";
static uint64_t meta[8192 / 8];
static UCHAR reasm[4096];
static uint64_t certs[4096 / 8];

static void test_session_create(void)
{
    static NX_SECURE_DTLS_SESSION s;
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    EXPECT_CODE(
        nx_secure_dtls_session_create(NULL, t, meta, sizeof meta, reasm, sizeof reasm, 0, NULL, 0),
        NX_PTR_ERROR);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, NULL, meta, sizeof meta, reasm, sizeof reasm, 0, NULL, 0),
        NX_PTR_ERROR);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, t, NULL, sizeof meta, reasm, sizeof reasm, 0, NULL, 0),
        NX_PTR_ERROR);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, t, meta, sizeof meta, NULL, sizeof reasm, 0, NULL, 0),
        NX_PTR_ERROR);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, t, meta, sizeof meta, reasm, sizeof reasm, 2, NULL, 4096),
        NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_create(&s, t, meta, 100, reasm, sizeof reasm, 0, NULL, 0),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, t, (UCHAR *)meta + 1, 7, reasm, sizeof reasm, 0, NULL, 0),
        NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    EXPECT_CODE(nx_secure_dtls_session_create(&s, t, meta, sizeof meta, reasm, sizeof reasm, 2,
                                              (UCHAR *)certs,
                                              2 * (sizeof(NX_SECURE_X509_CERT) + 100)),
                NX_INVALID_PARAMETERS);
    ULONG need = 0;
    EXPECT_CODE(nx_secure_tls_metadata_size_calculate(NULL, &need), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_metadata_size_calculate(t, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_tls_metadata_size_calculate(t, &need));
    EXPECT(need > sizeof(nxdtls_conn) && need <= sizeof meta);
    /* meta is 8-aligned: one byte short of the connection plus the engine areas is too small. */
    EXPECT_CODE(nx_secure_dtls_session_create(
                    &s, t, meta, (ULONG)(sizeof(nxdtls_conn) + nxdtls_metadata_size(t) - 1), reasm,
                    sizeof reasm, 0, NULL, 0),
                NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_session_create(&s, t, meta, need, reasm, sizeof reasm, 2,
                                            (UCHAR *)certs, sizeof certs));
    EXPECT(s.nx_secure_dtls_tls_session.nx_secure_tls_id == NX_SECURE_TLS_ID);
    EXPECT_CODE(
        nx_secure_dtls_session_create(&s, t, meta, sizeof meta, reasm, sizeof reasm, 0, NULL, 0),
        NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_session_delete(&s));
    EXPECT_CODE(nx_secure_dtls_session_delete(&s), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_delete(NULL), NX_PTR_ERROR);
}

static void test_uncreated_and_null(void)
{
    static NX_SECURE_DTLS_SESSION never;
    memset(&never, 0, sizeof never);
    NX_PACKET *p = NULL;
    NXD_ADDRESS a = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    UINT u = 0;
    NX_SECURE_X509_CERT cert;
    memset(&cert, 0, sizeof cert);
    NX_UDP_SOCKET sock;
    memset(&sock, 0, sizeof sock);
    UCHAR k[4] = {1, 2, 3, 4};
    const UINT un = NX_SECURE_TLS_SESSION_UNINITIALIZED;

    EXPECT_CODE(nx_secure_dtls_session_reset(NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_reset(&never), un);
    EXPECT_CODE(nx_secure_dtls_psk_add(NULL, k, 4, k, 4, NULL, 0), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_psk_add(&never, k, 4, k, 4, NULL, 0), un);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(NULL, &cert, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(&never, &cert, 1), un);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_remove(&never, NULL, 0, 1), un);
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_add(&never, &cert, 1), un);
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_remove(&never, NULL, 0, 1), un);
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_remove(NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_ecc_initialize(NULL, NULL, 0, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_ecc_initialize(&never, NULL, 0, NULL), un);
    EXPECT_CODE(nx_secure_dtls_client_protocol_version_override(NULL, NX_SECURE_DTLS_VERSION_1_2),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_client_protocol_version_override(&never, NX_SECURE_DTLS_VERSION_1_2),
                un);
    EXPECT_CODE(nx_secure_dtls_session_client_info_get(&never, &a, &u, &u), un);
    EXPECT_CODE(nx_secure_dtls_session_client_info_get(&never, NULL, &u, &u), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_client_session_start(NULL, &sock, &a, 1, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_client_session_start(&never, NULL, &a, 1, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_client_session_start(&never, &sock, NULL, 1, NX_NO_WAIT),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_client_session_start(&never, &sock, &a, 1, NX_NO_WAIT), un);
    EXPECT_CODE(nx_secure_dtls_session_start(NULL, &sock, NX_TRUE, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_start(&never, &sock, NX_TRUE, NX_NO_WAIT), un);
    EXPECT_CODE(nx_secure_dtls_session_receive(NULL, &p, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_receive(&never, NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_receive(&never, &p, NX_NO_WAIT), un);
    EXPECT_OK(nx_packet_allocate(&pool, &p, 0, NX_NO_WAIT));
    EXPECT_CODE(nx_secure_dtls_session_send(NULL, p, &a, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_send(&never, NULL, &a, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_send(&never, p, NULL, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_send(&never, p, &a, 1), un);
    EXPECT_CODE(nx_secure_dtls_server_session_send(NULL, p), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_session_send(&never, p), un);
    EXPECT_CODE(nx_secure_dtls_client_session_send(&never, p), un); /* the alias macro */
    EXPECT_OK(nx_packet_release(p));
    EXPECT_CODE(nx_secure_dtls_session_end(NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_end(&never, NX_NO_WAIT), un);
    EXPECT_CODE(nx_secure_dtls_packet_allocate(NULL, &pool, &p, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&never, NULL, &p, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&never, &pool, NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&never, &pool, &p, NX_NO_WAIT), un);
    EXPECT_CODE(nx_secure_dtls_server_session_start(NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_session_start(&never, NX_NO_WAIT), un);

    /* TLS helpers. */
    NX_SECURE_TLS_SESSION *tls = &never.nx_secure_dtls_tls_session;
    NX_SECURE_X509_DNS_NAME dns;
    memset(&dns, 0, sizeof dns);
    EXPECT_CODE(nx_secure_tls_session_time_function_set(NULL, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_session_certificate_callback_set(NULL, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_session_alert_value_get(NULL, &u, &u), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_session_alert_value_get(tls, NULL, &u), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_session_sni_extension_set(NULL, &dns), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_tls_session_sni_extension_set(tls, NULL), NX_PTR_ERROR);
}

static ULONG fixed_time(VOID)
{
    return 1700000000UL;
}

static ULONG accept_any(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *certificate)
{
    (void)session;
    (void)certificate;
    return NX_SUCCESS;
}

static void test_session_settings(void)
{
    static NX_SECURE_DTLS_SESSION s;
    EXPECT_OK(nx_secure_dtls_session_create(&s, &nx_crypto_tls_ciphers, meta, sizeof meta, reasm,
                                            sizeof reasm, 0, NULL, 0));
    UCHAR key[65] = {0};
    UCHAR id[129] = {0};
    /* PSK space: five entries (docs/netx-api.md 10 C6: the full count), and every refusal is 0x125. */
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, key, 65, id, 4, NULL, 0),
                NX_SECURE_TLS_NO_MORE_PSK_SPACE);
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, key, 16, id, 129, NULL, 0),
                NX_SECURE_TLS_NO_MORE_PSK_SPACE);
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, key, 16, id, 4, id, 129),
                NX_SECURE_TLS_NO_MORE_PSK_SPACE);
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, key, 16, id, 4, NULL, 3), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, NULL, 16, id, 4, NULL, 0), NX_PTR_ERROR);
    for (int i = 0; i < NX_SECURE_TLS_MAX_PSK_KEYS; i++) {
        EXPECT_OK(nx_secure_dtls_psk_add(&s, key, 64, id, 128, id, 128));
    }
    EXPECT_CODE(nx_secure_dtls_psk_add(&s, key, 16, id, 4, NULL, 0),
                NX_SECURE_TLS_NO_MORE_PSK_SPACE);

    /* Certificate stores: ids, duplicates, the same structure twice, removal by id and by CN. */
    static NX_SECURE_X509_CERT c1;
    static NX_SECURE_X509_CERT c2;
    static NX_SECURE_X509_CERT c3;
    static const UCHAR cn[] = "device.example";
    memset(&c1, 0, sizeof c1);
    memset(&c2, 0, sizeof c2);
    memset(&c3, 0, sizeof c3);
    c2.nx_secure_x509_distinguished_name.nx_secure_x509_common_name = cn;
    c2.nx_secure_x509_distinguished_name.nx_secure_x509_common_name_length =
        (USHORT)(sizeof cn - 1);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(&s, NULL, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(&s, &c1, 0), NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&s, &c1, 1));
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(&s, &c1, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_add(&s, &c2, 1),
                NX_SECURE_TLS_CERT_ID_DUPLICATE);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&s, &c2, 2));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&s, &c3, 1));
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_add(&s, &c3, 5), NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_remove(&s, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_remove(&s, NULL, 0, 9),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_remove(&s, (UCHAR *)(uintptr_t)cn,
                                                              sizeof cn - 1, 0));
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_remove(&s, (UCHAR *)(uintptr_t)cn,
                                                                sizeof cn - 1, 0),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_remove(&s, NULL, 0, 1));
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_remove(&s, NULL, 0, 2),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_remove(&s, NULL, 0, 1));
    EXPECT_OK(
        nx_secure_dtls_session_trusted_certificate_add(&s, &c1, 1)); /* free again after removal */
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_remove(&s, NULL, 0, 1));

    EXPECT_CODE(nx_secure_dtls_ecc_initialize(&s, NULL, 3, nx_crypto_ecc_curves), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_ecc_initialize(&s, nx_crypto_ecc_supported_groups, 3, NULL),
                NX_PTR_ERROR);
    EXPECT_OK(
        nx_secure_dtls_ecc_initialize(&s, nx_crypto_ecc_supported_groups, 3, nx_crypto_ecc_curves));
    EXPECT_OK(nx_secure_dtls_client_protocol_version_override(&s, NX_SECURE_DTLS_VERSION_1_2));
    EXPECT_CODE(nx_secure_dtls_client_protocol_version_override(&s, NX_SECURE_DTLS_VERSION_1_0),
                NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    EXPECT_CODE(nx_secure_dtls_client_protocol_version_override(&s, 0x0303), NX_PTR_ERROR);

    NX_SECURE_TLS_SESSION *tls = &s.nx_secure_dtls_tls_session;
    EXPECT_CODE(nx_secure_tls_session_time_function_set(tls, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_tls_session_time_function_set(tls, fixed_time));
    EXPECT_CODE(nx_secure_tls_session_certificate_callback_set(tls, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_tls_session_certificate_callback_set(tls, accept_any));
    NX_SECURE_X509_DNS_NAME dns;
    static const UCHAR host[] = "localhost";
    EXPECT_OK(nx_secure_x509_dns_name_initialize(&dns, host, (USHORT)(sizeof host - 1)));
    EXPECT_OK(nx_secure_tls_session_sni_extension_set(tls, &dns));
    UINT level = 9;
    UINT value = 9;
    EXPECT_OK(nx_secure_tls_session_alert_value_get(tls, &level, &value));
    EXPECT(level == 0 && value == 0);

    /* Not started: no socket for client_info_get; receive and send refuse; end only resets. */
    NXD_ADDRESS a;
    UINT u = 0;
    EXPECT_CODE(nx_secure_dtls_session_client_info_get(&s, &a, &u, &u), NX_INVALID_SOCKET);
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_secure_dtls_session_receive(&s, &p, NX_NO_WAIT),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_OK(nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT));
    a = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_CODE(nx_secure_dtls_session_send(&s, p, &a, 1), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_OK(nx_packet_release(p)); /* the caller still owned it */
    EXPECT_OK(nx_secure_dtls_session_end(&s, NX_NO_WAIT));

    /* Packet allocation: headroom for the record, empty packet; pool too small; pool exhausted. */
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&s, &small_pool, &p, NX_NO_WAIT),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    EXPECT_OK(nx_secure_dtls_packet_allocate(&s, &pool, &p, NX_NO_WAIT));
    EXPECT(p->nx_packet_prepend_ptr == p->nx_packet_append_ptr);
    EXPECT(p->nx_packet_length == 0);
    EXPECT(p->nx_packet_prepend_ptr - p->nx_packet_data_start >= NX_SECURE_DTLS_RECORD_HEADER_SIZE);
    NX_PACKET *held[256];
    ULONG n = 0;
    while (n < 256 && nx_packet_allocate(&pool, &held[n], 0, NX_NO_WAIT) == NX_SUCCESS) {
        n++;
    }
    NX_PACKET *q = NULL;
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&s, &pool, &q, NX_NO_WAIT),
                NX_SECURE_TLS_ALLOCATE_PACKET_FAILED);
    EXPECT_CODE(nx_secure_dtls_packet_allocate(&s, &pool, &q, 2),
                NX_SECURE_TLS_ALLOCATE_PACKET_FAILED);
    for (ULONG i = 0; i < n; i++) {
        EXPECT_OK(nx_packet_release(held[i]));
    }
    EXPECT_OK(nx_packet_release(p));

    /* Start on an unbound socket: the send fails (NetX's 0x109). Legacy start without a peer. */
    NX_UDP_SOCKET sock;
    EXPECT_OK(nx_udp_socket_create(&ip, &sock, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 4));
    EXPECT_CODE(nx_secure_dtls_client_session_start(&s, &sock, &a, 4433, NX_NO_WAIT),
                NX_SECURE_TLS_TCP_SEND_FAILED);
    EXPECT_OK(nx_udp_socket_bind(&sock, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_CODE(nx_secure_dtls_session_start(&s, &sock, NX_TRUE, NX_NO_WAIT), NX_NOT_CONNECTED);
    EXPECT_OK(nx_udp_socket_unbind(&sock));
    EXPECT_OK(nx_udp_socket_delete(&sock));
    EXPECT_OK(nx_secure_dtls_session_delete(&s));
}

static UINT dummy_connect(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *a, UINT port)
{
    (void)s;
    (void)a;
    (void)port;
    return NX_SUCCESS;
}

static UINT dummy_receive(NX_SECURE_DTLS_SESSION *s)
{
    (void)s;
    return NX_SUCCESS;
}

static void test_server_codes(void)
{
    static NX_SECURE_DTLS_SERVER srv;
    static NX_SECURE_DTLS_SERVER other;
    static NX_SECURE_DTLS_SESSION slots[2];
    static NX_SECURE_DTLS_SESSION slots2[2];
    static uint64_t smeta[2 * 6000 / 8];
    static UCHAR sreasm[2 * 2048];
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    ULONG need = 0;
    EXPECT_OK(nx_secure_tls_metadata_size_calculate(t, &need));
    UINT sb = sizeof slots;
    EXPECT_CODE(nx_secure_dtls_server_create(NULL, &ip, 0, 1, slots, sb, t, smeta, 2 * need, sreasm,
                                             sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, NULL, 0, 1, slots, sb, t, smeta, 2 * need,
                                             sreasm, sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, NULL, sb, t, smeta, 2 * need, sreasm,
                                             sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, NULL, 2 * need, sreasm,
                                             sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, smeta, 2 * need, NULL,
                                             sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, smeta, 2 * need, sreasm,
                                             sizeof sreasm, NULL, dummy_receive),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, smeta, 2 * need, sreasm,
                                             sizeof sreasm, dummy_connect, NULL),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots,
                                             sizeof(NX_SECURE_DTLS_SESSION) - 1, t, smeta, 2 * need,
                                             sreasm, sizeof sreasm, dummy_connect, dummy_receive),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, smeta, need, sreasm,
                                             sizeof sreasm, dummy_connect, dummy_receive),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip_no_udp, 0, 1, slots, sb, t, smeta, 2 * need,
                                             sreasm, sizeof sreasm, dummy_connect, dummy_receive),
                NX_NOT_ENABLED);
    EXPECT_OK(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots, sb, t, smeta, 2 * need, sreasm,
                                           sizeof sreasm, dummy_connect, dummy_receive));
    EXPECT(srv.nx_dtls_server_sessions == slots);
    EXPECT(srv.nx_dtls_server_sessions_count == 2);
    EXPECT_CODE(nx_secure_dtls_server_create(&srv, &ip, 0, 1, slots2, sb, t, smeta, 2 * need,
                                             sreasm, sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR); /* server already created */
    EXPECT_CODE(nx_secure_dtls_server_create(&other, &ip, 0, 1, slots, sb, t, smeta, 2 * need,
                                             sreasm, sizeof sreasm, dummy_connect, dummy_receive),
                NX_PTR_ERROR); /* its slots are live sessions */
    EXPECT_CODE(nx_secure_dtls_session_delete(&slots[0]), NX_PTR_ERROR);

    /* Services on idle slots. */
    NXD_ADDRESS a;
    UINT u = 0;
    EXPECT_CODE(nx_secure_dtls_session_client_info_get(&slots[0], &a, &u, &u), NX_NOT_CONNECTED);
    EXPECT_CODE(nx_secure_dtls_server_session_start(&slots[0], NX_NO_WAIT),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nx_secure_dtls_session_end(&slots[1], NX_NO_WAIT),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_OK(nx_secure_dtls_session_reset(&slots[1]));

    /* Credentials and settings. */
    UCHAR key[16] = {0};
    UCHAR id[8] = "id";
    EXPECT_CODE(nx_secure_dtls_server_psk_add(NULL, key, 16, id, 2, NULL, 0), NX_PTR_ERROR);
    for (int i = 0; i < NX_SECURE_TLS_MAX_PSK_KEYS; i++) {
        EXPECT_OK(nx_secure_dtls_server_psk_add(&srv, key, 16, id, 2, NULL, 0));
    }
    EXPECT_CODE(nx_secure_dtls_server_psk_add(&srv, key, 16, id, 2, NULL, 0),
                NX_SECURE_TLS_NO_MORE_PSK_SPACE);
    static NX_SECURE_X509_CERT c1;
    memset(&c1, 0, sizeof c1);
    EXPECT_CODE(nx_secure_dtls_server_local_certificate_add(NULL, &c1, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_local_certificate_add(&srv, &c1, 0), NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&srv, &c1, 1));
    EXPECT_CODE(nx_secure_dtls_server_local_certificate_remove(&srv, NULL, 0, 2),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(nx_secure_dtls_server_local_certificate_remove(&srv, NULL, 0, 1));
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&srv, &c1, 3));
    EXPECT_CODE(nx_secure_dtls_server_trusted_certificate_add(&srv, &c1, 4), NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_server_trusted_certificate_remove(&srv, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_remove(&srv, NULL, 0, 3));
    EXPECT_CODE(
        nx_secure_dtls_server_x509_client_verify_configure(NULL, 1, (UCHAR *)certs, sizeof certs),
        NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&srv, 1, NULL, sizeof certs),
                NX_PTR_ERROR);
    EXPECT_CODE(
        nx_secure_dtls_server_x509_client_verify_configure(&srv, 0, (UCHAR *)certs, sizeof certs),
        NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&srv, 1, (UCHAR *)certs, 0),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(
        nx_secure_dtls_server_x509_client_verify_configure(&srv, 8, (UCHAR *)certs, sizeof certs),
        NX_INVALID_PARAMETERS); /* 2 slots x 8 certificates do not fit 4 KiB */
    EXPECT_OK(
        nx_secure_dtls_server_x509_client_verify_configure(&srv, 1, (UCHAR *)certs, sizeof certs));
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_disable(NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_disable(&srv));
    EXPECT_CODE(nx_secure_dtls_server_ecc_initialize(NULL, NULL, 0, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_ecc_initialize(&srv, NULL, 3, nx_crypto_ecc_curves),
                NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_ecc_initialize(&srv, nx_crypto_ecc_supported_groups, 3,
                                                   nx_crypto_ecc_curves));
    EXPECT_CODE(nx_secure_dtls_server_protocol_version_override(NULL, NX_SECURE_DTLS_VERSION_1_2),
                NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_protocol_version_override(&srv, NX_SECURE_DTLS_VERSION_1_2));
    EXPECT_CODE(nx_secure_dtls_server_protocol_version_override(&srv, NX_SECURE_DTLS_VERSION_1_0),
                NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    EXPECT_CODE(nx_secure_dtls_server_protocol_version_override(&srv, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_notify_set(NULL, NULL, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_notify_set(&srv, NULL, NULL));

    /* States: stop before start, start twice, delete while started, a second server on the port. */
    EXPECT_CODE(nx_secure_dtls_server_stop(&srv), NX_NOT_BOUND);
    EXPECT_CODE(nx_secure_dtls_server_start(NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_start(&srv));
    EXPECT_CODE(nx_secure_dtls_server_start(&srv), NX_ALREADY_BOUND);
    EXPECT_CODE(nx_secure_dtls_server_delete(&srv), NX_STILL_BOUND);
    UINT port = srv.nx_dtls_server_udp_socket.nx_udp_socket_port;
    EXPECT(port != 0);
    EXPECT_OK(nx_secure_dtls_server_create(&other, &ip, port, 2, slots2, sb, t, smeta + 0, 2 * need,
                                           sreasm, sizeof sreasm, dummy_connect, dummy_receive));
    EXPECT_CODE(nx_secure_dtls_server_start(&other), NX_PORT_UNAVAILABLE);
    EXPECT_OK(nx_secure_dtls_server_delete(&other));
    EXPECT_OK(nx_secure_dtls_server_stop(&srv));
    EXPECT_CODE(nx_secure_dtls_server_stop(&srv), NX_NOT_BOUND);
    EXPECT_OK(nx_secure_dtls_server_start(&srv)); /* can start again */
    EXPECT_OK(nx_secure_dtls_server_stop(&srv));
    EXPECT_CODE(nx_secure_dtls_server_delete(NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_delete(&srv));
    EXPECT_CODE(nx_secure_dtls_server_delete(&srv), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_start(&srv), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_reset(&slots[0]), NX_SECURE_TLS_SESSION_UNINITIALIZED);
}

/* ---- Callbacks on the I/O thread: blocking services refuse; NX_NO_WAIT start works. ---- */
static NX_SECURE_DTLS_SERVER cb_server;
static NX_SECURE_DTLS_SESSION cb_slots[2];
static volatile UINT cb_codes[5];
static volatile int cb_called;

static UINT cb_connect(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *a, UINT port)
{
    (void)a;
    (void)port;
    NX_PACKET *p = NULL;
    NXD_ADDRESS peer;
    UINT pp = 0;
    UINT lp = 0;
    cb_codes[0] = nx_secure_dtls_server_session_start(s, NX_IP_PERIODIC_RATE);
    cb_codes[1] = nx_secure_dtls_session_receive(s, &p, NX_IP_PERIODIC_RATE);
    cb_codes[2] = nx_secure_dtls_session_end(s, NX_IP_PERIODIC_RATE);
    cb_codes[3] = nx_secure_dtls_session_client_info_get(s, &peer, &pp, &lp);
    cb_codes[4] =
        nx_secure_dtls_server_session_start(s, NX_NO_WAIT); /* goes on in the background */
    __atomic_store_n(&cb_called, 1, __ATOMIC_SEQ_CST);
    return NX_SUCCESS;
}

struct receiver {
    NX_SECURE_DTLS_SESSION *s;
    UINT status;
};

static void *receive_forever_thread(void *arg)
{
    struct receiver *r = arg;
    NX_PACKET *p = NULL;
    r->status = nx_secure_dtls_session_receive(r->s, &p, NX_WAIT_FOREVER);
    if (p != NULL) {
        (void)nx_packet_release(p);
    }
    return NULL;
}

static void test_io_thread_rules(void)
{
    static uint64_t smeta[2 * 6000 / 8];
    static UCHAR sreasm[2 * 2048];
    ULONG need = 0;
    EXPECT_OK(nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers, &need));
    EXPECT_OK(nx_secure_dtls_server_create(&cb_server, &ip, 0, 1, cb_slots, sizeof cb_slots,
                                           &nx_crypto_tls_ciphers, smeta, 2 * need, sreasm,
                                           sizeof sreasm, cb_connect, dummy_receive));
    EXPECT_OK(nx_secure_dtls_server_psk_add(&cb_server, harness_key, sizeof harness_key, harness_id,
                                            (UINT)strlen((const char *)harness_id), NULL, 0));
    EXPECT_OK(nx_secure_dtls_server_start(&cb_server));
    UINT port = cb_server.nx_dtls_server_udp_socket.nx_udp_socket_port;

    static struct harness_client c;
    EXPECT_OK(harness_client_open(&c, &ip, harness_key, sizeof harness_key));
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(nx_secure_dtls_client_session_start(&c.session, &c.socket, &lo, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT(__atomic_load_n(&cb_called, __ATOMIC_SEQ_CST) == 1);
    EXPECT_CODE(cb_codes[0], NX_CALLER_ERROR);
    EXPECT_CODE(cb_codes[1], NX_CALLER_ERROR);
    EXPECT_CODE(cb_codes[2], NX_CALLER_ERROR);
    EXPECT_OK(cb_codes[3]);
    EXPECT_CODE(cb_codes[4], NX_NO_PACKET);

    /* The slot finished its handshake in the I/O thread; its receive works from this thread. */
    NX_SECURE_DTLS_SESSION *slot = netx_peek_in_use(&cb_slots[0]) ? &cb_slots[0] : &cb_slots[1];
    EXPECT_OK(harness_send(&c.session, &pool, "abc", 3, &lo, port));
    EXPECT_OK(harness_receive(slot, "abc", 3, 5 * NX_IP_PERIODIC_RATE));
    /* NetX: a session whose handshake completed cannot be started again. */
    EXPECT_CODE(nx_secure_dtls_server_session_start(slot, NX_NO_WAIT), NX_NOT_SUCCESSFUL);

    /* One blocked receive per session; a second gets NX_ALREADY_SUSPENDED; reset wakes the first. */
    struct receiver r = {&c.session, 0xFFFF};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, receive_forever_thread, &r) == 0);
    HARNESS_WAIT_UNTIL(netx_peek_waiting(&c.session) != 0);
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_secure_dtls_session_receive(&c.session, &p, 5), NX_ALREADY_SUSPENDED);
    EXPECT_OK(nx_secure_dtls_session_reset(&c.session));
    pthread_join(th, NULL);
    EXPECT_CODE(r.status, NX_SECURE_TLS_SESSION_UNINITIALIZED);
    harness_client_close(&c);

    EXPECT_OK(nx_secure_dtls_server_stop(&cb_server));
    EXPECT(netx_peek_in_use(&cb_slots[0]) == NX_FALSE &&
           netx_peek_in_use(&cb_slots[1]) == NX_FALSE);
    EXPECT_OK(nx_secure_dtls_server_delete(&cb_server));
}

int main(void)
{
    nx_system_initialize();
    nx_secure_dtls_initialize();
    nx_secure_dtls_initialize(); /* idempotent */
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_packet_pool_create(&small_pool, name, 64, small_memory, sizeof small_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_ip_create(&ip_no_udp, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    test_session_create();
    test_uncreated_and_null();
    test_session_settings();
    test_server_codes();
    test_io_thread_rules();
    EXPECT_OK(nx_ip_delete(&ip));
    EXPECT_OK(nx_ip_delete(&ip_no_udp));
    EXPECT(pool.nx_packet_pool_available == pool.nx_packet_pool_total);
    return test_finish("netx/dtls_api");
}
