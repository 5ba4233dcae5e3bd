/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_SERVER_H
#define NXDTLS_TOOL_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"
#include "tool_args.h"
#include "tool_session.h"
#include "tool_udp.h"

struct tool_server;

/* tool_server_data_fn receives one application-data record of a slot. */
typedef void (*tool_server_data_fn)(void *ctx, struct tool_server *srv, size_t slot,
                                    const uint8_t *data, size_t len);

/* tool_server_end_fn learns that a slot's session ended (clean close or failure) just before the slot is
 * released; s holds the state, the code and the counters. */
typedef void (*tool_server_end_fn)(void *ctx, struct tool_server *srv, size_t slot,
                                   const struct tool_session *s);

struct tool_server_slot {
    struct tool_session session;
    struct tool_server *server;
    size_t index;
    size_t
        supersedes; /* the peer's older slot to release once this one is established, or NO_SLOT */
    int used;
};

/* tool_server: nxdtls_server_init/route over one UDP socket, with every slot's storage on the heap. */
struct tool_server {
    int fd;
    struct tool_sockaddr local; /* the bound address (with the port the kernel chose for port 0) */
    nxdtls_server server;
    int server_ready;
    nxdtls_conn *conns;
    uint8_t *metadata;
    uint8_t *reassembly;
    uint8_t *
        remote_certs; /* with --verify-client: TOOL_REMOTE_CERTS_SIZE per slot for the client's chain */
    void *index;
    size_t slot_count;
    struct tool_server_slot *slots;
    uint8_t *rx;
    uint8_t *tx;
    struct tool_traffic traffic;
    int verbose;
    uint64_t start_us;
    uint64_t hello_verify_sent;
    uint64_t full_replies;
    uint64_t evicted; /* unfinished handshakes the engine ended to make room */
    uint64_t sessions_started;
    tool_server_data_fn on_data;
    tool_server_end_fn on_end;
    void *ctx;
    struct tool_trace trace; /* cfg's log callback context (tool_trace) */
    int showcerts;           /* --showcerts: each session's summary shows the client's chain */
    /* RFC 9146 and workers (tool_workers.h): sessions that moved to a new address by their connection
     * ID, and where a datagram for another worker's session goes. */
    uint64_t cid_moves;
    void (*handoff)(void *ctx, uint8_t worker, const struct tool_sockaddr *from,
                    const uint8_t *datagram, size_t len);
    void *handoff_ctx;
    int cur_by_cid; /* the datagram being fed was routed by its CID, from cur_peer / cur_from */
    nxdtls_addr cur_peer;
    struct tool_sockaddr cur_from;
};

/* tool_server_open binds a socket to *local (updated with the bound port) and sets up slot_count slots
 * for cfg (which must outlive the server). Returns 0, or -1 after printing why. */
int tool_server_open(struct tool_server *srv, nxdtls_config *cfg, struct tool_sockaddr *local,
                     size_t slot_count, int verbose, uint64_t now_ms);

/* tool_server_open_worker is tool_server_open for worker `worker` of several sharing one port: the socket
 * is bound with SO_REUSEPORT, the server's CIDs carry the worker number and its cookie secrets derive from
 * the shared 32-byte secret (nxdtls_server_set_worker, nxdtls_server_set_cookie_secret). */
int tool_server_open_worker(struct tool_server *srv, nxdtls_config *cfg,
                            struct tool_sockaddr *local, size_t slot_count, int verbose,
                            uint64_t now_ms, uint8_t worker, const uint8_t cookie_secret[32]);

/* tool_server_datagram routes one datagram that another worker received (copied into srv->rx). */
void tool_server_datagram(struct tool_server *srv, uint64_t now_ms,
                          const struct tool_sockaddr *from, const uint8_t *datagram, size_t len);

/* tool_server_deadline returns the earliest timer of any slot (UINT64_MAX: none). */
uint64_t tool_server_deadline(const struct tool_server *srv);

/* tool_server_readable drains the socket: answers cookie exchanges, feeds sessions, and releases the slots
 * whose session ended (after on_end). */
void tool_server_readable(struct tool_server *srv, uint64_t now_ms);

/* tool_server_timers runs every due slot timer and releases the slots that failed. */
void tool_server_timers(struct tool_server *srv, uint64_t now_ms);

/* tool_server_send sends data as application data on an open slot. Returns 0 or -1. */
int tool_server_send(struct tool_server *srv, size_t slot, const uint8_t *data, size_t len,
                     uint64_t now_ms);

/* tool_server_open_sessions returns how many slots have an established, open session. */
size_t tool_server_open_sessions(const struct tool_server *srv);

/* tool_server_close_all sends close_notify on every open session and releases every slot. */
void tool_server_close_all(struct tool_server *srv, uint64_t now_ms);

/* tool_server_free releases every slot, closes the socket and frees the storage. */
void tool_server_free(struct tool_server *srv);

extern const struct tool_command tool_server_command;

/* tool_server_main runs `nxdtls server ...` (argv[0] is "server") and returns the exit status. */
int tool_server_main(int argc, char **argv);

#endif
