/* SPDX-License-Identifier: MIT */
/* tx_timer.c: ThreadX application timers (see tx_timer.h). Codes as ThreadX's error-checking layer returns
 * them: a NULL or uncreated timer is TX_TIMER_ERROR, initial ticks of 0 TX_TICK_ERROR, an auto-activate
 * option other than TX_AUTO_ACTIVATE/TX_NO_ACTIVATE or the activation of an active or spent one-shot timer
 * TX_ACTIVATE_ERROR, create and delete from a timer TX_CALLER_ERROR. */
#include "tx_timer.h"

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

static struct txp_created txp_timers =
    TXP_CREATED_INIT(TX_TIMER, tx_timer_created_next, tx_timer_created_previous);

/* Active timers in due order, the timer thread's state, and the expiration being run. */
static TX_TIMER *txp_timer_active;
static bool txp_timer_thread_started;
static pthread_cond_t txp_timer_cond;
static TX_TIMER *txp_timer_running;

static bool txp_timer_valid(TX_TIMER *t)
{
    return t != NULL && t->tx_timer_id == TXP_TIMER_ID && txp_created_contains(&txp_timers, t);
}

static void txp_timer_unlink(TX_TIMER *t)
{
    for (TX_TIMER **it = &txp_timer_active; *it != NULL; it = &(*it)->tx_timer_port_active_next) {
        if (*it == t) {
            *it = t->tx_timer_port_active_next;
            break;
        }
    }
    t->tx_timer_port_active_next = NULL;
    t->tx_timer_port_active = TX_FALSE;
}

static void txp_timer_insert(TX_TIMER *t)
{
    TX_TIMER **it = &txp_timer_active;
    while (*it != NULL && (*it)->tx_timer_port_due_ms <= t->tx_timer_port_due_ms) {
        it = &(*it)->tx_timer_port_active_next;
    }
    t->tx_timer_port_active_next = *it;
    *it = t;
    t->tx_timer_port_active = TX_TRUE;
}

/* txp_timer_ticks_left is what an active timer has left, in whole ticks rounded up. */
static ULONG txp_timer_ticks_left(const TX_TIMER *t)
{
    uint64_t now = txp_time_ms();
    uint64_t due = t->tx_timer_port_due_ms;
    uint64_t ms = due > now ? due - now : 0;
    ULONG ticks = (ULONG)((ms + TXP_MS_PER_TICK - 1) / TXP_MS_PER_TICK);
    return ticks != 0 ? ticks : 1;
}

static void *txp_timer_thread(void *arg)
{
    (void)arg;
    txp_context_set(TXP_CONTEXT_TIMER);
    txp_lock();
    for (;;) {
        TX_TIMER *t = txp_timer_active;
        struct txp_deadline d =
            txp_deadline_at_ms(t != NULL ? t->tx_timer_port_due_ms : UINT64_MAX);
        if (t == NULL || !txp_deadline_expired(&d)) {
            (void)txp_cond_timedwait(&txp_timer_cond, txp_kernel_mutex(), &d);
            continue;
        }
        txp_timer_unlink(t);
        if (t->tx_timer_port_reschedule_ticks != 0) {
            uint64_t period = txp_ticks_to_ms(t->tx_timer_port_reschedule_ticks);
            uint64_t now = txp_time_ms();
            t->tx_timer_port_due_ms += period;
            if (t->tx_timer_port_due_ms <= now) {
                t->tx_timer_port_due_ms = now + period;
            }
            txp_timer_insert(t);
        } else {
            t->tx_timer_port_remaining_ticks = 0; /* a spent one-shot timer */
        }
        VOID (*expire)(ULONG) = t->tx_timer_port_function;
        ULONG input = t->tx_timer_port_input;
        txp_timer_running = t;
        txp_unlock();
        if (expire != NULL) {
            expire(input);
        }
        txp_lock();
        txp_timer_running = NULL;
        (void)pthread_cond_broadcast(&txp_timer_cond);
    }
    return NULL;
}

/* txp_timer_start arms t for its remaining ticks and makes sure the timer thread runs (kernel lock held).
 * Returns false if the system refused the timer thread. */
static bool txp_timer_start(TX_TIMER *t)
{
    if (!txp_timer_thread_started) {
        txp_cond_init(&txp_timer_cond);
        pthread_t thread;
        pthread_attr_t attr;
        (void)pthread_attr_init(&attr);
        (void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&thread, &attr, txp_timer_thread, NULL);
        (void)pthread_attr_destroy(&attr);
        if (rc != 0) {
            (void)pthread_cond_destroy(&txp_timer_cond);
            return false;
        }
        txp_timer_thread_started = true;
    }
    t->tx_timer_port_due_ms = txp_time_ms() + txp_ticks_to_ms(t->tx_timer_port_remaining_ticks);
    txp_timer_insert(t);
    (void)pthread_cond_broadcast(&txp_timer_cond);
    return true;
}

