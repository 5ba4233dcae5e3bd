/* SPDX-License-Identifier: MIT */
/* tool_demo: `nxdtls demo`. A server and a client in one process, one poll loop, loopback UDP on a port
 * the kernel picks. Each scenario is one row of `scenarios`: it fills both configurations, then the
 * common driver runs handshake, one message each way, close_notify, and prints a summary. The certificate
 * rows use a P-256 PKI generated in memory for the run (tool_demo_pki): ECDHE-ECDSA with the server's chain,
 * then with a client certificate the server requires. */
#include "tool_demo.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "tool_client.h"
#include "tool_codes.h"
#include "tool_config.h"
#include "tool_demo_pki.h"
#include "tool_server.h"

#define DEMO_BUDGET_MS 10000
#define DEMO_REBINDS   100 /* source-port changes of the connection ID scenario */

static const char demo_request[] = "hello from the nxdtls demo client\n";
static const char demo_reply[] = "hello back from the nxdtls demo server\n";

/* demo_setup: what a scenario fills in; both option sets outlive the run. */
struct demo_setup {
    struct tool_options server;
    struct tool_options client;
};

struct demo_scenario {
    const char *name;
    int (*setup)(struct demo_setup *setup); /* 0, or -1 after printing why */
    unsigned
        rebinds; /* the client moves to a new source port this often, one exchange after each */
};

static int setup_psk(struct demo_setup *setup)
{
    NX_SECURE_TLS_PSK_STORE psk;
    memset(&psk, 0, sizeof psk);
    static const char identity[] = "nxdtls-demo";
    memcpy(psk.nx_secure_tls_psk_id, identity, sizeof identity - 1);
    psk.nx_secure_tls_psk_id_size = sizeof identity - 1;
    /* A fresh key each run: the demo shows the mechanism, nobody should reuse its key. */
    if (getrandom(psk.nx_secure_tls_psk_data, 32, 0) != 32) {
        fprintf(stderr, "nxdtls: demo: getrandom: %s\n", strerror(errno));
        return -1;
    }
    psk.nx_secure_tls_psk_data_size = 32;
    setup->server.psks[0] = psk;
    setup->server.psk_count = 1;
    setup->client.psks[0] = psk;
    setup->client.psk_count = 1;
    return 0;
}

/* setup_psk_cid: PSK with RFC 9146 connection IDs both ways (8-byte server CIDs, 4-byte client CIDs). */
static int setup_psk_cid(struct demo_setup *setup)
{
    setup->server.cid_set = 1;
    setup->server.cid_length = 8;
    setup->client.cid_set = 1;
    setup->client.cid_length = 4;
    return setup_psk(setup);
}

/* setup_certs gives the server the generated chain and the client the root; mutual adds the client's
 * certificate and makes the server require one. */
static int setup_certs(struct demo_setup *setup, int mutual)
{
    struct tool_demo_pki pki;
    if (tool_demo_pki_make(&pki) != 0) {
        return -1;
    }
    struct tool_certs *s = &setup->server.certs;
    struct tool_certs *c = &setup->client.certs;
    UINT rc = tool_certs_add_der(s, 0, pki.server.data, pki.server.len, pki.server_key.data,
                                 pki.server_key.len, NX_SECURE_X509_KEY_TYPE_EC_DER);
    rc = rc != 0 ? rc : tool_certs_add_der(s, 0, pki.inter.data, pki.inter.len, NULL, 0, 0);
    rc = rc != 0 ? rc : tool_certs_add_der(c, 1, pki.root.data, pki.root.len, NULL, 0, 0);
    if (mutual) {
        rc = rc != 0
                 ? rc
                 : tool_certs_add_der(c, 0, pki.client.data, pki.client.len, pki.client_key.data,
                                      pki.client_key.len, NX_SECURE_X509_KEY_TYPE_EC_DER);
        rc = rc != 0 ? rc : tool_certs_add_der(c, 0, pki.inter.data, pki.inter.len, NULL, 0, 0);
        rc = rc != 0 ? rc : tool_certs_add_der(s, 1, pki.root.data, pki.root.len, NULL, 0, 0);
        setup->server.verify_client = 1;
    }
    tool_demo_pki_free(&pki);
    setup->client.servername = "localhost";
    /* The client asks for the certificate suite; the server keeps its defaults (every suite it can run). */
    setup->client.suites[0] = TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    setup->client.suite_count = 1;
    if (rc != NX_SUCCESS) {
        fprintf(stderr, "nxdtls: demo: the generated PKI does not load: %s (0x%X)\n",
                tool_code_name(rc), (unsigned)rc);
        return -1;
    }
    return 0;
}

