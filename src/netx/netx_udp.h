/* SPDX-License-Identifier: MIT */
/* netx_udp.h: NetX UDP sockets over OS sockets (docs/netx-api.md 5.3).
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

/* NX_UDP_ID (nx_udp.h) marks a created socket ("UDP ", NetX's value). */
#include "nx_udp.h"

/* netx_udp_socket_valid returns true when socket_ptr is a created socket. */
bool netx_udp_socket_valid(NX_UDP_SOCKET *socket_ptr);

/* netx_udp_socket_readable is called by the I/O thread when the socket's fd is readable: reads the
 * waiting datagrams (dropping them when the pool is empty), puts an 8-byte UDP header in front of each
 * (RFC 768; checksum 0, the host checked it) and hands each to the IP's nx_ip_udp_packet_receive hook. */
void netx_udp_socket_readable(NX_UDP_SOCKET *socket_ptr);

/* netx_udp_deliver is _nx_udp_packet_receive on ip's I/O thread: it strips the UDP header, queues the
 * payload on the bound socket of the destination port (dropping it past queue_maximum) and runs the
 * socket's receive notify callback; a datagram for no socket, or with a header that does not fit, is
 * released. */
void netx_udp_deliver(NX_IP *ip, NX_PACKET *packet);

/* netx_udp_send_bytes sends len bytes to addr:port from the socket without a packet (the DTLS layer's
 * own datagrams). Returns NX_SUCCESS, NX_NOT_BOUND, NX_IP_ADDRESS_ERROR or NX_NOT_SUCCESSFUL. */
UINT netx_udp_send_bytes(NX_UDP_SOCKET *socket_ptr, const uint8_t *data, size_t len,
                         const NXD_ADDRESS *addr, UINT port);

/* netx_udp_set_timer installs the I/O thread's timer hook for the socket (NULL removes it). */
void netx_udp_set_timer(NX_UDP_SOCKET *socket_ptr, ULONG64 (*timer)(NX_UDP_SOCKET *, ULONG64));

/* netx_udp_socket_dequeue takes the first queued datagram or returns NULL (never waits). */
NX_PACKET *netx_udp_socket_dequeue(NX_UDP_SOCKET *socket_ptr);

#endif /* NETX_NX_UDP_H */
