/* SPDX-License-Identifier: MIT */
/* tx_queue.h: ThreadX message queues: messages of 1 to 16 ULONGs (TX_1_ULONG .. TX_16_ULONG) in a ring in
 * the caller's memory. A send to an empty queue with a receiver waiting goes straight to that receiver; a
 * receive from a full queue with senders waiting takes the first sender's message in. Flushing resumes the
 * senders waiting on a full queue (their messages are dropped, as in ThreadX). Declared in tx_api.h. */
#ifndef TXP_QUEUE_H
#define TXP_QUEUE_H

#include "tx_api.h"

/* TXP_QUEUE_ID marks a created queue ("QUEU", ThreadX's value). */
#define TXP_QUEUE_ID ((ULONG)0x51554555)

#endif /* TXP_QUEUE_H */
