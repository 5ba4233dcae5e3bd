/* SPDX-License-Identifier: MIT */
#include "x509/x509_ext.h"

#include <string.h>

#include "x509/x509_der.h"
#include "x509/x509_name.h"
#include "x509/x509_oid.h"

UINT x509_ext_next(struct wire_rd *exts, int lookup_kind, struct x509_ext *out)
{
    struct wire_rd in = *exts;
    struct wire_rd ext;
    struct wire_rd oid;
    struct wire_rd value;
    bool critical = false;

    /* RFC 5280 4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }. */
    NXD_TRY(x509_der_expect(&in, X509_DER_SEQUENCE, &ext));
    NXD_TRY(x509_der_oid(&ext, &oid));
    if (x509_der_peek(&ext, X509_DER_BOOLEAN)) {
        NXD_TRY(x509_der_boolean(&ext, &critical));
    }
    NXD_TRY(x509_der_expect(&ext, X509_DER_OCTET_STRING, &value));
    NXD_TRY(x509_der_done(&ext));
    out->id = x509_oid_lookup(oid, (enum x509_oid_kind)lookup_kind);
    out->critical = critical;
    out->oid = oid;
    out->value = value;
    *exts = in;
    return NX_SUCCESS;
}

static bool is_ascii(struct wire_rd s)
{
    uint8_t c;

    while (wire_get_u8(&s, &c)) {
        if (c >= 0x80) {
            return false;
        }
    }
    return true;
}

