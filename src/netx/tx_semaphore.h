/* SPDX-License-Identifier: MIT */
/* tx_semaphore.h: ThreadX counting semaphores over pthreads (docs/netx-api.md 5.4). The services are declared
 * in tx_api.h; this module exports nothing else. */
#ifndef NETX_TX_SEMAPHORE_H
#define NETX_TX_SEMAPHORE_H

#include "tx_api.h"

/* TX_SEMAPHORE_ID marks a created semaphore ("SEMA", ThreadX's value). */
#define TX_SEMAPHORE_ID ((ULONG)0x53454D41)

#endif /* NETX_TX_SEMAPHORE_H */
