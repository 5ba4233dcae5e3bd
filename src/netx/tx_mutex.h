/* SPDX-License-Identifier: MIT */
/* tx_mutex.h: ThreadX mutexes over pthreads (docs/netx-api.md 5.4): recursive, owned by the thread that got
 * them. The services are declared in tx_api.h. */
#ifndef NETX_TX_MUTEX_H
#define NETX_TX_MUTEX_H

#include "tx_api.h"

/* TX_MUTEX_ID marks a created mutex ("MUTE", ThreadX's value). */
#define TX_MUTEX_ID ((ULONG)0x4D555445)

#endif /* NETX_TX_MUTEX_H */
