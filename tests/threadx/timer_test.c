/* SPDX-License-Identifier: MIT */
/* timer_test.c: ThreadX application timers (src/threadx/tx_timer.c) and the tick clock: one-shot and
 * periodic timers, activation rules (TX_ACTIVATE_ERROR for an active or spent timer), change, deactivate
 * keeping what is left, delete, info_get, what an expiration function may and may not call (ThreadX's
 * timer context), tx_time_get / tx_time_set and the tick length. Times are checked as lower bounds only. */
#include <string.h>

#include "tx_util.h"

static TX_TIMER once, periodic, probe;
static TX_SEMAPHORE fired;
static UINT once_count, periodic_count;
static ULONG once_at;
static UINT probe_codes[5];
static UINT probe_done;

static VOID once_expired(ULONG input)
{
    once_at = tx_time_get();
    txu_set(&once_count, once_count + (UINT)input);
    (void)tx_semaphore_put(&fired); /* no wait: allowed in a timer */
}

static VOID periodic_expired(ULONG input)
{
    (void)input;
    txu_set(&periodic_count, periodic_count + 1);
}

/* What ThreadX refuses in timer context. */
static VOID probe_expired(ULONG input)
{
    (void)input;
    static TX_TIMER other;
    static TX_SEMAPHORE other_sem;
    probe_codes[0] = tx_semaphore_get(&fired, 5);
    probe_codes[1] = tx_thread_sleep(1);
    probe_codes[2] = tx_timer_create(&other, txu_name, probe_expired, 0, 5, 0, TX_NO_ACTIVATE);
    probe_codes[3] = tx_semaphore_create(&other_sem, txu_name, 0);
    probe_codes[4] = tx_timer_delete(&probe);
    txu_set(&probe_done, 1);
}

static void test_codes(void)
{
    static TX_TIMER never;
    memset(&never, 0, sizeof never);
    EXPECT_CODE(tx_timer_create(NULL, txu_name, once_expired, 1, 5, 0, TX_NO_ACTIVATE),
                TX_TIMER_ERROR);
    EXPECT_CODE(tx_timer_create(&once, txu_name, once_expired, 1, 0, 0, TX_NO_ACTIVATE),
                TX_TICK_ERROR);
    EXPECT_CODE(tx_timer_create(&once, txu_name, once_expired, 1, 5, 0, 2), TX_ACTIVATE_ERROR);
    EXPECT_CODE(tx_timer_activate(&never), TX_TIMER_ERROR);
    EXPECT_CODE(tx_timer_deactivate(&never), TX_TIMER_ERROR);
    EXPECT_CODE(tx_timer_change(&never, 1, 1), TX_TIMER_ERROR);
    EXPECT_CODE(tx_timer_delete(&never), TX_TIMER_ERROR);
    EXPECT_CODE(tx_timer_info_get(&never, NULL, NULL, NULL, NULL, NULL), TX_TIMER_ERROR);
}

