/* SPDX-License-Identifier: MIT */
/* cert_request_test: CertificateRequest (RFC 5246 7.4.4) written and parsed, hostile bodies; which identity
 * certificate a server (by suite key, client groups, signature schemes and SNI) and a client (by the request)
 * present (docs/netx-api.md 7.7). */
#include "dtls/dtls_cert_request.h"

#include <string.h>

#include "cert_fixtures.h"
#include "dtls/dtls_cert_select.h"
#include "dtls/dtls_cert_verify.h"
#include "dtls/dtls_groups.h"
#include "test.h"

static struct fix_cert rsa, ec, ec384, root, ec_root, wild;

static void request_bytes(void)
{
    uint8_t buf[1024];
    struct wire_wr w = wire_wr_init(buf, sizeof buf);
    uint16_t mask = dtls_cert_verify_mask(dtls_sigalg_offered(), NX_CRYPTO_HASH_SHA256);
    EXPECT_OK(dtls_cert_request_write(&w, mask, NULL));
    /* types {rsa_sign, ecdsa_sign}; the SHA-256 schemes; no authorities. */
    static const uint8_t want[] = {0x02, 0x01, 0x40, 0x00, 0x06, 0x04, 0x03,
                                   0x08, 0x04, 0x04, 0x01, 0x00, 0x00};
    EXPECT(w.len == sizeof want);
    EXPECT_MEM(buf, want, sizeof want);
    struct dtls_cert_request req;
    EXPECT_OK(dtls_cert_request_parse(wire_rd_init(buf, w.len), &req));
    EXPECT(req.types == (DTLS_CERT_REQ_RSA | DTLS_CERT_REQ_ECDSA) && req.sigalgs == mask);

    /* With the trusted roots as authority names. */
    NX_SECURE_X509_CERTIFICATE_STORE store;
    memset(&store, 0, sizeof store);
    EXPECT_OK(x509_store_add(&store, X509_STORE_TRUSTED, &root.cert, 1));
    EXPECT_OK(x509_store_add(&store, X509_STORE_TRUSTED, &ec_root.cert, 2));
    w = wire_wr_init(buf, sizeof buf);
    EXPECT_OK(dtls_cert_request_write(&w, mask, &store));
    size_t names_at = sizeof want - 2;
    size_t names_len = 2 + root.cert.nx_secure_x509_subject_raw_length + 2 +
                       ec_root.cert.nx_secure_x509_subject_raw_length;
    EXPECT(w.len == names_at + 2 + names_len && wire_load_be(buf + names_at, 2) == names_len);
    EXPECT(wire_load_be(buf + names_at + 2, 2) == root.cert.nx_secure_x509_subject_raw_length);
    EXPECT_MEM(buf + names_at + 4, root.cert.nx_secure_x509_subject_raw,
               root.cert.nx_secure_x509_subject_raw_length);
    EXPECT_OK(dtls_cert_request_parse(wire_rd_init(buf, w.len), &req));
    EXPECT(req.sigalgs == mask);

    /* Hostile: every truncation, trailing byte, each vector empty or overstated. */
    for (size_t n = 0; n < w.len; n++) {
        EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(buf, n), &req),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    buf[w.len] = 0;
    EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(buf, w.len + 1), &req),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    static const uint8_t no_types[] = {0x00, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00};
    static const uint8_t no_algs[] = {0x01, 0x40, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t empty_name[] = {0x01, 0x40, 0x00, 0x02, 0x04,
                                         0x03, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t long_name[] = {0x01, 0x40, 0x00, 0x02, 0x04, 0x03,
                                        0x00, 0x03, 0x00, 0x05, 0x30};
    EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(no_types, sizeof no_types), &req),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(no_algs, sizeof no_algs), &req),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(empty_name, sizeof empty_name), &req),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_cert_request_parse(wire_rd_init(long_name, sizeof long_name), &req),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* Types we do not know (dss_sign 2, rsa_fixed_dh 3) are skipped. */
    static const uint8_t other_types[] = {0x03, 0x02, 0x03, 0x40, 0x00,
                                          0x02, 0x04, 0x03, 0x00, 0x00};
    EXPECT_OK(dtls_cert_request_parse(wire_rd_init(other_types, sizeof other_types), &req));
    EXPECT(req.types == DTLS_CERT_REQ_ECDSA);
    struct wire_wr tiny = wire_wr_init(buf, 8);
    EXPECT_CODE(dtls_cert_request_write(&tiny, mask, NULL), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
}

