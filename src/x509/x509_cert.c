/* SPDX-License-Identifier: MIT */
#include "x509/x509_cert.h"

#include <stdint.h>
#include <string.h>

#include "x509/x509_der.h"
#include "x509/x509_ext.h"
#include "x509/x509_key.h"
#include "x509/x509_name.h"
#include "x509/x509_oid.h"
#include "x509/x509_time.h"

#define RSA_MIN_BITS 1024u
#define RSA_MAX_BITS 4096u

/* hash_of_signature: the digest each (non-PSS) signature id uses. */
static UINT hash_of_signature(UINT id)
{
    switch (id) {
    case NX_SECURE_TLS_X509_TYPE_RSA_MD5:
        return NX_CRYPTO_HASH_MD5;
    case NX_SECURE_TLS_X509_TYPE_RSA_SHA_1:
    case NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1:
        return NX_CRYPTO_HASH_SHA1;
    case NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_224:
        return NX_CRYPTO_HASH_SHA224;
    case NX_SECURE_TLS_X509_TYPE_RSA_SHA_256:
    case NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256:
        return NX_CRYPTO_HASH_SHA256;
    case NX_SECURE_TLS_X509_TYPE_RSA_SHA_384:
    case NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384:
        return NX_CRYPTO_HASH_SHA384;
    case NX_SECURE_TLS_X509_TYPE_RSA_SHA_512:
    case NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512:
        return NX_CRYPTO_HASH_SHA512;
    default:
        return 0;
    }
}

static bool is_ecdsa(UINT id)
{
    return id >= NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1 && id <= NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512;
}

/* hash_alg_param reads a hash AlgorithmIdentifier inside RSA-PSS parameters; NULL parameters or
 * none are both seen in the field (RFC 4055 2.1 says absent, many encoders write NULL). */
static UINT hash_alg_param(struct wire_rd *r, UINT *hash)
{
    struct wire_rd alg;
    struct wire_rd oid;

    NXD_TRY(x509_der_expect(r, X509_DER_SEQUENCE, &alg));
    NXD_TRY(x509_der_oid(&alg, &oid));
    if (!wire_done(&alg)) {
        NXD_TRY(x509_der_null(&alg));
    }
    NXD_TRY(x509_der_done(&alg));
    *hash = x509_oid_lookup(oid, X509_OID_HASH);
    return NX_SUCCESS;
}

/* pss_params reads RSASSA-PSS-params (RFC 4055 3.1). */
static UINT pss_params(struct wire_rd params, UINT *id, UINT *hash, USHORT *salt_len)
{
    struct wire_rd seq;
    struct wire_rd field;
    bool present;
    UINT h = NX_CRYPTO_HASH_SHA1; /* the defaults: SHA-1, MGF1-SHA-1, salt 20, trailer 1 */
    UINT mgf_hash = NX_CRYPTO_HASH_SHA1;
    uint32_t salt = 20;
    uint32_t trailer = 1;

    NXD_TRY(x509_der_expect(&params, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&params));
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(0), &field, &present));
    if (present) {
        NXD_TRY(hash_alg_param(&field, &h));
        NXD_TRY(x509_der_done(&field));
    }
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(1), &field, &present));
    if (present) {
        struct wire_rd mgf;
        struct wire_rd oid;
        NXD_TRY(x509_der_expect(&field, X509_DER_SEQUENCE, &mgf));
        NXD_TRY(x509_der_done(&field));
        NXD_TRY(x509_der_oid(&mgf, &oid));
        NXD_ENSURE(x509_oid_lookup(oid, X509_OID_MGF) == 1,
                   NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM);
        NXD_TRY(hash_alg_param(&mgf, &mgf_hash));
        NXD_TRY(x509_der_done(&mgf));
    }
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(2), &field, &present));
    if (present) {
        NXD_TRY(x509_der_small_uint(&field, 1024, &salt));
        NXD_TRY(x509_der_done(&field));
    }
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(3), &field, &present));
    if (present) {
        NXD_TRY(x509_der_small_uint(&field, 255, &trailer));
        NXD_TRY(x509_der_done(&field));
    }
    NXD_TRY(x509_der_done(&seq));
    NXD_ENSURE(trailer == 1 && mgf_hash == h, NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM);
    switch (h) {
    case NX_CRYPTO_HASH_SHA256:
        *id = NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256;
        break;
    case NX_CRYPTO_HASH_SHA384:
        *id = NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_384;
        break;
    case NX_CRYPTO_HASH_SHA512:
        *id = NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_512;
        break;
    default:
        return NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM;
    }
    *hash = h;
    *salt_len = (USHORT)salt;
    return NX_SUCCESS;
}

