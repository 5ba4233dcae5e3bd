/* SPDX-License-Identifier: MIT */
/* der_test: the DER reader's rules, one code per malformation (x509_der.h). */
#include <string.h>

#include "test.h"
#include "x509/x509_der.h"

static UINT read_one(const uint8_t *p, size_t n)
{
    struct wire_rd r = wire_rd_init(p, n);
    struct wire_rd body;
    uint8_t tag;
    UINT status = x509_der_read(&r, &tag, &body);
    if (status != NX_SUCCESS) {
        /* A failed read consumes nothing. */
        EXPECT(r.p == p && r.len == n);
    }
    return status;
}

static void test_lengths(void)
{
    static const uint8_t ok_short[] = {0x04, 0x02, 0xAA, 0xBB};
    static const uint8_t ok_long[] = {0x04, 0x81, 0x80};
    static const uint8_t indefinite[] = {0x30, 0x80, 0x00, 0x00};
    static const uint8_t non_minimal[] = {0x04, 0x81, 0x02, 0xAA, 0xBB};
    static const uint8_t leading_zero[] = {0x04, 0x82, 0x00, 0x81};
    static const uint8_t too_many[] = {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t past_end[] = {0x04, 0x03, 0xAA, 0xBB};
    static const uint8_t no_length[] = {0x04};
    static const uint8_t cut_length[] = {0x04, 0x82, 0x01};
    uint8_t big[3 + 0x80];

    EXPECT_OK(read_one(ok_short, sizeof ok_short));
    memset(big, 0, sizeof big);
    memcpy(big, ok_long, sizeof ok_long);
    EXPECT_OK(read_one(big, sizeof big));
    EXPECT_CODE(read_one(ok_long, sizeof ok_long), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(indefinite, sizeof indefinite), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(non_minimal, sizeof non_minimal), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(leading_zero, sizeof leading_zero), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(too_many, sizeof too_many), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(past_end, sizeof past_end), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(no_length, sizeof no_length), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(cut_length, sizeof cut_length), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    EXPECT_CODE(read_one(NULL, 0), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
}

static void test_tags(void)
{
    static const uint8_t multibyte[] = {0x1F, 0x81, 0x01, 0x00};
    static const uint8_t application[] = {0x60, 0x00};
    static const uint8_t private_class[] = {0xC1, 0x00};
    static const uint8_t eoc[] = {0x00, 0x00};
    static const uint8_t context[] = {0xA3, 0x00};
    static const uint8_t seq[] = {0x30, 0x00};

    EXPECT_CODE(read_one(multibyte, sizeof multibyte), NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED);
    EXPECT_CODE(read_one(application, sizeof application), NX_SECURE_X509_INVALID_TAG_CLASS);
    EXPECT_CODE(read_one(private_class, sizeof private_class), NX_SECURE_X509_INVALID_TAG_CLASS);
    EXPECT_CODE(read_one(eoc, sizeof eoc), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    EXPECT_OK(read_one(context, sizeof context));

    struct wire_rd r = wire_rd_init(seq, sizeof seq);
    struct wire_rd body;
    EXPECT_CODE(x509_der_expect(&r, X509_DER_SET, &body), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    EXPECT(r.len == sizeof seq);
    EXPECT_OK(x509_der_expect(&r, X509_DER_SEQUENCE, &body));
    EXPECT(wire_done(&r) && body.len == 0);
    EXPECT_OK(x509_der_done(&r));

    static const uint8_t two[] = {0x05, 0x00, 0x05, 0x00};
    r = wire_rd_init(two, sizeof two);
    EXPECT_OK(x509_der_null(&r));
    EXPECT_CODE(x509_der_done(&r), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
}

static void test_values(void)
{
    struct wire_rd r;
    struct wire_rd v;
    bool b;
    uint8_t unused;
    uint32_t u;

    static const uint8_t int_ok[] = {0x02, 0x02, 0x00, 0x80};
    static const uint8_t int_pad0[] = {0x02, 0x02, 0x00, 0x7F};
    static const uint8_t int_padff[] = {0x02, 0x02, 0xFF, 0x80};
    static const uint8_t int_empty[] = {0x02, 0x00};
    static const uint8_t int_neg[] = {0x02, 0x01, 0x80};
    r = wire_rd_init(int_ok, sizeof int_ok);
    EXPECT_OK(x509_der_uint_bytes(&r, &v));
    EXPECT(v.len == 1 && v.p[0] == 0x80);
    r = wire_rd_init(int_pad0, sizeof int_pad0);
    EXPECT_CODE(x509_der_integer(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(int_padff, sizeof int_padff);
    EXPECT_CODE(x509_der_integer(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(int_empty, sizeof int_empty);
    EXPECT_CODE(x509_der_integer(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(int_neg, sizeof int_neg);
    EXPECT_OK(x509_der_integer(&r, &v));
    r = wire_rd_init(int_neg, sizeof int_neg);
    EXPECT_CODE(x509_der_uint_bytes(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);

    static const uint8_t small[] = {0x02, 0x01, 0x05};
    r = wire_rd_init(small, sizeof small);
    EXPECT_CODE(x509_der_small_uint(&r, 4, &u), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    EXPECT_OK(x509_der_small_uint(&r, 5, &u));
    EXPECT(u == 5);

    static const uint8_t t[] = {0x01, 0x01, 0xFF};
    static const uint8_t f[] = {0x01, 0x01, 0x00};
    static const uint8_t bad[] = {0x01, 0x01, 0x01};
    static const uint8_t long_bool[] = {0x01, 0x02, 0xFF, 0xFF};
    r = wire_rd_init(t, sizeof t);
    EXPECT_OK(x509_der_boolean(&r, &b));
    EXPECT(b);
    r = wire_rd_init(f, sizeof f);
    EXPECT_OK(x509_der_boolean(&r, &b));
    EXPECT(!b);
    r = wire_rd_init(bad, sizeof bad);
    EXPECT_CODE(x509_der_boolean(&r, &b), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(long_bool, sizeof long_bool);
    EXPECT_CODE(x509_der_boolean(&r, &b), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);

    static const uint8_t bits_ok[] = {0x03, 0x02, 0x07, 0x80};
    static const uint8_t bits_pad[] = {0x03, 0x02, 0x07, 0x81};
    static const uint8_t bits_unused8[] = {0x03, 0x02, 0x08, 0x00};
    static const uint8_t bits_empty_unused[] = {0x03, 0x01, 0x01};
    static const uint8_t bits_none[] = {0x03, 0x00};
    r = wire_rd_init(bits_ok, sizeof bits_ok);
    EXPECT_OK(x509_der_bit_string(&r, &v, &unused));
    EXPECT(unused == 7 && v.len == 1);
    r = wire_rd_init(bits_pad, sizeof bits_pad);
    EXPECT_CODE(x509_der_bit_string(&r, &v, &unused), NX_SECURE_X509_FOUND_NON_ZERO_PADDING);
    r = wire_rd_init(bits_unused8, sizeof bits_unused8);
    EXPECT_CODE(x509_der_bit_string(&r, &v, &unused), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(bits_empty_unused, sizeof bits_empty_unused);
    EXPECT_CODE(x509_der_bit_string(&r, &v, &unused), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(bits_none, sizeof bits_none);
    EXPECT_CODE(x509_der_bit_string(&r, &v, &unused), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);

    static const uint8_t oid_ok[] = {0x06, 0x03, 0x55, 0x04, 0x03};
    static const uint8_t oid_pad[] = {0x06, 0x03, 0x55, 0x80, 0x03};
    static const uint8_t oid_open[] = {0x06, 0x02, 0x55, 0x84};
    static const uint8_t oid_empty[] = {0x06, 0x00};
    r = wire_rd_init(oid_ok, sizeof oid_ok);
    EXPECT_OK(x509_der_oid(&r, &v));
    r = wire_rd_init(oid_pad, sizeof oid_pad);
    EXPECT_CODE(x509_der_oid(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(oid_open, sizeof oid_open);
    EXPECT_CODE(x509_der_oid(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    r = wire_rd_init(oid_empty, sizeof oid_empty);
    EXPECT_CODE(x509_der_oid(&r, &v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
}

int main(void)
{
    test_lengths();
    test_tags();
    test_values();
    return test_finish("x509/der");
}
