/* SPDX-License-Identifier: MIT */
/* tool_server: `nxdtls server`. One UDP socket; nxdtls_server_route decides per datagram whether it is
 * answered statelessly (HelloVerifyRequest), dropped, or fed to a slot's connection; one poll loop runs
 * the socket, stdin and every slot's timer. A slot is released as soon as its session ends. */
#include "tool_server.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_codes.h"
#include "tool_commands.h"
#include "tool_config.h"
#include "tool_stdin.h"
#include "tool_workers.h"

static void server_log(const struct tool_server *srv, const char *what,
                       const struct tool_sockaddr *peer)
{
    if (!srv->verbose) {
        return;
    }
    char text[80];
    tool_udp_format(peer, text, sizeof text);
    fprintf(stderr, "nxdtls: server: +%llums %s %s\n",
            (unsigned long long)((tool_now_us() - srv->start_us) / 1000u), what, text);
}

static void cid_follow(struct tool_server *srv, size_t k, const nxdtls_addr *peer,
                       const struct tool_sockaddr *from);

static void slot_data(void *ctx, const uint8_t *data, size_t len)
{
    struct tool_server_slot *slot = ctx;
    struct tool_server *srv = slot->server;
    if (srv->cur_by_cid) {
        /* The record authenticated: a reply to it goes to where the client is now (RFC 9146 6). */
        cid_follow(srv, slot->index, &srv->cur_peer, &srv->cur_from);
    }
    if (srv->on_data != NULL) {
        srv->on_data(srv->ctx, srv, slot->index, data, len);
    }
}

/* slot_session maps a connection of the server's array to its slot's session (tool_trace). */
static struct tool_session *slot_session(void *owner, const nxdtls_conn *conn)
{
    struct tool_server *srv = owner;
    if (srv->conns == NULL || conn < srv->conns || conn >= srv->conns + srv->slot_count) {
        return NULL;
    }
    struct tool_server_slot *slot = &srv->slots[(size_t)(conn - srv->conns)];
    return slot->used ? &slot->session : NULL;
}

/* open_common: one server; share is NULL for a lone server, else its worker number and cookie secret. */
struct server_share {
    uint8_t worker;
    const uint8_t *cookie_secret;
};

static int open_common(struct tool_server *srv, nxdtls_config *cfg, struct tool_sockaddr *local,
                       size_t slot_count, int verbose, uint64_t now_ms,
                       const struct server_share *share)
{
    memset(srv, 0, sizeof *srv);
    srv->fd = -1;
    tool_trace_attach(cfg, &srv->trace, slot_session, srv, verbose);
    srv->verbose = verbose;
    srv->start_us = tool_now_us();
    srv->slot_count = slot_count;

    size_t metadata_each = nxdtls_metadata_size(cfg->crypto);
    /* Slots are carved from one block each; keep every slot's metadata 16-byte aligned. */
    metadata_each = (metadata_each + 15u) & ~(size_t)15u;
    size_t index_size = nxdtls_server_index_size(slot_count);
    srv->conns = calloc(slot_count, sizeof *srv->conns);
    srv->metadata = calloc(slot_count, metadata_each != 0 ? metadata_each : 16);
    srv->reassembly = calloc(slot_count, TOOL_REASSEMBLY_SIZE);
    srv->index = calloc(1, index_size != 0 ? index_size : 1);
    srv->slots = calloc(slot_count, sizeof *srv->slots);
    if (cfg->verify_client) {
        srv->remote_certs = calloc(slot_count, TOOL_REMOTE_CERTS_SIZE);
        if (srv->remote_certs == NULL) {
            fprintf(stderr, "nxdtls: out of memory for %zu sessions\n", slot_count);
            return -1;
        }
    }
    srv->rx = malloc(TOOL_UDP_MAX_DATAGRAM);
    srv->tx = malloc(TOOL_UDP_MAX_DATAGRAM);
    if (srv->conns == NULL || srv->metadata == NULL || srv->reassembly == NULL ||
        srv->index == NULL || srv->slots == NULL || srv->rx == NULL || srv->tx == NULL) {
        fprintf(stderr, "nxdtls: out of memory for %zu sessions\n", slot_count);
        return -1;
    }
    for (size_t k = 0; k < slot_count; k++) {
        srv->slots[k].server = srv;
        srv->slots[k].index = k;
    }

    UINT rc =
        nxdtls_server_init(&srv->server, cfg, srv->conns, slot_count, srv->metadata, metadata_each,
                           srv->reassembly, TOOL_REASSEMBLY_SIZE, srv->index, index_size, now_ms);
    if (rc != NX_SUCCESS) {
        tool_print_error(stderr, "nxdtls: server: ", rc, 0, 0);
        return -1;
    }
    srv->server_ready = 1;
    if (share != NULL) {
        (void)nxdtls_server_set_worker(&srv->server, share->worker);
        rc = nxdtls_server_set_cookie_secret(&srv->server, share->cookie_secret, now_ms);
        if (rc != NX_SUCCESS) {
            tool_print_error(stderr, "nxdtls: server: ", rc, 0, 0);
            return -1;
        }
    }

    srv->fd = share != NULL ? tool_udp_bind_shared(local) : tool_udp_bind(local);
    if (srv->fd < 0) {
        char text[80];
        tool_udp_format(local, text, sizeof text);
        fprintf(stderr, "nxdtls: cannot listen on %s: %s\n", text, strerror(errno));
        return -1;
    }
    srv->local = *local;
    return 0;
}

