/* SPDX-License-Identifier: MIT */
/* netx_ip.h: NX_IP, "this host", and its I/O thread (docs/netx-api.md 5.3).
 *
 * Each NX_IP runs one I/O thread. It waits (epoll) on the OS sockets of the IP's bound UDP sockets and on
 * a wake eventfd, reads every datagram into a packet of the IP's default pool with its UDP header in front,
 * hands it to the IP's nx_ip_udp_packet_receive hook (by default _nx_udp_packet_receive, which queues the
 * payload on the socket bound to its port and runs the socket's receive-notify callback: netx_udp.c); it
 * also delivers datagrams other threads handed to _nx_udp_packet_receive, and runs each bound socket's timer
 * callback (the DTLS server's retransmission timers) when due.
 *
 * Lifetime rule: a socket leaving the poll set (unbind, delete) is first unlinked under the IP lock,
 * which bumps nx_ip_generation, and then netx_ip_quiesce waits for the I/O thread to finish the loop it
 * is in; the I/O thread never carries a socket pointer from one loop to the next and drops the rest of
 * a loop's events once the generation moved. Called on the I/O thread itself (from a callback),
 * netx_ip_quiesce returns at once: the generation check covers that case. */
#ifndef NETX_NX_IP_H
#define NETX_NX_IP_H

#include <stdbool.h>

#include "nx_api.h"

/* NX_IP_ID marks a created IP instance ("IP  ", NetX's value). */
#define NX_IP_ID ((ULONG)0x49502020)

/* netx_ip_valid returns true when ip is a created IP instance. */
bool netx_ip_valid(NX_IP *ip);

/* netx_ip_on_io_thread returns true when the caller is the I/O thread of any NX_IP; blocking services
 * called there return NX_CALLER_ERROR (docs/netx-api.md 7.9). */
bool netx_ip_on_io_thread(void);

/* netx_ip_is_io_thread_of returns true when the caller is ip's own I/O thread. */
bool netx_ip_is_io_thread_of(const NX_IP *ip);

/* netx_ip_inject hands a datagram (UDP header at nx_packet_prepend_ptr) to ip's I/O thread, which delivers
 * it as _nx_udp_packet_receive would (the datagram passed the receive hook already). */
void netx_ip_inject(NX_IP *ip, NX_PACKET *packet);

/* netx_ip_watch adds a bound socket's fd to the IP's poll set; returns false if the OS refused. */
bool netx_ip_watch(NX_IP *ip, NX_UDP_SOCKET *socket_ptr);

/* netx_ip_unwatch removes it (IP lock held by the caller) and bumps the generation. */
void netx_ip_unwatch(NX_IP *ip, NX_UDP_SOCKET *socket_ptr);

/* netx_ip_quiesce waits until the I/O thread holds no pointer taken before the call (see above). */
void netx_ip_quiesce(NX_IP *ip);

/* netx_ip_wake makes the I/O thread run one loop soon (new timer deadlines). */
void netx_ip_wake(NX_IP *ip);

#endif /* NETX_NX_IP_H */
