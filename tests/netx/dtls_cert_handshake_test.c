/* SPDX-License-Identifier: MIT */
/* dtls_cert_handshake_test.c: certificate handshakes through the NetX API, client session and server in one
 * process over loopback (127.0.0.1 and ::1), with the test PKI (tests/vectors/x509/pki):
 *   - RSA and P-256 chains with an intermediate (the server sends leaf + intermediate, added as local
 *     certificates without a key), the server picking its identity by suite (RSA key transport,
 *     ECDHE-ECDSA, ECDHE-RSA), the client's remote-certificate slots holding the chain;
 *   - client certificates required (x509_client_verify_configure) and present, absent (the server refuses
 *     with 0x132), refused by the server's certificate callback, more than the slots per session (0x12D),
 *     and client_verify_disable;
 *   - the client refusing: expired (system clock by default, docs/netx-api.md 10 D4) and not-yet-valid
 *     (time function), untrusted, self-signed though trusted (0x11A), wrong host (SNI and the callback's DNS check), its certificate callback
 *     returning an error (that code), too few or too small remote slots (0x12D) and none (0x129).
 * Each refusal checks the exact code on the refusing side and the alert's code (0x114) on the other. */
#include <stdbool.h>
#include <unistd.h>

#include "netx_cert_harness.h"

static uint64_t pool_memory[400 * 1600 / 8];
static NX_PACKET_POOL pool;
static NX_IP ip;
static CHAR name[] = "dtls_cert_handshake_test";
static struct harness_server hs;
static struct cert_client cli;

/* The server's certificates and the client's (one structure belongs to one store at a time). */
static struct pki_cert s_rsa_leaf, s_rsa_int, s_ec_leaf, s_ec_int, s_expired, s_expired_int,
    s_rogue, s_rsa_root, s_ec_root;
static struct pki_cert c_rsa_root, c_ec_root, c_ec_leaf, c_ec_int, c_rsa_leaf, c_rsa_int,
    c_netx_root;
static struct pki_cert s_self, c_self;

static UCHAR verify_buffer[4 * 3 * CERT_SLOT_BYTES];

/* What a certificate callback saw. The server's runs on the I/O thread: read it under the lock. */
struct seen {
    pthread_mutex_t lock;
    unsigned calls;
    NX_SECURE_TLS_SESSION *session;
    UINT public_algorithm;
    UINT dns;             /* nx_secure_x509_common_name_dns_check(leaf, "localhost") */
    size_t chain;         /* certificates in the session store's remote list during the call */
    ULONG verdict;        /* what the callback returns */
    const char *dns_name; /* when set, the callback returns the DNS check against it */
};

static struct seen client_seen = {.lock = PTHREAD_MUTEX_INITIALIZER};
static struct seen server_seen = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void seen_reset(struct seen *s, ULONG verdict, const char *dns_name)
{
    pthread_mutex_lock(&s->lock);
    s->calls = 0;
    s->session = NULL;
    s->public_algorithm = 0;
    s->dns = NX_NOT_SUCCESSFUL;
    s->chain = 0;
    s->verdict = verdict;
    s->dns_name = dns_name;
    pthread_mutex_unlock(&s->lock);
}

static ULONG seen_record(struct seen *s, NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert)
{
    static const UCHAR localhost[] = "localhost";
    pthread_mutex_lock(&s->lock);
    s->calls++;
    s->session = session;
    s->public_algorithm = cert->nx_secure_x509_public_algorithm;
    s->dns = nx_secure_x509_common_name_dns_check(cert, localhost, sizeof localhost - 1);
    size_t n = 0;
    for (NX_SECURE_X509_CERT *c = session->nx_secure_tls_credentials.nx_secure_tls_certificate_store
                                      .nx_secure_x509_remote_certificates;
         c != NULL && n < 16; c = c->nx_secure_x509_next_certificate) {
        n++;
    }
    s->chain = n;
    ULONG verdict = s->verdict;
    if (s->dns_name != NULL) {
        verdict = nx_secure_x509_common_name_dns_check(cert, (const UCHAR *)s->dns_name,
                                                       (UINT)strlen(s->dns_name));
    }
    pthread_mutex_unlock(&s->lock);
    return verdict;
}