int tool_server_open(struct tool_server *srv, nxdtls_config *cfg, struct tool_sockaddr *local,
                     size_t slot_count, int verbose, uint64_t now_ms)
{
    return open_common(srv, cfg, local, slot_count, verbose, now_ms, NULL);
}

int tool_server_open_worker(struct tool_server *srv, nxdtls_config *cfg,
                            struct tool_sockaddr *local, size_t slot_count, int verbose,
                            uint64_t now_ms, uint8_t worker, const uint8_t cookie_secret[32])
{
    struct server_share share = {.worker = worker, .cookie_secret = cookie_secret};
    return open_common(srv, cfg, local, slot_count, verbose, now_ms, &share);
}

/* release_slot ends the tool's view of a slot and gives it back to the engine. */
static void release_slot(struct tool_server *srv, size_t k)
{
    struct tool_server_slot *slot = &srv->slots[k];
    if (!slot->used) {
        return;
    }
    if (srv->on_end != NULL) {
        srv->on_end(srv->ctx, srv, k, &slot->session);
    }
    slot->used = 0;
    (void)nxdtls_server_release(&srv->server, k);
}

/* forget_slot drops the tool's view of a slot the engine no longer holds: it ended the slot's unfinished
 * handshake to make room for a newcomer (nxdtls_route.evicted, docs/security.md). */
static void forget_slot(struct tool_server *srv, size_t k)
{
    struct tool_server_slot *slot = &srv->slots[k];
    if (slot->used) {
        tool_session_log(&slot->session, "unfinished handshake ended to make room");
        if (srv->on_end != NULL) {
            srv->on_end(srv->ctx, srv, k, &slot->session);
        }
        slot->used = 0;
    }
}

/* retire_superseded releases the older slot of a restarted client (RFC 6347 4.2.8) once the new
 * association is established; until then the old one stays, in case the new handshake fails. */
static void retire_superseded(struct tool_server *srv, size_t k)
{
    struct tool_server_slot *slot = &srv->slots[k];
    size_t old = slot->supersedes;
    if (!slot->used || slot->session.state != TOOL_SESSION_OPEN || old == NXDTLS_NO_SLOT) {
        return;
    }
    slot->supersedes = NXDTLS_NO_SLOT;
    if (old < srv->slot_count && srv->slots[old].used) {
        tool_session_log(&srv->slots[old].session, "replaced by session %zu (client restarted)", k);
        release_slot(srv, old);
    }
}

