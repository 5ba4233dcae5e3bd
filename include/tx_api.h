/* SPDX-License-Identifier: MIT */
/* tx_api.h: the ThreadX subset a NetX Secure DTLS application uses around its DTLS calls (docs/netx-api.md 5.4),
 * as thin wrappers over pthreads. One tick is 10 ms (TX_TIMER_TICKS_PER_SECOND 100). */
#ifndef TX_API_H
#define TX_API_H

#include <pthread.h>

#include "tx_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ThreadX status codes (values from ThreadX's tx_api.h). */
#define TX_SUCCESS         ((UINT)0x00)
#define TX_DELETED         ((UINT)0x01)
#define TX_PTR_ERROR       ((UINT)0x03)
#define TX_WAIT_ERROR      ((UINT)0x04)
#define TX_SEMAPHORE_ERROR ((UINT)0x0C)
#define TX_NO_INSTANCE     ((UINT)0x0D)
#define TX_CALLER_ERROR    ((UINT)0x13)
#define TX_WAIT_ABORTED    ((UINT)0x1A)
#define TX_MUTEX_ERROR     ((UINT)0x1C)
#define TX_NOT_AVAILABLE   ((UINT)0x1D)
#define TX_NOT_OWNED       ((UINT)0x1E)
#define TX_INHERIT_ERROR   ((UINT)0x1F)

#define TX_NO_WAIT                ((ULONG)0)
#define TX_WAIT_FOREVER           ((ULONG)0xFFFFFFFFUL)
#define TX_INHERIT                ((UINT)1)
#define TX_NO_INHERIT             ((UINT)0)
#define TX_AUTO_START             ((UINT)1)
#define TX_DONT_START             ((UINT)0)
#define TX_NULL                   ((void *)0)
#define TX_TRUE                   1
#define TX_FALSE                  0
#define TX_TIMER_TICKS_PER_SECOND 100

/* TX_SEMAPHORE: a counting semaphore. Members are private to the port. */
typedef struct TX_SEMAPHORE_STRUCT {
    ULONG tx_semaphore_id;
    CHAR *tx_semaphore_name;
    ULONG tx_semaphore_count;
    ULONG tx_semaphore_waiters;
    struct TX_SEMAPHORE_STRUCT *tx_semaphore_created_next;
    pthread_mutex_t tx_semaphore_lock;
    pthread_cond_t tx_semaphore_cond;
} TX_SEMAPHORE;

/* TX_MUTEX: a recursive mutex with an owner, as ThreadX's. Members are private to the port. */
typedef struct TX_MUTEX_STRUCT {
    ULONG tx_mutex_id;
    CHAR *tx_mutex_name;
    ULONG tx_mutex_ownership_count;
    pthread_t tx_mutex_owner;
    ULONG tx_mutex_waiters;
    struct TX_MUTEX_STRUCT *tx_mutex_created_next;
    pthread_mutex_t tx_mutex_lock;
    pthread_cond_t tx_mutex_cond;
} TX_MUTEX;

/* TX_THREAD: declared so that application code naming it compiles; threads are pthreads here. */
typedef struct TX_THREAD_STRUCT {
    ULONG tx_thread_id;
    pthread_t tx_thread_handle;
} TX_THREAD;

UINT tx_thread_sleep(ULONG timer_ticks);
ULONG tx_time_get(VOID);
UINT tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count);
UINT tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr);
UINT tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option);
UINT tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr);
UINT tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit);
UINT tx_mutex_delete(TX_MUTEX *mutex_ptr);
UINT tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option);
UINT tx_mutex_put(TX_MUTEX *mutex_ptr);

#ifdef __cplusplus
}
#endif

#endif /* TX_API_H */
