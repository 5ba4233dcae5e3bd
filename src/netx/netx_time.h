/* SPDX-License-Identifier: MIT */
/* netx_time.h: the facade's clock and wait options. One ThreadX/NetX tick is 10 ms
 * (TX_TIMER_TICKS_PER_SECOND = NX_IP_PERIODIC_RATE = 100), counted on CLOCK_MONOTONIC from the first use
 * of the clock in the process, so tx_time_get starts near 0 as on a freshly booted board.
 * Every blocking service turns its wait option into a struct netx_deadline once and waits on condition
 * variables created by netx_cond_init (which run on CLOCK_MONOTONIC, so wall-clock jumps do not matter). */
#ifndef NETX_TIME_H
#define NETX_TIME_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "tx_api.h"

#define NETX_MS_PER_TICK (1000u / TX_TIMER_TICKS_PER_SECOND)

/* netx_deadline: when a wait ends. forever: TX_WAIT_FOREVER; otherwise end_ms on netx_time_ms's clock. */
struct netx_deadline {
    bool forever;
    uint64_t end_ms;
};

/* netx_time_ms returns monotonic milliseconds since the facade's clock started. */
uint64_t netx_time_ms(void);

/* netx_ticks_to_ms converts a tick count (not TX_WAIT_FOREVER) to milliseconds. */
uint64_t netx_ticks_to_ms(ULONG ticks);

/* netx_deadline_from_ticks starts a deadline wait_option ticks from now (TX_NO_WAIT: already due). */
struct netx_deadline netx_deadline_from_ticks(ULONG wait_option);

/* netx_deadline_from_ms returns a deadline at the absolute time end_ms (UINT64_MAX: forever). */
struct netx_deadline netx_deadline_at_ms(uint64_t end_ms);

/* netx_deadline_expired returns true when the deadline has passed. */
bool netx_deadline_expired(const struct netx_deadline *d);

/* netx_deadline_remaining_ms returns the milliseconds left (0 when expired, UINT64_MAX forever). */
uint64_t netx_deadline_remaining_ms(const struct netx_deadline *d);

/* netx_cond_init initializes a condition variable on the facade's monotonic clock. */
void netx_cond_init(pthread_cond_t *cond);

/* netx_cond_wait waits on cond (mutex held) until signalled or the deadline passes. Returns false when
 * the deadline has passed (the caller re-checks its predicate either way: wake-ups may be spurious). */
bool netx_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct netx_deadline *d);

#endif /* NETX_TIME_H */