/* reap releases a slot whose session is over. A session that failed reports its code here, since the
 * peer may never learn it. */
static void reap(struct tool_server *srv, size_t k)
{
    struct tool_server_slot *slot = &srv->slots[k];
    if (!slot->used || tool_session_active(&slot->session)) {
        return;
    }
    if (slot->session.state == TOOL_SESSION_FAILED) {
        tool_session_print_error(&slot->session);
    }
    release_slot(srv, k);
}

static void start_slot(struct tool_server *srv, size_t k, nxdtls_conn *conn,
                       const struct tool_sockaddr *peer)
{
    struct tool_server_slot *slot = &srv->slots[k];
    char text[80];
    char label[96];
    tool_udp_format(peer, text, sizeof text);
    snprintf(label, sizeof label, "session %zu %s", k, text);
    tool_session_begin(&slot->session, conn, srv->fd, peer, &srv->traffic, srv->tx, label,
                       srv->verbose);
    slot->session.on_data = slot_data;
    slot->session.on_data_ctx = slot;
    slot->session.showcerts = srv->showcerts;
    slot->used = 1;
    slot->supersedes = NXDTLS_NO_SLOT;
    srv->sessions_started++;
    tool_session_log(&slot->session, "ClientHello accepted: new session");
}

/* cid_follow applies RFC 9146 6 after a datagram routed by its CID was fed: the session's sends follow
 * the client to its new address once the engine says an authenticated, newer record came from there. */
static void cid_follow(struct tool_server *srv, size_t k, const nxdtls_addr *peer,
                       const struct tool_sockaddr *from)
{
    int moved = 0;
    if (nxdtls_server_peer_update(&srv->server, k, peer, &moved) != NX_SUCCESS || !moved ||
        !srv->slots[k].used) {
        return;
    }
    srv->cid_moves++;
    srv->slots[k].session.peer = *from;
    srv->slots[k].session.peer_set = 1;
    if (srv->verbose) {
        char text[80];
        tool_udp_format(from, text, sizeof text);
        tool_session_log(&srv->slots[k].session, "peer moved to %s (connection ID)", text);
    }
}

