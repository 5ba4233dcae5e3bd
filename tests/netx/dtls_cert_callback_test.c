/* SPDX-License-Identifier: MIT */
/* dtls_cert_callback_test.c: what an application may do inside its certificate callback (the rule in
 * src/netx/netx_dtls.h, docs/netx-api.md 7.9: the callback runs in the thread that drives the handshake, with
 * the session's lock held). On a client session (the thread in start) and on a server slot (the I/O
 * thread), from inside the callback:
 *   - the X.509 services work on the certificate and on the session's store, which shows the received
 *     chain (nx_secure_x509_crl_revocation_check finds the intermediate the peer sent) and, on a slot, the
 *     server's trusted list; alert_value_get, client_info_get, the TLS setters, psk_add, certificate add
 *     and ecc_initialize return NX_SUCCESS without deadlocking;
 *   - start, receive, send, end, reset, delete, certificate removal and the server's start / stop /
 *     delete return NX_CALLER_ERROR for that session and server; another session's services still work;
 *   - and the handshake then completes.
 * Also: a time function set on one slot applies to the server's verification of client certificates. */
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#include "netx_cert_harness.h"

static uint64_t pool_memory[300 * 1600 / 8];
static NX_PACKET_POOL pool;
static NX_IP ip;
static CHAR name[] = "dtls_cert_callback_test";
static struct harness_server hs;
static struct cert_client cli;
static NX_SECURE_DTLS_SESSION other;
static uint64_t other_meta[8192 / 8];
static UCHAR other_reasm[2048];

static struct pki_cert s_rsa_leaf, s_rsa_int, s_ec_root, s_rsa_root, s_extra;
static struct pki_cert c_rsa_root, c_ec_leaf, c_ec_int, c_extra;
static UCHAR crl[2048];
static UINT crl_len;
static UCHAR verify_buffer[4 * 3 * CERT_SLOT_BYTES];
static UCHAR psk[] = {1, 2, 3, 4};
static UCHAR psk_id[] = "id";

/* Up to 32 results of calls made inside a callback, checked by the main thread afterwards. */
struct calls {
    pthread_mutex_t lock;
    unsigned runs;
    UINT code[32];
    size_t chain;
    bool trusted_shown;
    UINT peer_port;
};

static struct calls client_calls = {.lock = PTHREAD_MUTEX_INITIALIZER};
static struct calls server_calls = {.lock = PTHREAD_MUTEX_INITIALIZER};

static NX_SECURE_DTLS_SESSION *dtls_of(NX_SECURE_TLS_SESSION *tls)
{
    /* The TLS block is a member of the DTLS session (docs/netx-api.md 2.1). */
    return (NX_SECURE_DTLS_SESSION *)(void *)((char *)tls - offsetof(NX_SECURE_DTLS_SESSION,
                                                                     nx_secure_dtls_tls_session));
}

static ULONG time_now(VOID)
{
    return 1893456000UL; /* 2030-01-01 */
}

static ULONG time_2100(VOID)
{
    return 4102444800UL;
}

static size_t remote_count(NX_SECURE_TLS_SESSION *tls)
{
    size_t n = 0;
    for (NX_SECURE_X509_CERT *c = tls->nx_secure_tls_credentials.nx_secure_tls_certificate_store
                                      .nx_secure_x509_remote_certificates;
         c != NULL && n < 16; c = c->nx_secure_x509_next_certificate) {
        n++;
    }
    return n;
}

/* Indexes of client_calls.code. */
enum {
    C_ALERT,
    C_INFO,
    C_TIME,
    C_SNI,
    C_CALLBACK,
    C_CRL,
    C_KEY_USAGE,
    C_EKU,
    C_TRUSTED_ADD,
    C_PSK,
    C_ECC,
    C_ALLOCATE,
    C_RECEIVE,
    C_SEND,
    C_END,
    C_RESET,
    C_DELETE,
    C_START,
    C_LEGACY_START,
    C_TRUSTED_REMOVE,
    C_LOCAL_REMOVE,
    C_OTHER_REMOVE,
    C_COUNT
};

static ULONG client_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert);