UINT x509_general_name_next(struct wire_rd *names, uint8_t *tag, struct wire_rd *value)
{
    struct wire_rd in = *names;
    struct wire_rd v;
    uint8_t t;

    NXD_TRY(x509_der_read(&in, &t, &v));
    switch (t) {
    case X509_GN_OTHER_NAME: {
        /* OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY } */
        struct wire_rd scan = v;
        struct wire_rd oid;
        struct wire_rd any;
        NXD_TRY(x509_der_oid(&scan, &oid));
        NXD_TRY(x509_der_expect(&scan, X509_DER_CONTEXT_CONS(0), &any));
        NXD_TRY(x509_der_done(&scan));
        break;
    }
    case X509_GN_RFC822_NAME:
    case X509_GN_DNS_NAME:
    case X509_GN_URI:
        /* IA5String: 7-bit characters only. */
        NXD_ENSURE(is_ascii(v), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        break;
    case X509_GN_DIRECTORY: {
        /* [4] EXPLICIT Name */
        struct wire_rd scan = v;
        struct wire_rd name;
        NX_SECURE_X509_DISTINGUISHED_NAME dn;
        size_t rdns;
        NXD_TRY(x509_der_expect(&scan, X509_DER_SEQUENCE, &name));
        NXD_TRY(x509_der_done(&scan));
        NXD_TRY(x509_name_parse(name, &dn, &rdns));
        break;
    }
    case X509_GN_X400_ADDRESS:
    case X509_GN_EDI_PARTY:
    case X509_GN_IP_ADDRESS:
        break;
    case X509_GN_REGISTERED_ID:
        NXD_ENSURE(v.len != 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        break;
    default:
        return NX_SECURE_X509_UNEXPECTED_ASN1_TAG;
    }
    *tag = t;
    *value = v;
    *names = in;
    return NX_SUCCESS;
}

/* parse_basic_constraints: RFC 5280 4.2.1.9. */
static UINT parse_basic_constraints(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;
    bool ca = false;

    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    if (x509_der_peek(&seq, X509_DER_BOOLEAN)) {
        NXD_TRY(x509_der_boolean(&seq, &ca));
    }
    cert->nx_secure_x509_path_len_constraint = -1;
    if (!wire_done(&seq)) {
        uint32_t path_len;
        NXD_TRY(x509_der_small_uint(&seq, 255, &path_len));
        cert->nx_secure_x509_path_len_constraint = (INT)path_len;
    }
    NXD_TRY(x509_der_done(&seq));
    cert->nx_secure_x509_is_ca = ca ? 1 : 0;
    cert->nx_secure_x509_basic_constraints_present = 1;
    cert->nx_secure_x509_basic_constraints_critical = ext->critical ? 1 : 0;
    return NX_SUCCESS;
}

/* key_usage_bits decodes a KeyUsage BIT STRING (RFC 5280 4.2.1.3) into NetX's 16-bit field:
 * digitalSignature (bit 0) is 0x8000, decipherOnly (bit 8) is 0x0080. */
static UINT key_usage_bits(struct wire_rd value, USHORT *out)
{
    struct wire_rd bits;
    uint8_t unused;
    uint8_t b0 = 0;
    uint8_t b1 = 0;

    NXD_TRY(x509_der_bit_string(&value, &bits, &unused));
    NXD_TRY(x509_der_done(&value));
    NXD_ENSURE(bits.len >= 1 && bits.len <= 2, NX_SECURE_X509_INVALID_EXTENSIONS);
    NXD_ENSURE(wire_get_u8(&bits, &b0), NX_SECURE_X509_INVALID_EXTENSIONS);
    if (!wire_get_u8(&bits, &b1)) {
        b1 = 0;
    }
    *out = (USHORT)(((unsigned)b0 << 8) | b1);
    return NX_SUCCESS;
}

static UINT parse_key_usage(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    USHORT bits;

    NXD_TRY(key_usage_bits(ext->value, &bits));
    /* RFC 5280 4.2.1.3: when the extension appears, at least one bit MUST be set. */
    NXD_ENSURE(bits != 0, NX_SECURE_X509_INVALID_EXTENSIONS);
    cert->nx_secure_x509_key_usage = bits;
    cert->nx_secure_x509_key_usage_present = 1;
    return NX_SUCCESS;
}

static UINT parse_eku(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;
    struct wire_rd scan;

    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    /* RFC 5280 4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId. */
    NXD_ENSURE(!wire_done(&seq), NX_SECURE_X509_INVALID_EXTENSIONS);
    scan = seq;
    while (!wire_done(&scan)) {
        struct wire_rd oid;
        NXD_TRY(x509_der_oid(&scan, &oid));
    }
    cert->nx_secure_x509_ext_key_usage = seq.p;
    cert->nx_secure_x509_ext_key_usage_length = (UINT)seq.len;
    cert->nx_secure_x509_eku_present = 1;
    return NX_SUCCESS;
}

static UINT parse_san(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;
    struct wire_rd scan;
    bool has_dns = false;

    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    /* RFC 5280 4.2.1.6: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName. */
    NXD_ENSURE(!wire_done(&seq), NX_SECURE_X509_INVALID_EXTENSIONS);
    scan = seq;
    while (!wire_done(&scan)) {
        uint8_t tag;
        struct wire_rd name;
        NXD_TRY(x509_general_name_next(&scan, &tag, &name));
        if (tag == X509_GN_DNS_NAME) {
            has_dns = true;
        } else if (tag == X509_GN_IP_ADDRESS) {
            /* RFC 5280 4.2.1.6: four octets for IPv4, sixteen for IPv6. */
            NXD_ENSURE(name.len == 4 || name.len == 16, NX_SECURE_X509_INVALID_EXTENSIONS);
        }
    }
    cert->nx_secure_x509_subject_alt_names = seq.p;
    cert->nx_secure_x509_subject_alt_names_length = (UINT)seq.len;
    cert->nx_secure_x509_san_critical = ext->critical ? 1 : 0;
    cert->nx_secure_x509_san_has_dns = has_dns ? 1 : 0;
    return NX_SUCCESS;
}

static UINT parse_ski(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd id;

    NXD_TRY(x509_der_expect(&value, X509_DER_OCTET_STRING, &id));
    NXD_TRY(x509_der_done(&value));
    NXD_ENSURE(id.len != 0 && id.len <= 64, NX_SECURE_X509_INVALID_EXTENSIONS);
    cert->nx_secure_x509_subject_key_id = id.p;
    cert->nx_secure_x509_subject_key_id_length = (USHORT)id.len;
    return NX_SUCCESS;
}

static UINT parse_aki(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;
    struct wire_rd part;
    bool present;

    /* RFC 5280 4.2.1.1: SEQUENCE { keyIdentifier [0], authorityCertIssuer [1] GeneralNames,
     * authorityCertSerialNumber [2] }, all optional; the last two come together or not at all. */
    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT(0), &part, &present));
    if (present) {
        NXD_ENSURE(part.len != 0 && part.len <= 64, NX_SECURE_X509_INVALID_EXTENSIONS);
        cert->nx_secure_x509_authority_key_id = part.p;
        cert->nx_secure_x509_authority_key_id_length = (USHORT)part.len;
    }
    bool has_issuer;
    bool has_serial;
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT_CONS(1), &part, &has_issuer));
    if (has_issuer) {
        struct wire_rd scan = part;
        NXD_ENSURE(!wire_done(&scan), NX_SECURE_X509_INVALID_EXTENSIONS);
        while (!wire_done(&scan)) {
            uint8_t tag;
            struct wire_rd name;
            NXD_TRY(x509_general_name_next(&scan, &tag, &name));
        }
    }
    NXD_TRY(x509_der_optional(&seq, X509_DER_CONTEXT(2), &part, &has_serial));
    NXD_TRY(x509_der_done(&seq));
    NXD_ENSURE(has_issuer == has_serial, NX_SECURE_X509_INVALID_EXTENSIONS);
    cert->nx_secure_x509_aki_has_issuer_serial = has_issuer ? 1 : 0;
    return NX_SUCCESS;
}

