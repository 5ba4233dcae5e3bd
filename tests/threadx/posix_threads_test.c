/* SPDX-License-Identifier: MIT */
/* posix_threads_test.c: ThreadX services called from threads that are not ThreadX threads (main() and
 * pthread_create threads, as a program without tx_kernel_enter has them): time, sleep, semaphores and
 * recursive owned mutexes with every wait option and ThreadX's exact codes. */
#include <pthread.h>
#include <string.h>

#include "test.h"
#include "tx_api.h"

static TX_SEMAPHORE sem;

static ULONG semaphore_waiters(TX_SEMAPHORE *s)
{
    ULONG v = 0;
    (void)tx_semaphore_info_get(s, NULL, NULL, NULL, &v, NULL);
    return v;
}

static ULONG mutex_waiters(TX_MUTEX *m)
{
    ULONG v = 0;
    (void)tx_mutex_info_get(m, NULL, NULL, NULL, NULL, &v, NULL);
    return v;
}

static TX_MUTEX mtx;
static CHAR name[] = "tx_test";

/* put_later puts the semaphore after two ticks; the put's code goes to *arg (the test kit's counters
 * are the main thread's). */
static void *put_later(void *arg)
{
    UINT *out = arg;
    (void)tx_thread_sleep(2);
    *out = tx_semaphore_put(&sem);
    return NULL;
}

static void *get_forever(void *arg)
{
    UINT *out = arg;
    *out = tx_semaphore_get(&sem, TX_WAIT_FOREVER);
    return NULL;
}

static void *mutex_try(void *arg)
{
    UINT *out = arg;
    out[0] = tx_mutex_get(&mtx, TX_NO_WAIT);
    out[1] = tx_mutex_get(&mtx, 3);
    out[2] = tx_mutex_put(&mtx); /* not the owner */
    return NULL;
}

static void *mutex_wait_forever(void *arg)
{
    UINT *out = arg;
    out[0] = tx_mutex_get(&mtx, TX_WAIT_FOREVER);
    out[1] = tx_mutex_put(&mtx);
    return NULL;
}

static void test_time(void)
{
    ULONG t0 = tx_time_get();
    EXPECT_OK(tx_thread_sleep(0));
    EXPECT_OK(tx_thread_sleep(5));
    ULONG t1 = tx_time_get();
    EXPECT(t1 - t0 >= 5); /* a lower bound only: one tick is 10 ms */
    EXPECT(TX_TIMER_TICKS_PER_SECOND == 100);
}

