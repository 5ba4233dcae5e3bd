/* SPDX-License-Identifier: MIT */
/* tx_mutex.c: ThreadX mutexes. The owner may get the mutex again (a count is kept) and must put it as many
 * times; a put by another thread is TX_NOT_OWNED, a timed-out get TX_NOT_AVAILABLE, a NULL or uncreated
 * mutex TX_MUTEX_ERROR, a mutex service from a timer TX_CALLER_ERROR, as ThreadX's error-checking layer
 * returns them. */
#include "tx_mutex.h"

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

static struct txp_created txp_mutexes =
    TXP_CREATED_INIT(TX_MUTEX, tx_mutex_created_next, tx_mutex_created_previous);

static bool txp_mutex_valid(TX_MUTEX *m)
{
    return m != NULL && m->tx_mutex_id == TXP_MUTEX_ID && txp_created_contains(&txp_mutexes, m);
}

/* txp_mutex_own makes owner the owner of m, count 1, on its list of owned mutexes. */
static void txp_mutex_own(TX_MUTEX *m, TX_PORT_WAITER *owner)
{
    m->tx_mutex_port_owner = owner;
    m->tx_mutex_owner = owner->tx_port_waiter_thread;
    m->tx_mutex_ownership_count = 1;
    m->tx_mutex_owned_previous = NULL;
    m->tx_mutex_owned_next = owner->tx_port_waiter_owned_mutexes;
    if (m->tx_mutex_owned_next != NULL) {
        m->tx_mutex_owned_next->tx_mutex_owned_previous = m;
    }
    owner->tx_port_waiter_owned_mutexes = m;
    if (owner->tx_port_waiter_thread != NULL) {
        owner->tx_port_waiter_thread->tx_thread_owned_mutex_count++;
    }
}

/* txp_mutex_disown takes m off its owner's list and leaves it free. */
static void txp_mutex_disown(TX_MUTEX *m)
{
    TX_PORT_WAITER *owner = m->tx_mutex_port_owner;
    if (owner == NULL) {
        return;
    }
    if (m->tx_mutex_owned_previous != NULL) {
        m->tx_mutex_owned_previous->tx_mutex_owned_next = m->tx_mutex_owned_next;
    } else {
        owner->tx_port_waiter_owned_mutexes = m->tx_mutex_owned_next;
    }
    if (m->tx_mutex_owned_next != NULL) {
        m->tx_mutex_owned_next->tx_mutex_owned_previous = m->tx_mutex_owned_previous;
    }
    if (owner->tx_port_waiter_thread != NULL) {
        owner->tx_port_waiter_thread->tx_thread_owned_mutex_count--;
    }
    m->tx_mutex_owned_next = NULL;
    m->tx_mutex_owned_previous = NULL;
    m->tx_mutex_port_owner = NULL;
    m->tx_mutex_owner = NULL;
    m->tx_mutex_ownership_count = 0;
}

/* txp_mutex_hand_on frees m and gives it to its first waiter, if any. */
static void txp_mutex_hand_on(TX_MUTEX *m)
{
    txp_mutex_disown(m);
    TX_PORT_WAITER *next = m->tx_mutex_port_suspension_list;
    if (next != NULL) {
        txp_mutex_own(m, next);
        txp_wake(next, TX_SUCCESS);
    }
}

void txp_mutex_release_owned(TX_PORT_WAITER *owner)
{
    while (owner->tx_port_waiter_owned_mutexes != NULL) {
        txp_mutex_hand_on(owner->tx_port_waiter_owned_mutexes);
    }
}

NXDTLS_API UINT tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (mutex_ptr == NULL || txp_created_contains(&txp_mutexes, mutex_ptr)) {
        status = TX_MUTEX_ERROR;
    } else if (inherit != TX_INHERIT && inherit != TX_NO_INHERIT) {
        status = TX_INHERIT_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        memset(mutex_ptr, 0, sizeof *mutex_ptr);
        mutex_ptr->tx_mutex_name = name_ptr;
        mutex_ptr->tx_mutex_inherit = inherit;
        mutex_ptr->tx_mutex_id = TXP_MUTEX_ID;
        txp_created_add(&txp_mutexes, mutex_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_mutex_delete(TX_MUTEX *mutex_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_mutex_valid(mutex_ptr)) {
        status = TX_MUTEX_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_mutexes, mutex_ptr);
        mutex_ptr->tx_mutex_id = 0;
        txp_mutex_disown(mutex_ptr);
        txp_wake_all(&mutex_ptr->tx_mutex_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    TX_PORT_WAITER *self = txp_self();
    if (!txp_mutex_valid(mutex_ptr)) {
        status = TX_MUTEX_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else if (mutex_ptr->tx_mutex_ownership_count == 0) {
        txp_mutex_own(mutex_ptr, self);
    } else if (mutex_ptr->tx_mutex_port_owner == self) {
        mutex_ptr->tx_mutex_ownership_count++;
    } else if (wait_option == TX_NO_WAIT) {
        status = TX_NOT_AVAILABLE;
    } else {
        /* The last put of the owner makes this thread the owner before it wakes. */
        status = txp_wait(&mutex_ptr->tx_mutex_port_suspension_list,
                          &mutex_ptr->tx_mutex_suspended_count, TX_MUTEX_SUSP, wait_option,
                          TX_NOT_AVAILABLE);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_mutex_put(TX_MUTEX *mutex_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_mutex_valid(mutex_ptr)) {
        status = TX_MUTEX_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else if (mutex_ptr->tx_mutex_ownership_count == 0 ||
               mutex_ptr->tx_mutex_port_owner != txp_self()) {
        status = TX_NOT_OWNED;
    } else if (--mutex_ptr->tx_mutex_ownership_count == 0) {
        txp_mutex_hand_on(mutex_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                                  TX_THREAD **first_suspended, ULONG *suspended_count,
                                  TX_MUTEX **next_mutex)
{
    txp_enter();
    if (!txp_mutex_valid(mutex_ptr)) {
        txp_unlock();
        return TX_MUTEX_ERROR;
    }
    if (name != NULL) {
        *name = mutex_ptr->tx_mutex_name;
    }
    if (count != NULL) {
        *count = mutex_ptr->tx_mutex_ownership_count;
    }
    if (owner != NULL) {
        *owner = mutex_ptr->tx_mutex_owner;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(mutex_ptr->tx_mutex_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = mutex_ptr->tx_mutex_suspended_count;
    }
    if (next_mutex != NULL) {
        *next_mutex = mutex_ptr->tx_mutex_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_mutex_prioritize(TX_MUTEX *mutex_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_mutex_valid(mutex_ptr)) {
        status = TX_MUTEX_ERROR;
    } else {
        txp_prioritize(&mutex_ptr->tx_mutex_port_suspension_list);
    }
    txp_unlock();
    return status;
}
