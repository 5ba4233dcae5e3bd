/* SPDX-License-Identifier: MIT */
/* packet_test.c: packet pools over the caller's memory (docs/netx-api.md 5.3): sizing, allocation with every
 * wait option, headroom, chained append, retrieve/extract/length, release of whole chains, double
 * release, pool counters, and several threads allocating and releasing at once. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "netx_peek.h"
#include "nx_api.h"
#include "test.h"

#define PAYLOAD 128

static uint64_t pool_memory[4096];
static NX_PACKET_POOL pool;
static CHAR name[] = "pool";

static ULONG round_ptr(ULONG v)
{
    return (ULONG)((v + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *));
}

static void test_create(void)
{
    static NX_PACKET_POOL p2;
    static uint64_t small[8];
    ULONG stride = round_ptr(sizeof(NX_PACKET)) + round_ptr(PAYLOAD);
    EXPECT_CODE(nx_packet_pool_create(NULL, name, PAYLOAD, pool_memory, sizeof pool_memory),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_pool_create(&pool, name, PAYLOAD, NULL, sizeof pool_memory),
                NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_pool_create(&p2, name, PAYLOAD, small, sizeof small), NX_SIZE_ERROR);
    EXPECT_CODE(nx_packet_pool_create(&p2, name, 0, pool_memory, sizeof pool_memory),
                NX_SIZE_ERROR);
    EXPECT_CODE(nx_packet_pool_delete(&p2), NX_PTR_ERROR);

    ULONG size = 10 * stride + stride - 1; /* room for 10 packets and a bit */
    EXPECT_OK(nx_packet_pool_create(&pool, name, PAYLOAD, pool_memory, size));
    EXPECT_CODE(nx_packet_pool_create(&pool, name, PAYLOAD, pool_memory, size), NX_PTR_ERROR);
    EXPECT(pool.nx_packet_pool_total == 10);
    EXPECT(pool.nx_packet_pool_available == 10);
    EXPECT(pool.nx_packet_pool_payload_size == PAYLOAD);
    EXPECT(strcmp(pool.nx_packet_pool_name, "pool") == 0);
    EXPECT(pool.nx_packet_pool_empty_requests == 0);
    EXPECT(pool.nx_packet_pool_invalid_releases == 0);

    /* An odd payload is rounded up to pointer alignment, and so is the packet count's divisor. */
    EXPECT_OK(nx_packet_pool_create(&p2, name, 13, pool_memory + 2048, 1024));
    EXPECT(p2.nx_packet_pool_total == 1024 / (round_ptr(sizeof(NX_PACKET)) + round_ptr(13)));
    EXPECT(p2.nx_packet_pool_payload_size == round_ptr(13));
    EXPECT_OK(nx_packet_pool_delete(&p2));
    EXPECT_CODE(nx_packet_pool_delete(&p2), NX_PTR_ERROR);
}

