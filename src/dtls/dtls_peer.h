/* SPDX-License-Identifier: MIT */
/* dtls_peer.h: what a side does with the peer's Certificate message (docs/netx-api.md 7.7): file the chain into the
 * connection's remote-certificate slots, verify it against the configured trust anchors for the purpose asked,
 * match the name a client meant to reach, fit the key to the negotiated suite, and ask the application. */
#ifndef NXD_DTLS_PEER_H
#define NXD_DTLS_PEER_H

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

/* dtls_peer_certificate handles a non-empty Certificate body from the peer. A client (the server's chain)
 * checks serverAuth, the key the suite needs (else NX_SECURE_TLS_INVALID_SERVER_CERT) and, with server_name,
 * the name (NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH); a server (the client's chain) checks clientAuth and an
 * RSA or EC key (else NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE). Then the certificate callback. Returns
 * NX_SUCCESS, dtls_cert_msg_parse's codes (NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED for an empty list),
 * x509_chain_verify's (0x11B untrusted, 0x193 expired, 0x117 bad signature, ...; a missing extendedKeyUsage
 * purpose becomes NX_SECURE_TLS_INVALID_SERVER_CERT / NX_SECURE_TLS_INVALID_CERTIFICATE),
 * NX_SECURE_X509_KEY_USAGE_ERROR (the leaf's keyUsage forbids what the handshake does with its key: keyEncipherment
 * for RSA key transport, digitalSignature for ECDHE and for a client's CertificateVerify; alert
 * unsupported_certificate), NX_SECURE_TLS_INVALID_STATE (no time_function and certificate_time_unchecked not set),
 * or the callback's. */
NXD_MUST_USE UINT dtls_peer_certificate(struct dtls_conn *c, struct wire_rd body);

/* dtls_peer_leaf returns the peer's leaf, or NULL when no chain was filed. */
const NX_SECURE_X509_CERT *dtls_peer_leaf(const struct dtls_conn *c);

#endif /* NXD_DTLS_PEER_H */
