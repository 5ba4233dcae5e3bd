/* SPDX-License-Identifier: MIT */
/* tx_mutex.h: ThreadX mutexes (docs/netx-api.md 5.4): recursive, owned by the thread that got them (any
 * thread: a ThreadX thread or not), handed to the first waiter at the last put. Priority inheritance is
 * recorded and ignored: POSIX threads here are not scheduled by ThreadX priorities (docs/porting.md).
 * The services are declared in tx_api.h. */
#ifndef TXP_MUTEX_H
#define TXP_MUTEX_H

#include "tx_api.h"

/* TXP_MUTEX_ID marks a created mutex ("MUTE", ThreadX's value). */
#define TXP_MUTEX_ID ((ULONG)0x4D555445)

/* txp_mutex_release_owned releases every mutex owner holds (kernel lock held), as ThreadX does for a thread
 * that is terminated or completes: each goes to its first waiter, if any. */
void txp_mutex_release_owned(TX_PORT_WAITER *owner);

#endif /* TXP_MUTEX_H */