static void test_semaphore(void)
{
    static TX_SEMAPHORE never;
    memset(&never, 0, sizeof never);
    EXPECT_CODE(tx_semaphore_create(NULL, name, 0), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_get(NULL, TX_NO_WAIT), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_put(NULL), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_delete(NULL), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_get(&never, TX_NO_WAIT), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_put(&never), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_delete(&never), TX_SEMAPHORE_ERROR);

    EXPECT_OK(tx_semaphore_create(&sem, name, 2));
    EXPECT_CODE(tx_semaphore_create(&sem, name, 0), TX_SEMAPHORE_ERROR); /* double create */
    EXPECT_OK(tx_semaphore_get(&sem, TX_NO_WAIT));
    EXPECT_OK(tx_semaphore_get(&sem, 1));
    EXPECT_CODE(tx_semaphore_get(&sem, TX_NO_WAIT), TX_NO_INSTANCE);
    ULONG t0 = tx_time_get();
    EXPECT_CODE(tx_semaphore_get(&sem, 3), TX_NO_INSTANCE);
    EXPECT(tx_time_get() - t0 >= 3);

    /* A put from another thread ends a timed wait and a forever wait. */
    pthread_t th;
    UINT put = 0xFFFF;
    EXPECT(pthread_create(&th, NULL, put_later, &put) == 0);
    EXPECT_OK(tx_semaphore_get(&sem, 500));
    pthread_join(th, NULL);
    EXPECT_OK(put);
    put = 0xFFFF;
    EXPECT(pthread_create(&th, NULL, put_later, &put) == 0);
    EXPECT_OK(tx_semaphore_get(&sem, TX_WAIT_FOREVER));
    pthread_join(th, NULL);
    EXPECT_OK(put);

    /* Deleting a semaphore wakes its waiter with TX_DELETED. */
    UINT got = 0xFFFF;
    EXPECT(pthread_create(&th, NULL, get_forever, &got) == 0);
    while (semaphore_waiters(&sem) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(tx_semaphore_delete(&sem));
    pthread_join(th, NULL);
    EXPECT_CODE(got, TX_DELETED);
    EXPECT_CODE(tx_semaphore_put(&sem), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_delete(&sem), TX_SEMAPHORE_ERROR);
    EXPECT_OK(tx_semaphore_create(&sem, name, 0)); /* created again after delete */
    EXPECT_OK(tx_semaphore_delete(&sem));
}

static void test_mutex(void)
{
    EXPECT_CODE(tx_mutex_create(NULL, name, TX_NO_INHERIT), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_get(NULL, TX_NO_WAIT), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_put(NULL), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_delete(NULL), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_create(&mtx, name, 7), TX_INHERIT_ERROR);
    EXPECT_CODE(tx_mutex_get(&mtx, TX_NO_WAIT), TX_MUTEX_ERROR);

    EXPECT_OK(tx_mutex_create(&mtx, name, TX_INHERIT));
    EXPECT_CODE(tx_mutex_create(&mtx, name, TX_INHERIT), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_put(&mtx), TX_NOT_OWNED); /* nobody owns it */
    EXPECT_OK(tx_mutex_get(&mtx, TX_NO_WAIT));
    EXPECT_OK(tx_mutex_get(&mtx, TX_WAIT_FOREVER)); /* recursive */
    EXPECT_OK(tx_mutex_get(&mtx, 5));

    UINT codes[3] = {0xFFFF, 0xFFFF, 0xFFFF};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, mutex_try, codes) == 0);
    pthread_join(th, NULL);
    EXPECT_CODE(codes[0], TX_NOT_AVAILABLE);
    EXPECT_CODE(codes[1], TX_NOT_AVAILABLE);
    EXPECT_CODE(codes[2], TX_NOT_OWNED);

    /* Released only after as many puts as gets. */
    EXPECT_OK(tx_mutex_put(&mtx));
    EXPECT_OK(tx_mutex_put(&mtx));
    EXPECT(pthread_create(&th, NULL, mutex_try, codes) == 0);
    pthread_join(th, NULL);
    EXPECT_CODE(codes[0], TX_NOT_AVAILABLE);
    EXPECT_OK(tx_mutex_put(&mtx));
    EXPECT_CODE(tx_mutex_put(&mtx), TX_NOT_OWNED);

    /* A forever wait ends when the owner puts. */
    EXPECT_OK(tx_mutex_get(&mtx, TX_NO_WAIT));
    UINT forever[2] = {0xFFFF, 0xFFFF};
    EXPECT(pthread_create(&th, NULL, mutex_wait_forever, forever) == 0);
    while (mutex_waiters(&mtx) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(tx_mutex_put(&mtx));
    pthread_join(th, NULL);
    EXPECT_OK(forever[0]);
    EXPECT_OK(forever[1]);

    /* Delete wakes a waiter with TX_DELETED. */
    EXPECT_OK(tx_mutex_get(&mtx, TX_NO_WAIT));
    EXPECT(pthread_create(&th, NULL, mutex_wait_forever, forever) == 0);
    while (mutex_waiters(&mtx) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(tx_mutex_delete(&mtx));
    pthread_join(th, NULL);
    EXPECT_CODE(forever[0], TX_DELETED);
    EXPECT_CODE(forever[1], TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_delete(&mtx), TX_MUTEX_ERROR);
}

int main(void)
{
    test_time();
    test_semaphore();
    test_mutex();
    return test_finish("threadx/posix_threads");
}
