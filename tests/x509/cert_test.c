/* SPDX-License-Identifier: MIT */
/* cert_test: certificate and key parsing against the test PKI (scripts/make-test-pki.sh), the public
 * nx_secure_x509_certificate_initialize and extension services, and hostile DER: every truncation,
 * byte flips and overstated lengths must give a code, never a crash or an over-read (run it under
 * ASan: build-*-asan). */
#include <string.h>

#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_der.h"
#include "x509/x509_key.h"

#define PKI "vectors/x509/pki/"

static uint8_t buf[8192];

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

static int field_is(const UCHAR *p, USHORT len, const char *want)
{
    return p != NULL && len == strlen(want) && memcmp(p, want, len) == 0;
}

static void test_fields(void)
{
    NX_SECURE_X509_CERT c;
    size_t n = load("rsa-leaf.der", buf, sizeof buf);

    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_version == 2);
    EXPECT(c.nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA);
    EXPECT(c.nx_secure_x509_public_key_bits == 2048 && c.nx_secure_x509_public_key_length == 256);
    EXPECT(c.nx_secure_x509_public_exponent_length == 3 && c.nx_secure_x509_public_exponent[0] == 0x01);
    EXPECT(c.nx_secure_x509_signature_algorithm == NX_SECURE_TLS_X509_TYPE_RSA_SHA_256);
    EXPECT(c.nx_secure_x509_signature_hash == NX_CRYPTO_HASH_SHA256);
    EXPECT(field_is(c.nx_secure_x509_distinguished_name.nx_secure_x509_common_name,
                    c.nx_secure_x509_distinguished_name.nx_secure_x509_common_name_length, "localhost"));
    EXPECT(field_is(c.nx_secure_x509_distinguished_name.nx_secure_x509_organization,
                    c.nx_secure_x509_distinguished_name.nx_secure_x509_organization_length, "nxdtls test"));
    EXPECT(field_is(c.nx_secure_x509_issuer.nx_secure_x509_common_name,
                    c.nx_secure_x509_issuer.nx_secure_x509_common_name_length, "nxdtls Test RSA Intermediate"));
    EXPECT(c.nx_secure_x509_not_before_seconds == 1704067200u);  /* 2024-01-01T00:00:00Z */
    EXPECT(c.nx_secure_x509_not_after_seconds == 4102444799u);   /* 2099-12-31T23:59:59Z */
    EXPECT(c.nx_secure_x509_validity_format == NX_SECURE_ASN_TAG_UTC_TIME);
    EXPECT(c.nx_secure_x509_not_after_length == 15); /* GeneralizedTime after 2049 */
    EXPECT(c.nx_secure_x509_basic_constraints_present && !c.nx_secure_x509_is_ca);
    EXPECT(c.nx_secure_x509_key_usage_present &&
           c.nx_secure_x509_key_usage == (NX_SECURE_X509_KEY_USAGE_DIGITAL_SIGNATURE |
                                          NX_SECURE_X509_KEY_USAGE_KEY_ENCIPHERMENT |
                                          NX_SECURE_X509_KEY_USAGE_KEY_AGREEMENT));
    EXPECT(c.nx_secure_x509_eku_present && c.nx_secure_x509_san_has_dns);
    EXPECT(c.nx_secure_x509_subject_key_id_length == 20 && c.nx_secure_x509_authority_key_id_length == 20);
    EXPECT(!c.nx_secure_x509_self_signed && c.nx_secure_x509_certificate_raw_data == buf);
    EXPECT(c.nx_secure_x509_tbs == buf + 4);

    /* Public extension services. */
    NX_SECURE_X509_EXTENSION ext;
    USHORT bits = 0;
    EXPECT_OK(nx_secure_x509_extension_find(&c, &ext, NX_SECURE_TLS_X509_TYPE_BASIC_CONSTRAINTS));
    EXPECT(ext.nx_secure_x509_extension_critical == 1 && ext.nx_secure_x509_extension_data[0] == 0x30);
    EXPECT_CODE(nx_secure_x509_extension_find(&c, &ext, NX_SECURE_TLS_X509_TYPE_NAME_CONSTRAINTS),
                NX_SECURE_X509_EXTENSION_NOT_FOUND);
    EXPECT_CODE(nx_secure_x509_extension_find(NULL, &ext, 19), NX_PTR_ERROR);
    EXPECT_OK(nx_secure_x509_key_usage_extension_parse(&c, &bits));
    EXPECT(bits == 0xA800);
    EXPECT_OK(nx_secure_x509_extended_key_usage_extension_parse(&c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH));
    EXPECT_OK(nx_secure_x509_extended_key_usage_extension_parse(&c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_CLIENT_AUTH));
    EXPECT_CODE(nx_secure_x509_extended_key_usage_extension_parse(&c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_CODE_SIGNING),
                NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND);

    n = load("rsa-root.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_self_signed && c.nx_secure_x509_is_ca && c.nx_secure_x509_path_len_constraint == -1);
    EXPECT(c.nx_secure_x509_authority_key_id == NULL);
    EXPECT_CODE(nx_secure_x509_extended_key_usage_extension_parse(&c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH),
                NX_SECURE_X509_EXTENSION_NOT_FOUND);

    n = load("rsa-int.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_is_ca && c.nx_secure_x509_path_len_constraint == 0);
    EXPECT(c.nx_secure_x509_key_usage == (NX_SECURE_X509_KEY_USAGE_KEY_CERT_SIGN | NX_SECURE_X509_KEY_USAGE_CRL_SIGN));

    n = load("rsa-pss-leaf.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_signature_algorithm == NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256);
    EXPECT(c.nx_secure_x509_pss_salt_length == 32 && c.nx_secure_x509_signature_params != NULL);

    n = load("ec-leaf.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC);
    EXPECT(c.nx_secure_x509_public_key_curve == NX_CRYPTO_EC_SECP256R1);
    EXPECT(c.nx_secure_x509_public_key_length == 65 && c.nx_secure_x509_public_key[0] == 0x04);
    EXPECT(c.nx_secure_x509_signature_algorithm == NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256);

    n = load("ec384-leaf.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_public_key_curve == NX_CRYPTO_EC_SECP384R1 && c.nx_secure_x509_public_key_length == 97);
    EXPECT(c.nx_secure_x509_signature_algorithm == NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384);

    n = load("expired-leaf.der", buf, sizeof buf);
    EXPECT_OK(x509_certificate_parse(&c, buf, n));
    EXPECT(c.nx_secure_x509_not_before_seconds == 946684800u && c.nx_secure_x509_not_after_seconds == 978307200u);
}

/* test_specific_codes: hand-made corruptions of a real certificate, each with its code. */
static void test_specific_codes(void)
{
    NX_SECURE_X509_CERT c;
    uint8_t m[4096];
    size_t n = load("ec-leaf.der", buf, sizeof buf);

    /* ec-leaf.der: 30 82 LL LL | 30 82 LL LL (TBS) ... */
    EXPECT(buf[0] == 0x30 && buf[1] == 0x82 && buf[4] == 0x30 && buf[5] == 0x82);
    EXPECT_CODE(x509_certificate_parse(&c, buf, 0), NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE);
    memcpy(m, buf, n);
    m[0] = 0x31;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE);
    EXPECT(c.nx_secure_x509_certificate_raw_data == NULL); /* left zeroed */
    memcpy(m, buf, n);
    m[4] = 0x3F;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED);
    m[4] = 0x70;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_INVALID_TAG_CLASS);
    m[4] = 0x31;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    memcpy(m, buf, n);
    m[3] = (uint8_t)(m[3] + 1); /* overstated outer length */
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    memcpy(m, buf, n);
    m[1] = 0x80; /* indefinite */
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    memcpy(m, buf, n);
    m[n] = 0x00; /* a trailing byte */
    EXPECT_CODE(x509_certificate_parse(&c, m, n + 1), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    /* The version [0] must be 1 or 2: TBS = 30 82 LL LL A0 03 02 01 02. */
    memcpy(m, buf, n);
    EXPECT(m[8] == 0xA0 && m[12] == 0x02);
    m[12] = 0x05;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_INVALID_VERSION);
    m[12] = 0x00;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_INVALID_VERSION);
    /* The signature BIT STRING is last: 03 LL 00 <DER>. Unused bits 1 with the last bit set. */
    memcpy(m, buf, n);
    size_t pos = 0;
    for (size_t i = n; i-- > 8;) {
        if (m[i] == 0x03 && (size_t)m[i + 1] + i + 2 == n && m[i + 2] == 0x00) {
            pos = i;
            break;
        }
    }
    EXPECT(pos != 0);
    m[pos + 2] = 0x01;
    m[n - 1] |= 0x01;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_FOUND_NON_ZERO_PADDING);
    /* Outer and inner signature algorithms must match: change the last OID byte of the outer one
     * (ecdsa-with-SHA256 -> ecdsa-with-SHA384). The outer AlgorithmIdentifier sits just before pos. */
    memcpy(m, buf, n);
    EXPECT(m[pos - 1] == 0x02 && m[pos - 12] == 0x30);
    m[pos - 1] = 0x03;
    EXPECT_CODE(x509_certificate_parse(&c, m, n), NX_SECURE_X509_WRONG_SIGNATURE_METHOD);
}

