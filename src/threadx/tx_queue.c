/* SPDX-License-Identifier: MIT */
/* tx_queue.c: ThreadX message queues (see tx_queue.h). Codes as ThreadX's error-checking layer returns
 * them: a NULL or uncreated queue is TX_QUEUE_ERROR, a NULL message pointer or queue area TX_PTR_ERROR, a
 * message size outside 1..16 ULONGs or an area too small for one message TX_SIZE_ERROR, a send to a full
 * queue TX_QUEUE_FULL, a receive from an empty one TX_QUEUE_EMPTY. */
#include "tx_queue.h"

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

/* What a waiter on a queue is doing (its waiter's option). */
#define TXP_QUEUE_RECEIVE    ((UINT)0)
#define TXP_QUEUE_SEND       ((UINT)1)
#define TXP_QUEUE_FRONT_SEND ((UINT)2)

static struct txp_created txp_queues =
    TXP_CREATED_INIT(TX_QUEUE, tx_queue_created_next, tx_queue_created_previous);

static bool txp_queue_valid(TX_QUEUE *q)
{
    return q != NULL && q->tx_queue_id == TXP_QUEUE_ID && txp_created_contains(&txp_queues, q);
}

static size_t txp_message_bytes(const TX_QUEUE *q)
{
    return (size_t)q->tx_queue_message_size * sizeof(ULONG);
}

/* txp_queue_store puts a message in the ring, at the back or (front) before the next one to read. */
static void txp_queue_store(TX_QUEUE *q, const void *message, bool front)
{
    if (front) {
        if (q->tx_queue_read == q->tx_queue_start) {
            q->tx_queue_read = q->tx_queue_end;
        }
        q->tx_queue_read -= q->tx_queue_message_size;
        memcpy(q->tx_queue_read, message, txp_message_bytes(q));
    } else {
        memcpy(q->tx_queue_write, message, txp_message_bytes(q));
        q->tx_queue_write += q->tx_queue_message_size;
        if (q->tx_queue_write == q->tx_queue_end) {
            q->tx_queue_write = q->tx_queue_start;
        }
    }
    q->tx_queue_enqueued++;
    q->tx_queue_available_storage--;
}

/* txp_queue_take copies the oldest message out of the ring. */
static void txp_queue_take(TX_QUEUE *q, void *message)
{
    memcpy(message, q->tx_queue_read, txp_message_bytes(q));
    q->tx_queue_read += q->tx_queue_message_size;
    if (q->tx_queue_read == q->tx_queue_end) {
        q->tx_queue_read = q->tx_queue_start;
    }
    q->tx_queue_enqueued--;
    q->tx_queue_available_storage++;
}

NXDTLS_API UINT tx_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size,
                                VOID *queue_start, ULONG queue_size)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (queue_ptr == NULL || txp_created_contains(&txp_queues, queue_ptr)) {
        status = TX_QUEUE_ERROR;
    } else if (queue_start == NULL) {
        status = TX_PTR_ERROR;
    } else if (message_size < TX_1_ULONG || message_size > TX_16_ULONG ||
               queue_size / (message_size * sizeof(ULONG)) == 0) {
        status = TX_SIZE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        UINT capacity = (UINT)(queue_size / (message_size * sizeof(ULONG)));
        memset(queue_ptr, 0, sizeof *queue_ptr);
        queue_ptr->tx_queue_name = name_ptr;
        queue_ptr->tx_queue_message_size = message_size;
        queue_ptr->tx_queue_capacity = capacity;
        queue_ptr->tx_queue_available_storage = capacity;
        queue_ptr->tx_queue_start = queue_start;
        queue_ptr->tx_queue_end = queue_ptr->tx_queue_start + (size_t)capacity * message_size;
        queue_ptr->tx_queue_read = queue_ptr->tx_queue_start;
        queue_ptr->tx_queue_write = queue_ptr->tx_queue_start;
        queue_ptr->tx_queue_id = TXP_QUEUE_ID;
        txp_created_add(&txp_queues, queue_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_queue_delete(TX_QUEUE *queue_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_queue_valid(queue_ptr)) {
        status = TX_QUEUE_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_queues, queue_ptr);
        queue_ptr->tx_queue_id = 0;
        txp_wake_all(&queue_ptr->tx_queue_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

/* txp_queue_send is tx_queue_send (front false) and tx_queue_front_send (front true). */
static UINT txp_queue_send(TX_QUEUE *q, VOID *source, ULONG wait_option, bool front)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_queue_valid(q)) {
        status = TX_QUEUE_ERROR;
    } else if (source == NULL) {
        status = TX_PTR_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else if (q->tx_queue_enqueued == 0 && q->tx_queue_port_suspension_list != NULL) {
        /* Only receivers wait on an empty queue: the first one gets the message directly. */
        TX_PORT_WAITER *receiver = q->tx_queue_port_suspension_list;
        memcpy(receiver->tx_port_waiter_data, source, txp_message_bytes(q));
        txp_wake(receiver, TX_SUCCESS);
    } else if (q->tx_queue_available_storage > 0) {
        txp_queue_store(q, source, front);
    } else if (wait_option == TX_NO_WAIT) {
        status = TX_QUEUE_FULL;
    } else {
        TX_PORT_WAITER *self = txp_self();
        self->tx_port_waiter_data = source;
        self->tx_port_waiter_option = front ? TXP_QUEUE_FRONT_SEND : TXP_QUEUE_SEND;
        status = txp_wait(&q->tx_queue_port_suspension_list, &q->tx_queue_suspended_count,
                          TX_QUEUE_SUSP, wait_option, TX_QUEUE_FULL);
    }
    VOID (*notify)(TX_QUEUE *) = status == TX_SUCCESS ? q->tx_queue_send_notify : NULL;
    txp_unlock();
    if (notify != NULL) {
        notify(q);
    }
    return status;
}

NXDTLS_API UINT tx_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    return txp_queue_send(queue_ptr, source_ptr, wait_option, false);
}

NXDTLS_API UINT tx_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    return txp_queue_send(queue_ptr, source_ptr, wait_option, true);
}

