/* SPDX-License-Identifier: MIT */
/* thread_test.c: ThreadX threads on POSIX threads (src/threadx/tx_thread.c): creation and its codes,
 * TX_AUTO_START / TX_DONT_START, suspend and resume (the resume that is not lost, delayed suspension and
 * TX_SUSPEND_LIFTED), sleep, relinquish, terminate in every state (owned mutexes released), delete,
 * reset, identify, info_get, priority / preemption / time-slice changes, wait_abort and the entry/exit
 * notification, each with ThreadX's exact return codes (common/inc/tx_api.h values). */
#include <string.h>

#include "tx_util.h"

static TX_THREAD th[8];
static TX_SEMAPHORE gate;
static TX_MUTEX owned;

/* What the threads saw, read by main() after it waited for them. */
static UINT seen_input;
static TX_THREAD *seen_self;
static UINT step;
static UINT result;
static UINT notified_entry;
static UINT notified_exit;

static VOID record_entry(ULONG input)
{
    seen_self = tx_thread_identify();
    txu_set(&seen_input, (UINT)input);
}

static VOID suspend_self_entry(ULONG input)
{
    (void)input;
    txu_set(&step, 1);
    txu_set(&result, tx_thread_suspend(tx_thread_identify()));
    txu_set(&step, 2);
}

/* gate_then_suspend waits for the gate, then suspends itself. */
static VOID gate_then_suspend_entry(ULONG input)
{
    (void)input;
    txu_set(&step, 1);
    UINT got = tx_semaphore_get(&gate, TX_WAIT_FOREVER);
    txu_set(&step, 2);
    UINT suspended = tx_thread_suspend(tx_thread_identify());
    txu_set(&result, got == TX_SUCCESS ? suspended : got);
    txu_set(&step, 3);
}

static VOID gate_entry(ULONG input)
{
    (void)input;
    txu_set(&result, tx_semaphore_get(&gate, TX_WAIT_FOREVER));
    txu_set(&step, 9);
}

static VOID sleep_forever_entry(ULONG input)
{
    (void)input;
    txu_set(&result, tx_thread_sleep(TX_WAIT_FOREVER));
    txu_set(&step, 9);
}

static VOID terminate_self_entry(ULONG input)
{
    (void)input;
    txu_set(&step, 1);
    (void)tx_thread_terminate(tx_thread_identify());
    txu_set(&step, 2); /* never */
}

/* own_then_wait takes the mutex, then waits on the gate for ever. */
static VOID own_then_wait_entry(ULONG input)
{
    (void)input;
    UINT got = tx_mutex_get(&owned, TX_WAIT_FOREVER);
    txu_set(&step, got == TX_SUCCESS ? 1u : 0xEEu);
    (void)tx_semaphore_get(&gate, TX_WAIT_FOREVER);
    txu_set(&step, 2); /* never: terminated while waiting */
}

/* busy_entry runs without blocking, calling a ThreadX service now and then. */
static VOID busy_entry(ULONG input)
{
    (void)input;
    for (;;) {
        txu_set(&step, txu_get(&step) + 1);
        tx_thread_relinquish();
    }
}

static VOID count_entry(ULONG input)
{
    (void)input;
    txu_set(&step, txu_get(&step) + 1);
}

static VOID notify(TX_THREAD *t, UINT type)
{
    (void)t;
    if (type == TX_THREAD_ENTRY) {
        txu_set(&notified_entry, notified_entry + 1);
    } else if (type == TX_THREAD_EXIT) {
        txu_set(&notified_exit, notified_exit + 1);
    }
}

static void reset_observations(void)
{
    txu_set(&step, 0);
    txu_set(&result, 0xFFFF);
}

