/* SPDX-License-Identifier: MIT */
/* tool_session: the glue between one nxdtls_conn and a UDP socket, shared by the client, every server
 * slot and the demo. The engine decides everything; this file only moves datagrams, time and events,
 * and remembers the first code that ended the session. */
#include "tool_session.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tool_codes.h"
#include "tool_config.h"

/* Far more datagrams than any flight or alert the engine queues at once; a bound against a loop that
 * never drains. */
#define FLUSH_LIMIT 4096

void tool_session_begin(struct tool_session *s, nxdtls_conn *conn, int fd,
                        const struct tool_sockaddr *peer, struct tool_traffic *traffic, uint8_t *tx,
                        const char *label, int verbose)
{
    memset(s, 0, sizeof *s);
    s->conn = conn;
    s->state = TOOL_SESSION_HANDSHAKE;
    s->error = NX_SUCCESS;
    s->fd = fd;
    if (peer != NULL) {
        s->peer = *peer;
        s->peer_set = 1;
    }
    s->traffic = traffic;
    s->tx = tx;
    s->start_us = tool_now_us();
    s->verbose = verbose;
    snprintf(s->label, sizeof s->label, "%s", label);
}

int tool_session_active(const struct tool_session *s)
{
    return s->state == TOOL_SESSION_HANDSHAKE || s->state == TOOL_SESSION_OPEN;
}

