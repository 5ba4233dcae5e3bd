/* SPDX-License-Identifier: MIT */
/* chain_test: path validation (x509_chain.h) and CRLs (x509_crl.h) over the test PKI made by
 * scripts/make-test-pki.sh, with nxdtls's default X.509 table: one case per acceptance and rejection
 * path, each asserting its exact code. */
#include <string.h>

#include "crypto/crypto_tables.h"
#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_crl.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

#define PKI "vectors/x509/pki/"
#define NOW 1735689600u /* 2025-01-01T00:00:00Z */
#define MAX_CERTS 32

static uint8_t ders[MAX_CERTS][4096];
static NX_SECURE_X509_CERT certs[MAX_CERTS];
static const char *names[MAX_CERTS];
static size_t ncerts;
static uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];

static const NX_SECURE_X509_CRYPTO *table;
static size_t table_size;

static NX_SECURE_X509_CERT *cert(const char *name)
{
    for (size_t i = 0; i < ncerts; i++) {
        if (strcmp(names[i], name) == 0) {
            return &certs[i];
        }
    }
    char path[256];
    snprintf(path, sizeof path, PKI "%s.der", name);
    long n = test_read_file(path, ders[ncerts], sizeof ders[0]);
    if (n <= 0 || x509_certificate_parse(&certs[ncerts], ders[ncerts], (size_t)n) != NX_SUCCESS) {
        fprintf(stderr, "cannot load %s\n", path);
        test_failed++;
        memset(&certs[ncerts], 0, sizeof certs[0]);
    }
    names[ncerts] = name;
    return &certs[ncerts++];
}

static UINT verify3(NX_SECURE_X509_CERTIFICATE_STORE *store, const char *leaf, const char *i1, const char *i2,
                    const char *i3, uint64_t now, unsigned flags)
{
    const NX_SECURE_X509_CERT *inter[3];
    size_t n = 0;
    const char *in[3] = {i1, i2, i3};
    for (size_t i = 0; i < 3; i++) {
        if (in[i] != NULL) {
            inter[n++] = cert(in[i]);
        }
    }
    return x509_chain_verify(table, table_size, store, cert(leaf), inter, n, now, flags, scratch, sizeof scratch);
}

static UINT verify(NX_SECURE_X509_CERTIFICATE_STORE *store, const char *leaf, const char *i1, unsigned flags)
{
    return verify3(store, leaf, i1, NULL, NULL, NOW, flags);
}

static void trust(NX_SECURE_X509_CERTIFICATE_STORE *store, const char *name, UINT id)
{
    NX_SECURE_X509_CERT *c = cert(name);
    c->nx_secure_x509_store_owner = NULL;
    c->nx_secure_x509_next_certificate = NULL;
    EXPECT_OK(x509_store_add(store, X509_STORE_TRUSTED, c, id));
}

static void reset(NX_SECURE_X509_CERTIFICATE_STORE *store)
{
    NX_SECURE_X509_CERT *c;
    while ((c = x509_store_pop(store, X509_STORE_TRUSTED)) != NULL) {
    }
    while ((c = x509_store_pop(store, X509_STORE_REMOTE)) != NULL) {
    }
}