static void route_one(struct tool_server *srv, uint64_t now_ms, const struct tool_sockaddr *from,
                      size_t len)
{
    nxdtls_addr peer;
    nxdtls_route route;
    tool_udp_to_engine(from, &peer);
    memset(&route, 0, sizeof route);
    UINT rc = nxdtls_server_route(&srv->server, now_ms, &peer, srv->rx, len, &route);
    if (route.evicted < srv->slot_count) {
        srv->evicted++;
        forget_slot(srv, route.evicted);
    }
    if (rc != NX_SUCCESS) {
        if (srv->verbose) {
            char what[96];
            snprintf(what, sizeof what, "datagram dropped (%s) from", tool_code_name(rc));
            server_log(srv, what, from);
        }
        return;
    }
    switch (route.kind) {
    case NXDTLS_ROUTE_REPLY:
    case NXDTLS_ROUTE_FULL:
        if (route.kind == NXDTLS_ROUTE_REPLY) {
            srv->hello_verify_sent++;
            server_log(srv, "HelloVerifyRequest to", from);
        } else {
            char text[80];
            srv->full_replies++;
            tool_udp_format(from, text, sizeof text);
            fprintf(stderr, "nxdtls: server: no free session slot for %s: %s (0x%X)\n", text,
                    tool_code_name(NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS),
                    (unsigned)NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS);
        }
        if (route.reply_len > 0) {
            (void)tool_udp_send(srv->fd, from, route.reply, route.reply_len, &srv->traffic);
        }
        return;
    case NXDTLS_ROUTE_NEW:
    case NXDTLS_ROUTE_SESSION:
        if (route.slot >= srv->slot_count || route.conn == NULL) {
            return;
        }
        if (route.kind == NXDTLS_ROUTE_NEW && srv->remote_certs != NULL) {
            /* A new connection: give it the slot's storage for the client's chain before its hello. */
            uint8_t *certs = srv->remote_certs + route.slot * TOOL_REMOTE_CERTS_SIZE;
            (void)nxdtls_conn_set_remote_certificates(route.conn, certs, TOOL_REMOTE_CERTS_SIZE,
                                                      TOOL_REMOTE_CERTS);
        }
        if (route.kind == NXDTLS_ROUTE_NEW || !srv->slots[route.slot].used) {
            /* The engine hands out only free slots, so a session still tracked here has ended
             * inside the engine already: forget it without releasing the slot again. */
            forget_slot(srv, route.slot);
            start_slot(srv, route.slot, route.conn, from);
            srv->slots[route.slot].supersedes =
                route.kind == NXDTLS_ROUTE_NEW ? route.superseded : NXDTLS_NO_SLOT;
        }
        srv->cur_by_cid = route.by_cid;
        srv->cur_peer = peer;
        srv->cur_from = *from;
        tool_session_input(&srv->slots[route.slot].session, now_ms, srv->rx, len);
        srv->cur_by_cid = 0;
        if (route.by_cid) {
            cid_follow(srv, route.slot, &peer, from);
        }
        retire_superseded(srv, route.slot);
        reap(srv, route.slot);
        return;
    case NXDTLS_ROUTE_WORKER:
        /* RFC 9146: a CID record whose session another worker owns (the kernel chose by address). */
        if (srv->handoff != NULL) {
            srv->handoff(srv->handoff_ctx, route.worker, from, srv->rx, len);
        }
        return;
    default:
        return; /* NXDTLS_ROUTE_DROP */
    }
}

void tool_server_datagram(struct tool_server *srv, uint64_t now_ms,
                          const struct tool_sockaddr *from, const uint8_t *datagram, size_t len)
{
    if (len <= TOOL_UDP_MAX_DATAGRAM) {
        memcpy(srv->rx, datagram, len);
        route_one(srv, now_ms, from, len);
    }
}

void tool_server_readable(struct tool_server *srv, uint64_t now_ms)
{
    /* Bounded so a flood cannot starve the timers. */
    for (int n = 0; n < 256; n++) {
        struct tool_sockaddr from;
        ssize_t len = tool_udp_recv(srv->fd, srv->rx, TOOL_UDP_MAX_DATAGRAM, &from, &srv->traffic);
        if (len <= 0) {
            return; /* nothing waiting; an unconnected socket's errors concern no session */
        }
        route_one(srv, now_ms, &from, (size_t)len);
    }
}

uint64_t tool_server_deadline(const struct tool_server *srv)
{
    uint64_t deadline = UINT64_MAX;
    for (size_t k = 0; k < srv->slot_count; k++) {
        if (srv->slots[k].used) {
            uint64_t d = tool_session_deadline(&srv->slots[k].session);
            deadline = d < deadline ? d : deadline;
        }
    }
    return deadline;
}

void tool_server_timers(struct tool_server *srv, uint64_t now_ms)
{
    for (size_t k = 0; k < srv->slot_count; k++) {
        if (!srv->slots[k].used) {
            continue;
        }
        nxdtls_addr bound;
        if (nxdtls_server_peer(&srv->server, k, &bound) != NX_SUCCESS) {
            forget_slot(srv, k);
            continue;
        }
        tool_session_timer(&srv->slots[k].session, now_ms);
        reap(srv, k);
    }
}

int tool_server_send(struct tool_server *srv, size_t slot, const uint8_t *data, size_t len,
                     uint64_t now_ms)
{
    if (slot >= srv->slot_count || !srv->slots[slot].used) {
        return -1;
    }
    return tool_session_write(&srv->slots[slot].session, now_ms, data, len);
}

