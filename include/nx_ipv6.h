/* SPDX-License-Identifier: MIT */
/* nx_ipv6.h: NetX Duo's IPv6 header layout and next-header numbers, for code that builds or reads headers.
 * IPv6 runs on the host's stack (FEATURE_NX_IPV6 is on): nxd_ipv6_enable succeeds, NXD_ADDRESS carries v6
 * addresses and the UDP services send and receive them. No IPv6 header precedes a received UDP header. */
#ifndef NX_IPV6_H
#define NX_IPV6_H

#include "nx_api.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NX_PROTOCOL_NEXT_HEADER_HOP_BY_HOP 0
#define NX_PROTOCOL_TCP                    6
#define NX_PROTOCOL_UDP                    17
#define NX_PROTOCOL_ICMPV6                 58
#define NX_PROTOCOL_NO_NEXT_HEADER         59

typedef struct NX_IPV6_HEADER_STRUCT {
    ULONG nx_ip_header_word_0;
    ULONG nx_ip_header_word_1;
    ULONG nx_ip_header_source_ip[4];
    ULONG nx_ip_header_destination_ip[4];
} NX_IPV6_HEADER;

#ifdef __cplusplus
}
#endif

#endif /* NX_IPV6_H */
