/* SPDX-License-Identifier: MIT */
/* x509_ext.h: certificate extensions (RFC 5280 4.2). x509_ext_parse_all checks every extension of a
 * certificate once, when it is parsed, and records what path validation needs; the public services
 * nx_secure_x509_extension_find, _key_usage_extension_parse and _extended_key_usage_extension_parse
 * (docs/netx-api.md 4.2) read the recorded extensions again on demand. */
#ifndef NXD_X509_EXT_H
#define NXD_X509_EXT_H

#include <stdbool.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* Upper bound on the extensions one certificate may carry: keeps duplicate detection bounded. */
#define X509_EXT_MAX 48

/* struct x509_ext is one Extension: its NetX id (NX_SECURE_TLS_X509_TYPE_*, 0 when unknown), the OID,
 * the critical flag and the contents of extnValue (the extension's own DER). */
struct x509_ext {
    UINT id;
    bool critical;
    struct wire_rd oid;
    struct wire_rd value;
};

/* x509_ext_next reads the next Extension from the contents of an Extensions SEQUENCE; lookup_kind is
 * the x509_oid_kind that gives ids (certificate or CRL extensions). */
NXD_MUST_USE UINT x509_ext_next(struct wire_rd *exts, int lookup_kind, struct x509_ext *out);

/* x509_ext_parse_all checks the certificate's extensions (its nx_secure_x509_extensions) and fills the
 * private extension members of *cert. Errors: DER codes; NX_SECURE_X509_INVALID_EXTENSIONS (0x191) for
 * a duplicate extension, an unsupported critical extension, a critical extension RFC 5280 requires to
 * be non-critical, or a value that breaks its syntax (empty keyUsage, empty extendedKeyUsage, empty
 * subjectAltName, negative pathLenConstraint, ...). */
NXD_MUST_USE UINT x509_ext_parse_all(NX_SECURE_X509_CERT *cert);

/* x509_ext_eku_allows returns true when the certificate has no extendedKeyUsage, or lists `purpose`
 * (NX_SECURE_TLS_X509_TYPE_PKIX_KP_*) or anyExtendedKeyUsage. */
bool x509_ext_eku_allows(const NX_SECURE_X509_CERT *cert, UINT purpose);

/* x509_general_name_next reads one GeneralName (RFC 5280 4.2.1.6) from the contents of a GeneralNames
 * SEQUENCE: *tag is its context tag byte, *value its contents (for directoryName, the Name TLV). */
NXD_MUST_USE UINT x509_general_name_next(struct wire_rd *names, uint8_t *tag,
                                         struct wire_rd *value);

/* GeneralName tags (RFC 5280 4.2.1.6). */
#define X509_GN_OTHER_NAME    0xA0
#define X509_GN_RFC822_NAME   0x81
#define X509_GN_DNS_NAME      0x82
#define X509_GN_X400_ADDRESS  0xA3
#define X509_GN_DIRECTORY     0xA4
#define X509_GN_EDI_PARTY     0xA5
#define X509_GN_URI           0x86
#define X509_GN_IP_ADDRESS    0x87
#define X509_GN_REGISTERED_ID 0x88

#endif /* NXD_X509_EXT_H */
