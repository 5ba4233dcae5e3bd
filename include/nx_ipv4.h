/* SPDX-License-Identifier: MIT */
/* nx_ipv4.h: NetX Duo's IPv4 header layout and protocol numbers, for code that builds or reads headers.
 * nxdtls's datagrams go through the host's stack; no IPv4 header precedes a received UDP header. */
#ifndef NX_IPV4_H
#define NX_IPV4_H

#include "nx_api.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NX_IP_ICMP ((ULONG)0x00010000)
#define NX_IP_IGMP ((ULONG)0x00020000)
#define NX_IP_TCP  ((ULONG)0x00060000)
#define NX_IP_UDP  ((ULONG)0x00110000)

typedef struct NX_IPV4_HEADER_STRUCT {
    ULONG nx_ip_header_word_0;
    ULONG nx_ip_header_word_1;
    ULONG nx_ip_header_word_2;
    ULONG nx_ip_header_source_ip;
    ULONG nx_ip_header_destination_ip;
} NX_IPV4_HEADER;

#ifdef __cplusplus
}
#endif

#endif /* NX_IPV4_H */
