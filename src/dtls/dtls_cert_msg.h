/* SPDX-License-Identifier: MIT */
/* dtls_cert_msg.h: the Certificate message (RFC 5246 7.4.2, 7.4.6) and the caller's remote-certificate slots it
 * is parsed into (docs/netx-api.md 3.2 session_create, 7.7).
 *
 * Slots: the caller's buffer is cut into `count` equal slots, each an NX_SECURE_X509_CERT followed by room for
 * one certificate's DER. A received certificate is copied into its slot and parsed there, so the structures stay
 * valid after the handshake message that carried them is gone, until the slots are reused. */
#ifndef NXD_DTLS_CERT_MSG_H
#define NXD_DTLS_CERT_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* DTLS_CERT_CHAIN_MAX bounds the certificates we send: the leaf and up to this many minus one issuers. */
#define DTLS_CERT_CHAIN_MAX 8

struct dtls_cert_slots {
    uint8_t *base; /* first slot, 8-aligned; NULL when there are none */
    size_t count;  /* slots */
    size_t stride; /* bytes per slot, a multiple of 8 */
};

/* dtls_cert_slots_init cuts size bytes at buffer into count slots. count 0 (buffer may be NULL) gives no slots.
 * Returns NX_SUCCESS, or NX_INVALID_PARAMETERS when a slot would leave less than
 * NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE bytes for DER (docs/netx-api.md 3.2); *s then has no slots. */
NXD_MUST_USE UINT dtls_cert_slots_init(struct dtls_cert_slots *s, void *buffer, size_t size,
                                       size_t count);

/* dtls_cert_slots_der_room returns the DER bytes one slot holds (0 without slots). */
size_t dtls_cert_slots_der_room(const struct dtls_cert_slots *s);

/* dtls_cert_slots_cert returns the certificate structure of slot i (i < count). */
NX_SECURE_X509_CERT *dtls_cert_slots_cert(const struct dtls_cert_slots *s, size_t i);

/* dtls_cert_msg_chain fills chain[] with leaf and then its issuers as found, by byte-equal subject and issuer
 * names, in store's local list and then its trusted list (store may be NULL): what we send. It stops at a
 * self-issued certificate other than the leaf (RFC 5246 7.4.2: the root "MAY be omitted", so we omit it), at a
 * missing issuer, or at DTLS_CERT_CHAIN_MAX certificates, and returns the count (0 when leaf is NULL). */
size_t dtls_cert_msg_chain(const NX_SECURE_X509_CERT *leaf,
                           const NX_SECURE_X509_CERTIFICATE_STORE *store,
                           const NX_SECURE_X509_CERT *chain[DTLS_CERT_CHAIN_MAX]);

/* dtls_cert_msg_write writes a Certificate body: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>, the DER of
 * each of the n certificates in order (n 0: the empty list a client without a certificate sends, 7.4.6). */
void dtls_cert_msg_write(struct wire_wr *w, const NX_SECURE_X509_CERT *const *chain, size_t n);

/* dtls_cert_msg_parse reads a Certificate body into the slots, leaf in slot 0, and sets *count. Codes
 * (docs/netx-api.md 7.7): NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (framing: vectors past the end, an empty ASN.1Cert,
 * bytes left over); NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED (no certificate); NX_SECURE_TLS_NO_CERT_SPACE_
 * ALLOCATED (no slots); NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE (more certificates than slots, or one larger than a
 * slot); NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (a key algorithm or curve X.509 does not support);
 * NX_SECURE_TLS_INVALID_CERTIFICATE (any other certificate that does not parse). On failure *count is 0 and the
 * slots hold nothing usable. Framing is checked before anything is copied. */
NXD_MUST_USE UINT dtls_cert_msg_parse(struct wire_rd body, const struct dtls_cert_slots *slots,
                                      size_t *count);

#endif /* NXD_DTLS_CERT_MSG_H */
