/* SPDX-License-Identifier: MIT */
/* cert_loopback_test: whole certificate handshakes between a client and a server nxdtls_conn in memory: every
 * certificate suite of the default ECC table, with RSA-2048 and P-256 chains through an intermediate CA, at MTU
 * 300 (the certificate flights are cut in fragments), with and without client certificates of either key type,
 * data both ways; and each refusal with its exact code and alert (docs/netx-api.md 7.7, 7.8). */
#include "cert_loop.h"
#include "dtls/dtls_conn_internal.h"
#include "test.h"

struct suite_case {
    uint16_t id;
    enum cert_id server;
};

static const struct suite_case suites[] = {
    {TLS_RSA_WITH_AES_128_CBC_SHA, ID_RSA},
    {TLS_RSA_WITH_AES_256_CBC_SHA, ID_RSA},
    {TLS_RSA_WITH_AES_128_CBC_SHA256, ID_RSA},
    {TLS_RSA_WITH_AES_128_GCM_SHA256, ID_RSA},
    {TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ID_EC},
    {TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ID_EC},
    {TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, ID_EC},
    {TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, ID_EC},
    {TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ID_RSA},
    {TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, ID_RSA},
    {TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, ID_RSA},
};

static void report(const char *what, uint16_t suite, const struct loop *l)
{
    fprintf(stderr, "%s %04x: client 0x%x server 0x%x\n", what, suite,
            nxdtls_conn_error(&l->client.conn), nxdtls_conn_error(&l->server.conn));
}

static void run(const struct suite_case *sc, enum cert_id client_id, uint16_t mtu, uint64_t seed)
{
    static struct cert_loop cl;
    struct loop *l = &cl.l;
    EXPECT_OK(cert_loop_setup(&cl, seed, sc->server, client_id));
    const uint16_t only[1] = {sc->id};
    l->client.cfg.ciphersuites = only;
    l->client.cfg.ciphersuite_count = 1;
    l->client.cfg.mtu = mtu;
    l->server.cfg.mtu = mtu;
    l->server.cfg.verify_client = client_id != ID_NONE;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT_OK(l->client.status);
    EXPECT_OK(l->server.status);
    if (!nxdtls_conn_is_established(&l->client.conn) ||
        !nxdtls_conn_is_established(&l->server.conn)) {
        report("handshake", sc->id, l);
        EXPECT(0);
        loop_free(l);
        return;
    }
    const NX_SECURE_TLS_CIPHERSUITE_INFO *cs = nxdtls_conn_ciphersuite(&l->client.conn);
    EXPECT(cs != NULL && cs->nx_secure_tls_ciphersuite == sc->id);
    /* The server's chain (leaf and intermediate) is in the client's slots; the client's in the server's. */
    NX_SECURE_X509_CERT *leaf = nxdtls_conn_peer_certificate(&l->client.conn, 0);
    EXPECT(leaf != NULL &&
           leaf->nx_secure_x509_certificate_raw_data_length == cl.server.leaf.der_len);
    EXPECT(nxdtls_conn_peer_certificate(&l->client.conn, 1) != NULL);
    EXPECT(nxdtls_conn_peer_certificate(&l->client.conn, 2) == NULL);
    NX_SECURE_X509_CERT *cleaf = nxdtls_conn_peer_certificate(&l->server.conn, 0);
    EXPECT(client_id == ID_NONE
               ? cleaf == NULL
               : cleaf != NULL &&
                     cleaf->nx_secure_x509_certificate_raw_data_length == cl.client.leaf.der_len);
    /* At MTU 300 a flight of 2 KiB of certificates takes many datagrams. */
    if (mtu != 0) {
        EXPECT(l->server.datagrams >= 6);
        EXPECT(client_id == ID_NONE || l->client.datagrams >= 6);
    }
    EXPECT_OK(loop_send(l, &l->client, "ping", 4));
    EXPECT(l->server.app_len == 4 && memcmp(l->server.app, "ping", 4) == 0);
    EXPECT_OK(loop_send(l, &l->server, "pong!", 5));
    EXPECT(l->client.app_len == 5 && memcmp(l->client.app, "pong!", 5) == 0);
    EXPECT(nxdtls_conn_dropped(&l->client.conn) == 0 && nxdtls_conn_dropped(&l->server.conn) == 0);
    loop_free(l);
}

