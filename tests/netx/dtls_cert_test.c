/* SPDX-License-Identifier: MIT */
/* dtls_cert_test.c: the certificate services of the NetX DTLS API with certificates of the test PKI, every
 * success path and every documented failure code (docs/netx-api.md 3.2, 3.3):
 *   - session and server local / trusted add and remove: NX_PTR_ERROR, NX_SECURE_TLS_SESSION_UNINITIALIZED,
 *     NX_INVALID_PARAMETERS (cert_id 0, the same structure twice, a structure already in another store),
 *     NX_SECURE_TLS_CERT_ID_DUPLICATE (0x139, both lists: 10 C11), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
 *     (0x119, by id and by common name), removal by common name, a removed structure free again, and every
 *     structure free again once its session or server is deleted;
 *   - a server slot's certificate services feed the server's shared store;
 *   - session_create's remote-certificate buffer checks and x509_client_verify_configure / _disable's;
 *   - removing and re-adding the server's identity while it runs, then a handshake. */
#include "netx_cert_harness.h"

static uint64_t pool_memory[200 * 1600 / 8];
static NX_PACKET_POOL pool;
static NX_IP ip;
static CHAR name[] = "dtls_cert_test";

static struct pki_cert rsa_leaf, rsa_int, rsa_root, ec_leaf, ec_int, ec_root;
static NX_SECURE_DTLS_SESSION s1, s2, never;
static uint64_t meta1[8192 / 8], meta2[8192 / 8];
static UCHAR reasm1[4096], reasm2[4096];
static uint64_t remote[4 * CERT_SLOT_BYTES / 8 + 1];

typedef UINT (*add_fn)(NX_SECURE_DTLS_SESSION *, NX_SECURE_X509_CERT *, UINT);
typedef UINT (*remove_fn)(NX_SECURE_DTLS_SESSION *, UCHAR *, UINT, UINT);
typedef UINT (*server_add_fn)(NX_SECURE_DTLS_SERVER *, NX_SECURE_X509_CERT *, UINT);
typedef UINT (*server_remove_fn)(NX_SECURE_DTLS_SERVER *, UCHAR *, UINT, UINT);

static UCHAR localhost[] = "localhost";

