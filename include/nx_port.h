/* SPDX-License-Identifier: MIT */
/* nx_port.h: NetX Duo port settings for POSIX hosts (docs/porting.md). As NetX Duo's Linux port does, it
 * brings in the C library headers NetX code uses without including them itself (stdio, string, stdlib),
 * sets the tick rate from ThreadX and gives the byte-order macros for the host's order. htonl and friends
 * are the C library's (arpa/inet.h), not macros of this header. */
#ifndef NX_PORT_H
#define NX_PORT_H

#ifdef NX_INCLUDE_USER_DEFINE_FILE
#include "nx_user.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tx_port.h"

/* IPv6 is on, as NetX Duo builds it by default: NXD_ADDRESS always carries both union members. */
#ifndef FEATURE_NX_IPV6
#define FEATURE_NX_IPV6
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NX_LITTLE_ENDIAN 1
/* NX_CHANGE_ULONG_ENDIAN / NX_CHANGE_USHORT_ENDIAN turn a value between host and network order in place. */
#define NX_CHANGE_ULONG_ENDIAN(arg)  ((arg) = (ULONG)__builtin_bswap32((uint32_t)(arg)))
#define NX_CHANGE_USHORT_ENDIAN(arg) ((arg) = (USHORT)__builtin_bswap16((uint16_t)(arg)))
#else
#define NX_CHANGE_ULONG_ENDIAN(arg)
#define NX_CHANGE_USHORT_ENDIAN(arg)
#endif

/* One NetX tick is one ThreadX tick: 10 ms, fixed when the library is built. */
#define NX_IP_PERIODIC_RATE TX_TIMER_TICKS_PER_SECOND

#endif /* NX_PORT_H */
