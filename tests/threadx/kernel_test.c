/* SPDX-License-Identifier: MIT */
/* kernel_test.c: tx_kernel_enter and tx_application_define (src/threadx/tx_kernel.c), as a ThreadX program
 * uses them: the free-memory area is real and TX_LINUX_MEMORY_SIZE bytes long (a byte pool, a stack and a
 * queue are carved from it), waits inside tx_application_define are refused as in ThreadX, the threads it
 * creates start only after it returns and in priority order (then creation order), a TX_DONT_START thread
 * waits for its resume, and tx_kernel_enter returns once every thread has completed. */
#include <stdint.h>
#include <string.h>

#include "tx_util.h"

static TX_THREAD low, high_first, high_second, late;
static TX_BYTE_POOL heap;
static TX_SEMAPHORE sem;
static TX_QUEUE queue;

static UINT define_done;       /* set as tx_application_define returns */
static UINT started_early;     /* a thread ran before that */
static UINT order[4];          /* which thread started n-th (1 low, 2 high_first, 3 high_second, 4 late) */
static UINT started;           /* how many have started */
static UINT define_codes[6];   /* codes seen inside tx_application_define */
static UINT area_ok;           /* the whole free area could be written and read */
static UINT late_resume = 0xFFFF;
static UINT heap_allocations;  /* byte allocations from the free area, done by a thread */
static UINT queue_message;

static VOID note_start(ULONG which)
{
    if (!txu_get(&define_done)) {
        txu_set(&started_early, 1);
    }
    UINT n = __atomic_fetch_add(&started, 1, __ATOMIC_ACQ_REL);
    if (n < 4) {
        txu_set(&order[n], (UINT)which);
    }
}

static VOID high_entry(ULONG which)
{
    note_start(which);
    (void)tx_thread_sleep(2); /* blocks: the next thread may start */
}

static VOID low_entry(ULONG which)
{
    note_start(which);
    /* Memory from the pool in the free area is usable. */
    VOID *a = NULL, *b = NULL;
    if (tx_byte_allocate(&heap, &a, 1000, TX_NO_WAIT) == TX_SUCCESS &&
        tx_byte_allocate(&heap, &b, 2000, TX_WAIT_FOREVER) == TX_SUCCESS) {
        memset(a, 0x11, 1000);
        memset(b, 0x22, 2000);
        if (((UCHAR *)a)[999] == 0x11 && ((UCHAR *)b)[0] == 0x22 && tx_byte_release(a) == 0 &&
            tx_byte_release(b) == 0) {
            txu_set(&heap_allocations, 2);
        }
    }
    ULONG message[2] = {0, 0};
    if (tx_queue_receive(&queue, message, TX_WAIT_FOREVER) == TX_SUCCESS) {
        txu_set(&queue_message, message[0]);
    }
    txu_set(&late_resume, tx_thread_resume(&late));
}

static VOID late_entry(ULONG which)
{
    note_start(which);
}

VOID tx_application_define(VOID *first_unused_memory)
{
    /* The area is real memory: write all of it, then read it back. */
    UCHAR *area = first_unused_memory;
    bool ok = area != NULL && (uintptr_t)area % sizeof(ALIGN_TYPE) == 0;
    if (ok) {
        for (ULONG i = 0; i < TX_LINUX_MEMORY_SIZE; i += 4096) {
            area[i] = (UCHAR)(i >> 12);
        }
        area[TX_LINUX_MEMORY_SIZE - 1] = 0xA5;
        for (ULONG i = 0; i < TX_LINUX_MEMORY_SIZE; i += 4096) {
            ok = ok && area[i] == (UCHAR)(i >> 12);
        }
        ok = ok && area[TX_LINUX_MEMORY_SIZE - 1] == 0xA5;
    }
    txu_set(&area_ok, ok ? 1u : 0u);

    /* Carve it as ThreadX demos do: a pool, a queue area, the threads' stacks. */
    UCHAR *pointer = area;
    define_codes[0] = tx_byte_pool_create(&heap, txu_name, pointer, 64 * 1024);
    pointer += 64 * 1024;
    define_codes[1] = tx_queue_create(&queue, txu_name, TX_2_ULONG, pointer, 16 * sizeof(ULONG));
    pointer += 16 * sizeof(ULONG);
    ULONG two[2] = {77, 0};
    (void)tx_queue_send(&queue, two, TX_NO_WAIT);

    /* ThreadX: no waiting while the system starts. */
    (void)tx_semaphore_create(&sem, txu_name, 0);
    define_codes[2] = tx_semaphore_get(&sem, 5);
    define_codes[3] = tx_thread_sleep(1);
    define_codes[4] = tx_semaphore_get(&sem, TX_NO_WAIT);
    (void)tx_semaphore_delete(&sem);

    UINT s = 0;
    s |= tx_thread_create(&low, txu_name, low_entry, 1, pointer, 8192, 20, 20, TX_NO_TIME_SLICE,
                          TX_AUTO_START);
    pointer += 8192;
    s |= tx_thread_create(&high_first, txu_name, high_entry, 2, pointer, 8192, 3, 3,
                          TX_NO_TIME_SLICE, TX_AUTO_START);
    pointer += 8192;
    s |= tx_thread_create(&late, txu_name, late_entry, 4, pointer, 8192, 1, 1, TX_NO_TIME_SLICE,
                          TX_DONT_START);
    pointer += 8192;
    s |= tx_thread_create(&high_second, txu_name, high_entry, 3, pointer, 8192, 3, 3,
                          TX_NO_TIME_SLICE, TX_AUTO_START);
    define_codes[5] = s;

    /* Still nothing has run. */
    tx_thread_relinquish();
    txu_set(&define_done, 1);
}

int main(void)
{
    tx_kernel_enter(); /* returns when no thread is left */

    EXPECT(txu_get(&area_ok) == 1);
    EXPECT_OK(define_codes[0]);
    EXPECT_OK(define_codes[1]);
    EXPECT_CODE(define_codes[2], TX_WAIT_ERROR);
    EXPECT_CODE(define_codes[3], TX_CALLER_ERROR);
    EXPECT_CODE(define_codes[4], TX_NO_INSTANCE);
    EXPECT_OK(define_codes[5]);
    EXPECT(txu_get(&started_early) == 0);
    EXPECT(txu_get(&started) == 4);
    /* Priority 3 before 20, and of the two at 3 the one created first; late only when resumed. */
    EXPECT(order[0] == 2 && order[1] == 3 && order[2] == 1 && order[3] == 4);
    EXPECT_OK(late_resume);
    EXPECT(txu_get(&heap_allocations) == 2);
    EXPECT(txu_get(&queue_message) == 77);
    EXPECT(txu_state(&low) == TX_COMPLETED && txu_state(&late) == TX_COMPLETED);
    EXPECT(txu_state(&high_first) == TX_COMPLETED && txu_state(&high_second) == TX_COMPLETED);

    /* The kernel runs once; a second entry returns at once. */
    tx_kernel_enter();
    EXPECT_OK(tx_thread_delete(&low));
    return test_finish("threadx/kernel");
}
