/* SPDX-License-Identifier: MIT */
/* dtls_log.h: the engine's log hooks (nxdtls_config.log, nxdtls.h "Logging"). Each hook is an inline test of
 * the callback and the level, so a connection without a log callback pays one pointer test per hook; the
 * entry is built (message fields parsed, the text line formatted on the stack) only when it is wanted. The
 * parsers only describe: they read through the bounds-checked wire reader and never judge a message (the
 * handshake does that), so a malformed message is logged with what could be read. */
#ifndef NXD_DTLS_LOG_H
#define NXD_DTLS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtls/dtls_conn_internal.h"

/* dtls_log_wants returns true when entries of level reach the callback. */
static inline bool dtls_log_wants(const struct dtls_conn *c, unsigned level)
{
    const nxdtls_config *cfg = c->cfg;
    return cfg->log != NULL && level <= (cfg->log_level != 0 ? cfg->log_level : NXDTLS_LOG_EVENTS);
}

void dtls_log_message_(struct dtls_conn *c, bool sent, uint8_t type, const uint8_t *body,
                       size_t len);
void dtls_log_change_cipher_(struct dtls_conn *c, bool sent);
void dtls_log_alert_(struct dtls_conn *c, bool sent, uint8_t level, uint8_t description);
void dtls_log_record_(struct dtls_conn *c, bool sent, uint8_t type, uint16_t version,
                      uint16_t epoch, uint64_t seq, size_t len);
void dtls_log_dropped_(struct dtls_conn *c, const struct dtls_record_hdr *hdr, const char *why);
void dtls_log_cid_record_(struct dtls_conn *c, bool sent, uint8_t type, uint16_t epoch,
                          uint64_t seq, size_t len, const uint8_t *cid, size_t cid_len);
void dtls_log_retransmit_(struct dtls_conn *c, uint32_t timeout_ms, unsigned retries);
void dtls_log_handshake_done_(struct dtls_conn *c);
void dtls_log_failed_(struct dtls_conn *c, UINT status);

/* dtls_log_message: a handshake message we sent (when it joins the flight) or received (when the handshake
 * takes it up, once, in order). */
static inline void dtls_log_message(struct dtls_conn *c, bool sent, uint8_t type,
                                    const uint8_t *body, size_t len)
{
    if (dtls_log_wants(c, NXDTLS_LOG_MESSAGES)) {
        dtls_log_message_(c, sent, type, body, len);
    }
}

static inline void dtls_log_change_cipher(struct dtls_conn *c, bool sent)
{
    if (dtls_log_wants(c, NXDTLS_LOG_MESSAGES)) {
        dtls_log_change_cipher_(c, sent);
    }
}

static inline void dtls_log_alert(struct dtls_conn *c, bool sent, uint8_t level,
                                  uint8_t description)
{
    if (dtls_log_wants(c, NXDTLS_LOG_EVENTS)) {
        dtls_log_alert_(c, sent, level, description);
    }
}

/* dtls_log_record: a record sealed for sending, or one received that passed the record layer's checks. */
static inline void dtls_log_record(struct dtls_conn *c, bool sent, uint8_t type, uint16_t version,
                                   uint16_t epoch, uint64_t seq, size_t len)
{
    if (dtls_log_wants(c, NXDTLS_LOG_RECORDS)) {
        dtls_log_record_(c, sent, type, version, epoch, seq, len);
    }
}

/* dtls_log_cid_record: a tls12_cid record (RFC 9146 4) sealed or opened; type is the real content type. */
static inline void dtls_log_cid_record(struct dtls_conn *c, bool sent, uint8_t type, uint16_t epoch,
                                       uint64_t seq, size_t len, const uint8_t *cid, size_t cid_len)
{
    if (dtls_log_wants(c, NXDTLS_LOG_RECORDS)) {
        dtls_log_cid_record_(c, sent, type, epoch, seq, len, cid, cid_len);
    }
}

/* dtls_log_dropped: a received record dropped silently; hdr is NULL when no header could be read. */
static inline void dtls_log_dropped(struct dtls_conn *c, const struct dtls_record_hdr *hdr,
                                    const char *why)
{
    if (dtls_log_wants(c, NXDTLS_LOG_RECORDS)) {
        dtls_log_dropped_(c, hdr, why);
    }
}

static inline void dtls_log_retransmit(struct dtls_conn *c, uint32_t timeout_ms, unsigned retries)
{
    if (dtls_log_wants(c, NXDTLS_LOG_MESSAGES)) {
        dtls_log_retransmit_(c, timeout_ms, retries);
    }
}

/* dtls_log_handshake_done: called while the handshake state still exists, just before it is wiped. */
static inline void dtls_log_handshake_done(struct dtls_conn *c)
{
    if (dtls_log_wants(c, NXDTLS_LOG_EVENTS)) {
        dtls_log_handshake_done_(c);
    }
}

static inline void dtls_log_failed(struct dtls_conn *c, UINT status)
{
    if (dtls_log_wants(c, NXDTLS_LOG_EVENTS)) {
        dtls_log_failed_(c, status);
    }
}

#endif /* NXD_DTLS_LOG_H */
