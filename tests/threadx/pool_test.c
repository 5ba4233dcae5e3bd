/* SPDX-License-Identifier: MIT */
/* pool_test.c: ThreadX byte pools and block pools (src/threadx/tx_byte_pool.c, tx_block_pool.c): creation
 * codes, allocations that are aligned and never overlap (each filled with its own pattern and checked),
 * exhaustion, first-fit reuse after freed neighbours merge, releases of pointers that are not allocations
 * (TX_PTR_ERROR, no damage), a waiting allocation served by a release, delete, info_get. */
#include <stdint.h>
#include <string.h>

#include "tx_util.h"

static TX_BYTE_POOL bytes;
static TX_BLOCK_POOL blocks;
static ULONG byte_area[4096 / sizeof(ULONG)];
static ULONG block_area[(10 * (48 + sizeof(ALIGN_TYPE)) + 20) / sizeof(ULONG)];
static TX_THREAD th[2];
static UINT codes[2];
static VOID *got[2];
static UINT done;

static VOID byte_wait_entry(ULONG i)
{
    codes[i] = tx_byte_allocate(&bytes, &got[i], 1000, TX_WAIT_FOREVER);
    __atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
}

static VOID block_wait_entry(ULONG i)
{
    codes[i] = tx_block_allocate(&blocks, &got[i], TX_WAIT_FOREVER);
    __atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
}

static bool filled(const VOID *p, UCHAR value, size_t n)
{
    const UCHAR *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != value) {
            return false;
        }
    }
    return true;
}

