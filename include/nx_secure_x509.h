/* SPDX-License-Identifier: MIT */
/* nx_secure_x509.h: X.509 certificates, keys and stores (docs/netx-api.md section 4). Parsed certificates point
 * into the caller's DER (zero copy); stores link the caller's NX_SECURE_X509_CERT structures. */
#ifndef NX_SECURE_X509_H
#define NX_SECURE_X509_H

#include "nx_crypto.h"
#include "tx_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X.509 status codes: the NetX Secure DTLS guide, appendix A table 2, and docs/netx-api.md section 11. */
#define NX_SECURE_X509_SUCCESS                      ((UINT)0x00)
#define NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED    ((UINT)0x181)
#define NX_SECURE_X509_ASN1_LENGTH_TOO_LONG         ((UINT)0x182)
#define NX_SECURE_X509_FOUND_NON_ZERO_PADDING       ((UINT)0x183)
#define NX_SECURE_X509_MISSING_PUBLIC_KEY           ((UINT)0x184)
#define NX_SECURE_X509_INVALID_PUBLIC_KEY           ((UINT)0x185)
#define NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE ((UINT)0x186)
#define NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM  ((UINT)0x187)
#define NX_SECURE_X509_INVALID_CERTIFICATE_DATA     ((UINT)0x188)
#define NX_SECURE_X509_UNEXPECTED_ASN1_TAG          ((UINT)0x189)
#define NX_SECURE_PKCS1_INVALID_PRIVATE_KEY         ((UINT)0x18A)
#define NX_SECURE_X509_CHAIN_TOO_SHORT              ((UINT)0x18B)
#define NX_SECURE_X509_CHAIN_VERIFY_FAILURE         ((UINT)0x18C)
#define NX_SECURE_X509_PKCS7_PARSING_FAILED         ((UINT)0x18D)
#define NX_SECURE_X509_CERTIFICATE_NOT_FOUND        ((UINT)0x18E)
#define NX_SECURE_X509_INVALID_VERSION              ((UINT)0x18F)
#define NX_SECURE_X509_INVALID_TAG_CLASS            ((UINT)0x190)
#define NX_SECURE_X509_INVALID_EXTENSIONS           ((UINT)0x191)
#define NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE   ((UINT)0x192)
#define NX_SECURE_X509_CERTIFICATE_EXPIRED          ((UINT)0x193)
#define NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID    ((UINT)0x194)
#define NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH     ((UINT)0x195)
#define NX_SECURE_X509_INVALID_DATE_FORMAT          ((UINT)0x196)
#define NX_SECURE_X509_CRL_ISSUER_MISMATCH          ((UINT)0x197)
#define NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED   ((UINT)0x198)
#define NX_SECURE_X509_CRL_CERTIFICATE_REVOKED      ((UINT)0x199)
#define NX_SECURE_X509_WRONG_SIGNATURE_METHOD       ((UINT)0x19A)
#define NX_SECURE_X509_EXTENSION_NOT_FOUND          ((UINT)0x19B)
#define NX_SECURE_X509_ALT_NAME_NOT_FOUND           ((UINT)0x19C)
#define NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE     ((UINT)0x19D)
#define NX_SECURE_X509_NAME_STRING_TOO_LONG         ((UINT)0x19E)
#define NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND      ((UINT)0x19F)
#define NX_SECURE_X509_KEY_USAGE_ERROR              ((UINT)0x1A0)
#define NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER    ((UINT)0x1A1)
#define NX_SECURE_X509_INVALID_CERTIFICATE          ((UINT)0x1A2)
#define NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM   ((UINT)0x1A3)
#define NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED ((UINT)0x1A4)
#define NX_SECURE_X509_INVALID_SELF_SIGNED_CERT     ((UINT)0x1A5)
#define NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND ((UINT)0x1A6)
#define NX_SECURE_X509_NO_CERT_SPACE_ALLOCATED      ((UINT)0x1A7)
#define NX_SECURE_X509_INSUFFICIENT_CERT_SPACE      ((UINT)0x1A8)
#define NX_SECURE_X509_CERT_ID_DUPLICATE            ((UINT)0x1A9)
#define NX_SECURE_X509_MISSING_CRYPTO_ROUTINE       ((UINT)0x1AA)

