/* SPDX-License-Identifier: MIT */
/* dtls_reneg.h: renegotiation of an established association (RFC 5246 7.4.1.1, RFC 5746, RFC 6347 4.2.2).
 *
 * A new handshake runs inside the current epoch while application data keeps flowing; its keys become the next
 * epoch at the ChangeCipherSpecs, and the previous epoch stays readable until the handshake completes
 * (dtls_hs_complete). message_seq restarts with each handshake (RFC 6347 4.2.2: "in the case of a rehandshake,
 * this implies that the HelloRequest will have message_seq = 0 and the ServerHello will have message_seq = 1").
 * Only a secure renegotiation is run: the association must have negotiated RFC 5746, and renegotiation_info
 * binds the new handshake to the Finished of the old one (dtls_ext_renegotiation_info). Otherwise, or when
 * disabled, the request is refused with a no_renegotiation warning (RFC 5746 4.2, 4.4) and the association
 * goes on. */
#ifndef NXD_DTLS_RENEG_H
#define NXD_DTLS_RENEG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_reasm.h"

/* dtls_reneg_allowed returns true when c may renegotiate: established, no handshake running, the association
 * negotiated RFC 5746, and neither NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION nor config->disable_renegotiation
 * forbid it. */
bool dtls_reneg_allowed(const struct dtls_conn *c);

/* dtls_reneg_begin starts the handshake state of a renegotiation: a lingering final flight is dropped (the peer
 * speaks in the epoch it set up, so it has it), a fresh struct dtls_hs marked renegotiating is placed, and the
 * next message_seq values become send_seq (ours) and recv_seq (the peer's). The connection's state is not
 * changed. Returns NX_SECURE_TLS_RENEGOTIATION_FAILURE unless dtls_reneg_allowed. */
NXD_MUST_USE UINT dtls_reneg_begin(struct dtls_conn *c, uint16_t send_seq, uint16_t recv_seq);

/* dtls_reneg_starts returns true when a handshake fragment on an established association with no handshake
 * running opens a new handshake: a ClientHello to a server, a HelloRequest to a client. */
bool dtls_reneg_starts(const struct dtls_conn *c, const struct dtls_hs_frag *f);

/* dtls_reneg_abandon gives up a renegotiation the peer refused (its no_renegotiation warning) or ignored (our
 * request's retransmissions ran out) before any key of it exists: the handshake state and our flight go, the
 * association stays as it was. Returns true when it did. */
bool dtls_reneg_abandon(struct dtls_conn *c);

/* dtls_reneg_start is nxdtls_conn_renegotiate: a client sends a ClientHello, a server a HelloRequest. */
NXD_MUST_USE UINT dtls_reneg_start(struct dtls_conn *c, uint64_t now_ms);

/* Policy (docs/security.md): what a renegotiation may not change, and how often the peer may start one.
 *
 * dtls_reneg_peer_may: the peer may start a renegotiation now (its first one always; later ones at least
 * config->renegotiation_interval_ms, default 10 s, after the previous one began). dtls_reneg_peer_started
 * records one. */
bool dtls_reneg_peer_may(const struct dtls_conn *c, uint64_t now_ms);
void dtls_reneg_peer_started(struct dtls_conn *c, uint64_t now_ms);

/* dtls_reneg_check_hello, once a renegotiation's hellos chose suite: the extended master secret stays (RFC 7627
 * 5.3) and a PSK association stays a PSK one (and a certificate one a certificate one). Returns NX_SUCCESS
 * outside renegotiations, else NX_SECURE_TLS_HANDSHAKE_FAILURE. */
NXD_MUST_USE UINT dtls_reneg_check_hello(const struct dtls_conn *c,
                                         const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_reneg_check_psk takes the PSK identity of a handshake (len bytes, as the ClientKeyExchange carries it):
 * a renegotiation must use the association's (NX_SECURE_TLS_HANDSHAKE_FAILURE otherwise); a first handshake
 * remembers it. */
NXD_MUST_USE UINT dtls_reneg_check_psk(struct dtls_conn *c, const uint8_t *identity, size_t len);

/* dtls_reneg_remember_leaf notes the established peer leaf before a renegotiation's Certificate replaces it;
 * dtls_reneg_check_leaf, after the new chain verified, sets hs->peer_changed when the leaf differs and refuses
 * the change (NX_SECURE_TLS_INVALID_SERVER_CERT on a client, _INVALID_CERTIFICATE on a server) unless a
 * certificate callback will judge it. Both do nothing outside renegotiations. */
void dtls_reneg_remember_leaf(struct dtls_conn *c);
NXD_MUST_USE UINT dtls_reneg_check_leaf(struct dtls_conn *c);

#endif /* NXD_DTLS_RENEG_H */
