/* SPDX-License-Identifier: MIT */
/* x509_name.h: X.501 Names (RFC 5280 4.1.2.4): parsing into NX_SECURE_X509_DISTINGUISHED_NAME and
 * comparison. Names are compared byte for byte as encoded (DER), not with the RFC 5280 7.1 /
 * RFC 4518 string preparation: a CA that re-encodes its own name differently (PrintableString in one
 * certificate, UTF8String in the next) is not chained. Every CA we know of copies its subject bytes
 * into the issuer field of what it signs, which is what the byte compare relies on. */
#ifndef NXD_X509_NAME_H
#define NXD_X509_NAME_H

#include <stdbool.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* x509_name_parse checks the contents of a Name SEQUENCE (RDNSequence: SET OF AttributeTypeAndValue)
 * and points the fields of *dn it knows at the attribute values (zero copy; the first of each kind
 * wins). *dn is zeroed first. Returns NX_SUCCESS or a DER error code; *rdn_count gets the number of
 * RDNs (0 for an empty Name). */
NXD_MUST_USE UINT x509_name_parse(struct wire_rd contents, NX_SECURE_X509_DISTINGUISHED_NAME *dn,
                                  size_t *rdn_count);

/* x509_name_equal returns true when two encoded Names (whole TLVs) are byte-identical. */
bool x509_name_equal(const UCHAR *a, UINT a_len, const UCHAR *b, UINT b_len);

#endif /* NXD_X509_NAME_H */
