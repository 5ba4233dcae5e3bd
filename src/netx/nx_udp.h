/* SPDX-License-Identifier: MIT */
/* nx_udp.h: NetX UDP sockets over OS sockets (docs/netx-api.md 5.3).
 *
 * Address families: a socket of an NX_IP created with ip_address 0 binds one dual-stack IPv6 socket
 * ([::]:port with IPV6_V6ONLY off), so it sends and receives IPv4 (as v4-mapped) and IPv6 alike. A
 * socket of an NX_IP created with an IPv4 address binds an IPv4 socket to that address, and sends to
 * IPv6 destinations fail with NX_IP_ADDRESS_ERROR; when the host has no such address (a firmware
 * application's board address), it falls back to the dual-stack wildcard so the program still runs.
 * Received datagrams are queued by the IP's I/O thread; the packet's data is the UDP payload and its
 * source is kept in the packet for nx(d)_udp_source_extract. */
#ifndef NETX_NX_UDP_H
#define NETX_NX_UDP_H

#include <stdbool.h>
#include <stdint.h>

#include "nx_api.h"

/* NX_UDP_ID marks a created socket ("UDP ", NetX's value). */
#define NX_UDP_ID ((ULONG)0x55445020)

/* netx_udp_socket_valid returns true when socket_ptr is a created socket. */
bool netx_udp_socket_valid(NX_UDP_SOCKET *socket_ptr);

/* netx_udp_socket_readable is called by the I/O thread when the socket's fd is readable: reads the
 * waiting datagrams, queues them (dropping those past queue_maximum or when the pool is empty) and runs
 * the receive notify callback once per queued datagram. */
void netx_udp_socket_readable(NX_UDP_SOCKET *socket_ptr);

/* netx_udp_send_bytes sends len bytes to addr:port from the socket without a packet (the DTLS layer's
 * own datagrams). Returns NX_SUCCESS, NX_NOT_BOUND, NX_IP_ADDRESS_ERROR or NX_NOT_SUCCESSFUL. */
UINT netx_udp_send_bytes(NX_UDP_SOCKET *socket_ptr, const uint8_t *data, size_t len,
                         const NXD_ADDRESS *addr, UINT port);

/* netx_udp_set_timer installs the I/O thread's timer hook for the socket (NULL removes it). */
void netx_udp_set_timer(NX_UDP_SOCKET *socket_ptr, ULONG64 (*timer)(NX_UDP_SOCKET *, ULONG64));

/* netx_udp_socket_dequeue takes the first queued datagram or returns NULL (never waits). */
NX_PACKET *netx_udp_socket_dequeue(NX_UDP_SOCKET *socket_ptr);

#endif /* NETX_NX_UDP_H */