/* session_list checks one of a session's two lists: add(a) and add(b) to s1, then every code. */
static void session_list(add_fn add, remove_fn rem, add_fn other_add, struct pki_cert *a,
                         struct pki_cert *b)
{
    UINT un = NX_SECURE_TLS_SESSION_UNINITIALIZED;
    EXPECT_CODE(add(NULL, &a->cert, 1), NX_PTR_ERROR);
    EXPECT_CODE(add(&s1, NULL, 1), NX_PTR_ERROR);
    EXPECT_CODE(add(&never, &a->cert, 1), un);
    EXPECT_CODE(rem(NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(rem(&never, NULL, 0, 1), un);
    EXPECT_CODE(add(&s1, &a->cert, 0), NX_INVALID_PARAMETERS);
    EXPECT_OK(add(&s1, &a->cert, 1));
    EXPECT(a->cert.nx_secure_x509_cert_identifier == 1);
    /* The same structure again (any id), into the other list, into another session. */
    EXPECT_CODE(add(&s1, &a->cert, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(other_add(&s1, &a->cert, 7), NX_INVALID_PARAMETERS);
    EXPECT_CODE(add(&s2, &a->cert, 1), NX_INVALID_PARAMETERS);
    EXPECT_CODE(add(&s1, &b->cert, 1), NX_SECURE_TLS_CERT_ID_DUPLICATE);
    EXPECT_OK(add(&s1, &b->cert, 2));
    /* Removal: unknown id; cert_id 0 names by CN (NULL CN then is NX_PTR_ERROR); unknown CN. */
    EXPECT_CODE(rem(&s1, NULL, 0, 3), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(rem(&s1, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(rem(&s1, (UCHAR *)(uintptr_t) "nobody", 6, 0), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(rem(&s1, NULL, 0, 2));
    EXPECT_CODE(rem(&s1, NULL, 0, 2), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    /* b is free again: another session takes it. */
    EXPECT_OK(add(&s2, &b->cert, 9));
    EXPECT_OK(rem(&s2, NULL, 0, 9));
    /* By common name: a's subject CN. */
    const NX_SECURE_X509_DISTINGUISHED_NAME *dn = &a->cert.nx_secure_x509_distinguished_name;
    EXPECT_OK(rem(&s1, (UCHAR *)(uintptr_t)dn->nx_secure_x509_common_name,
                  dn->nx_secure_x509_common_name_length, 0));
    EXPECT_CODE(rem(&s1, NULL, 0, 1), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(add(&s2, &a->cert, 1));
    EXPECT_OK(rem(&s2, NULL, 0, 1));
}

static void sessions(void)
{
    EXPECT_OK(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers_ecc, meta1, sizeof meta1,
                                            reasm1, sizeof reasm1, 0, NULL, 0));
    EXPECT_OK(nx_secure_dtls_session_create(&s2, &nx_crypto_tls_ciphers_ecc, meta2, sizeof meta2,
                                            reasm2, sizeof reasm2, 0, NULL, 0));
    session_list(nx_secure_dtls_session_local_certificate_add,
                 nx_secure_dtls_session_local_certificate_remove,
                 nx_secure_dtls_session_trusted_certificate_add, &rsa_leaf, &ec_leaf);
    session_list(nx_secure_dtls_session_trusted_certificate_add,
                 nx_secure_dtls_session_trusted_certificate_remove,
                 nx_secure_dtls_session_local_certificate_add, &rsa_root, &ec_root);
    /* Removing by CN takes the first match of the list only. */
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&s1, &rsa_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&s1, &ec_leaf.cert, 2));
    EXPECT_OK(nx_secure_dtls_session_local_certificate_remove(&s1, localhost, 9, 0));
    EXPECT(rsa_leaf.cert.nx_secure_x509_store_owner == NULL);
    EXPECT(ec_leaf.cert.nx_secure_x509_store_owner != NULL);
    EXPECT_CODE(nx_secure_dtls_session_local_certificate_remove(&s1, NULL, 0, 1),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    /* Deleting a session gives its structures back (they may join another store). */
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&s1, &ec_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_delete(&s1));
    EXPECT(ec_leaf.cert.nx_secure_x509_store_owner == NULL);
    EXPECT(ec_root.cert.nx_secure_x509_store_owner == NULL);
    EXPECT_OK(nx_secure_dtls_session_local_certificate_add(&s2, &ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&s2, &ec_root.cert, 1));
    EXPECT_OK(nx_secure_dtls_session_delete(&s2));
    EXPECT(ec_leaf.cert.nx_secure_x509_store_owner == NULL);
}

/* The remote-certificate buffer of session_create (docs/netx-api.md 3.2). */
static void remote_buffer(void)
{
    size_t min_slot =
        (sizeof(NX_SECURE_X509_CERT) + 7u) / 8u * 8u + NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE;
    UCHAR *buf = (UCHAR *)remote; /* 8-aligned */
    EXPECT_CODE(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                              reasm1, sizeof reasm1, 2, NULL, 4096),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                              reasm1, sizeof reasm1, 2, buf, 0),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                              reasm1, sizeof reasm1, 2, buf,
                                              (ULONG)(2 * min_slot - 1)),
                NX_INVALID_PARAMETERS);
    /* Less than a structure per slot. */
    EXPECT_CODE(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                              reasm1, sizeof reasm1, 3, buf,
                                              (ULONG)(3 * sizeof(NX_SECURE_X509_CERT))),
                NX_INVALID_PARAMETERS);
    /* An unaligned buffer loses its first bytes to alignment. */
    EXPECT_CODE(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                              reasm1, sizeof reasm1, 2, buf + 1,
                                              (ULONG)(2 * min_slot)),
                NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                            reasm1, sizeof reasm1, 2, buf, (ULONG)(2 * min_slot)));
    EXPECT_OK(nx_secure_dtls_session_delete(&s1));
    EXPECT_OK(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                            reasm1, sizeof reasm1, 2, buf + 1,
                                            (ULONG)(2 * min_slot + 7)));
    EXPECT_OK(nx_secure_dtls_session_delete(&s1));
    /* certs_number 0 ignores the buffer (PSK-only sessions). */
    EXPECT_OK(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                            reasm1, sizeof reasm1, 0, NULL, 0));
    EXPECT_OK(nx_secure_dtls_session_delete(&s1));
}

static NX_SECURE_DTLS_SESSION slots[3];
static uint64_t server_meta[3 * 6000 / 8];
static UCHAR server_reasm[3 * 4096];
static NX_SECURE_DTLS_SERVER server, server2, no_server;
static uint64_t verify_buf[3 * 2 * CERT_SLOT_BYTES / 8 + 1];

