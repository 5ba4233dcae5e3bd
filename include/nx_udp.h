/* SPDX-License-Identifier: MIT */
/* nx_udp.h: NetX Duo's UDP header and the UDP receive entry point (docs/porting.md). A datagram handed to
 * NX_IP's nx_ip_udp_packet_receive starts at its UDP header (network byte order): the first word holds the
 * source port (high half) and the destination port, the second the length (UDP header included) and the
 * checksum. _nx_udp_packet_receive takes such a packet and delivers its payload to the socket bound to the
 * destination port, or releases it; called off the IP's I/O thread, it hands the packet to that thread. */
#ifndef NX_UDP_H
#define NX_UDP_H

#include "nx_api.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NX_UDP_ID ((ULONG)0x55445020)

typedef struct NX_UDP_HEADER_STRUCT {
    ULONG nx_udp_header_word_0;
    ULONG nx_udp_header_word_1;
} NX_UDP_HEADER;

VOID _nx_udp_packet_receive(NX_IP *ip_ptr, NX_PACKET *packet_ptr);

#ifdef __cplusplus
}
#endif

#endif /* NX_UDP_H */