/* expect_refusal runs a handshake that `side` must refuse with code, sending alert `alert` to the other. */
static void expect_refusal(struct cert_loop *cl, int client_refuses, UINT code, uint8_t alert)
{
    struct loop *l = &cl->l;
    EXPECT_OK(cert_loop_handshake(cl));
    loop_settle(l); /* a refusal of epoch-0 input comes when the retransmission timer fires */
    struct loop_peer *refuser = client_refuses ? &l->client : &l->server;
    struct loop_peer *other = client_refuses ? &l->server : &l->client;
    EXPECT_CODE(refuser->status, code);
    EXPECT_CODE(nxdtls_conn_error(&refuser->conn), code);
    EXPECT((refuser->events & NXDTLS_EVENT_FAILED) != 0);
    EXPECT_CODE(other->status, NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&other->conn, &level, &description);
    EXPECT(level == 2 && description == alert);
    if (level != 2 || description != alert) {
        fprintf(stderr, "  alert %u/%u, expected 2/%u\n", level, description, alert);
    }
    EXPECT(!nxdtls_conn_is_established(&l->client.conn) &&
           !nxdtls_conn_is_established(&l->server.conn));
    loop_free(l);
}

static void server_cert_refused(enum cert_id id, uint16_t suite, const char *name, UINT code,
                                uint8_t alert)
{
    static struct cert_loop cl;
    EXPECT_OK(cert_loop_setup(&cl, 40 + id, id, ID_NONE));
    const uint16_t only[1] = {suite};
    cl.l.client.cfg.ciphersuites = only;
    cl.l.client.cfg.ciphersuite_count = 1;
    if (name != NULL) {
        cl.l.client.cfg.server_name = (const uint8_t *)name;
        cl.l.client.cfg.server_name_len = strlen(name);
    }
    expect_refusal(&cl, 1, code, alert);
}