NXDTLS_API UINT tx_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_queue_valid(queue_ptr)) {
        status = TX_QUEUE_ERROR;
    } else if (destination_ptr == NULL) {
        status = TX_PTR_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else if (queue_ptr->tx_queue_enqueued > 0) {
        txp_queue_take(queue_ptr, destination_ptr);
        /* Only senders wait on a non-empty queue: the first one's message takes the freed place. */
        TX_PORT_WAITER *sender = queue_ptr->tx_queue_port_suspension_list;
        if (sender != NULL) {
            txp_queue_store(queue_ptr, sender->tx_port_waiter_data,
                            sender->tx_port_waiter_option == TXP_QUEUE_FRONT_SEND);
            txp_wake(sender, TX_SUCCESS);
        }
    } else if (wait_option == TX_NO_WAIT) {
        status = TX_QUEUE_EMPTY;
    } else {
        TX_PORT_WAITER *self = txp_self();
        self->tx_port_waiter_data = destination_ptr;
        self->tx_port_waiter_option = TXP_QUEUE_RECEIVE;
        status = txp_wait(&queue_ptr->tx_queue_port_suspension_list,
                          &queue_ptr->tx_queue_suspended_count, TX_QUEUE_SUSP, wait_option,
                          TX_QUEUE_EMPTY);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_queue_flush(TX_QUEUE *queue_ptr)
{
    txp_enter();
    if (!txp_queue_valid(queue_ptr)) {
        txp_unlock();
        return TX_QUEUE_ERROR;
    }
    if (queue_ptr->tx_queue_enqueued != 0) {
        queue_ptr->tx_queue_enqueued = 0;
        queue_ptr->tx_queue_available_storage = queue_ptr->tx_queue_capacity;
        queue_ptr->tx_queue_read = queue_ptr->tx_queue_start;
        queue_ptr->tx_queue_write = queue_ptr->tx_queue_start;
        /* Waiters on a non-empty queue are senders: they return TX_SUCCESS, their messages dropped. */
        txp_wake_all(&queue_ptr->tx_queue_port_suspension_list, TX_SUCCESS);
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued,
                                  ULONG *available_storage, TX_THREAD **first_suspended,
                                  ULONG *suspended_count, TX_QUEUE **next_queue)
{
    txp_enter();
    if (!txp_queue_valid(queue_ptr)) {
        txp_unlock();
        return TX_QUEUE_ERROR;
    }
    if (name != NULL) {
        *name = queue_ptr->tx_queue_name;
    }
    if (enqueued != NULL) {
        *enqueued = queue_ptr->tx_queue_enqueued;
    }
    if (available_storage != NULL) {
        *available_storage = queue_ptr->tx_queue_available_storage;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(queue_ptr->tx_queue_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = queue_ptr->tx_queue_suspended_count;
    }
    if (next_queue != NULL) {
        *next_queue = queue_ptr->tx_queue_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_queue_prioritize(TX_QUEUE *queue_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_queue_valid(queue_ptr)) {
        status = TX_QUEUE_ERROR;
    } else {
        txp_prioritize(&queue_ptr->tx_queue_port_suspension_list);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_queue_send_notify(TX_QUEUE *queue_ptr, VOID (*queue_send_notify)(TX_QUEUE *))
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_queue_valid(queue_ptr)) {
        status = TX_QUEUE_ERROR;
    } else {
        queue_ptr->tx_queue_send_notify = queue_send_notify;
    }
    txp_unlock();
    return status;
}
