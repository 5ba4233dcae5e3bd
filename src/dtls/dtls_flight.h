/* SPDX-License-Identifier: MIT */
/* dtls_flight.h: the last flight we sent, kept for retransmission (RFC 6347 4.2.4), and its timer.
 *
 * A flight's message bodies are written at the front of the reassembly buffer; incoming reassembly uses the
 * rest. A flight is only built after the peer's flight is complete, so the reassembly state can be reset then
 * without losing anything the peer expects us to keep. Records are cut and sealed only when the flight is sent
 * (dtls_frag_pack), so every retransmission gets new record sequence numbers and is re-fragmented to the MTU,
 * with the same message_seq values.
 *
 * Timer: a flight that expects an answer starts at retransmit_initial_ms, doubles on each expiry up to
 * retransmit_max_ms, and fails the handshake with NX_NO_PACKET when it expires after retransmit_retries
 * retransmissions. A final flight instead lingers (no retransmission) so that a retransmitted previous flight
 * of the peer can be answered, until the linger time passes or the peer's application data shows it got ours. */
#ifndef NXD_DTLS_FLIGHT_H
#define NXD_DTLS_FLIGHT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

/* dtls_flight_begin forgets the previous flight and the reassembly state, ready to build a new flight. */
void dtls_flight_begin(struct dtls_conn *c);

/* dtls_flight_open gives a writer over the free space for the next message body. */
void dtls_flight_open(struct dtls_conn *c, struct wire_wr *w);

/* dtls_flight_add_handshake commits what w holds as one handshake message of msg_type with the next
 * message_seq in the current write epoch, adding it to the transcript when that runs. Returns
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL when it did not fit (w overflowed or DTLS_FLIGHT_MAX messages). */
NXD_MUST_USE UINT dtls_flight_add_handshake(struct dtls_conn *c, const struct wire_wr *w,
                                            uint8_t msg_type);

/* dtls_flight_add_ccs appends a ChangeCipherSpec in the current write epoch and moves the write epoch on
 * (the next epoch's cipher must be installed). */
NXD_MUST_USE UINT dtls_flight_add_ccs(struct dtls_conn *c);

/* dtls_flight_end queues the flight for sending and starts its timer: the retransmission timer, or the
 * linger timer for a final flight. Reassembly resumes behind the flight. */
void dtls_flight_end(struct dtls_conn *c, uint64_t now_ms, bool final);

/* dtls_flight_await_first starts the retransmission timer of a server connection that holds part of its first
 * ClientHello but has sent nothing: it waits as if an empty flight were out (same back-off and retry limit),
 * so a client that vanishes after its first fragment cannot hold a slot forever; then NX_NO_PACKET. */
void dtls_flight_await_first(struct dtls_conn *c, uint64_t now_ms);

/* dtls_flight_resend queues the whole flight again (the peer retransmitted its previous flight), unless it went
 * out less than three quarters of the current retransmission timeout ago. */
void dtls_flight_resend(struct dtls_conn *c, uint64_t now_ms);

/* dtls_flight_timeout handles the timer at now_ms: retransmits with a doubled timeout, ends a linger, or
 * returns NX_NO_PACKET when the retries are used up. Does nothing before the deadline. */
NXD_MUST_USE UINT dtls_flight_timeout(struct dtls_conn *c, uint64_t now_ms);

/* dtls_flight_discard forgets the flight, stops the timer, wipes its bytes and drops write states of epochs
 * other than the current one (only a kept flight still needed them). */
void dtls_flight_discard(struct dtls_conn *c);

/* dtls_flight_config_* return the configured timer values with the defaults of nxdtls.h applied. */
uint32_t dtls_flight_initial_ms(const nxdtls_config *cfg);
uint32_t dtls_flight_max_ms(const nxdtls_config *cfg);
uint8_t dtls_flight_retries(const nxdtls_config *cfg);

#endif /* NXD_DTLS_FLIGHT_H */