static void refusals(void)
{
    /* docs/netx-api.md 7.7 / 7.8: expired -> certificate_expired, untrusted -> unknown_ca, bad signature ->
     * bad_certificate, wrong host -> 0x195 (internal_error: 7.8 maps nothing for it). */
    server_cert_refused(ID_EXPIRED, TLS_RSA_WITH_AES_128_GCM_SHA256, NULL,
                        NX_SECURE_X509_CERTIFICATE_EXPIRED, 45);
    server_cert_refused(ID_ROGUE, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NULL,
                        NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, 48);
    server_cert_refused(ID_BADSIG, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NULL,
                        NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED, 42);
    server_cert_refused(ID_RSA, TLS_RSA_WITH_AES_128_CBC_SHA, "www.example.com",
                        NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH, 80);
    server_cert_refused(ID_EC, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, "127.0.0.2",
                        NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH, 80);

    /* A client with no trust anchor at all. */
    static struct cert_loop cl;
    EXPECT_OK(cert_loop_setup(&cl, 50, ID_RSA, ID_NONE));
    EXPECT_OK(x509_store_remove(&cl.client.store, X509_STORE_TRUSTED, NULL, 0, 1, NULL));
    EXPECT_OK(x509_store_remove(&cl.client.store, X509_STORE_TRUSTED, NULL, 0, 2, NULL));
    expect_refusal(&cl, 1, NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, 48);

    /* A verifying server and a client with no certificate: the client answers with an empty list. */
    EXPECT_OK(cert_loop_setup(&cl, 51, ID_EC, ID_NONE));
    cl.l.server.cfg.verify_client = 1;
    expect_refusal(&cl, 0, NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED, 42);
    /* ... or with an untrusted one, or an expired one. */
    EXPECT_OK(cert_loop_setup(&cl, 52, ID_RSA, ID_ROGUE));
    cl.l.server.cfg.verify_client = 1;
    expect_refusal(&cl, 0, NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, 48);
    EXPECT_OK(cert_loop_setup(&cl, 53, ID_EC, ID_EXPIRED));
    cl.l.server.cfg.verify_client = 1;
    expect_refusal(&cl, 0, NX_SECURE_X509_CERTIFICATE_EXPIRED, 45);

    /* A server without the remote-certificate slots cannot take the client's chain (docs/netx-api.md 7.7). */
    EXPECT_OK(cert_loop_setup(&cl, 54, ID_EC, ID_EC));
    cl.l.server.cfg.verify_client = 1;
    EXPECT_OK(loop_init_peers(&cl.l));
    EXPECT_OK(nxdtls_conn_set_remote_certificates(&cl.l.client.conn, cl.client.slots,
                                                  sizeof cl.client.slots, 4));
    EXPECT_OK(nxdtls_conn_connect(&cl.l.client.conn, cl.l.now));
    loop_settle(&cl.l);
    EXPECT_CODE(cl.l.server.status, NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED);
    loop_free(&cl.l);
    /* ... and a client with one slot cannot file a chain of two. */
    EXPECT_OK(cert_loop_setup(&cl, 55, ID_RSA, ID_NONE));
    EXPECT_OK(loop_init_peers(&cl.l));
    EXPECT_OK(nxdtls_conn_set_remote_certificates(&cl.l.client.conn, cl.client.slots,
                                                  sizeof cl.client.slots, 1));
    EXPECT_OK(nxdtls_conn_connect(&cl.l.client.conn, cl.l.now));
    loop_settle(&cl.l);
    EXPECT_CODE(cl.l.client.status, NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE);
    loop_free(&cl.l);
}

/* A signature changed on the way: ServerKeyExchange (the client refuses, decrypt_error) and CertificateVerify
 * (the server refuses, bad_certificate). Both travel in epoch 0, so the filter reaches them. */
static void bad_signatures(void)
{
    static struct cert_loop cl;
    struct cert_flip flip = {DTLS_HT_SERVER_KEY_EXCHANGE, 0, 3, 0};
    EXPECT_OK(cert_loop_setup(&cl, 60, ID_EC, ID_NONE));
    cl.l.filter = cert_flip_filter;
    cl.l.filter_ctx = &flip;
    expect_refusal(&cl, 1, NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR, 51);
    EXPECT(flip.done == 1);

    struct cert_flip flip_rsa = {DTLS_HT_SERVER_KEY_EXCHANGE, 0, 10, 0};
    EXPECT_OK(cert_loop_setup(&cl, 61, ID_RSA, ID_NONE));
    cl.l.filter = cert_flip_filter;
    cl.l.filter_ctx = &flip_rsa;
    expect_refusal(&cl, 1, NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR, 51);

    struct cert_flip cv = {DTLS_HT_CERTIFICATE_VERIFY, 1, 5, 0};
    EXPECT_OK(cert_loop_setup(&cl, 62, ID_RSA, ID_EC));
    cl.l.server.cfg.verify_client = 1;
    cl.l.filter = cert_flip_filter;
    cl.l.filter_ctx = &cv;
    expect_refusal(&cl, 0, NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE, 42);
    EXPECT(cv.done == 1);

    struct cert_flip cv_rsa = {DTLS_HT_CERTIFICATE_VERIFY, 1, 40, 0};
    EXPECT_OK(cert_loop_setup(&cl, 63, ID_EC, ID_RSA));
    cl.l.server.cfg.verify_client = 1;
    cl.l.filter = cert_flip_filter;
    cl.l.filter_ctx = &cv_rsa;
    expect_refusal(&cl, 0, NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE, 42);
}

/* The certificate callback sees the verified leaf; its verdict decides. */
struct verdict {
    ULONG answer;
    unsigned calls;
    UINT key_alg;
    nxdtls_conn *conn;
};

