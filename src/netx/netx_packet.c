/* SPDX-License-Identifier: MIT */
/* netx_packet.c: packet pools and packets.
 *
 * A pool cuts the caller's memory into equal packets: each is an NX_PACKET header followed by the data
 * area, both rounded up to pointer alignment, so packets = memory_size / stride (after aligning the start).
 * Free packets are linked through nx_packet_queue_next. A packet's nx_packet_allocated flag is what tells a
 * live packet from a released one: releasing a free packet counts an invalid release and returns
 * NX_PTR_ERROR without touching the free list, as NetX's _nx_packet_release does. */
#include "netx_packet.h"

#include <stdint.h>
#include <string.h>

#include "netx_registry.h"
#include "nxdtls.h"
#include "threadx/tx_clock.h"
#include "threadx/tx_wait.h"

#define NETX_ALIGN (sizeof(void *))

static struct netx_registry nx_packet_pool_created =
    NETX_REGISTRY_INIT(NX_PACKET_POOL, nx_packet_pool_created_next);

static ULONG netx_round_up(ULONG v)
{
    return (ULONG)((v + NETX_ALIGN - 1) / NETX_ALIGN * NETX_ALIGN);
}

bool netx_packet_pool_valid(NX_PACKET_POOL *pool)
{
    return pool != NULL && pool->nx_packet_pool_id == NX_PACKET_POOL_ID &&
           netx_registry_contains(&nx_packet_pool_created, pool);
}

ULONG netx_packet_room(const NX_PACKET *packet)
{
    return (ULONG)(packet->nx_packet_data_end - packet->nx_packet_append_ptr);
}

