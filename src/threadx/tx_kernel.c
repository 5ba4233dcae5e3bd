/* SPDX-License-Identifier: MIT */
/* tx_kernel.c: tx_kernel_enter, the free-memory area, the kernel-wide state and interrupt control
 * (see tx_kernel.h). */
#include "tx_kernel.h"

#include <stddef.h>

#include "nxdtls.h"
#include "tx_thread.h"
#include "tx_wait.h"

/* How long the start-up lets a thread that has begun to run go without blocking before it starts the next
 * one anyway: a thread that never blocks would hold a single core forever; here it must not hold the
 * others back for ever (docs/porting.md). */
#define TXP_START_GATE_MS 1000u

/* The application's: a weak reference, so that programs with their own main() link without one. */
extern VOID tx_application_define(VOID *first_unused_memory) __attribute__((weak));

/* The free-memory area tx_application_define receives, as a board's linker script leaves it after the
 * kernel: zero-filled, aligned for any type, TX_LINUX_MEMORY_SIZE bytes. */
static max_align_t txp_free_memory[TX_LINUX_MEMORY_SIZE / sizeof(max_align_t)];

static enum txp_phase txp_phase;
static ULONG txp_live_threads;
static pthread_cond_t txp_kernel_cond;
static pthread_once_t txp_kernel_once = PTHREAD_ONCE_INIT;

static void txp_kernel_init(void)
{
    txp_cond_init(&txp_kernel_cond);
}

enum txp_phase txp_kernel_phase(void)
{
    return txp_phase;
}

void txp_kernel_thread_live(void)
{
    txp_live_threads++;
}

void txp_kernel_thread_ended(void)
{
    txp_live_threads--;
    txp_kernel_notify();
}

void txp_kernel_notify(void)
{
    (void)pthread_once(&txp_kernel_once, txp_kernel_init);
    (void)pthread_cond_broadcast(&txp_kernel_cond);
}

bool txp_kernel_wait(const struct txp_deadline *d)
{
    (void)pthread_once(&txp_kernel_once, txp_kernel_init);
    return txp_cond_timedwait(&txp_kernel_cond, txp_kernel_mutex(), d);
}

/* txp_still_starting returns true while t (of the given creation sequence) has neither blocked nor ended:
 * it may have been deleted meanwhile (its id cleared) or even created again (a new sequence). */
static bool txp_still_starting(const TX_THREAD *t, ULONG sequence)
{
    return t->tx_thread_id == TXP_THREAD_ID && t->tx_thread_port_sequence == sequence &&
           !t->tx_thread_port_blocked_once && !t->tx_thread_port_exited;
}

/* txp_start_in_order starts the threads tx_application_define created, each once the one before has
 * blocked or ended (kernel lock held). */
static void txp_start_in_order(void)
{
    TX_THREAD *t;
    struct txp_deadline forever = txp_deadline_at_ms(UINT64_MAX);
    while ((t = txp_thread_next_pending()) != NULL) {
        ULONG sequence = t->tx_thread_port_sequence;
        if (!txp_thread_launch(t)) {
            continue; /* left suspended: the system refused a thread */
        }
        while (txp_still_starting(t, sequence) && t->tx_thread_run_count == 0) {
            (void)txp_kernel_wait(&forever); /* not yet scheduled by the system */
        }
        struct txp_deadline d = txp_deadline_at_ms(txp_time_ms() + TXP_START_GATE_MS);
        while (txp_still_starting(t, sequence) && txp_kernel_wait(&d)) {
        }
    }
}

NXDTLS_API VOID tx_kernel_enter(VOID)
{
    txp_lock();
    if (txp_phase != TXP_PHASE_BEFORE || tx_application_define == NULL) {
        /* Entered twice, or no tx_application_define to call: nothing to run. */
        txp_unlock();
        return;
    }
    txp_phase = TXP_PHASE_INIT;
    txp_unlock();

    txp_context_set(TXP_CONTEXT_INIT);
    tx_application_define(txp_free_memory);
    txp_context_set(TXP_CONTEXT_OTHER);

    txp_lock();
    txp_phase = TXP_PHASE_RUNNING;
    txp_start_in_order();
    struct txp_deadline forever = txp_deadline_at_ms(UINT64_MAX);
    while (txp_live_threads != 0) {
        (void)txp_kernel_wait(&forever);
    }
    /* The threads have ended; wait until their POSIX threads are gone too (thread-local destructors, of
     * OpenSSL's for one, run as they leave), so that the process can exit cleanly. */
    txp_thread_reap_all();
    txp_unlock();
}

NXDTLS_API VOID _tx_initialize_kernel_enter(VOID)
{
    tx_kernel_enter();
}

/* Interrupt control: one process-wide lock; each thread remembers its own posture. */
static pthread_mutex_t txp_interrupt_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local UINT txp_interrupt_posture = TX_INT_ENABLE;

NXDTLS_API UINT tx_interrupt_control(UINT new_posture)
{
    UINT old = txp_interrupt_posture;
    if (new_posture == TX_INT_DISABLE && old != TX_INT_DISABLE) {
        (void)pthread_mutex_lock(&txp_interrupt_lock);
        txp_interrupt_posture = TX_INT_DISABLE;
    } else if (new_posture != TX_INT_DISABLE && old == TX_INT_DISABLE) {
        txp_interrupt_posture = TX_INT_ENABLE;
        (void)pthread_mutex_unlock(&txp_interrupt_lock);
    }
    return old;
}
