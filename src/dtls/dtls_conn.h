/* SPDX-License-Identifier: MIT */
/* dtls_conn.h: what the engine's other files call on a connection (the public nxdtls_conn_* functions are in
 * include/nxdtls.h). */
#ifndef NXD_DTLS_CONN_H
#define NXD_DTLS_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

/* dtls_conn_seal appends one record of type in epoch (whose write state must be live) to w, with the epoch's
 * next sequence number. Returns NX_NOT_SUCCESSFUL when the 48-bit sequence numbers are used up (RFC 6347
 * 4.1: a new handshake would be needed), or dtls_record_seal's failure; on failure w is unchanged and no
 * sequence number is used. */
NXD_MUST_USE UINT dtls_conn_seal(struct dtls_conn *c, uint16_t epoch, uint8_t type,
                                 const uint8_t *plain, size_t len, struct wire_wr *w);

/* dtls_conn_queue_alert queues one alert for nxdtls_conn_output (replacing a queued warning, never a fatal). */
void dtls_conn_queue_alert(struct dtls_conn *c, uint8_t level, uint8_t description);

/* dtls_conn_fail ends the connection with status (sticky, docs/style.md 2.4): stops the handshake and its timer,
 * queues the fatal alert docs/netx-api.md 7.8 maps status to (none for a received alert, close_notify or a
 * retransmission timeout), raises NXDTLS_EVENT_FAILED. Returns status. */
UINT dtls_conn_fail(struct dtls_conn *c, UINT status);

#endif /* NXD_DTLS_CONN_H */