/* Private key types for nx_secure_x509_certificate_initialize. */
#define NX_SECURE_X509_KEY_TYPE_NONE              0x00000000
#define NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER     0x00000001
#define NX_SECURE_X509_KEY_TYPE_EC_DER            0x00000002
#define NX_SECURE_X509_KEY_TYPE_HARDWARE          0x00000003
#define NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK 0xFFFF0000

/* keyUsage bits as NetX returns them from nx_secure_x509_key_usage_extension_parse. */
#define NX_SECURE_X509_KEY_USAGE_DIGITAL_SIGNATURE 0x8000
#define NX_SECURE_X509_KEY_USAGE_NON_REPUDIATION   0x4000
#define NX_SECURE_X509_KEY_USAGE_KEY_ENCIPHERMENT  0x2000
#define NX_SECURE_X509_KEY_USAGE_DATA_ENCIPHERMENT 0x1000
#define NX_SECURE_X509_KEY_USAGE_KEY_AGREEMENT     0x0800
#define NX_SECURE_X509_KEY_USAGE_KEY_CERT_SIGN     0x0400
#define NX_SECURE_X509_KEY_USAGE_CRL_SIGN          0x0200
#define NX_SECURE_X509_KEY_USAGE_ENCIPHER_ONLY     0x0100
#define NX_SECURE_X509_KEY_USAGE_DECIPHER_ONLY     0x0080

