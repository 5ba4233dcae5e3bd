/* SPDX-License-Identifier: MIT */
/* names_test: host name and IP checks (x509_dns.h, RFC 6125 wildcards), nx_secure_x509_dns_name_initialize,
 * PEM decoding and the certificate store lists. */
#include <string.h>

#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_dns.h"
#include "x509/x509_pem.h"
#include "x509/x509_store.h"

#define PKI "vectors/x509/pki/"

static size_t load(const char *name, uint8_t *out, size_t cap)
{
    char path[256];
    snprintf(path, sizeof path, PKI "%s", name);
    long n = test_read_file(path, out, cap);
    if (n <= 0) {
        fprintf(stderr, "cannot read %s\n", path);
        test_failed++;
        return 0;
    }
    return (size_t)n;
}

static UINT check(const NX_SECURE_X509_CERT *c, const char *name, unsigned flags)
{
    return x509_dns_check(c, (const UCHAR *)name, strlen(name), flags);
}

static UINT public_check(NX_SECURE_X509_CERT *c, const char *name)
{
    return nx_secure_x509_common_name_dns_check(c, (const UCHAR *)name, (UINT)strlen(name));
}

static void test_dns(void)
{
    static uint8_t der[4096];
    NX_SECURE_X509_CERT c;
    size_t n = load("rsa-leaf.der", der, sizeof der);

    EXPECT_OK(x509_certificate_parse(&c, der, n));
    EXPECT_OK(check(&c, "localhost", 0));
    EXPECT_OK(check(&c, "LocalHost", 0));
    EXPECT_OK(check(&c, "127.0.0.1", 0));
    EXPECT_OK(check(&c, "::1", 0));
    EXPECT_OK(check(&c, "0:0:0:0:0:0:0:1", 0));
    EXPECT_OK(public_check(&c, "localhost"));
    EXPECT_CODE(public_check(&c, "example.com"), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "localhost.", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "127.0.0.2", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "127.000.0.1", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "local_host", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(nx_secure_x509_common_name_dns_check(NULL, (const UCHAR *)"a", 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_x509_common_name_dns_check(&c, NULL, 1), NX_PTR_ERROR);

    n = load("wild-good-leaf.der", der, sizeof der);
    EXPECT_OK(x509_certificate_parse(&c, der, n));
    EXPECT_OK(check(&c, "a.example.test", 0));
    EXPECT_OK(check(&c, "XN-1.Example.TEST", 0));
    EXPECT_CODE(check(&c, "example.test", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "a.b.example.test", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "xn--bcher-kva.example.test", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, ".example.test", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(check(&c, "*.example.test", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    /* CN "wildcard good" is never a host name, and there are dNSNames anyway. */
    EXPECT_CODE(public_check(&c, "wildcard good"), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);

    /* *.test, f*o.example.test, foo.*.example.test, *, **.example.test, xn--*.example.test */
    n = load("wild-bad-leaf.der", der, sizeof der);
    EXPECT_OK(x509_certificate_parse(&c, der, n));
    static const char *const misuse[] = {"example.test", "a.test", "foo.example.test", "fo.example.test",
                                         "foo.x.example.test", "x", "test", "a.example.test",
                                         "xn--a.example.test", "xn--.example.test"};
    for (size_t i = 0; i < NXD_ARRAY_LEN(misuse); i++) {
        if (check(&c, misuse[i], X509_DNS_ALLOW_CN) != NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH) {
            test_failed++;
            fprintf(stderr, "wildcard misuse matched %s\n", misuse[i]);
        } else {
            test_passed++;
        }
    }

    /* The common name counts only when there is no dNSName, and only with X509_DNS_ALLOW_CN. */
    n = load("cn-only-leaf.der", der, sizeof der);
    EXPECT_OK(x509_certificate_parse(&c, der, n));
    EXPECT_OK(public_check(&c, "localhost"));
    EXPECT_CODE(check(&c, "localhost", 0), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    EXPECT_CODE(public_check(&c, "127.0.0.1"), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
}

static void test_ip_parse(void)
{
    uint8_t ip[16];
    size_t len;
    static const struct {
        const char *text;
        int ok;
        size_t len;
    } rows[] = {
        {"1.2.3.4", 1, 4},     {"255.255.255.255", 1, 4}, {"256.1.1.1", 0, 0},    {"01.2.3.4", 0, 0},
        {"1.2.3", 0, 0},       {"1.2.3.4.", 0, 0},        {"1.2.3.4.5", 0, 0},    {"::", 1, 16},
        {"::1", 1, 16},        {"1::", 1, 16},            {"1:2:3:4:5:6:7:8", 1, 16}, {"1:2:3:4:5:6:7:8:9", 0, 0},
        {"1::2::3", 0, 0},     {":1::", 0, 0},            {"1:", 0, 0},           {"::ffff:1.2.3.4", 1, 16},
        {"12345::", 0, 0},     {"1:2:3:4:5:6:7::", 1, 16}, {"g::", 0, 0},         {"", 0, 0},
    };
    for (size_t i = 0; i < NXD_ARRAY_LEN(rows); i++) {
        bool ok = x509_ip_parse((const UCHAR *)rows[i].text, strlen(rows[i].text), ip, &len);
        if (ok != (rows[i].ok != 0) || (ok && len != rows[i].len)) {
            test_failed++;
            fprintf(stderr, "x509_ip_parse(%s) gave %d\n", rows[i].text, ok);
        } else {
            test_passed++;
        }
    }
    EXPECT(x509_ip_parse((const UCHAR *)"::ffff:1.2.3.4", 14, ip, &len) && ip[10] == 0xFF && ip[12] == 1 && ip[15] == 4);
    EXPECT(x509_ip_parse((const UCHAR *)"2001:db8::1", 11, ip, &len) && ip[0] == 0x20 && ip[1] == 0x01 &&
           ip[3] == 0xB8 && ip[15] == 1 && ip[14] == 0);
}

static void test_dns_name_initialize(void)
{
    NX_SECURE_X509_DNS_NAME d;
    UCHAR longname[NX_SECURE_X509_DNS_NAME_MAX + 1];

    memset(longname, 'a', sizeof longname);
    EXPECT_OK(nx_secure_x509_dns_name_initialize(&d, (const UCHAR *)"example.com", 11));
    EXPECT(d.nx_secure_x509_dns_name_length == 11 && memcmp(d.nx_secure_x509_dns_name, "example.com", 11) == 0);
    EXPECT_OK(nx_secure_x509_dns_name_initialize(&d, longname, NX_SECURE_X509_DNS_NAME_MAX));
    EXPECT_CODE(nx_secure_x509_dns_name_initialize(&d, longname, sizeof longname), NX_SECURE_X509_NAME_STRING_TOO_LONG);
    EXPECT_CODE(nx_secure_x509_dns_name_initialize(NULL, longname, 1), NX_PTR_ERROR);
}

static void test_pem(void)
{
    static uint8_t text[16384];
    static uint8_t der[4096];
    static uint8_t ref[4096];
    size_t tn = load("rsa-chain.pem", text, sizeof text);
    size_t pos = 0;
    size_t dn;

    EXPECT_OK(x509_pem_next(text, tn, &pos, "CERTIFICATE", der, sizeof der, &dn));
    size_t rn = load("rsa-leaf.der", ref, sizeof ref);
    EXPECT(dn == rn && memcmp(der, ref, rn) == 0);
    EXPECT_OK(x509_pem_next(text, tn, &pos, "CERTIFICATE", der, sizeof der, &dn));
    rn = load("rsa-int.der", ref, sizeof ref);
    EXPECT(dn == rn && memcmp(der, ref, rn) == 0);
    EXPECT_CODE(x509_pem_next(text, tn, &pos, "CERTIFICATE", der, sizeof der, &dn), NX_SECURE_X509_CERTIFICATE_NOT_FOUND);
    pos = 0;
    EXPECT_CODE(x509_pem_next(text, tn, &pos, "CERTIFICATE", der, 100, &dn), NX_SECURE_X509_INSUFFICIENT_CERT_SPACE);
    pos = 0;
    EXPECT_CODE(x509_pem_next(text, tn, &pos, "PRIVATE KEY", der, sizeof der, &dn), NX_SECURE_X509_CERTIFICATE_NOT_FOUND);
    /* In place: the DER overwrites the text it came from. */
    pos = 0;
    EXPECT_OK(x509_pem_next(text, tn, &pos, NULL, text, sizeof text, &dn));
    rn = load("rsa-leaf.der", ref, sizeof ref);
    EXPECT(dn == rn && memcmp(text, ref, rn) == 0);

    tn = load("ec-leaf.key.pem", text, sizeof text);
    pos = 0;
    EXPECT_OK(x509_pem_next(text, tn, &pos, "PRIVATE KEY", der, sizeof der, &dn));
    rn = load("ec-leaf.key.pk8.der", ref, sizeof ref);
    EXPECT(dn == rn && memcmp(der, ref, rn) == 0);

    static const struct {
        const char *text;
        UINT code;
    } bad[] = {
        {"-----BEGIN X-----\nQUJD\n-----END X-----\n", NX_SUCCESS},
        {"-----BEGIN X-----\nQUJD\n-----END Y-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nQUJD\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nQUJ\n-----END X-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nQU=D\n-----END X-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nQUI=\n-----END X-----\n", NX_SUCCESS},
        {"-----BEGIN X-----\nQUJ=\n-----END X-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nProc-Type: 4\nQUJD\n-----END X-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X-----\nQU*D\n-----END X-----\n", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"-----BEGIN X", NX_SECURE_X509_INVALID_CERTIFICATE_DATA},
        {"no pem here", NX_SECURE_X509_CERTIFICATE_NOT_FOUND},
    };
    for (size_t i = 0; i < NXD_ARRAY_LEN(bad); i++) {
        pos = 0;
        UINT got = x509_pem_next((const UCHAR *)bad[i].text, strlen(bad[i].text), &pos, NULL, der, sizeof der, &dn);
        if (got != bad[i].code) {
            test_failed++;
            fprintf(stderr, "pem case %zu gave 0x%x\n", i, got);
        } else {
            test_passed++;
        }
    }
}

static void test_store(void)
{
    static uint8_t d1[4096];
    static uint8_t d2[4096];
    NX_SECURE_X509_CERT a;
    NX_SECURE_X509_CERT b;
    NX_SECURE_X509_CERTIFICATE_STORE s;
    NX_SECURE_X509_CERTIFICATE_STORE other;
    NX_SECURE_X509_CERT *removed = NULL;

    memset(&s, 0, sizeof s);
    memset(&other, 0, sizeof other);
    EXPECT_OK(x509_certificate_parse(&a, d1, load("rsa-root.der", d1, sizeof d1)));
    EXPECT_OK(x509_certificate_parse(&b, d2, load("ec-root.der", d2, sizeof d2)));
    EXPECT_CODE(x509_store_add(NULL, X509_STORE_TRUSTED, &a, 1), NX_PTR_ERROR);
    EXPECT_CODE(x509_store_add(&s, X509_STORE_TRUSTED, &a, 0), NX_INVALID_PARAMETERS);
    EXPECT_OK(x509_store_add(&s, X509_STORE_TRUSTED, &a, 1));
    EXPECT_CODE(x509_store_add(&s, X509_STORE_TRUSTED, &a, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(x509_store_add(&other, X509_STORE_TRUSTED, &a, 2), NX_INVALID_PARAMETERS);
    EXPECT_CODE(x509_store_add(&s, X509_STORE_TRUSTED, &b, 1), NX_SECURE_TLS_CERT_ID_DUPLICATE);
    EXPECT_OK(x509_store_add(&s, X509_STORE_TRUSTED, &b, 2));
    EXPECT(x509_store_first(&s, X509_STORE_TRUSTED) == &a && a.nx_secure_x509_next_certificate == &b);
    EXPECT(x509_store_find_id(&s, X509_STORE_TRUSTED, 2) == &b);
    EXPECT(x509_store_find_id(&s, X509_STORE_LOCAL, 2) == NULL);
    EXPECT(x509_store_find_cn(&s, X509_STORE_TRUSTED, (const UCHAR *)"nxdtls Test EC Root", 19) == &b);
    EXPECT(x509_store_find_der(&s, X509_STORE_TRUSTED, &b) == &b);
    /* A linked certificate the application cleared and initialized again is refused, not linked twice
     * (which made the list a cycle every walk followed for ever). */
    {
        NX_SECURE_X509_CERT *next = b.nx_secure_x509_next_certificate;
        b.nx_secure_x509_store_owner = NULL;
        EXPECT_CODE(x509_store_add(&s, X509_STORE_TRUSTED, &b, 3), NX_INVALID_PARAMETERS);
        EXPECT_CODE(x509_store_push(&s, X509_STORE_TRUSTED, &b), NX_INVALID_PARAMETERS);
        EXPECT(b.nx_secure_x509_next_certificate == next);
        b.nx_secure_x509_store_owner = &s;
    }
    EXPECT_CODE(x509_store_remove(&s, X509_STORE_TRUSTED, NULL, 0, 3, &removed), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND);
    EXPECT_CODE(x509_store_remove(&s, X509_STORE_TRUSTED, NULL, 0, 0, &removed), NX_PTR_ERROR);
    EXPECT_OK(x509_store_remove(&s, X509_STORE_TRUSTED, (const UCHAR *)"nxdtls Test RSA Root", 20, 0, &removed));
    EXPECT(removed == &a && x509_store_first(&s, X509_STORE_TRUSTED) == &b && a.nx_secure_x509_store_owner == NULL);
    EXPECT_OK(x509_store_remove(&s, X509_STORE_TRUSTED, NULL, 0, 2, &removed));
    EXPECT(removed == &b && x509_store_first(&s, X509_STORE_TRUSTED) == NULL);
    EXPECT_OK(x509_store_push(&s, X509_STORE_FREE, &a));
    EXPECT_OK(x509_store_push(&s, X509_STORE_FREE, &b));
    EXPECT(x509_store_pop(&s, X509_STORE_FREE) == &a && x509_store_pop(&s, X509_STORE_FREE) == &b);
    EXPECT(x509_store_pop(&s, X509_STORE_FREE) == NULL);
}

int main(void)
{
    test_dns();
    test_ip_parse();
    test_dns_name_initialize();
    test_pem();
    test_store();
    return test_finish("x509/names");
}