static void test_mutations(const char *name)
{
    NX_SECURE_X509_CERT c;
    uint8_t m[4096];
    size_t n = load(name, buf, sizeof buf);
    size_t ok_flips = 0;

    EXPECT(n <= sizeof m);
    /* Every truncation fails; the exact copy is cut so that ASan sees any over-read. */
    size_t failures = 0;
    for (size_t len = 0; len < n; len++) {
        memcpy(m, buf, len);
        failures += x509_certificate_parse(&c, m, len) != NX_SUCCESS ? 1u : 0u;
    }
    EXPECT(failures == n);
    /* Every byte flipped three ways, and every byte incremented (overstates any length it is part
     * of): a code or a success, never a crash. A success must keep pointers inside the buffer. */
    static const uint8_t flips[] = {0x01, 0x80, 0xFF};
    for (size_t i = 0; i < n; i++) {
        for (size_t f = 0; f <= NXD_ARRAY_LEN(flips); f++) {
            memcpy(m, buf, n);
            m[i] = f < NXD_ARRAY_LEN(flips) ? (uint8_t)(m[i] ^ flips[f]) : (uint8_t)(m[i] + 1);
            if (x509_certificate_parse(&c, m, n) == NX_SUCCESS) {
                ok_flips++;
                EXPECT(c.nx_secure_x509_tbs >= m && c.nx_secure_x509_tbs + c.nx_secure_x509_tbs_length <= m + n);
            }
        }
    }
    printf("%s: %zu truncations rejected, %zu of %zu mutations still parse\n", name, failures, ok_flips, n * 4);
}