/* NetX's identifiers for X.509 OIDs (nx_secure_x509.h of NetX Secure 6.4.2). */
#define NX_SECURE_TLS_X509_TYPE_UNKNOWN                0
#define NX_SECURE_TLS_X509_TYPE_RSA                    1
#define NX_SECURE_TLS_X509_TYPE_RSA_MD5                2
#define NX_SECURE_TLS_X509_TYPE_RSA_SHA_1              3
#define NX_SECURE_TLS_X509_TYPE_RSA_SHA_256            4
#define NX_SECURE_TLS_X509_TYPE_RSA_SHA_384            5
#define NX_SECURE_TLS_X509_TYPE_RSA_SHA_512            6
#define NX_SECURE_TLS_X509_TYPE_DH                     7
#define NX_SECURE_TLS_X509_TYPE_DSS_SHA_1              8
#define NX_SECURE_TLS_X509_TYPE_COMMON_NAME            9
#define NX_SECURE_TLS_X509_TYPE_EMAIL                  10
#define NX_SECURE_TLS_X509_TYPE_COUNTRY                11
#define NX_SECURE_TLS_X509_TYPE_STATE                  12
#define NX_SECURE_TLS_X509_TYPE_LOCALITY               13
#define NX_SECURE_TLS_X509_TYPE_ORGANIZATION           14
#define NX_SECURE_TLS_X509_TYPE_ORG_UNIT               15
#define NX_SECURE_TLS_X509_TYPE_DIRECTORY_ATTRIBUTES   17
#define NX_SECURE_TLS_X509_TYPE_SUBJECT_KEY_ID         18
#define NX_SECURE_TLS_X509_TYPE_KEY_USAGE              19
#define NX_SECURE_TLS_X509_TYPE_SUBJECT_ALT_NAME       20
#define NX_SECURE_TLS_X509_TYPE_ISSUER_ALT_NAME        21
#define NX_SECURE_TLS_X509_TYPE_BASIC_CONSTRAINTS      22
#define NX_SECURE_TLS_X509_TYPE_NAME_CONSTRAINTS       23
#define NX_SECURE_TLS_X509_TYPE_CRL_DISTRIBUTION       24
#define NX_SECURE_TLS_X509_TYPE_CERTIFICATE_POLICIES   25
#define NX_SECURE_TLS_X509_TYPE_CERT_POLICY_MAPPINGS   26
#define NX_SECURE_TLS_X509_TYPE_AUTHORITY_KEY_ID       27
#define NX_SECURE_TLS_X509_TYPE_POLICY_CONSTRAINTS     28
#define NX_SECURE_TLS_X509_TYPE_EXTENDED_KEY_USAGE     29
#define NX_SECURE_TLS_X509_TYPE_ANY_EXTENDED_KEY_USAGE 30
#define NX_SECURE_TLS_X509_TYPE_FRESHEST_CRL           31
#define NX_SECURE_TLS_X509_TYPE_INHIBIT_ANYPOLICY      32
#define NX_SECURE_TLS_X509_TYPE_SURNAME                33
#define NX_SECURE_TLS_X509_TYPE_SERIAL_NUMBER          34
#define NX_SECURE_TLS_X509_TYPE_TITLE                  35
#define NX_SECURE_TLS_X509_TYPE_NAME                   36
#define NX_SECURE_TLS_X509_TYPE_GIVEN_NAME             37
#define NX_SECURE_TLS_X509_TYPE_INITIALS               38
#define NX_SECURE_TLS_X509_TYPE_GENERATION             39
#define NX_SECURE_TLS_X509_TYPE_DN_QUALIFIER           40
#define NX_SECURE_TLS_X509_TYPE_PSEUDONYM              41
#define NX_SECURE_TLS_X509_TYPE_PKIX_EXT_PREFIX        42
#define NX_SECURE_TLS_X509_TYPE_PKIX_AIA               43
#define NX_SECURE_TLS_X509_TYPE_PKIX_SIA               44
#define NX_SECURE_TLS_X509_TYPE_NETSCAPE_COMMENT       45
#define NX_SECURE_TLS_X509_TYPE_ANY_POLICY             46
#define NX_SECURE_TLS_X509_TYPE_PKIX_QT                47
#define NX_SECURE_TLS_X509_TYPE_PKIX_QT_CPS            48
#define NX_SECURE_TLS_X509_TYPE_PKIX_QT_UNOTICE        49
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP                50
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH    51
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_CLIENT_AUTH    52
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_CODE_SIGNING   53
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_EMAIL_PROTECT  54
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_TIME_STAMPING  55
#define NX_SECURE_TLS_X509_TYPE_PKIX_KP_OCSP_SIGNING   56
#define NX_SECURE_TLS_X509_TYPE_EC                     57
#define NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1            58
#define NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_224          59
#define NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256          60
#define NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384          61
#define NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512          62
/* nxdtls (beyond NetX): RSASSA-PSS signatures, distinguished by their hash. */
#define NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256 200
#define NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_384 201
#define NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_512 202

/* ASN.1 tags NetX exposes for the validity format. */
#define NX_SECURE_ASN_TAG_UTC_TIME         23
#define NX_SECURE_ASN_TAG_GENERALIZED_TIME 24

/* The DNS name buffer's size, fixed when the library is built (the layout both sides share); a
 * configuration's NX_SECURE_X509_DNS_NAME_MAX changes only its own code. */
#define NXDTLS_X509_DNS_NAME_MAX 100
#ifndef NX_SECURE_X509_DNS_NAME_MAX
#define NX_SECURE_X509_DNS_NAME_MAX NXDTLS_X509_DNS_NAME_MAX
#endif

/* ASN.1 universal tags, tag masks and classes, X.509 versions and context tags, subjectAltName choice
 * tags, named-curve identifiers and the distinguished-name field bits of
 * nx_secure_x509_distinguished_name_compare: NetX Secure's values (nx_secure_x509.h), for application code
 * that reads certificates in its callbacks. */
