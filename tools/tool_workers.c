/* SPDX-License-Identifier: MIT */
#include "tool_workers.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tool_args.h"
#include "tool_codes.h"
#include "tool_commands.h"
#include "tool_server.h"
#include "tool_stdin.h"

#define POLL_CAP_MS  100 /* how often a worker looks at the stop flag */
#define MSG_DATAGRAM 'D'
#define MSG_LINE     'L'

/* A message on a worker's control socket: the header, then the datagram or the stdin line. */
struct msg_head {
    uint8_t kind;
    struct tool_sockaddr from; /* MSG_DATAGRAM: the client's address */
};

struct workers;

struct worker {
    struct workers *all;
    uint8_t index;
    nxdtls_config cfg; /* a copy: the trace hooks point into this worker's server */
    struct tool_server srv;
    int ctl[2]; /* [0] read by this worker, [1] written by the others */
    pthread_t thread;
    int started;
    atomic_size_t open_sessions;
    uint8_t *msg; /* receive buffer of the control socket */
};

struct workers {
    struct worker w[TOOL_MAX_WORKERS];
    size_t count;
    const struct tool_workers_options *o;
    volatile sig_atomic_t *stop;
    atomic_int done; /* --once: the first session ended */
    atomic_int once_status;
    atomic_ullong handoffs;
};

size_t tool_workers_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) {
        return 1;
    }
    return n > TOOL_MAX_WORKERS ? TOOL_MAX_WORKERS : (size_t)n;
}

/* stopping: workers look at done only; the main thread turns the signal flag into it (a flag a signal
 * handler writes is for the thread it interrupts, not for others to read). */
static int stopping(struct workers *all)
{
    return atomic_load(&all->done);
}

/* handoff passes a datagram to the worker its CID names (tool_server.handoff, RFC 9146). */
static void handoff(void *ctx, uint8_t worker, const struct tool_sockaddr *from,
                    const uint8_t *datagram, size_t len)
{
    struct worker *self = ctx;
    struct workers *all = self->all;
    if (worker >= all->count || worker == self->index) {
        return; /* names no worker of ours: dropped like any unknown CID */
    }
    struct msg_head head;
    memset(&head, 0, sizeof head);
    head.kind = MSG_DATAGRAM;
    head.from = *from;
    struct iovec iov[2] = {{&head, sizeof head}, {(void *)(uintptr_t)datagram, len}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    if (sendmsg(all->w[worker].ctl[1], &m, MSG_DONTWAIT) >= 0) {
        atomic_fetch_add(&all->handoffs, 1);
    }
}

static void on_data(void *ctx, struct tool_server *srv, size_t slot, const uint8_t *data,
                    size_t len)
{
    struct worker *w = ctx;
    if (w->all->o->echo) {
        (void)tool_server_send(srv, slot, data, len, tool_now_ms());
    } else {
        fwrite(data, 1, len, stdout); /* stdio locks the stream per call */
        fflush(stdout);
    }
}

static void on_end(void *ctx, struct tool_server *srv, size_t slot, const struct tool_session *s)
{
    struct worker *w = ctx;
    (void)srv;
    (void)slot;
    if (s->state == TOOL_SESSION_CLOSED) {
        tool_session_log(s, "session closed by the peer (%llu bytes in, %llu out)",
                         (unsigned long long)s->app_bytes_in, (unsigned long long)s->app_bytes_out);
    }
    int expected = 0;
    if (w->all->o->once && atomic_compare_exchange_strong(&w->all->done, &expected, 1)) {
        atomic_store(&w->all->once_status,
                     s->state == TOOL_SESSION_FAILED ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK);
    }
}

/* line: a stdin line for every open session of this worker (or a renegotiation). */
static void line(struct worker *w, const uint8_t *data, size_t len, uint64_t now)
{
    struct tool_server *srv = &w->srv;
    int renegotiate = w->all->o->commands && tool_line_command(data, len) == TOOL_LINE_RENEGOTIATE;
    for (size_t k = 0; k < srv->slot_count; k++) {
        if (srv->slots[k].used && srv->slots[k].session.state == TOOL_SESSION_OPEN) {
            if (renegotiate) {
                tool_session_renegotiate(&srv->slots[k].session, now);
            } else {
                (void)tool_server_send(srv, k, data, len, now);
            }
        }
    }
}

static void control(struct worker *w, uint64_t now)
{
    for (int n = 0; n < 256; n++) {
        ssize_t got =
            recv(w->ctl[0], w->msg, sizeof(struct msg_head) + TOOL_UDP_MAX_DATAGRAM, MSG_DONTWAIT);
        if (got < (ssize_t)sizeof(struct msg_head)) {
            return;
        }
        struct msg_head head;
        memcpy(&head, w->msg, sizeof head);
        const uint8_t *body = w->msg + sizeof head;
        size_t len = (size_t)got - sizeof head;
        if (head.kind == MSG_DATAGRAM) {
            tool_server_datagram(&w->srv, now, &head.from, body, len);
        } else if (head.kind == MSG_LINE) {
            line(w, body, len, now);
        }
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct workers *all = w->all;
    while (!stopping(all)) {
        uint64_t now = tool_now_ms();
        uint64_t deadline = tool_server_deadline(&w->srv);
        uint64_t cap = now + POLL_CAP_MS;
        struct pollfd fds[2] = {{.fd = w->srv.fd, .events = POLLIN},
                                {.fd = w->ctl[0], .events = POLLIN}};
        int ready = poll(fds, 2, tool_poll_ms(now, deadline < cap ? deadline : cap));
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "nxdtls: worker %u: poll: %s\n", (unsigned)w->index, strerror(errno));
            break;
        }
        now = tool_now_ms();
        if (ready > 0 && fds[0].revents != 0) {
            tool_server_readable(&w->srv, now);
        }
        if (ready > 0 && fds[1].revents != 0) {
            control(w, now);
        }
        tool_server_timers(&w->srv, now);
        atomic_store(&w->open_sessions, tool_server_open_sessions(&w->srv));
    }
    tool_server_close_all(&w->srv, tool_now_ms());
    return NULL;
}

