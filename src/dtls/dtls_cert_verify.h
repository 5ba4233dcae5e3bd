/* SPDX-License-Identifier: MIT */
/* dtls_cert_verify.h: CertificateVerify (RFC 5246 7.4.8): digitally-signed { SignatureAndHashAlgorithm; opaque
 * signature<0..2^16-1> } over the handshake messages so far. TLS 1.2 signs the messages themselves with the
 * scheme's hash; we keep one running hash (the PRF's), so the schemes we allow are those whose hash is the
 * transcript's, and the signature covers its digest. */
#ifndef NXD_DTLS_CERT_VERIFY_H
#define NXD_DTLS_CERT_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_sigalg.h"
#include "nxdtls.h"

/* dtls_cert_verify_write signs the transcript digest with key under alg and writes the body. Returns NX_SUCCESS,
 * dtls_sigalg_sign's failures, or NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL. */
NXD_MUST_USE UINT dtls_cert_verify_write(struct wire_wr *w, const nxdtls_config *cfg,
                                         const struct dtls_sigalg *alg,
                                         const NX_SECURE_X509_CERT *key, const uint8_t *digest,
                                         size_t digest_len, void *area, size_t area_size);

/* dtls_cert_verify_check reads a CertificateVerify body and checks it against the transcript digest (made with
 * digest_hash, an NX_CRYPTO_HASH_*) and the client's leaf. The scheme must be in allowed_mask, hash with
 * digest_hash and fit the key. Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (framing),
 * NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM (scheme), NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE (the signature
 * does not verify). */
NXD_MUST_USE UINT dtls_cert_verify_check(struct wire_rd body, const nxdtls_config *cfg,
                                         uint16_t allowed_mask, UINT digest_hash,
                                         const NX_SECURE_X509_CERT *signer, const uint8_t *digest,
                                         size_t digest_len, void *area, size_t area_size);

/* dtls_cert_verify_mask returns the schemes of mask whose hash is hash_alg (what a CertificateRequest offers). */
uint16_t dtls_cert_verify_mask(uint16_t mask, UINT hash_alg);

#endif /* NXD_DTLS_CERT_VERIFY_H */