static ULONG client_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert)
{
    return seen_record(&client_seen, session, cert);
}

static ULONG server_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *cert)
{
    return seen_record(&server_seen, session, cert);
}

static struct seen seen_get(struct seen *s)
{
    pthread_mutex_lock(&s->lock);
    struct seen copy = *s;
    pthread_mutex_unlock(&s->lock);
    return copy;
}

/* ---- set-up ---- */

static ULONG time_2100(VOID)
{
    return 4102444800UL; /* 2100-01-01: after every leaf's notAfter (2099-12-31) */
}

static ULONG time_2020(VOID)
{
    return 1577836800UL; /* 2020-01-01: before every leaf's notBefore (2024-01-01) */
}

/* server_open creates the echo server over table; locals are added in order (identities with their key,
 * intermediates without); the callback is set on slot 0 only (the others share it). */
static void server_open(const NX_SECURE_TLS_CRYPTO *table, struct pki_cert **locals, size_t n)
{
    EXPECT_OK(harness_server_create(&hs, &ip, 4, NX_ANY_PORT, table, CERT_REASSEMBLY, 0));
    for (size_t i = 0; i < n; i++) {
        EXPECT_OK(
            nx_secure_dtls_server_local_certificate_add(&hs.server, &locals[i]->cert, (UINT)i + 1));
    }
    EXPECT_OK(nx_secure_dtls_server_ecc_initialize(&hs.server, nx_crypto_ecc_supported_groups,
                                                   (USHORT)nx_crypto_ecc_supported_groups_size,
                                                   nx_crypto_ecc_curves));
    EXPECT_OK(nx_secure_tls_session_certificate_callback_set(
        &hs.server.nx_dtls_server_sessions[0].nx_secure_dtls_tls_session, server_callback));
}

static void server_verify(UINT per_session)
{
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&hs.server, &s_ec_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&hs.server, &s_rsa_root.cert, 2));
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_configure(
        &hs.server, per_session, verify_buffer, (ULONG)(4 * per_session * CERT_SLOT_BYTES)));
}

static UINT server_port(void)
{
    return hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
}

/* client_open makes the client over table trusting root (may be NULL), with its callback. */
static void client_open(const NX_SECURE_TLS_CRYPTO *table, struct pki_cert *root, UINT slots,
                        ULONG remote_size)
{
    EXPECT_OK(cert_client_open(&cli, &ip, table, slots, remote_size));
    if (root != NULL) {
        EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&cli.session, &root->cert, 1));
    }
    EXPECT_OK(nx_secure_dtls_ecc_initialize(&cli.session, nx_crypto_ecc_supported_groups,
                                            (USHORT)nx_crypto_ecc_supported_groups_size,
                                            nx_crypto_ecc_curves));
    EXPECT_OK(nx_secure_tls_session_certificate_callback_set(
        &cli.session.nx_secure_dtls_tls_session, client_callback));
}

static UINT client_start(NXD_ADDRESS *addr)
{
    return nx_secure_dtls_client_session_start(&cli.session, &cli.socket, addr, server_port(),
                                               10 * NX_IP_PERIODIC_RATE);
}

static USHORT client_suite(void)
{
    const NX_SECURE_TLS_CIPHERSUITE_INFO *row =
        cli.session.nx_secure_dtls_tls_session.nx_secure_tls_session_ciphersuite;
    return row != NULL ? row->nx_secure_tls_ciphersuite : 0;
}