static ULONG client_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert)
{
    NX_SECURE_DTLS_SESSION *s = dtls_of(session);
    struct calls *c = &client_calls;
    UINT level = 0;
    UINT value = 0;
    NXD_ADDRESS peer;
    UINT peer_port = 0;
    UINT local_port = 0;
    USHORT bits = 0;
    NX_SECURE_X509_DNS_NAME dns;
    static const UCHAR host[] = "localhost";
    NX_PACKET *p = NULL;
    c->runs++;
    c->code[C_ALERT] = nx_secure_tls_session_alert_value_get(session, &level, &value);
    c->code[C_INFO] = nx_secure_dtls_session_client_info_get(s, &peer, &peer_port, &local_port);
    c->peer_port = peer_port;
    c->code[C_TIME] = nx_secure_tls_session_time_function_set(session, time_now);
    (void)nx_secure_x509_dns_name_initialize(&dns, host, (USHORT)(sizeof host - 1));
    c->code[C_SNI] = nx_secure_tls_session_sni_extension_set(session, &dns);
    c->code[C_CALLBACK] = nx_secure_tls_session_certificate_callback_set(session, client_callback);
    /* rsa-int's CRL: its signer is the intermediate the server sent, found in the remote list. */
    c->code[C_CRL] = nx_secure_x509_crl_revocation_check(
        crl, crl_len, &session->nx_secure_tls_credentials.nx_secure_tls_certificate_store, cert);
    c->chain = remote_count(session);
    c->code[C_KEY_USAGE] = nx_secure_x509_key_usage_extension_parse(cert, &bits);
    if (c->code[C_KEY_USAGE] == NX_SUCCESS &&
        (bits & NX_SECURE_X509_KEY_USAGE_DIGITAL_SIGNATURE) == 0) {
        c->code[C_KEY_USAGE] = NX_NOT_SUCCESSFUL;
    }
    c->code[C_EKU] = nx_secure_x509_extended_key_usage_extension_parse(
        cert, NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH);
    c->code[C_TRUSTED_ADD] = nx_secure_dtls_session_trusted_certificate_add(s, &c_extra.cert, 5);
    c->code[C_PSK] = nx_secure_dtls_psk_add(s, psk, sizeof psk, psk_id, 2, NX_NULL, 0);
    c->code[C_ECC] = nx_secure_dtls_ecc_initialize(s, nx_crypto_ecc_supported_groups,
                                                   (USHORT)nx_crypto_ecc_supported_groups_size,
                                                   nx_crypto_ecc_curves);
    c->code[C_RECEIVE] = nx_secure_dtls_session_receive(s, &p, NX_NO_WAIT);
    c->code[C_ALLOCATE] = nx_secure_dtls_packet_allocate(s, &pool, &p, NX_NO_WAIT);
    if (c->code[C_ALLOCATE] == NX_SUCCESS) {
        (void)nx_packet_data_append(p, psk, sizeof psk, &pool, NX_NO_WAIT);
        c->code[C_SEND] = nx_secure_dtls_session_send(s, p, &s->nx_secure_dtls_remote_ip_address,
                                                      s->nx_secure_dtls_remote_port);
        (void)nx_packet_release(p);
    }
    c->code[C_END] = nx_secure_dtls_session_end(s, NX_NO_WAIT);
    c->code[C_RESET] = nx_secure_dtls_session_reset(s);
    c->code[C_DELETE] = nx_secure_dtls_session_delete(s);
    c->code[C_START] =
        nx_secure_dtls_client_session_start(s, &cli.socket, &s->nx_secure_dtls_remote_ip_address,
                                            s->nx_secure_dtls_remote_port, NX_NO_WAIT);
    c->code[C_LEGACY_START] = nx_secure_dtls_session_start(s, &cli.socket, NX_TRUE, NX_NO_WAIT);
    c->code[C_TRUSTED_REMOVE] = nx_secure_dtls_session_trusted_certificate_remove(s, NULL, 0, 1);
    c->code[C_LOCAL_REMOVE] = nx_secure_dtls_session_local_certificate_remove(s, NULL, 0, 1);
    /* Another session is not this handshake's: its services run as usual. */
    c->code[C_OTHER_REMOVE] = nx_secure_dtls_session_trusted_certificate_remove(&other, NULL, 0, 1);
    return NX_SUCCESS;
}