static void test_keys(void)
{
    NX_SECURE_X509_CERT c;
    static uint8_t cert[4096];
    static uint8_t key[4096];
    size_t cn = load("rsa-leaf.der", cert, sizeof cert);
    size_t kn = load("rsa-leaf.key.der", key, sizeof key);

    EXPECT_OK(x509_certificate_parse(&c, cert, cn));
    EXPECT_OK(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT(c.nx_secure_x509_certificate_is_identity_cert && c.nx_secure_x509_private_key == key);
    EXPECT(c.nx_secure_x509_private_key_scalar_length >= 255 && c.nx_secure_x509_private_key_p_length == 128 &&
           c.nx_secure_x509_private_key_q_length == 128);
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_EC_DER), NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_NONE), NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    EXPECT_CODE(x509_key_parse(&c, key, kn, 7), NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    for (size_t len = 0; len < kn; len++) {
        if (x509_key_parse(&c, key, len, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER) != NX_SECURE_PKCS1_INVALID_PRIVATE_KEY) {
            test_failed++;
            fprintf(stderr, "truncated RSA key of %zu bytes not rejected\n", len);
            break;
        }
    }
    kn = load("rsa-leaf.key.pk8.der", key, sizeof key);
    EXPECT_OK(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(x509_key_parse(&c, key, 3, NX_SECURE_X509_KEY_TYPE_HARDWARE));
    EXPECT_OK(x509_key_parse(&c, key, 3, 0x00010000u));
    EXPECT(c.nx_secure_x509_private_key_type == 0x00010000u && c.nx_secure_x509_private_key_scalar == NULL);

    /* Key and certificate that do not belong together. */
    cn = load("expired-leaf.der", cert, sizeof cert);
    EXPECT_OK(x509_certificate_parse(&c, cert, cn));
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER), NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);

    cn = load("ec-leaf.der", cert, sizeof cert);
    kn = load("ec-leaf.key.der", key, sizeof key);
    EXPECT_OK(x509_certificate_parse(&c, cert, cn));
    EXPECT_OK(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT(c.nx_secure_x509_private_key_scalar_length == 32);
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER), NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    kn = load("ec-leaf.key.pk8.der", key, sizeof key);
    EXPECT_OK(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_EC_DER));
    kn = load("ec384-leaf.key.der", key, sizeof key);
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_EC_DER), NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    kn = load("self-leaf.key.der", key, sizeof key); /* same curve, another public key */
    EXPECT_CODE(x509_key_parse(&c, key, kn, NX_SECURE_X509_KEY_TYPE_EC_DER), NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
}

