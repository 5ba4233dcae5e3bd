/* SPDX-License-Identifier: MIT */
/* tool_client: `nxdtls client`. One connected UDP socket, one engine connection, one poll loop over the
 * socket, stdin and the engine timer. Each stdin line (or --message, --hex, --file once) becomes one application-data
 * record; received application data goes to stdout unchanged. */
#include "tool_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_codes.h"
#include "tool_commands.h"
#include "tool_config.h"
#include "tool_payload.h"
#include "tool_stdin.h"

static struct tool_session *client_session(void *owner, const nxdtls_conn *conn)
{
    struct tool_client *c = owner;
    return conn == &c->conn ? &c->session : NULL;
}

int tool_client_start(struct tool_client *c, nxdtls_config *cfg, const struct tool_sockaddr *server,
                      int verbose, uint64_t now_ms)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->server = *server;
    tool_trace_attach(cfg, &c->trace, client_session, c, verbose);

    size_t metadata_size = nxdtls_metadata_size(cfg->crypto);
    c->metadata = calloc(1, metadata_size != 0 ? metadata_size : 1);
    c->reassembly = calloc(1, TOOL_REASSEMBLY_SIZE);
    c->remote_certs = calloc(1, TOOL_REMOTE_CERTS_SIZE);
    c->rx = malloc(TOOL_UDP_MAX_DATAGRAM);
    c->tx = malloc(TOOL_UDP_MAX_DATAGRAM);
    if (c->metadata == NULL || c->reassembly == NULL || c->remote_certs == NULL || c->rx == NULL ||
        c->tx == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
        return -1;
    }

    c->fd = tool_udp_connect(server);
    if (c->fd < 0) {
        char text[80];
        tool_udp_format(server, text, sizeof text);
        fprintf(stderr, "nxdtls: cannot open a UDP socket to %s: %s\n", text, strerror(errno));
        return -1;
    }

    UINT rc = nxdtls_conn_init(&c->conn, cfg, c->metadata, metadata_size, c->reassembly,
                               TOOL_REASSEMBLY_SIZE);
    if (rc == NX_SUCCESS) {
        rc = nxdtls_conn_set_remote_certificates(&c->conn, c->remote_certs, TOOL_REMOTE_CERTS_SIZE,
                                                 TOOL_REMOTE_CERTS);
    }
    tool_session_begin(&c->session, &c->conn, c->fd, NULL, &c->traffic, c->tx, "client", verbose);
    c->session.is_client = 1;
    if (rc != NX_SUCCESS) {
        tool_session_fail(&c->session, rc);
        return -1;
    }
    c->conn_ready = 1;

    if (c->session.verbose) {
        char text[80];
        tool_udp_format(server, text, sizeof text);
        tool_session_log(&c->session, "ClientHello to %s", text);
    }
    rc = nxdtls_conn_connect(&c->conn, now_ms);
    if (rc != NX_SUCCESS) {
        tool_session_fail(&c->session, rc);
        return -1;
    }
    tool_session_flush(&c->session, now_ms);
    return c->session.state == TOOL_SESSION_FAILED ? -1 : 0;
}

void tool_client_readable(struct tool_client *c, uint64_t now_ms)
{
    while (tool_session_active(&c->session)) {
        ssize_t n = tool_udp_recv(c->fd, c->rx, TOOL_UDP_MAX_DATAGRAM, NULL, &c->traffic);
        if (n == 0) {
            return;
        }
        if (n < 0) {
            /* A connected socket learns of an ICMP port unreachable this way (C9 of docs/netx-api.md). */
            tool_session_fail(&c->session,
                              errno == ECONNREFUSED ? NX_NOT_CONNECTED : NX_NOT_SUCCESSFUL);
            return;
        }
        tool_session_input(&c->session, now_ms, c->rx, (size_t)n);
    }
}

int tool_client_rebind(struct tool_client *c)
{
    int fd = tool_udp_connect(&c->server);
    if (fd < 0) {
        fprintf(stderr, "nxdtls: cannot open a new UDP socket: %s\n", strerror(errno));
        return -1;
    }
    close(c->fd);
    c->fd = fd;
    c->session.fd = fd;
    c->rebinds++;
    if (c->session.verbose) {
        struct tool_sockaddr local;
        local.len = sizeof local.ss;
        char text[80] = "?";
        if (getsockname(fd, (struct sockaddr *)&local.ss, &local.len) == 0) {
            tool_udp_format(&local, text, sizeof text);
        }
        tool_session_log(&c->session, "new source address %s (rebinding %llu)", text,
                         (unsigned long long)c->rebinds);
    }
    return 0;
}

