/* SPDX-License-Identifier: MIT */
/* dtls_hs.h: the handshake as transition tables (docs/style.md 2.5), and the steps both roles share.
 *
 * A table row says: in this state, this message may arrive; run this handler; move to that state. Handlers
 * check what the negotiated suite requires and never set the state. A row that ends the peer's flight
 * (ENDS_FLIGHT) makes us send ours: the role's send table names, per state entered, the function that builds
 * the flight (or completes the handshake). Rows with HASH have the message added to the transcript once the
 * handler accepted it; the hello handlers start the transcript themselves (the hash depends on the suite they
 * pick), and the server's ClientKeyExchange handlers add theirs before deriving keys (RFC 7627 session hash).
 * Messages arrive here reassembled and in message_seq order (dtls_conn, dtls_reasm); ChangeCipherSpec is the
 * pseudo message DTLS_MSG_CCS. */
#ifndef NXD_DTLS_HS_H
#define NXD_DTLS_HS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

#define DTLS_ROW_ENDS_FLIGHT 0x01u
#define DTLS_ROW_HASH        0x02u

/* DTLS_HS_IGNORE: a handler's "drop this message, move nothing" (e.g. a cookieless ClientHello the server
 * route already answered). Never leaves the engine. */
#define DTLS_HS_IGNORE NX_CONTINUE

struct dtls_hs_row {
    uint8_t state;
    uint16_t msg; /* handshake type, or DTLS_MSG_CCS */
    uint8_t next;
    uint8_t flags;
    UINT (*handle)(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body);
};

struct dtls_hs_send {
    uint8_t state;
    UINT (*send)(struct dtls_conn *c, uint64_t now_ms);
};

struct dtls_hs_table {
    const struct dtls_hs_row *rows;
    size_t row_count;
    const struct dtls_hs_send *sends;
    size_t send_count;
};

extern const struct dtls_hs_table dtls_hs_client_table;
extern const struct dtls_hs_table dtls_hs_server_table;

/* dtls_hs_find returns the row of table for (state, msg), or NULL when that message may not arrive then. */
const struct dtls_hs_row *dtls_hs_find(const struct dtls_hs_table *table, uint8_t state,
                                       unsigned msg);

/* dtls_hs_step processes one complete message (or CCS) with the role's table. Returns
 * NX_SECURE_TLS_UNEXPECTED_MESSAGE (state unchanged) for a pair not in the table, DTLS_HS_IGNORE, or the
 * handler's / flight builder's status; on any failure the state does not move. *rejected says whether the
 * message itself was refused (no row, or its handler failed: the transcript did not take it) rather than
 * accepted with our own next step failing (rejected may be NULL). */
NXD_MUST_USE UINT dtls_hs_step(struct dtls_conn *c, uint64_t now_ms, unsigned msg, uint16_t msg_seq,
                               struct wire_rd body, bool *rejected);

/* dtls_hs_begin places a fresh struct dtls_hs in the metadata buffer (transcript not started, reassembly over
 * the whole reassembly buffer) and points c->hs at it. */
void dtls_hs_begin(struct dtls_conn *c);

/* dtls_hs_end ends the transcript's method use and wipes the handshake state and the handshake-only method
 * areas (transcript, scratch, PRF, public); c->hs becomes NULL. Record cipher areas are untouched. */
void dtls_hs_end(struct dtls_conn *c);

/* dtls_hs_random fills out from the configured RNG (or crypto_random). */
NXD_MUST_USE UINT dtls_hs_random(const struct dtls_conn *c, uint8_t *out, size_t len);

/* dtls_hs_hello_random makes a hello random: 4 bytes of time (config time_function, else 0), 28 random. */
NXD_MUST_USE UINT dtls_hs_hello_random(const struct dtls_conn *c, uint8_t out[32]);

/* dtls_hs_suite_usable returns true when this side can negotiate the row: a session cipher the record layer
 * runs, the methods its key exchange needs, and credentials: PSK rows need a PSK; certificate rows need, on a
 * client, a trust anchor or no PSK at all (docs/netx-api.md 7.6), on a server an identity with the row's key type
 * (what a particular client accepts is the server handshake's further choice). */
bool dtls_hs_suite_usable(const struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *row);

/* dtls_hs_pref_count and dtls_hs_pref_at walk this side's suites in preference order (config->ciphersuites,
 * else table order); dtls_hs_pref_at returns NULL for a configured id the table lacks. */
size_t dtls_hs_pref_count(const struct dtls_conn *c);
const NX_SECURE_TLS_CIPHERSUITE_INFO *dtls_hs_pref_at(const struct dtls_conn *c, size_t i);

/* dtls_hs_derive_keys computes the master secret from premaster (RFC 7627 when use_ems, with the transcript so
 * far as session hash), writes the key log line, derives the key block and installs the next epoch's write
 * cipher and (pending) read cipher. The key block is wiped before return. */
NXD_MUST_USE UINT dtls_hs_derive_keys(struct dtls_conn *c, const uint8_t *premaster,
                                      size_t premaster_len);

/* dtls_hs_verify_data computes a Finished verify_data over the transcript so far. */
NXD_MUST_USE UINT dtls_hs_verify_data(struct dtls_conn *c, int client, uint8_t out[12]);

/* dtls_hs_read_next_epoch makes the pending read epoch current at the peer's ChangeCipherSpec (RFC 6347 4.1);
 * the previous epoch stays readable until the handshake completes. */
NXD_MUST_USE UINT dtls_hs_read_next_epoch(struct dtls_conn *c);

/* dtls_hs_complete marks the association established, forgets the previous read epoch, raises
 * NXDTLS_EVENT_HANDSHAKE_DONE and ends the handshake state (dtls_hs_end). */
void dtls_hs_complete(struct dtls_conn *c);

/* dtls_hs_client_start builds and queues the first ClientHello (nxdtls_conn_connect). */
NXD_MUST_USE UINT dtls_hs_client_start(struct dtls_conn *c, uint64_t now_ms);

#endif /* NXD_DTLS_HS_H */
