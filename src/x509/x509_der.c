/* SPDX-License-Identifier: MIT */
#include "x509/x509_der.h"

#include <string.h>

/* Identifier octet (X.690 8.1.2.2): bits 8-7 class, bit 6 constructed, bits 5-1 number (31 = high form). */
#define DER_CLASS_MASK       0xC0u
#define DER_CLASS_UNIVERSAL  0x00u
#define DER_CLASS_CONTEXT    0x80u
#define DER_NUMBER_MASK      0x1Fu
#define DER_HIGH_TAG_NUMBER  0x1Fu
#define DER_MAX_LENGTH_BYTES 4u /* a certificate is < 64 KiB; 4 octets cover any buffer we get */

/* read_length reads a definite, minimally encoded length (X.690 8.1.3, 10.1). */
static UINT read_length(struct wire_rd *r, size_t *out)
{
    uint8_t first;

    NXD_ENSURE(wire_get_u8(r, &first), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    if (first < 0x80u) {
        *out = first;
        return NX_SUCCESS;
    }
    size_t count = first & 0x7Fu;
    /* 0x80 is the indefinite form, which DER forbids; 0xFF is reserved. */
    NXD_ENSURE(count != 0 && count <= DER_MAX_LENGTH_BYTES, NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t b;
        NXD_ENSURE(wire_get_u8(r, &b), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
        /* A leading zero octet is not minimal. */
        NXD_ENSURE(i != 0 || b != 0, NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
        len = (len << 8) | b;
    }
    /* A long form for a length the short form holds is not minimal. */
    NXD_ENSURE(len >= 0x80u, NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    *out = len;
    return NX_SUCCESS;
}

UINT x509_der_read(struct wire_rd *r, uint8_t *tag, struct wire_rd *body)
{
    struct wire_rd in = *r;
    uint8_t t;

    NXD_ENSURE(wire_get_u8(&in, &t), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_ENSURE((t & DER_NUMBER_MASK) != DER_HIGH_TAG_NUMBER,
               NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED);
    uint8_t cls = (uint8_t)(t & DER_CLASS_MASK);
    NXD_ENSURE(cls == DER_CLASS_UNIVERSAL || cls == DER_CLASS_CONTEXT,
               NX_SECURE_X509_INVALID_TAG_CLASS);
    /* Universal tag 0 is end-of-contents, which only the indefinite form uses. */
    NXD_ENSURE(t != 0, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    size_t len;
    NXD_TRY(read_length(&in, &len));
    NXD_ENSURE(wire_get_sub(&in, len, body), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    *tag = t;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_read_tlv(struct wire_rd *r, uint8_t *tag, struct wire_rd *body, struct wire_rd *tlv)
{
    struct wire_rd in = *r;
    struct wire_rd whole = *r;

    NXD_TRY(x509_der_read(&in, tag, body));
    /* Split exactly the consumed bytes off a copy of the reader: the TLV in the caller's buffer. */
    NXD_ENSURE(wire_get_sub(&whole, r->len - in.len, tlv), NX_SECURE_X509_ASN1_LENGTH_TOO_LONG);
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_expect(struct wire_rd *r, uint8_t tag, struct wire_rd *body)
{
    struct wire_rd in = *r;
    uint8_t got;

    NXD_TRY(x509_der_read(&in, &got, body));
    NXD_ENSURE(got == tag, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    *r = in;
    return NX_SUCCESS;
}

bool x509_der_peek(const struct wire_rd *r, uint8_t tag)
{
    uint8_t t;

    return wire_peek_u8(r, &t) && t == tag;
}

UINT x509_der_optional(struct wire_rd *r, uint8_t tag, struct wire_rd *body, bool *present)
{
    *present = false;
    if (!x509_der_peek(r, tag)) {
        return NX_SUCCESS;
    }
    NXD_TRY(x509_der_expect(r, tag, body));
    *present = true;
    return NX_SUCCESS;
}

UINT x509_der_done(const struct wire_rd *r)
{
    return wire_done(r) ? NX_SUCCESS : NX_SECURE_X509_INVALID_CERTIFICATE_DATA;
}

UINT x509_der_integer(struct wire_rd *r, struct wire_rd *content)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    uint8_t b0;
    uint8_t b1;

    NXD_TRY(x509_der_expect(&in, X509_DER_INTEGER, &c));
    NXD_ENSURE(wire_peek_u8(&c, &b0), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    if (c.len > 1) {
        struct wire_rd second = c;
        NXD_ENSURE(wire_skip(&second, 1) && wire_peek_u8(&second, &b1),
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        /* X.690 8.3.2: the first nine bits are not all zero or all one. */
        NXD_ENSURE(!(b0 == 0x00 && b1 < 0x80) && !(b0 == 0xFF && b1 >= 0x80),
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    }
    *content = c;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_uint_bytes(struct wire_rd *r, struct wire_rd *magnitude)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    uint8_t b0;

    NXD_TRY(x509_der_integer(&in, &c));
    NXD_ENSURE(wire_peek_u8(&c, &b0) && b0 < 0x80, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    if (b0 == 0x00) {
        /* Minimal encoding: a leading zero is there only to clear the sign bit, so something follows. */
        NXD_ENSURE(c.len > 1 && wire_skip(&c, 1), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    }
    *magnitude = c;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_small_uint(struct wire_rd *r, uint32_t max, uint32_t *out)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    uint8_t b;
    uint64_t v = 0;

    NXD_TRY(x509_der_integer(&in, &c));
    NXD_ENSURE(wire_peek_u8(&c, &b) && b < 0x80, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    NXD_ENSURE(c.len <= 5, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    while (wire_get_u8(&c, &b)) {
        v = (v << 8) | b;
    }
    NXD_ENSURE(v <= max, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    *out = (uint32_t)v;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_boolean(struct wire_rd *r, bool *out)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    uint8_t b;

    NXD_TRY(x509_der_expect(&in, X509_DER_BOOLEAN, &c));
    NXD_ENSURE(wire_get_u8(&c, &b) && wire_done(&c), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    NXD_ENSURE(b == 0x00 || b == 0xFF, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    *out = b == 0xFF;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_bit_string(struct wire_rd *r, struct wire_rd *bits, uint8_t *unused)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    uint8_t u;

    NXD_TRY(x509_der_expect(&in, X509_DER_BIT_STRING, &c));
    NXD_ENSURE(wire_get_u8(&c, &u), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    NXD_ENSURE(u <= 7, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    /* An empty bit string has no unused bits (X.690 8.6.2.3). */
    NXD_ENSURE(c.len != 0 || u == 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    if (u != 0) {
        struct wire_rd tail = c;
        uint8_t last;
        NXD_ENSURE(wire_skip(&tail, c.len - 1) && wire_get_u8(&tail, &last),
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        NXD_ENSURE((last & ((1u << u) - 1u)) == 0, NX_SECURE_X509_FOUND_NON_ZERO_PADDING);
    }
    *bits = c;
    *unused = u;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_oid(struct wire_rd *r, struct wire_rd *oid)
{
    struct wire_rd in = *r;
    struct wire_rd c;
    struct wire_rd scan;
    bool start = true;
    uint8_t b = 0;

    NXD_TRY(x509_der_expect(&in, X509_DER_OID, &c));
    NXD_ENSURE(c.len != 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    scan = c;
    while (wire_get_u8(&scan, &b)) {
        /* X.690 8.19.2: a sub-identifier does not start with 0x80. */
        NXD_ENSURE(!(start && b == 0x80), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        start = (b & 0x80u) == 0;
    }
    /* The last octet ends a sub-identifier. */
    NXD_ENSURE((b & 0x80u) == 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    *oid = c;
    *r = in;
    return NX_SUCCESS;
}

UINT x509_der_null(struct wire_rd *r)
{
    struct wire_rd in = *r;
    struct wire_rd c;

    NXD_TRY(x509_der_expect(&in, X509_DER_NULL, &c));
    NXD_ENSURE(wire_done(&c), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    *r = in;
    return NX_SUCCESS;
}

bool x509_der_equals(struct wire_rd r, const uint8_t *b, size_t n)
{
    const uint8_t *p;

    if (r.len != n) {
        return false;
    }
    if (n == 0) {
        return true;
    }
    return wire_get_bytes(&r, n, &p) && memcmp(p, b, n) == 0;
}