static int setup_ecdsa(struct demo_setup *setup)
{
    return setup_certs(setup, 0);
}

static int setup_ecdsa_mutual(struct demo_setup *setup)
{
    return setup_certs(setup, 1);
}

/* clang-format off */
static const struct demo_scenario scenarios[] = {
    {"PSK",                                 setup_psk,          0},
    {"ECDHE-ECDSA",                         setup_ecdsa,        0},
    {"ECDHE-ECDSA with client certificate", setup_ecdsa_mutual, 0},
    {"PSK with connection ID, 100 source-port changes", setup_psk_cid, DEMO_REBINDS},
};
/* clang-format on */

/* demo_run: the state of one scenario's run. */
struct demo_run {
    struct tool_server server;
    struct tool_client client;
    uint8_t got_request[sizeof demo_request];
    size_t got_request_len;
    uint8_t got_reply[sizeof demo_reply];
    size_t got_reply_len;
    int server_end_seen;
    struct tool_session server_end; /* copy of the server slot's session when it ended */
    uint64_t now_ms;
    unsigned rebinds;   /* the scenario's source-port changes */
    unsigned exchanges; /* replies received completely */
    unsigned requests;  /* requests the server received */
};

static void append(uint8_t *buf, size_t cap, size_t *len, const uint8_t *data, size_t n)
{
    size_t room = cap - *len;
    size_t take = n < room ? n : room;
    memcpy(buf + *len, data, take);
    *len += take;
}

static void server_data(void *ctx, struct tool_server *srv, size_t slot, const uint8_t *data,
                        size_t len)
{
    struct demo_run *run = ctx;
    run->requests++;
    if (run->requests == 1) {
        append(run->got_request, sizeof run->got_request, &run->got_request_len, data, len);
    }
    (void)tool_server_send(srv, slot, (const uint8_t *)demo_reply, strlen(demo_reply), run->now_ms);
}

static void server_end(void *ctx, struct tool_server *srv, size_t slot,
                       const struct tool_session *s)
{
    struct demo_run *run = ctx;
    (void)srv;
    (void)slot;
    run->server_end = *s;
    run->server_end_seen = 1;
}