static void test_allocate_release(void)
{
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_packet_allocate(NULL, &p, 0, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_allocate(&pool, NULL, 0, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_allocate(&pool, &p, PAYLOAD, NX_NO_WAIT), NX_INVALID_PARAMETERS);
    EXPECT_CODE(nx_packet_allocate(&pool, &p, PAYLOAD + 1, NX_NO_WAIT), NX_INVALID_PARAMETERS);

    EXPECT_OK(nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT));
    EXPECT(p != NULL);
    EXPECT(p->nx_packet_pool_owner == &pool);
    EXPECT(p->nx_packet_prepend_ptr == p->nx_packet_data_start + NX_UDP_PACKET);
    EXPECT(p->nx_packet_append_ptr == p->nx_packet_prepend_ptr);
    EXPECT(p->nx_packet_data_end - p->nx_packet_data_start == PAYLOAD);
    EXPECT(p->nx_packet_length == 0);
    EXPECT(p->nx_packet_next == NULL);
    EXPECT(pool.nx_packet_pool_available == 9);
    EXPECT_OK(nx_packet_release(p));
    EXPECT(pool.nx_packet_pool_available == 10);
    /* Double release: pointer error, counted, nothing else changes. */
    EXPECT_CODE(nx_packet_release(p), NX_PTR_ERROR);
    EXPECT(pool.nx_packet_pool_invalid_releases == 1);
    EXPECT(pool.nx_packet_pool_available == 10);
    EXPECT_CODE(nx_packet_release(NULL), NX_PTR_ERROR);

    /* Exhaustion: NX_NO_WAIT and a timed wait both end in NX_NO_PACKET, each counted once. */
    NX_PACKET *all[10];
    for (int i = 0; i < 10; i++) {
        EXPECT_OK(nx_packet_allocate(&pool, &all[i], 0, NX_NO_WAIT));
    }
    EXPECT(pool.nx_packet_pool_available == 0);
    EXPECT_CODE(nx_packet_allocate(&pool, &p, 0, NX_NO_WAIT), NX_NO_PACKET);
    EXPECT(p == NULL);
    EXPECT(pool.nx_packet_pool_empty_requests == 1);
    ULONG t0 = tx_time_get();
    EXPECT_CODE(nx_packet_allocate(&pool, &p, 0, 4), NX_NO_PACKET);
    EXPECT(tx_time_get() - t0 >= 4);
    EXPECT(pool.nx_packet_pool_empty_requests == 2);
    for (int i = 0; i < 10; i++) {
        EXPECT_OK(nx_packet_release(all[i]));
    }
    EXPECT(pool.nx_packet_pool_available == 10);
}

struct waiter {
    UINT status;
    NX_PACKET *packet;
    ULONG wait;
};

static void *allocate_waiting(void *arg)
{
    struct waiter *w = arg;
    w->status = nx_packet_allocate(&pool, &w->packet, 0, w->wait);
    return NULL;
}

static void test_wait_for_release(void)
{
    NX_PACKET *all[10];
    for (int i = 0; i < 10; i++) {
        EXPECT_OK(nx_packet_allocate(&pool, &all[i], 0, NX_NO_WAIT));
    }
    ULONG waits[2] = {NX_WAIT_FOREVER, 100 * NX_IP_PERIODIC_RATE};
    for (int k = 0; k < 2; k++) {
        struct waiter w = {0xFFFF, NULL, waits[k]};
        pthread_t th;
        EXPECT(pthread_create(&th, NULL, allocate_waiting, &w) == 0);
        while (netx_peek_pool_waiters(&pool) == 0) {
            (void)tx_thread_sleep(1);
        }
        EXPECT_OK(nx_packet_release(all[k]));
        pthread_join(th, NULL);
        EXPECT_OK(w.status);
        EXPECT(w.packet == all[k]);
    }
    for (int i = 0; i < 10; i++) {
        EXPECT_OK(nx_packet_release(all[i]));
    }
    EXPECT(pool.nx_packet_pool_available == 10);
}

