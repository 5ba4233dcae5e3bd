/* SPDX-License-Identifier: MIT */
/* tx_wait.c: the kernel lock, suspension lists, suspension, termination and wait aborts (see tx_wait.h). */
#include "tx_wait.h"

#include <sched.h>

#include "tx_kernel.h"
#include "tx_mutex.h"

static pthread_mutex_t txp_kernel_lock = PTHREAD_MUTEX_INITIALIZER;

/* The calling thread's ThreadX thread, context, and (for other threads) its own waiter. */
static _Thread_local TX_THREAD *txp_thread_self;
static _Thread_local enum txp_context txp_thread_context;
static _Thread_local TX_PORT_WAITER txp_other_waiter;

void txp_lock(void)
{
    (void)pthread_mutex_lock(&txp_kernel_lock);
}

void txp_unlock(void)
{
    (void)pthread_mutex_unlock(&txp_kernel_lock);
}

pthread_mutex_t *txp_kernel_mutex(void)
{
    return &txp_kernel_lock;
}

void txp_enter(void)
{
    txp_lock();
    TX_THREAD *t = txp_thread_self;
    if (t == NULL) {
        return;
    }
    if (t->tx_thread_port_terminate) {
        txp_thread_exit(t);
    }
    if (t->tx_thread_delayed_suspend) {
        t->tx_thread_delayed_suspend = TX_FALSE;
        (void)txp_suspend_self(t);
    }
}

enum txp_context txp_context_get(void)
{
    return txp_thread_context;
}

void txp_context_set(enum txp_context context)
{
    txp_thread_context = context;
}

bool txp_may_wait(void)
{
    return txp_thread_context == TXP_CONTEXT_THREAD || txp_thread_context == TXP_CONTEXT_OTHER;
}

TX_THREAD *txp_current(void)
{
    return txp_thread_self;
}

void txp_bind_thread(TX_THREAD *thread)
{
    txp_thread_self = thread;
    txp_thread_context = TXP_CONTEXT_THREAD;
}

void txp_waiter_init(TX_PORT_WAITER *w, TX_THREAD *thread)
{
    memset(w, 0, sizeof *w);
    txp_cond_init(&w->tx_port_waiter_cond);
    w->tx_port_waiter_thread = thread;
    w->tx_port_waiter_ready = TX_TRUE;
}

TX_PORT_WAITER *txp_self(void)
{
    if (txp_thread_self != NULL) {
        return &txp_thread_self->tx_thread_port_waiter;
    }
    if (!txp_other_waiter.tx_port_waiter_ready) {
        txp_waiter_init(&txp_other_waiter, NULL);
    }
    return &txp_other_waiter;
}

/* txp_list_append links w at the tail of the circular list *list. */
static void txp_list_append(TX_PORT_WAITER **list, UINT *count, TX_PORT_WAITER *w)
{
    if (*list == NULL) {
        w->tx_port_waiter_next = w;
        w->tx_port_waiter_previous = w;
        *list = w;
    } else {
        TX_PORT_WAITER *tail = (*list)->tx_port_waiter_previous;
        w->tx_port_waiter_next = *list;
        w->tx_port_waiter_previous = tail;
        tail->tx_port_waiter_next = w;
        (*list)->tx_port_waiter_previous = w;
    }
    w->tx_port_waiter_list = list;
    w->tx_port_waiter_list_count = count;
    (*count)++;
}

/* txp_list_unlink takes w off the list it is on, if any. */
static void txp_list_unlink(TX_PORT_WAITER *w)
{
    TX_PORT_WAITER **list = w->tx_port_waiter_list;
    if (list == NULL) {
        return;
    }
    if (w->tx_port_waiter_next == w) {
        *list = NULL;
    } else {
        w->tx_port_waiter_previous->tx_port_waiter_next = w->tx_port_waiter_next;
        w->tx_port_waiter_next->tx_port_waiter_previous = w->tx_port_waiter_previous;
        if (*list == w) {
            *list = w->tx_port_waiter_next;
        }
    }
    (*w->tx_port_waiter_list_count)--;
    w->tx_port_waiter_list = NULL;
    w->tx_port_waiter_list_count = NULL;
    w->tx_port_waiter_next = NULL;
    w->tx_port_waiter_previous = NULL;
}

/* txp_mark_blocked records that a ThreadX thread has blocked, for the start-up order. */
static void txp_mark_blocked(TX_THREAD *t)
{
    if (!t->tx_thread_port_blocked_once) {
        t->tx_thread_port_blocked_once = TX_TRUE;
        txp_kernel_notify();
    }
}