static UINT parse_name_constraints(NX_SECURE_X509_CERT *cert, const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;

    /* Syntax only here (RFC 5280 4.2.1.10); x509_chain applies the constraints. */
    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    cert->nx_secure_x509_name_constraints = seq.p;
    cert->nx_secure_x509_name_constraints_length = (UINT)seq.len;
    return NX_SUCCESS;
}

/* parse_access_info checks AuthorityInfoAccessSyntax / SubjectInfoAccessSyntax (RFC 5280 4.2.2.1-2):
 * SEQUENCE SIZE (1..MAX) OF SEQUENCE { accessMethod OID, accessLocation GeneralName }. */
static UINT parse_access_info(const struct x509_ext *ext)
{
    struct wire_rd value = ext->value;
    struct wire_rd seq;

    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    NXD_TRY(x509_der_done(&value));
    NXD_ENSURE(!wire_done(&seq), NX_SECURE_X509_INVALID_EXTENSIONS);
    while (!wire_done(&seq)) {
        struct wire_rd desc;
        struct wire_rd oid;
        struct wire_rd location;
        uint8_t tag;
        NXD_TRY(x509_der_expect(&seq, X509_DER_SEQUENCE, &desc));
        NXD_TRY(x509_der_oid(&desc, &oid));
        NXD_TRY(x509_general_name_next(&desc, &tag, &location));
        NXD_TRY(x509_der_done(&desc));
    }
    return NX_SUCCESS;
}

/* critical_allowed: which critical extensions we accept. We accept a critical extension only when
 * we process it (RFC 5280 4.2: a system MUST reject a certificate with a critical extension it does
 * not recognize or cannot process); SKI, AKI and AIA MUST be non-critical (4.2.1.1, 4.2.1.2, 4.2.2.1),
 * so a critical one is malformed. */
static bool critical_allowed(UINT id)
{
    switch (id) {
    case NX_SECURE_TLS_X509_TYPE_BASIC_CONSTRAINTS:
    case NX_SECURE_TLS_X509_TYPE_KEY_USAGE:
    case NX_SECURE_TLS_X509_TYPE_EXTENDED_KEY_USAGE:
    case NX_SECURE_TLS_X509_TYPE_SUBJECT_ALT_NAME:
    case NX_SECURE_TLS_X509_TYPE_NAME_CONSTRAINTS:
        return true;
    default:
        return false;
    }
}

