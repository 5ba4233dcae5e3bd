/* SPDX-License-Identifier: MIT */
/* x509_der.h: the one DER reader of the X.509 layer (ITU-T X.690, DER subset).
 *
 * Every ASN.1 structure in src/x509 is read through these functions, on top of struct wire_rd. Rules
 * enforced here, so that no caller has to remember them:
 * - identifier octets are single bytes (a high tag number form 0x1F gives 0x181); only the universal and
 *   context-specific classes are accepted (0x190);
 * - lengths are definite and minimal (X.690 10.1): the indefinite form, a long form that fits the short
 *   form, a leading zero length octet or more than 4 length octets give 0x182, as does a length running
 *   past the enclosing value;
 * - a failed read consumes nothing.
 * Callers then insist that a constructed value has nothing left over (x509_der_done). */
#ifndef NXD_X509_DER_H
#define NXD_X509_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* NXD_X509_EXPORT marks the public nx_secure_x509_* services: the build hides everything else. */
#define NXD_X509_EXPORT __attribute__((visibility("default")))

/* Identifier octets (X.690 8.1.2): universal tags we read, and context-specific helpers. */
#define X509_DER_BOOLEAN          0x01
#define X509_DER_INTEGER          0x02
#define X509_DER_BIT_STRING       0x03
#define X509_DER_OCTET_STRING     0x04
#define X509_DER_NULL             0x05
#define X509_DER_OID              0x06
#define X509_DER_UTF8_STRING      0x0C
#define X509_DER_PRINTABLE_STRING 0x13
#define X509_DER_TELETEX_STRING   0x14
#define X509_DER_IA5_STRING       0x16
#define X509_DER_UTC_TIME         0x17
#define X509_DER_GENERALIZED_TIME 0x18
#define X509_DER_UNIVERSAL_STRING 0x1C
#define X509_DER_BMP_STRING       0x1E
#define X509_DER_SEQUENCE         0x30
#define X509_DER_SET              0x31
#define X509_DER_CONTEXT(n)       ((uint8_t)(0x80u | (n))) /* [n] IMPLICIT, primitive */
#define X509_DER_CONTEXT_CONS(n)  ((uint8_t)(0xA0u | (n))) /* [n], constructed */

/* x509_der_read reads one element: *tag gets the identifier octet, *body the contents. On failure it
 * returns the X.509 code named above (an empty reader gives NX_SECURE_X509_UNEXPECTED_ASN1_TAG) and
 * leaves *r unchanged. */
NXD_MUST_USE UINT x509_der_read(struct wire_rd *r, uint8_t *tag, struct wire_rd *body);

/* x509_der_read_tlv is x509_der_read that also returns the whole element (identifier, length and
 * contents) in *tlv, for values that are hashed or compared as encoded (TBSCertificate, Name). */
NXD_MUST_USE UINT x509_der_read_tlv(struct wire_rd *r, uint8_t *tag, struct wire_rd *body,
                                    struct wire_rd *tlv);

/* x509_der_expect reads one element that must carry `tag`; another tag gives
 * NX_SECURE_X509_UNEXPECTED_ASN1_TAG and consumes nothing. */
NXD_MUST_USE UINT x509_der_expect(struct wire_rd *r, uint8_t tag, struct wire_rd *body);

/* x509_der_optional reads an element carrying `tag` if the next element carries it: *present says
 * whether it did. A malformed element is an error even when optional. */
NXD_MUST_USE UINT x509_der_optional(struct wire_rd *r, uint8_t tag, struct wire_rd *body,
                                    bool *present);

/* x509_der_peek returns true when the next identifier octet is `tag` (nothing is validated). */
bool x509_der_peek(const struct wire_rd *r, uint8_t tag);

/* x509_der_done returns NX_SUCCESS when the reader is empty, NX_SECURE_X509_INVALID_CERTIFICATE_DATA
 * when bytes are left over inside a value (DER allows no trailing bytes). */
NXD_MUST_USE UINT x509_der_done(const struct wire_rd *r);

/* x509_der_integer reads an INTEGER and checks it is minimally encoded (X.690 8.3.2); *content is its
 * two's complement contents, at least one byte. */
NXD_MUST_USE UINT x509_der_integer(struct wire_rd *r, struct wire_rd *content);

/* x509_der_uint_bytes reads an INTEGER that must be positive (non-zero, sign bit clear) and returns its
 * magnitude without the leading zero octet (RSA modulus, exponents, key components). */
NXD_MUST_USE UINT x509_der_uint_bytes(struct wire_rd *r, struct wire_rd *magnitude);

/* x509_der_small_uint reads a non-negative INTEGER no larger than max into *out. */
NXD_MUST_USE UINT x509_der_small_uint(struct wire_rd *r, uint32_t max, uint32_t *out);

/* x509_der_boolean reads a BOOLEAN; DER allows only 0x00 and 0xFF (X.690 11.1). */
NXD_MUST_USE UINT x509_der_boolean(struct wire_rd *r, bool *out);

/* x509_der_bit_string reads a BIT STRING: *bits is the contents after the unused-bits octet and
 * *unused that count (0..7). Unused bits that are not zero give NX_SECURE_X509_FOUND_NON_ZERO_PADDING
 * (X.690 11.2.1). */
NXD_MUST_USE UINT x509_der_bit_string(struct wire_rd *r, struct wire_rd *bits, uint8_t *unused);

/* x509_der_oid reads an OBJECT IDENTIFIER and checks its sub-identifiers are minimally encoded. */
NXD_MUST_USE UINT x509_der_oid(struct wire_rd *r, struct wire_rd *oid);

/* x509_der_null reads a NULL (empty contents). */
NXD_MUST_USE UINT x509_der_null(struct wire_rd *r);

/* x509_der_equals returns true when the bytes of r are exactly the n bytes at b. */
bool x509_der_equals(struct wire_rd r, const uint8_t *b, size_t n);

#endif /* NXD_X509_DER_H */