UINT txp_wait(TX_PORT_WAITER **list, UINT *count, UINT state, ULONG wait_option,
              UINT timeout_status)
{
    TX_PORT_WAITER *w = txp_self();
    TX_THREAD *t = w->tx_port_waiter_thread;
    struct txp_deadline d = txp_deadline_from_ticks(wait_option);
    w->tx_port_waiter_status = TXP_STATUS_PENDING;
    if (list != NULL) {
        txp_list_append(list, count, w);
    }
    if (t != NULL) {
        t->tx_thread_state = state;
        t->tx_thread_suspending = TX_TRUE;
        txp_mark_blocked(t);
    }
    while (w->tx_port_waiter_status == TXP_STATUS_PENDING) {
        if (!txp_cond_timedwait(&w->tx_port_waiter_cond, &txp_kernel_lock, &d) &&
            w->tx_port_waiter_status == TXP_STATUS_PENDING) {
            txp_list_unlink(w);
            w->tx_port_waiter_status = timeout_status;
        }
    }
    UINT status = w->tx_port_waiter_status;
    if (t != NULL) {
        t->tx_thread_suspending = TX_FALSE;
        if (status == TXP_STATUS_TERMINATE || t->tx_thread_port_terminate) {
            txp_thread_exit(t);
        }
        t->tx_thread_state = TX_READY;
        t->tx_thread_run_count++;
        if (t->tx_thread_delayed_suspend) {
            /* ThreadX: a suspension requested while the thread waited takes effect when the wait ends. */
            t->tx_thread_delayed_suspend = TX_FALSE;
            (void)txp_suspend_self(t);
        }
    }
    return status;
}

void txp_wake(TX_PORT_WAITER *w, UINT status)
{
    txp_list_unlink(w);
    w->tx_port_waiter_status = status;
    (void)pthread_cond_signal(&w->tx_port_waiter_cond);
}

void txp_wake_all(TX_PORT_WAITER **list, UINT status)
{
    while (*list != NULL) {
        txp_wake(*list, status);
    }
}

static UINT txp_waiter_priority(const TX_PORT_WAITER *w)
{
    return w->tx_port_waiter_thread != NULL ? w->tx_port_waiter_thread->tx_thread_priority
                                            : TX_MAX_PRIORITIES;
}

void txp_prioritize(TX_PORT_WAITER **list)
{
    if (*list == NULL) {
        return;
    }
    TX_PORT_WAITER *best = *list;
    for (TX_PORT_WAITER *w = (*list)->tx_port_waiter_next; w != *list; w = w->tx_port_waiter_next) {
        if (txp_waiter_priority(w) < txp_waiter_priority(best)) {
            best = w;
        }
    }
    if (best == *list) {
        return;
    }
    /* Move best to the tail, then make the tail the head: the others keep their order. */
    UINT *count = best->tx_port_waiter_list_count;
    txp_list_unlink(best);
    txp_list_append(list, count, best);
    *list = best;
}

TX_THREAD *txp_first_thread(TX_PORT_WAITER *list)
{
    return list != NULL ? list->tx_port_waiter_thread : NULL;
}

UINT txp_suspend_self(TX_THREAD *t)
{
    if (t->tx_thread_port_resume_pending) {
        /* The resume came first (it is not lost): carry on. */
        t->tx_thread_port_resume_pending = TX_FALSE;
        return TX_SUCCESS;
    }
    TX_PORT_WAITER *w = &t->tx_thread_port_waiter;
    w->tx_port_waiter_status = TXP_STATUS_PENDING;
    t->tx_thread_state = TX_SUSPENDED;
    txp_mark_blocked(t);
    while (w->tx_port_waiter_status == TXP_STATUS_PENDING) {
        (void)pthread_cond_wait(&w->tx_port_waiter_cond, &txp_kernel_lock);
    }
    if (w->tx_port_waiter_status == TXP_STATUS_TERMINATE || t->tx_thread_port_terminate) {
        txp_thread_exit(t);
    }
    t->tx_thread_state = TX_READY;
    t->tx_thread_run_count++;
    return TX_SUCCESS;
}

void txp_thread_exit(TX_THREAD *t)
{
    txp_mutex_release_owned(&t->tx_thread_port_waiter);
    if (t->tx_thread_state != TX_COMPLETED && t->tx_thread_state != TX_TERMINATED) {
        t->tx_thread_state = t->tx_thread_port_terminate ? TX_TERMINATED : TX_COMPLETED;
        txp_kernel_thread_ended();
    }
    VOID (*notify)(TX_THREAD *, UINT) = t->tx_thread_entry_exit_notify;
    txp_unlock();
    if (notify != NULL) {
        notify(t, TX_THREAD_EXIT);
    }
    txp_lock();
    /* The last touch of t by this POSIX thread: delete and reset wait for it. */
    t->tx_thread_port_exited = TX_TRUE;
    txp_kernel_notify();
    txp_unlock();
    txp_thread_self = NULL;
    pthread_exit(NULL);
}