/* Indexes of server_calls.code. */
enum {
    S_ALERT,
    S_INFO,
    S_TRUSTED_ADD,
    S_PSK,
    S_NOTIFY,
    S_ECC,
    S_VERIFY,
    S_TIME,
    S_STOP,
    S_DELETE,
    S_START,
    S_LOCAL_REMOVE,
    S_TRUSTED_REMOVE,
    S_SLOT_REMOVE,
    S_RESET,
    S_SESSION_START,
    S_RECEIVE,
    S_END,
    S_OTHER_SLOT_RESET,
    S_COUNT
};

static ULONG server_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert)
{
    NX_SECURE_DTLS_SESSION *s = dtls_of(session);
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    struct calls *c = &server_calls;
    UINT level = 0;
    UINT value = 0;
    NXD_ADDRESS peer;
    UINT peer_port = 0;
    UINT local_port = 0;
    NX_PACKET *p = NULL;
    (void)cert;
    pthread_mutex_lock(&c->lock);
    c->runs++;
    c->code[S_ALERT] = nx_secure_tls_session_alert_value_get(session, &level, &value);
    c->code[S_INFO] = nx_secure_dtls_session_client_info_get(s, &peer, &peer_port, &local_port);
    c->peer_port = peer_port;
    c->chain = remote_count(session);
    c->trusted_shown = session->nx_secure_tls_credentials.nx_secure_tls_certificate_store
                           .nx_secure_x509_trusted_certificates == &s_ec_root.cert;
    c->code[S_TRUSTED_ADD] =
        nx_secure_dtls_server_trusted_certificate_add(server, &s_extra.cert, 9);
    c->code[S_PSK] = nx_secure_dtls_server_psk_add(server, psk, sizeof psk, psk_id, 2, NX_NULL, 0);
    c->code[S_NOTIFY] =
        nx_secure_dtls_server_notify_set(server, harness_disconnect_notify, harness_error_notify);
    c->code[S_ECC] = nx_secure_dtls_server_ecc_initialize(
        server, nx_crypto_ecc_supported_groups, (USHORT)nx_crypto_ecc_supported_groups_size,
        nx_crypto_ecc_curves);
    c->code[S_VERIFY] = nx_secure_dtls_server_x509_client_verify_configure(
        server, 3, verify_buffer, (ULONG)sizeof verify_buffer);
    c->code[S_TIME] = nx_secure_tls_session_time_function_set(session, time_now);
    c->code[S_STOP] = nx_secure_dtls_server_stop(server);
    c->code[S_DELETE] = nx_secure_dtls_server_delete(server);
    c->code[S_START] = nx_secure_dtls_server_start(server);
    c->code[S_LOCAL_REMOVE] = nx_secure_dtls_server_local_certificate_remove(server, NULL, 0, 1);
    c->code[S_TRUSTED_REMOVE] =
        nx_secure_dtls_server_trusted_certificate_remove(server, NULL, 0, 1);
    c->code[S_SLOT_REMOVE] = nx_secure_dtls_session_trusted_certificate_remove(s, NULL, 0, 1);
    c->code[S_RESET] = nx_secure_dtls_session_reset(s);
    c->code[S_SESSION_START] = nx_secure_dtls_server_session_start(s, NX_NO_WAIT);
    c->code[S_RECEIVE] = nx_secure_dtls_session_receive(s, &p, NX_NO_WAIT);
    c->code[S_END] = nx_secure_dtls_session_end(s, NX_NO_WAIT);
    /* Another slot (free) of the same server: reset works (the server lock is this thread's). */
    NX_SECURE_DTLS_SESSION *free_slot = s == &server->nx_dtls_server_sessions[0]
                                            ? &server->nx_dtls_server_sessions[1]
                                            : &server->nx_dtls_server_sessions[0];
    c->code[S_OTHER_SLOT_RESET] = nx_secure_dtls_session_reset(free_slot);
    pthread_mutex_unlock(&c->lock);
    return NX_SUCCESS;
}

