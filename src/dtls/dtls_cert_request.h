/* SPDX-License-Identifier: MIT */
/* dtls_cert_request.h: CertificateRequest (RFC 5246 7.4.4):
 *   ClientCertificateType certificate_types<1..2^8-1>;
 *   SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
 *   DistinguishedName certificate_authorities<0..2^16-1>;  (each opaque DistinguishedName<1..2^16-1>) */
#ifndef NXD_DTLS_CERT_REQUEST_H
#define NXD_DTLS_CERT_REQUEST_H

#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* ClientCertificateType values (RFC 5246 7.4.4, RFC 8422 5.5). */
#define DTLS_CERT_TYPE_RSA_SIGN   1
#define DTLS_CERT_TYPE_ECDSA_SIGN 64

/* Bits of struct dtls_cert_request.types. */
#define DTLS_CERT_REQ_RSA   0x01u
#define DTLS_CERT_REQ_ECDSA 0x02u

struct dtls_cert_request {
    uint8_t types;    /* DTLS_CERT_REQ_* the server accepts */
    uint16_t sigalgs; /* dtls_sigalg mask */
};

/* dtls_cert_request_write writes a CertificateRequest body: types rsa_sign and ecdsa_sign, the schemes of
 * sigalg_mask, and as certificate_authorities the subject names of ca_store's trusted certificates (ca_store
 * NULL: an empty list, which lets the client send any certificate). Returns NX_SUCCESS or
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL (w overflowed, or the names exceed 2^16-1 bytes). */
NXD_MUST_USE UINT dtls_cert_request_write(struct wire_wr *w, uint16_t sigalg_mask,
                                          const NX_SECURE_X509_CERTIFICATE_STORE *ca_store);

/* dtls_cert_request_parse reads a CertificateRequest body: the types we know (others skipped) and schemes; the
 * authority names are checked for form and otherwise ignored. Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for
 * any framing error (empty type list, malformed scheme list, empty name, bytes left over). */
NXD_MUST_USE UINT dtls_cert_request_parse(struct wire_rd body, struct dtls_cert_request *out);

/* dtls_cert_request_allows returns true when the request accepts a certificate with cert's key type. */
bool dtls_cert_request_allows(const struct dtls_cert_request *req, const NX_SECURE_X509_CERT *cert);

#endif /* NXD_DTLS_CERT_REQUEST_H */