static void test_append_and_read(void)
{
    uint8_t data[1000];
    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)(i * 7 + 1);
    }
    NX_PACKET *p = NULL;
    EXPECT_OK(nx_packet_allocate(&pool, &p, 16, NX_NO_WAIT));
    EXPECT_CODE(nx_packet_data_append(NULL, data, 10, &pool, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_data_append(p, NULL, 10, &pool, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_data_append(p, data, 10, NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_data_append(p, data, 0, &pool, NX_NO_WAIT), NX_SIZE_ERROR);

    EXPECT_OK(nx_packet_data_append(p, data, 100, &pool, NX_NO_WAIT));
    EXPECT(p->nx_packet_length == 100);
    EXPECT(p->nx_packet_next == NULL);
    /* 112 - 100 = 12 bytes left in the first packet; 400 more need 4 packets of 128. */
    EXPECT_OK(nx_packet_data_append(p, data + 100, 400, &pool, NX_NO_WAIT));
    EXPECT(p->nx_packet_length == 500);
    EXPECT(p->nx_packet_next != NULL);
    EXPECT(pool.nx_packet_pool_available == 10 - 5);
    ULONG len = 0;
    EXPECT_CODE(nx_packet_length_get(NULL, &len), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_length_get(p, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_packet_length_get(p, &len));
    EXPECT(len == 500);

    uint8_t out[600];
    ULONG copied = 0;
    EXPECT_CODE(nx_packet_data_retrieve(NULL, out, &copied), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_data_retrieve(p, NULL, &copied), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_data_retrieve(p, out, NULL), NX_PTR_ERROR);
    EXPECT_OK(nx_packet_data_retrieve(p, out, &copied));
    EXPECT(copied == 500);
    EXPECT_MEM(out, data, 500);

    EXPECT_OK(nx_packet_data_extract_offset(p, 110, out, 30, &copied)); /* spans two packets */
    EXPECT(copied == 30);
    EXPECT_MEM(out, data + 110, 30);
    EXPECT_OK(nx_packet_data_extract_offset(p, 490, out, 100, &copied)); /* short at the end */
    EXPECT(copied == 10);
    EXPECT_MEM(out, data + 490, 10);
    EXPECT_CODE(nx_packet_data_extract_offset(p, 500, out, 10, &copied), NX_PACKET_OFFSET_ERROR);
    EXPECT_CODE(nx_packet_data_extract_offset(NULL, 0, out, 10, &copied), NX_PTR_ERROR);

    /* 124 bytes fit in the last packet and 5 packets are free: one byte more cannot be had, and an
     * append that cannot get its packets leaves the packet unchanged. */
    EXPECT_CODE(nx_packet_data_append(p, data, 124 + 5 * PAYLOAD + 1, &pool, NX_NO_WAIT),
                NX_NO_PACKET);
    EXPECT(p->nx_packet_length == 500);
    EXPECT(pool.nx_packet_pool_available == 5);

    /* Releasing the head returns the whole chain. */
    EXPECT_OK(nx_packet_release(p));
    EXPECT(pool.nx_packet_pool_available == 10);
}

#define THREADS 8
#define ROUNDS  2000

static void *churn(void *arg)
{
    uintptr_t id = (uintptr_t)arg;
    for (int i = 0; i < ROUNDS; i++) {
        NX_PACKET *p = NULL;
        UINT s = nx_packet_allocate(&pool, &p, 0, NX_WAIT_FOREVER);
        if (s != NX_SUCCESS) {
            EXPECT_OK(s);
            break;
        }
        uint8_t b = (uint8_t)(id + (uintptr_t)i);
        memset(p->nx_packet_append_ptr, b, 16);
        p->nx_packet_append_ptr += 16;
        p->nx_packet_length = 16;
        if (p->nx_packet_prepend_ptr[0] != b || p->nx_packet_prepend_ptr[15] != b) {
            EXPECT(0); /* another thread had the same packet */
        }
        if (nx_packet_release(p) != NX_SUCCESS) {
            EXPECT(0);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t th[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++) {
        EXPECT(pthread_create(&th[i], NULL, churn, (void *)i) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
    }
    EXPECT(pool.nx_packet_pool_available == 10);
    EXPECT(pool.nx_packet_pool_total == 10);
}

static void test_delete_wakes_waiter(void)
{
    NX_PACKET *all[10];
    for (int i = 0; i < 10; i++) {
        EXPECT_OK(nx_packet_allocate(&pool, &all[i], 0, NX_NO_WAIT));
    }
    struct waiter w = {0xFFFF, NULL, NX_WAIT_FOREVER};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, allocate_waiting, &w) == 0);
    while (netx_peek_pool_waiters(&pool) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(nx_packet_pool_delete(&pool));
    pthread_join(th, NULL);
    EXPECT_CODE(w.status, NX_NO_PACKET);
    EXPECT_CODE(nx_packet_allocate(&pool, &w.packet, 0, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_packet_release(all[0]), NX_PTR_ERROR); /* its pool is gone */
}

int main(void)
{
    test_create();
    test_allocate_release();
    test_wait_for_release();
    test_append_and_read();
    test_threads();
    test_delete_wakes_waiter();
    return test_finish("netx/packet");
}
