/* SPDX-License-Identifier: MIT */
/* tx_mutex.c: ThreadX mutexes. The owner may get the mutex again (a count is kept) and must put it as
 * many times; a put by another thread is TX_NOT_OWNED, a timed-out get TX_NOT_AVAILABLE, a NULL or
 * uncreated mutex TX_MUTEX_ERROR, as ThreadX's error-checking layer returns them. Priority inheritance
 * is accepted and ignored (pthreads schedule here). */
#include "tx_mutex.h"

#include <string.h>

#include "netx_registry.h"
#include "netx_time.h"
#include "nxdtls.h"

static struct netx_registry tx_mutex_created = NETX_REGISTRY_INIT(TX_MUTEX, tx_mutex_created_next);

static bool tx_mutex_valid(TX_MUTEX *m)
{
    return m != NULL && m->tx_mutex_id == TX_MUTEX_ID &&
           netx_registry_contains(&tx_mutex_created, m);
}

NXDTLS_API UINT tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit)
{
    if (mutex_ptr == NULL || tx_mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    if (inherit != TX_INHERIT && inherit != TX_NO_INHERIT) {
        return TX_INHERIT_ERROR;
    }
    memset(mutex_ptr, 0, sizeof *mutex_ptr);
    mutex_ptr->tx_mutex_name = name_ptr;
    (void)pthread_mutex_init(&mutex_ptr->tx_mutex_lock, NULL);
    netx_cond_init(&mutex_ptr->tx_mutex_cond);
    mutex_ptr->tx_mutex_id = TX_MUTEX_ID;
    (void)netx_registry_add(&tx_mutex_created, mutex_ptr);
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_mutex_delete(TX_MUTEX *mutex_ptr)
{
    if (!tx_mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    (void)netx_registry_remove(&tx_mutex_created, mutex_ptr);
    (void)pthread_mutex_lock(&mutex_ptr->tx_mutex_lock);
    mutex_ptr->tx_mutex_id = 0;
    (void)pthread_cond_broadcast(&mutex_ptr->tx_mutex_cond);
    while (mutex_ptr->tx_mutex_waiters != 0) {
        (void)pthread_cond_wait(&mutex_ptr->tx_mutex_cond, &mutex_ptr->tx_mutex_lock);
    }
    (void)pthread_mutex_unlock(&mutex_ptr->tx_mutex_lock);
    (void)pthread_cond_destroy(&mutex_ptr->tx_mutex_cond);
    (void)pthread_mutex_destroy(&mutex_ptr->tx_mutex_lock);
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option)
{
    if (!tx_mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    struct netx_deadline deadline = netx_deadline_from_ticks(wait_option);
    pthread_t self = pthread_self();
    UINT status = TX_SUCCESS;
    (void)pthread_mutex_lock(&mutex_ptr->tx_mutex_lock);
    mutex_ptr->tx_mutex_waiters++;
    for (;;) {
        if (mutex_ptr->tx_mutex_id != TX_MUTEX_ID) {
            status = TX_DELETED;
            break;
        }
        if (mutex_ptr->tx_mutex_ownership_count == 0) {
            mutex_ptr->tx_mutex_owner = self;
            mutex_ptr->tx_mutex_ownership_count = 1;
            break;
        }
        if (pthread_equal(mutex_ptr->tx_mutex_owner, self)) {
            mutex_ptr->tx_mutex_ownership_count++;
            break;
        }
        if (!netx_cond_wait(&mutex_ptr->tx_mutex_cond, &mutex_ptr->tx_mutex_lock, &deadline) &&
            mutex_ptr->tx_mutex_ownership_count != 0) {
            status = TX_NOT_AVAILABLE;
            break;
        }
    }
    mutex_ptr->tx_mutex_waiters--;
    if (status == TX_DELETED) {
        (void)pthread_cond_broadcast(&mutex_ptr->tx_mutex_cond);
    }
    (void)pthread_mutex_unlock(&mutex_ptr->tx_mutex_lock);
    return status;
}

NXDTLS_API UINT tx_mutex_put(TX_MUTEX *mutex_ptr)
{
    if (!tx_mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    UINT status = TX_SUCCESS;
    (void)pthread_mutex_lock(&mutex_ptr->tx_mutex_lock);
    if (mutex_ptr->tx_mutex_ownership_count == 0 ||
        !pthread_equal(mutex_ptr->tx_mutex_owner, pthread_self())) {
        status = TX_NOT_OWNED;
    } else if (--mutex_ptr->tx_mutex_ownership_count == 0) {
        (void)pthread_cond_broadcast(&mutex_ptr->tx_mutex_cond);
    }
    (void)pthread_mutex_unlock(&mutex_ptr->tx_mutex_lock);
    return status;
}
