/* SPDX-License-Identifier: MIT */
/* tx_semaphore.c: ThreadX counting semaphores. Codes as ThreadX's error-checking layer returns them:
 * a NULL or uncreated semaphore is TX_SEMAPHORE_ERROR, a timed-out get TX_NO_INSTANCE, and a thread
 * waiting when the semaphore is deleted wakes with TX_DELETED. */
#include "tx_semaphore.h"

#include <string.h>

#include "netx_registry.h"
#include "netx_time.h"
#include "nxdtls.h"

static struct netx_registry tx_semaphore_created =
    NETX_REGISTRY_INIT(TX_SEMAPHORE, tx_semaphore_created_next);

static bool tx_semaphore_valid(TX_SEMAPHORE *s)
{
    return s != NULL && s->tx_semaphore_id == TX_SEMAPHORE_ID &&
           netx_registry_contains(&tx_semaphore_created, s);
}

NXDTLS_API UINT tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr,
                                    ULONG initial_count)
{
    if (semaphore_ptr == NULL || tx_semaphore_valid(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    memset(semaphore_ptr, 0, sizeof *semaphore_ptr);
    semaphore_ptr->tx_semaphore_name = name_ptr;
    semaphore_ptr->tx_semaphore_count = initial_count;
    (void)pthread_mutex_init(&semaphore_ptr->tx_semaphore_lock, NULL);
    netx_cond_init(&semaphore_ptr->tx_semaphore_cond);
    semaphore_ptr->tx_semaphore_id = TX_SEMAPHORE_ID;
    (void)netx_registry_add(&tx_semaphore_created, semaphore_ptr);
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr)
{
    if (!tx_semaphore_valid(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    (void)netx_registry_remove(&tx_semaphore_created, semaphore_ptr);
    (void)pthread_mutex_lock(&semaphore_ptr->tx_semaphore_lock);
    semaphore_ptr->tx_semaphore_id = 0;
    /* Waiters see the id gone and leave with TX_DELETED; the lock is destroyed only after the last one. */
    (void)pthread_cond_broadcast(&semaphore_ptr->tx_semaphore_cond);
    while (semaphore_ptr->tx_semaphore_waiters != 0) {
        (void)pthread_cond_wait(&semaphore_ptr->tx_semaphore_cond,
                                &semaphore_ptr->tx_semaphore_lock);
    }
    (void)pthread_mutex_unlock(&semaphore_ptr->tx_semaphore_lock);
    (void)pthread_cond_destroy(&semaphore_ptr->tx_semaphore_cond);
    (void)pthread_mutex_destroy(&semaphore_ptr->tx_semaphore_lock);
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option)
{
    if (!tx_semaphore_valid(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    struct netx_deadline deadline = netx_deadline_from_ticks(wait_option);
    UINT status = TX_SUCCESS;
    (void)pthread_mutex_lock(&semaphore_ptr->tx_semaphore_lock);
    semaphore_ptr->tx_semaphore_waiters++;
    for (;;) {
        if (semaphore_ptr->tx_semaphore_id != TX_SEMAPHORE_ID) {
            status = TX_DELETED;
            break;
        }
        if (semaphore_ptr->tx_semaphore_count > 0) {
            semaphore_ptr->tx_semaphore_count--;
            break;
        }
        if (!netx_cond_wait(&semaphore_ptr->tx_semaphore_cond, &semaphore_ptr->tx_semaphore_lock,
                            &deadline)) {
            status = semaphore_ptr->tx_semaphore_count > 0 ? TX_SUCCESS : TX_NO_INSTANCE;
            if (status == TX_SUCCESS) {
                semaphore_ptr->tx_semaphore_count--;
            }
            break;
        }
    }
    semaphore_ptr->tx_semaphore_waiters--;
    if (status == TX_DELETED) {
        (void)pthread_cond_broadcast(&semaphore_ptr->tx_semaphore_cond);
    }
    (void)pthread_mutex_unlock(&semaphore_ptr->tx_semaphore_lock);
    return status;
}

NXDTLS_API UINT tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr)
{
    if (!tx_semaphore_valid(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    (void)pthread_mutex_lock(&semaphore_ptr->tx_semaphore_lock);
    semaphore_ptr->tx_semaphore_count++; /* ULONG, wraps as ThreadX's does */
    /* Broadcast, not signal: the delete path shares this condition variable. */
    (void)pthread_cond_broadcast(&semaphore_ptr->tx_semaphore_cond);
    (void)pthread_mutex_unlock(&semaphore_ptr->tx_semaphore_lock);
    return TX_SUCCESS;
}
