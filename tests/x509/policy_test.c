/* SPDX-License-Identifier: MIT */
/* policy_test: the certificate policy of x509_chain_verify over tests/vectors/x509/policy
 * (make-policy-pki.sh), each case with its exact code:
 * - trust anchors taken as given (RFC 5280 6.1.1 d): a self-issued v1 root and a root whose
 *   basicConstraints is not critical anchor a path, while an untrusted intermediate of either kind is refused;
 * - legacy cryptography: SHA-1 signatures below the anchor (RFC 9155) and RSA keys under 2048 bits
 *   anywhere on the path (SP 800-131A) are refused unless X509_CHAIN_ALLOW_LEGACY (or the build macro
 *   NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES) allows them; an anchor's own SHA-1 self-signature is not judged;
 * - keyUsage is a handshake matter (dtls_peer.c): chains of leaves with any keyUsage still verify here. */
#include <string.h>

#include "crypto/crypto_tables.h"
#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

#define POLICY    "vectors/x509/policy/"
#define NOW       1735689600u /* 2025-01-01T00:00:00Z, inside the 2024..2099 validity */
#define MAX_CERTS 32

static uint8_t ders[MAX_CERTS][4096];
static NX_SECURE_X509_CERT certs[MAX_CERTS];
static const char *names[MAX_CERTS];
static size_t ncerts;
static uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];
static uint64_t now = NOW;
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
    snprintf(path, sizeof path, POLICY "%s.der", name);
    long n = test_read_file(path, ders[ncerts], sizeof ders[0]);
    if (n <= 0 || x509_certificate_parse(&certs[ncerts], ders[ncerts], (size_t)n) != NX_SUCCESS) {
        fprintf(stderr, "cannot load %s\n", path);
        test_failed++;
        memset(&certs[ncerts], 0, sizeof certs[0]);
    }
    names[ncerts] = name;
    return &certs[ncerts++];
}

/* verify checks leaf (with at most one intermediate) against the single trust anchor `root`. */
static UINT verify(const char *root, const char *leaf, const char *inter, unsigned flags)
{
    NX_SECURE_X509_CERTIFICATE_STORE store;
    memset(&store, 0, sizeof store);
    /* A fresh copy of the anchor each time: a certificate is on one list of one store at a time. */
    static NX_SECURE_X509_CERT anchor;
    anchor = *cert(root);
    anchor.nx_secure_x509_next_certificate = NX_NULL;
    UINT st = x509_store_add(&store, X509_STORE_TRUSTED, &anchor, 1);
    if (st != NX_SUCCESS) {
        return st;
    }
    const NX_SECURE_X509_CERT *inters[1] = {inter != NULL ? cert(inter) : NULL};
    return x509_chain_verify(table, table_size, &store, cert(leaf), inters, inter != NULL ? 1 : 0,
                             now, flags, scratch, sizeof scratch);
}

#define SERVER X509_CHAIN_SERVER_AUTH
#define LEGACY X509_CHAIN_ALLOW_LEGACY