UINT x509_sigalg_parse(struct wire_rd alg, UINT *id, UINT *hash, USHORT *salt_len)
{
    struct wire_rd oid;

    NXD_TRY(x509_der_oid(&alg, &oid));
    UINT sig = x509_oid_lookup(oid, X509_OID_SIGNATURE);
    *salt_len = 0;
    if (sig == NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256) {
        /* id-RSASSA-PSS: parameters are required and name the hash. */
        return pss_params(alg, id, hash, salt_len);
    }
    if (is_ecdsa(sig)) {
        /* RFC 5758 3.2: the parameters MUST be absent. */
        NXD_TRY(x509_der_done(&alg));
    } else if (!wire_done(&alg)) {
        /* RFC 8017 A.2.4: NULL parameters for PKCS #1 v1.5; unknown algorithms keep theirs unread. */
        if (sig != NX_SECURE_TLS_X509_TYPE_UNKNOWN) {
            NXD_TRY(x509_der_null(&alg));
            NXD_TRY(x509_der_done(&alg));
        }
    }
    *id = sig;
    *hash = hash_of_signature(sig);
    return NX_SUCCESS;
}

/* bit_length: the number of significant bits of a big-endian magnitude without leading zero bytes. */
static size_t bit_length(struct wire_rd mag)
{
    uint8_t top;

    if (!wire_peek_u8(&mag, &top) || top == 0) {
        return 0;
    }
    size_t bits = mag.len * 8;
    for (uint8_t mask = 0x80; (top & mask) == 0; mask >>= 1) {
        bits--;
    }
    return bits;
}

static UINT rsa_public_key(struct wire_rd key, NX_SECURE_X509_CERT *cert)
{
    struct wire_rd seq;
    struct wire_rd modulus;
    struct wire_rd exponent;
    uint8_t last = 0;

    /* RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
    NXD_ENSURE(x509_der_expect(&key, X509_DER_SEQUENCE, &seq) == NX_SUCCESS &&
                   x509_der_uint_bytes(&seq, &modulus) == NX_SUCCESS &&
                   x509_der_uint_bytes(&seq, &exponent) == NX_SUCCESS && wire_done(&seq) &&
                   wire_done(&key),
               NX_SECURE_X509_INVALID_PUBLIC_KEY);
    size_t bits = bit_length(modulus);
    NXD_ENSURE(bits >= RSA_MIN_BITS && bits <= RSA_MAX_BITS && bits % 8 == 0,
               NX_SECURE_X509_INVALID_PUBLIC_KEY);
    /* An odd exponent of at most 4 octets, at least 3 (RFC 8017 3.1; larger ones are not in use). */
    struct wire_rd tail = exponent;
    NXD_ENSURE(exponent.len <= 4 && wire_skip(&tail, exponent.len - 1) &&
                   wire_get_u8(&tail, &last) && (last & 1u) == 1u &&
                   (exponent.len > 1 || last >= 3),
               NX_SECURE_X509_INVALID_PUBLIC_KEY);
    cert->nx_secure_x509_public_key = modulus.p;
    cert->nx_secure_x509_public_key_length = (USHORT)modulus.len;
    cert->nx_secure_x509_public_exponent = exponent.p;
    cert->nx_secure_x509_public_exponent_length = (USHORT)exponent.len;
    cert->nx_secure_x509_public_key_bits = (USHORT)bits;
    return NX_SUCCESS;
}

/* curve_field_bytes: the size of one coordinate of each supported curve. */
static size_t curve_field_bytes(UINT curve)
{
    switch (curve) {
    case NX_CRYPTO_EC_SECP256R1:
        return 32;
    case NX_CRYPTO_EC_SECP384R1:
        return 48;
    case NX_CRYPTO_EC_SECP521R1:
        return 66;
    default:
        return 0;
    }
}

static UINT ec_public_key(struct wire_rd params, struct wire_rd point, NX_SECURE_X509_CERT *cert)
{
    struct wire_rd oid;
    uint8_t form;

    /* RFC 5480 2.1.1: ECParameters must be a namedCurve; implicitCurve and specifiedCurve are not
     * allowed in PKIX. */
    NXD_ENSURE(x509_der_peek(&params, X509_DER_OID), NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER);
    NXD_TRY(x509_der_oid(&params, &oid));
    NXD_TRY(x509_der_done(&params));
    UINT curve = x509_oid_lookup(oid, X509_OID_CURVE);
    size_t field = curve_field_bytes(curve);
    NXD_ENSURE(field != 0, NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER);
    /* RFC 5480 2.2: only the uncompressed form, 04 || X || Y. */
    NXD_ENSURE(point.len == 2 * field + 1 && wire_peek_u8(&point, &form) && form == 0x04,
               NX_SECURE_X509_INVALID_PUBLIC_KEY);
    cert->nx_secure_x509_public_key = point.p;
    cert->nx_secure_x509_public_key_length = (USHORT)point.len;
    cert->nx_secure_x509_public_key_curve = curve;
    cert->nx_secure_x509_public_key_bits =
        (USHORT)(curve == NX_CRYPTO_EC_SECP521R1 ? 521 : field * 8);
    return NX_SUCCESS;
}

