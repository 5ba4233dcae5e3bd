/* SPDX-License-Identifier: MIT */
/* tx_kernel.h: the kernel entry and the kernel-wide state of the ThreadX port.
 *
 * Phases: before tx_kernel_enter (a program with its own main() and pthreads may still create ThreadX
 * objects and threads, which start at once), inside tx_application_define (threads created there start
 * only after it returns), and running. tx_kernel_enter starts the threads tx_application_define created,
 * in priority order (then creation order), each one after the previous one has first blocked or ended, so
 * that start-up runs in the order it would on one core; then it waits until no ThreadX thread is left
 * (every one completed or terminated) and returns, so that main() can return or the program exit
 * (docs/porting.md). */
#ifndef TXP_KERNEL_H
#define TXP_KERNEL_H

#include <stdbool.h>

#include "tx_api.h"
#include "tx_clock.h"

enum txp_phase {
    TXP_PHASE_BEFORE = 0, /* tx_kernel_enter not called (yet) */
    TXP_PHASE_INIT,       /* inside tx_application_define */
    TXP_PHASE_RUNNING,
};

/* txp_kernel_phase returns the phase (kernel lock held). */
enum txp_phase txp_kernel_phase(void);

/* txp_kernel_thread_live counts a thread that may still run (created, or reset); txp_kernel_thread_ended
 * uncounts it when it completes or is terminated (kernel lock held). */
void txp_kernel_thread_live(void);
void txp_kernel_thread_ended(void);

/* txp_kernel_notify wakes whoever waits in txp_kernel_wait: a thread blocked or ended (kernel lock held). */
void txp_kernel_notify(void);

/* txp_kernel_wait waits for txp_kernel_notify or the deadline (kernel lock held); false at the deadline. */
bool txp_kernel_wait(const struct txp_deadline *d);

#endif /* TXP_KERNEL_H */