NXDTLS_API UINT nx_packet_pool_create(NX_PACKET_POOL *pool_ptr, CHAR *name, ULONG payload_size,
                                      VOID *memory_ptr, ULONG memory_size)
{
    if (pool_ptr == NULL || memory_ptr == NULL || netx_packet_pool_valid(pool_ptr)) {
        return NX_PTR_ERROR;
    }
    ULONG header = netx_round_up((ULONG)sizeof(NX_PACKET));
    ULONG payload = netx_round_up(payload_size);
    /* Start at the first aligned byte, as NetX does with an unaligned pool area. */
    uintptr_t start = (uintptr_t)memory_ptr;
    uintptr_t aligned = (start + NETX_ALIGN - 1) / NETX_ALIGN * NETX_ALIGN;
    ULONG skip = (ULONG)(aligned - start);
    ULONG usable = memory_size > skip ? memory_size - skip : 0;
    ULONG stride = header + payload;
    ULONG count = payload_size == 0 ? 0 : usable / stride;
    if (count == 0) {
        return NX_SIZE_ERROR;
    }

    memset(pool_ptr, 0, sizeof *pool_ptr);
    pool_ptr->nx_packet_pool_name = name;
    pool_ptr->nx_packet_pool_payload_size = payload;
    pool_ptr->nx_packet_pool_start = (UCHAR *)aligned;
    pool_ptr->nx_packet_pool_size = count * stride;
    pool_ptr->nx_packet_pool_stride = stride;
    NX_PACKET **tail = &pool_ptr->nx_packet_pool_free_list;
    for (ULONG i = 0; i < count; i++) {
        NX_PACKET *p = (NX_PACKET *)(void *)(pool_ptr->nx_packet_pool_start + (size_t)i * stride);
        memset(p, 0, sizeof *p);
        p->nx_packet_pool_owner = pool_ptr;
        p->nx_packet_data_start = (UCHAR *)p + header;
        p->nx_packet_data_end = p->nx_packet_data_start + payload;
        *tail = p;
        tail = &p->nx_packet_queue_next;
    }
    pool_ptr->nx_packet_pool_available = count;
    pool_ptr->nx_packet_pool_total = count;
    (void)pthread_mutex_init(&pool_ptr->nx_packet_pool_lock, NULL);
    txp_cond_init(&pool_ptr->nx_packet_pool_cond);
    pool_ptr->nx_packet_pool_id = NX_PACKET_POOL_ID;
    (void)netx_registry_add(&nx_packet_pool_created, pool_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_pool_delete(NX_PACKET_POOL *pool_ptr)
{
    if (!netx_packet_pool_valid(pool_ptr)) {
        return NX_PTR_ERROR;
    }
    (void)netx_registry_remove(&nx_packet_pool_created, pool_ptr);
    (void)pthread_mutex_lock(&pool_ptr->nx_packet_pool_lock);
    pool_ptr->nx_packet_pool_id = 0;
    /* Threads waiting for a packet give up with NX_NO_PACKET; the lock dies after the last one left. */
    (void)pthread_cond_broadcast(&pool_ptr->nx_packet_pool_cond);
    while (pool_ptr->nx_packet_pool_waiters != 0) {
        (void)pthread_cond_wait(&pool_ptr->nx_packet_pool_cond, &pool_ptr->nx_packet_pool_lock);
    }
    (void)pthread_mutex_unlock(&pool_ptr->nx_packet_pool_lock);
    (void)pthread_cond_destroy(&pool_ptr->nx_packet_pool_cond);
    (void)pthread_mutex_destroy(&pool_ptr->nx_packet_pool_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_allocate(NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr,
                                   ULONG packet_type, ULONG wait_option)
{
    if (packet_ptr == NULL || !netx_packet_pool_valid(pool_ptr)) {
        return NX_PTR_ERROR;
    }
    *packet_ptr = NULL;
    if (packet_type >= pool_ptr->nx_packet_pool_payload_size) {
        return NX_INVALID_PARAMETERS;
    }
    struct txp_deadline deadline = txp_deadline_from_ticks(wait_option);
    UINT status = NX_SUCCESS;
    (void)pthread_mutex_lock(&pool_ptr->nx_packet_pool_lock);
    if (pool_ptr->nx_packet_pool_free_list == NULL) {
        pool_ptr->nx_packet_pool_empty_requests++;
    }
    pool_ptr->nx_packet_pool_waiters++;
    while (pool_ptr->nx_packet_pool_free_list == NULL) {
        if (pool_ptr->nx_packet_pool_id != NX_PACKET_POOL_ID) {
            status = NX_NO_PACKET;
            break;
        }
        enum txp_wake wake = txp_cond_wait(&pool_ptr->nx_packet_pool_cond,
                                           &pool_ptr->nx_packet_pool_lock, &deadline);
        if (wake == TXP_WAKE_ABORT) {
            status = NX_WAIT_ABORTED; /* tx_thread_wait_abort, as NetX */
            break;
        }
        if (wake == TXP_WAKE_TIMEOUT && pool_ptr->nx_packet_pool_free_list == NULL) {
            status = NX_NO_PACKET;
            break;
        }
    }
    pool_ptr->nx_packet_pool_waiters--;
    if (status == NX_SUCCESS && pool_ptr->nx_packet_pool_id != NX_PACKET_POOL_ID) {
        status = NX_NO_PACKET;
    }
    NX_PACKET *p = NULL;
    if (status == NX_SUCCESS) {
        p = pool_ptr->nx_packet_pool_free_list;
        pool_ptr->nx_packet_pool_free_list = p->nx_packet_queue_next;
        pool_ptr->nx_packet_pool_available--;
    } else if (pool_ptr->nx_packet_pool_id != NX_PACKET_POOL_ID) {
        (void)pthread_cond_broadcast(&pool_ptr->nx_packet_pool_cond);
    }
    (void)pthread_mutex_unlock(&pool_ptr->nx_packet_pool_lock);
    if (p == NULL) {
        return status;
    }
    p->nx_packet_queue_next = NULL;
    p->nx_packet_next = NULL;
    p->nx_packet_last = NULL;
    p->nx_packet_prepend_ptr = p->nx_packet_data_start + packet_type;
    p->nx_packet_append_ptr = p->nx_packet_prepend_ptr;
    p->nx_packet_length = 0;
    p->nx_packet_ip_version = 0;
    p->nx_packet_source_port = 0;
    memset(&p->nx_packet_source_address, 0, sizeof p->nx_packet_source_address);
    p->nx_packet_allocated = 1;
    *packet_ptr = p;
    return NX_SUCCESS;
}

/* netx_packet_free returns one packet (not its chain) to its pool. */
static UINT netx_packet_free(NX_PACKET *p)
{
    NX_PACKET_POOL *pool = p->nx_packet_pool_owner;
    (void)pthread_mutex_lock(&pool->nx_packet_pool_lock);
    if (!p->nx_packet_allocated) {
        pool->nx_packet_pool_invalid_releases++;
        (void)pthread_mutex_unlock(&pool->nx_packet_pool_lock);
        return NX_PTR_ERROR;
    }
    p->nx_packet_allocated = 0;
    p->nx_packet_next = NULL;
    p->nx_packet_last = NULL;
    p->nx_packet_queue_next = pool->nx_packet_pool_free_list;
    pool->nx_packet_pool_free_list = p;
    pool->nx_packet_pool_available++;
    (void)pthread_cond_broadcast(&pool->nx_packet_pool_cond);
    (void)pthread_mutex_unlock(&pool->nx_packet_pool_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_release(NX_PACKET *packet_ptr)
{
    if (packet_ptr == NULL || !netx_packet_pool_valid(packet_ptr->nx_packet_pool_owner)) {
        return NX_PTR_ERROR;
    }
    /* The head's flag decides for the chain: a released head's next links are no longer trustworthy. */
    NX_PACKET *next = packet_ptr->nx_packet_next;
    UINT status = netx_packet_free(packet_ptr);
    if (status != NX_SUCCESS) {
        return status;
    }
    while (next != NULL) {
        NX_PACKET *p = next;
        next = p->nx_packet_next;
        if (netx_packet_pool_valid(p->nx_packet_pool_owner)) {
            (void)netx_packet_free(p);
        }
    }
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_data_append(NX_PACKET *packet_ptr, VOID *data_start, ULONG data_size,
                                      NX_PACKET_POOL *pool_ptr, ULONG wait_option)
{
    if (packet_ptr == NULL || data_start == NULL || !netx_packet_pool_valid(pool_ptr)) {
        return NX_PTR_ERROR;
    }
    if (data_size == 0) {
        return NX_SIZE_ERROR;
    }
    NX_PACKET *last = packet_ptr->nx_packet_last != NULL ? packet_ptr->nx_packet_last : packet_ptr;
    ULONG room = netx_packet_room(last);

    /* Take every packet needed before copying anything, so that a failure leaves the packet unchanged. */
    NX_PACKET *extra = NULL;
    NX_PACKET *extra_tail = NULL;
    ULONG need = data_size > room ? data_size - room : 0;
    while (need > 0) {
        NX_PACKET *p = NULL;
        UINT status = nx_packet_allocate(pool_ptr, &p, NX_RECEIVE_PACKET, wait_option);
        if (status != NX_SUCCESS) {
            if (extra != NULL) {
                (void)nx_packet_release(extra);
            }
            return NX_NO_PACKET;
        }
        if (extra == NULL) {
            extra = p;
        } else {
            extra_tail->nx_packet_next = p;
        }
        extra_tail = p;
        ULONG cap = netx_packet_room(p);
        need = need > cap ? need - cap : 0;
    }

    const UCHAR *src = data_start;
    ULONG left = data_size;
    ULONG n = left < room ? left : room;
    if (n != 0) {
        memcpy(last->nx_packet_append_ptr, src, n);
        last->nx_packet_append_ptr += n;
        src += n;
        left -= n;
    }
    if (extra != NULL) {
        last->nx_packet_next = extra;
        for (NX_PACKET *p = extra; p != NULL; p = p->nx_packet_next) {
            n = netx_packet_room(p);
            n = left < n ? left : n;
            memcpy(p->nx_packet_append_ptr, src, n);
            p->nx_packet_append_ptr += n;
            src += n;
            left -= n;
        }
        packet_ptr->nx_packet_last = extra_tail;
    }
    packet_ptr->nx_packet_length += data_size;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_data_extract_offset(NX_PACKET *packet_ptr, ULONG offset,
                                              VOID *buffer_start, ULONG buffer_length,
                                              ULONG *bytes_copied)
{
    if (packet_ptr == NULL || buffer_start == NULL || bytes_copied == NULL) {
        return NX_PTR_ERROR;
    }
    *bytes_copied = 0;
    if (offset >= packet_ptr->nx_packet_length) {
        return NX_PACKET_OFFSET_ERROR;
    }
    UCHAR *dst = buffer_start;
    ULONG copied = 0;
    ULONG skip = offset;
    for (NX_PACKET *p = packet_ptr; p != NULL && copied < buffer_length; p = p->nx_packet_next) {
        ULONG in_this = (ULONG)(p->nx_packet_append_ptr - p->nx_packet_prepend_ptr);
        if (skip >= in_this) {
            skip -= in_this;
            continue;
        }
        ULONG n = in_this - skip;
        if (n > buffer_length - copied) {
            n = buffer_length - copied;
        }
        memcpy(dst + copied, p->nx_packet_prepend_ptr + skip, n);
        copied += n;
        skip = 0;
    }
    *bytes_copied = copied;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_data_retrieve(NX_PACKET *packet_ptr, VOID *buffer_start,
                                        ULONG *bytes_copied)
{
    if (packet_ptr == NULL || buffer_start == NULL || bytes_copied == NULL) {
        return NX_PTR_ERROR;
    }
    *bytes_copied = 0;
    if (packet_ptr->nx_packet_length == 0) {
        return NX_SUCCESS;
    }
    return nx_packet_data_extract_offset(packet_ptr, 0, buffer_start, packet_ptr->nx_packet_length,
                                         bytes_copied);
}

NXDTLS_API UINT nx_packet_length_get(NX_PACKET *packet_ptr, ULONG *length)
{
    if (packet_ptr == NULL || length == NULL) {
        return NX_PTR_ERROR;
    }
    *length = packet_ptr->nx_packet_length;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_packet_copy(NX_PACKET *packet_ptr, NX_PACKET **new_packet_ptr,
                               NX_PACKET_POOL *pool_ptr, ULONG wait_option)
{
    if (packet_ptr == NULL || new_packet_ptr == NULL || !netx_packet_pool_valid(pool_ptr) ||
        !netx_packet_pool_valid(packet_ptr->nx_packet_pool_owner)) {
        return NX_PTR_ERROR;
    }
    *new_packet_ptr = NULL;
    if (!packet_ptr->nx_packet_allocated || packet_ptr->nx_packet_length == 0) {
        return NX_INVALID_PACKET;
    }
    /* The same headroom, when the pool's packets have room for it (NetX copies from the prepend pointer). */
    ULONG headroom = (ULONG)(packet_ptr->nx_packet_prepend_ptr - packet_ptr->nx_packet_data_start);
    if (headroom >= pool_ptr->nx_packet_pool_payload_size) {
        headroom = 0;
    }
    NX_PACKET *copy = NULL;
    UINT status = nx_packet_allocate(pool_ptr, &copy, headroom, wait_option);
    if (status != NX_SUCCESS) {
        return status;
    }
    for (NX_PACKET *p = packet_ptr; p != NULL && status == NX_SUCCESS; p = p->nx_packet_next) {
        ULONG n = (ULONG)(p->nx_packet_append_ptr - p->nx_packet_prepend_ptr);
        if (n != 0) {
            status =
                nx_packet_data_append(copy, p->nx_packet_prepend_ptr, n, pool_ptr, wait_option);
        }
    }
    if (status != NX_SUCCESS || copy->nx_packet_length != packet_ptr->nx_packet_length) {
        (void)nx_packet_release(copy);
        return status != NX_SUCCESS ? status : NX_INVALID_PACKET;
    }
    copy->nx_packet_ip_version = packet_ptr->nx_packet_ip_version;
    copy->nx_packet_source_port = packet_ptr->nx_packet_source_port;
    copy->nx_packet_source_address = packet_ptr->nx_packet_source_address;
    *new_packet_ptr = copy;
    return NX_SUCCESS;
}
