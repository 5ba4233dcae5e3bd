/* SPDX-License-Identifier: MIT */
/* tx_clock.h: the port's clock, deadlines and wait options (txp: ThreadX port). One tick is 10 ms
 * (TX_TIMER_TICKS_PER_SECOND = NX_IP_PERIODIC_RATE = 100), counted on CLOCK_MONOTONIC from the first use of
 * the clock in the process, so tx_time_get starts near 0 as on a freshly booted board.
 * Every blocking service turns its wait option into a struct txp_deadline once and waits on condition
 * variables made by txp_cond_init, which run on CLOCK_MONOTONIC: wall-clock jumps do not matter. */
#ifndef TXP_CLOCK_H
#define TXP_CLOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "tx_api.h"

#define TXP_MS_PER_TICK (1000u / TX_TIMER_TICKS_PER_SECOND)

/* txp_deadline: when a wait ends. forever: TX_WAIT_FOREVER; otherwise end_ms on txp_time_ms's clock. */
struct txp_deadline {
    bool forever;
    uint64_t end_ms;
};

/* txp_time_ms returns monotonic milliseconds since the port's clock started. */
uint64_t txp_time_ms(void);

/* txp_ticks_to_ms converts a tick count (not TX_WAIT_FOREVER) to milliseconds. */
uint64_t txp_ticks_to_ms(ULONG ticks);

/* txp_deadline_from_ticks starts a deadline wait_option ticks from now (TX_NO_WAIT: already due). */
struct txp_deadline txp_deadline_from_ticks(ULONG wait_option);

/* txp_deadline_at_ms returns a deadline at the absolute time end_ms (UINT64_MAX: forever). */
struct txp_deadline txp_deadline_at_ms(uint64_t end_ms);

/* txp_deadline_expired returns true when the deadline has passed. */
bool txp_deadline_expired(const struct txp_deadline *d);

/* txp_deadline_remaining_ms returns the milliseconds left (0 when expired, UINT64_MAX forever). */
uint64_t txp_deadline_remaining_ms(const struct txp_deadline *d);

/* txp_cond_init initializes a condition variable on the port's monotonic clock. */
void txp_cond_init(pthread_cond_t *cond);

/* txp_cond_timedwait waits on cond (mutex held) until signalled or the deadline passes. Returns false when
 * the deadline has passed (the caller re-checks its predicate either way: wake-ups may be spurious). It
 * cannot be aborted: NetX waits use txp_cond_wait (tx_wait.h). */
bool txp_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct txp_deadline *d);

#endif /* TXP_CLOCK_H */
