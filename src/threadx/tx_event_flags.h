/* SPDX-License-Identifier: MIT */
/* tx_event_flags.h: ThreadX event flag groups: 32 flags, a get waits for all (TX_AND) or any (TX_OR) of
 * the flags it names and may clear them (TX_AND_CLEAR, TX_OR_CLEAR). A set that satisfies several waiters
 * wakes them all, each judged against the flags as they stood after the set; the clears they asked for
 * are applied after. The services are declared in tx_api.h. */
#ifndef TXP_EVENT_FLAGS_H
#define TXP_EVENT_FLAGS_H

#include "tx_api.h"

/* TXP_EVENT_FLAGS_ID marks a created group (ThreadX's value). */
#define TXP_EVENT_FLAGS_ID ((ULONG)0x4456444E)

#endif /* TXP_EVENT_FLAGS_H */
