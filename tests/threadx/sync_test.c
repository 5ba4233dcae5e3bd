/* SPDX-License-Identifier: MIT */
/* sync_test.c: semaphores and mutexes between ThreadX threads (src/threadx/tx_semaphore.c, tx_mutex.c):
 * waiters served first come first served, tx_*_prioritize, tx_semaphore_ceiling_put, the put notification,
 * info_get, mutex ownership reported per thread and handed on at the last put, the mutex of a thread
 * that completes released, and tx_interrupt_control as a lock between threads. The codes from plain pthreads are in posix_threads_test.c. */
#include "tx_util.h"

static TX_THREAD th[4];
static TX_SEMAPHORE sem;
static TX_MUTEX mtx;
static UINT got_order[4];
static UINT got_count;
static UINT codes[4];
static UINT put_notified;

static VOID take_sem_entry(ULONG which)
{
    codes[which] = tx_semaphore_get(&sem, TX_WAIT_FOREVER);
    UINT n = __atomic_fetch_add(&got_count, 1, __ATOMIC_ACQ_REL);
    txu_set(&got_order[n], (UINT)which);
}

static VOID take_mutex_entry(ULONG which)
{
    codes[which] = tx_mutex_get(&mtx, TX_WAIT_FOREVER);
    UINT n = __atomic_fetch_add(&got_count, 1, __ATOMIC_ACQ_REL);
    txu_set(&got_order[n], (UINT)which);
    if (which == 3) {
        return; /* completes while owning: the port releases it */
    }
    (void)tx_mutex_put(&mtx);
}

static VOID on_put(TX_SEMAPHORE *s)
{
    if (s == &sem) {
        txu_set(&put_notified, put_notified + 1);
    }
}

static void start_waiter(UINT i, VOID (*entry)(ULONG), UINT priority, UINT state)
{
    EXPECT_OK(tx_thread_create(&th[i], txu_name, entry, i, txu_stack(i), TXU_STACK, priority,
                               priority, TX_NO_TIME_SLICE, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[i], state));
}

static void test_semaphore(void)
{
    txu_set(&got_count, 0);
    EXPECT_OK(tx_semaphore_create(&sem, txu_name, 0));
    EXPECT_OK(tx_semaphore_put_notify(&sem, on_put));
    /* Three waiters, the lowest priority first: FIFO, unless prioritized. */
    start_waiter(0, take_sem_entry, 20, TX_SEMAPHORE_SUSP);
    start_waiter(1, take_sem_entry, 10, TX_SEMAPHORE_SUSP);
    start_waiter(2, take_sem_entry, 5, TX_SEMAPHORE_SUSP);
    CHAR *name = NULL;
    ULONG value = 9, waiting = 0;
    TX_THREAD *first = NULL;
    TX_SEMAPHORE *next = NULL;
    EXPECT_OK(tx_semaphore_info_get(&sem, &name, &value, &first, &waiting, &next));
    EXPECT(name == txu_name && value == 0 && first == &th[0] && waiting == 3 && next == &sem);
    TX_THREAD *after_first = NULL;
    EXPECT_OK(tx_thread_info_get(&th[0], NULL, NULL, NULL, NULL, NULL, NULL, NULL, &after_first));
    EXPECT(after_first == &th[1]);

    EXPECT_OK(tx_semaphore_put(&sem));
    EXPECT(txu_wait_value(&got_count, 1));
    EXPECT(txu_get(&got_order[0]) == 0);
    EXPECT_OK(tx_semaphore_prioritize(&sem)); /* priority 5 (th[2]) before 10 (th[1]) */
    EXPECT_OK(tx_semaphore_put(&sem));
    EXPECT(txu_wait_value(&got_count, 2));
    EXPECT(txu_get(&got_order[1]) == 2);
    /* A put with a waiter hands the instance over: the count stays 0. */
    EXPECT_OK(tx_semaphore_ceiling_put(&sem, 1));
    EXPECT(txu_wait_value(&got_count, 3));
    EXPECT(txu_get(&got_order[2]) == 1);
    EXPECT_OK(tx_semaphore_info_get(&sem, NULL, &value, &first, &waiting, NULL));
    EXPECT(value == 0 && first == TX_NULL && waiting == 0);
    EXPECT(txu_get(&put_notified) == 3);
    for (UINT i = 0; i < 3; i++) {
        EXPECT_OK(codes[i]);
        EXPECT(txu_finish(&th[i]));
    }

    /* The ceiling. */
    EXPECT_CODE(tx_semaphore_ceiling_put(&sem, 0), TX_INVALID_CEILING);
    EXPECT_OK(tx_semaphore_ceiling_put(&sem, 2));
    EXPECT_OK(tx_semaphore_ceiling_put(&sem, 2));
    EXPECT_CODE(tx_semaphore_ceiling_put(&sem, 2), TX_CEILING_EXCEEDED);
    EXPECT_OK(tx_semaphore_info_get(&sem, NULL, &value, NULL, NULL, NULL));
    EXPECT(value == 2);
    EXPECT(txu_get(&put_notified) == 5); /* the refused put is not notified */
    EXPECT_OK(tx_semaphore_delete(&sem));
    EXPECT_CODE(tx_semaphore_ceiling_put(&sem, 2), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_info_get(&sem, NULL, NULL, NULL, NULL, NULL), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_prioritize(&sem), TX_SEMAPHORE_ERROR);
    EXPECT_CODE(tx_semaphore_put_notify(&sem, NULL), TX_SEMAPHORE_ERROR);
}

