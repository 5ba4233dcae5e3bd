/* SPDX-License-Identifier: MIT */
/* tx_timer.h: ThreadX application timers. One timer thread of the port (started at the first activation)
 * runs the expiration functions, one at a time and in due order, in ThreadX's timer context: they may call
 * any service that does not wait (a wait there is TX_WAIT_ERROR, as in ThreadX). A timer fires
 * initial_ticks after its activation, then every reschedule_ticks (0: once); a periodic timer that falls
 * behind skips the missed periods instead of firing them in a burst. tx_time_set does not move timers.
 * tx_timer_delete waits for a running expiration of that timer to finish (from a timer it is refused).
 * Declared in tx_api.h. */
#ifndef TXP_TIMER_H
#define TXP_TIMER_H

#include "tx_api.h"

/* TXP_TIMER_ID marks a created timer (ThreadX's value). */
#define TXP_TIMER_ID ((ULONG)0x4154494D)

#endif /* TXP_TIMER_H */