/* echo sends a line and expects it back, then closes: the server's application ends the slot. */
static void echo_and_close(NXD_ADDRESS *addr)
{
    static const char line[] = "certificate echo";
    EXPECT_OK(harness_send(&cli.session, &pool, line, sizeof line - 1, addr, server_port()));
    EXPECT_OK(harness_receive(&cli.session, line, sizeof line - 1, 5 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(nx_secure_dtls_session_end(&cli.session, 5 * NX_IP_PERIODIC_RATE));
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
}

static void close_all(void)
{
    cert_client_close(&cli);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    harness_server_close(&hs);
}

/* good_handshake: a chain the client trusts; suite and what the client's callback saw. */
static void good_handshake(NXD_ADDRESS *addr, const NX_SECURE_TLS_CRYPTO *server_table,
                           struct pki_cert **locals, size_t n,
                           const NX_SECURE_TLS_CRYPTO *client_table, struct pki_cert *root,
                           USHORT want_suite, UINT want_key)
{
    server_open(server_table, locals, n);
    EXPECT_OK(harness_server_run(&hs));
    client_open(client_table, root, CERT_CLIENT_SLOTS, sizeof cli.remote);
    seen_reset(&client_seen, NX_SUCCESS, NULL);
    unsigned before = cert_server_starts(&hs);
    EXPECT_OK(client_start(addr));
    EXPECT_OK(cert_server_wait_start(&hs, before));
    EXPECT_CODE(client_suite(), want_suite);
    struct seen s = seen_get(&client_seen);
    EXPECT(s.calls == 1);
    EXPECT(s.session == &cli.session.nx_secure_dtls_tls_session);
    EXPECT_CODE(s.public_algorithm, want_key);
    EXPECT_OK(s.dns);
    EXPECT(s.chain == 2); /* leaf and intermediate, as received */
    /* The chain is shown in the store only during the callback. */
    EXPECT(cli.session.nx_secure_dtls_tls_session.nx_secure_tls_credentials
               .nx_secure_tls_certificate_store.nx_secure_x509_remote_certificates == NULL);
    echo_and_close(addr);
    close_all();
}

static void chains(NXD_ADDRESS *addr)
{
    struct pki_cert *rsa[] = {&s_rsa_leaf, &s_rsa_int};
    struct pki_cert *ec[] = {&s_ec_leaf, &s_ec_int};
    struct pki_cert *both[] = {&s_rsa_leaf, &s_rsa_int, &s_ec_leaf, &s_ec_int};
    /* RSA key transport: the first row of nx_crypto_tls_ciphers, TLS_RSA_WITH_AES_128_GCM_SHA256. */
    good_handshake(addr, &nx_crypto_tls_ciphers, rsa, 2, &nx_crypto_tls_ciphers, &c_rsa_root,
                   0x009C, NX_SECURE_TLS_X509_TYPE_RSA);
    /* ECDHE-ECDSA: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (RFC 5289). */
    good_handshake(addr, &nx_crypto_tls_ciphers_ecc, ec, 2, &nx_crypto_tls_ciphers_ecc, &c_ec_root,
                   0xC02B, NX_SECURE_TLS_X509_TYPE_EC);
    /* ECDHE-RSA with only an RSA identity: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. */
    good_handshake(addr, &nx_crypto_tls_ciphers_ecc, rsa, 2, &nx_crypto_tls_ciphers_ecc,
                   &c_rsa_root, 0xC02F, NX_SECURE_TLS_X509_TYPE_RSA);
    /* Both identities: the server picks the one the suite needs (docs/netx-api.md 7.7). */
    good_handshake(addr, &nx_crypto_tls_ciphers_ecc, both, 4, &nx_crypto_tls_ciphers, &c_rsa_root,
                   0x009C, NX_SECURE_TLS_X509_TYPE_RSA);
    good_handshake(addr, &nx_crypto_tls_ciphers_ecc, both, 4, &nx_crypto_tls_ciphers_ecc,
                   &c_ec_root, 0xC02B, NX_SECURE_TLS_X509_TYPE_EC);
}

/* ---- client certificates ---- */

static void client_cert(NXD_ADDRESS *addr, struct pki_cert *leaf, struct pki_cert *inter,
                        UINT want_key)
{
    struct pki_cert *ec[] = {&s_ec_leaf, &s_ec_int};
    server_open(&nx_crypto_tls_ciphers_ecc, ec, 2);
    server_verify(3);
    EXPECT_OK(harness_server_run(&hs));
    client_open(&nx_crypto_tls_ciphers_ecc, &c_ec_root, CERT_CLIENT_SLOTS, sizeof cli.remote);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &leaf->cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &inter->cert, 2));
    seen_reset(&server_seen, NX_SUCCESS, NULL);
    unsigned before = cert_server_starts(&hs);
    EXPECT_OK(client_start(addr));
    EXPECT_OK(cert_server_wait_start(&hs, before));
    struct seen s = seen_get(&server_seen);
    EXPECT(s.calls == 1);
    EXPECT_CODE(s.public_algorithm, want_key);
    EXPECT_OK(s.dns);
    EXPECT(s.chain == 2);
    /* The callback got the slot's own TLS session. */
    bool a_slot = false;
    for (UINT i = 0; i < hs.server.nx_dtls_server_sessions_count; i++) {
        a_slot |= s.session == &hs.server.nx_dtls_server_sessions[i].nx_secure_dtls_tls_session;
    }
    EXPECT(a_slot);
    echo_and_close(addr);
    close_all();
}

