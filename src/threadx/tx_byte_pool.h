/* SPDX-License-Identifier: MIT */
/* tx_byte_pool.h: ThreadX byte pools: first-fit allocation of any size from the caller's memory.
 *
 * The pool is a chain of blocks, each opened by a two-word header: the address of the next block, and the
 * owning pool when the block is allocated (a free marker otherwise). A last, always-allocated header ends
 * the chain. Adjacent free blocks are merged as the search passes them; a block is split when the rest can
 * still hold a header and TXP_BYTE_BLOCK_MIN bytes. Sizes round up to ALIGN_TYPE and allocations are
 * ALIGN_TYPE-aligned. tx_byte_release finds the pool from the header, so it takes only the pointer.
 * A release serves the waiters in order, while the first one's request fits (as ThreadX). Declared in
 * tx_api.h. */
#ifndef TXP_BYTE_POOL_H
#define TXP_BYTE_POOL_H

#include "tx_api.h"

/* TXP_BYTE_POOL_ID marks a created pool ("BYTE", ThreadX's value). */
#define TXP_BYTE_POOL_ID ((ULONG)0x42595445)

/* The smallest pool ThreadX accepts, and the smallest block worth splitting off (ThreadX's values). */
#define TXP_BYTE_POOL_MIN  ((ULONG)100)
#define TXP_BYTE_BLOCK_MIN ((ULONG)20)

#endif /* TXP_BYTE_POOL_H */
