/* SPDX-License-Identifier: MIT */
/* netx_time.c: ticks, deadlines and the ThreadX time services (tx_time_get, tx_thread_sleep). */
#include "netx_time.h"

#include <errno.h>

#include "nxdtls.h"

static pthread_once_t netx_clock_once = PTHREAD_ONCE_INIT;
static uint64_t netx_clock_origin_ms; /* written once, under netx_clock_once */

static uint64_t netx_monotonic_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void netx_clock_start(void)
{
    netx_clock_origin_ms = netx_monotonic_ms();
}

uint64_t netx_time_ms(void)
{
    (void)pthread_once(&netx_clock_once, netx_clock_start);
    return netx_monotonic_ms() - netx_clock_origin_ms;
}

uint64_t netx_ticks_to_ms(ULONG ticks)
{
    return (uint64_t)ticks * NETX_MS_PER_TICK;
}

struct netx_deadline netx_deadline_from_ticks(ULONG wait_option)
{
    struct netx_deadline d = {.forever = false, .end_ms = 0};
    if (wait_option == TX_WAIT_FOREVER) {
        d.forever = true;
        d.end_ms = UINT64_MAX;
    } else {
        d.end_ms = netx_time_ms() + netx_ticks_to_ms(wait_option);
    }
    return d;
}

struct netx_deadline netx_deadline_at_ms(uint64_t end_ms)
{
    struct netx_deadline d = {.forever = end_ms == UINT64_MAX, .end_ms = end_ms};
    return d;
}

bool netx_deadline_expired(const struct netx_deadline *d)
{
    return !d->forever && netx_time_ms() >= d->end_ms;
}

uint64_t netx_deadline_remaining_ms(const struct netx_deadline *d)
{
    if (d->forever) {
        return UINT64_MAX;
    }
    uint64_t now = netx_time_ms();
    return now >= d->end_ms ? 0 : d->end_ms - now;
}

void netx_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    (void)pthread_condattr_init(&attr);
    (void)pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    (void)pthread_cond_init(cond, &attr);
    (void)pthread_condattr_destroy(&attr);
}

bool netx_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct netx_deadline *d)
{
    if (d->forever) {
        (void)pthread_cond_wait(cond, mutex);
        return true;
    }
    uint64_t left = netx_deadline_remaining_ms(d);
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
    return rc != ETIMEDOUT || !netx_deadline_expired(d);
}

NXDTLS_API ULONG tx_time_get(VOID)
{
    /* ThreadX's tick counter is a ULONG that wraps; so does this one (after about 497 days). */
    return (ULONG)(netx_time_ms() / NETX_MS_PER_TICK);
}

NXDTLS_API UINT tx_thread_sleep(ULONG timer_ticks)
{
    if (timer_ticks == 0) {
        return TX_SUCCESS;
    }
    uint64_t ms = netx_ticks_to_ms(timer_ticks);
    struct timespec ts = {.tv_sec = (time_t)(ms / 1000u), .tv_nsec = (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        /* resume the remaining sleep after a signal */
    }
    return TX_SUCCESS;
}