static void calls_reset(struct calls *c)
{
    pthread_mutex_lock(&c->lock);
    c->runs = 0;
    for (size_t i = 0; i < 32; i++) {
        c->code[i] = 0xFFFF;
    }
    c->chain = 0;
    c->trusted_shown = false;
    c->peer_port = 0;
    pthread_mutex_unlock(&c->lock);
}

static struct calls calls_get(struct calls *c)
{
    struct calls copy;
    pthread_mutex_lock(&c->lock);
    copy = *c;
    pthread_mutex_unlock(&c->lock);
    return copy;
}

/* One handshake: RSA chain from the server, EC chain from the client; both callbacks do everything. */
static void inside_callbacks(NXD_ADDRESS *addr)
{
    EXPECT_OK(harness_server_create(&hs, &ip, 2, NX_ANY_PORT, &nx_crypto_tls_ciphers,
                                    CERT_REASSEMBLY, 0));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &s_rsa_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &s_rsa_int.cert, 2));
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&hs.server, &s_ec_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_configure(&hs.server, 3, verify_buffer,
                                                                 (ULONG)sizeof verify_buffer));
    for (UINT i = 0; i < 2; i++) {
        EXPECT_OK(nx_secure_tls_session_certificate_callback_set(
            &hs.server.nx_dtls_server_sessions[i].nx_secure_dtls_tls_session, server_callback));
    }
    EXPECT_OK(harness_server_run(&hs));
    UINT port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;

    EXPECT_OK(cert_client_open(&cli, &ip, &nx_crypto_tls_ciphers, 4, sizeof cli.remote));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&cli.session, &c_rsa_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_ec_int.cert, 2));
    EXPECT_OK(nx_secure_tls_session_certificate_callback_set(
        &cli.session.nx_secure_dtls_tls_session, client_callback));
    EXPECT_OK(nx_secure_dtls_session_create(&other, &nx_crypto_tls_ciphers, other_meta,
                                            sizeof other_meta, other_reasm, sizeof other_reasm, 0,
                                            NULL, 0));
    calls_reset(&client_calls);
    calls_reset(&server_calls);
    unsigned before = cert_server_starts(&hs);
    EXPECT_OK(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, addr, port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(cert_server_wait_start(&hs, before));

    struct calls c = calls_get(&client_calls);
    EXPECT(c.runs == 1);
    for (int i = C_ALERT; i <= C_ALLOCATE; i++) {
        EXPECT_CODE(c.code[i], NX_SUCCESS);
    }
    for (int i = C_RECEIVE; i <= C_LOCAL_REMOVE; i++) {
        EXPECT_CODE(c.code[i], NX_CALLER_ERROR);
    }
    EXPECT_CODE(c.code[C_OTHER_REMOVE], NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT(c.chain == 2);
    EXPECT(c.peer_port == port);
    /* The settings made inside the callback stayed. */
    EXPECT(cli.session.nx_secure_dtls_tls_session.nx_secure_tls_session_time_function == time_now);
    EXPECT(c_extra.cert.nx_secure_x509_store_owner != NULL);

    struct calls s = calls_get(&server_calls);
    EXPECT(s.runs == 1);
    for (int i = S_ALERT; i <= S_TIME; i++) {
        EXPECT_CODE(s.code[i], NX_SUCCESS);
    }
    for (int i = S_STOP; i <= S_END; i++) {
        EXPECT_CODE(s.code[i], NX_CALLER_ERROR);
    }
    EXPECT_CODE(s.code[S_OTHER_SLOT_RESET], NX_SUCCESS);
    EXPECT(s.chain == 2);
    EXPECT(s.trusted_shown);
    UINT client_port = 0;
    EXPECT_OK(nx_udp_socket_port_get(&cli.socket, &client_port));
    EXPECT(s.peer_port == client_port);
    /* The slots' own stores are empty again: the server's lists were only shown. */
    for (UINT i = 0; i < 2; i++) {
        const NX_SECURE_X509_CERTIFICATE_STORE *st =
            &hs.server.nx_dtls_server_sessions[i]
                 .nx_secure_dtls_tls_session.nx_secure_tls_credentials
                 .nx_secure_tls_certificate_store;
        EXPECT(st->nx_secure_x509_trusted_certificates == NULL &&
               st->nx_secure_x509_remote_certificates == NULL &&
               st->nx_secure_x509_local_certificates == NULL);
    }

    /* The association works. */
    static const char line[] = "after the callbacks";
    EXPECT_OK(harness_send(&cli.session, &pool, line, sizeof line - 1, addr, port));
    EXPECT_OK(harness_receive(&cli.session, line, sizeof line - 1, 5 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(nx_secure_dtls_session_end(&cli.session, 5 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(nx_secure_dtls_session_delete(&other));
    cert_client_close(&cli);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
    harness_server_close(&hs);
    EXPECT(c_extra.cert.nx_secure_x509_store_owner == NULL);
    EXPECT(s_extra.cert.nx_secure_x509_store_owner == NULL);
}

/* A time function set on one slot is the server's: the client's certificate is expired in 2100. */
static void server_time_function(NXD_ADDRESS *addr)
{
    EXPECT_OK(harness_server_create(&hs, &ip, 2, NX_ANY_PORT, &nx_crypto_tls_ciphers,
                                    CERT_REASSEMBLY, 0));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &s_rsa_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &s_rsa_int.cert, 2));
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&hs.server, &s_ec_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_configure(&hs.server, 3, verify_buffer,
                                                                 (ULONG)sizeof verify_buffer));
    EXPECT_OK(nx_secure_tls_session_time_function_set(
        &hs.server.nx_dtls_server_sessions[1].nx_secure_dtls_tls_session, time_2100));
    EXPECT_OK(harness_server_run(&hs));
    UINT port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
    EXPECT_OK(cert_client_open(&cli, &ip, &nx_crypto_tls_ciphers, 4, sizeof cli.remote));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&cli.session, &c_rsa_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_ec_int.cert, 2));
    unsigned before = cert_server_starts(&hs);
    /* The server's hello also carries 2100 in its random; the client does not care. */
    EXPECT_CODE(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, addr, port,
                                                    10 * NX_IP_PERIODIC_RATE),
                NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT_CODE(cert_server_wait_start(&hs, before), NX_SECURE_X509_CERTIFICATE_EXPIRED);
    cert_client_close(&cli);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    harness_server_close(&hs);
}

