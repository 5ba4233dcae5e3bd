/* SPDX-License-Identifier: MIT */
/* tx_semaphore.h: ThreadX counting semaphores (docs/netx-api.md 5.4). Waiters are served in FIFO order
 * (tx_semaphore_prioritize moves the highest-priority one first); a put with a waiter hands the instance
 * to it directly. The services are declared in tx_api.h. */
#ifndef TXP_SEMAPHORE_H
#define TXP_SEMAPHORE_H

#include "tx_api.h"

/* TXP_SEMAPHORE_ID marks a created semaphore ("SEMA", ThreadX's value). */
#define TXP_SEMAPHORE_ID ((ULONG)0x53454D41)

#endif /* TXP_SEMAPHORE_H */