UINT x509_spki_parse(struct wire_rd spki, NX_SECURE_X509_CERT *cert)
{
    struct wire_rd alg;
    struct wire_rd oid;
    struct wire_rd key;
    uint8_t unused;

    NXD_TRY(x509_der_expect(&spki, X509_DER_SEQUENCE, &alg));
    NXD_TRY(x509_der_oid(&alg, &oid));
    NXD_ENSURE(x509_der_peek(&spki, X509_DER_BIT_STRING), NX_SECURE_X509_MISSING_PUBLIC_KEY);
    NXD_TRY(x509_der_bit_string(&spki, &key, &unused));
    NXD_TRY(x509_der_done(&spki));
    NXD_ENSURE(unused == 0, NX_SECURE_X509_INVALID_PUBLIC_KEY);
    UINT algorithm = x509_oid_lookup(oid, X509_OID_PUBLIC_KEY);
    if (algorithm == NX_SECURE_TLS_X509_TYPE_RSA) {
        /* RFC 3279 2.3.1: the parameters MUST be NULL. */
        NXD_TRY(x509_der_null(&alg));
        NXD_TRY(x509_der_done(&alg));
        NXD_TRY(rsa_public_key(key, cert));
    } else if (algorithm == NX_SECURE_TLS_X509_TYPE_EC) {
        NXD_TRY(ec_public_key(alg, key, cert));
    } else {
        return NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER;
    }
    cert->nx_secure_x509_public_algorithm = algorithm;
    return NX_SUCCESS;
}

static UINT parse_validity(struct wire_rd *tbs, NX_SECURE_X509_CERT *cert)
{
    struct wire_rd validity;
    struct wire_rd before;
    struct wire_rd after;
    uint8_t before_tag;
    uint8_t after_tag;

    NXD_TRY(x509_der_expect(tbs, X509_DER_SEQUENCE, &validity));
    NXD_TRY(x509_der_read(&validity, &before_tag, &before));
    NXD_TRY(x509_der_read(&validity, &after_tag, &after));
    NXD_TRY(x509_der_done(&validity));
    NXD_TRY(x509_time_parse(before_tag, before, &cert->nx_secure_x509_not_before_seconds));
    NXD_TRY(x509_time_parse(after_tag, after, &cert->nx_secure_x509_not_after_seconds));
    cert->nx_secure_x509_not_before = before.p;
    cert->nx_secure_x509_not_before_length = (USHORT)before.len;
    cert->nx_secure_x509_not_after = after.p;
    cert->nx_secure_x509_not_after_length = (USHORT)after.len;
    cert->nx_secure_x509_validity_format = before_tag;
    return NX_SUCCESS;
}

