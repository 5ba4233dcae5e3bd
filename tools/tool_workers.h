/* SPDX-License-Identifier: MIT */
/* tool_workers: `nxdtls server --workers N`. N threads, each a whole server (tool_server: its own socket,
 * session table and timers) on one port shared with SO_REUSEPORT, so the kernel spreads clients over the
 * cores by a hash of their addresses. One cookie secret serves all (a client's second ClientHello may reach
 * another worker); each worker's connection IDs carry its number (RFC 9146, nxdtls_server_set_worker), so a
 * CID record that the kernel hands to the wrong worker after the client's address changed is passed to the
 * owner in one hop (a local datagram socket per worker), never looked up in every table. */
#ifndef NXDTLS_TOOL_WORKERS_H
#define NXDTLS_TOOL_WORKERS_H

#include <signal.h>
#include <stddef.h>

#include "nxdtls.h"
#include "tool_udp.h"

#define TOOL_MAX_WORKERS 64

struct tool_workers_options {
    size_t workers;    /* 2..TOOL_MAX_WORKERS */
    size_t slots_each; /* session slots per worker */
    int verbose;
    int echo;      /* --echo: data goes back to its sender, else to stdout */
    int commands;  /* stdin lines R / renegotiate renegotiate every open session */
    int showcerts; /* --showcerts */
    int once;      /* --once: stop when the first session ends */
};

/* tool_workers_default returns the number of online processors (at least 1, at most TOOL_MAX_WORKERS). */
size_t tool_workers_default(void);

/* tool_workers_run opens the workers on *local (port 0: the first picks one, the others join it), prints
 * "listening on ADDR:PORT", runs them until *stop is set (or --once's session ended), closes every session
 * and returns the exit status. cfg is copied per worker. */
int tool_workers_run(const nxdtls_config *cfg, struct tool_sockaddr *local,
                     const struct tool_workers_options *o, volatile sig_atomic_t *stop);

#endif