static void anchors_as_given(void)
{
    EXPECT(cert("v1-root")->nx_secure_x509_version == 0);
    EXPECT(cert("ncbc-root")->nx_secure_x509_basic_constraints_present &&
           !cert("ncbc-root")->nx_secure_x509_basic_constraints_critical);
    /* Before trust anchors were taken as given both failed with NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C). */
    EXPECT_OK(verify("v1-root", "v1-leaf", NULL, SERVER));
    EXPECT_OK(verify("ncbc-root", "ncbc-leaf", NULL, SERVER));
    /* The same certificates as untrusted intermediates keep the full CA profile. */
    EXPECT_CODE(verify("pol-ec-root", "ncbc-int-leaf", "ncbc-int", SERVER),
                NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    EXPECT_CODE(verify("pol-rsa-root", "v1-int-leaf", "v1-int", SERVER),
                NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    /* Trusted themselves they are anchors, taken as given: the intermediate with non-critical
     * basicConstraints anchors; a v1 certificate anchors only when self-issued (a root), as in OpenSSL. */
    EXPECT_OK(verify("ncbc-int", "ncbc-int-leaf", NULL, SERVER));
    EXPECT_CODE(verify("v1-int", "v1-int-leaf", NULL, SERVER), NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    /* An anchor still has to be valid at the time of the check (2100-01-02: the whole PKI has expired, and
     * the leaf is checked first; with the leaf valid for longer the anchor's own period would decide). */
    now = 4102531200u;
    EXPECT_CODE(verify("v1-root", "v1-leaf", NULL, SERVER), NX_SECURE_X509_CERTIFICATE_EXPIRED);
    now = NOW;
    /* Nothing else is relaxed: the v1 root is no issuer of an unrelated leaf. */
    EXPECT_CODE(verify("v1-root", "ku-rsa-sign", NULL, SERVER), NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
}

static void legacy_refused_by_default(void)
{
#ifdef NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES
    /* Built to allow legacy certificates for every verification: the flag makes no difference. */
    EXPECT_OK(verify("pol-ec-root", "sha1-ec-leaf", NULL, SERVER));
    EXPECT_OK(verify("pol-rsa-root", "rsa1024-leaf", NULL, SERVER));
#else
    /* Before the legacy policy the SHA-1 leaves and the RSA-1024 leaf verified. */
    EXPECT_CODE(verify("pol-ec-root", "sha1-ec-leaf", NULL, SERVER), NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM);
    EXPECT_CODE(verify("pol-rsa-root", "sha1-rsa-leaf", NULL, SERVER),
                NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM);
    EXPECT_CODE(verify("pol-rsa-root", "rsa1024-leaf", NULL, SERVER), NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    /* Below the anchor: an intermediate's SHA-1 signature, an intermediate's RSA-1024 key. */
    EXPECT_CODE(verify("pol-ec-root", "sha1-int-leaf", "sha1-int", SERVER),
                NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM);
    EXPECT_CODE(verify("pol-rsa-root", "rsa1024-int-leaf", "rsa1024-int", SERVER),
                NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    /* An RSA-1024 anchor cannot make a strong signature either. */
    EXPECT_CODE(verify("rsa1024-int", "rsa1024-int-leaf", NULL, SERVER), NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
#endif
    /* The anchor's own SHA-1 self-signature is never judged (RFC 9155 is about what is verified). */
    EXPECT(cert("sha1-root")->nx_secure_x509_signature_hash == NX_CRYPTO_HASH_SHA1);
    EXPECT_OK(verify("sha1-root", "sha1-root-leaf", NULL, SERVER));
    /* The legacy switch lets each of them through. */
    EXPECT_OK(verify("pol-ec-root", "sha1-ec-leaf", NULL, SERVER | LEGACY));
    EXPECT_OK(verify("pol-rsa-root", "sha1-rsa-leaf", NULL, SERVER | LEGACY));
    EXPECT_OK(verify("pol-rsa-root", "rsa1024-leaf", NULL, SERVER | LEGACY));
    EXPECT_OK(verify("pol-ec-root", "sha1-int-leaf", "sha1-int", SERVER | LEGACY));
    EXPECT_OK(verify("pol-rsa-root", "rsa1024-int-leaf", "rsa1024-int", SERVER | LEGACY));
    EXPECT_OK(verify("rsa1024-int", "rsa1024-int-leaf", NULL, SERVER | LEGACY));
    /* It relaxes nothing else: the SHA-1 leaf under the wrong root is still unknown. */
    EXPECT_CODE(verify("pol-rsa-root", "sha1-ec-leaf", NULL, SERVER | LEGACY),
                NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
}

static void key_usage_not_a_chain_matter(void)
{
    /* The chain code checks keyUsage only against cA (RFC 5280 4.2.1.3, 4.2.1.9); what the key may do in a
     * handshake is the engine's check (tests/dtls/cert_policy_test.c). */
    const char *ec[] = {"ku-ec-keyagree", "ku-ec-keyenc", "ku-ec-sign", "ku-ec-ca"};
    for (size_t i = 0; i < 4; i++) {
        EXPECT_OK(verify("pol-ec-root", ec[i], NULL, SERVER));
    }
    EXPECT_OK(verify("pol-rsa-root", "ku-rsa-keyenc", NULL, SERVER));
    EXPECT_OK(verify("pol-rsa-root", "ku-rsa-sign", NULL, SERVER));
    EXPECT(cert("ku-ec-keyagree")->nx_secure_x509_key_usage == NX_SECURE_X509_KEY_USAGE_KEY_AGREEMENT);
    EXPECT(cert("ku-rsa-keyenc")->nx_secure_x509_key_usage == NX_SECURE_X509_KEY_USAGE_KEY_ENCIPHERMENT);
    EXPECT(cert("ku-ec-ca")->nx_secure_x509_is_ca);
}

int main(void)
{
    table = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table;
    table_size = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size;
    anchors_as_given();
    legacy_refused_by_default();
    key_usage_not_a_chain_matter();
    return test_finish("x509/policy");
}