void tool_client_free(struct tool_client *c)
{
    if (c->conn_ready) {
        nxdtls_conn_free(&c->conn);
        c->conn_ready = 0;
    }
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    free(c->metadata);
    free(c->reassembly);
    free(c->remote_certs);
    free(c->rx);
    free(c->tx);
    c->metadata = NULL;
    c->reassembly = NULL;
    c->remote_certs = NULL;
    c->rx = NULL;
    c->tx = NULL;
}

static void to_stdout(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    fwrite(data, 1, len, stdout);
    fflush(stdout);
}

/* --hexdump: one line of hex per record received. */
static void hex_to_stdout(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    tool_hexdump_record(stdout, data, len);
}

struct line_ctx {
    struct tool_client *client;
    struct tool_session *session;
    uint64_t now_ms;
    int commands;               /* R / renegotiate lines are commands (not --no-commands) */
    unsigned long rebind_every; /* --new-port-every N: a new source port before every Nth line after
                                 * the first */
    unsigned long *lines_sent;
};

static void send_line(void *ctx, const uint8_t *line, size_t len)
{
    struct line_ctx *lc = ctx;
    if (lc->commands && tool_line_command(line, len) == TOOL_LINE_RENEGOTIATE) {
        tool_session_renegotiate(lc->session, lc->now_ms);
        return;
    }
    if (lc->rebind_every != 0 && *lc->lines_sent != 0 && *lc->lines_sent % lc->rebind_every == 0 &&
        tool_client_rebind(lc->client) != 0) {
        tool_session_fail(lc->session, NX_NOT_SUCCESSFUL);
        return;
    }
    (*lc->lines_sent)++;
    (void)tool_session_write(lc->session, lc->now_ms, line, len);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* run is the client's poll loop; it returns when the session has ended one way or another. */
static void run(struct tool_client *c, const struct tool_payload *message, uint64_t timeout_ms,
                uint64_t wait_ms, int commands, unsigned long rebind_every)
{
    unsigned long lines_sent = 0;
    struct tool_session *s = &c->session;
    struct tool_stdin *in = calloc(1, sizeof *in);
    uint64_t hs_deadline = timeout_ms != 0 ? tool_now_ms() + timeout_ms : UINT64_MAX;
    uint64_t close_at = UINT64_MAX;
    int input_done = 0;

    if (in == NULL) {
        tool_session_fail(s, NX_NOT_SUCCESSFUL);
        return;
    }
    for (;;) {
        uint64_t now = tool_now_ms();
        if (s->state == TOOL_SESSION_HANDSHAKE && now >= hs_deadline) {
            tool_session_log(s, "handshake timeout (%llu ms)", (unsigned long long)timeout_ms);
            tool_session_fail(s, NX_NO_PACKET);
        }
        if (s->state == TOOL_SESSION_OPEN && message->set && !input_done) {
            (void)tool_session_write(s, now, message->data, message->len);
            input_done = 1;
            close_at = now + wait_ms;
        }
        if (s->state == TOOL_SESSION_OPEN && input_done && now >= close_at) {
            tool_session_close(s, now);
        }
        if (!tool_session_active(s)) {
            break;
        }

        struct pollfd fds[2] = {{.fd = c->fd, .events = POLLIN},
                                {.fd = STDIN_FILENO, .events = POLLIN}};
        nfds_t nfds = (s->state == TOOL_SESSION_OPEN && !input_done) ? 2 : 1;
        uint64_t deadline = tool_session_deadline(s);
        if (s->state == TOOL_SESSION_HANDSHAKE) {
            deadline = min_u64(deadline, hs_deadline);
        }
        if (s->state == TOOL_SESSION_OPEN && input_done) {
            deadline = min_u64(deadline, close_at);
        }
        int ready = poll(fds, nfds, tool_poll_ms(now, deadline));
        if (ready < 0 && errno != EINTR) {
            tool_session_fail(s, NX_NOT_SUCCESSFUL);
            break;
        }
        now = tool_now_ms();
        if (ready > 0 && fds[0].revents != 0) {
            tool_client_readable(c, now);
        }
        if (ready > 0 && nfds == 2 && fds[1].revents != 0 && s->state == TOOL_SESSION_OPEN) {
            struct line_ctx lc = {.client = c,
                                  .session = s,
                                  .now_ms = now,
                                  .commands = commands,
                                  .rebind_every = rebind_every,
                                  .lines_sent = &lines_sent};
            if (tool_stdin_read(in, send_line, &lc)) {
                input_done = 1;
                close_at = now + wait_ms;
            }
        }
        tool_session_timer(s, now);
    }
    free(in);
}

/* ---- `nxdtls client` ---- */

struct client_cli {
    struct tool_options opts;
    const char *target;
    struct tool_payload message; /* --message, --hex or --file: sent once instead of stdin */
    int hexdump;                 /* --hexdump */
    int showcerts;               /* --showcerts */
    int no_verify_host;          /* --no-verify-host */
    int no_commands;             /* --no-commands */
    char host[256];              /* the target's host name, checked against the certificate */
    unsigned long timeout_ms;
    unsigned long wait_ms;
    unsigned long rebind_every; /* --new-port-every */
};

static int opt_new_port_every(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    if (tool_parse_uint(value, 1, 1000000ul, &cli->rebind_every) != 0) {
        fprintf(stderr, "nxdtls: %s wants 1..1000000 lines, got '%s'\n", opt, value);
        return -1;
    }
    return 0;
}

static int opt_servername(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    (void)opt;
    cli->opts.servername = value;
    return 0;
}

static int opt_ms(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    unsigned long *dst = strcmp(opt, "--timeout") == 0 ? &cli->timeout_ms : &cli->wait_ms;
    if (tool_parse_uint(value, 0, 86400000ul, dst) != 0) {
        fprintf(stderr, "nxdtls: %s wants milliseconds (0..86400000), got '%s'\n", opt, value);
        return -1;
    }
    return 0;
}

/* --message TEXT, --hex HEX, --file FILE: one payload, sent as given (no newline added). */
static int opt_message(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    if (cli->message.set) {
        fprintf(stderr, "nxdtls: %s: give one of --message, --hex and --file\n", opt);
        return TOOL_OPT_USAGE;
    }
    if (strcmp(opt, "--hex") == 0) {
        return tool_payload_hex(&cli->message, opt, value);
    }
    if (strcmp(opt, "--file") == 0) {
        return tool_payload_file(&cli->message, value);
    }
    tool_payload_text(&cli->message, value);
    return 0;
}

static int opt_hexdump(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    (void)opt;
    (void)value;
    cli->hexdump = 1;
    return 0;
}

static int opt_flag(void *ctx, const char *opt, const char *value)
{
    struct client_cli *cli = ctx;
    (void)value;
    if (strcmp(opt, "--showcerts") == 0) {
        cli->showcerts = 1;
    } else if (strcmp(opt, "--no-verify-host") == 0) {
        cli->no_verify_host = 1;
    } else {
        cli->no_commands = 1;
    }
    return 0;
}

/* target_host copies the host of HOST:PORT into out when it is a name, not an IPv4 or [IPv6] literal;
 * returns 1 then, 0 for a literal or a name that does not fit. */
static int target_host(const char *target, char *out, size_t cap)
{
    const char *colon = strrchr(target, ':');
    if (target[0] == '[' || colon == NULL || (size_t)(colon - target) >= cap) {
        return 0;
    }
    size_t n = (size_t)(colon - target);
    memcpy(out, target, n);
    out[n] = '\0';
    struct in_addr v4;
    return n != 0 && inet_pton(AF_INET, out, &v4) != 1;
}

static int client_target(void *ctx, const char *arg)
{
    struct client_cli *cli = ctx;
    if (cli->target != NULL) {
        fprintf(stderr, "nxdtls client: unexpected argument '%s' (the target is '%s')\n", arg,
                cli->target);
        return -1;
    }
    cli->target = arg;
    return 0;
}

/* clang-format off */
static const struct tool_opt client_opts[] = {
    {"--servername", NULL, "NAME", "SNI, and the name the server's certificate must match", opt_servername},
    {"--message", NULL, "TEXT", "send TEXT once instead of reading stdin", opt_message},
    {"--hex", NULL, "HEX", "send these bytes once instead of reading stdin (\"40 01 12 34\")", opt_message},
    {"--file", NULL, "FILE", "send the file's bytes once instead of reading stdin", opt_message},
    {"--hexdump", NULL, NULL, "print each record received as a line of hex", opt_hexdump},
    {"--showcerts", NULL, NULL, "after the handshake, print the server's chain and the summary", opt_flag},
    {"--no-verify-host", NULL, NULL, "do not check the server's certificate against ADDR's host name", opt_flag},
    {"--no-commands", NULL, NULL, "send the stdin lines R and renegotiate as data", opt_flag},
    {"--timeout", NULL, "MS", "bound on the handshake (default 10000; 0 = the engine's retries only)", opt_ms},
    {"--new-port-every", NULL, "N", "move to a new source port after every N stdin lines, as a NAT rebinding would (see --cid)", opt_new_port_every},
    {"--wait", NULL, "MS", "how long to wait for replies after the input ends (default 500)", opt_ms},
    {NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

const struct tool_command tool_client_command = {
    .name = "client",
    .synopsis = "ADDR:PORT {--psk IDENTITY:HEXKEY | --ca FILE} [OPTIONS]",
    .summary = "connect to a DTLS server, send stdin, print what arrives",
    .details =
        "ADDR is an IPv4 or IPv6 literal ([::1]:PORT) or a host name. Each stdin line is sent\n"
        "as one record; --message, --hex or --file send their bytes exactly, once, instead.\n"
        "Received data goes to stdout (with --hexdump, one line of hex per record). After the\n"
        "input ends the client waits --wait ms for replies, then sends close_notify. A stdin\n"
        "line R (or renegotiate) starts a renegotiation instead. With --ca and a host name as\n"
        "ADDR, the server's certificate must match that name (SNI carries it too); --servername\n"
        "names another, --no-verify-host skips the check. -v prints a summary of the negotiated\n"
        "parameters after the handshake. Exit status: 0 clean close, 1 failure (the NetX code\n"
        "is printed), 2 usage error.\n",
    .main = tool_client_main,
};

int tool_client_main(int argc, char **argv)
{
    struct client_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.timeout_ms = 10000;
    cli.wait_ms = 500;
    const struct tool_opt_group groups[] = {
        {"Client", client_opts, &cli},
        {"Credentials", tool_credential_opts, &cli.opts},
        {"Connection", tool_connection_opts, &cli.opts},
    };
    int parsed = tool_args_parse(&tool_client_command, groups, sizeof groups / sizeof groups[0],
                                 argc, argv, client_target, &cli);
    if (parsed != TOOL_ARGS_OK) {
        tool_payload_free(&cli.message);
        tool_config_release(&cli.opts);
        return tool_args_exit(parsed);
    }
    if (cli.target == NULL) {
        tool_payload_free(&cli.message);
        tool_config_release(&cli.opts);
        return tool_usage_error(&tool_client_command, "the server's ADDR:PORT is missing");
    }
    if (cli.no_verify_host && cli.opts.servername != NULL) {
        tool_payload_free(&cli.message);
        tool_config_release(&cli.opts);
        return tool_usage_error(&tool_client_command,
                                "--servername is the name to check: drop it or --no-verify-host");
    }
    if (!cli.no_verify_host && cli.opts.servername == NULL && cli.opts.ca_count != 0 &&
        target_host(cli.target, cli.host, sizeof cli.host)) {
        /* Like a browser: a name given as the target is the name the certificate must carry. */
        cli.opts.servername = cli.host;
    }
    struct tool_sockaddr server;
    char err[160];
    if (tool_udp_parse(cli.target, &server, err, sizeof err) != 0) {
        tool_payload_free(&cli.message);
        tool_config_release(&cli.opts);
        return tool_usage_error(&tool_client_command, "%s", err);
    }
    nxdtls_config cfg;
    int built = tool_config_build(&cli.opts, NXDTLS_ROLE_CLIENT, &cfg);
    if (built != TOOL_EXIT_OK) {
        if (built == TOOL_EXIT_USAGE) {
            tool_short_usage(stderr, &tool_client_command);
        }
        tool_config_release(&cli.opts);
        tool_payload_free(&cli.message);
        return built;
    }

    struct tool_client *c = calloc(1, sizeof *c);
    int status = TOOL_EXIT_FAILURE;
    if (c == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
    } else {
        c->fd = -1;
        cli.opts.psk_client.log = &c->session; /* -v names the server's PSK hint */
        if (tool_client_start(c, &cfg, &server, cli.opts.verbose, tool_now_ms()) == 0) {
            c->session.on_data = cli.hexdump ? hex_to_stdout : to_stdout;
            c->session.showcerts = cli.showcerts;
            c->session.checked_name = cfg.server_name != NULL ? cli.opts.servername : NULL;
            run(c, &cli.message, cli.timeout_ms, cli.wait_ms, !cli.no_commands, cli.rebind_every);
        }
        if (c->session.state == TOOL_SESSION_FAILED) {
            tool_session_print_error(&c->session);
        } else if (c->session.conn != NULL) {
            status = TOOL_EXIT_OK;
        }
        tool_client_free(c);
        free(c);
    }
    tool_config_release(&cli.opts);
    tool_payload_free(&cli.message);
    return status;
}