NXDTLS_API UINT tx_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr,
                                VOID (*expiration_function)(ULONG input), ULONG expiration_input,
                                ULONG initial_ticks, ULONG reschedule_ticks, UINT auto_activate)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (timer_ptr == NULL || txp_created_contains(&txp_timers, timer_ptr)) {
        status = TX_TIMER_ERROR;
    } else if (initial_ticks == 0) {
        status = TX_TICK_ERROR;
    } else if (auto_activate != TX_AUTO_ACTIVATE && auto_activate != TX_NO_ACTIVATE) {
        status = TX_ACTIVATE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        memset(timer_ptr, 0, sizeof *timer_ptr);
        timer_ptr->tx_timer_name = name_ptr;
        timer_ptr->tx_timer_port_function = expiration_function;
        timer_ptr->tx_timer_port_input = expiration_input;
        timer_ptr->tx_timer_port_initial_ticks = initial_ticks;
        timer_ptr->tx_timer_port_reschedule_ticks = reschedule_ticks;
        timer_ptr->tx_timer_port_remaining_ticks = initial_ticks;
        timer_ptr->tx_timer_id = TXP_TIMER_ID;
        txp_created_add(&txp_timers, timer_ptr);
        if (auto_activate == TX_AUTO_ACTIVATE && !txp_timer_start(timer_ptr)) {
            txp_created_remove(&txp_timers, timer_ptr);
            timer_ptr->tx_timer_id = 0;
            status = TX_ACTIVATE_ERROR; /* the system refused the timer thread */
        }
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_timer_activate(TX_TIMER *timer_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_timer_valid(timer_ptr)) {
        status = TX_TIMER_ERROR;
    } else if (timer_ptr->tx_timer_port_active || timer_ptr->tx_timer_port_remaining_ticks == 0 ||
               !txp_timer_start(timer_ptr)) {
        status = TX_ACTIVATE_ERROR;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_timer_deactivate(TX_TIMER *timer_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_timer_valid(timer_ptr)) {
        status = TX_TIMER_ERROR;
    } else if (timer_ptr->tx_timer_port_active) {
        /* ThreadX keeps what is left and resumes from there at the next activation. */
        timer_ptr->tx_timer_port_remaining_ticks = txp_timer_ticks_left(timer_ptr);
        txp_timer_unlink(timer_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_timer_valid(timer_ptr)) {
        status = TX_TIMER_ERROR;
    } else if (initial_ticks == 0) {
        status = TX_TICK_ERROR;
    } else if (!timer_ptr->tx_timer_port_active) {
        /* ThreadX changes only a deactivated timer; an active one is left as it is. */
        timer_ptr->tx_timer_port_initial_ticks = initial_ticks;
        timer_ptr->tx_timer_port_remaining_ticks = initial_ticks;
        timer_ptr->tx_timer_port_reschedule_ticks = reschedule_ticks;
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_timer_delete(TX_TIMER *timer_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_timer_valid(timer_ptr)) {
        status = TX_TIMER_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_timer_unlink(timer_ptr);
        txp_created_remove(&txp_timers, timer_ptr);
        timer_ptr->tx_timer_id = 0;
        struct txp_deadline forever = txp_deadline_at_ms(UINT64_MAX);
        while (txp_timer_running == timer_ptr) {
            (void)txp_cond_timedwait(&txp_timer_cond, txp_kernel_mutex(), &forever);
        }
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active,
                                  ULONG *remaining_ticks, ULONG *reschedule_ticks,
                                  TX_TIMER **next_timer)
{
    txp_enter();
    if (!txp_timer_valid(timer_ptr)) {
        txp_unlock();
        return TX_TIMER_ERROR;
    }
    if (name != NULL) {
        *name = timer_ptr->tx_timer_name;
    }
    if (active != NULL) {
        *active = timer_ptr->tx_timer_port_active;
    }
    if (remaining_ticks != NULL) {
        *remaining_ticks = timer_ptr->tx_timer_port_active
                               ? txp_timer_ticks_left(timer_ptr)
                               : timer_ptr->tx_timer_port_remaining_ticks;
    }
    if (reschedule_ticks != NULL) {
        *reschedule_ticks = timer_ptr->tx_timer_port_reschedule_ticks;
    }
    if (next_timer != NULL) {
        *next_timer = timer_ptr->tx_timer_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}