static void test_byte_pool(void)
{
    static TX_BYTE_POOL never;
    memset(&never, 0, sizeof never);
    VOID *p = NULL;
    EXPECT_CODE(tx_byte_pool_create(NULL, txu_name, byte_area, sizeof byte_area), TX_POOL_ERROR);
    EXPECT_CODE(tx_byte_pool_create(&bytes, txu_name, NULL, sizeof byte_area), TX_PTR_ERROR);
    EXPECT_CODE(tx_byte_pool_create(&bytes, txu_name, byte_area, 99), TX_SIZE_ERROR);
    EXPECT_CODE(tx_byte_allocate(&never, &p, 8, TX_NO_WAIT), TX_POOL_ERROR);
    EXPECT_CODE(tx_byte_pool_delete(&never), TX_POOL_ERROR);
    EXPECT_CODE(tx_byte_pool_info_get(&never, NULL, NULL, NULL, NULL, NULL, NULL), TX_POOL_ERROR);
    EXPECT_CODE(tx_byte_pool_prioritize(&never), TX_POOL_ERROR);

    EXPECT_OK(tx_byte_pool_create(&bytes, txu_name, byte_area, sizeof byte_area));
    EXPECT_CODE(tx_byte_pool_create(&bytes, txu_name, byte_area, sizeof byte_area), TX_POOL_ERROR);
    EXPECT_CODE(tx_byte_allocate(&bytes, NULL, 8, TX_NO_WAIT), TX_PTR_ERROR);
    EXPECT_CODE(tx_byte_allocate(&bytes, &p, 0, TX_NO_WAIT), TX_SIZE_ERROR);
    EXPECT_CODE(tx_byte_allocate(&bytes, &p, sizeof byte_area + 1, TX_NO_WAIT), TX_SIZE_ERROR);
    ULONG available = 0, fragments = 0;
    EXPECT_OK(tx_byte_pool_info_get(&bytes, NULL, &available, &fragments, NULL, NULL, NULL));
    ULONG full = available;
    EXPECT(full > sizeof byte_area - 64 && full < sizeof byte_area);

    /* Small pieces until the pool is empty, each its own pattern. */
    VOID *piece[64];
    size_t n = 0;
    while (n < 64 && tx_byte_allocate(&bytes, &piece[n], 100, TX_NO_WAIT) == TX_SUCCESS) {
        EXPECT((uintptr_t)piece[n] % sizeof(ALIGN_TYPE) == 0);
        memset(piece[n], (int)(n + 1), 100);
        n++;
    }
    EXPECT(n >= 20 && n < 64);
    EXPECT_CODE(tx_byte_allocate(&bytes, &p, 100, TX_NO_WAIT), TX_NO_MEMORY);
    for (size_t i = 0; i < n; i++) {
        EXPECT(filled(piece[i], (UCHAR)(i + 1), 100));
    }
    /* Not allocations: refused, nothing damaged. */
    EXPECT_CODE(tx_byte_release(NULL), TX_PTR_ERROR);
    EXPECT_CODE(tx_byte_release((UCHAR *)piece[1] + 8), TX_PTR_ERROR);
    EXPECT_CODE(tx_byte_release(&never), TX_PTR_ERROR);
    /* Free every other piece: the holes are too small for 1,000 bytes until neighbours merge. */
    for (size_t i = 0; i < n; i += 2) {
        EXPECT_OK(tx_byte_release(piece[i]));
    }
    EXPECT_CODE(tx_byte_release(piece[0]), TX_PTR_ERROR); /* twice */
    EXPECT_CODE(tx_byte_allocate(&bytes, &p, 1000, TX_NO_WAIT), TX_NO_MEMORY);
    for (size_t i = 1; i < n; i += 2) {
        EXPECT(filled(piece[i], (UCHAR)(i + 1), 100));
        EXPECT_OK(tx_byte_release(piece[i]));
    }
    EXPECT_OK(tx_byte_allocate(&bytes, &p, 3000, TX_NO_WAIT));
    EXPECT_OK(tx_byte_release(p));
    EXPECT_OK(tx_byte_allocate(&bytes, &p, 1, TX_NO_WAIT)); /* merges the rest on the way */
    EXPECT_OK(tx_byte_release(p));
    EXPECT_OK(tx_byte_pool_info_get(&bytes, NULL, &available, &fragments, NULL, NULL, NULL));
    EXPECT(available <= full && available >= full - 64);

    /* A waiting allocation is served by the release that makes room. */
    VOID *big = NULL;
    EXPECT_OK(tx_byte_allocate(&bytes, &big, 3500, TX_NO_WAIT));
    txu_set(&done, 0);
    EXPECT_OK(txu_create(&th[0], 0, byte_wait_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_BYTE_MEMORY));
    EXPECT_OK(tx_byte_pool_prioritize(&bytes));
    EXPECT_OK(tx_byte_release(big));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_OK(codes[0]);
    EXPECT(got[0] != NULL);
    memset(got[0], 0x5A, 1000);
    EXPECT(txu_finish(&th[0]));
    EXPECT_OK(tx_byte_release(got[0]));

    ULONG t0 = tx_time_get();
    EXPECT_CODE(tx_byte_allocate(&bytes, &p, sizeof byte_area - 8, 2), TX_NO_MEMORY);
    EXPECT(tx_time_get() - t0 >= 2);
    EXPECT_OK(tx_byte_allocate(&bytes, &big, 3500, TX_NO_WAIT));
    EXPECT_OK(txu_create(&th[1], 1, byte_wait_entry, 1, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[1], TX_BYTE_MEMORY));
    TX_THREAD *first = NULL;
    ULONG waiting = 0;
    EXPECT_OK(tx_byte_pool_info_get(&bytes, NULL, NULL, NULL, &first, &waiting, NULL));
    EXPECT(first == &th[1] && waiting == 1);
    EXPECT_OK(tx_byte_pool_delete(&bytes));
    EXPECT(txu_wait_value(&done, 2));
    EXPECT_CODE(codes[1], TX_DELETED);
    EXPECT(txu_finish(&th[1]));
}

