/* SPDX-License-Identifier: MIT */
/* tx_semaphore.c: ThreadX counting semaphores. Codes as ThreadX's error-checking layer returns them: a NULL
 * or uncreated semaphore is TX_SEMAPHORE_ERROR, a wait from tx_application_define or a timer TX_WAIT_ERROR,
 * a timed-out get TX_NO_INSTANCE, and a thread waiting when the semaphore is deleted wakes with
 * TX_DELETED. */
#include "tx_semaphore.h"

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

static struct txp_created txp_semaphores =
    TXP_CREATED_INIT(TX_SEMAPHORE, tx_semaphore_created_next, tx_semaphore_created_previous);

static bool txp_semaphore_valid(TX_SEMAPHORE *s)
{
    return s != NULL && s->tx_semaphore_id == TXP_SEMAPHORE_ID &&
           txp_created_contains(&txp_semaphores, s);
}

NXDTLS_API UINT tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr,
                                    ULONG initial_count)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (semaphore_ptr == NULL || txp_created_contains(&txp_semaphores, semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        memset(semaphore_ptr, 0, sizeof *semaphore_ptr);
        semaphore_ptr->tx_semaphore_name = name_ptr;
        semaphore_ptr->tx_semaphore_count = initial_count;
        semaphore_ptr->tx_semaphore_id = TXP_SEMAPHORE_ID;
        txp_created_add(&txp_semaphores, semaphore_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_semaphore_valid(semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_semaphores, semaphore_ptr);
        semaphore_ptr->tx_semaphore_id = 0;
        txp_wake_all(&semaphore_ptr->tx_semaphore_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_semaphore_valid(semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else if (semaphore_ptr->tx_semaphore_count > 0) {
        semaphore_ptr->tx_semaphore_count--;
    } else if (wait_option == TX_NO_WAIT) {
        status = TX_NO_INSTANCE;
    } else {
        status = txp_wait(&semaphore_ptr->tx_semaphore_port_suspension_list,
                          &semaphore_ptr->tx_semaphore_suspended_count, TX_SEMAPHORE_SUSP,
                          wait_option, TX_NO_INSTANCE);
    }
    txp_unlock();
    return status;
}

/* txp_semaphore_put gives an instance to the first waiter or counts it (kernel lock held). */
static void txp_semaphore_put(TX_SEMAPHORE *s)
{
    if (s->tx_semaphore_port_suspension_list != NULL) {
        txp_wake(s->tx_semaphore_port_suspension_list, TX_SUCCESS);
    } else {
        s->tx_semaphore_count++; /* a ULONG that wraps, as ThreadX's does */
    }
}

NXDTLS_API UINT tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr)
{
    txp_enter();
    if (!txp_semaphore_valid(semaphore_ptr)) {
        txp_unlock();
        return TX_SEMAPHORE_ERROR;
    }
    txp_semaphore_put(semaphore_ptr);
    VOID (*notify)(TX_SEMAPHORE *) = semaphore_ptr->tx_semaphore_put_notify;
    txp_unlock();
    if (notify != NULL) {
        notify(semaphore_ptr);
    }
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_semaphore_valid(semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else if (ceiling == 0) {
        status = TX_INVALID_CEILING;
    } else if (semaphore_ptr->tx_semaphore_port_suspension_list == NULL &&
               semaphore_ptr->tx_semaphore_count >= ceiling) {
        status = TX_CEILING_EXCEEDED;
    } else {
        txp_semaphore_put(semaphore_ptr);
    }
    VOID(*notify)
    (TX_SEMAPHORE *) = status == TX_SUCCESS ? semaphore_ptr->tx_semaphore_put_notify : NULL;
    txp_unlock();
    if (notify != NULL) {
        notify(semaphore_ptr);
    }
    return status;
}

NXDTLS_API UINT tx_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name,
                                      ULONG *current_value, TX_THREAD **first_suspended,
                                      ULONG *suspended_count, TX_SEMAPHORE **next_semaphore)
{
    txp_enter();
    if (!txp_semaphore_valid(semaphore_ptr)) {
        txp_unlock();
        return TX_SEMAPHORE_ERROR;
    }
    if (name != NULL) {
        *name = semaphore_ptr->tx_semaphore_name;
    }
    if (current_value != NULL) {
        *current_value = semaphore_ptr->tx_semaphore_count;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(semaphore_ptr->tx_semaphore_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = semaphore_ptr->tx_semaphore_suspended_count;
    }
    if (next_semaphore != NULL) {
        *next_semaphore = semaphore_ptr->tx_semaphore_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_semaphore_valid(semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else {
        txp_prioritize(&semaphore_ptr->tx_semaphore_port_suspension_list);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                                        VOID (*semaphore_put_notify)(TX_SEMAPHORE *))
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_semaphore_valid(semaphore_ptr)) {
        status = TX_SEMAPHORE_ERROR;
    } else {
        semaphore_ptr->tx_semaphore_put_notify = semaphore_put_notify;
    }
    txp_unlock();
    return status;
}
