/* SPDX-License-Identifier: MIT */
/* tx_byte_pool.c: ThreadX byte pools (see tx_byte_pool.h). Codes as ThreadX's error-checking layer returns
 * them: a NULL or uncreated pool is TX_POOL_ERROR, a NULL pointer TX_PTR_ERROR, a pool under 100 bytes or a
 * request of 0 bytes or more than the pool TX_SIZE_ERROR, an unmet request TX_NO_MEMORY, a release of
 * anything not allocated from a pool TX_PTR_ERROR. */
#include "tx_byte_pool.h"

#include <stdint.h>

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

/* A block header: where the next block starts, and who owns this one. */
struct txp_byte_header {
    UCHAR *next;
    ALIGN_TYPE owner; /* the pool's address while allocated, TXP_BYTE_FREE while free */
};

#define TXP_BYTE_FREE   ((ALIGN_TYPE)0xFFFFEEEEFFFFEEEEull)
#define TXP_BYTE_HEADER ((ULONG)sizeof(struct txp_byte_header))

static struct txp_created txp_byte_pools =
    TXP_CREATED_INIT(TX_BYTE_POOL, tx_byte_pool_created_next, tx_byte_pool_created_previous);

static bool txp_byte_pool_valid(TX_BYTE_POOL *p)
{
    return p != NULL && p->tx_byte_pool_id == TXP_BYTE_POOL_ID &&
           txp_created_contains(&txp_byte_pools, p);
}

static struct txp_byte_header *txp_header(UCHAR *block)
{
    return (struct txp_byte_header *)(void *)block;
}

static ALIGN_TYPE txp_owner_mark(const TX_BYTE_POOL *p)
{
    return (ALIGN_TYPE)(uintptr_t)p;
}

/* txp_byte_search finds (first fit) and takes size bytes (already rounded); NULL if none is free. */
static VOID *txp_byte_search(TX_BYTE_POOL *p, ULONG size)
{
    UCHAR *block = p->tx_byte_pool_list;
    while (block != NULL) {
        struct txp_byte_header *h = txp_header(block);
        if (h->owner != TXP_BYTE_FREE) {
            block = h->next;
            continue;
        }
        /* Merge the free blocks that follow into this one. */
        while (h->next != NULL && txp_header(h->next)->owner == TXP_BYTE_FREE) {
            h->next = txp_header(h->next)->next;
            p->tx_byte_pool_fragments--;
            p->tx_byte_pool_available += TXP_BYTE_HEADER;
        }
        ULONG room = (ULONG)(h->next - block - (ptrdiff_t)TXP_BYTE_HEADER);
        if (room >= size) {
            if (room - size >= TXP_BYTE_HEADER + TXP_BYTE_BLOCK_MIN) {
                UCHAR *rest = block + TXP_BYTE_HEADER + size;
                txp_header(rest)->next = h->next;
                txp_header(rest)->owner = TXP_BYTE_FREE;
                h->next = rest;
                p->tx_byte_pool_fragments++;
                p->tx_byte_pool_available -= TXP_BYTE_HEADER;
                room = size;
            }
            h->owner = txp_owner_mark(p);
            p->tx_byte_pool_available -= room;
            return block + TXP_BYTE_HEADER;
        }
        block = h->next;
    }
    return NULL;
}

