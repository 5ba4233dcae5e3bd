/* SPDX-License-Identifier: MIT */
/* tx_clock.c: ticks, deadlines and the ThreadX time services (tx_time_get, tx_time_set). */
#include "tx_clock.h"

#include <errno.h>

#include "nxdtls.h"

static pthread_once_t txp_clock_once = PTHREAD_ONCE_INIT;
static uint64_t txp_clock_origin_ms; /* written once, under txp_clock_once */

/* tx_time_set moves the tick counter, not the clock the waits run on (ThreadX's timers are not moved by
 * it either): tx_time_get is txp_time_base_ticks plus the ticks since txp_time_base_ms. */
static pthread_mutex_t txp_time_lock = PTHREAD_MUTEX_INITIALIZER;
static ULONG txp_time_base_ticks;
static uint64_t txp_time_base_ms;

static uint64_t txp_monotonic_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void txp_clock_start(void)
{
    txp_clock_origin_ms = txp_monotonic_ms();
}

uint64_t txp_time_ms(void)
{
    (void)pthread_once(&txp_clock_once, txp_clock_start);
    return txp_monotonic_ms() - txp_clock_origin_ms;
}

uint64_t txp_ticks_to_ms(ULONG ticks)
{
    return (uint64_t)ticks * TXP_MS_PER_TICK;
}

struct txp_deadline txp_deadline_from_ticks(ULONG wait_option)
{
    struct txp_deadline d = {.forever = false, .end_ms = 0};
    if (wait_option == TX_WAIT_FOREVER) {
        d.forever = true;
        d.end_ms = UINT64_MAX;
    } else {
        d.end_ms = txp_time_ms() + txp_ticks_to_ms(wait_option);
    }
    return d;
}

struct txp_deadline txp_deadline_at_ms(uint64_t end_ms)
{
    struct txp_deadline d = {.forever = end_ms == UINT64_MAX, .end_ms = end_ms};
    return d;
}

bool txp_deadline_expired(const struct txp_deadline *d)
{
    return !d->forever && txp_time_ms() >= d->end_ms;
}

uint64_t txp_deadline_remaining_ms(const struct txp_deadline *d)
{
    if (d->forever) {
        return UINT64_MAX;
    }
    uint64_t now = txp_time_ms();
    return now >= d->end_ms ? 0 : d->end_ms - now;
}

void txp_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    (void)pthread_condattr_init(&attr);
    (void)pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    (void)pthread_cond_init(cond, &attr);
    (void)pthread_condattr_destroy(&attr);
}

bool txp_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct txp_deadline *d)
{
    if (d->forever) {
        (void)pthread_cond_wait(cond, mutex);
        return true;
    }
    uint64_t left = txp_deadline_remaining_ms(d);
    if (left == 0) {
        return false;
    }
    /* The condition variable runs on CLOCK_MONOTONIC itself, so the absolute time is taken from it. */
    struct timespec abs;
    (void)clock_gettime(CLOCK_MONOTONIC, &abs);
    uint64_t ns = (uint64_t)abs.tv_nsec + (left % 1000u) * 1000000u;
    abs.tv_sec += (time_t)(left / 1000u) + (time_t)(ns / 1000000000u);
    abs.tv_nsec = (long)(ns % 1000000000u);
    int rc = pthread_cond_timedwait(cond, mutex, &abs);
    return rc != ETIMEDOUT || !txp_deadline_expired(d);
}

NXDTLS_API ULONG tx_time_get(VOID)
{
    uint64_t now = txp_time_ms();
    (void)pthread_mutex_lock(&txp_time_lock);
    /* ThreadX's tick counter is a ULONG that wraps; so does this one (after about 497 days). */
    ULONG ticks = (ULONG)(txp_time_base_ticks + (now - txp_time_base_ms) / TXP_MS_PER_TICK);
    (void)pthread_mutex_unlock(&txp_time_lock);
    return ticks;
}

NXDTLS_API VOID tx_time_set(ULONG new_time)
{
    uint64_t now = txp_time_ms();
    (void)pthread_mutex_lock(&txp_time_lock);
    txp_time_base_ticks = new_time;
    txp_time_base_ms = now;
    (void)pthread_mutex_unlock(&txp_time_lock);
}
