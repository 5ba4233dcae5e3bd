/* SPDX-License-Identifier: MIT */
/* tx_api.h: ThreadX on POSIX threads (docs/netx-api.md 5.4, docs/porting.md): the kernel entry, threads,
 * semaphores, mutexes, event flags, queues, application timers, byte and block pools and the tick clock,
 * with ThreadX's names, prototypes and return codes (values from ThreadX 6.4 common/inc/tx_api.h).
 *
 * Every ThreadX thread is a POSIX thread and they all run at once: priorities and preemption thresholds are
 * recorded and reported but do not order execution. One tick is 10 ms (TX_TIMER_TICKS_PER_SECOND 100,
 * = NX_IP_PERIODIC_RATE), counted on CLOCK_MONOTONIC. Members marked private belong to the port. */
#ifndef TX_API_H
#define TX_API_H

#include "tx_port.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef TX_PARAMETER_NOT_USED
#define TX_PARAMETER_NOT_USED(p) ((void)(p))
#endif

#define AZURE_RTOS_THREADX
#define THREADX_MAJOR_VERSION 6
#define THREADX_MINOR_VERSION 4
#define THREADX_PATCH_VERSION 2
#define EL_PRODUCT_THREADX

/* API input parameters and general constants. */
#define TX_NO_WAIT        ((ULONG)0)
#define TX_WAIT_FOREVER   ((ULONG)0xFFFFFFFFUL)
#define TX_AND            ((UINT)2)
#define TX_AND_CLEAR      ((UINT)3)
#define TX_OR             ((UINT)0)
#define TX_OR_CLEAR       ((UINT)1)
#define TX_1_ULONG        ((UINT)1)
#define TX_2_ULONG        ((UINT)2)
#define TX_4_ULONG        ((UINT)4)
#define TX_8_ULONG        ((UINT)8)
#define TX_16_ULONG       ((UINT)16)
#define TX_NO_TIME_SLICE  ((ULONG)0)
#define TX_AUTO_START     ((UINT)1)
#define TX_DONT_START     ((UINT)0)
#define TX_AUTO_ACTIVATE  ((UINT)1)
#define TX_NO_ACTIVATE    ((UINT)0)
#define TX_TRUE           ((UINT)1)
#define TX_FALSE          ((UINT)0)
#define TX_NULL           ((void *)0)
#define TX_INHERIT        ((UINT)1)
#define TX_NO_INHERIT     ((UINT)0)
#define TX_THREAD_ENTRY   ((UINT)0)
#define TX_THREAD_EXIT    ((UINT)1)
#define TX_NO_SUSPENSIONS ((UINT)0)
#define TX_NO_MESSAGES    ((UINT)0)
#define TX_EMPTY          ((ULONG)0)
#define TX_CLEAR_ID       ((ULONG)0)
#define TX_STACK_FILL     ((ULONG)0xEFEFEFEFUL)

/* Thread execution states. */
#define TX_READY           ((UINT)0)
#define TX_COMPLETED       ((UINT)1)
#define TX_TERMINATED      ((UINT)2)
#define TX_SUSPENDED       ((UINT)3)
#define TX_SLEEP           ((UINT)4)
#define TX_QUEUE_SUSP      ((UINT)5)
#define TX_SEMAPHORE_SUSP  ((UINT)6)
#define TX_EVENT_FLAG      ((UINT)7)
#define TX_BLOCK_MEMORY    ((UINT)8)
#define TX_BYTE_MEMORY     ((UINT)9)
#define TX_IO_DRIVER       ((UINT)10)
#define TX_FILE            ((UINT)11)
#define TX_TCP_IP          ((UINT)12)
#define TX_MUTEX_SUSP      ((UINT)13)
#define TX_PRIORITY_CHANGE ((UINT)14)

