/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_UDP_H
#define NXDTLS_TOOL_UDP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "nxdtls.h"

/* The largest UDP payload; every receive buffer has this size so no datagram is ever truncated. */
#define TOOL_UDP_MAX_DATAGRAM 65535

/* tool_sockaddr: a socket address of either family with its length. */
struct tool_sockaddr {
    struct sockaddr_storage ss;
    socklen_t len;
};

/* tool_traffic counts what crossed one socket: datagrams and UDP payload bytes each way. */
struct tool_traffic {
    uint64_t datagrams_out;
    uint64_t datagrams_in;
    uint64_t bytes_out;
    uint64_t bytes_in;
};

/* tool_udp_parse reads "HOST:PORT" or "[IPV6]:PORT" (HOST may be a name or a literal; PORT 0-65535)
 * into out. Returns 0, or -1 with a message in err (errlen bytes) when the text is malformed or the
 * host does not resolve. */
int tool_udp_parse(const char *text, struct tool_sockaddr *out, char *err, size_t errlen);

/* tool_udp_format writes "1.2.3.4:PORT" or "[::1]:PORT" into buf (at most n bytes, terminated). */
void tool_udp_format(const struct tool_sockaddr *addr, char *buf, size_t n);

/* tool_udp_port returns the port of addr in host order. */
uint16_t tool_udp_port(const struct tool_sockaddr *addr);

/* tool_udp_bind opens a non-blocking UDP socket bound to local; with port 0 the kernel picks one and
 * *local is updated to the bound address. Returns the descriptor, or -1 with errno set. */
int tool_udp_bind(struct tool_sockaddr *local);

/* tool_udp_bind_shared is tool_udp_bind with SO_REUSEPORT: several sockets of the process (one per server
 * worker) share the port, and the kernel spreads the peers over them by a hash of the addresses. */
int tool_udp_bind_shared(struct tool_sockaddr *local);

/* tool_udp_connect opens a non-blocking UDP socket connected to remote, so that the kernel reports an
 * ICMP port-unreachable as ECONNREFUSED and drops datagrams from other addresses. Returns the descriptor
 * or -1 with errno set. */
int tool_udp_connect(const struct tool_sockaddr *remote);

/* tool_udp_send sends one datagram (to dest, or to the connected peer when dest is NULL) and counts it.
 * Returns 0, or -1 with errno set. */
int tool_udp_send(int fd, const struct tool_sockaddr *dest, const uint8_t *data, size_t len,
                  struct tool_traffic *traffic);

/* tool_udp_recv receives one datagram into buf (cap bytes) without blocking; from may be NULL. Returns the
 * length, 0 when nothing is waiting (EAGAIN), or -1 with errno set (ECONNREFUSED on a connected socket
 * whose peer port is closed). */
ssize_t tool_udp_recv(int fd, uint8_t *buf, size_t cap, struct tool_sockaddr *from,
                      struct tool_traffic *traffic);

/* tool_udp_to_engine converts a socket address into the engine's nxdtls_addr (IPv4-mapped IPv6
 * addresses stay IPv6: the engine only compares bytes). */
void tool_udp_to_engine(const struct tool_sockaddr *addr, nxdtls_addr *out);

/* tool_udp_from_engine converts an nxdtls_addr back into a socket address. */
void tool_udp_from_engine(const nxdtls_addr *addr, struct tool_sockaddr *out);

/* tool_now_ms returns a monotonic clock in milliseconds; tool_now_us the same clock in microseconds. */
uint64_t tool_now_ms(void);
uint64_t tool_now_us(void);

/* tool_poll_ms turns an absolute deadline (ms, UINT64_MAX = none) into a poll(2) timeout from now:
 * -1 for none, 0 when already due, otherwise the remaining milliseconds (capped). */
int tool_poll_ms(uint64_t now_ms, uint64_t deadline_ms);

#endif