UINT x509_ext_parse_all(NX_SECURE_X509_CERT *cert)
{
    struct wire_rd exts =
        wire_rd_init(cert->nx_secure_x509_extensions, cert->nx_secure_x509_extensions_length);
    struct wire_rd seen[X509_EXT_MAX];
    size_t count = 0;

    cert->nx_secure_x509_path_len_constraint = -1;
    while (!wire_done(&exts)) {
        struct x509_ext ext;
        NXD_TRY(x509_ext_next(&exts, X509_OID_EXTENSION, &ext));
        /* RFC 5280 4.2: a certificate MUST NOT include more than one instance of an extension. */
        NXD_ENSURE(count < X509_EXT_MAX, NX_SECURE_X509_INVALID_EXTENSIONS);
        for (size_t i = 0; i < count; i++) {
            NXD_ENSURE(!x509_der_equals(seen[i], ext.oid.p, ext.oid.len),
                       NX_SECURE_X509_INVALID_EXTENSIONS);
        }
        seen[count++] = ext.oid;
        NXD_ENSURE(!ext.critical || critical_allowed(ext.id), NX_SECURE_X509_INVALID_EXTENSIONS);
        UINT status = NX_SUCCESS;
        switch (ext.id) {
        case NX_SECURE_TLS_X509_TYPE_BASIC_CONSTRAINTS:
            status = parse_basic_constraints(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_KEY_USAGE:
            status = parse_key_usage(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_EXTENDED_KEY_USAGE:
            status = parse_eku(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_SUBJECT_ALT_NAME:
            status = parse_san(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_SUBJECT_KEY_ID:
            status = parse_ski(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_AUTHORITY_KEY_ID:
            status = parse_aki(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_NAME_CONSTRAINTS:
            status = parse_name_constraints(cert, &ext);
            break;
        case NX_SECURE_TLS_X509_TYPE_PKIX_AIA:
        case NX_SECURE_TLS_X509_TYPE_PKIX_SIA:
            status = parse_access_info(&ext);
            break;
        default:
            break;
        }
        /* A value that breaks its own syntax makes the extension, not the certificate's DER, invalid. */
        NXD_ENSURE(status == NX_SUCCESS, NX_SECURE_X509_INVALID_EXTENSIONS);
    }
    return NX_SUCCESS;
}

bool x509_ext_eku_allows(const NX_SECURE_X509_CERT *cert, UINT purpose)
{
    struct wire_rd scan;

    if (!cert->nx_secure_x509_eku_present) {
        return true;
    }
    scan =
        wire_rd_init(cert->nx_secure_x509_ext_key_usage, cert->nx_secure_x509_ext_key_usage_length);
    while (!wire_done(&scan)) {
        struct wire_rd oid;
        if (x509_der_oid(&scan, &oid) != NX_SUCCESS) {
            return false;
        }
        UINT id = x509_oid_lookup(oid, X509_OID_KEY_PURPOSE);
        if (id == purpose || id == NX_SECURE_TLS_X509_TYPE_ANY_EXTENDED_KEY_USAGE) {
            return true;
        }
    }
    return false;
}

/* find_extension scans the certificate's extensions for the NetX id. */
static UINT find_extension(const NX_SECURE_X509_CERT *cert, USHORT id, struct x509_ext *out)
{
    struct wire_rd exts;

    if (cert->nx_secure_x509_extensions == NX_NULL) {
        return NX_SECURE_X509_EXTENSION_NOT_FOUND;
    }
    exts = wire_rd_init(cert->nx_secure_x509_extensions, cert->nx_secure_x509_extensions_length);
    while (!wire_done(&exts)) {
        NXD_TRY(x509_ext_next(&exts, X509_OID_EXTENSION, out));
        if (out->id == id && id != NX_SECURE_TLS_X509_TYPE_UNKNOWN) {
            return NX_SUCCESS;
        }
    }
    return NX_SECURE_X509_EXTENSION_NOT_FOUND;
}

NXD_X509_EXPORT UINT nx_secure_x509_extension_find(NX_SECURE_X509_CERT *certificate,
                                                   NX_SECURE_X509_EXTENSION *extension,
                                                   USHORT extension_id)
{
    struct x509_ext ext;

    NXD_ENSURE(certificate != NX_NULL && extension != NX_NULL, NX_PTR_ERROR);
    NXD_TRY(find_extension(certificate, extension_id, &ext));
    /* nxdtls: the data is the contents of extnValue, i.e. the extension's own DER value. */
    extension->nx_secure_x509_extension_id = extension_id;
    extension->nx_secure_x509_extension_critical = ext.critical ? 1 : 0;
    extension->nx_secure_x509_extension_data = ext.value.p;
    extension->nx_secure_x509_extension_data_length = (ULONG)ext.value.len;
    return NX_SUCCESS;
}

NXD_X509_EXPORT UINT nx_secure_x509_key_usage_extension_parse(NX_SECURE_X509_CERT *certificate,
                                                              USHORT *bitfield)
{
    struct x509_ext ext;

    NXD_ENSURE(certificate != NX_NULL && bitfield != NX_NULL, NX_PTR_ERROR);
    *bitfield = 0;
    NXD_TRY(find_extension(certificate, NX_SECURE_TLS_X509_TYPE_KEY_USAGE, &ext));
    return key_usage_bits(ext.value, bitfield);
}

NXD_X509_EXPORT UINT
nx_secure_x509_extended_key_usage_extension_parse(NX_SECURE_X509_CERT *certificate, UINT key_usage)
{
    struct x509_ext ext;
    struct wire_rd value;
    struct wire_rd seq;

    NXD_ENSURE(certificate != NX_NULL, NX_PTR_ERROR);
    NXD_TRY(find_extension(certificate, NX_SECURE_TLS_X509_TYPE_EXTENDED_KEY_USAGE, &ext));
    value = ext.value;
    NXD_TRY(x509_der_expect(&value, X509_DER_SEQUENCE, &seq));
    while (!wire_done(&seq)) {
        struct wire_rd oid;
        NXD_TRY(x509_der_oid(&seq, &oid));
        if (x509_oid_lookup(oid, X509_OID_KEY_PURPOSE) == key_usage) {
            return NX_SUCCESS;
        }
    }
    return NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND;
}