static void test_block_pool(void)
{
    static TX_BLOCK_POOL never;
    memset(&never, 0, sizeof never);
    VOID *p = NULL;
    EXPECT_CODE(tx_block_pool_create(NULL, txu_name, 48, block_area, sizeof block_area),
                TX_POOL_ERROR);
    EXPECT_CODE(tx_block_pool_create(&blocks, txu_name, 48, NULL, sizeof block_area), TX_PTR_ERROR);
    EXPECT_CODE(tx_block_pool_create(&blocks, txu_name, 48, block_area, 50), TX_SIZE_ERROR);
    EXPECT_CODE(tx_block_allocate(&never, &p, TX_NO_WAIT), TX_POOL_ERROR);
    EXPECT_CODE(tx_block_pool_delete(&never), TX_POOL_ERROR);
    EXPECT_CODE(tx_block_pool_info_get(&never, NULL, NULL, NULL, NULL, NULL, NULL), TX_POOL_ERROR);
    EXPECT_CODE(tx_block_pool_prioritize(&never), TX_POOL_ERROR);

    /* 45 bytes round up to 48: ten blocks, each behind its one-word link. */
    EXPECT_OK(tx_block_pool_create(&blocks, txu_name, 45, block_area, sizeof block_area));
    EXPECT_CODE(tx_block_allocate(&blocks, NULL, TX_NO_WAIT), TX_PTR_ERROR);
    ULONG available = 0, total = 0;
    EXPECT_OK(tx_block_pool_info_get(&blocks, NULL, &available, &total, NULL, NULL, NULL));
    EXPECT(total == 10 && available == 10);
    EXPECT(blocks.tx_block_pool_block_size == 48);
    VOID *b[10];
    for (unsigned i = 0; i < 10; i++) {
        EXPECT_OK(tx_block_allocate(&blocks, &b[i], TX_NO_WAIT));
        memset(b[i], (int)(i + 1), 48);
    }
    EXPECT_CODE(tx_block_allocate(&blocks, &p, TX_NO_WAIT), TX_NO_MEMORY);
    for (unsigned i = 0; i < 10; i++) {
        EXPECT(filled(b[i], (UCHAR)(i + 1), 48));
    }
    EXPECT_CODE(tx_block_release(NULL), TX_PTR_ERROR);
    EXPECT_CODE(tx_block_release((UCHAR *)b[3] + 4), TX_PTR_ERROR);
    EXPECT_CODE(tx_block_release(&never), TX_PTR_ERROR);
    EXPECT_OK(tx_block_release(b[3]));
    EXPECT_CODE(tx_block_release(b[3]), TX_PTR_ERROR); /* twice */
    EXPECT_OK(tx_block_allocate(&blocks, &p, TX_NO_WAIT));
    EXPECT(p == b[3]);

    /* A release hands the block to the waiter. */
    txu_set(&done, 0);
    EXPECT_OK(txu_create(&th[0], 0, block_wait_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_BLOCK_MEMORY));
    EXPECT_OK(tx_block_pool_prioritize(&blocks));
    EXPECT_OK(tx_block_release(b[7]));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_OK(codes[0]);
    EXPECT(got[0] == b[7]);
    EXPECT(txu_finish(&th[0]));
    for (unsigned i = 0; i < 10; i++) {
        EXPECT_OK(tx_block_release(b[i]));
    }
    EXPECT_OK(tx_block_pool_info_get(&blocks, NULL, &available, NULL, NULL, NULL, NULL));
    EXPECT(available == 10);

    /* Delete ends a wait. */
    for (unsigned i = 0; i < 10; i++) {
        EXPECT_OK(tx_block_allocate(&blocks, &b[i], TX_NO_WAIT));
    }
    EXPECT_OK(txu_create(&th[1], 1, block_wait_entry, 1, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[1], TX_BLOCK_MEMORY));
    EXPECT_OK(tx_block_pool_delete(&blocks));
    EXPECT(txu_wait_value(&done, 2));
    EXPECT_CODE(codes[1], TX_DELETED);
    EXPECT(txu_finish(&th[1]));
    EXPECT_CODE(tx_block_release(b[0]), TX_PTR_ERROR); /* its pool is gone */
}

int main(void)
{
    test_byte_pool();
    test_block_pool();
    return test_finish("threadx/pool");
}