#define NX_SECURE_ASN_TAG_BER               0
#define NX_SECURE_ASN_TAG_BOOLEAN           1
#define NX_SECURE_ASN_TAG_INTEGER           2
#define NX_SECURE_ASN_TAG_BIT_STRING        3
#define NX_SECURE_ASN_TAG_OCTET_STRING      4
#define NX_SECURE_ASN_TAG_NULL              5
#define NX_SECURE_ASN_TAG_OID               6
#define NX_SECURE_ASN_TAG_OBJ_DESCRIPTOR    7
#define NX_SECURE_ASN_TAG_EXTERNAL_INSTANCE 8
#define NX_SECURE_ASN_TAG_REAL              9
#define NX_SECURE_ASN_TAG_ENUMERATED        10
#define NX_SECURE_ASN_TAG_EMBEDDED_PPV      11
#define NX_SECURE_ASN_TAG_UTF8_STRING       12
#define NX_SECURE_ASN_TAG_RELATIVE_OID      13
#define NX_SECURE_ASN_TAG_UNDEFINED_14      14
#define NX_SECURE_ASN_TAG_UNDEFINED_15      15
#define NX_SECURE_ASN_TAG_SEQUENCE          16
#define NX_SECURE_ASN_TAG_SET               17
#define NX_SECURE_ASN_TAG_NUMERIC_STRING    18
#define NX_SECURE_ASN_TAG_PRINTABLE_STRING  19
#define NX_SECURE_ASN_TAG_TELETEX_STRING    20
#define NX_SECURE_ASN_TAG_T61_STRING        20
#define NX_SECURE_ASN_TAG_VIDEOTEX_STRING   21
#define NX_SECURE_ASN_TAG_IA5_STRING        22
#define NX_SECURE_ASN_TAG_UTC_TIME          23
#define NX_SECURE_ASN_TAG_GENERALIZED_TIME  24
#define NX_SECURE_ASN_TAG_GRAPHIC_STRING    25
#define NX_SECURE_ASN_TAG_VISIBLE_STRING    26
#define NX_SECURE_ASN_TAG_GENERAL_STRING    27
#define NX_SECURE_ASN_TAG_UNIVERSAL_STRING  28
#define NX_SECURE_ASN_TAG_CHARACTER_STRING  29
#define NX_SECURE_ASN_TAG_BMP_STRING        30
#define NX_SECURE_ASN_TAG_CONSTRUCTED_MASK  0x20
#define NX_SECURE_ASN_TAG_CLASS_MASK        0xC0
#define NX_SECURE_ASN_TAG_MASK              0x1F
#define NX_SECURE_ASN_TAG_MULTIBYTE_MASK    0x1F
#define NX_SECURE_ASN_TAG_CLASS_UNIVERSAL   0x00
#define NX_SECURE_ASN_TAG_CLASS_APPLICATION 0x01
#define NX_SECURE_ASN_TAG_CLASS_CONTEXT     0x02
#define NX_SECURE_ASN_TAG_CLASS_PRIVATE     0x03

#define NX_SECURE_X509_VERSION_1             (0x0)
#define NX_SECURE_X509_VERSION_2             (0x1)
#define NX_SECURE_X509_VERSION_3             (0x2)
#define NX_SECURE_X509_TAG_VERSION           (0x00)
#define NX_SECURE_X509_TAG_ISSUER_UNIQUE_ID  (0x01)
#define NX_SECURE_X509_TAG_SUBJECT_UNIQUE_ID (0x02)
#define NX_SECURE_X509_TAG_EXTENSIONS        (0x03)
#define NX_SECURE_X509_CRL_TAG_EXTENSIONS    (0x00)

#define NX_SECURE_X509_SUB_ALT_NAME_TAG_OTHERNAME                 (0)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_RFC822NAME                (1)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_DNSNAME                   (2)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_X400ADDRESS               (3)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_DIRECTORYNAME             (4)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_EDIPARTYNAME              (5)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_UNIFORMRESOURCEIDENTIFIER (6)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_IPADDRESS                 (7)
#define NX_SECURE_X509_SUB_ALT_NAME_TAG_REGISTEREDID              (8)