/* txp_abort_external ends a NetX wait of w (kernel lock held; see txp_cond_wait). The NetX mutex may be
 * held by anyone, so it is only tried: while it is busy the kernel lock is let go, so that the waiter can
 * get into its wait (or out of it) and the holder can finish. */
static bool txp_abort_external(TX_PORT_WAITER *w)
{
    pthread_cond_t *cond = w->tx_port_waiter_external_cond;
    pthread_mutex_t *mutex = w->tx_port_waiter_external_mutex;
    if (cond == NULL) {
        return false;
    }
    w->tx_port_waiter_external_aborted = TX_TRUE;
    for (;;) {
        if (pthread_mutex_trylock(mutex) == 0) {
            (void)pthread_cond_broadcast(cond);
            (void)pthread_mutex_unlock(mutex);
            return true;
        }
        txp_unlock();
        (void)sched_yield();
        txp_lock();
        if (w->tx_port_waiter_external_cond != cond || !w->tx_port_waiter_external_aborted) {
            return true; /* it has left that wait, and seen the abort */
        }
    }
}

bool txp_abort(TX_THREAD *t)
{
    TX_PORT_WAITER *w = &t->tx_thread_port_waiter;
    switch (t->tx_thread_state) {
    case TX_SLEEP:
    case TX_QUEUE_SUSP:
    case TX_SEMAPHORE_SUSP:
    case TX_EVENT_FLAG:
    case TX_BLOCK_MEMORY:
    case TX_BYTE_MEMORY:
    case TX_MUTEX_SUSP:
        if (w->tx_port_waiter_status != TXP_STATUS_PENDING) {
            return false; /* already woken, not yet running */
        }
        txp_wake(w, TX_WAIT_ABORTED);
        return true;
    case TX_TCP_IP:
        return txp_abort_external(w);
    default:
        return false;
    }
}

bool txp_terminate_waiting(TX_THREAD *t, UINT state)
{
    TX_PORT_WAITER *w = &t->tx_thread_port_waiter;
    switch (state) {
    case TX_SUSPENDED:
    case TX_SLEEP:
    case TX_QUEUE_SUSP:
    case TX_SEMAPHORE_SUSP:
    case TX_EVENT_FLAG:
    case TX_BLOCK_MEMORY:
    case TX_BYTE_MEMORY:
    case TX_MUTEX_SUSP:
        if (w->tx_port_waiter_status == TXP_STATUS_PENDING) {
            txp_wake(w, TXP_STATUS_TERMINATE);
        }
        return true;
    case TX_TCP_IP:
        return txp_abort_external(w);
    default:
        return false;
    }
}

enum txp_wake txp_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                            const struct txp_deadline *d)
{
    TX_THREAD *t = txp_thread_self;
    if (t == NULL) {
        return txp_cond_timedwait(cond, mutex, d) ? TXP_WAKE_SIGNAL : TXP_WAKE_TIMEOUT;
    }
    TX_PORT_WAITER *w = &t->tx_thread_port_waiter;
    txp_lock();
    if (t->tx_thread_port_terminate) {
        txp_unlock();
        return TXP_WAKE_ABORT;
    }
    w->tx_port_waiter_external_cond = cond;
    w->tx_port_waiter_external_mutex = mutex;
    t->tx_thread_state = TX_TCP_IP;
    txp_mark_blocked(t);
    txp_unlock();
    /* Between here and the wait the NetX mutex stays held, so an abort cannot slip in unseen: its
     * trylock fails until the wait has released the mutex. */
    bool in_time = txp_cond_timedwait(cond, mutex, d);
    txp_lock();
    w->tx_port_waiter_external_cond = NULL;
    w->tx_port_waiter_external_mutex = NULL;
    bool aborted = w->tx_port_waiter_external_aborted || t->tx_thread_port_terminate;
    w->tx_port_waiter_external_aborted = TX_FALSE;
    if (t->tx_thread_state == TX_TCP_IP) {
        t->tx_thread_state = TX_READY;
    }
    txp_unlock();
    if (aborted) {
        return TXP_WAKE_ABORT;
    }
    return in_time ? TXP_WAKE_SIGNAL : TXP_WAKE_TIMEOUT;
}
