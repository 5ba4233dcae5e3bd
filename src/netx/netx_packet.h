/* SPDX-License-Identifier: MIT */
/* netx_packet.h: NetX packet pools over the caller's memory (docs/netx-api.md 5.3). The services are declared in
 * nx_api.h; this header adds what the rest of the facade needs. */
#ifndef NETX_NX_PACKET_H
#define NETX_NX_PACKET_H

#include <stdbool.h>

#include "nx_api.h"

/* NX_PACKET_POOL_ID marks a created pool ("PACK", NetX's value). */
#define NX_PACKET_POOL_ID ((ULONG)0x5041434B)

/* netx_packet_pool_valid returns true when pool is a created pool. */
bool netx_packet_pool_valid(NX_PACKET_POOL *pool);

/* netx_packet_room returns the bytes between the append pointer and the end of the packet's data area. */
ULONG netx_packet_room(const NX_PACKET *packet);

#endif /* NETX_NX_PACKET_H */