/* Return codes. */
#define TX_SUCCESS             ((UINT)0x00)
#define TX_DELETED             ((UINT)0x01)
#define TX_POOL_ERROR          ((UINT)0x02)
#define TX_PTR_ERROR           ((UINT)0x03)
#define TX_WAIT_ERROR          ((UINT)0x04)
#define TX_SIZE_ERROR          ((UINT)0x05)
#define TX_GROUP_ERROR         ((UINT)0x06)
#define TX_NO_EVENTS           ((UINT)0x07)
#define TX_OPTION_ERROR        ((UINT)0x08)
#define TX_QUEUE_ERROR         ((UINT)0x09)
#define TX_QUEUE_EMPTY         ((UINT)0x0A)
#define TX_QUEUE_FULL          ((UINT)0x0B)
#define TX_SEMAPHORE_ERROR     ((UINT)0x0C)
#define TX_NO_INSTANCE         ((UINT)0x0D)
#define TX_THREAD_ERROR        ((UINT)0x0E)
#define TX_PRIORITY_ERROR      ((UINT)0x0F)
#define TX_NO_MEMORY           ((UINT)0x10)
#define TX_START_ERROR         ((UINT)0x10)
#define TX_DELETE_ERROR        ((UINT)0x11)
#define TX_RESUME_ERROR        ((UINT)0x12)
#define TX_CALLER_ERROR        ((UINT)0x13)
#define TX_SUSPEND_ERROR       ((UINT)0x14)
#define TX_TIMER_ERROR         ((UINT)0x15)
#define TX_TICK_ERROR          ((UINT)0x16)
#define TX_ACTIVATE_ERROR      ((UINT)0x17)
#define TX_THRESH_ERROR        ((UINT)0x18)
#define TX_SUSPEND_LIFTED      ((UINT)0x19)
#define TX_WAIT_ABORTED        ((UINT)0x1A)
#define TX_WAIT_ABORT_ERROR    ((UINT)0x1B)
#define TX_MUTEX_ERROR         ((UINT)0x1C)
#define TX_NOT_AVAILABLE       ((UINT)0x1D)
#define TX_NOT_OWNED           ((UINT)0x1E)
#define TX_INHERIT_ERROR       ((UINT)0x1F)
#define TX_NOT_DONE            ((UINT)0x20)
#define TX_CEILING_EXCEEDED    ((UINT)0x21)
#define TX_INVALID_CEILING     ((UINT)0x22)
#define TX_FEATURE_NOT_ENABLED ((UINT)0xFF)

/* One tick is 1/TX_TIMER_TICKS_PER_SECOND seconds: 10 ms. */
#define TX_TIMER_TICKS_PER_SECOND (100UL)

struct TX_THREAD_STRUCT;
struct TX_MUTEX_STRUCT;

/* TX_PORT_WAITER: how one thread blocks in this port (private). Every ThreadX thread has one; any other
 * thread that calls a blocking service gets one of its own. A blocked thread is on its object's suspension
 * list through this record and sleeps on its condition variable. */
typedef struct TX_PORT_WAITER_STRUCT {
    pthread_cond_t tx_port_waiter_cond;
    struct TX_THREAD_STRUCT *tx_port_waiter_thread; /* NULL: not a ThreadX thread */
    struct TX_PORT_WAITER_STRUCT *tx_port_waiter_next;
    struct TX_PORT_WAITER_STRUCT *tx_port_waiter_previous;
    struct TX_PORT_WAITER_STRUCT **tx_port_waiter_list; /* the suspension list it is on, or NULL */
    UINT *tx_port_waiter_list_count;
    UINT tx_port_waiter_status; /* what ended the wait */
    UINT tx_port_waiter_option;
    ULONG tx_port_waiter_info;
    VOID *tx_port_waiter_data;
    UINT tx_port_waiter_ready;
    struct TX_MUTEX_STRUCT *tx_port_waiter_owned_mutexes;
    /* A NetX wait (a condition variable of the NetX layer) that tx_thread_wait_abort can end. */
    pthread_cond_t *tx_port_waiter_external_cond;
    pthread_mutex_t *tx_port_waiter_external_mutex;
    UINT tx_port_waiter_external_aborted;
} TX_PORT_WAITER;