static void client_data(void *ctx, const uint8_t *data, size_t len)
{
    struct demo_run *run = ctx;
    append(run->got_reply, sizeof run->got_reply, &run->got_reply_len, data, len);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* drive runs the shared poll loop until the server has seen the session end or the budget is spent. */
static void drive(struct demo_run *run)
{
    struct tool_session *cs = &run->client.session;
    uint64_t budget_end = tool_now_ms() + DEMO_BUDGET_MS;
    int request_sent = 0;

    while (!run->server_end_seen) {
        uint64_t now = tool_now_ms();
        run->now_ms = now;
        if (now >= budget_end) {
            tool_session_fail(cs, NX_NO_PACKET);
            return;
        }
        if (cs->state == TOOL_SESSION_OPEN && !request_sent) {
            (void)tool_session_write(cs, now, (const uint8_t *)demo_request, strlen(demo_request));
            request_sent = 1;
        }
        if (cs->state == TOOL_SESSION_OPEN && run->got_reply_len == strlen(demo_reply) &&
            run->exchanges < run->rebinds) {
            /* A NAT rebinding: a new source port, the same session (RFC 9146), one more exchange. */
            run->exchanges++;
            run->got_reply_len = 0;
            if (tool_client_rebind(&run->client) != 0) {
                tool_session_fail(cs, NX_NOT_SUCCESSFUL);
                return;
            }
            (void)tool_session_write(cs, now, (const uint8_t *)demo_request, strlen(demo_request));
        }
        if (cs->state == TOOL_SESSION_OPEN && run->got_reply_len == strlen(demo_reply)) {
            tool_session_close(cs, now);
        }
        if (cs->state == TOOL_SESSION_FAILED) {
            return;
        }
        struct pollfd fds[2] = {{.fd = run->server.fd, .events = POLLIN},
                                {.fd = run->client.fd, .events = POLLIN}};
        uint64_t deadline = min_u64(budget_end, tool_server_deadline(&run->server));
        if (tool_session_active(cs)) {
            deadline = min_u64(deadline, tool_session_deadline(cs));
        }
        int ready = poll(fds, 2, tool_poll_ms(now, deadline));
        if (ready < 0 && errno != EINTR) {
            tool_session_fail(cs, NX_NOT_SUCCESSFUL);
            return;
        }
        now = tool_now_ms();
        run->now_ms = now;
        if (ready > 0 && fds[0].revents != 0) {
            tool_server_readable(&run->server, now);
        }
        if (ready > 0 && fds[1].revents != 0 && tool_session_active(cs)) {
            tool_client_readable(&run->client, now);
        }
        tool_server_timers(&run->server, now);
        if (tool_session_active(cs)) {
            tool_session_timer(cs, now);
        }
    }
}

static void print_summary(const struct demo_scenario *sc, const struct demo_run *run, int ok)
{
    const struct tool_session *cs = &run->client.session;
    char where[80];
    tool_udp_format(&run->server.local, where, sizeof where);
    printf("nxdtls demo: %s handshake over loopback UDP %s\n", sc->name, where);
    printf("  suite       %s\n", tool_session_suite(cs));
    if (cs->established_us != 0) {
        printf("  handshake   %.2f ms (client view, cookie exchange included: %llu "
               "HelloVerifyRequest)\n",
               (double)(cs->established_us - cs->start_us) / 1000.0,
               (unsigned long long)run->server.hello_verify_sent);
    }
    printf("  data        client -> server %llu bytes, server -> client %llu bytes\n",
           (unsigned long long)cs->app_bytes_out, (unsigned long long)cs->app_bytes_in);
    printf("  datagrams   client sent %llu (%llu bytes), server sent %llu (%llu bytes)\n",
           (unsigned long long)run->client.traffic.datagrams_out,
           (unsigned long long)run->client.traffic.bytes_out,
           (unsigned long long)run->server.traffic.datagrams_out,
           (unsigned long long)run->server.traffic.bytes_out);
    if (run->rebinds != 0) {
        printf("  rebinding   %llu source-port changes, %u exchanges after them, %llu handshake, "
               "server followed %llu moves\n",
               run->client.rebinds, run->exchanges,
               (unsigned long long)run->server.sessions_started,
               (unsigned long long)run->server.cid_moves);
    }
    printf("  close       %s\n",
           run->server_end_seen && run->server_end.state == TOOL_SESSION_CLOSED
               ? "clean (close_notify)"
               : "not clean");
    printf("  result      %s\n", ok ? "OK" : "FAILED");
    fflush(stdout);
}

static int run_scenario(const struct demo_scenario *sc, int verbose)
{
    struct demo_setup *setup = calloc(1, sizeof *setup);
    struct demo_run *run = calloc(1, sizeof *run);
    nxdtls_config server_cfg;
    nxdtls_config client_cfg;
    int ok = 0;

    if (setup == NULL || run == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
        goto out;
    }
    run->server.fd = -1;
    run->client.fd = -1;
    run->rebinds = sc->rebinds;
    setup->server.verbose = verbose;
    setup->client.verbose = verbose;
    if (sc->setup(setup) != 0 ||
        tool_config_build(&setup->server, NXDTLS_ROLE_SERVER, &server_cfg) != 0 ||
        tool_config_build(&setup->client, NXDTLS_ROLE_CLIENT, &client_cfg) != 0) {
        goto out;
    }

    struct tool_sockaddr local;
    char err[160];
    if (tool_udp_parse("127.0.0.1:0", &local, err, sizeof err) != 0) {
        fprintf(stderr, "nxdtls: %s\n", err);
        goto out;
    }
    if (tool_server_open(&run->server, &server_cfg, &local, 2, verbose, tool_now_ms()) != 0) {
        goto out;
    }
    run->server.on_data = server_data;
    run->server.on_end = server_end;
    run->server.ctx = run;

    if (tool_client_start(&run->client, &client_cfg, &run->server.local, verbose, tool_now_ms()) ==
        0) {
        run->client.session.on_data = client_data;
        run->client.session.on_data_ctx = run;
        drive(run);
    }

    const struct tool_session *cs = &run->client.session;
    ok = cs->state == TOOL_SESSION_LOCAL_CLOSE && run->server_end_seen &&
         run->server_end.state == TOOL_SESSION_CLOSED &&
         run->got_request_len == strlen(demo_request) &&
         memcmp(run->got_request, demo_request, run->got_request_len) == 0 &&
         run->got_reply_len == strlen(demo_reply) &&
         memcmp(run->got_reply, demo_reply, run->got_reply_len) == 0 &&
         run->exchanges == run->rebinds && run->requests == run->rebinds + 1 &&
         run->server.cid_moves == run->rebinds && run->server.sessions_started == 1;
    print_summary(sc, run, ok);
    if (cs->state == TOOL_SESSION_FAILED) {
        tool_session_print_error(cs);
    }
    /* A failed server session already reported its code when its slot was released. */

out:
    if (run != NULL) {
        tool_client_free(&run->client);
        tool_server_free(&run->server);
        free(run);
    }
    if (setup != NULL) {
        tool_config_release(&setup->server);
        tool_config_release(&setup->client);
        free(setup);
    }
    return ok;
}

/* clang-format off */
static const struct tool_opt demo_opts[] = {
    {"--verbose", "-v", NULL, "trace each session on stderr; -vv and -vvv say more", tool_opt_verbose},
    {"-vv", NULL, NULL, NULL, tool_opt_verbose},
    {"-vvv", NULL, NULL, NULL, tool_opt_verbose},
    {NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

const struct tool_command tool_demo_command = {
    .name = "demo",
    .synopsis = "[-v]",
    .summary = "run a client and a server against each other over loopback UDP",
    .details =
        "Four handshakes, each with data both ways and a clean close: PSK, ECDHE-ECDSA with a\n"
        "P-256 PKI generated for the run, the same with a client certificate, and PSK with RFC\n"
        "9146 connection IDs where the client changes its source port 100 times (as behind a\n"
        "NAT) and keeps its session. Prints a summary of each; exit status 0 when all succeed.\n",
    .main = tool_demo_main,
};

int tool_demo_main(int argc, char **argv)
{
    int verbose = 0;
    const struct tool_opt_group groups[] = {{"Options", demo_opts, &verbose}};
    int parsed = tool_args_parse(&tool_demo_command, groups, 1, argc, argv, NULL, NULL);
    if (parsed != TOOL_ARGS_OK) {
        return tool_args_exit(parsed);
    }
    int failed = 0;
    for (size_t k = 0; k < sizeof scenarios / sizeof scenarios[0]; k++) {
        failed += !run_scenario(&scenarios[k], verbose);
    }
    return failed == 0 ? TOOL_EXIT_OK : TOOL_EXIT_FAILURE;
}