/* client_cert_refused: the server verifies; the client's handshake ends with client_code, the server's
 * with server_code. */
static void client_cert_refused(NXD_ADDRESS *addr, UINT per_session, bool with_cert,
                                ULONG server_verdict, UINT client_code, UINT server_code)
{
    struct pki_cert *rsa[] = {&s_rsa_leaf, &s_rsa_int};
    server_open(&nx_crypto_tls_ciphers, rsa, 2);
    server_verify(per_session);
    EXPECT_OK(harness_server_run(&hs));
    client_open(&nx_crypto_tls_ciphers, &c_rsa_root, CERT_CLIENT_SLOTS, sizeof cli.remote);
    if (with_cert) {
        EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_rsa_leaf.cert, 1));
        EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&cli.session, &c_rsa_int.cert, 2));
    }
    seen_reset(&server_seen, server_verdict, NULL);
    unsigned before = cert_server_starts(&hs);
    EXPECT_CODE(client_start(addr), client_code);
    EXPECT_CODE(cert_server_wait_start(&hs, before), server_code);
    /* The server's application reset the failed slot (docs/netx-api.md 8.2). */
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
    close_all();
}

/* After client_verify_disable a client without a certificate is served. */
static void verify_disabled(NXD_ADDRESS *addr)
{
    struct pki_cert *rsa[] = {&s_rsa_leaf, &s_rsa_int};
    server_open(&nx_crypto_tls_ciphers, rsa, 2);
    server_verify(3);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_disable(&hs.server));
    EXPECT_OK(harness_server_run(&hs));
    client_open(&nx_crypto_tls_ciphers, &c_rsa_root, CERT_CLIENT_SLOTS, sizeof cli.remote);
    unsigned before = cert_server_starts(&hs);
    EXPECT_OK(client_start(addr));
    EXPECT_OK(cert_server_wait_start(&hs, before));
    echo_and_close(addr);
    close_all();
}

/* ---- the client refuses the server ---- */

/* refused: the server presents locals; the client (its set-up done by setup) fails with client_code and
 * sends a fatal alert, so the server's handshake fails with NX_SECURE_TLS_ALERT_RECEIVED. */