size_t tool_server_open_sessions(const struct tool_server *srv)
{
    size_t n = 0;
    for (size_t k = 0; k < srv->slot_count; k++) {
        n += srv->slots[k].used && srv->slots[k].session.state == TOOL_SESSION_OPEN;
    }
    return n;
}

void tool_server_close_all(struct tool_server *srv, uint64_t now_ms)
{
    for (size_t k = 0; k < srv->slot_count; k++) {
        if (srv->slots[k].used) {
            tool_session_close(&srv->slots[k].session, now_ms);
            release_slot(srv, k);
        }
    }
}

void tool_server_free(struct tool_server *srv)
{
    if (srv->server_ready) {
        for (size_t k = 0; k < srv->slot_count; k++) {
            srv->slots[k].used = 0;
            (void)nxdtls_server_release(&srv->server, k);
        }
        srv->server_ready = 0;
    }
    if (srv->fd >= 0) {
        close(srv->fd);
        srv->fd = -1;
    }
    free(srv->conns);
    free(srv->metadata);
    free(srv->reassembly);
    free(srv->remote_certs);
    free(srv->index);
    free(srv->slots);
    free(srv->rx);
    free(srv->tx);
    memset(srv, 0, sizeof *srv);
    srv->fd = -1;
}

/* ---- `nxdtls server` ---- */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

struct server_cli {
    int echo;
    int commands; /* stdin lines R / renegotiate renegotiate every open session */
    int showcerts;
    int once;
    int once_done;
    int once_status;
    uint64_t now_ms;
};

static void cli_data(void *ctx, struct tool_server *srv, size_t slot, const uint8_t *data,
                     size_t len)
{
    struct server_cli *cli = ctx;
    if (cli->echo) {
        (void)tool_server_send(srv, slot, data, len, cli->now_ms);
    } else {
        fwrite(data, 1, len, stdout);
        fflush(stdout);
    }
}

static void cli_end(void *ctx, struct tool_server *srv, size_t slot, const struct tool_session *s)
{
    struct server_cli *cli = ctx;
    (void)srv;
    (void)slot;
    if (s->state == TOOL_SESSION_CLOSED) {
        tool_session_log(s, "session closed by the peer (%llu bytes in, %llu out)",
                         (unsigned long long)s->app_bytes_in, (unsigned long long)s->app_bytes_out);
    }
    if (cli->once && !cli->once_done) {
        cli->once_done = 1;
        cli->once_status = s->state == TOOL_SESSION_FAILED ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
    }
}

struct broadcast_ctx {
    struct tool_server *srv;
    uint64_t now_ms;
    int commands;
};

static void broadcast_line(void *ctx, const uint8_t *line, size_t len)
{
    struct broadcast_ctx *b = ctx;
    int renegotiate = b->commands && tool_line_command(line, len) == TOOL_LINE_RENEGOTIATE;
    for (size_t k = 0; k < b->srv->slot_count; k++) {
        if (b->srv->slots[k].used && b->srv->slots[k].session.state == TOOL_SESSION_OPEN) {
            if (renegotiate) {
                tool_session_renegotiate(&b->srv->slots[k].session, b->now_ms);
            } else {
                (void)tool_server_send(b->srv, k, line, len, b->now_ms);
            }
        }
    }
}