#define NX_SECURE_TLS_X509_EC_SECT163K1 0x00060001
#define NX_SECURE_TLS_X509_EC_SECT163R1 0x00060002
#define NX_SECURE_TLS_X509_EC_SECT163R2 0x00060003
#define NX_SECURE_TLS_X509_EC_SECT193R1 0x00060004
#define NX_SECURE_TLS_X509_EC_SECT193R2 0x00060005
#define NX_SECURE_TLS_X509_EC_SECT233K1 0x00060006
#define NX_SECURE_TLS_X509_EC_SECT233R1 0x00060007
#define NX_SECURE_TLS_X509_EC_SECT239K1 0x00060008
#define NX_SECURE_TLS_X509_EC_SECT283K1 0x00060009
#define NX_SECURE_TLS_X509_EC_SECT283R1 0x0006000A
#define NX_SECURE_TLS_X509_EC_SECT409K1 0x0006000B
#define NX_SECURE_TLS_X509_EC_SECT409R1 0x0006000C
#define NX_SECURE_TLS_X509_EC_SECT571K1 0x0006000D
#define NX_SECURE_TLS_X509_EC_SECT571R1 0x0006000E
#define NX_SECURE_TLS_X509_EC_SECP160K1 0x0006000F
#define NX_SECURE_TLS_X509_EC_SECP160R1 0x00060010
#define NX_SECURE_TLS_X509_EC_SECP160R2 0x00060011
#define NX_SECURE_TLS_X509_EC_SECP192K1 0x00060012
#define NX_SECURE_TLS_X509_EC_SECP192R1 0x00060013
#define NX_SECURE_TLS_X509_EC_SECP224K1 0x00060014
#define NX_SECURE_TLS_X509_EC_SECP224R1 0x00060015
#define NX_SECURE_TLS_X509_EC_SECP256K1 0x00060016
#define NX_SECURE_TLS_X509_EC_SECP256R1 0x00060017
#define NX_SECURE_TLS_X509_EC_SECP384R1 0x00060018
#define NX_SECURE_TLS_X509_EC_SECP521R1 0x00060019

#define NX_SECURE_X509_NAME_COUNTRY              (0x00000001L)
#define NX_SECURE_X509_NAME_ORGANIZATION         (0x00000002L)
#define NX_SECURE_X509_NAME_ORG_UNIT             (0x00000004L)
#define NX_SECURE_X509_NAME_QUALIFIER            (0x00000008L)
#define NX_SECURE_X509_NAME_STATE                (0x00000010L)
#define NX_SECURE_X509_NAME_COMMON_NAME          (0x00000020L)
#define NX_SECURE_X509_NAME_SERIAL_NUMBER        (0x00000040L)
#define NX_SECURE_X509_NAME_LOCALITY             (0x00000080L)
#define NX_SECURE_X509_NAME_TITLE                (0x00000100L)
#define NX_SECURE_X509_NAME_SURNAME              (0x00000200L)
#define NX_SECURE_X509_NAME_GIVEN_NAME           (0x00000400L)
#define NX_SECURE_X509_NAME_INITIALS             (0x00000800L)
#define NX_SECURE_X509_NAME_PSEUDONYM            (0x00001000L)
#define NX_SECURE_X509_NAME_GENERATION_QUALIFIER (0x00002000L)
#define NX_SECURE_X509_NAME_ALL_FIELDS           (0xFFFFFFFFL)