static void refused(NXD_ADDRESS *addr, const NX_SECURE_TLS_CRYPTO *table, struct pki_cert **locals,
                    size_t n, struct pki_cert *root, UINT slots, ULONG remote_size,
                    ULONG (*time_fn)(VOID), const char *sni, ULONG verdict, const char *dns_name,
                    UINT client_code, unsigned want_calls)
{
    server_open(table, locals, n);
    EXPECT_OK(harness_server_run(&hs));
    client_open(table, root, slots, remote_size);
    if (time_fn != NULL) {
        EXPECT_OK(nx_secure_tls_session_time_function_set(&cli.session.nx_secure_dtls_tls_session,
                                                          time_fn));
    }
    if (sni != NULL) {
        NX_SECURE_X509_DNS_NAME dns;
        EXPECT_OK(
            nx_secure_x509_dns_name_initialize(&dns, (const UCHAR *)sni, (USHORT)strlen(sni)));
        EXPECT_OK(
            nx_secure_tls_session_sni_extension_set(&cli.session.nx_secure_dtls_tls_session, &dns));
    }
    seen_reset(&client_seen, verdict, dns_name);
    unsigned before = cert_server_starts(&hs);
    EXPECT_CODE(client_start(addr), client_code);
    EXPECT_CODE(cert_server_wait_start(&hs, before), NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(seen_get(&client_seen).calls == want_calls);
    /* A failed start leaves nothing to send on. */
    EXPECT_CODE(harness_send(&cli.session, &pool, "x", 1, addr, server_port()),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    close_all();
}

/* A self-signed server certificate the client trusts: refused with NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT
 * unless the library was built with NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES (docs/netx-api.md 1.3), which
 * accepts exactly this case (the same certificate in the trusted store). */
static void self_signed(NXD_ADDRESS *addr)
{
    struct pki_cert *self[] = {&s_self};
#ifdef NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES
    server_open(&nx_crypto_tls_ciphers_ecc, self, 1);
    EXPECT_OK(harness_server_run(&hs));
    client_open(&nx_crypto_tls_ciphers_ecc, &c_self, CERT_CLIENT_SLOTS, sizeof cli.remote);
    unsigned before = cert_server_starts(&hs);
    EXPECT_OK(client_start(addr));
    EXPECT_OK(cert_server_wait_start(&hs, before));
    echo_and_close(addr);
    close_all();
#else
    refused(addr, &nx_crypto_tls_ciphers_ecc, self, 1, &c_self, 4, sizeof cli.remote, NULL, NULL, 0,
            NULL, NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT, 0);
#endif
}

static void refusals(NXD_ADDRESS *addr)
{
    const NX_SECURE_TLS_CRYPTO *rsa_t = &nx_crypto_tls_ciphers;
    const NX_SECURE_TLS_CRYPTO *ec_t = &nx_crypto_tls_ciphers_ecc;
    struct pki_cert *rsa[] = {&s_rsa_leaf, &s_rsa_int};
    struct pki_cert *expired[] = {&s_expired, &s_expired_int};
    struct pki_cert *rogue[] = {&s_rogue};
    ULONG all = sizeof cli.remote;
    /* Expired, with no time function: the system clock (D4). */
    refused(addr, ec_t, expired, 2, &c_netx_root, 4, all, NULL, NULL, 0, NULL,
            NX_SECURE_X509_CERTIFICATE_EXPIRED, 0);
    /* The application's clock decides: after notAfter, before notBefore. */
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 4, all, time_2100, NULL, 0, NULL,
            NX_SECURE_X509_CERTIFICATE_EXPIRED, 0);
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 4, all, time_2020, NULL, 0, NULL,
            NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID, 0);
    /* Untrusted: a root the client does not have; a rogue root nobody trusts. */
    refused(addr, ec_t, rsa, 2, &c_ec_root, 4, all, NULL, NULL, 0, NULL,
            NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, 0);
    refused(addr, ec_t, rogue, 1, &c_netx_root, 4, all, NULL, NULL, 0, NULL,
            NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, 0);
    self_signed(addr);
    /* Wrong host: the SNI name is checked by the library, another name by the callback's DNS check. */
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 4, all, NULL, "other.example.org", 0, NULL,
            NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH, 0);
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 4, all, NULL, NULL, 0, "other.example.org",
            NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH, 1);
    /* The callback's own code ends the handshake (docs/netx-api.md 3.4). */
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 4, all, NULL, NULL, NX_SECURE_X509_KEY_USAGE_ERROR,
            NULL, NX_SECURE_X509_KEY_USAGE_ERROR, 1);
    /* Remote slots: one for a chain of two; two too small for an RSA certificate; none at all. */
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 1, CERT_SLOT_BYTES, NULL, NULL, 0, NULL,
            NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE, 0);
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 2,
            (ULONG)(2 * (sizeof(NX_SECURE_X509_CERT) + 8 + NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE)),
            NULL, NULL, 0, NULL, NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE, 0);
    refused(addr, rsa_t, rsa, 2, &c_rsa_root, 0, 0, NULL, NULL, 0, NULL,
            NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED, 0);
}

