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

#endif /* NXD_DTLS_RENEG_H */
