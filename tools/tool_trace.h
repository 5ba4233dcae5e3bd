/* SPDX-License-Identifier: MIT */
/* tool_trace: what the tool shows of a session beyond its data, from the engine's log callback
 * (nxdtls_config.log): the -vv message trace and -vvv record trace, and the summary of the negotiated
 * parameters after each handshake (-v, --showcerts) with the peer's certificate chain (--showcerts). The
 * callback is always installed at the message level, so the summary is known whatever the verbosity; what is
 * printed follows -v. */
#ifndef NXDTLS_TOOL_TRACE_H
#define NXDTLS_TOOL_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

struct tool_session;

/* tool_summary: the negotiated parameters of the last handshake, gathered from the log entries. */
struct tool_summary {
    uint16_t suite;
    uint16_t group;
    uint16_t scheme; /* the ServerKeyExchange's signature scheme */
    uint8_t ems;
    uint8_t secure_renegotiation;
    uint8_t renegotiation;
    uint8_t sni_acknowledged;   /* the ServerHello carried server_name */
    uint8_t client_certificate; /* a client Certificate with certificates went by */
    char server_name[128];      /* the ClientHello's SNI, printable */
    char psk_hint[136];         /* printable, quoted by the printer */
    char psk_identity[136];
    uint8_t has_psk_hint;
    uint8_t has_psk_identity;
};

/* tool_session_find_fn returns the session a connection belongs to, or NULL. */
typedef struct tool_session *(*tool_session_find_fn)(void *owner, const nxdtls_conn *conn);

/* tool_trace: the log callback's context, one per configuration (a server's slots share it). */
struct tool_trace {
    tool_session_find_fn find;
    void *owner;
    int verbose;
};

/* tool_trace_attach points cfg's log callback at trace (which must outlive the connections): records too
 * with -vvv, messages otherwise. */
void tool_trace_attach(nxdtls_config *cfg, struct tool_trace *trace, tool_session_find_fn find,
                       void *owner, int verbose);

/* tool_trace_handshake_done prints, after a handshake, the summary (with -v or --showcerts) and the peer's
 * chain (--showcerts) to stderr. */
void tool_trace_handshake_done(struct tool_session *s);

#endif
