/* SPDX-License-Identifier: MIT */
/* tx_thread.h: ThreadX threads as POSIX threads (docs/porting.md).
 *
 * A thread's POSIX thread starts when the thread first becomes ready: at tx_thread_create with
 * TX_AUTO_START (after tx_application_define returns, for threads created there), or at the first
 * tx_thread_resume of a TX_DONT_START thread. It runs on a stack the system gives it (the stack area passed
 * to tx_thread_create is checked and recorded, as ThreadX checks it, but a board's small stacks would not
 * hold the C library or OpenSSL). When the entry function returns the thread is TX_COMPLETED.
 *
 * A resume that arrives before the thread has suspended itself is not lost: the thread's next
 * tx_thread_suspend of itself returns at once (on one core the order was fixed by priorities; here the
 * threads race). */
#ifndef TXP_THREAD_H
#define TXP_THREAD_H

#include <stdbool.h>

#include "tx_api.h"

/* TXP_THREAD_ID marks a created thread ("THRD", ThreadX's value). */
#define TXP_THREAD_ID ((ULONG)0x54485244)

/* txp_thread_next_pending returns the thread created inside tx_application_define that should start next
 * (highest priority, then first created), or NULL (kernel lock held). */
TX_THREAD *txp_thread_next_pending(void);

/* txp_thread_launch starts thread's POSIX thread (kernel lock held). Returns false if the system refused
 * (the thread is then left suspended). */
bool txp_thread_launch(TX_THREAD *thread);

/* txp_thread_reap joins thread's POSIX thread once it has left the port (kernel lock held; released while
 * joining), so that it is gone, thread-local destructors run, before the caller goes on. */
void txp_thread_reap(TX_THREAD *thread);

/* txp_thread_reap_all reaps every created thread that has ended (tx_kernel_enter, before it returns). */
void txp_thread_reap_all(void);

#endif /* TXP_THREAD_H */