void tool_session_log(const struct tool_session *s, const char *fmt, ...)
{
    if (!s->verbose) {
        return;
    }
    uint64_t ms = (tool_now_us() - s->start_us) / 1000u;
    fprintf(stderr, "nxdtls: %s: +%llums ", s->label, (unsigned long long)ms);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *tool_session_suite(const struct tool_session *s)
{
    const NX_SECURE_TLS_CIPHERSUITE_INFO *info = nxdtls_conn_ciphersuite(s->conn);
    if (info == NULL) {
        return "none";
    }
    return tool_suite_name((uint16_t)info->nx_secure_tls_ciphersuite);
}

void tool_session_fail(struct tool_session *s, UINT code)
{
    if (s->state == TOOL_SESSION_FAILED) {
        return; /* the first code is the one that explains the failure */
    }
    s->state = TOOL_SESSION_FAILED;
    s->error = code;
    if (code == NX_SECURE_TLS_ALERT_RECEIVED) {
        /* The alert itself was traced by the engine's log (tool_trace). */
        nxdtls_conn_alert(s->conn, &s->alert_level, &s->alert_description);
    }
    tool_session_log(s, "failed: %s (0x%X)", tool_code_name(code), (unsigned)code);
}

void tool_session_print_error(const struct tool_session *s)
{
    char prefix[96];
    snprintf(prefix, sizeof prefix, "nxdtls: %s: ", s->label);
    tool_print_error(stderr, prefix, s->error, s->alert_level, s->alert_description);
}

/* An end reported through a return code rather than an event: close_notify is the clean one. */
static void session_ended(struct tool_session *s, UINT code)
{
    if (code == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        if (tool_session_active(s)) {
            s->state = TOOL_SESSION_CLOSED;
            tool_session_log(s, "close_notify received");
        }
        return;
    }
    tool_session_fail(s, code);
}

static void take_events(struct tool_session *s)
{
    unsigned ev = nxdtls_conn_events(s->conn);
    if ((ev & NXDTLS_EVENT_HANDSHAKE_DONE) != 0) {
        if (s->state == TOOL_SESSION_HANDSHAKE) {
            s->state = TOOL_SESSION_OPEN;
            s->established_us = tool_now_us();
            tool_session_log(s, "handshake done: %s in %.1f ms", tool_session_suite(s),
                             (double)(s->established_us - s->start_us) / 1000.0);
        } else {
            tool_session_log(s, "renegotiation done: %s", tool_session_suite(s));
        }
        tool_trace_handshake_done(s);
    }
    if ((ev & NXDTLS_EVENT_CLOSE_NOTIFY) != 0) {
        session_ended(s, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    }
    if ((ev & NXDTLS_EVENT_ALERT) != 0) {
        session_ended(s, NX_SECURE_TLS_ALERT_RECEIVED);
    }
    if ((ev & NXDTLS_EVENT_FAILED) != 0) {
        UINT code = nxdtls_conn_error(s->conn);
        session_ended(s, code != NX_SUCCESS ? code : NX_SECURE_TLS_HANDSHAKE_FAILURE);
    }
}

static int send_datagram(struct tool_session *s, const uint8_t *data, size_t len)
{
    if (tool_udp_send(s->fd, s->peer_set ? &s->peer : NULL, data, len, s->traffic) == 0) {
        return 0;
    }
    /* C9 of docs/netx-api.md: an unreachable port reported by the OS is NX_NOT_CONNECTED. */
    tool_session_fail(s, errno == ECONNREFUSED ? NX_NOT_CONNECTED : NX_SECURE_TLS_TCP_SEND_FAILED);
    return -1;
}

void tool_session_flush(struct tool_session *s, uint64_t now_ms)
{
    for (int n = 0; n < FLUSH_LIMIT; n++) {
        size_t out_len = 0;
        UINT rc = nxdtls_conn_output(s->conn, now_ms, s->tx, TOOL_UDP_MAX_DATAGRAM, &out_len);
        if (rc != NX_SUCCESS) {
            session_ended(s, rc);
            return;
        }
        if (out_len == 0) {
            return;
        }
        if (send_datagram(s, s->tx, out_len) != 0) {
            return;
        }
    }
}

void tool_session_input(struct tool_session *s, uint64_t now_ms, uint8_t *datagram, size_t len)
{
    uint8_t *cursor = datagram;
    size_t remaining = len;

    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        size_t before = remaining;
        UINT rc = nxdtls_conn_input(s->conn, now_ms, &cursor, &remaining, &app, &app_len);
        take_events(s);
        if (rc != NX_SUCCESS) {
            session_ended(s, rc);
            break;
        }
        if (app_len > 0) {
            s->app_bytes_in += app_len;
            if (s->on_data != NULL) {
                s->on_data(s->on_data_ctx, app, app_len);
            }
        }
        if (remaining >= before && app_len == 0) {
            break; /* no progress: never spin on a datagram the engine will not consume */
        }
    }
    tool_session_flush(s, now_ms);
}

uint64_t tool_session_deadline(const struct tool_session *s)
{
    if (s->state == TOOL_SESSION_FAILED) {
        return UINT64_MAX;
    }
    return nxdtls_conn_next_timeout(s->conn);
}

void tool_session_timer(struct tool_session *s, uint64_t now_ms)
{
    if (s->state == TOOL_SESSION_FAILED || nxdtls_conn_next_timeout(s->conn) > now_ms) {
        return;
    }
    UINT rc = nxdtls_conn_timeout(s->conn, now_ms);
    take_events(s);
    if (rc != NX_SUCCESS) {
        session_ended(s, rc);
    } else {
        s->retransmits++;
        tool_session_log(s, "timer: flight resent (%u)", (unsigned)s->retransmits);
    }
    tool_session_flush(s, now_ms);
}

int tool_session_write(struct tool_session *s, uint64_t now_ms, const uint8_t *data, size_t len)
{
    if (s->state != TOOL_SESSION_OPEN) {
        return -1;
    }
    while (len > 0) {
        size_t chunk =
            len > NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH ? NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH : len;
        size_t out_len = 0;
        UINT rc = nxdtls_conn_write(s->conn, data, chunk, s->tx, TOOL_UDP_MAX_DATAGRAM, &out_len);
        if (rc != NX_SUCCESS) {
            tool_session_fail(s, rc);
            return -1;
        }
        if (send_datagram(s, s->tx, out_len) != 0) {
            return -1;
        }
        s->app_bytes_out += chunk;
        data += chunk;
        len -= chunk;
    }
    /* A write may leave something queued (none today); keep the queue empty between events. */
    tool_session_flush(s, now_ms);
    return s->state == TOOL_SESSION_FAILED ? -1 : 0;
}

void tool_session_renegotiate(struct tool_session *s, uint64_t now_ms)
{
    if (s->state != TOOL_SESSION_OPEN) {
        return;
    }
    fprintf(stderr, "nxdtls: %s: renegotiating\n", s->label);
    UINT rc = nxdtls_conn_renegotiate(s->conn, now_ms);
    if (rc != NX_SUCCESS) {
        fprintf(stderr, "nxdtls: %s: cannot renegotiate: %s (0x%X): %s\n", s->label,
                tool_code_name(rc), (unsigned)rc, nxdtls_status_description(rc));
        return;
    }
    tool_session_flush(s, now_ms);
}

void tool_session_close(struct tool_session *s, uint64_t now_ms)
{
    if (s->state == TOOL_SESSION_OPEN || s->state == TOOL_SESSION_HANDSHAKE) {
        if (nxdtls_conn_close(s->conn) == NX_SUCCESS) {
            tool_session_log(s, "close_notify sent");
        }
        s->state = TOOL_SESSION_LOCAL_CLOSE;
        tool_session_flush(s, now_ms);
    }
}
