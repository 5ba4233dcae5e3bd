/* SPDX-License-Identifier: MIT */
/* tool_client: `nxdtls client`. One connected UDP socket, one engine connection, one poll loop over the
 * socket, stdin and the engine timer. Each stdin line (or --message once) becomes one application-data
 * record; received application data goes to stdout unchanged. */
#include "tool_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_codes.h"
#include "tool_config.h"
#include "tool_stdin.h"

int tool_client_start(struct tool_client *c, const nxdtls_config *cfg,
                      const struct tool_sockaddr *server, int verbose, uint64_t now_ms)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->server = *server;

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

static void usage(void)
{
    fprintf(stderr,
            "usage: nxdtls client ADDR:PORT {--psk IDENTITY:HEXKEY [--psk-hint HINT] | --ca FILE} "
            "[--servername NAME]\n"
            "                     [--cert FILE --key FILE] [--ca FILE ...]\n"
            "                     [--ciphers LIST] [--mtu N] [--keylog FILE] [--timeout "
            "MS] [--wait MS]\n"
            "                     [--message TEXT] [-v]\n"
            "  Sends each stdin line (or TEXT once) as one record, prints what arrives, "
            "waits --wait ms\n"
            "  (default 500) after EOF, then sends close_notify. --timeout bounds the "
            "handshake (default\n"
            "  10000 ms, 0 = only the engine's retransmission limit). Exit 0 clean, 1 "
            "failure, 2 usage.\n");
}

static void to_stdout(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    fwrite(data, 1, len, stdout);
    fflush(stdout);
}

struct line_ctx {
    struct tool_session *session;
    uint64_t now_ms;
};

static void send_line(void *ctx, const uint8_t *line, size_t len)
{
    struct line_ctx *lc = ctx;
    (void)tool_session_write(lc->session, lc->now_ms, line, len);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* run is the client's poll loop; it returns when the session has ended one way or another. */
static void run(struct tool_client *c, const char *message, uint64_t timeout_ms, uint64_t wait_ms)
{
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
        if (s->state == TOOL_SESSION_OPEN && message != NULL && !input_done) {
            (void)tool_session_write(s, now, (const uint8_t *)message, strlen(message));
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
            struct line_ctx lc = {.session = s, .now_ms = now};
            if (tool_stdin_read(in, send_line, &lc)) {
                input_done = 1;
                close_at = now + wait_ms;
            }
        }
        tool_session_timer(s, now);
    }
    free(in);
}

int tool_client_main(int argc, char **argv)
{
    struct tool_options opts;
    memset(&opts, 0, sizeof opts);
    const char *target = NULL;
    const char *message = NULL;
    unsigned long timeout_ms = 10000;
    unsigned long wait_ms = 500;

    for (int i = 1; i < argc; i++) {
        int common = tool_common_option(&opts, argc, argv, &i);
        if (common < 0) {
            usage();
            return TOOL_EXIT_USAGE;
        }
        if (common > 0) {
            continue;
        }
        const char *opt = argv[i];
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            usage();
            return TOOL_EXIT_OK;
        }
        if (strcmp(opt, "--timeout") == 0 || strcmp(opt, "--wait") == 0) {
            unsigned long *dst = opt[2] == 't' ? &timeout_ms : &wait_ms;
            if (i + 1 >= argc || tool_parse_uint(argv[i + 1], 0, 86400000ul, dst) != 0) {
                fprintf(stderr, "nxdtls: %s wants milliseconds\n", opt);
                usage();
                return TOOL_EXIT_USAGE;
            }
            i++;
        } else if (strcmp(opt, "--message") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "nxdtls: --message needs a value\n");
                usage();
                return TOOL_EXIT_USAGE;
            }
            message = argv[++i];
        } else if (opt[0] == '-' && opt[1] != '\0') {
            fprintf(stderr, "nxdtls: unknown client option '%s'\n", opt);
            usage();
            return TOOL_EXIT_USAGE;
        } else if (target == NULL) {
            target = opt;
        } else {
            fprintf(stderr, "nxdtls: unexpected argument '%s'\n", opt);
            usage();
            return TOOL_EXIT_USAGE;
        }
    }
    if (target == NULL) {
        fprintf(stderr, "nxdtls: client needs ADDR:PORT\n");
        usage();
        return TOOL_EXIT_USAGE;
    }
    struct tool_sockaddr server;
    char err[160];
    if (tool_udp_parse(target, &server, err, sizeof err) != 0) {
        fprintf(stderr, "nxdtls: %s\n", err);
        usage();
        return TOOL_EXIT_USAGE;
    }
    nxdtls_config cfg;
    if (tool_config_build(&opts, NXDTLS_ROLE_CLIENT, &cfg) != 0) {
        usage();
        tool_config_release(&opts);
        return TOOL_EXIT_USAGE;
    }

    struct tool_client *c = calloc(1, sizeof *c);
    int status = TOOL_EXIT_FAILURE;
    if (c == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
    } else {
        c->fd = -1;
        if (tool_client_start(c, &cfg, &server, opts.verbose, tool_now_ms()) == 0) {
            c->session.on_data = to_stdout;
            run(c, message, timeout_ms, wait_ms);
        }
        if (c->session.state == TOOL_SESSION_FAILED) {
            tool_session_print_error(&c->session);
        } else if (c->session.conn != NULL) {
            status = TOOL_EXIT_OK;
        }
        tool_client_free(c);
        free(c);
    }
    tool_config_release(&opts);
    return status;
}
