/* SPDX-License-Identifier: MIT */
/* queue_test.c: ThreadX message queues (src/threadx/tx_queue.c): creation codes, FIFO order and front
 * sends across the ring's wrap, 1- and 16-ULONG messages copied exactly, full and empty queues with and
 * without waiting, a waiting receiver served directly, a waiting sender let in by a receive, flush,
 * delete, the send notification and info_get. */
#include <string.h>

#include "tx_util.h"

static TX_QUEUE queue;
static ULONG area[64];
static TX_THREAD th[2];
static UINT codes[2];
static ULONG received[16];
static UINT done;
static UINT notified;

static VOID receive_entry(ULONG i)
{
    codes[i] = tx_queue_receive(&queue, received, TX_WAIT_FOREVER);
    __atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
}

static VOID send_entry(ULONG i)
{
    ULONG message[2] = {1000 + i, 2000 + i};
    codes[i] = tx_queue_send(&queue, message, TX_WAIT_FOREVER);
    __atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
}

static VOID on_send(TX_QUEUE *q)
{
    if (q == &queue) {
        txu_set(&notified, notified + 1);
    }
}

static void test_codes(void)
{
    static TX_QUEUE never;
    memset(&never, 0, sizeof never);
    ULONG m[16] = {0};
    EXPECT_CODE(tx_queue_create(NULL, txu_name, TX_1_ULONG, area, sizeof area), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_create(&queue, txu_name, TX_1_ULONG, NULL, sizeof area), TX_PTR_ERROR);
    EXPECT_CODE(tx_queue_create(&queue, txu_name, 0, area, sizeof area), TX_SIZE_ERROR);
    EXPECT_CODE(tx_queue_create(&queue, txu_name, 17, area, sizeof area), TX_SIZE_ERROR);
    EXPECT_CODE(tx_queue_create(&queue, txu_name, TX_4_ULONG, area, 15), TX_SIZE_ERROR);
    EXPECT_CODE(tx_queue_send(&never, m, TX_NO_WAIT), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_receive(&never, m, TX_NO_WAIT), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_flush(&never), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_delete(&never), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_prioritize(&never), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_send_notify(&never, NULL), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_info_get(&never, NULL, NULL, NULL, NULL, NULL, NULL), TX_QUEUE_ERROR);

    /* 16-ULONG messages: all 64 bytes of each go through. */
    EXPECT_OK(tx_queue_create(&queue, txu_name, TX_16_ULONG, area, sizeof area));
    EXPECT_CODE(tx_queue_create(&queue, txu_name, TX_16_ULONG, area, sizeof area), TX_QUEUE_ERROR);
    EXPECT_CODE(tx_queue_send(&queue, NULL, TX_NO_WAIT), TX_PTR_ERROR);
    EXPECT_CODE(tx_queue_receive(&queue, NULL, TX_NO_WAIT), TX_PTR_ERROR);
    for (ULONG i = 0; i < 16; i++) {
        m[i] = 0xA0000000u + i;
    }
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    ULONG out[16];
    memset(out, 0, sizeof out);
    EXPECT_OK(tx_queue_receive(&queue, out, TX_NO_WAIT));
    EXPECT_MEM(out, m, sizeof m);
    EXPECT_OK(tx_queue_delete(&queue));
}

