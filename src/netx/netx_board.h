/* SPDX-License-Identifier: MIT */
/* netx_board.h: IP instances at a board's addresses talking to each other inside one process.
 *
 * NetX Duo's tests and demos give each NX_IP a board's address (1.2.3.4, 1.2.3.5, ...) and join them with
 * a RAM driver, so a client on one IP reaches a server on another by its board address. Such an address is
 * not the host's: a socket of that IP binds to every address instead (netx_udp.c), and a datagram sent to
 * 1.2.3.4 would leave the host. The rules here keep NetX's view:
 *   - every board address a socket of this process has been bound under is numbered in a process-wide
 *     table (at most NETX_BOARD_SLOTS; entries stay for the life of the process);
 *   - a datagram sent to a numbered address goes to 127.0.0.1 (same port) instead;
 *   - when the sender is itself a board socket, the datagram leaves from the marker 127.78.0.N (N its
 *     address's number; all of 127/8 is local on Linux), and the receiver turns the marker back into that
 *     address: a server on 1.2.3.4 sees its client as 1.2.3.5 and answers it there, which comes back here.
 *     The marker carries the address itself, so it does not matter whether the sender is still bound when
 *     the datagram is read.
 * Datagrams to any other address (127.0.0.1, a real peer) are sent and reported as they are, so loopback
 * traffic keeps 127.0.0.1 as its source as in NetX. IPv4 only; IPv6 board addresses are recorded
 * (nxd_ipv6_address_set) but not routed (docs/porting.md). */
#ifndef NETX_NX_BOARD_H
#define NETX_NX_BOARD_H

#include <stdbool.h>

#include "nx_api.h"

/* NETX_BOARD_MARK_NET: the /16 of the marker source addresses. */
#define NETX_BOARD_MARK_NET IP_ADDRESS(127, 78, 0, 0)
#define NETX_BOARD_SLOTS    256

/* netx_board_bound numbers board (a socket was bound under that board address); idempotent. */
void netx_board_bound(ULONG board);

/* netx_board_route rewrites *dest (host order) to 127.0.0.1 when it is a numbered board address and
 * returns true; *mark is then the source address to send from when the sender's own board address is
 * sender_board (0, or not numbered: no mark, *mark = 0). */
bool netx_board_route(NXD_ADDRESS *dest, ULONG sender_board, ULONG *mark);

/* netx_board_source turns a received marker source address back into the sender's board address; other
 * sources are left as they are. */
void netx_board_source(NXD_ADDRESS *source);

#endif /* NETX_NX_BOARD_H */