struct broadcast {
    struct workers *all;
};

static void to_workers(void *ctx, const uint8_t *data, size_t len)
{
    struct broadcast *b = ctx;
    struct msg_head head;
    memset(&head, 0, sizeof head);
    head.kind = MSG_LINE;
    for (size_t i = 0; i < b->all->count; i++) {
        struct iovec iov[2] = {{&head, sizeof head}, {(void *)(uintptr_t)data, len}};
        struct msghdr m;
        memset(&m, 0, sizeof m);
        m.msg_iov = iov;
        m.msg_iovlen = 2;
        (void)sendmsg(b->all->w[i].ctl[1], &m, 0);
    }
}

static size_t open_sessions(struct workers *all)
{
    size_t n = 0;
    for (size_t i = 0; i < all->count; i++) {
        n += atomic_load(&all->w[i].open_sessions);
    }
    return n;
}

/* main_loop: stdin (while someone can receive it) and the stop flag; the workers do the rest. */
static void main_loop(struct workers *all)
{
    struct tool_stdin *in = calloc(1, sizeof *in);
    int stdin_open = !all->o->echo && in != NULL;
    struct broadcast b = {.all = all};
    while (!stopping(all)) {
        if (*all->stop) {
            atomic_store(&all->done, 1);
            break;
        }
        struct pollfd fd = {.fd = STDIN_FILENO, .events = POLLIN};
        int watch = stdin_open && open_sessions(all) > 0;
        int ready = poll(&fd, watch ? 1 : 0, POLL_CAP_MS);
        if (ready > 0 && watch && fd.revents != 0 && tool_stdin_read(in, to_workers, &b)) {
            stdin_open = 0;
        }
    }
    free(in);
}