/* TX_THREAD: a ThreadX thread. Public members as in ThreadX. */
typedef struct TX_THREAD_STRUCT {
    ULONG tx_thread_id;
    ULONG tx_thread_run_count;
    VOID *tx_thread_stack_ptr;
    VOID *tx_thread_stack_start;
    VOID *tx_thread_stack_end;
    ULONG tx_thread_stack_size;
    ULONG tx_thread_time_slice;
    ULONG tx_thread_new_time_slice;
    CHAR *tx_thread_name;
    UINT tx_thread_priority;
    UINT tx_thread_state;
    UINT tx_thread_delayed_suspend;
    UINT tx_thread_suspending;
    UINT tx_thread_preempt_threshold;
    VOID (*tx_thread_entry)(ULONG id);
    ULONG tx_thread_entry_parameter;
    struct TX_THREAD_STRUCT *tx_thread_created_next;
    struct TX_THREAD_STRUCT *tx_thread_created_previous;
    UINT tx_thread_user_priority;
    UINT tx_thread_user_preempt_threshold;
    UINT tx_thread_owned_mutex_count;
    VOID *tx_thread_filex_ptr;
    VOID *tx_thread_extension_ptr;
    VOID (*tx_thread_entry_exit_notify)(struct TX_THREAD_STRUCT *thread_ptr, UINT type);
    /* private */
    TX_PORT_WAITER tx_thread_port_waiter;
    pthread_t tx_thread_port_handle;
    UINT tx_thread_port_launched;       /* a POSIX thread runs (or ran) it */
    UINT tx_thread_port_exited;         /* that POSIX thread has left the port for good */
    UINT tx_thread_port_joined;         /* and has been joined */
    UINT tx_thread_port_resume_pending; /* a resume that came before the thread suspended itself */
    UINT
        tx_thread_port_terminate; /* terminated while not in a ThreadX wait: stops at its next call */
    UINT tx_thread_port_blocked_once; /* has waited at least once (the start order uses it) */
    ULONG tx_thread_port_sequence;    /* creation order */
} TX_THREAD;

/* TX_TIMER: an application timer (see tx_timer_create). */
typedef struct TX_TIMER_STRUCT {
    ULONG tx_timer_id;
    CHAR *tx_timer_name;
    struct TX_TIMER_STRUCT *tx_timer_created_next;
    struct TX_TIMER_STRUCT *tx_timer_created_previous;
    /* private */
    VOID (*tx_timer_port_function)(ULONG input);
    ULONG tx_timer_port_input;
    ULONG tx_timer_port_initial_ticks;
    ULONG tx_timer_port_reschedule_ticks;
    ULONG
    tx_timer_port_remaining_ticks; /* while inactive: ticks left when next activated; 0: spent */
    UINT tx_timer_port_active;
    ULONG64 tx_timer_port_due_ms;
    struct TX_TIMER_STRUCT *tx_timer_port_active_next;
} TX_TIMER;

/* TX_BLOCK_POOL: fixed-size blocks carved from the caller's memory. */
typedef struct TX_BLOCK_POOL_STRUCT {
    ULONG tx_block_pool_id;
    CHAR *tx_block_pool_name;
    UINT tx_block_pool_available;
    UINT tx_block_pool_total;
    UCHAR *tx_block_pool_available_list;
    UCHAR *tx_block_pool_start;
    ULONG tx_block_pool_size;
    UINT tx_block_pool_block_size;
    UINT tx_block_pool_suspended_count;
    struct TX_BLOCK_POOL_STRUCT *tx_block_pool_created_next;
    struct TX_BLOCK_POOL_STRUCT *tx_block_pool_created_previous;
    /* private */
    TX_PORT_WAITER *tx_block_pool_port_suspension_list;
} TX_BLOCK_POOL;

/* TX_BYTE_POOL: variable-size allocations from the caller's memory (first fit). */
typedef struct TX_BYTE_POOL_STRUCT {
    ULONG tx_byte_pool_id;
    CHAR *tx_byte_pool_name;
    ULONG tx_byte_pool_available;
    UINT tx_byte_pool_fragments;
    UCHAR *tx_byte_pool_list;
    UCHAR *tx_byte_pool_start;
    ULONG tx_byte_pool_size;
    UINT tx_byte_pool_suspended_count;
    struct TX_BYTE_POOL_STRUCT *tx_byte_pool_created_next;
    struct TX_BYTE_POOL_STRUCT *tx_byte_pool_created_previous;
    /* private */
    TX_PORT_WAITER *tx_byte_pool_port_suspension_list;
} TX_BYTE_POOL;

/* TX_EVENT_FLAGS_GROUP: 32 event flags. */
typedef struct TX_EVENT_FLAGS_GROUP_STRUCT {
    ULONG tx_event_flags_group_id;
    CHAR *tx_event_flags_group_name;
    ULONG tx_event_flags_group_current;
    UINT tx_event_flags_group_suspended_count;
    struct TX_EVENT_FLAGS_GROUP_STRUCT *tx_event_flags_group_created_next;
    struct TX_EVENT_FLAGS_GROUP_STRUCT *tx_event_flags_group_created_previous;
    VOID (*tx_event_flags_group_set_notify)(struct TX_EVENT_FLAGS_GROUP_STRUCT *group_ptr);
    /* private */
    TX_PORT_WAITER *tx_event_flags_group_port_suspension_list;
} TX_EVENT_FLAGS_GROUP;