static void test_create_codes(void)
{
    static TX_THREAD never;
    memset(&never, 0, sizeof never);
    EXPECT_CODE(tx_thread_create(NULL, txu_name, count_entry, 0, txu_stack(0), TXU_STACK, 1, 1,
                                 TX_NO_TIME_SLICE, TX_AUTO_START),
                TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, NULL, 0, txu_stack(0), TXU_STACK, 1, 1,
                                 TX_NO_TIME_SLICE, TX_AUTO_START),
                TX_PTR_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, count_entry, 0, NULL, TXU_STACK, 1, 1,
                                 TX_NO_TIME_SLICE, TX_AUTO_START),
                TX_PTR_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, count_entry, 0, txu_stack(0),
                                 TX_MINIMUM_STACK - 1, 1, 1, TX_NO_TIME_SLICE, TX_AUTO_START),
                TX_SIZE_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, count_entry, 0, txu_stack(0), TXU_STACK,
                                 TX_MAX_PRIORITIES, TX_MAX_PRIORITIES, TX_NO_TIME_SLICE,
                                 TX_AUTO_START),
                TX_PRIORITY_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, count_entry, 0, txu_stack(0), TXU_STACK, 4, 5,
                                 TX_NO_TIME_SLICE, TX_AUTO_START),
                TX_THRESH_ERROR);
    EXPECT_CODE(tx_thread_create(&th[0], txu_name, count_entry, 0, txu_stack(0), TXU_STACK, 4, 4,
                                 TX_NO_TIME_SLICE, 2),
                TX_START_ERROR);

    /* Created once; a second create of the same block and a stack that overlaps another's fail. */
    EXPECT_OK(txu_create(&th[0], 0, count_entry, 0, TX_DONT_START));
    EXPECT_CODE(txu_create(&th[0], 1, count_entry, 0, TX_DONT_START), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_create(&th[1], txu_name, count_entry, 0, (UCHAR *)txu_stack(0) + 64,
                                 TXU_STACK, 4, 4, TX_NO_TIME_SLICE, TX_DONT_START),
                TX_PTR_ERROR);
    EXPECT_CODE(tx_thread_create(&th[1], txu_name, count_entry, 0, (UCHAR *)txu_stack(1) - 64,
                                 TXU_STACK, 4, 4, TX_NO_TIME_SLICE, TX_DONT_START),
                TX_PTR_ERROR);
    EXPECT_CODE(tx_thread_delete(&th[0]), TX_DELETE_ERROR); /* suspended, not done */
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT_OK(tx_thread_delete(&th[0]));

    /* Every service refuses a thread that was never created (or was deleted). */
    UINT u = 0;
    ULONG l = 0;
    EXPECT_CODE(tx_thread_delete(&th[0]), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_resume(&never), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_suspend(&never), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_terminate(&never), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_reset(&never), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_wait_abort(&never), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_priority_change(&never, 3, &u), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_preemption_change(&never, 3, &u), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_time_slice_change(&never, 3, &l), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_entry_exit_notify(&never, notify), TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_info_get(&never, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                TX_THREAD_ERROR);
    EXPECT_CODE(tx_thread_stack_error_notify(NULL), TX_FEATURE_NOT_ENABLED);
    EXPECT(tx_thread_identify() == TX_NULL); /* main() is not a ThreadX thread */
}

static void test_auto_and_dont_start(void)
{
    txu_set(&seen_input, 0);
    EXPECT_OK(txu_create(&th[0], 0, record_entry, 0x5A5A, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_COMPLETED));
    EXPECT(txu_get(&seen_input) == 0x5A5A);
    EXPECT(seen_self == &th[0]);

    CHAR *name = NULL;
    UINT state = 0, priority = 0, threshold = 0;
    ULONG runs = 0, slice = 1;
    TX_THREAD *next = NULL, *next_suspended = &th[7];
    EXPECT_OK(tx_thread_info_get(&th[0], &name, &state, &runs, &priority, &threshold, &slice, &next,
                                 &next_suspended));
    EXPECT(name == txu_name);
    EXPECT(state == TX_COMPLETED);
    EXPECT(runs >= 1);
    EXPECT(priority == 16 && threshold == 16 && slice == TX_NO_TIME_SLICE);
    EXPECT(next == &th[0]); /* the created list is circular: the only thread follows itself */
    EXPECT(next_suspended == TX_NULL);
    EXPECT_CODE(tx_thread_resume(&th[0]), TX_RESUME_ERROR);
    EXPECT_CODE(tx_thread_suspend(&th[0]), TX_SUSPEND_ERROR);
    EXPECT_OK(tx_thread_terminate(&th[0])); /* a completed thread: nothing to do */
    EXPECT(txu_state(&th[0]) == TX_COMPLETED);
    EXPECT_OK(tx_thread_delete(&th[0]));

    /* TX_DONT_START: suspended, does not run until resumed. */
    txu_set(&seen_input, 0);
    EXPECT_OK(txu_create(&th[0], 0, record_entry, 7, TX_DONT_START));
    EXPECT(txu_state(&th[0]) == TX_SUSPENDED);
    EXPECT_OK(tx_thread_sleep(5));
    EXPECT(txu_get(&seen_input) == 0);
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&seen_input) == 7);
}