/* NX_SECURE_X509_DISTINGUISHED_NAME: attribute values point into the certificate's DER. */
typedef struct NX_SECURE_X509_DISTINGUISHED_NAME_STRUCT {
    const UCHAR *nx_secure_x509_country;
    USHORT nx_secure_x509_country_length;
    const UCHAR *nx_secure_x509_organization;
    USHORT nx_secure_x509_organization_length;
    const UCHAR *nx_secure_x509_org_unit;
    USHORT nx_secure_x509_org_unit_length;
    const UCHAR *nx_secure_x509_distinguished_name_qualifier;
    USHORT nx_secure_x509_distinguished_name_qualifier_length;
    const UCHAR *nx_secure_x509_state;
    USHORT nx_secure_x509_state_length;
    const UCHAR *nx_secure_x509_common_name;
    USHORT nx_secure_x509_common_name_length;
    const UCHAR *nx_secure_x509_serial_number;
    USHORT nx_secure_x509_serial_number_length;
    /* NetX has these only with NX_SECURE_X509_USE_EXTENDED_DISTINGUISHED_NAMES; nxdtls always has them, so
     * that the layout does not depend on the application's configuration. */
    const UCHAR *nx_secure_x509_locality;
    USHORT nx_secure_x509_locality_length;
    const UCHAR *nx_secure_x509_title;
    USHORT nx_secure_x509_title_length;
    const UCHAR *nx_secure_x509_surname;
    USHORT nx_secure_x509_surname_length;
    const UCHAR *nx_secure_x509_given_name;
    USHORT nx_secure_x509_given_name_length;
    const UCHAR *nx_secure_x509_initials;
    USHORT nx_secure_x509_initials_length;
    const UCHAR *nx_secure_x509_pseudonym;
    USHORT nx_secure_x509_pseudonym_length;
    const UCHAR *nx_secure_x509_generation_qualifier;
    USHORT nx_secure_x509_generation_qualifier_length;
} NX_SECURE_X509_DISTINGUISHED_NAME;

/* NX_SECURE_X509_EXTENSION: one extension's raw value, filled by nx_secure_x509_extension_find. */
typedef struct NX_SECURE_X509_EXTENSION_STRUCT {
    USHORT nx_secure_x509_extension_id;
    USHORT nx_secure_x509_extension_critical;
    const UCHAR *nx_secure_x509_extension_data;
    ULONG nx_secure_x509_extension_data_length;
} NX_SECURE_X509_EXTENSION;

/* NX_SECURE_X509_DNS_NAME: a DNS name copied in by nx_secure_x509_dns_name_initialize. */
typedef struct NX_SECURE_X509_DNS_NAME_STRUCT {
    UCHAR nx_secure_x509_dns_name[NXDTLS_X509_DNS_NAME_MAX];
    USHORT nx_secure_x509_dns_name_length;
    struct NX_SECURE_X509_DNS_NAME_STRUCT *nx_secure_x509_dns_name_next;
} NX_SECURE_X509_DNS_NAME;

/* NX_SECURE_X509_CRYPTO: one certificate signature algorithm (docs/netx-api.md 6.3). */
typedef struct NX_SECURE_X509_CRYPTO_STRUCT {
    USHORT nx_secure_x509_crypto_identifier;
    const NX_CRYPTO_METHOD *nx_secure_x509_public_cipher_method;
    const NX_CRYPTO_METHOD *nx_secure_x509_hash_method;
} NX_SECURE_X509_CRYPTO;

/* NX_SECURE_X509_CERT: a parsed certificate. Pointers point into nx_secure_x509_certificate_raw_data.
 * Members after "private" belong to the X.509 layer. */
