/* SPDX-License-Identifier: MIT */
/* dtls_recv.h: what one received record does to a connection (RFC 6347 4.1.2, 4.2): epoch and replay
 * checks, record protection, then by content type: handshake fragments into reassembly and the transition
 * table, ChangeCipherSpec, alerts, application data. */
#ifndef NXD_DTLS_RECV_H
#define NXD_DTLS_RECV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "dtls/dtls_conn_internal.h"

/* dtls_recv_record processes one record whose fragment (frag_len bytes, inside the caller's datagram) is
 * decrypted in place. Invalid records are dropped and counted (RFC 6347 4.1.2.7) with NX_SUCCESS. Sets *resend
 * when the peer retransmitted its previous flight (RFC 6347 4.2.4: ours goes again), and *app / *app_len for
 * application data. Returns NX_SUCCESS or the code that must end the connection (a received fatal alert is
 * NX_SECURE_TLS_ALERT_RECEIVED, close_notify NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED). */
NXD_MUST_USE UINT dtls_recv_record(struct dtls_conn *c, uint64_t now_ms,
                                   const struct dtls_record_hdr *hdr, uint8_t *frag,
                                   size_t frag_len, bool *resend, uint8_t **app, size_t *app_len);

/* dtls_recv_timeout applies the rule for unauthenticated input that failed its checks (docs/security.md) when
 * the retransmission timer expires: status is what the timer would do (NX_SUCCESS: retransmit; NX_NO_PACKET:
 * give up). Returns the remembered failure instead when such input failed and the handshake made no progress
 * since; else status. */
NXD_MUST_USE UINT dtls_recv_timeout(struct dtls_conn *c, UINT status);

/* dtls_recv_progress forgets remembered failures: the handshake moved on. */
void dtls_recv_progress(struct dtls_conn *c);

#endif /* NXD_DTLS_RECV_H */
