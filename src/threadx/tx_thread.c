/* SPDX-License-Identifier: MIT */
/* tx_thread.c: the ThreadX thread services (see tx_thread.h). Return codes as ThreadX's error-checking
 * layer gives them: a NULL or uncreated thread is TX_THREAD_ERROR, then the service's own checks. */
#include "tx_thread.h"

#include <sched.h>

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_kernel.h"
#include "tx_mutex.h"
#include "tx_wait.h"

static struct txp_created txp_threads =
    TXP_CREATED_INIT(TX_THREAD, tx_thread_created_next, tx_thread_created_previous);
static ULONG txp_thread_sequence;

static bool txp_thread_valid(TX_THREAD *t)
{
    return t != NULL && t->tx_thread_id == TXP_THREAD_ID && txp_created_contains(&txp_threads, t);
}

static bool txp_thread_ended(const TX_THREAD *t)
{
    return t->tx_thread_state == TX_COMPLETED || t->tx_thread_state == TX_TERMINATED;
}

/* txp_thread_wait_exited waits until t's POSIX thread has left the port and joins it (kernel lock
 * held). */
static void txp_thread_wait_exited(TX_THREAD *t)
{
    struct txp_deadline forever = txp_deadline_at_ms(UINT64_MAX);
    while (t->tx_thread_port_launched && !t->tx_thread_port_exited) {
        (void)txp_kernel_wait(&forever);
    }
    txp_thread_reap(t);
}

void txp_thread_reap(TX_THREAD *t)
{
    if (!t->tx_thread_port_launched || !t->tx_thread_port_exited || t->tx_thread_port_joined) {
        return;
    }
    t->tx_thread_port_joined = TX_TRUE;
    pthread_t handle = t->tx_thread_port_handle;
    txp_unlock();
    (void)pthread_join(handle, NULL);
    txp_lock();
}

void txp_thread_reap_all(void)
{
    /* A thread terminated while it ran leaves at its next ThreadX call: give each one a second. */
    struct txp_deadline d = txp_deadline_at_ms(txp_time_ms() + 1000u);
    bool again = true;
    while (again) {
        again = false;
        TX_THREAD *t = txp_threads.head;
        for (ULONG i = 0; i < txp_threads.count; i++, t = t->tx_thread_created_next) {
            if (!t->tx_thread_port_launched || t->tx_thread_port_joined || !txp_thread_ended(t)) {
                continue;
            }
            if (!t->tx_thread_port_exited) {
                if (!txp_kernel_wait(&d)) {
                    continue; /* still running: left to the process's exit */
                }
            } else {
                txp_thread_reap(t);
            }
            again = true; /* the lock was let go: walk the list again */
            break;
        }
    }
}

static void *txp_thread_main(void *arg)
{
    TX_THREAD *t = arg;
    txp_bind_thread(t);
    txp_lock();
    if (t->tx_thread_port_terminate) {
        txp_thread_exit(t);
    }
    t->tx_thread_run_count++;
    txp_kernel_notify(); /* it runs: the start-up order counts from here (tx_kernel.h) */
    VOID (*notify)(TX_THREAD *, UINT) = t->tx_thread_entry_exit_notify;
    VOID (*entry)(ULONG) = t->tx_thread_entry;
    ULONG input = t->tx_thread_entry_parameter;
    txp_unlock();
    if (notify != NULL) {
        notify(t, TX_THREAD_ENTRY);
    }
    entry(input);
    txp_lock();
    txp_thread_exit(t);
}

bool txp_thread_launch(TX_THREAD *t)
{
    t->tx_thread_state = TX_READY;
    t->tx_thread_port_launched = TX_TRUE;
    t->tx_thread_port_exited = TX_FALSE;
    t->tx_thread_port_joined = TX_FALSE;
    /* Joinable: delete, reset and tx_kernel_enter join it, so that it is wholly gone after them. */
    int rc = pthread_create(&t->tx_thread_port_handle, NULL, txp_thread_main, t);
    if (rc != 0) {
        t->tx_thread_port_launched = TX_FALSE;
        t->tx_thread_state = TX_SUSPENDED;
        return false;
    }
    return true;
}