typedef struct NX_SECURE_X509_CERT_STRUCT {
    USHORT nx_secure_x509_version; /* 0, 1, 2 = v1, v2, v3 */
    UINT nx_secure_x509_cert_identifier;
    const UCHAR *nx_secure_x509_serial_number;
    USHORT nx_secure_x509_serial_number_length;
    const UCHAR *nx_secure_x509_not_before;
    USHORT nx_secure_x509_not_before_length;
    const UCHAR *nx_secure_x509_not_after;
    USHORT nx_secure_x509_not_after_length;
    USHORT nx_secure_x509_validity_format;
    UCHAR *nx_secure_x509_certificate_raw_data;
    UINT nx_secure_x509_certificate_raw_data_length;
    UINT nx_secure_x509_certificate_raw_buffer_size;
    NX_SECURE_X509_DISTINGUISHED_NAME nx_secure_x509_distinguished_name; /* subject */
    NX_SECURE_X509_DISTINGUISHED_NAME nx_secure_x509_issuer;
    UINT nx_secure_x509_public_algorithm;    /* NX_SECURE_TLS_X509_TYPE_RSA or _EC */
    UINT nx_secure_x509_signature_algorithm; /* NX_SECURE_TLS_X509_TYPE_RSA_SHA_256, ... */
    UINT nx_secure_x509_certificate_is_identity_cert;
    UINT nx_secure_x509_private_key_type;
    struct NX_SECURE_X509_CERT_STRUCT *nx_secure_x509_next_certificate;

    /* private */
    const UCHAR *nx_secure_x509_tbs; /* TBSCertificate TLV, the signed bytes */
    UINT nx_secure_x509_tbs_length;
    const UCHAR
        *nx_secure_x509_signature_data; /* BIT STRING contents without the unused-bits byte */
    UINT nx_secure_x509_signature_data_length;
    const UCHAR *nx_secure_x509_signature_params; /* AlgorithmIdentifier parameters (RSA-PSS) */
    UINT nx_secure_x509_signature_params_length;
    const UCHAR *nx_secure_x509_subject_raw; /* Name TLV */
    UINT nx_secure_x509_subject_raw_length;
    const UCHAR *nx_secure_x509_issuer_raw;
    UINT nx_secure_x509_issuer_raw_length;
    const UCHAR *nx_secure_x509_spki; /* SubjectPublicKeyInfo TLV */
    UINT nx_secure_x509_spki_length;
    const UCHAR *nx_secure_x509_public_key; /* RSA: modulus; EC: the point 04||X||Y */
    USHORT nx_secure_x509_public_key_length;
    const UCHAR *nx_secure_x509_public_exponent; /* RSA only */
    USHORT nx_secure_x509_public_exponent_length;
    UINT nx_secure_x509_public_key_curve;   /* EC only: NX_CRYPTO_EC_SECP256R1, ... */
    const UCHAR *nx_secure_x509_extensions; /* contents of the Extensions SEQUENCE, or NULL */
    UINT nx_secure_x509_extensions_length;
    const UCHAR *nx_secure_x509_subject_alt_names; /* GeneralNames contents, or NULL */
    UINT nx_secure_x509_subject_alt_names_length;
    const UCHAR *nx_secure_x509_ext_key_usage; /* KeyPurposeId SEQUENCE contents, or NULL */
    UINT nx_secure_x509_ext_key_usage_length;
    const UCHAR *nx_secure_x509_subject_key_id; /* subjectKeyIdentifier, or NULL */
    USHORT nx_secure_x509_subject_key_id_length;
    const UCHAR
        *nx_secure_x509_authority_key_id; /* authorityKeyIdentifier keyIdentifier, or NULL */
    USHORT nx_secure_x509_authority_key_id_length;
    const UCHAR *nx_secure_x509_name_constraints; /* NameConstraints contents, or NULL */
    UINT nx_secure_x509_name_constraints_length;
    UINT nx_secure_x509_signature_hash;      /* NX_CRYPTO_HASH_* of the signature algorithm */
    USHORT nx_secure_x509_pss_salt_length;   /* RSA-PSS only */
    USHORT nx_secure_x509_public_key_bits;   /* RSA modulus or EC field size in bits */
    const UCHAR *nx_secure_x509_private_key; /* the caller's key bytes, as passed */
    USHORT nx_secure_x509_private_key_length;
    const UCHAR *nx_secure_x509_private_key_scalar; /* RSA: private exponent; EC: private scalar */
    USHORT nx_secure_x509_private_key_scalar_length;
    const UCHAR *nx_secure_x509_private_key_p; /* RSA CRT primes, or NULL */
    USHORT nx_secure_x509_private_key_p_length;
    const UCHAR *nx_secure_x509_private_key_q;
    USHORT nx_secure_x509_private_key_q_length;
    ULONG64 nx_secure_x509_not_before_seconds;
    ULONG64 nx_secure_x509_not_after_seconds;
    USHORT nx_secure_x509_key_usage; /* NX_SECURE_X509_KEY_USAGE_* bits; 0 when absent */
    UCHAR nx_secure_x509_key_usage_present;
    UCHAR nx_secure_x509_is_ca;             /* basicConstraints cA */
    INT nx_secure_x509_path_len_constraint; /* -1 when absent */
    UCHAR nx_secure_x509_basic_constraints_present;
    UCHAR nx_secure_x509_basic_constraints_critical;
    UCHAR nx_secure_x509_eku_present;
    UCHAR nx_secure_x509_san_critical;
    UCHAR nx_secure_x509_san_has_dns;           /* subjectAltName holds a dNSName */
    UCHAR nx_secure_x509_self_signed;           /* subject == issuer (self-issued) */
    UCHAR nx_secure_x509_aki_has_issuer_serial; /* AKI carries authorityCertIssuer/SerialNumber */
    VOID *nx_secure_x509_store_owner; /* the store this structure is linked into, or NULL */
} NX_SECURE_X509_CERT;

