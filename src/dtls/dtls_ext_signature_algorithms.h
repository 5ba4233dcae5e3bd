/* SPDX-License-Identifier: MIT */
/* dtls_ext_signature_algorithms.h: the signature_algorithms extension (RFC 5246 7.4.1.4.1) and the same
 * supported_signature_algorithms vector inside CertificateRequest (7.4.4). Sets are dtls_sigalg masks. */
#ifndef NXD_DTLS_EXT_SIGNATURE_ALGORITHMS_H
#define NXD_DTLS_EXT_SIGNATURE_ALGORITHMS_H

#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_ext.h"

/* dtls_ext_signature_algorithms: the row of the hello extension table. The client sends our schemes when it
 * offers a certificate suite; a server keeps the client's (RFC 5246 7.4.1.4.1: without the extension, SHA-1)
 * and never answers; a server's answer is refused ("Servers MUST NOT send this extension"). */
extern const struct dtls_ext dtls_ext_signature_algorithms;

/* dtls_ext_signature_algorithms_write writes supported_signature_algorithms<2..2^16-2> holding the schemes of
 * mask in dtls_sigalgs order (for the extension, this is the whole extension_data). An empty mask writes an
 * empty vector, which the caller must not send. */
void dtls_ext_signature_algorithms_write(struct wire_wr *w, uint16_t mask);

/* dtls_ext_signature_algorithms_read reads one supported_signature_algorithms vector from r into *mask
 * (schemes nxdtls does not know are skipped). Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for a malformed
 * vector (short, empty, odd length); r is then unchanged and *mask 0. */
NXD_MUST_USE UINT dtls_ext_signature_algorithms_read(struct wire_rd *r, uint16_t *mask);

/* dtls_ext_signature_algorithms_parse reads a whole extension_data: one vector and nothing after it. */
NXD_MUST_USE UINT dtls_ext_signature_algorithms_parse(struct wire_rd data, uint16_t *mask);

#endif /* NXD_DTLS_EXT_SIGNATURE_ALGORITHMS_H */