TX_THREAD *txp_thread_next_pending(void)
{
    TX_THREAD *best = NULL;
    TX_THREAD *t = txp_threads.head;
    for (ULONG i = 0; i < txp_threads.count; i++, t = t->tx_thread_created_next) {
        if (t->tx_thread_state != TX_READY || t->tx_thread_port_launched) {
            continue;
        }
        if (best == NULL || t->tx_thread_priority < best->tx_thread_priority ||
            (t->tx_thread_priority == best->tx_thread_priority &&
             t->tx_thread_port_sequence < best->tx_thread_port_sequence)) {
            best = t;
        }
    }
    return best;
}

/* txp_stack_overlaps returns true when [start, start + size) meets another created thread's stack. */
static bool txp_stack_overlaps(const UCHAR *start, ULONG size)
{
    const UCHAR *end = start + size;
    TX_THREAD *t = txp_threads.head;
    for (ULONG i = 0; i < txp_threads.count; i++, t = t->tx_thread_created_next) {
        const UCHAR *s = t->tx_thread_stack_start;
        const UCHAR *e = s + t->tx_thread_stack_size;
        if (start < e && s < end) {
            return true;
        }
    }
    return false;
}

NXDTLS_API UINT tx_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                                 VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                                 VOID *stack_start, ULONG stack_size, UINT priority,
                                 UINT preempt_threshold, ULONG time_slice, UINT auto_start)
{
    if (thread_ptr == NULL) {
        return TX_THREAD_ERROR;
    }
    txp_enter();
    UINT status = TX_SUCCESS;
    if (txp_created_contains(&txp_threads, thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (stack_start == NULL || entry_function == NULL ||
               txp_stack_overlaps(stack_start, stack_size)) {
        status = TX_PTR_ERROR;
    } else if (stack_size < TX_MINIMUM_STACK) {
        status = TX_SIZE_ERROR;
    } else if (priority >= TX_MAX_PRIORITIES) {
        status = TX_PRIORITY_ERROR;
    } else if (preempt_threshold > priority) {
        status = TX_THRESH_ERROR;
    } else if (auto_start > TX_AUTO_START) {
        status = TX_START_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    }
    if (status != TX_SUCCESS) {
        txp_unlock();
        return status;
    }
    memset(thread_ptr, 0, sizeof *thread_ptr);
    thread_ptr->tx_thread_name = name_ptr;
    thread_ptr->tx_thread_entry = entry_function;
    thread_ptr->tx_thread_entry_parameter = entry_input;
    thread_ptr->tx_thread_stack_start = stack_start;
    thread_ptr->tx_thread_stack_size = stack_size;
    thread_ptr->tx_thread_stack_end = (UCHAR *)stack_start + stack_size - 1;
    thread_ptr->tx_thread_stack_ptr = thread_ptr->tx_thread_stack_end;
    thread_ptr->tx_thread_priority = priority;
    thread_ptr->tx_thread_user_priority = priority;
    thread_ptr->tx_thread_preempt_threshold = preempt_threshold;
    thread_ptr->tx_thread_user_preempt_threshold = preempt_threshold;
    thread_ptr->tx_thread_time_slice = time_slice;
    thread_ptr->tx_thread_new_time_slice = time_slice;
    thread_ptr->tx_thread_state = auto_start == TX_AUTO_START ? TX_READY : TX_SUSPENDED;
    thread_ptr->tx_thread_port_sequence = ++txp_thread_sequence;
    txp_waiter_init(&thread_ptr->tx_thread_port_waiter, thread_ptr);
    thread_ptr->tx_thread_id = TXP_THREAD_ID;
    txp_created_add(&txp_threads, thread_ptr);
    txp_kernel_thread_live();
    /* Threads made inside tx_application_define wait for tx_kernel_enter to start them in order. */
    if (auto_start == TX_AUTO_START && txp_kernel_phase() != TXP_PHASE_INIT &&
        !txp_thread_launch(thread_ptr)) {
        txp_created_remove(&txp_threads, thread_ptr);
        thread_ptr->tx_thread_id = 0;
        txp_kernel_thread_ended();
        status = TX_THREAD_ERROR; /* the system refused a thread (ThreadX has no code for that) */
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_delete(TX_THREAD *thread_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else if (!txp_thread_ended(thread_ptr)) {
        status = TX_DELETE_ERROR;
    } else {
        txp_thread_wait_exited(thread_ptr);
        if (txp_thread_valid(thread_ptr)) { /* not deleted by another thread meanwhile */
            txp_created_remove(&txp_threads, thread_ptr);
            thread_ptr->tx_thread_id = 0;
            (void)pthread_cond_destroy(&thread_ptr->tx_thread_port_waiter.tx_port_waiter_cond);
        }
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_reset(TX_THREAD *thread_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (thread_ptr == txp_current() || !txp_thread_ended(thread_ptr)) {
        status = TX_NOT_DONE;
    } else {
        txp_thread_wait_exited(thread_ptr);
        /* Back to the state of a TX_DONT_START thread just created. */
        thread_ptr->tx_thread_state = TX_SUSPENDED;
        thread_ptr->tx_thread_port_launched = TX_FALSE;
        thread_ptr->tx_thread_port_exited = TX_FALSE;
        thread_ptr->tx_thread_port_joined = TX_FALSE;
        thread_ptr->tx_thread_port_terminate = TX_FALSE;
        thread_ptr->tx_thread_port_resume_pending = TX_FALSE;
        thread_ptr->tx_thread_port_blocked_once = TX_FALSE;
        thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
        thread_ptr->tx_thread_priority = thread_ptr->tx_thread_user_priority;
        thread_ptr->tx_thread_preempt_threshold = thread_ptr->tx_thread_user_preempt_threshold;
        txp_kernel_thread_live();
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_resume(TX_THREAD *thread_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (txp_thread_ended(thread_ptr)) {
        status = TX_RESUME_ERROR;
    } else if (thread_ptr->tx_thread_state == TX_SUSPENDED &&
               !thread_ptr->tx_thread_port_launched) {
        /* A TX_DONT_START thread (or one suspended before it ever ran) starts now, unless start-up
         * is still running tx_application_define. */
        if (txp_kernel_phase() == TXP_PHASE_INIT) {
            thread_ptr->tx_thread_state = TX_READY;
        } else if (!txp_thread_launch(thread_ptr)) {
            status = TX_RESUME_ERROR;
        }
    } else if (thread_ptr->tx_thread_state == TX_SUSPENDED &&
               thread_ptr->tx_thread_port_waiter.tx_port_waiter_status == TXP_STATUS_PENDING) {
        txp_wake(&thread_ptr->tx_thread_port_waiter, TX_SUCCESS);
    } else if (thread_ptr->tx_thread_delayed_suspend) {
        thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
        status = TX_SUSPEND_LIFTED;
    } else if (thread_ptr->tx_thread_port_resume_pending) {
        status = TX_RESUME_ERROR; /* one resume is already waiting for the thread to suspend */
    } else {
        /* Not suspended yet: keep the resume for the thread's own next tx_thread_suspend. */
        thread_ptr->tx_thread_port_resume_pending = TX_TRUE;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_suspend(TX_THREAD *thread_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (txp_thread_ended(thread_ptr)) {
        status = TX_SUSPEND_ERROR;
    } else if (thread_ptr == txp_current()) {
        status = txp_suspend_self(thread_ptr);
    } else if (thread_ptr->tx_thread_state == TX_SUSPENDED) {
        status = TX_SUCCESS; /* already suspended */
    } else if (thread_ptr->tx_thread_state == TX_READY && !thread_ptr->tx_thread_port_launched) {
        thread_ptr->tx_thread_state = TX_SUSPENDED; /* never ran: it starts at its resume */
    } else {
        /* Waiting, or running: it suspends when its wait ends or at its next ThreadX call. */
        thread_ptr->tx_thread_delayed_suspend = TX_TRUE;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_terminate(TX_THREAD *thread_ptr)
{
    txp_enter();
    if (!txp_thread_valid(thread_ptr)) {
        txp_unlock();
        return TX_THREAD_ERROR;
    }
    if (txp_thread_ended(thread_ptr)) {
        txp_unlock();
        return TX_SUCCESS;
    }
    thread_ptr->tx_thread_port_terminate = TX_TRUE;
    if (thread_ptr == txp_current()) {
        txp_thread_exit(thread_ptr);
    }
    UINT state = thread_ptr->tx_thread_state;
    /* ThreadX releases the mutexes a terminated thread owns. */
    txp_mutex_release_owned(&thread_ptr->tx_thread_port_waiter);
    thread_ptr->tx_thread_state = TX_TERMINATED;
    thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
    txp_kernel_thread_ended();
    if (!thread_ptr->tx_thread_port_launched) {
        thread_ptr->tx_thread_port_exited = TX_TRUE; /* no POSIX thread to wait for */
    } else {
        (void)txp_terminate_waiting(thread_ptr, state);
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_thread_sleep(ULONG timer_ticks)
{
    if (!txp_may_wait()) {
        return TX_CALLER_ERROR;
    }
    txp_enter();
    UINT status = TX_SUCCESS;
    if (timer_ticks != 0) {
        status = txp_wait(NULL, NULL, TX_SLEEP, timer_ticks, TX_SUCCESS);
    }
    txp_unlock();
    return status;
}

NXDTLS_API VOID tx_thread_relinquish(VOID)
{
    txp_enter();
    TX_THREAD *self = txp_current();
    if (self != NULL && !self->tx_thread_port_blocked_once) {
        self->tx_thread_port_blocked_once = TX_TRUE; /* lets the next thread start (tx_kernel.h) */
        txp_kernel_notify();
    }
    txp_unlock();
    (void)sched_yield();
}

NXDTLS_API TX_THREAD *tx_thread_identify(VOID)
{
    return txp_current();
}

NXDTLS_API UINT tx_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state,
                                   ULONG *run_count, UINT *priority, UINT *preemption_threshold,
                                   ULONG *time_slice, TX_THREAD **next_thread,
                                   TX_THREAD **next_suspended_thread)
{
    txp_enter();
    if (!txp_thread_valid(thread_ptr)) {
        txp_unlock();
        return TX_THREAD_ERROR;
    }
    if (name != NULL) {
        *name = thread_ptr->tx_thread_name;
    }
    if (state != NULL) {
        *state = thread_ptr->tx_thread_state;
    }
    if (run_count != NULL) {
        *run_count = thread_ptr->tx_thread_run_count;
    }
    if (priority != NULL) {
        *priority = thread_ptr->tx_thread_priority;
    }
    if (preemption_threshold != NULL) {
        *preemption_threshold = thread_ptr->tx_thread_preempt_threshold;
    }
    if (time_slice != NULL) {
        *time_slice = thread_ptr->tx_thread_time_slice;
    }
    if (next_thread != NULL) {
        *next_thread = thread_ptr->tx_thread_created_next;
    }
    if (next_suspended_thread != NULL) {
        const TX_PORT_WAITER *w = &thread_ptr->tx_thread_port_waiter;
        *next_suspended_thread =
            w->tx_port_waiter_list != NULL ? w->tx_port_waiter_next->tx_port_waiter_thread : NULL;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority,
                                          UINT *old_priority)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (new_priority >= TX_MAX_PRIORITIES) {
        status = TX_PRIORITY_ERROR;
    } else if (old_priority == NULL) {
        status = TX_PTR_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        /* Recorded only: POSIX threads here are not scheduled by it (docs/porting.md). As in ThreadX,
         * the preemption threshold follows the new priority. */
        *old_priority = thread_ptr->tx_thread_user_priority;
        thread_ptr->tx_thread_priority = new_priority;
        thread_ptr->tx_thread_user_priority = new_priority;
        thread_ptr->tx_thread_preempt_threshold = new_priority;
        thread_ptr->tx_thread_user_preempt_threshold = new_priority;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold,
                                            UINT *old_threshold)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (old_threshold == NULL) {
        status = TX_PTR_ERROR;
    } else if (new_threshold > thread_ptr->tx_thread_user_priority) {
        status = TX_THRESH_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        *old_threshold = thread_ptr->tx_thread_user_preempt_threshold;
        thread_ptr->tx_thread_preempt_threshold = new_threshold;
        thread_ptr->tx_thread_user_preempt_threshold = new_threshold;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                            ULONG *old_time_slice)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (old_time_slice == NULL) {
        status = TX_PTR_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        *old_time_slice = thread_ptr->tx_thread_new_time_slice;
        thread_ptr->tx_thread_time_slice = new_time_slice;
        thread_ptr->tx_thread_new_time_slice = new_time_slice;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_wait_abort(TX_THREAD *thread_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else if (!txp_abort(thread_ptr)) {
        status = TX_WAIT_ABORT_ERROR;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                            VOID (*thread_entry_exit_notify)(TX_THREAD *, UINT))
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_thread_valid(thread_ptr)) {
        status = TX_THREAD_ERROR;
    } else {
        thread_ptr->tx_thread_entry_exit_notify = thread_entry_exit_notify;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_thread_stack_error_notify(VOID (*stack_error_handler)(TX_THREAD *thread_ptr))
{
    /* Threads run on system stacks, guarded by the system: ThreadX's answer when stack checking is not
     * built in. */
    (void)stack_error_handler;
    return TX_FEATURE_NOT_ENABLED;
}