static void select_server(void)
{
    NX_SECURE_X509_CERTIFICATE_STORE store;
    memset(&store, 0, sizeof store);
    uint16_t all = dtls_sigalg_offered();
    EXPECT(dtls_cert_select_server(NULL, NX_SECURE_TLS_X509_TYPE_RSA, 0, all, NULL, 0) == NULL);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_RSA, 0, all, NULL, 0) == NULL);
    /* A CA without a key in the local list is never an identity. */
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &root.cert, 1));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &ec384.cert, 2));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &rsa.cert, 3));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &wild.cert, 4));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &ec.cert, 5));
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_RSA, 0, all, NULL, 0) ==
           &rsa.cert);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_RSA, 0, 0, NULL, 0) ==
           &rsa.cert);
    /* RSA key exchange needs no signature; ECDHE_RSA needs a PKCS#1 scheme the client takes. */
    size_t i0401 = 0;
    EXPECT(dtls_sigalg_find(0x0401, &i0401) != NULL);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_RSA, 0, (uint16_t)(1u << i0401),
                                   NULL, 0) == &rsa.cert);
    size_t i0804 = 0;
    EXPECT(dtls_sigalg_find(0x0804, &i0804) != NULL);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_RSA, 0, (uint16_t)(1u << i0804),
                                   NULL, 0) == NULL);
    /* EC: the first one, unless the client's groups exclude its curve (RFC 8422 5.1). */
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, 0, all, NULL, 0) ==
           &ec384.cert);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, dtls_groups_bit(23), all,
                                   NULL, 0) == &wild.cert);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, dtls_groups_bit(29), all,
                                   NULL, 0) == NULL);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC,
                                   dtls_groups_bit(24) | dtls_groups_bit(23), all, NULL,
                                   0) == &ec384.cert);
    /* SNI picks among those that qualify; an unknown name falls back to the first. */
    const uint8_t host[] = "a.example.test";
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, 0, all, host,
                                   sizeof host - 1) == &wild.cert);
    const uint8_t local[] = "localhost";
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, 0, all, local,
                                   sizeof local - 1) == &ec384.cert);
    const uint8_t other[] = "nowhere.invalid";
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, 0, all, other,
                                   sizeof other - 1) == &ec384.cert);
    EXPECT(dtls_cert_select_server(&store, NX_SECURE_TLS_X509_TYPE_EC, dtls_groups_bit(23), all,
                                   local, sizeof local - 1) == &ec.cert);
}

static void select_client(void)
{
    NX_SECURE_X509_CERTIFICATE_STORE store;
    memset(&store, 0, sizeof store);
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &root.cert, 1));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &rsa.cert, 2));
    EXPECT_OK(x509_store_add(&store, X509_STORE_LOCAL, &ec.cert, 3));
    struct dtls_cert_request req = {DTLS_CERT_REQ_RSA | DTLS_CERT_REQ_ECDSA, dtls_sigalg_offered()};
    const struct dtls_sigalg *alg = NULL;
    EXPECT(dtls_cert_select_client(&store, &req, NX_CRYPTO_HASH_SHA256, &alg) == &rsa.cert);
    EXPECT(alg != NULL && alg->scheme == 0x0401);
    EXPECT(dtls_cert_select_client(&store, &req, NX_CRYPTO_HASH_SHA384, &alg) == &rsa.cert);
    EXPECT(alg != NULL && alg->scheme == 0x0501);
    req.types = DTLS_CERT_REQ_ECDSA;
    EXPECT(dtls_cert_select_client(&store, &req, NX_CRYPTO_HASH_SHA256, &alg) == &ec.cert);
    EXPECT(alg != NULL && alg->scheme == 0x0403);
    /* Only RSA-PSS asked for: we cannot sign it, so no certificate (the client then sends an empty list). */
    size_t i0804 = 0;
    EXPECT(dtls_sigalg_find(0x0804, &i0804) != NULL);
    req.types = DTLS_CERT_REQ_RSA;
    req.sigalgs = (uint16_t)(1u << i0804);
    EXPECT(dtls_cert_select_client(&store, &req, NX_CRYPTO_HASH_SHA256, &alg) == NULL &&
           alg == NULL);
    req.types = 0;
    req.sigalgs = dtls_sigalg_offered();
    EXPECT(dtls_cert_select_client(&store, &req, NX_CRYPTO_HASH_SHA256, &alg) == NULL);
    EXPECT(dtls_cert_select_client(NULL, &req, NX_CRYPTO_HASH_SHA256, &alg) == NULL);
}

/* load_all (re)loads the fixtures: a structure belongs to one store at a time (x509_store.h). */
static void load_all(void)
{
    EXPECT_OK(fix_load(&rsa, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(fix_load(&ec, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT_OK(fix_load(&ec384, "ec384-leaf", "ec384-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT_OK(fix_load(&root, "rsa-root", NULL, 0));
    EXPECT_OK(fix_load(&ec_root, "ec-root", NULL, 0));
    /* The wildcard leaf (P-256, *.example.test) with the EC leaf's key: only selection looks at it. */
    EXPECT_OK(fix_load(&wild, "wild-good-leaf", NULL, 0));
    fix_borrow_key(&wild, &ec);
}

int main(void)
{
    load_all();
    request_bytes();
    load_all();
    select_server();
    load_all();
    select_client();
    return test_finish("dtls/cert_request");
}
