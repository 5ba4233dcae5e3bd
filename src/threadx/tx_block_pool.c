/* SPDX-License-Identifier: MIT */
/* tx_block_pool.c: ThreadX block pools (see tx_block_pool.h). Codes as ThreadX's error-checking layer
 * returns them: a NULL or uncreated pool is TX_POOL_ERROR, a NULL area or block pointer TX_PTR_ERROR, an
 * area that holds no block TX_SIZE_ERROR, an empty pool TX_NO_MEMORY, a release of anything that is not an
 * allocated block TX_PTR_ERROR. */
#include "tx_block_pool.h"

#include <stdint.h>

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

#define TXP_BLOCK_LINK (sizeof(ALIGN_TYPE))

static struct txp_created txp_block_pools =
    TXP_CREATED_INIT(TX_BLOCK_POOL, tx_block_pool_created_next, tx_block_pool_created_previous);

static bool txp_block_pool_valid(TX_BLOCK_POOL *p)
{
    return p != NULL && p->tx_block_pool_id == TXP_BLOCK_POOL_ID &&
           txp_created_contains(&txp_block_pools, p);
}

/* The word before a block: the next free slot while free, the pool while allocated. The caller's area
 * need only be ULONG-aligned, so the word is copied, not dereferenced. */
static UCHAR *txp_link_get(const UCHAR *slot)
{
    UCHAR *value;
    memcpy(&value, slot, sizeof value);
    return value;
}

static void txp_link_set(UCHAR *slot, const void *value)
{
    memcpy(slot, &value, sizeof value);
}

NXDTLS_API UINT tx_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                                     VOID *pool_start, ULONG pool_size)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    ULONG rounded =
        (ULONG)((block_size + sizeof(ALIGN_TYPE) - 1) / sizeof(ALIGN_TYPE) * sizeof(ALIGN_TYPE));
    if (pool_ptr == NULL || txp_created_contains(&txp_block_pools, pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (pool_start == NULL) {
        status = TX_PTR_ERROR;
    } else if (block_size == 0 || pool_size / (rounded + TXP_BLOCK_LINK) == 0) {
        status = TX_SIZE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    }
    if (status != TX_SUCCESS) {
        txp_unlock();
        return status;
    }
    UINT total = (UINT)(pool_size / (rounded + TXP_BLOCK_LINK));
    memset(pool_ptr, 0, sizeof *pool_ptr);
    pool_ptr->tx_block_pool_name = name_ptr;
    pool_ptr->tx_block_pool_start = pool_start;
    pool_ptr->tx_block_pool_size = pool_size;
    pool_ptr->tx_block_pool_block_size = (UINT)rounded;
    pool_ptr->tx_block_pool_total = total;
    pool_ptr->tx_block_pool_available = total;
    /* Link the slots in address order. */
    UCHAR *slot = pool_start;
    pool_ptr->tx_block_pool_available_list = slot;
    for (UINT i = 0; i < total; i++) {
        txp_link_set(slot, i + 1 < total ? slot + rounded + TXP_BLOCK_LINK : NULL);
        slot += rounded + TXP_BLOCK_LINK;
    }
    pool_ptr->tx_block_pool_id = TXP_BLOCK_POOL_ID;
    txp_created_add(&txp_block_pools, pool_ptr);
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_block_pool_delete(TX_BLOCK_POOL *pool_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_block_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_block_pools, pool_ptr);
        pool_ptr->tx_block_pool_id = 0;
        txp_wake_all(&pool_ptr->tx_block_pool_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_block_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (block_ptr == NULL) {
        status = TX_PTR_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else if (pool_ptr->tx_block_pool_available_list != NULL) {
        UCHAR *slot = pool_ptr->tx_block_pool_available_list;
        pool_ptr->tx_block_pool_available_list = txp_link_get(slot);
        txp_link_set(slot, pool_ptr);
        pool_ptr->tx_block_pool_available--;
        *block_ptr = slot + TXP_BLOCK_LINK;
    } else if (wait_option == TX_NO_WAIT) {
        *block_ptr = NULL;
        status = TX_NO_MEMORY;
    } else {
        TX_PORT_WAITER *self = txp_self();
        self->tx_port_waiter_data = block_ptr;
        status = txp_wait(&pool_ptr->tx_block_pool_port_suspension_list,
                          &pool_ptr->tx_block_pool_suspended_count, TX_BLOCK_MEMORY, wait_option,
                          TX_NO_MEMORY);
    }
    txp_unlock();
    return status;
}

/* txp_block_pool_of returns the pool block was allocated from, or NULL. */
static TX_BLOCK_POOL *txp_block_pool_of(VOID *block)
{
    if (block == NULL) {
        return NULL;
    }
    UCHAR *b = block;
    TX_BLOCK_POOL *p = txp_block_pools.head;
    for (ULONG i = 0; i < txp_block_pools.count; i++, p = p->tx_block_pool_created_next) {
        UCHAR *first = p->tx_block_pool_start + TXP_BLOCK_LINK;
        size_t stride = p->tx_block_pool_block_size + TXP_BLOCK_LINK;
        if (b < first || b >= first + stride * p->tx_block_pool_total) {
            continue;
        }
        if ((size_t)(b - first) % stride != 0 || txp_link_get(b - TXP_BLOCK_LINK) != (UCHAR *)p) {
            return NULL; /* inside the pool but not an allocated block */
        }
        return p;
    }
    return NULL;
}

NXDTLS_API UINT tx_block_release(VOID *block_ptr)
{
    txp_enter();
    TX_BLOCK_POOL *p = txp_block_pool_of(block_ptr);
    if (p == NULL) {
        txp_unlock();
        return TX_PTR_ERROR;
    }
    UCHAR *slot = (UCHAR *)block_ptr - TXP_BLOCK_LINK;
    TX_PORT_WAITER *w = p->tx_block_pool_port_suspension_list;
    if (w != NULL) {
        *(VOID **)w->tx_port_waiter_data = block_ptr; /* still allocated: it changes hands */
        txp_wake(w, TX_SUCCESS);
    } else {
        txp_link_set(slot, p->tx_block_pool_available_list);
        p->tx_block_pool_available_list = slot;
        p->tx_block_pool_available++;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name,
                                       ULONG *available_blocks, ULONG *total_blocks,
                                       TX_THREAD **first_suspended, ULONG *suspended_count,
                                       TX_BLOCK_POOL **next_pool)
{
    txp_enter();
    if (!txp_block_pool_valid(pool_ptr)) {
        txp_unlock();
        return TX_POOL_ERROR;
    }
    if (name != NULL) {
        *name = pool_ptr->tx_block_pool_name;
    }
    if (available_blocks != NULL) {
        *available_blocks = pool_ptr->tx_block_pool_available;
    }
    if (total_blocks != NULL) {
        *total_blocks = pool_ptr->tx_block_pool_total;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(pool_ptr->tx_block_pool_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = pool_ptr->tx_block_pool_suspended_count;
    }
    if (next_pool != NULL) {
        *next_pool = pool_ptr->tx_block_pool_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_block_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else {
        txp_prioritize(&pool_ptr->tx_block_pool_port_suspension_list);
    }
    txp_unlock();
    return status;
}
