/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_SESSION_H
#define NXDTLS_TOOL_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"
#include "tool_trace.h"
#include "tool_udp.h"

/* Where a session is in its life, as the tool sees it. */
enum tool_session_state {
    TOOL_SESSION_HANDSHAKE,   /* keys not established yet */
    TOOL_SESSION_OPEN,        /* application data flows */
    TOOL_SESSION_CLOSED,      /* the peer sent close_notify: a clean end */
    TOOL_SESSION_LOCAL_CLOSE, /* we sent close_notify */
    TOOL_SESSION_FAILED,      /* error holds the NetX code */
};

/* tool_data_fn receives the plaintext of one application-data record; it lives until the next engine
 * call on the session. */
typedef void (*tool_data_fn)(void *ctx, const uint8_t *data, size_t len);

/* tool_session drives one nxdtls_conn over one socket: feeds it datagrams, sends what it queues, runs its
 * timer, and turns engine events into a state, a code and -v lines. It does not own the conn. */
struct tool_session {
    nxdtls_conn *conn;
    enum tool_session_state state;
    UINT error;       /* the code that ended the session (FAILED), else NX_SUCCESS */
    UINT alert_level; /* the peer's alert, when error is NX_SECURE_TLS_ALERT_RECEIVED */
    UINT alert_description;
    int fd;
    struct tool_sockaddr
        peer; /* destination of sends; unused (connected socket) when peer_set is 0 */
    int peer_set;
    struct tool_traffic *traffic;
    uint8_t *tx;       /* TOOL_UDP_MAX_DATAGRAM bytes of scratch for outgoing datagrams */
    uint64_t start_us; /* handshake start */
    uint64_t established_us;
    uint64_t app_bytes_in;
    uint64_t app_bytes_out;
    uint32_t retransmits;
    int verbose;
    char label[80]; /* "client" or "session 3 127.0.0.1:5000" for -v and errors */
    tool_data_fn on_data;
    void *on_data_ctx;
    /* tool_trace: the summary of the last handshake, and how to show it. */
    struct tool_summary summary;
    int is_client;
    int showcerts;            /* --showcerts */
    const char *checked_name; /* client: the name the server's certificate was checked against */
};

/* tool_session_begin starts tracking conn (already initialized) with the given socket and destination
 * (NULL for a connected socket). Nothing is sent. */
void tool_session_begin(struct tool_session *s, nxdtls_conn *conn, int fd,
                        const struct tool_sockaddr *peer, struct tool_traffic *traffic, uint8_t *tx,
                        const char *label, int verbose);

/* tool_session_active returns nonzero while the session can still send or receive (HANDSHAKE, OPEN). */
int tool_session_active(const struct tool_session *s);

/* tool_session_input feeds one received datagram (decrypted in place), hands application data to
 * on_data, then sends whatever the engine queued (answers, alerts, a retransmitted final flight). */
void tool_session_input(struct tool_session *s, uint64_t now_ms, uint8_t *datagram, size_t len);

/* tool_session_flush sends every datagram the engine has queued. A send failure fails the session with
 * NX_SECURE_TLS_TCP_SEND_FAILED (NX_NOT_CONNECTED for ECONNREFUSED). */
void tool_session_flush(struct tool_session *s, uint64_t now_ms);

/* tool_session_deadline returns when tool_session_timer must run (UINT64_MAX: no timer). */
uint64_t tool_session_deadline(const struct tool_session *s);

/* tool_session_timer runs the engine timer if it is due: the flight is resent, or after the last retry
 * the session fails with the engine's code (NX_NO_PACKET). */
void tool_session_timer(struct tool_session *s, uint64_t now_ms);

/* tool_session_write sends len bytes as records of at most 16384 bytes. Returns 0, or -1 when the session
 * failed (see error) or is not open. */
int tool_session_write(struct tool_session *s, uint64_t now_ms, const uint8_t *data, size_t len);

/* tool_session_renegotiate starts a secure renegotiation (RFC 5746) of an open session and sends its first
 * flight; a refusal by the engine (the peer lacks RFC 5746, a handshake is running) is printed and the
 * session goes on. */
void tool_session_renegotiate(struct tool_session *s, uint64_t now_ms);

/* tool_session_close sends close_notify once (RFC 5246 7.2.1) if the session is open or answering the
 * peer's close, and marks it LOCAL_CLOSE unless it already ended. */
void tool_session_close(struct tool_session *s, uint64_t now_ms);

/* tool_session_fail ends the session with a code found outside the engine (socket error, timeout). */
void tool_session_fail(struct tool_session *s, UINT code);

/* tool_session_print_error writes the session's code as "LABEL: error: NAME (0xHEX)" to stderr. */
void tool_session_print_error(const struct tool_session *s);

/* tool_session_suite returns the negotiated suite's IANA name, or "none". */
const char *tool_session_suite(const struct tool_session *s);

/* tool_session_log prints one -v line "nxdtls: LABEL: +MS text" to stderr when verbose. */
void tool_session_log(const struct tool_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
