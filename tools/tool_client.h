/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_CLIENT_H
#define NXDTLS_TOOL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"
#include "tool_args.h"
#include "tool_session.h"
#include "tool_udp.h"

/* tool_client: one client connection on its own connected UDP socket, with its buffers on the heap. */
struct tool_client {
    int fd;
    struct tool_sockaddr server;
    nxdtls_conn conn;
    int conn_ready; /* conn was initialized and must be freed */
    void *metadata;
    uint8_t *reassembly;
    uint8_t *remote_certs; /* the server's chain (nxdtls_conn_set_remote_certificates) */
    uint8_t *rx;
    uint8_t *tx;
    struct tool_traffic traffic;
    struct tool_session session;
    struct tool_trace trace;    /* cfg's log callback context (tool_trace) */
    unsigned long long rebinds; /* tool_client_rebind calls */
};

/* tool_client_start opens a socket to server, initializes the connection with cfg (which must outlive the
 * client) and sends the ClientHello. Returns 0; or -1 after printing why (the session, when it exists,
 * holds the NetX code). */
int tool_client_start(struct tool_client *c, nxdtls_config *cfg, const struct tool_sockaddr *server,
                      int verbose, uint64_t now_ms);

/* tool_client_readable drains the socket into the engine. A refused port fails the session with
 * NX_NOT_CONNECTED. */
void tool_client_readable(struct tool_client *c, uint64_t now_ms);

/* tool_client_rebind moves the client to a new source port, as a NAT rebinding would: a new socket to the
 * same server replaces the old one, the session goes on (RFC 9146 lets a server with connection IDs follow;
 * without them the server no longer knows the client). Returns 0, or -1 after printing why. */
int tool_client_rebind(struct tool_client *c);

/* tool_client_free closes the socket and frees the connection (wiping it) and the buffers. */
void tool_client_free(struct tool_client *c);

extern const struct tool_command tool_client_command;

/* tool_client_main runs `nxdtls client ...` (argv[0] is "client") and returns the exit status. */
int tool_client_main(int argc, char **argv);

#endif