static void test_suspend_resume(void)
{
    /* A thread suspends itself; a resume from main() lets it go on. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, suspend_self_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SUSPENDED));
    EXPECT(txu_get(&step) == 1);
    EXPECT_OK(tx_thread_suspend(&th[0])); /* already suspended */
    EXPECT_CODE(tx_thread_wait_abort(&th[0]), TX_WAIT_ABORT_ERROR); /* a suspension is not a wait */
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&step) == 2);
    EXPECT_OK(txu_get(&result));

    /* The resume that is not lost: resumed while it waits on the gate, before it suspends itself, the
     * thread's own suspension returns at once. A second early resume has nothing to wait for. */
    reset_observations();
    EXPECT_OK(tx_semaphore_create(&gate, txu_name, 0));
    EXPECT_OK(txu_create(&th[0], 0, gate_then_suspend_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SEMAPHORE_SUSP));
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT_CODE(tx_thread_resume(&th[0]), TX_RESUME_ERROR);
    EXPECT_OK(tx_semaphore_put(&gate));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&step) == 3);
    EXPECT_OK(txu_get(&result));

    /* Delayed suspension: a thread suspended while it waits suspends when its wait ends; a resume before
     * that lifts it (TX_SUSPEND_LIFTED). */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, gate_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SEMAPHORE_SUSP));
    EXPECT_OK(tx_thread_suspend(&th[0]));
    EXPECT_CODE(tx_thread_resume(&th[0]), TX_SUSPEND_LIFTED);
    EXPECT_OK(tx_thread_suspend(&th[0]));
    EXPECT_OK(tx_semaphore_put(&gate));
    EXPECT(txu_wait_state(&th[0], TX_SUSPENDED));
    EXPECT(txu_get(&step) == 0); /* got the semaphore, suspended before going on */
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&step) == 9);
    EXPECT_OK(txu_get(&result));

    /* A running thread asked to suspend stops at its next ThreadX call. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, busy_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_at_least(&step, 3));
    EXPECT_OK(tx_thread_suspend(&th[0]));
    EXPECT(txu_wait_state(&th[0], TX_SUSPENDED));
    UINT frozen = txu_get(&step);
    EXPECT_OK(tx_thread_sleep(3));
    EXPECT(txu_get(&step) == frozen);
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT(txu_state(&th[0]) == TX_TERMINATED);
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT_OK(tx_semaphore_delete(&gate));
}

static void test_sleep_and_abort(void)
{
    ULONG t0 = tx_time_get();
    EXPECT_OK(tx_thread_sleep(0));
    EXPECT_OK(tx_thread_sleep(4));
    EXPECT(tx_time_get() - t0 >= 4);
    tx_thread_relinquish();

    /* wait_abort ends a sleep and a semaphore wait with TX_WAIT_ABORTED. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, sleep_forever_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SLEEP));
    EXPECT_OK(tx_thread_wait_abort(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT_CODE(txu_get(&result), TX_WAIT_ABORTED);

    reset_observations();
    EXPECT_OK(tx_semaphore_create(&gate, txu_name, 0));
    EXPECT_OK(txu_create(&th[0], 0, gate_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SEMAPHORE_SUSP));
    EXPECT_OK(tx_thread_wait_abort(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT_CODE(txu_get(&result), TX_WAIT_ABORTED);
    ULONG waiting = 1;
    EXPECT_OK(tx_semaphore_info_get(&gate, NULL, NULL, NULL, &waiting, NULL));
    EXPECT(waiting == 0);

    /* Nothing to abort: a completed thread, a suspended one. */
    EXPECT_OK(txu_create(&th[0], 0, count_entry, 0, TX_DONT_START));
    EXPECT_CODE(tx_thread_wait_abort(&th[0]), TX_WAIT_ABORT_ERROR);
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_wait_state(&th[0], TX_COMPLETED));
    EXPECT_CODE(tx_thread_wait_abort(&th[0]), TX_WAIT_ABORT_ERROR);
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT_OK(tx_semaphore_delete(&gate));
}

