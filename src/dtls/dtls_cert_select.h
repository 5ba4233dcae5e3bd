/* SPDX-License-Identifier: MIT */
/* dtls_cert_select.h: which of our identity certificates (store's local list, those with a private key) a side
 * presents (docs/netx-api.md 7.7). */
#ifndef NXD_DTLS_CERT_SELECT_H
#define NXD_DTLS_CERT_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "dtls/dtls_cert_request.h"
#include "dtls/dtls_sigalg.h"
#include "nx_secure_x509.h"

/* dtls_cert_select_server returns the server's certificate for a suite needing key_alg
 * (NX_SECURE_TLS_X509_TYPE_RSA or _EC): the first identity certificate with that key that
 *   - for an EC key, is on a group in ec_group_mask (the client's supported_groups as dtls_groups bits, RFC 8422
 *     5.1: the client must be able to verify it), unless ec_group_mask is 0 (the client sent none);
 *   - when sig_mask is not 0 (ECDHE: the key signs ServerKeyExchange), can sign a scheme in sig_mask;
 * and when the client named a host (sni, sni_len > 0) and several qualify, the first of them whose names match
 * it (RFC 6066 3), else the first. NULL when none qualifies. */
const NX_SECURE_X509_CERT *dtls_cert_select_server(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                                   UINT key_alg, uint32_t ec_group_mask,
                                                   uint16_t sig_mask, const uint8_t *sni,
                                                   size_t sni_len);

/* dtls_cert_select_client returns the certificate a client answers a CertificateRequest with: the first identity
 * certificate of a type req allows that can sign a scheme of req with want_hash (the transcript's hash, see
 * dtls_cert_verify.h), and sets *alg to that scheme. NULL (and *alg NULL) when none: the client then sends an
 * empty Certificate (RFC 5246 7.4.6). */
const NX_SECURE_X509_CERT *dtls_cert_select_client(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                                   const struct dtls_cert_request *req,
                                                   UINT want_hash, const struct dtls_sigalg **alg);

#endif /* NXD_DTLS_CERT_SELECT_H */
