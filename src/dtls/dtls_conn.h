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

/* dtls_conn_init_pooled starts a pooled server slot's connection (nxdtls_server_init_pooled): the session part of
 * its metadata in session (session_size bytes, any alignment), a handshake unit taken from pool at once (the
 * slot's first handshake starts now). Returns NX_SUCCESS, nxdtls_conn_init's codes, or
 * NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS when no unit is free (nothing is then set up). */
NXD_MUST_USE UINT dtls_conn_init_pooled(nxdtls_conn *conn, const nxdtls_config *config,
                                        void *session, size_t session_size, struct dtls_pool *pool);

/* dtls_conn_scratch_take makes sure the connection has its handshake part and reassembly buffer (taking a
 * unit from its pool when it has none); false when none is free. dtls_conn_scratch_available says whether
 * that would succeed. */
NXD_MUST_USE bool dtls_conn_scratch_take(struct dtls_conn *c);
bool dtls_conn_scratch_available(const struct dtls_conn *c);

/* dtls_conn_rekey moves the current epoch's record cipher of each direction that is keyed in the handshake
 * part (a renegotiation's, dtls_meta.h) to the session part, once the previous epoch's cipher there has been
 * cleared. A failure to key ends the connection. */
void dtls_conn_rekey(struct dtls_conn *c);

/* dtls_conn_settle runs at the end of every entry point: it moves what dtls_conn_rekey can, and a pooled slot
 * whose handshake is over, whose last flight is let go and that owes no alert gives its unit back to the pool
 * (wiped). */
void dtls_conn_settle(struct dtls_conn *c);

#endif /* NXD_DTLS_CONN_H */
