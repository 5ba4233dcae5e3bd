/* SPDX-License-Identifier: MIT */
/* tx_wait.h: how threads block and wake in the ThreadX port.
 *
 * One process-wide kernel lock guards every ThreadX object, as disabling interrupts does on a board: a
 * service takes it, looks at its object, and either finishes or puts the calling thread on the object's
 * suspension list (FIFO, as ThreadX) and sleeps on the thread's own condition variable. Whoever satisfies
 * the wait (a put, a send, a release, a delete, tx_thread_wait_abort, a timeout) takes the waiter off the
 * list, leaves the outcome in it and signals it. Application callbacks (notify functions, timer
 * expirations) are never called with the kernel lock held, so they may call any service.
 *
 * Every thread that blocks has a TX_PORT_WAITER: a ThreadX thread's lives in its TX_THREAD; any other
 * thread (main(), a thread made with pthread_create, the NetX I/O thread) gets a thread-local one.
 *
 * Suspending or terminating another thread cannot stop a POSIX thread between two instructions: it takes
 * effect when that thread is in, or next enters, a ThreadX service (txp_enter) or a wait (docs/porting.md).
 *
 * NetX waits (a socket's receive queue, a pool's free list, a DTLS session) keep their own mutex and
 * condition variable and wait with txp_cond_wait, which tx_thread_wait_abort can end as in NetX. */
#ifndef TXP_WAIT_H
#define TXP_WAIT_H

#include <stdbool.h>

#include "tx_api.h"
#include "tx_clock.h"

/* Port-internal wait outcomes, never returned to applications. */
#define TXP_STATUS_PENDING   ((UINT)0xFFFF0001u) /* still waiting */
#define TXP_STATUS_TERMINATE ((UINT)0xFFFF0002u) /* the thread was terminated while it waited */

/* txp_context: who is calling. INIT is the thread inside tx_application_define, TIMER the thread running
 * application timer expirations; ThreadX refuses waits from both (TX_WAIT_ERROR, TX_CALLER_ERROR). */
enum txp_context {
    TXP_CONTEXT_OTHER = 0, /* not a ThreadX thread: main(), a pthread, the NetX I/O thread */
    TXP_CONTEXT_THREAD,
    TXP_CONTEXT_INIT,
    TXP_CONTEXT_TIMER,
};

/* txp_lock and txp_unlock take and release the kernel lock; txp_kernel_mutex is the lock itself, for
 * waits on other condition variables of the port. */
void txp_lock(void);
void txp_unlock(void);
pthread_mutex_t *txp_kernel_mutex(void);

/* txp_enter takes the kernel lock at the start of a service. A ThreadX thread that another thread has
 * suspended or terminated meanwhile stops here (it suspends until resumed, or ends). */
void txp_enter(void);

/* txp_context_get returns the calling thread's context; txp_context_set changes it (kernel and timers). */
enum txp_context txp_context_get(void);
void txp_context_set(enum txp_context context);

/* txp_may_wait returns false when the caller may not block: inside tx_application_define or a timer. */
bool txp_may_wait(void);

/* txp_current returns the calling ThreadX thread, or NULL for any other thread. */
TX_THREAD *txp_current(void);

/* txp_bind_thread makes thread the calling POSIX thread's ThreadX thread (its start routine calls it). */
void txp_bind_thread(TX_THREAD *thread);

/* txp_self returns the calling thread's waiter (kernel lock held); never NULL. */
TX_PORT_WAITER *txp_self(void);

/* txp_waiter_init prepares a ThreadX thread's own waiter. */
void txp_waiter_init(TX_PORT_WAITER *w, TX_THREAD *thread);

/* txp_wait blocks the caller (kernel lock held; wait_option not TX_NO_WAIT) at the tail of *list (NULL for
 * a sleep), with its thread in state, until a waker hands it an outcome, the wait option runs out
 * (timeout_status) or tx_thread_wait_abort ends it (TX_WAIT_ABORTED). Before blocking, the caller leaves in
 * txp_self() what a waker needs (option, info, data). Returns the outcome with the lock held. A ThreadX
 * thread terminated meanwhile never returns; one suspended meanwhile suspends before returning. */
UINT txp_wait(TX_PORT_WAITER **list, UINT *count, UINT state, ULONG wait_option,
              UINT timeout_status);

/* txp_wake takes w off its list (if any), leaves status as its outcome and wakes it (kernel lock held). */
void txp_wake(TX_PORT_WAITER *w, UINT status);

/* txp_wake_all wakes every waiter of *list with status (an object being deleted: TX_DELETED). */
void txp_wake_all(TX_PORT_WAITER **list, UINT status);

/* txp_prioritize moves the waiter of the highest-priority thread to the head of *list (threads that are not
 * ThreadX threads count as the lowest priority). */
void txp_prioritize(TX_PORT_WAITER **list);

/* txp_first_thread returns the ThreadX thread of the first waiter of list (NULL if none or not one). */
TX_THREAD *txp_first_thread(TX_PORT_WAITER *list);

/* txp_suspend_self suspends the calling ThreadX thread (kernel lock held) until tx_thread_resume, unless a
 * resume already came. Returns TX_SUCCESS; never returns if the thread is terminated meanwhile. */
UINT txp_suspend_self(TX_THREAD *thread);

/* txp_thread_exit ends the calling ThreadX thread (kernel lock held): its mutexes are released, its state
 * becomes TX_COMPLETED or TX_TERMINATED, and the POSIX thread exits. Never returns. */
void txp_thread_exit(TX_THREAD *thread) __attribute__((noreturn));

/* txp_abort ends thread's wait as tx_thread_wait_abort does (kernel lock held): a ThreadX wait gets
 * TX_WAIT_ABORTED, a NetX wait (txp_cond_wait) TXP_WAKE_ABORT. Returns false if it was not waiting. The
 * kernel lock may be released and taken again while a NetX wait is being woken. */
bool txp_abort(TX_THREAD *thread);

/* txp_terminate_waiting ends the wait of a thread that tx_thread_terminate has just marked (kernel lock
 * held; state is the thread's state before the mark): a ThreadX wait or suspension wakes and the thread
 * ends, a NetX wait is aborted (the thread ends at its next ThreadX call). Returns false when the thread
 * was not waiting: it ends at its next ThreadX call or wait. */
bool txp_terminate_waiting(TX_THREAD *thread, UINT state);

/* txp_cond_wait is how the NetX layer waits: on its own cond (mutex held) until signalled, the deadline,
 * or tx_thread_wait_abort of the calling ThreadX thread. The kernel lock must not be held. */
enum txp_wake {
    TXP_WAKE_SIGNAL,  /* signalled (or spurious): re-check the predicate */
    TXP_WAKE_TIMEOUT, /* the deadline passed */
    TXP_WAKE_ABORT, /* tx_thread_wait_abort or tx_thread_terminate: give up with NX_WAIT_ABORTED */
};
enum txp_wake txp_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                            const struct txp_deadline *d);

#endif /* TXP_WAIT_H */
