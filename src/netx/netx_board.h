/* SPDX-License-Identifier: MIT */
/* netx_board.h: IP instances at a board's addresses talking to each other inside one process.
 *
 * NetX Duo's tests and demos give each NX_IP a board's address (1.2.3.4, 1.2.3.5, ...) and join them with
 * a RAM driver, so a client on one IP reaches a server on another by its board address. Such an address is
 * not the host's: a socket of that IP binds to every address instead (netx_udp.c), and a datagram sent to
 * 1.2.3.4 would leave the host. The rules here keep NetX's view:
 *   - a datagram sent to A:P, where P is bound by a socket of this process whose IP has the board address
 *     A, goes to 127.0.0.1:P instead;
 *   - when the sender is itself such a board socket, the datagram leaves from the marker address
 *     NETX_BOARD_MARK (a 127/8 address, local on every Linux host) so that the receiver, seeing the marker
 *     as source with port Q, reports the board address of the socket bound to Q: a server on 1.2.3.4 sees
 *     its client as 1.2.3.5 and answers it there, which comes back here.
 * Datagrams to any other address (127.0.0.1, a real peer) are sent and reported as they are, so loopback
 * traffic keeps 127.0.0.1 as its source as in NetX. IPv4 only; IPv6 board addresses are recorded
 * (nxd_ipv6_address_set) but not routed (docs/porting.md). */
#ifndef NETX_NX_BOARD_H
#define NETX_NX_BOARD_H

#include <stdbool.h>

#include "nx_api.h"

/* NETX_BOARD_MARK: the source address of datagrams between board sockets of this process. */
#define NETX_BOARD_MARK IP_ADDRESS(127, 78, 88, 68)

/* netx_board_route rewrites *dest (host order) when dest:port is a board socket of this process (see
 * above) and returns true; the caller sends to the rewritten address. */
bool netx_board_route(NXD_ADDRESS *dest, UINT port);

/* netx_board_source turns a received source of NETX_BOARD_MARK:port into the board address of the socket
 * bound to port; other sources are left as they are. */
void netx_board_source(NXD_ADDRESS *source, UINT port);

#endif /* NETX_NX_BOARD_H */