static ULONG callback(void *ctx, struct nxdtls_conn *conn, NX_SECURE_X509_CERT *leaf)
{
    struct verdict *v = ctx;
    v->calls++;
    v->key_alg = leaf->nx_secure_x509_public_algorithm;
    v->conn = conn;
    return v->answer;
}

static void certificate_callback(void)
{
    static struct cert_loop cl;
    struct verdict v = {NX_SUCCESS, 0, 0, NULL};
    EXPECT_OK(cert_loop_setup(&cl, 70, ID_EC, ID_RSA));
    cl.l.client.cfg.certificate_callback = callback;
    cl.l.client.cfg.certificate_callback_ctx = &v;
    cl.l.server.cfg.certificate_callback = callback;
    cl.l.server.cfg.certificate_callback_ctx = &v;
    cl.l.server.cfg.verify_client = 1;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn) && v.calls == 2);
    EXPECT(v.key_alg == NX_SECURE_TLS_X509_TYPE_RSA && v.conn == &cl.l.server.conn);
    loop_free(&cl.l);

    /* A code the alert table does not list ends the handshake with internal_error; one it lists, with its alert. */
    struct verdict no = {NX_SECURE_X509_EXTENSION_NOT_FOUND, 0, 0, NULL};
    EXPECT_OK(cert_loop_setup(&cl, 71, ID_EC, ID_NONE));
    cl.l.client.cfg.certificate_callback = callback;
    cl.l.client.cfg.certificate_callback_ctx = &no;
    expect_refusal(&cl, 1, NX_SECURE_X509_EXTENSION_NOT_FOUND, 80);
    EXPECT(no.calls == 1 && no.conn == &cl.l.client.conn);
    struct verdict ku = {NX_SECURE_X509_KEY_USAGE_ERROR, 0, 0, NULL};
    EXPECT_OK(cert_loop_setup(&cl, 72, ID_EC, ID_NONE));
    cl.l.client.cfg.certificate_callback = callback;
    cl.l.client.cfg.certificate_callback_ctx = &ku;
    expect_refusal(&cl, 1, NX_SECURE_X509_KEY_USAGE_ERROR, 43);
    EXPECT(ku.calls == 1);
}

/* Time: validity is judged at time_function's time; without one the client refuses unless told to skip. */
static ULONG year_2000(void)
{
    return 946684800u + 86400u; /* 2000-01-02: expired-leaf is valid then, the others not yet */
}

static void clock_rules(void)
{
    static struct cert_loop cl;
    EXPECT_OK(cert_loop_setup(&cl, 80, ID_EC, ID_NONE));
    cl.l.client.cfg.time_function = NULL;
    expect_refusal(&cl, 1, NX_SECURE_TLS_INVALID_STATE, 80);
    EXPECT_OK(cert_loop_setup(&cl, 81, ID_EC, ID_NONE));
    cl.l.client.cfg.time_function = NULL;
    cl.l.client.cfg.certificate_time_unchecked = 1;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn));
    loop_free(&cl.l);
    /* The skip wins over a clock: in 2000 the 2024 chain is not yet valid, yet accepted... */
    EXPECT_OK(cert_loop_setup(&cl, 82, ID_RSA, ID_NONE));
    cl.l.client.cfg.time_function = year_2000;
    cl.l.client.cfg.certificate_time_unchecked = 1;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn));
    loop_free(&cl.l);
    /* ... and refused without the skip (0x194: internal_error, docs/netx-api.md 7.8 does not map it). */
    EXPECT_OK(cert_loop_setup(&cl, 83, ID_RSA, ID_NONE));
    cl.l.client.cfg.time_function = year_2000;
    expect_refusal(&cl, 1, NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID, 80);
}

/* The server picks its identity per suite and per client (docs/netx-api.md 7.7): with an RSA and an EC identity, an
 * RSA-only client gets the RSA one, an ECDSA-only client the EC one. */
