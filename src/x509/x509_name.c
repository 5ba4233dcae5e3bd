/* SPDX-License-Identifier: MIT */
#include "x509/x509_name.h"

#include <string.h>

#include "x509/x509_der.h"
#include "x509/x509_oid.h"

/* is_string_tag: the DirectoryString choices and the other string types attribute values use
 * (RFC 5280 4.1.2.4 and appendix A.1). */
static bool is_string_tag(uint8_t tag)
{
    switch (tag) {
    case X509_DER_UTF8_STRING:
    case X509_DER_PRINTABLE_STRING:
    case X509_DER_TELETEX_STRING:
    case X509_DER_IA5_STRING:
    case X509_DER_UNIVERSAL_STRING:
    case X509_DER_BMP_STRING:
        return true;
    default:
        return false;
    }
}

static void set_field(const UCHAR **ptr, USHORT *len, struct wire_rd value)
{
    if (*ptr == NX_NULL) {
        *ptr = value.p;
        *len = (USHORT)value.len;
    }
}

static void store_attribute(NX_SECURE_X509_DISTINGUISHED_NAME *dn, UINT id, struct wire_rd value)
{
    switch (id) {
    case NX_SECURE_TLS_X509_TYPE_COMMON_NAME:
        set_field(&dn->nx_secure_x509_common_name, &dn->nx_secure_x509_common_name_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_COUNTRY:
        set_field(&dn->nx_secure_x509_country, &dn->nx_secure_x509_country_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_ORGANIZATION:
        set_field(&dn->nx_secure_x509_organization, &dn->nx_secure_x509_organization_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_ORG_UNIT:
        set_field(&dn->nx_secure_x509_org_unit, &dn->nx_secure_x509_org_unit_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_DN_QUALIFIER:
        set_field(&dn->nx_secure_x509_distinguished_name_qualifier,
                  &dn->nx_secure_x509_distinguished_name_qualifier_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_STATE:
        set_field(&dn->nx_secure_x509_state, &dn->nx_secure_x509_state_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_SERIAL_NUMBER:
        set_field(&dn->nx_secure_x509_serial_number, &dn->nx_secure_x509_serial_number_length,
                  value);
        break;
    case NX_SECURE_TLS_X509_TYPE_LOCALITY:
        set_field(&dn->nx_secure_x509_locality, &dn->nx_secure_x509_locality_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_TITLE:
        set_field(&dn->nx_secure_x509_title, &dn->nx_secure_x509_title_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_SURNAME:
        set_field(&dn->nx_secure_x509_surname, &dn->nx_secure_x509_surname_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_GIVEN_NAME:
        set_field(&dn->nx_secure_x509_given_name, &dn->nx_secure_x509_given_name_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_INITIALS:
        set_field(&dn->nx_secure_x509_initials, &dn->nx_secure_x509_initials_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_PSEUDONYM:
        set_field(&dn->nx_secure_x509_pseudonym, &dn->nx_secure_x509_pseudonym_length, value);
        break;
    case NX_SECURE_TLS_X509_TYPE_GENERATION:
        set_field(&dn->nx_secure_x509_generation_qualifier,
                  &dn->nx_secure_x509_generation_qualifier_length, value);
        break;
    default:
        break;
    }
}

UINT x509_name_parse(struct wire_rd contents, NX_SECURE_X509_DISTINGUISHED_NAME *dn,
                     size_t *rdn_count)
{
    size_t count = 0;

    memset(dn, 0, sizeof *dn);
    while (!wire_done(&contents)) {
        struct wire_rd rdn;
        NXD_TRY(x509_der_expect(&contents, X509_DER_SET, &rdn));
        /* RFC 5280 A.1: RelativeDistinguishedName ::= SET SIZE (1..MAX). */
        NXD_ENSURE(!wire_done(&rdn), NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        while (!wire_done(&rdn)) {
            struct wire_rd atv;
            struct wire_rd oid;
            struct wire_rd value;
            uint8_t tag;
            NXD_TRY(x509_der_expect(&rdn, X509_DER_SEQUENCE, &atv));
            NXD_TRY(x509_der_oid(&atv, &oid));
            NXD_TRY(x509_der_read(&atv, &tag, &value));
            NXD_TRY(x509_der_done(&atv));
            UINT id = x509_oid_lookup(oid, X509_OID_ATTRIBUTE);
            if (id != NX_SECURE_TLS_X509_TYPE_UNKNOWN) {
                NXD_ENSURE(is_string_tag(tag), NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
                store_attribute(dn, id, value);
            }
        }
        count++;
    }
    *rdn_count = count;
    return NX_SUCCESS;
}

bool x509_name_equal(const UCHAR *a, UINT a_len, const UCHAR *b, UINT b_len)
{
    return a != NX_NULL && b != NX_NULL && a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* field_differs: 0 when the two attribute values are equal (both absent counts as equal), else 1. */
static INT field_differs(const UCHAR *a, USHORT a_len, const UCHAR *b, USHORT b_len)
{
    if (a_len != b_len) {
        return 1;
    }
    if (a_len == 0) {
        return 0;
    }
    if (a == NX_NULL || b == NX_NULL) {
        return 1;
    }
    return memcmp(a, b, a_len) != 0 ? 1 : 0;
}

/* NetX Secure's comparison of two parsed names over the fields selected by compare_fields
 * (NX_SECURE_X509_NAME_* bits): 0 when every selected field is equal, else non-zero. Every selected field
 * is compared (NetX compares only the common name unless built with NX_SECURE_X509_STRICT_NAME_COMPARE). */
NXD_X509_EXPORT INT _nx_secure_x509_distinguished_name_compare(
    NX_SECURE_X509_DISTINGUISHED_NAME *name, NX_SECURE_X509_DISTINGUISHED_NAME *compare_name,
    ULONG compare_fields)
{
    if (name == NX_NULL || compare_name == NX_NULL) {
        return 1;
    }
    const NX_SECURE_X509_DISTINGUISHED_NAME *a = name;
    const NX_SECURE_X509_DISTINGUISHED_NAME *b = compare_name;
#define NAME_FIELD(bit, f)                                                      \
    ((compare_fields & (ULONG)(bit)) != 0                                       \
         ? field_differs(a->nx_secure_x509_##f, a->nx_secure_x509_##f##_length, \
                         b->nx_secure_x509_##f, b->nx_secure_x509_##f##_length) \
         : 0)
    INT differs = NAME_FIELD(NX_SECURE_X509_NAME_COMMON_NAME, common_name) |
                  NAME_FIELD(NX_SECURE_X509_NAME_COUNTRY, country) |
                  NAME_FIELD(NX_SECURE_X509_NAME_ORGANIZATION, organization) |
                  NAME_FIELD(NX_SECURE_X509_NAME_ORG_UNIT, org_unit) |
                  NAME_FIELD(NX_SECURE_X509_NAME_QUALIFIER, distinguished_name_qualifier) |
                  NAME_FIELD(NX_SECURE_X509_NAME_STATE, state) |
                  NAME_FIELD(NX_SECURE_X509_NAME_SERIAL_NUMBER, serial_number) |
                  NAME_FIELD(NX_SECURE_X509_NAME_LOCALITY, locality) |
                  NAME_FIELD(NX_SECURE_X509_NAME_TITLE, title) |
                  NAME_FIELD(NX_SECURE_X509_NAME_SURNAME, surname) |
                  NAME_FIELD(NX_SECURE_X509_NAME_GIVEN_NAME, given_name) |
                  NAME_FIELD(NX_SECURE_X509_NAME_INITIALS, initials) |
                  NAME_FIELD(NX_SECURE_X509_NAME_PSEUDONYM, pseudonym) |
                  NAME_FIELD(NX_SECURE_X509_NAME_GENERATION_QUALIFIER, generation_qualifier);
#undef NAME_FIELD
    return differs;
}