static int run(struct tool_server *srv, struct server_cli *cli)
{
    struct tool_stdin *in = calloc(1, sizeof *in);
    int stdin_open = !cli->echo;
    if (in == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
        return TOOL_EXIT_FAILURE;
    }
    while (!stop_requested && !(cli->once && cli->once_done)) {
        uint64_t now = tool_now_ms();
        struct pollfd fds[2] = {{.fd = srv->fd, .events = POLLIN},
                                {.fd = STDIN_FILENO, .events = POLLIN}};
        /* stdin is read only while someone can receive it; otherwise lines wait in the pipe. */
        nfds_t nfds = (stdin_open && tool_server_open_sessions(srv) > 0) ? 2 : 1;
        int ready = poll(fds, nfds, tool_poll_ms(now, tool_server_deadline(srv)));
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "nxdtls: poll: %s\n", strerror(errno));
            break;
        }
        now = tool_now_ms();
        cli->now_ms = now;
        if (ready > 0 && fds[0].revents != 0) {
            tool_server_readable(srv, now);
        }
        if (ready > 0 && nfds == 2 && fds[1].revents != 0) {
            struct broadcast_ctx b = {.srv = srv, .now_ms = now, .commands = cli->commands};
            if (tool_stdin_read(in, broadcast_line, &b)) {
                stdin_open = 0;
            }
        }
        tool_server_timers(srv, now);
    }
    free(in);
    tool_server_close_all(srv, tool_now_ms());
    return cli->once_done ? cli->once_status : TOOL_EXIT_OK;
}

struct server_args {
    struct tool_options opts;
    struct server_cli *cli;
    const char *listen_text;
    unsigned long max_sessions;
    unsigned long idle_timeout_ms;
    int no_cookie;
    unsigned long workers; /* --workers; 0 = one per processor */
};

static int opt_workers(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    if (tool_parse_uint(value, 1, TOOL_MAX_WORKERS, &a->workers) != 0) {
        fprintf(stderr, "nxdtls: %s wants 1..%d, got '%s'\n", opt, TOOL_MAX_WORKERS, value);
        return -1;
    }
    return 0;
}

static int opt_listen(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    a->listen_text = value;
    return 0;
}

static int opt_max_sessions(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    if (tool_parse_uint(value, 1, 65536, &a->max_sessions) != 0) {
        fprintf(stderr, "nxdtls: %s wants 1..65536, got '%s'\n", opt, value);
        return -1;
    }
    return 0;
}

static int opt_idle_timeout(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    if (tool_parse_uint(value, 1, UINT32_MAX, &a->idle_timeout_ms) != 0) {
        fprintf(stderr, "nxdtls: %s wants milliseconds, 1..4294967295, got '%s'\n", opt, value);
        return -1;
    }
    return 0;
}

static int opt_verify_client(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->opts.verify_client = 1;
    return 0;
}

static int opt_no_cookie(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->no_cookie = 1;
    return 0;
}

static int opt_echo(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->cli->echo = 1;
    return 0;
}

static int opt_showcerts(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->cli->showcerts = 1;
    return 0;
}

static int opt_no_commands(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->cli->commands = 0;
    return 0;
}

static int opt_once(void *ctx, const char *opt, const char *value)
{
    struct server_args *a = ctx;
    (void)opt;
    (void)value;
    a->cli->once = 1;
    return 0;
}