NXDTLS_API UINT tx_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start,
                                    ULONG pool_size)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (pool_ptr == NULL || txp_created_contains(&txp_byte_pools, pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (pool_start == NULL) {
        status = TX_PTR_ERROR;
    } else if (pool_size < TXP_BYTE_POOL_MIN) {
        status = TX_SIZE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    }
    if (status != TX_SUCCESS) {
        txp_unlock();
        return status;
    }
    /* Align the start and the size to ALIGN_TYPE, as ThreadX does. */
    UCHAR *start = pool_start;
    uintptr_t misalign = (uintptr_t)start % sizeof(ALIGN_TYPE);
    ULONG skip = misalign != 0 ? (ULONG)(sizeof(ALIGN_TYPE) - misalign) : 0;
    ULONG size = (ULONG)((pool_size - skip) / sizeof(ALIGN_TYPE) * sizeof(ALIGN_TYPE));
    start += skip;
    memset(pool_ptr, 0, sizeof *pool_ptr);
    pool_ptr->tx_byte_pool_name = name_ptr;
    pool_ptr->tx_byte_pool_start = start;
    pool_ptr->tx_byte_pool_size = size;
    pool_ptr->tx_byte_pool_list = start;
    UCHAR *last = start + size - TXP_BYTE_HEADER;
    txp_header(start)->next = last;
    txp_header(start)->owner = TXP_BYTE_FREE;
    txp_header(last)->next = NULL;
    txp_header(last)->owner = txp_owner_mark(pool_ptr);
    pool_ptr->tx_byte_pool_available = (ULONG)(size - 2 * TXP_BYTE_HEADER);
    pool_ptr->tx_byte_pool_fragments = 2;
    pool_ptr->tx_byte_pool_id = TXP_BYTE_POOL_ID;
    txp_created_add(&txp_byte_pools, pool_ptr);
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_byte_pool_delete(TX_BYTE_POOL *pool_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_byte_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_byte_pools, pool_ptr);
        pool_ptr->tx_byte_pool_id = 0;
        txp_wake_all(&pool_ptr->tx_byte_pool_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                                 ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_byte_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else if (memory_ptr == NULL) {
        status = TX_PTR_ERROR;
    } else if (memory_size == 0 || memory_size > pool_ptr->tx_byte_pool_size) {
        status = TX_SIZE_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else {
        ULONG size = (ULONG)((memory_size + sizeof(ALIGN_TYPE) - 1) / sizeof(ALIGN_TYPE) *
                             sizeof(ALIGN_TYPE));
        *memory_ptr = txp_byte_search(pool_ptr, size);
        if (*memory_ptr == NULL) {
            if (wait_option == TX_NO_WAIT) {
                status = TX_NO_MEMORY;
            } else {
                TX_PORT_WAITER *self = txp_self();
                self->tx_port_waiter_info = size;
                self->tx_port_waiter_data = memory_ptr;
                status = txp_wait(&pool_ptr->tx_byte_pool_port_suspension_list,
                                  &pool_ptr->tx_byte_pool_suspended_count, TX_BYTE_MEMORY,
                                  wait_option, TX_NO_MEMORY);
            }
        }
    }
    txp_unlock();
    return status;
}

/* txp_byte_pool_of returns the pool that allocated memory, or NULL when memory is not an allocation. */
static TX_BYTE_POOL *txp_byte_pool_of(VOID *memory)
{
    if (memory == NULL || (uintptr_t)memory % sizeof(ALIGN_TYPE) != 0) {
        return NULL;
    }
    TX_BYTE_POOL *p = txp_byte_pools.head;
    for (ULONG i = 0; i < txp_byte_pools.count; i++, p = p->tx_byte_pool_created_next) {
        UCHAR *m = memory;
        if (m >= p->tx_byte_pool_start + TXP_BYTE_HEADER &&
            m < p->tx_byte_pool_start + p->tx_byte_pool_size) {
            /* Only the header's own word says it is allocated: walk to it to be sure it is a block. */
            for (UCHAR *b = p->tx_byte_pool_list; b != NULL; b = txp_header(b)->next) {
                if (b + TXP_BYTE_HEADER == m) {
                    return txp_header(b)->owner == txp_owner_mark(p) ? p : NULL;
                }
                if (b >= m) {
                    break;
                }
            }
            return NULL;
        }
    }
    return NULL;
}

NXDTLS_API UINT tx_byte_release(VOID *memory_ptr)
{
    txp_enter();
    TX_BYTE_POOL *p = txp_byte_pool_of(memory_ptr);
    if (p == NULL) {
        txp_unlock();
        return TX_PTR_ERROR;
    }
    UCHAR *block = (UCHAR *)memory_ptr - TXP_BYTE_HEADER;
    struct txp_byte_header *h = txp_header(block);
    h->owner = TXP_BYTE_FREE;
    p->tx_byte_pool_available += (ULONG)(h->next - block - (ptrdiff_t)TXP_BYTE_HEADER);
    /* Serve the waiters in order while the first one's request fits. */
    while (p->tx_byte_pool_port_suspension_list != NULL) {
        TX_PORT_WAITER *w = p->tx_byte_pool_port_suspension_list;
        VOID *memory = txp_byte_search(p, w->tx_port_waiter_info);
        if (memory == NULL) {
            break;
        }
        *(VOID **)w->tx_port_waiter_data = memory;
        txp_wake(w, TX_SUCCESS);
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                                      ULONG *fragments, TX_THREAD **first_suspended,
                                      ULONG *suspended_count, TX_BYTE_POOL **next_pool)
{
    txp_enter();
    if (!txp_byte_pool_valid(pool_ptr)) {
        txp_unlock();
        return TX_POOL_ERROR;
    }
    if (name != NULL) {
        *name = pool_ptr->tx_byte_pool_name;
    }
    if (available_bytes != NULL) {
        *available_bytes = pool_ptr->tx_byte_pool_available;
    }
    if (fragments != NULL) {
        *fragments = pool_ptr->tx_byte_pool_fragments;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(pool_ptr->tx_byte_pool_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = pool_ptr->tx_byte_pool_suspended_count;
    }
    if (next_pool != NULL) {
        *next_pool = pool_ptr->tx_byte_pool_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_byte_pool_valid(pool_ptr)) {
        status = TX_POOL_ERROR;
    } else {
        txp_prioritize(&pool_ptr->tx_byte_pool_port_suspension_list);
    }
    txp_unlock();
    return status;
}