static void close_worker(struct worker *w)
{
    tool_server_free(&w->srv);
    for (int i = 0; i < 2; i++) {
        if (w->ctl[i] >= 0) {
            close(w->ctl[i]);
        }
    }
    free(w->msg);
}

int tool_workers_run(const nxdtls_config *cfg, struct tool_sockaddr *local,
                     const struct tool_workers_options *o, volatile sig_atomic_t *stop)
{
    struct workers *all = calloc(1, sizeof *all);
    if (all == NULL) {
        fprintf(stderr, "nxdtls: out of memory\n");
        return TOOL_EXIT_FAILURE;
    }
    all->o = o;
    all->stop = stop;
    uint8_t secret[32];
    int status = TOOL_EXIT_FAILURE;
    if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret) {
        fprintf(stderr, "nxdtls: getrandom: %s\n", strerror(errno));
        free(all);
        return TOOL_EXIT_FAILURE;
    }
    size_t opened = 0;
    for (; opened < o->workers; opened++) {
        struct worker *w = &all->w[opened];
        w->all = all;
        w->index = (uint8_t)opened;
        w->cfg = *cfg;
        w->ctl[0] = w->ctl[1] = -1;
        w->srv.fd = -1;
        w->msg = malloc(sizeof(struct msg_head) + TOOL_UDP_MAX_DATAGRAM);
        /* A datagram socket pair: each hand-off is one message, whole or not at all. */
        if (w->msg == NULL ||
            socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, w->ctl) != 0) {
            fprintf(stderr, "nxdtls: worker %zu: %s\n", opened, strerror(errno));
            break;
        }
        int bufsize = 1 << 20;
        (void)setsockopt(w->ctl[0], SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
        /* The first worker may bind port 0; the others join the port it got. */
        if (tool_server_open_worker(&w->srv, &w->cfg, local, o->slots_each, o->verbose,
                                    tool_now_ms(), w->index, secret) != 0) {
            break;
        }
        *local = w->srv.local;
        w->srv.showcerts = o->showcerts;
        w->srv.on_data = on_data;
        w->srv.on_end = on_end;
        w->srv.ctx = w;
        w->srv.handoff = handoff;
        w->srv.handoff_ctx = w;
    }
    explicit_bzero(secret, sizeof secret);
    all->count = opened;
    if (opened == o->workers) {
        char text[80];
        tool_udp_format(local, text, sizeof text);
        /* The line scripts read the port from ends with it, as a lone server's does. */
        if (o->verbose) {
            fprintf(stderr, "nxdtls: server: %zu workers share the port\n", o->workers);
        }
        fprintf(stderr, "nxdtls: listening on %s\n", text);
        size_t started = 0;
        for (; started < opened; started++) {
            if (pthread_create(&all->w[started].thread, NULL, worker_main, &all->w[started]) != 0) {
                fprintf(stderr, "nxdtls: cannot start worker %zu\n", started);
                atomic_store(&all->done, 1);
                break;
            }
            all->w[started].started = 1;
        }
        if (started == opened) {
            main_loop(all);
        }
        atomic_store(&all->done, 1);
        for (size_t i = 0; i < started; i++) {
            pthread_join(all->w[i].thread, NULL);
        }
        status = o->once && !*stop ? atomic_load(&all->once_status) : TOOL_EXIT_OK;
        if (o->verbose) {
            unsigned long long moves = 0;
            for (size_t i = 0; i < opened; i++) {
                moves += all->w[i].srv.cid_moves;
            }
            fprintf(stderr,
                    "nxdtls: server: %llu datagrams handed to their worker, %llu CID moves\n",
                    (unsigned long long)atomic_load(&all->handoffs), moves);
        }
    }
    for (size_t i = 0; i < o->workers && i <= opened && i < TOOL_MAX_WORKERS; i++) {
        if (all->w[i].all != NULL) {
            close_worker(&all->w[i]);
        }
    }
    free(all);
    return status;
}