/* TX_MUTEX: a recursive mutex owned by the thread that got it. */
typedef struct TX_MUTEX_STRUCT {
    ULONG tx_mutex_id;
    CHAR *tx_mutex_name;
    UINT tx_mutex_ownership_count;
    TX_THREAD *tx_mutex_owner; /* NULL when a thread that is not a ThreadX thread owns it */
    UINT tx_mutex_inherit;
    UINT tx_mutex_original_priority;
    UINT tx_mutex_suspended_count;
    struct TX_MUTEX_STRUCT *tx_mutex_created_next;
    struct TX_MUTEX_STRUCT *tx_mutex_created_previous;
    /* private */
    TX_PORT_WAITER *tx_mutex_port_owner;
    TX_PORT_WAITER *tx_mutex_port_suspension_list;
    struct TX_MUTEX_STRUCT *tx_mutex_owned_next;
    struct TX_MUTEX_STRUCT *tx_mutex_owned_previous;
} TX_MUTEX;

/* TX_QUEUE: fixed-size messages of 1 to 16 ULONGs in the caller's memory. */
typedef struct TX_QUEUE_STRUCT {
    ULONG tx_queue_id;
    CHAR *tx_queue_name;
    UINT tx_queue_message_size;
    UINT tx_queue_capacity;
    UINT tx_queue_enqueued;
    UINT tx_queue_available_storage;
    ULONG *tx_queue_start;
    ULONG *tx_queue_end;
    ULONG *tx_queue_read;
    ULONG *tx_queue_write;
    UINT tx_queue_suspended_count;
    struct TX_QUEUE_STRUCT *tx_queue_created_next;
    struct TX_QUEUE_STRUCT *tx_queue_created_previous;
    VOID (*tx_queue_send_notify)(struct TX_QUEUE_STRUCT *queue_ptr);
    /* private */
    TX_PORT_WAITER *tx_queue_port_suspension_list;
} TX_QUEUE;

/* TX_SEMAPHORE: a counting semaphore. */
typedef struct TX_SEMAPHORE_STRUCT {
    ULONG tx_semaphore_id;
    CHAR *tx_semaphore_name;
    ULONG tx_semaphore_count;
    UINT tx_semaphore_suspended_count;
    struct TX_SEMAPHORE_STRUCT *tx_semaphore_created_next;
    struct TX_SEMAPHORE_STRUCT *tx_semaphore_created_previous;
    VOID (*tx_semaphore_put_notify)(struct TX_SEMAPHORE_STRUCT *semaphore_ptr);
    /* private */
    TX_PORT_WAITER *tx_semaphore_port_suspension_list;
} TX_SEMAPHORE;

/* tx_application_define is the application's: tx_kernel_enter calls it once with the free-memory area. */
VOID tx_application_define(VOID *first_unused_memory);

/* Kernel entry. tx_kernel_enter calls tx_application_define with a free area of TX_LINUX_MEMORY_SIZE bytes,
 * then starts the threads it created, in priority order, and returns when every ThreadX thread has completed
 * or been terminated (ThreadX never returns; a POSIX process must end somehow: docs/porting.md). */
VOID tx_kernel_enter(VOID);
VOID _tx_initialize_kernel_enter(VOID);

/* Interrupt control: TX_INT_DISABLE takes a process-wide lock that TX_INT_ENABLE releases, so that the
 * threads that use it exclude each other, as on one core. Returns the previous posture. */
UINT tx_interrupt_control(UINT new_posture);

UINT tx_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option);
UINT tx_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                          VOID *pool_start, ULONG pool_size);
UINT tx_block_pool_delete(TX_BLOCK_POOL *pool_ptr);
UINT tx_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name, ULONG *available_blocks,
                            ULONG *total_blocks, TX_THREAD **first_suspended,
                            ULONG *suspended_count, TX_BLOCK_POOL **next_pool);
UINT tx_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr);
UINT tx_block_release(VOID *block_ptr);