static void client_certs(NXD_ADDRESS *addr)
{
    client_cert(addr, &c_ec_leaf, &c_ec_int, NX_SECURE_TLS_X509_TYPE_EC);
    client_cert(addr, &c_rsa_leaf, &c_rsa_int, NX_SECURE_TLS_X509_TYPE_RSA);
    /* Required and absent: RFC 5246 7.4.6 empty Certificate, refused with bad_certificate. */
    client_cert_refused(addr, 3, false, NX_SUCCESS, NX_SECURE_TLS_ALERT_RECEIVED,
                        NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED);
    /* One slot per session for a chain of two. */
    client_cert_refused(addr, 1, true, NX_SUCCESS, NX_SECURE_TLS_ALERT_RECEIVED,
                        NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE);
    /* The server's certificate callback says no. */
    client_cert_refused(addr, 3, true, NX_SECURE_X509_KEY_USAGE_ERROR, NX_SECURE_TLS_ALERT_RECEIVED,
                        NX_SECURE_X509_KEY_USAGE_ERROR);
    verify_disabled(addr);
}

static void load_all(void)
{
    EXPECT_OK(pki_load(&s_rsa_leaf, "rsa-leaf", "rsa-leaf.key"));
    EXPECT_OK(pki_load(&s_rsa_int, "rsa-int", NULL));
    EXPECT_OK(pki_load(&s_ec_leaf, "ec-leaf", "ec-leaf.key"));
    EXPECT_OK(pki_load(&s_ec_int, "ec-int", NULL));
    /* The shared PKI keeps no keys for its expired and rogue leaves: tests/netx/pki has them. */
    EXPECT_OK(pki_load_from(&s_expired, NETX_PKI, "expired", "expired.key"));
    EXPECT_OK(pki_load_from(&s_expired_int, NETX_PKI, "int", NULL));
    EXPECT_OK(pki_load_from(&s_rogue, NETX_PKI, "rogue", "rogue.key"));
    EXPECT_OK(pki_load_from(&c_netx_root, NETX_PKI, "root", NULL));
    EXPECT_OK(pki_load(&s_rsa_root, "rsa-root", NULL));
    EXPECT_OK(pki_load(&s_ec_root, "ec-root", NULL));
    EXPECT_OK(pki_load(&c_rsa_root, "rsa-root", NULL));
    EXPECT_OK(pki_load(&c_ec_root, "ec-root", NULL));
    EXPECT_OK(pki_load(&c_ec_leaf, "ec-leaf", "ec-leaf.key"));
    EXPECT_OK(pki_load(&c_ec_int, "ec-int", NULL));
    EXPECT_OK(pki_load(&c_rsa_leaf, "rsa-leaf", "rsa-leaf.key"));
    EXPECT_OK(pki_load(&c_rsa_int, "rsa-int", NULL));
    EXPECT_OK(pki_load(&s_self, "self-leaf", "self-leaf.key"));
    EXPECT_OK(pki_load(&c_self, "self-leaf", NULL));
}

int main(void)
{
    /* A deadlock would otherwise hang until ctest's limit: fail fast instead. */
    alarm(300);
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    load_all();
    ULONG avail = netx_peek_pool_available(&pool);

    NXD_ADDRESS lo4 = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    NXD_ADDRESS lo6 = harness_v6_loopback();
    chains(&lo4);
    chains(&lo6);
    client_certs(&lo4);
    client_certs(&lo6);
    refusals(&lo4);
    refusals(&lo6);

    HARNESS_WAIT_UNTIL(netx_peek_pool_available(&pool) == avail);
    EXPECT(netx_peek_pool_available(&pool) == avail);
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/dtls_cert_handshake");
}
