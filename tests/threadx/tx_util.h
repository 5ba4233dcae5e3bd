/* SPDX-License-Identifier: MIT */
/* tx_util.h: helpers of the ThreadX port's tests (header only). The test's main() is not a ThreadX thread:
 * it creates threads directly (they start at once, as before tx_kernel_enter) and watches them through the
 * info services, which read under the port's kernel lock. Only main() calls EXPECT; threads leave what
 * they saw in variables that main() reads after waiting for them. Waits are bounded generously (20 s):
 * they fail a broken test, never a slow machine. */
#ifndef TX_UTIL_H
#define TX_UTIL_H

#include <stdbool.h>

#include "test.h"
#include "tx_api.h"

#define TXU_STACK      4096
#define TXU_WAIT_TICKS (20u * TX_TIMER_TICKS_PER_SECOND)

static CHAR txu_name[] = "tx test";

/* Stack areas: the port checks and records them (they must not overlap) and runs on system stacks. */
static __attribute__((unused)) ULONG txu_stacks[32][TXU_STACK / sizeof(ULONG)];

static inline VOID *txu_stack(unsigned i)
{
    return txu_stacks[i];
}

static inline UINT txu_state(TX_THREAD *t)
{
    UINT state = 0xFFFF;
    (void)tx_thread_info_get(t, NULL, &state, NULL, NULL, NULL, NULL, NULL, NULL);
    return state;
}

/* txu_wait_state waits until t is in state; false after TXU_WAIT_TICKS. */
static inline bool txu_wait_state(TX_THREAD *t, UINT state)
{
    for (ULONG i = 0; i < TXU_WAIT_TICKS; i++) {
        if (txu_state(t) == state) {
            return true;
        }
        (void)tx_thread_sleep(1);
    }
    return false;
}

/* txu_wait_value waits until *v == want (v written by other threads); false after TXU_WAIT_TICKS. */
static inline bool txu_wait_value(const UINT *v, UINT want)
{
    for (ULONG i = 0; i < TXU_WAIT_TICKS; i++) {
        if (__atomic_load_n(v, __ATOMIC_ACQUIRE) == want) {
            return true;
        }
        (void)tx_thread_sleep(1);
    }
    return false;
}

/* txu_wait_at_least waits until *v >= least; false after TXU_WAIT_TICKS. */
static inline bool txu_wait_at_least(const UINT *v, UINT least)
{
    for (ULONG i = 0; i < TXU_WAIT_TICKS; i++) {
        if (__atomic_load_n(v, __ATOMIC_ACQUIRE) >= least) {
            return true;
        }
        (void)tx_thread_sleep(1);
    }
    return false;
}

static inline void txu_set(UINT *v, UINT value)
{
    __atomic_store_n(v, value, __ATOMIC_RELEASE);
}

static inline UINT txu_get(const UINT *v)
{
    return __atomic_load_n(v, __ATOMIC_ACQUIRE);
}

/* txu_create starts entry(input) as a ThreadX thread at priority 16 on stack slot i. */
static inline UINT txu_create(TX_THREAD *t, unsigned i, VOID (*entry)(ULONG), ULONG input,
                              UINT auto_start)
{
    return tx_thread_create(t, txu_name, entry, input, txu_stack(i), TXU_STACK, 16, 16,
                            TX_NO_TIME_SLICE, auto_start);
}

/* txu_finish waits for t to complete and deletes it. */
static inline bool txu_finish(TX_THREAD *t)
{
    return txu_wait_state(t, TX_COMPLETED) && tx_thread_delete(t) == TX_SUCCESS;
}

#endif /* TX_UTIL_H */