UINT tx_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                      ULONG wait_option);
UINT tx_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start, ULONG pool_size);
UINT tx_byte_pool_delete(TX_BYTE_POOL *pool_ptr);
UINT tx_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                           ULONG *fragments, TX_THREAD **first_suspended, ULONG *suspended_count,
                           TX_BYTE_POOL **next_pool);
UINT tx_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr);
UINT tx_byte_release(VOID *memory_ptr);

UINT tx_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr);
UINT tx_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr);
UINT tx_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags, UINT get_option,
                        ULONG *actual_flags_ptr, ULONG wait_option);
UINT tx_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name, ULONG *current_flags,
                             TX_THREAD **first_suspended, ULONG *suspended_count,
                             TX_EVENT_FLAGS_GROUP **next_group);
UINT tx_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set, UINT set_option);
UINT tx_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                               VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *notify_group_ptr));

UINT tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit);
UINT tx_mutex_delete(TX_MUTEX *mutex_ptr);
UINT tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option);
UINT tx_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                       TX_THREAD **first_suspended, ULONG *suspended_count, TX_MUTEX **next_mutex);
UINT tx_mutex_prioritize(TX_MUTEX *mutex_ptr);
UINT tx_mutex_put(TX_MUTEX *mutex_ptr);

UINT tx_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size, VOID *queue_start,
                     ULONG queue_size);
UINT tx_queue_delete(TX_QUEUE *queue_ptr);
UINT tx_queue_flush(TX_QUEUE *queue_ptr);
UINT tx_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued, ULONG *available_storage,
                       TX_THREAD **first_suspended, ULONG *suspended_count, TX_QUEUE **next_queue);
UINT tx_queue_prioritize(TX_QUEUE *queue_ptr);
UINT tx_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option);
UINT tx_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);
UINT tx_queue_send_notify(TX_QUEUE *queue_ptr,
                          VOID (*queue_send_notify)(TX_QUEUE *notify_queue_ptr));
UINT tx_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);

UINT tx_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling);
UINT tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count);
UINT tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr);
UINT tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option);
UINT tx_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name, ULONG *current_value,
                           TX_THREAD **first_suspended, ULONG *suspended_count,
                           TX_SEMAPHORE **next_semaphore);
UINT tx_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr);
UINT tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr);
UINT tx_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                             VOID (*semaphore_put_notify)(TX_SEMAPHORE *notify_semaphore_ptr));

UINT tx_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                      VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                      VOID *stack_start, ULONG stack_size, UINT priority, UINT preempt_threshold,
                      ULONG time_slice, UINT auto_start);
UINT tx_thread_delete(TX_THREAD *thread_ptr);
UINT tx_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                 VOID (*thread_entry_exit_notify)(TX_THREAD *notify_thread_ptr,
                                                                  UINT type));
TX_THREAD *tx_thread_identify(VOID);
UINT tx_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state, ULONG *run_count,
                        UINT *priority, UINT *preemption_threshold, ULONG *time_slice,
                        TX_THREAD **next_thread, TX_THREAD **next_suspended_thread);
UINT tx_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold, UINT *old_threshold);
UINT tx_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority, UINT *old_priority);
VOID tx_thread_relinquish(VOID);
UINT tx_thread_reset(TX_THREAD *thread_ptr);
UINT tx_thread_resume(TX_THREAD *thread_ptr);
UINT tx_thread_sleep(ULONG timer_ticks);
UINT tx_thread_stack_error_notify(VOID (*stack_error_handler)(TX_THREAD *thread_ptr));
UINT tx_thread_suspend(TX_THREAD *thread_ptr);
UINT tx_thread_terminate(TX_THREAD *thread_ptr);
UINT tx_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                 ULONG *old_time_slice);
UINT tx_thread_wait_abort(TX_THREAD *thread_ptr);

ULONG tx_time_get(VOID);
VOID tx_time_set(ULONG new_time);
UINT tx_timer_activate(TX_TIMER *timer_ptr);
UINT tx_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks);
UINT tx_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr, VOID (*expiration_function)(ULONG input),
                     ULONG expiration_input, ULONG initial_ticks, ULONG reschedule_ticks,
                     UINT auto_activate);
UINT tx_timer_deactivate(TX_TIMER *timer_ptr);
UINT tx_timer_delete(TX_TIMER *timer_ptr);
UINT tx_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active, ULONG *remaining_ticks,
                       ULONG *reschedule_ticks, TX_TIMER **next_timer);

#ifdef __cplusplus
}
#endif

#endif /* TX_API_H */