int main(void)
{
    alarm(300); /* a deadlock fails the test instead of hanging it */
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_OK(pki_load(&s_rsa_leaf, "rsa-leaf", "rsa-leaf.key"));
    EXPECT_OK(pki_load(&s_rsa_int, "rsa-int", NULL));
    EXPECT_OK(pki_load(&s_ec_root, "ec-root", NULL));
    EXPECT_OK(pki_load(&s_rsa_root, "rsa-root", NULL));
    EXPECT_OK(pki_load(&s_extra, "rsa-root", NULL));
    EXPECT_OK(pki_load(&c_rsa_root, "rsa-root", NULL));
    EXPECT_OK(pki_load(&c_ec_leaf, "ec-leaf", "ec-leaf.key"));
    EXPECT_OK(pki_load(&c_ec_int, "ec-int", NULL));
    EXPECT_OK(pki_load(&c_extra, "ec-root", NULL));
    long n = test_read_file(PKI "rsa-int.crl.der", crl, sizeof crl);
    EXPECT(n > 0);
    crl_len = n > 0 ? (UINT)n : 0;
    ULONG avail = netx_peek_pool_available(&pool);

    NXD_ADDRESS lo4 = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    NXD_ADDRESS lo6 = harness_v6_loopback();
    inside_callbacks(&lo4);
    inside_callbacks(&lo6);
    server_time_function(&lo4);

    HARNESS_WAIT_UNTIL(netx_peek_pool_available(&pool) == avail);
    EXPECT(netx_peek_pool_available(&pool) == avail);
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/dtls_cert_callback");
}