static void test_terminate(void)
{
    EXPECT_OK(tx_semaphore_create(&gate, txu_name, 0));
    EXPECT_OK(tx_mutex_create(&owned, txu_name, TX_NO_INHERIT));

    /* Waiting on a semaphore, owning a mutex: it never runs again and the mutex is released. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, own_then_wait_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SEMAPHORE_SUSP));
    EXPECT(txu_get(&step) == 1);
    EXPECT_CODE(tx_mutex_get(&owned, TX_NO_WAIT), TX_NOT_AVAILABLE);
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT(txu_state(&th[0]) == TX_TERMINATED);
    EXPECT_OK(tx_mutex_get(&owned, TX_NO_WAIT));
    EXPECT_OK(tx_mutex_put(&owned));
    EXPECT_OK(tx_semaphore_put(&gate)); /* nobody waits for it any more */
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT(txu_get(&step) == 1);
    EXPECT_OK(tx_semaphore_get(&gate, TX_NO_WAIT));

    /* Suspended, and never started. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, suspend_self_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SUSPENDED));
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT(txu_get(&step) == 1);
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, count_entry, 0, TX_DONT_START));
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT_CODE(tx_thread_resume(&th[0]), TX_RESUME_ERROR);
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT(txu_get(&step) == 0);

    /* Itself. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, terminate_self_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_TERMINATED));
    EXPECT_OK(tx_thread_delete(&th[0]));
    EXPECT(txu_get(&step) == 1);

    /* Running: it ends at its next ThreadX call; delete waits for that. */
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, busy_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_at_least(&step, 2));
    EXPECT_CODE(tx_thread_delete(&th[0]), TX_DELETE_ERROR);
    EXPECT_OK(tx_thread_terminate(&th[0]));
    EXPECT_OK(tx_thread_delete(&th[0]));
    UINT after = txu_get(&step);
    EXPECT_OK(tx_thread_sleep(2));
    EXPECT(txu_get(&step) == after);

    EXPECT_OK(tx_mutex_delete(&owned));
    EXPECT_OK(tx_semaphore_delete(&gate));
}

static void test_reset_and_changes(void)
{
    reset_observations();
    EXPECT_OK(txu_create(&th[0], 0, count_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_COMPLETED));
    EXPECT_OK(tx_thread_reset(&th[0]));
    EXPECT(txu_state(&th[0]) == TX_SUSPENDED);
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&step) == 2); /* ran twice */

    EXPECT_OK(txu_create(&th[0], 0, count_entry, 0, TX_DONT_START));
    EXPECT_CODE(tx_thread_reset(&th[0]), TX_NOT_DONE);
    UINT old = 0;
    ULONG old_slice = 0;
    EXPECT_CODE(tx_thread_priority_change(&th[0], TX_MAX_PRIORITIES, &old), TX_PRIORITY_ERROR);
    EXPECT_CODE(tx_thread_priority_change(&th[0], 3, NULL), TX_PTR_ERROR);
    EXPECT_OK(tx_thread_priority_change(&th[0], 3, &old));
    EXPECT(old == 16);
    UINT priority = 0, threshold = 0;
    EXPECT_OK(tx_thread_info_get(&th[0], NULL, NULL, NULL, &priority, &threshold, NULL, NULL, NULL));
    EXPECT(priority == 3 && threshold == 3);
    EXPECT_CODE(tx_thread_preemption_change(&th[0], 4, &old), TX_THRESH_ERROR);
    EXPECT_CODE(tx_thread_preemption_change(&th[0], 2, NULL), TX_PTR_ERROR);
    EXPECT_OK(tx_thread_preemption_change(&th[0], 2, &old));
    EXPECT(old == 3);
    EXPECT_CODE(tx_thread_time_slice_change(&th[0], 5, NULL), TX_PTR_ERROR);
    EXPECT_OK(tx_thread_time_slice_change(&th[0], 5, &old_slice));
    EXPECT(old_slice == TX_NO_TIME_SLICE);
    EXPECT_OK(tx_thread_time_slice_change(&th[0], 0, &old_slice));
    EXPECT(old_slice == 5);

    /* Entry and exit are notified. */
    txu_set(&notified_entry, 0);
    txu_set(&notified_exit, 0);
    EXPECT_OK(tx_thread_entry_exit_notify(&th[0], notify));
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_get(&notified_entry) == 1 && txu_get(&notified_exit) == 1);
}

/* A thread created by a running thread starts at once. */
static VOID parent_entry(ULONG input)
{
    (void)input;
    UINT status = txu_create(&th[2], 2, count_entry, 0, TX_AUTO_START);
    txu_set(&result, status);
}

static void test_created_by_thread(void)
{
    reset_observations();
    EXPECT_OK(txu_create(&th[1], 1, parent_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_value(&step, 1));
    EXPECT_OK(txu_get(&result));
    EXPECT(txu_finish(&th[1]));
    EXPECT(txu_finish(&th[2]));
}

int main(void)
{
    test_create_codes();
    test_auto_and_dont_start();
    test_suspend_resume();
    test_sleep_and_abort();
    test_terminate();
    test_reset_and_changes();
    test_created_by_thread();
    return test_finish("threadx/thread");
}