static void test_paths(void)
{
    NX_SECURE_X509_CERTIFICATE_STORE s;

    memset(&s, 0, sizeof s);
    trust(&s, "rsa-root", 1);
    trust(&s, "ec-root", 2);

    EXPECT_OK(verify(&s, "rsa-leaf", "rsa-int", 0));
    EXPECT_OK(verify(&s, "rsa-leaf", "rsa-int", X509_CHAIN_SERVER_AUTH | X509_CHAIN_CLIENT_AUTH));
    EXPECT_OK(verify(&s, "ec-leaf", "ec-int", X509_CHAIN_SERVER_AUTH));
    EXPECT_OK(verify(&s, "ec384-leaf", "ec-int", 0));
    EXPECT_OK(verify(&s, "rsa-pss-leaf", "rsa-int", 0));
    /* Order does not matter and unrelated certificates are ignored. */
    EXPECT_OK(verify3(&s, "rsa-leaf", "ec-int", "rogue-root", "rsa-int", NOW, 0));

    /* Validity: leaf, then boundaries (both inclusive). */
    EXPECT_CODE(verify(&s, "expired-leaf", "rsa-int", 0), NX_SECURE_X509_CERTIFICATE_EXPIRED);
    EXPECT_CODE(verify(&s, "notyet-leaf", "rsa-int", 0), NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID);
    EXPECT_OK(verify(&s, "expired-leaf", "rsa-int", X509_CHAIN_NO_TIME));
    EXPECT_OK(verify3(&s, "rsa-leaf", "rsa-int", NULL, NULL, 4102444799u, 0));
    EXPECT_CODE(verify3(&s, "rsa-leaf", "rsa-int", NULL, NULL, 4102444800u, 0), NX_SECURE_X509_CERTIFICATE_EXPIRED);
    EXPECT_OK(verify3(&s, "rsa-leaf", "rsa-int", NULL, NULL, 1704067200u, 0));
    EXPECT_CODE(verify3(&s, "rsa-leaf", "rsa-int", NULL, NULL, 1704067199u, 0),
                NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID);

    /* Untrusted issuer, missing intermediate, bad signature. */
    EXPECT_CODE(verify(&s, "rogue-leaf", "rogue-root", 0), NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(verify(&s, "rsa-leaf", NULL, 0), NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(verify(&s, "rsa-leaf", "ec-int", 0), NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(verify(&s, "rsa-leaf-badsig", "rsa-int", 0), NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED);

    /* Issuer not a CA; pathLen exceeded; depth limit. */
    EXPECT_CODE(verify3(&s, "notca-leaf", "rsa-leaf", "rsa-int", NULL, NOW, 0), NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    EXPECT_CODE(verify3(&s, "deep-leaf", "rsa-int2", "rsa-int", NULL, NOW, 0), NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    EXPECT_CODE(verify(&s, "rsa-leaf", "rsa-int", X509_CHAIN_MAX_INTERMEDIATES(0)), NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    EXPECT_OK(verify(&s, "rsa-leaf", "rsa-int", X509_CHAIN_MAX_INTERMEDIATES(1)));

    /* Wrong extended key usage. */
    EXPECT_CODE(verify(&s, "client-leaf", "ec-int", X509_CHAIN_SERVER_AUTH), NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND);
    EXPECT_OK(verify(&s, "client-leaf", "ec-int", X509_CHAIN_CLIENT_AUTH));

    /* Self-signed leaf: refused unless allowed AND trusted itself. */
    EXPECT_CODE(verify(&s, "self-leaf", NULL, X509_CHAIN_ALLOW_SELF_SIGNED), NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT);
    trust(&s, "self-leaf", 3);
#ifndef NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES
    EXPECT_CODE(verify(&s, "self-leaf", NULL, 0), NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT);
#endif
    EXPECT_OK(verify(&s, "self-leaf", NULL, X509_CHAIN_ALLOW_SELF_SIGNED));
    EXPECT_CODE(verify3(&s, "self-leaf", NULL, NULL, NULL, 1, X509_CHAIN_ALLOW_SELF_SIGNED),
                NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID);

    /* Intermediates from the store's remote list, as the engine files them (leaf first). */
    NX_SECURE_X509_CERT *rl = cert("rsa-leaf");
    NX_SECURE_X509_CERT *ri = cert("rsa-int");
    rl->nx_secure_x509_store_owner = NULL;
    ri->nx_secure_x509_store_owner = NULL;
    EXPECT_OK(x509_store_push(&s, X509_STORE_REMOTE, rl));
    EXPECT_CODE(x509_chain_verify_remote(table, table_size, &s, rl, NOW, 0, scratch, sizeof scratch),
                NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    EXPECT_OK(x509_store_push(&s, X509_STORE_REMOTE, ri));
    EXPECT_OK(x509_chain_verify_remote(table, table_size, &s, rl, NOW, X509_CHAIN_SERVER_AUTH, scratch, sizeof scratch));
    reset(&s);
    trust(&s, "rsa-root", 1);

    /* A trusted intermediate anchors the path by itself. */
    reset(&s);
    trust(&s, "rsa-int", 4);
    EXPECT_OK(verify(&s, "rsa-leaf", NULL, 0));
    EXPECT_CODE(verify(&s, "ec-leaf", "ec-int", 0), NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);

    /* Tables: no row for the algorithm; too little scratch; NULL arguments. */
    reset(&s);
    trust(&s, "ec-root", 2);
    const NX_SECURE_X509_CERT *inter[1] = {cert("ec-int")};
    EXPECT_CODE(x509_chain_verify(table, 0, &s, cert("ec-leaf"), inter, 1, NOW, 0, scratch, sizeof scratch),
                NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM);
    EXPECT_CODE(x509_chain_verify(table, table_size, &s, cert("ec-leaf"), inter, 1, NOW, 0, scratch, 8),
                NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    EXPECT_CODE(x509_chain_verify(table, table_size, NULL, cert("ec-leaf"), inter, 1, NOW, 0, scratch, 8), NX_PTR_ERROR);
    EXPECT_OK(x509_chain_verify(table, table_size, &s, cert("ec-leaf"), inter, 1, NOW, 0, (uint8_t *)scratch + 1,
                                sizeof scratch - 1));
    reset(&s);
}

static void test_crl(void)
{
    NX_SECURE_X509_CERTIFICATE_STORE s;
    static uint8_t crl[4096];
    static uint8_t m[4096];
    long n = test_read_file(PKI "rsa-int.crl.der", crl, sizeof crl);

    EXPECT(n > 0);
    memset(&s, 0, sizeof s);
    trust(&s, "rsa-root", 1);
    EXPECT_CODE(x509_crl_check(table, table_size, crl, (size_t)n, &s, cert("revoked-leaf"), scratch, sizeof scratch),
                NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    NX_SECURE_X509_CERT *ica = cert("rsa-int");
    ica->nx_secure_x509_store_owner = NULL;
    EXPECT_OK(x509_store_push(&s, X509_STORE_REMOTE, ica));
    EXPECT_CODE(x509_crl_check(table, table_size, crl, (size_t)n, &s, cert("revoked-leaf"), scratch, sizeof scratch),
                NX_SECURE_X509_CRL_CERTIFICATE_REVOKED);
    EXPECT_OK(x509_crl_check(table, table_size, crl, (size_t)n, &s, cert("rsa-leaf"), scratch, sizeof scratch));
    EXPECT_CODE(x509_crl_check(table, table_size, crl, (size_t)n, &s, cert("ec-leaf"), scratch, sizeof scratch),
                NX_SECURE_X509_CRL_ISSUER_MISMATCH);
    EXPECT_CODE(nx_secure_x509_crl_revocation_check(crl, (UINT)n, &s, cert("revoked-leaf")),
                NX_SECURE_X509_CRL_CERTIFICATE_REVOKED);
    EXPECT_OK(nx_secure_x509_crl_revocation_check(crl, (UINT)n, &s, cert("rsa-leaf")));
    EXPECT_CODE(nx_secure_x509_crl_revocation_check(NULL, (UINT)n, &s, cert("rsa-leaf")), NX_PTR_ERROR);
    memcpy(m, crl, (size_t)n);
    m[n - 1] ^= 0x01;
    EXPECT_CODE(x509_crl_check(table, table_size, m, (size_t)n, &s, cert("revoked-leaf"), scratch, sizeof scratch),
                NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED);
    memcpy(m, crl, (size_t)n);
    m[1] = 0x80;
    EXPECT_CODE(x509_crl_check(table, table_size, m, (size_t)n, &s, cert("revoked-leaf"), scratch, sizeof scratch),
                NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    size_t rejected = 0;
    for (size_t len = 0; len < (size_t)n; len++) {
        memcpy(m, crl, len);
        rejected += x509_crl_check(table, table_size, m, len, &s, cert("revoked-leaf"), scratch, sizeof scratch) !=
                            NX_SECURE_X509_CRL_CERTIFICATE_REVOKED
                        ? 1u
                        : 0u;
    }
    EXPECT(rejected == (size_t)n);
    for (size_t i = 0; i < (size_t)n; i++) {
        memcpy(m, crl, (size_t)n);
        m[i] ^= 0x41;
        /* Any code; ASan watches for the rest. A flip must never turn "revoked" into "valid". */
        UINT got = x509_crl_check(table, table_size, m, (size_t)n, &s, cert("revoked-leaf"), scratch, sizeof scratch);
        if (got == NX_SUCCESS) {
            test_failed++;
            fprintf(stderr, "CRL with byte %zu flipped says not revoked\n", i);
        }
    }
    reset(&s);
}

int main(void)
{
    table = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table;
    table_size = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size;
    test_paths();
    test_crl();
    return test_finish("x509/chain");
}