static UINT parse_name_field(struct wire_rd *tbs, NX_SECURE_X509_DISTINGUISHED_NAME *dn,
                             const UCHAR **raw, UINT *raw_len, size_t *rdns)
{
    struct wire_rd name;
    struct wire_rd tlv;
    uint8_t tag;

    NXD_TRY(x509_der_read_tlv(tbs, &tag, &name, &tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_TRY(x509_name_parse(name, dn, rdns));
    *raw = tlv.p;
    *raw_len = (UINT)tlv.len;
    return NX_SUCCESS;
}

/* parse_tbs reads TBSCertificate (RFC 5280 4.1.2). */
static UINT parse_tbs(struct wire_rd tbs, NX_SECURE_X509_CERT *cert, struct wire_rd *inner_alg_out)
{
    struct wire_rd field;
    struct wire_rd tlv;
    bool present;
    uint32_t version = 0;
    size_t issuer_rdns;
    size_t subject_rdns;
    uint8_t tag;

    NXD_TRY(x509_der_optional(&tbs, X509_DER_CONTEXT_CONS(0), &field, &present));
    if (present) {
        NXD_ENSURE(x509_der_small_uint(&field, 2, &version) == NX_SUCCESS && wire_done(&field),
                   NX_SECURE_X509_INVALID_VERSION);
        /* DER: the DEFAULT v1 is never encoded (X.690 11.5). */
        NXD_ENSURE(version != 0, NX_SECURE_X509_INVALID_VERSION);
    }
    cert->nx_secure_x509_version = (USHORT)version;

    NXD_TRY(x509_der_integer(&tbs, &field));
    cert->nx_secure_x509_serial_number = field.p;
    cert->nx_secure_x509_serial_number_length = (USHORT)field.len;

    NXD_ENSURE(x509_der_peek(&tbs, X509_DER_SEQUENCE), NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM);
    NXD_TRY(x509_der_read_tlv(&tbs, &tag, &field, inner_alg_out));

    NXD_TRY(parse_name_field(&tbs, &cert->nx_secure_x509_issuer, &cert->nx_secure_x509_issuer_raw,
                             &cert->nx_secure_x509_issuer_raw_length, &issuer_rdns));
    /* RFC 5280 4.1.2.4: the issuer MUST be a non-empty distinguished name. */
    NXD_ENSURE(issuer_rdns != 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    NXD_TRY(parse_validity(&tbs, cert));
    NXD_TRY(parse_name_field(&tbs, &cert->nx_secure_x509_distinguished_name,
                             &cert->nx_secure_x509_subject_raw,
                             &cert->nx_secure_x509_subject_raw_length, &subject_rdns));

    NXD_ENSURE(x509_der_peek(&tbs, X509_DER_SEQUENCE), NX_SECURE_X509_MISSING_PUBLIC_KEY);
    NXD_TRY(x509_der_read_tlv(&tbs, &tag, &field, &tlv));
    cert->nx_secure_x509_spki = tlv.p;
    cert->nx_secure_x509_spki_length = (UINT)tlv.len;
    NXD_TRY(x509_spki_parse(field, cert));

    /* issuerUniqueID [1] and subjectUniqueID [2]: v2 or v3 only (RFC 5280 4.1.2.8). */
    NXD_TRY(x509_der_optional(&tbs, X509_DER_CONTEXT(1), &field, &present));
    NXD_ENSURE(!present || version >= 1, NX_SECURE_X509_INVALID_VERSION);
    NXD_TRY(x509_der_optional(&tbs, X509_DER_CONTEXT(2), &field, &present));
    NXD_ENSURE(!present || version >= 1, NX_SECURE_X509_INVALID_VERSION);
    /* extensions [3]: v3 only (RFC 5280 4.1.2.9), SEQUENCE SIZE (1..MAX). */
    NXD_TRY(x509_der_optional(&tbs, X509_DER_CONTEXT_CONS(3), &field, &present));
    if (present) {
        struct wire_rd exts;
        NXD_ENSURE(version == 2, NX_SECURE_X509_INVALID_VERSION);
        NXD_ENSURE(x509_der_expect(&field, X509_DER_SEQUENCE, &exts) == NX_SUCCESS &&
                       wire_done(&field) && !wire_done(&exts),
                   NX_SECURE_X509_INVALID_EXTENSIONS);
        cert->nx_secure_x509_extensions = exts.p;
        cert->nx_secure_x509_extensions_length = (UINT)exts.len;
        NXD_TRY(x509_ext_parse_all(cert));
    } else {
        cert->nx_secure_x509_path_len_constraint = -1;
    }
    NXD_TRY(x509_der_done(&tbs));

    /* RFC 5280 4.1.2.6: an empty subject needs a critical subjectAltName. */
    NXD_ENSURE(subject_rdns != 0 || (cert->nx_secure_x509_subject_alt_names != NX_NULL &&
                                     cert->nx_secure_x509_san_critical),
               NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    cert->nx_secure_x509_self_signed =
        x509_name_equal(cert->nx_secure_x509_subject_raw, cert->nx_secure_x509_subject_raw_length,
                        cert->nx_secure_x509_issuer_raw, cert->nx_secure_x509_issuer_raw_length)
            ? 1
            : 0;
    return NX_SUCCESS;
}

static UINT parse_certificate(NX_SECURE_X509_CERT *cert, const UCHAR *der, size_t len)
{
    struct wire_rd in = wire_rd_init(der, len);
    struct wire_rd top;
    struct wire_rd tbs;
    struct wire_rd tbs_tlv;
    struct wire_rd outer_alg;
    struct wire_rd outer_alg_tlv;
    struct wire_rd inner_alg_tlv;
    struct wire_rd sig;
    uint8_t tag;
    uint8_t unused;

    NXD_ENSURE(x509_der_peek(&in, X509_DER_SEQUENCE), NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE);
    NXD_TRY(x509_der_expect(&in, X509_DER_SEQUENCE, &top));
    /* The buffer holds one certificate and nothing after it. */
    NXD_ENSURE(wire_done(&in), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    NXD_TRY(x509_der_read_tlv(&top, &tag, &tbs, &tbs_tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_ENSURE(x509_der_peek(&top, X509_DER_SEQUENCE), NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM);
    NXD_TRY(x509_der_read_tlv(&top, &tag, &outer_alg, &outer_alg_tlv));
    NXD_TRY(x509_der_bit_string(&top, &sig, &unused));
    NXD_TRY(x509_der_done(&top));
    NXD_ENSURE(unused == 0 && sig.len != 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);

    NXD_TRY(parse_tbs(tbs, cert, &inner_alg_tlv));
    /* RFC 5280 4.1.1.2: signatureAlgorithm MUST be the same as TBSCertificate.signature. */
    NXD_ENSURE(x509_der_equals(inner_alg_tlv, outer_alg_tlv.p, outer_alg_tlv.len),
               NX_SECURE_X509_WRONG_SIGNATURE_METHOD);
    UINT sig_id;
    NXD_TRY(x509_sigalg_parse(outer_alg, &sig_id, &cert->nx_secure_x509_signature_hash,
                              &cert->nx_secure_x509_pss_salt_length));
    cert->nx_secure_x509_signature_algorithm = sig_id;
    /* The parameters, for whoever needs them again (RSA-PSS). */
    {
        struct wire_rd params = outer_alg;
        struct wire_rd oid;
        NXD_TRY(x509_der_oid(&params, &oid));
        cert->nx_secure_x509_signature_params = params.len != 0 ? params.p : NX_NULL;
        cert->nx_secure_x509_signature_params_length = (UINT)params.len;
    }
    cert->nx_secure_x509_tbs = tbs_tlv.p;
    cert->nx_secure_x509_tbs_length = (UINT)tbs_tlv.len;
    cert->nx_secure_x509_signature_data = sig.p;
    cert->nx_secure_x509_signature_data_length = (UINT)sig.len;
    /* The NetX member is not const; the DER is never written through it by this layer. */
    cert->nx_secure_x509_certificate_raw_data = (UCHAR *)(uintptr_t)der;
    cert->nx_secure_x509_certificate_raw_data_length = (UINT)len;
    return NX_SUCCESS;
}

UINT x509_certificate_parse(NX_SECURE_X509_CERT *cert, const UCHAR *der, size_t len)
{
    memset(cert, 0, sizeof *cert);
    if (der == NX_NULL || len == 0) {
        return NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE;
    }
    UINT status = parse_certificate(cert, der, len);
    if (status != NX_SUCCESS) {
        memset(cert, 0, sizeof *cert);
    }
    return status;
}

NXD_X509_EXPORT UINT nx_secure_x509_certificate_initialize(NX_SECURE_X509_CERT *certificate,
                                                           UCHAR *certificate_data, USHORT length,
                                                           UCHAR *raw_data_buffer,
                                                           USHORT buffer_size,
                                                           const UCHAR *private_key,
                                                           USHORT priv_len, UINT private_key_type)
{
    const UCHAR *der = certificate_data;

    NXD_ENSURE(certificate != NX_NULL && certificate_data != NX_NULL && length != 0, NX_PTR_ERROR);
    if (raw_data_buffer != NX_NULL) {
        NXD_ENSURE(length <= buffer_size, NX_SECURE_X509_INSUFFICIENT_CERT_SPACE);
        memmove(raw_data_buffer, certificate_data, length);
        der = raw_data_buffer;
    }
    /* C13: every parse failure is NX_SECURE_X509_INVALID_CERTIFICATE, as NetX returns; the precise
     * code is x509_certificate_parse's. */
    NXD_ENSURE(x509_certificate_parse(certificate, der, length) == NX_SUCCESS,
               NX_SECURE_X509_INVALID_CERTIFICATE);
    if (raw_data_buffer != NX_NULL) {
        certificate->nx_secure_x509_certificate_raw_buffer_size = buffer_size;
    }
    if (private_key != NX_NULL && priv_len != 0) {
        UINT status = x509_key_parse(certificate, private_key, priv_len, private_key_type);
        if (status != NX_SUCCESS) {
            memset(certificate, 0, sizeof *certificate);
            return status;
        }
    } else {
        certificate->nx_secure_x509_private_key_type = NX_SECURE_X509_KEY_TYPE_NONE;
    }
    return NX_SUCCESS;
}