typedef NX_SECURE_X509_CERT NX_SECURE_X509_CERTIFICATE; /* name used by the guide's samples (C17) */

/* NX_SECURE_X509_CERTIFICATE_STORE: the certificate lists of a session. Opaque to applications. */
typedef struct NX_SECURE_X509_CERTIFICATE_STORE_STRUCT {
    NX_SECURE_X509_CERT *nx_secure_x509_local_certificates;
    NX_SECURE_X509_CERT *nx_secure_x509_remote_certificates;
    NX_SECURE_X509_CERT *nx_secure_x509_free_remote_certificates;
    NX_SECURE_X509_CERT *nx_secure_x509_trusted_certificates;
} NX_SECURE_X509_CERTIFICATE_STORE;

UINT nx_secure_x509_certificate_initialize(NX_SECURE_X509_CERT *certificate,
                                           UCHAR *certificate_data, USHORT length,
                                           UCHAR *raw_data_buffer, USHORT buffer_size,
                                           const UCHAR *private_key, USHORT priv_len,
                                           UINT private_key_type);
UINT nx_secure_x509_common_name_dns_check(NX_SECURE_X509_CERT *certificate, const UCHAR *dns_tld,
                                          UINT dns_tld_length);
UINT nx_secure_x509_dns_name_initialize(NX_SECURE_X509_DNS_NAME *dns_name, const UCHAR *name_string,
                                        USHORT length);
UINT nx_secure_x509_crl_revocation_check(const UCHAR *crl_data, UINT crl_length,
                                         NX_SECURE_X509_CERTIFICATE_STORE *store,
                                         NX_SECURE_X509_CERT *certificate);
UINT nx_secure_x509_extended_key_usage_extension_parse(NX_SECURE_X509_CERT *certificate,
                                                       UINT key_usage);
UINT nx_secure_x509_extension_find(NX_SECURE_X509_CERT *certificate,
                                   NX_SECURE_X509_EXTENSION *extension, USHORT extension_id);
UINT nx_secure_x509_key_usage_extension_parse(NX_SECURE_X509_CERT *certificate, USHORT *bitfield);
/* NetX Secure's name comparison (its tests and certificate callbacks call it by this name): 0 when every
 * field selected by compare_fields (NX_SECURE_X509_NAME_* bits) is equal, else non-zero. nxdtls compares
 * every selected field, as NetX built with NX_SECURE_X509_STRICT_NAME_COMPARE does. */
INT _nx_secure_x509_distinguished_name_compare(NX_SECURE_X509_DISTINGUISHED_NAME *name,
                                               NX_SECURE_X509_DISTINGUISHED_NAME *compare_name,
                                               ULONG compare_fields);

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_X509_H */
