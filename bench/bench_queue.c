/* SPDX-License-Identifier: MIT */
#include "bench_queue.h"

#include <string.h>

void bench_queue_reset(struct bench_queue *q)
{
    q->head = 0;
    q->count = 0;
}

int bench_queue_push(struct bench_queue *q, const uint8_t *data, size_t len)
{
    if (q->count == BENCH_QUEUE_SLOTS || len > BENCH_DGRAM_MAX) {
        return -1;
    }
    size_t at = (q->head + q->count) % BENCH_QUEUE_SLOTS;
    memcpy(q->data[at], data, len);
    q->len[at] = len;
    q->count++;
    return 0;
}

uint8_t *bench_queue_peek(struct bench_queue *q, size_t *len)
{
    if (q->count == 0) {
        return NULL;
    }
    *len = q->len[q->head];
    return q->data[q->head];
}

void bench_queue_pop(struct bench_queue *q)
{
    if (q->count != 0) {
        q->head = (q->head + 1) % BENCH_QUEUE_SLOTS;
        q->count--;
    }
}