/* clang-format off */
static const struct tool_opt server_opts[] = {
    {"--listen", NULL, "ADDR:PORT", "where to listen (default 127.0.0.1:4433; port 0 = any free port)", opt_listen},
    {"--max-sessions", NULL, "N", "session slots per worker (1..65536, default 16)", opt_max_sessions},
    {"--workers", NULL, "N", "threads, each with its own socket on the port (SO_REUSEPORT) and sessions (default: one per processor)", opt_workers},
    {"--idle-timeout", NULL, "MS", "close a session that received nothing for MS ms (default: never)", opt_idle_timeout},
    {"--verify-client", NULL, NULL, "require a client certificate that leads to a --ca", opt_verify_client},
    {"--no-cookie", NULL, NULL, "answer ClientHello without a HelloVerifyRequest", opt_no_cookie},
    {"--echo", NULL, NULL, "send received data back to its sender", opt_echo},
    {"--once", NULL, NULL, "exit after the first session ends (0 clean, 1 failed)", opt_once},
    {"--showcerts", NULL, NULL, "after each handshake, print the client's chain and the summary", opt_showcerts},
    {"--no-commands", NULL, NULL, "send the stdin lines R and renegotiate as data", opt_no_commands},
    {NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

const struct tool_command tool_server_command = {
    .name = "server",
    .synopsis = "{--psk IDENTITY:HEXKEY | --cert FILE --key FILE} [OPTIONS]",
    .summary = "serve DTLS sessions on one UDP port",
    .details =
        "The bound address is printed on stderr (\"listening on ADDR:PORT\"). Received data goes\n"
        "to stdout, or back to its sender with --echo; without --echo each stdin line goes to\n"
        "every open session, except the line R (or renegotiate), which renegotiates them. -v\n"
        "prints each session's negotiated parameters. SIGINT or SIGTERM sends close_notify to\n"
        "every session and exits 0.\n",
    .main = tool_server_main,
};

int tool_server_main(int argc, char **argv)
{
    struct server_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.commands = 1;
    struct server_args args;
    memset(&args, 0, sizeof args);
    args.cli = &cli;
    args.listen_text = "127.0.0.1:4433";
    args.max_sessions = 16;
    const struct tool_opt_group groups[] = {
        {"Server", server_opts, &args},
        {"Credentials", tool_credential_opts, &args.opts},
        {"Connection", tool_connection_opts, &args.opts},
    };
    int parsed = tool_args_parse(&tool_server_command, groups, sizeof groups / sizeof groups[0],
                                 argc, argv, NULL, NULL);
    if (parsed != TOOL_ARGS_OK) {
        tool_config_release(&args.opts); /* what options loaded (--psk-file) */
        return tool_args_exit(parsed);
    }
    struct tool_options *opts = &args.opts;
    struct tool_sockaddr local;
    char err[160];
    if (tool_udp_parse(args.listen_text, &local, err, sizeof err) != 0) {
        tool_config_release(opts);
        return tool_usage_error(&tool_server_command, "--listen: %s", err);
    }
    nxdtls_config cfg;
    int built = tool_config_build(opts, NXDTLS_ROLE_SERVER, &cfg);
    if (built != TOOL_EXIT_OK) {
        if (built == TOOL_EXIT_USAGE) {
            tool_short_usage(stderr, &tool_server_command);
        }
        tool_config_release(opts);
        return built;
    }
    cfg.disable_cookies = (uint8_t)args.no_cookie;
    cfg.idle_timeout_ms = (uint32_t)args.idle_timeout_ms;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    size_t workers = args.workers != 0 ? args.workers : tool_workers_default();
    if (workers > 1) {
        struct tool_workers_options wo = {.workers = workers,
                                          .slots_each = args.max_sessions,
                                          .verbose = opts->verbose,
                                          .echo = cli.echo,
                                          .commands = cli.commands,
                                          .showcerts = cli.showcerts,
                                          .once = cli.once};
        int wstatus = tool_workers_run(&cfg, &local, &wo, &stop_requested);
        tool_config_release(opts);
        return wstatus;
    }
    struct tool_server *srv = calloc(1, sizeof *srv);
    int status = TOOL_EXIT_FAILURE;
    if (srv == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
    } else if (tool_server_open(srv, &cfg, &local, args.max_sessions, opts->verbose,
                                tool_now_ms()) == 0) {
        char text[80];
        tool_udp_format(&srv->local, text, sizeof text);
        /* Always printed: scripts that pass port 0 read the port from here. */
        fprintf(stderr, "nxdtls: listening on %s\n", text);
        srv->showcerts = cli.showcerts;
        srv->on_data = cli_data;
        srv->on_end = cli_end;
        srv->ctx = &cli;
        status = run(srv, &cli);
    }
    if (srv != NULL) {
        tool_server_free(srv);
        free(srv);
    }
    tool_config_release(opts);
    return status;
}
