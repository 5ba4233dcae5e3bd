/* SPDX-License-Identifier: MIT */
/* bench_queue.h: an in-memory datagram queue, one per direction of a benchmarked association. Datagrams
 * keep their boundaries, as UDP does; nothing is lost or reordered. */
#ifndef NXDTLS_BENCH_QUEUE_H
#define NXDTLS_BENCH_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_QUEUE_SLOTS 64
#define BENCH_DGRAM_MAX   17408 /* a whole 2^14-byte record and its overhead */

struct bench_queue {
    size_t head;
    size_t count;
    size_t len[BENCH_QUEUE_SLOTS];
    uint8_t data[BENCH_QUEUE_SLOTS][BENCH_DGRAM_MAX];
};

void bench_queue_reset(struct bench_queue *q);

/* bench_queue_push copies a datagram in; returns 0, or -1 when the queue is full or it is too long. */
int bench_queue_push(struct bench_queue *q, const uint8_t *data, size_t len);

/* bench_queue_peek returns the oldest datagram (NULL when empty); bench_queue_pop removes it. */
uint8_t *bench_queue_peek(struct bench_queue *q, size_t *len);
void bench_queue_pop(struct bench_queue *q);

#endif /* NXDTLS_BENCH_QUEUE_H */