static void test_order(void)
{
    /* Room for 5 one-ULONG messages (the area's last bytes are too few for a sixth). */
    EXPECT_OK(tx_queue_create(&queue, txu_name, TX_1_ULONG, area, 5 * sizeof(ULONG) + 3));
    EXPECT_OK(tx_queue_send_notify(&queue, on_send));
    txu_set(&notified, 0);
    ULONG v = 0;
    EXPECT_CODE(tx_queue_receive(&queue, &v, TX_NO_WAIT), TX_QUEUE_EMPTY);
    /* Walk the ring round twice so that the indexes wrap, with a front send each lap. */
    for (ULONG lap = 0; lap < 2; lap++) {
        for (ULONG i = 1; i <= 4; i++) {
            ULONG x = lap * 100 + i;
            EXPECT_OK(tx_queue_send(&queue, &x, TX_NO_WAIT));
        }
        ULONG urgent = lap * 100 + 99;
        EXPECT_OK(tx_queue_front_send(&queue, &urgent, TX_NO_WAIT));
        ULONG x = 7;
        EXPECT_CODE(tx_queue_send(&queue, &x, TX_NO_WAIT), TX_QUEUE_FULL);
        EXPECT_CODE(tx_queue_front_send(&queue, &x, TX_NO_WAIT), TX_QUEUE_FULL);
        ULONG enqueued = 0, room = 9;
        EXPECT_OK(tx_queue_info_get(&queue, NULL, &enqueued, &room, NULL, NULL, NULL));
        EXPECT(enqueued == 5 && room == 0);
        EXPECT_OK(tx_queue_receive(&queue, &v, TX_NO_WAIT));
        EXPECT(v == urgent);
        for (ULONG i = 1; i <= 4; i++) {
            EXPECT_OK(tx_queue_receive(&queue, &v, TX_NO_WAIT));
            EXPECT(v == lap * 100 + i);
        }
    }
    EXPECT(txu_get(&notified) == 10);
    ULONG t0 = tx_time_get();
    EXPECT_CODE(tx_queue_receive(&queue, &v, 3), TX_QUEUE_EMPTY);
    EXPECT(tx_time_get() - t0 >= 3);
    EXPECT_OK(tx_queue_delete(&queue));
}

static void test_waiting(void)
{
    EXPECT_OK(tx_queue_create(&queue, txu_name, TX_2_ULONG, area, 2 * 2 * sizeof(ULONG)));
    /* A waiting receiver gets the message directly. */
    txu_set(&done, 0);
    memset(received, 0, sizeof received);
    EXPECT_OK(txu_create(&th[0], 0, receive_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_QUEUE_SUSP));
    ULONG m[2] = {5, 6};
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_OK(codes[0]);
    EXPECT(received[0] == 5 && received[1] == 6);
    EXPECT(txu_finish(&th[0]));
    ULONG enqueued = 9;
    EXPECT_OK(tx_queue_info_get(&queue, NULL, &enqueued, NULL, NULL, NULL, NULL));
    EXPECT(enqueued == 0);

    /* Full: a waiting sender gets in when a receive frees a place. */
    txu_set(&done, 0);
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    EXPECT_OK(txu_create(&th[0], 0, send_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_QUEUE_SUSP));
    TX_THREAD *first = NULL;
    ULONG waiting = 0;
    EXPECT_OK(tx_queue_info_get(&queue, NULL, NULL, NULL, &first, &waiting, NULL));
    EXPECT(first == &th[0] && waiting == 1);
    ULONG out[2];
    EXPECT_OK(tx_queue_receive(&queue, out, TX_NO_WAIT));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_OK(codes[0]);
    EXPECT(txu_finish(&th[0]));
    EXPECT_OK(tx_queue_receive(&queue, out, TX_NO_WAIT));
    EXPECT(out[0] == 5);
    EXPECT_OK(tx_queue_receive(&queue, out, TX_NO_WAIT));
    EXPECT(out[0] == 1000 && out[1] == 2000);

    /* Flush empties the queue and lets a waiting sender go (its message dropped); delete ends a wait. */
    txu_set(&done, 0);
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    EXPECT_OK(tx_queue_send(&queue, m, TX_NO_WAIT));
    EXPECT_OK(txu_create(&th[0], 0, send_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[0], TX_QUEUE_SUSP));
    EXPECT_OK(tx_queue_flush(&queue));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_OK(codes[0]);
    EXPECT(txu_finish(&th[0]));
    EXPECT_CODE(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_QUEUE_EMPTY);
    EXPECT_OK(txu_create(&th[1], 1, receive_entry, 1, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[1], TX_QUEUE_SUSP));
    EXPECT_OK(tx_queue_prioritize(&queue));
    EXPECT_OK(tx_queue_delete(&queue));
    EXPECT(txu_wait_value(&done, 2));
    EXPECT_CODE(codes[1], TX_DELETED);
    EXPECT(txu_finish(&th[1]));
}

int main(void)
{
    test_codes();
    test_order();
    test_waiting();
    return test_finish("threadx/queue");
}