static UINT connect_cb(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *a, UINT port)
{
    (void)s;
    (void)a;
    (void)port;
    return NX_SUCCESS;
}

static UINT receive_cb(NX_SECURE_DTLS_SESSION *s)
{
    (void)s;
    return NX_SUCCESS;
}

static UINT server_create(NX_SECURE_DTLS_SERVER *srv, UINT n)
{
    ULONG meta = 0;
    (void)nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers_ecc, &meta);
    return nx_secure_dtls_server_create(srv, &ip, NX_ANY_PORT, NX_IP_PERIODIC_RATE, slots,
                                        n * (UINT)sizeof(NX_SECURE_DTLS_SESSION),
                                        &nx_crypto_tls_ciphers_ecc, server_meta, n * meta,
                                        server_reasm, n * 4096, connect_cb, receive_cb);
}

static void server_list(server_add_fn add, server_remove_fn rem, server_add_fn other_add,
                        add_fn slot_add, struct pki_cert *a, struct pki_cert *b)
{
    EXPECT_CODE(add(NULL, &a->cert, 1), NX_PTR_ERROR);
    EXPECT_CODE(add(&no_server, &a->cert, 1), NX_PTR_ERROR);
    EXPECT_CODE(add(&server, NULL, 1), NX_PTR_ERROR);
    EXPECT_CODE(rem(NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(rem(&no_server, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(rem(&server, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(add(&server, &a->cert, 0), NX_INVALID_PARAMETERS);
    EXPECT_OK(add(&server, &a->cert, 1));
    EXPECT_CODE(add(&server, &a->cert, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(other_add(&server, &a->cert, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(add(&server, &b->cert, 1), NX_SECURE_TLS_CERT_ID_DUPLICATE);
    /* A slot's session service adds to the same shared store (docs/netx-api.md 3.4: any slot). */
    EXPECT_CODE(slot_add(&slots[1], &b->cert, 1), NX_SECURE_TLS_CERT_ID_DUPLICATE);
    EXPECT_OK(slot_add(&slots[1], &b->cert, 2));
    EXPECT_CODE(add(&server, &b->cert, 3), NX_INVALID_PARAMETERS);
    EXPECT_CODE(rem(&server, NULL, 0, 4), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(rem(&server, (UCHAR *)(uintptr_t) "nobody", 6, 0),
                NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(rem(&server, NULL, 0, 2));
    const NX_SECURE_X509_DISTINGUISHED_NAME *dn = &a->cert.nx_secure_x509_distinguished_name;
    EXPECT_OK(rem(&server, (UCHAR *)(uintptr_t)dn->nx_secure_x509_common_name,
                  dn->nx_secure_x509_common_name_length, 0));
    EXPECT_CODE(rem(&server, NULL, 0, 1), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    /* Free again. */
    EXPECT_OK(add(&server, &a->cert, 1));
    EXPECT_OK(rem(&server, NULL, 0, 1));
}

/* nx_secure_dtls_server_x509_client_verify_configure / _disable (docs/netx-api.md 3.3). */
static void verify_configure(void)
{
    UCHAR *buf = (UCHAR *)verify_buf;
    size_t min_slot =
        (sizeof(NX_SECURE_X509_CERT) + 7u) / 8u * 8u + NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE;
    UINT n = server.nx_dtls_server_sessions_count;
    EXPECT(n == 3);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(NULL, 2, buf, 4096),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&no_server, 2, buf, 4096),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&server, 2, NULL, 4096),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&server, 0, buf, 4096),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&server, 2, buf, 0),
                NX_INVALID_PARAMETERS);
    /* Each of the 3 sessions needs 2 slots of at least min_slot bytes. */
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_configure(&server, 2, buf,
                                                                   (ULONG)(n * 2 * min_slot - 8)),
                NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_configure(&server, 2, buf,
                                                                 (ULONG)(n * 2 * min_slot)));
    EXPECT(server.nx_dtls_server_config.verify_client == 1);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_configure(&server, 2, buf,
                                                                 (ULONG)sizeof verify_buf));
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_disable(NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_dtls_server_x509_client_verify_disable(&no_server), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_disable(&server));
    EXPECT(server.nx_dtls_server_config.verify_client == 0);
    EXPECT_OK(nx_secure_dtls_server_x509_client_verify_disable(&server));
}

static void servers(void)
{
    memset(&no_server, 0, sizeof no_server);
    EXPECT_OK(server_create(&server, 3));
    server_list(nx_secure_dtls_server_local_certificate_add,
                nx_secure_dtls_server_local_certificate_remove,
                nx_secure_dtls_server_trusted_certificate_add,
                nx_secure_dtls_session_local_certificate_add, &rsa_leaf, &ec_leaf);
    server_list(nx_secure_dtls_server_trusted_certificate_add,
                nx_secure_dtls_server_trusted_certificate_remove,
                nx_secure_dtls_server_local_certificate_add,
                nx_secure_dtls_session_trusted_certificate_add, &rsa_root, &ec_root);
    /* A session's structure cannot join a server's store, nor the other way round. */
    EXPECT_OK(nx_secure_dtls_session_create(&s1, &nx_crypto_tls_ciphers, meta1, sizeof meta1,
                                            reasm1, sizeof reasm1, 0, NULL, 0));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&s1, &rsa_root.cert, 1));
    EXPECT_CODE(nx_secure_dtls_server_trusted_certificate_add(&server, &rsa_root.cert, 1),
                NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_server_trusted_certificate_add(&server, &ec_root.cert, 1));
    EXPECT_CODE(nx_secure_dtls_session_trusted_certificate_add(&s1, &ec_root.cert, 2),
                NX_INVALID_PARAMETERS);
    EXPECT_OK(nx_secure_dtls_session_delete(&s1));
    verify_configure();
    /* Deleting the server gives its structures back. */
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&server, &ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_delete(&server));
    EXPECT(ec_leaf.cert.nx_secure_x509_store_owner == NULL);
    EXPECT(ec_root.cert.nx_secure_x509_store_owner == NULL);
    EXPECT_OK(server_create(&server2, 3));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&server2, &ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_delete(&server2));
}

/* The identity removed and added again while the server runs (docs/netx-api.md 3.3: at least no crash), then
 * a handshake that uses it. */
static struct harness_server hs;
static struct cert_client cli;

static void remove_while_running(void)
{
    EXPECT_OK(harness_server_create(&hs, &ip, 2, NX_ANY_PORT, &nx_crypto_tls_ciphers_ecc,
                                    CERT_REASSEMBLY, 0));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &ec_leaf.cert, 1));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &ec_int.cert, 2));
    EXPECT_OK(harness_server_run(&hs));
    EXPECT_OK(nx_secure_dtls_server_local_certificate_remove(&hs.server, NULL, 0, 1));
    /* No identity: the server cannot do a certificate suite, and the client has no PSK. */
    EXPECT_OK(cert_client_open(&cli, &ip, &nx_crypto_tls_ciphers_ecc, 4, sizeof cli.remote));
    EXPECT_OK(nx_secure_dtls_session_trusted_certificate_add(&cli.session, &ec_root.cert, 1));
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    UINT port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;
    unsigned before = cert_server_starts(&hs);
    EXPECT_CODE(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo, port,
                                                    5 * NX_IP_PERIODIC_RATE),
                NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT_CODE(cert_server_wait_start(&hs, before), NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT_OK(nx_secure_dtls_server_local_certificate_add(&hs.server, &ec_leaf.cert, 1));
    before = cert_server_starts(&hs);
    EXPECT_OK(nx_secure_dtls_client_session_start(&cli.session, &cli.socket, &lo, port,
                                                  5 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(cert_server_wait_start(&hs, before));
    EXPECT_OK(nx_secure_dtls_session_end(&cli.session, 5 * NX_IP_PERIODIC_RATE));
    cert_client_close(&cli);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    harness_server_close(&hs);
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_OK(pki_load(&rsa_leaf, "rsa-leaf", "rsa-leaf.key"));
    EXPECT_OK(pki_load(&rsa_int, "rsa-int", NULL));
    EXPECT_OK(pki_load(&rsa_root, "rsa-root", NULL));
    EXPECT_OK(pki_load(&ec_leaf, "ec-leaf", "ec-leaf.key"));
    EXPECT_OK(pki_load(&ec_int, "ec-int", NULL));
    EXPECT_OK(pki_load(&ec_root, "ec-root", NULL));
    memset(&never, 0, sizeof never);

    sessions();
    remote_buffer();
    servers();
    remove_while_running();

    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/dtls_cert");
}