static void selection(void)
{
    static struct cert_loop cl;
    static struct fix_cert rsa2, rsa2_int;
    for (int ecdsa = 0; ecdsa < 2; ecdsa++) {
        EXPECT_OK(cert_loop_setup(&cl, 90 + (uint64_t)ecdsa, ID_EC, ID_NONE));
        EXPECT_OK(fix_load(&rsa2, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
        EXPECT_OK(fix_load(&rsa2_int, "rsa-int", NULL, 0));
        EXPECT_OK(x509_store_add(&cl.server.store, X509_STORE_LOCAL, &rsa2.cert, 20));
        EXPECT_OK(x509_store_add(&cl.server.store, X509_STORE_LOCAL, &rsa2_int.cert, 21));
        const uint16_t rsa_suite[1] = {TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
        const uint16_t ec_suite[1] = {TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        cl.l.client.cfg.ciphersuites = ecdsa ? ec_suite : rsa_suite;
        cl.l.client.cfg.ciphersuite_count = 1;
        EXPECT_OK(cert_loop_handshake(&cl));
        NX_SECURE_X509_CERT *leaf = nxdtls_conn_peer_certificate(&cl.l.client.conn, 0);
        EXPECT(leaf != NULL &&
               leaf->nx_secure_x509_public_algorithm ==
                   (ecdsa ? NX_SECURE_TLS_X509_TYPE_EC : NX_SECURE_TLS_X509_TYPE_RSA));
        loop_free(&cl.l);
    }
    /* Server preference: the default table order (AEAD and ECDHE first) against a client offering all. */
    EXPECT_OK(cert_loop_setup(&cl, 95, ID_EC, ID_NONE));
    EXPECT_OK(cert_loop_handshake(&cl));
    const NX_SECURE_TLS_CIPHERSUITE_INFO *cs = nxdtls_conn_ciphersuite(&cl.l.server.conn);
    EXPECT(cs != NULL && cs->nx_secure_tls_ciphersuite == TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    loop_free(&cl.l);
    /* ... or the configured one. */
    EXPECT_OK(cert_loop_setup(&cl, 96, ID_RSA, ID_NONE));
    const uint16_t prefer[2] = {TLS_RSA_WITH_AES_128_CBC_SHA,
                                TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384};
    cl.l.server.cfg.ciphersuites = prefer;
    cl.l.server.cfg.ciphersuite_count = 2;
    EXPECT_OK(cert_loop_handshake(&cl));
    cs = nxdtls_conn_ciphersuite(&cl.l.client.conn);
    EXPECT(cs != NULL && cs->nx_secure_tls_ciphersuite == TLS_RSA_WITH_AES_128_CBC_SHA);
    loop_free(&cl.l);
    /* A P-384 server key with a client that knows only P-256: no ECDSA suite can be completed. */
    EXPECT_OK(cert_loop_setup(&cl, 97, ID_EC384, ID_NONE));
    static const USHORT p256[1] = {23};
    static const NX_CRYPTO_METHOD *p256_curve[1] = {&crypto_method_ec_secp256};
    cl.l.client.cfg.groups = p256;
    cl.l.client.cfg.curves = p256_curve;
    cl.l.client.cfg.group_count = 1;
    expect_refusal(&cl, 0, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, 40);
    EXPECT_OK(cert_loop_setup(&cl, 98, ID_EC384, ID_EC384));
    cl.l.server.cfg.verify_client = 1;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn) &&
           nxdtls_conn_is_established(&cl.l.server.conn));
    loop_free(&cl.l);
}

int main(void)
{
    uint64_t seed = 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        run(&suites[i], ID_NONE, 300, seed++);
        run(&suites[i], ID_RSA, 300, seed++);
        run(&suites[i], ID_EC, 300, seed++);
        run(&suites[i], ID_EC, 0, seed++);
    }
    refusals();
    bad_signatures();
    certificate_callback();
    clock_rules();
    selection();
    return test_finish("dtls/cert_loopback");
}
