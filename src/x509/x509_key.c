/* SPDX-License-Identifier: MIT */
#include "x509/x509_key.h"

#include <string.h>

#include "x509/x509_der.h"
#include "x509/x509_oid.h"

struct key_parts {
    struct wire_rd scalar; /* RSA: private exponent d; EC: private scalar */
    struct wire_rd p;
    struct wire_rd q;
};

/* rsa_private_key reads RSAPrivateKey (RFC 8017 A.1.2) and checks it belongs to the certificate. */
static UINT rsa_private_key(struct wire_rd der, const NX_SECURE_X509_CERT *cert,
                            struct key_parts *out)
{
    struct wire_rd seq;
    struct wire_rd n;
    struct wire_rd e;
    struct wire_rd skip;
    uint32_t version;

    NXD_TRY(x509_der_expect(&der, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&der));
    /* Version 0 (two primes); multi-prime keys (version 1) are not supported. */
    NXD_TRY(x509_der_small_uint(&seq, 0, &version));
    NXD_TRY(x509_der_uint_bytes(&seq, &n));
    NXD_TRY(x509_der_uint_bytes(&seq, &e));
    NXD_TRY(x509_der_uint_bytes(&seq, &out->scalar));
    NXD_TRY(x509_der_uint_bytes(&seq, &out->p));
    NXD_TRY(x509_der_uint_bytes(&seq, &out->q));
    NXD_TRY(
        x509_der_uint_bytes(&seq, &skip)); /* dP, dQ, qInv: the method recomputes what it needs */
    NXD_TRY(x509_der_uint_bytes(&seq, &skip));
    NXD_TRY(x509_der_uint_bytes(&seq, &skip));
    NXD_TRY(x509_der_done(&seq));
    NXD_ENSURE(x509_der_equals(n, cert->nx_secure_x509_public_key,
                               cert->nx_secure_x509_public_key_length) &&
                   x509_der_equals(e, cert->nx_secure_x509_public_exponent,
                                   cert->nx_secure_x509_public_exponent_length),
               NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    return NX_SUCCESS;
}

/* ec_private_key reads ECPrivateKey (RFC 5915 3); curve_from_pkcs8 is the curve named by an
 * enclosing PKCS #8 AlgorithmIdentifier, or 0. */
static UINT ec_private_key(struct wire_rd der, UINT curve_from_pkcs8,
                           const NX_SECURE_X509_CERT *cert, struct key_parts *out)
{
    struct wire_rd seq;
    struct wire_rd field;
    bool present;
    uint32_t version;
    UINT curve = curve_from_pkcs8;

    NXD_TRY(x509_der_expect(&der, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&der));
    NXD_TRY(x509_der_small_uint(&seq, 1, &version));
    NXD_ENSURE(version == 1, NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    NXD_TRY(x509_der_expect(&seq, X509_DER_OCTET_STRING, &out->scalar));
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(0), &field, &present));
    if (present) {
        struct wire_rd oid;
        NXD_TRY(x509_der_oid(&field, &oid));
        NXD_TRY(x509_der_done(&field));
        UINT named = x509_oid_lookup(oid, X509_OID_CURVE);
        NXD_ENSURE(curve == 0 || curve == named, NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
        curve = named;
    }
    NXD_ENSURE(curve == 0 || curve == cert->nx_secure_x509_public_key_curve,
               NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(1), &field, &present));
    if (present) {
        struct wire_rd point;
        uint8_t unused;
        NXD_TRY(x509_der_bit_string(&field, &point, &unused));
        NXD_TRY(x509_der_done(&field));
        NXD_ENSURE(unused == 0 && x509_der_equals(point, cert->nx_secure_x509_public_key,
                                                  cert->nx_secure_x509_public_key_length),
                   NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    }
    NXD_TRY(x509_der_done(&seq));
    /* RFC 5915 3: privateKey is ceiling(log2(n)/8) octets: the field size of the curve. */
    size_t field_bytes = (size_t)(cert->nx_secure_x509_public_key_length - 1u) / 2u;
    NXD_ENSURE(out->scalar.len == field_bytes, NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    return NX_SUCCESS;
}

/* pkcs8 reads PrivateKeyInfo / OneAsymmetricKey (RFC 5208 5, RFC 5958 2) and the key inside. */
static UINT pkcs8(struct wire_rd der, UINT want_algorithm, const NX_SECURE_X509_CERT *cert,
                  struct key_parts *out)
{
    struct wire_rd seq;
    struct wire_rd alg;
    struct wire_rd oid;
    struct wire_rd inner;
    uint32_t version;

    NXD_TRY(x509_der_expect(&der, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&der));
    NXD_TRY(x509_der_small_uint(&seq, 1, &version));
    NXD_TRY(x509_der_expect(&seq, X509_DER_SEQUENCE, &alg));
    NXD_TRY(x509_der_oid(&alg, &oid));
    NXD_TRY(x509_der_expect(&seq, X509_DER_OCTET_STRING, &inner));
    /* attributes [0] and publicKey [1] may follow; neither is needed. */
    UINT algorithm = x509_oid_lookup(oid, X509_OID_PUBLIC_KEY);
    NXD_ENSURE(algorithm == want_algorithm, NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    if (algorithm == NX_SECURE_TLS_X509_TYPE_RSA) {
        NXD_TRY(x509_der_null(&alg));
        NXD_TRY(x509_der_done(&alg));
        return rsa_private_key(inner, cert, out);
    }
    struct wire_rd curve_oid;
    NXD_TRY(x509_der_oid(&alg, &curve_oid));
    NXD_TRY(x509_der_done(&alg));
    UINT curve = x509_oid_lookup(curve_oid, X509_OID_CURVE);
    NXD_ENSURE(curve != 0, NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    return ec_private_key(inner, curve, cert, out);
}

/* is_pkcs8: PrivateKeyInfo has an AlgorithmIdentifier SEQUENCE after the version; RSAPrivateKey has
 * the modulus INTEGER and ECPrivateKey the key OCTET STRING there. */
static bool is_pkcs8(struct wire_rd der)
{
    struct wire_rd seq;
    uint8_t tag;
    struct wire_rd body;

    return x509_der_expect(&der, X509_DER_SEQUENCE, &seq) == NX_SUCCESS &&
           x509_der_read(&seq, &tag, &body) == NX_SUCCESS && tag == X509_DER_INTEGER &&
           x509_der_peek(&seq, X509_DER_SEQUENCE);
}

static UINT parse_key(NX_SECURE_X509_CERT *cert, struct wire_rd der, UINT type,
                      struct key_parts *parts)
{
    UINT want;

    if (type == NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER) {
        want = NX_SECURE_TLS_X509_TYPE_RSA;
    } else if (type == NX_SECURE_X509_KEY_TYPE_EC_DER) {
        want = NX_SECURE_TLS_X509_TYPE_EC;
    } else {
        return NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE;
    }
    NXD_ENSURE(cert->nx_secure_x509_public_algorithm == want,
               NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    if (is_pkcs8(der)) {
        return pkcs8(der, want, cert, parts);
    }
    if (want == NX_SECURE_TLS_X509_TYPE_RSA) {
        return rsa_private_key(der, cert, parts);
    }
    return ec_private_key(der, 0, cert, parts);
}

UINT x509_key_parse(NX_SECURE_X509_CERT *cert, const UCHAR *key, size_t len, UINT type)
{
    struct key_parts parts;

    memset(&parts, 0, sizeof parts);
    NXD_ENSURE(key != NX_NULL && len != 0 && len <= 0xFFFFu, NX_SECURE_PKCS1_INVALID_PRIVATE_KEY);
    if (type == NX_SECURE_X509_KEY_TYPE_HARDWARE ||
        (type & NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK) != 0) {
        /* Opaque: handed to the application's crypto method unchanged (docs/netx-api.md 6.6). */
    } else {
        UINT status = parse_key(cert, wire_rd_init(key, len), type, &parts);
        if (status != NX_SUCCESS) {
            /* Anything but a type mismatch is a malformed key. */
            return status == NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
                       ? status
                       : NX_SECURE_PKCS1_INVALID_PRIVATE_KEY;
        }
    }
    cert->nx_secure_x509_private_key = key;
    cert->nx_secure_x509_private_key_length = (USHORT)len;
    cert->nx_secure_x509_private_key_scalar = parts.scalar.p;
    cert->nx_secure_x509_private_key_scalar_length = (USHORT)parts.scalar.len;
    cert->nx_secure_x509_private_key_p = parts.p.p;
    cert->nx_secure_x509_private_key_p_length = (USHORT)parts.p.len;
    cert->nx_secure_x509_private_key_q = parts.q.p;
    cert->nx_secure_x509_private_key_q_length = (USHORT)parts.q.len;
    cert->nx_secure_x509_private_key_type = type;
    cert->nx_secure_x509_certificate_is_identity_cert = NX_TRUE;
    return NX_SUCCESS;
}