static void test_mutex(void)
{
    txu_set(&got_count, 0);
    EXPECT_OK(tx_mutex_create(&mtx, txu_name, TX_INHERIT));
    EXPECT_OK(tx_mutex_get(&mtx, TX_NO_WAIT)); /* main() owns it */
    start_waiter(0, take_mutex_entry, 20, TX_MUTEX_SUSP);
    start_waiter(1, take_mutex_entry, 10, TX_MUTEX_SUSP);
    start_waiter(3, take_mutex_entry, 5, TX_MUTEX_SUSP);
    ULONG count = 0, waiting = 0;
    TX_THREAD *owner = &th[2], *first = NULL;
    EXPECT_OK(tx_mutex_info_get(&mtx, NULL, &count, &owner, &first, &waiting, NULL));
    EXPECT(count == 1 && owner == TX_NULL && first == &th[0] && waiting == 3);
    EXPECT_OK(tx_mutex_prioritize(&mtx)); /* th[3] (priority 5) first */
    EXPECT_OK(tx_mutex_put(&mtx));
    EXPECT(txu_wait_at_least(&got_count, 1));
    EXPECT(txu_get(&got_order[0]) == 3);
    /* th[3] completes owning it: released to the next waiter, th[0] then th[1]. */
    EXPECT(txu_wait_value(&got_count, 3));
    EXPECT(txu_get(&got_order[1]) == 0 && txu_get(&got_order[2]) == 1);
    EXPECT(txu_finish(&th[3]));
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_finish(&th[1]));
    EXPECT_OK(codes[0]);
    EXPECT_OK(codes[1]);
    EXPECT_OK(codes[3]);
    EXPECT_OK(tx_mutex_info_get(&mtx, NULL, &count, &owner, NULL, &waiting, NULL));
    EXPECT(count == 0 && owner == TX_NULL && waiting == 0);
    EXPECT_OK(tx_mutex_delete(&mtx));
    EXPECT_CODE(tx_mutex_info_get(&mtx, NULL, NULL, NULL, NULL, NULL, NULL), TX_MUTEX_ERROR);
    EXPECT_CODE(tx_mutex_prioritize(&mtx), TX_MUTEX_ERROR);
}

/* A ThreadX thread that owns a mutex is reported as its owner. */
static VOID own_and_report_entry(ULONG input)
{
    (void)input;
    codes[0] = tx_mutex_get(&mtx, TX_NO_WAIT);
    codes[1] = tx_mutex_get(&mtx, TX_NO_WAIT);
    txu_set(&got_count, 1);
    (void)tx_thread_suspend(tx_thread_identify());
    codes[2] = tx_mutex_put(&mtx);
    codes[3] = tx_mutex_put(&mtx);
}

static void test_owner(void)
{
    txu_set(&got_count, 0);
    EXPECT_OK(tx_mutex_create(&mtx, txu_name, TX_NO_INHERIT));
    EXPECT_OK(txu_create(&th[0], 0, own_and_report_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_SUSPENDED));
    ULONG count = 0;
    TX_THREAD *owner = NULL;
    EXPECT_OK(tx_mutex_info_get(&mtx, NULL, &count, &owner, NULL, NULL, NULL));
    EXPECT(count == 2 && owner == &th[0]);
    EXPECT(th[0].tx_thread_owned_mutex_count == 1);
    EXPECT_CODE(tx_mutex_put(&mtx), TX_NOT_OWNED);
    EXPECT_OK(tx_thread_resume(&th[0]));
    EXPECT(txu_finish(&th[0]));
    for (UINT i = 0; i < 4; i++) {
        EXPECT_OK(codes[i]);
    }
    EXPECT_OK(tx_mutex_delete(&mtx));
}

/* tx_interrupt_control keeps threads apart as disabling interrupts does on one core. */
static UINT shared_counter;
static UINT postures_ok;

static VOID locked_increment_entry(ULONG input)
{
    (void)input;
    UINT ok = 1;
    for (UINT i = 0; i < 20000; i++) {
        UINT old = tx_interrupt_control(TX_INT_DISABLE);
        ok &= old == TX_INT_ENABLE;
        UINT v = shared_counter; /* a read-modify-write that would lose updates without the lock */
        if ((i & 1023) == 0) {
            tx_thread_relinquish();
        }
        shared_counter = v + 1;
        ok &= tx_interrupt_control(old) == TX_INT_DISABLE;
    }
    __atomic_fetch_add(&postures_ok, ok, __ATOMIC_ACQ_REL);
}

static void test_interrupt_control(void)
{
    EXPECT(tx_interrupt_control(TX_INT_DISABLE) == TX_INT_ENABLE);
    EXPECT(tx_interrupt_control(TX_INT_DISABLE) == TX_INT_DISABLE); /* already: no second lock */
    EXPECT(tx_interrupt_control(TX_INT_ENABLE) == TX_INT_DISABLE);
    EXPECT(tx_interrupt_control(TX_INT_ENABLE) == TX_INT_ENABLE);
    for (UINT i = 0; i < 3; i++) {
        EXPECT_OK(txu_create(&th[i], i, locked_increment_entry, i, TX_AUTO_START));
    }
    for (UINT i = 0; i < 3; i++) {
        EXPECT(txu_finish(&th[i]));
    }
    EXPECT(shared_counter == 3 * 20000);
    EXPECT(txu_get(&postures_ok) == 3);
}

int main(void)
{
    test_interrupt_control();
    test_semaphore();
    test_mutex();
    test_owner();
    return test_finish("threadx/sync");
}