static void test_initialize(void)
{
    NX_SECURE_X509_CERT c;
    static uint8_t cert[4096];
    static uint8_t raw[4096];
    static uint8_t key[4096];
    size_t cn = load("ec-leaf.der", cert, sizeof cert);
    size_t kn = load("ec-leaf.key.der", key, sizeof key);

    EXPECT_CODE(nx_secure_x509_certificate_initialize(NULL, cert, (USHORT)cn, NULL, 0, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, NULL, (USHORT)cn, NULL, 0, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, cert, 0, NULL, 0, NULL, 0, 0), NX_PTR_ERROR);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)cn, raw, (USHORT)(cn - 1), NULL, 0, 0),
                NX_SECURE_X509_INSUFFICIENT_CERT_SPACE);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)(cn - 1), NULL, 0, NULL, 0, 0),
                NX_SECURE_X509_INVALID_CERTIFICATE);
    EXPECT_OK(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)cn, raw, sizeof raw, NULL, 0,
                                                    NX_SECURE_X509_KEY_TYPE_NONE));
    EXPECT(c.nx_secure_x509_certificate_raw_data == raw && c.nx_secure_x509_tbs == raw + 4);
    EXPECT(!c.nx_secure_x509_certificate_is_identity_cert);
    EXPECT_OK(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)cn, NULL, 0, key, (USHORT)kn,
                                                    NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT(c.nx_secure_x509_certificate_is_identity_cert && c.nx_secure_x509_certificate_raw_data == cert);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)cn, NULL, 0, key, (USHORT)kn,
                                                      NX_SECURE_X509_KEY_TYPE_NONE),
                NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    EXPECT_CODE(nx_secure_x509_certificate_initialize(&c, cert, (USHORT)cn, NULL, 0, key, (USHORT)(kn - 2),
                                                      NX_SECURE_X509_KEY_TYPE_EC_DER),
                NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
}

int main(void)
{
    test_fields();
    test_specific_codes();
    test_keys();
    test_initialize();
    test_mutations("rsa-leaf.der");
    test_mutations("ec-leaf.der");
    test_mutations("rsa-pss-leaf.der");
    test_mutations("wild-bad-leaf.der");
    return test_finish("x509/cert");
}