static void test_one_shot(void)
{
    EXPECT_OK(tx_semaphore_create(&fired, txu_name, 0));
    EXPECT_OK(tx_timer_create(&once, txu_name, once_expired, 1, 5, 0, TX_NO_ACTIVATE));
    EXPECT_CODE(tx_timer_create(&once, txu_name, once_expired, 1, 5, 0, TX_NO_ACTIVATE),
                TX_TIMER_ERROR);
    UINT active = 9;
    ULONG remaining = 0, reschedule = 9;
    TX_TIMER *next = NULL;
    CHAR *name = NULL;
    EXPECT_OK(tx_timer_info_get(&once, &name, &active, &remaining, &reschedule, &next));
    EXPECT(name == txu_name && active == TX_FALSE && remaining == 5 && reschedule == 0);
    EXPECT(next == &once);
    EXPECT_CODE(tx_timer_change(&once, 0, 0), TX_TICK_ERROR);

    ULONG t0 = tx_time_get();
    EXPECT_OK(tx_timer_activate(&once));
    EXPECT_CODE(tx_timer_activate(&once), TX_ACTIVATE_ERROR); /* already active */
    EXPECT_OK(tx_timer_info_get(&once, NULL, &active, &remaining, NULL, NULL));
    EXPECT(active == TX_TRUE && remaining >= 1 && remaining <= 5);
    EXPECT_OK(tx_timer_change(&once, 50, 0)); /* an active timer is left as it is */
    EXPECT_OK(tx_semaphore_get(&fired, TXU_WAIT_TICKS));
    EXPECT(once_at - t0 >= 5);
    EXPECT(txu_get(&once_count) == 1);
    EXPECT_OK(tx_timer_info_get(&once, NULL, &active, &remaining, NULL, NULL));
    EXPECT(active == TX_FALSE && remaining == 0);
    EXPECT_CODE(tx_timer_activate(&once), TX_ACTIVATE_ERROR); /* spent */
    EXPECT_OK(tx_timer_change(&once, 2, 0));
    EXPECT_OK(tx_timer_activate(&once));
    EXPECT_OK(tx_semaphore_get(&fired, TXU_WAIT_TICKS));
    EXPECT(txu_get(&once_count) == 2);
    EXPECT_OK(tx_timer_delete(&once));
    EXPECT_CODE(tx_timer_delete(&once), TX_TIMER_ERROR);

    /* Deactivated before it fires, it keeps what was left. */
    EXPECT_OK(tx_timer_create(&once, txu_name, once_expired, 1, 1000, 0, TX_AUTO_ACTIVATE));
    EXPECT_OK(tx_timer_deactivate(&once));
    EXPECT_OK(tx_timer_deactivate(&once)); /* not active: fine */
    EXPECT_OK(tx_timer_info_get(&once, NULL, &active, &remaining, NULL, NULL));
    EXPECT(active == TX_FALSE && remaining > 0 && remaining <= 1000);
    EXPECT_OK(tx_timer_delete(&once));
    EXPECT(txu_get(&once_count) == 2);
}

static void test_periodic(void)
{
    EXPECT_OK(tx_timer_create(&periodic, txu_name, periodic_expired, 0, 1, 2, TX_AUTO_ACTIVATE));
    EXPECT(txu_wait_at_least(&periodic_count, 3));
    ULONG reschedule = 0;
    EXPECT_OK(tx_timer_info_get(&periodic, NULL, NULL, NULL, &reschedule, NULL));
    EXPECT(reschedule == 2);
    EXPECT_OK(tx_timer_deactivate(&periodic));
    UINT stopped = txu_get(&periodic_count);
    EXPECT_OK(tx_thread_sleep(10));
    EXPECT(txu_get(&periodic_count) == stopped);
    EXPECT_OK(tx_timer_activate(&periodic));
    EXPECT(txu_wait_at_least(&periodic_count, stopped + 2));
    EXPECT_OK(tx_timer_delete(&periodic));
    stopped = txu_get(&periodic_count);
    EXPECT_OK(tx_thread_sleep(10));
    EXPECT(txu_get(&periodic_count) == stopped);
}

static void test_timer_context(void)
{
    EXPECT_OK(tx_timer_create(&probe, txu_name, probe_expired, 0, 1, 0, TX_AUTO_ACTIVATE));
    EXPECT(txu_wait_value(&probe_done, 1));
    EXPECT_CODE(probe_codes[0], TX_WAIT_ERROR);
    EXPECT_CODE(probe_codes[1], TX_CALLER_ERROR);
    EXPECT_CODE(probe_codes[2], TX_CALLER_ERROR);
    EXPECT_CODE(probe_codes[3], TX_CALLER_ERROR);
    EXPECT_CODE(probe_codes[4], TX_CALLER_ERROR);
    EXPECT_OK(tx_timer_delete(&probe));
    EXPECT_OK(tx_semaphore_delete(&fired));
}

static void test_time(void)
{
    EXPECT(TX_TIMER_TICKS_PER_SECOND == 100);
    ULONG a = tx_time_get();
    EXPECT_OK(tx_thread_sleep(3));
    ULONG b = tx_time_get();
    EXPECT(b - a >= 3);
    tx_time_set(1000000);
    ULONG c = tx_time_get();
    EXPECT(c >= 1000000 && c < 1000000 + TXU_WAIT_TICKS);
    /* The counter is a ULONG that wraps. */
    tx_time_set(0xFFFFFFFEu);
    EXPECT_OK(tx_thread_sleep(4));
    EXPECT(tx_time_get() < TXU_WAIT_TICKS);
}

int main(void)
{
    test_codes();
    test_one_shot();
    test_periodic();
    test_timer_context();
    test_time();
    return test_finish("threadx/timer");
}
