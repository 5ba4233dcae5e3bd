/* SPDX-License-Identifier: MIT */
/* tx_block_pool.h: ThreadX block pools: fixed-size blocks carved from the caller's memory, each preceded by
 * one ALIGN_TYPE word that links it into the free list while free and names its pool while allocated (so
 * tx_block_release takes only the block). Block sizes round up to ALIGN_TYPE. A release hands the block to
 * the first waiter, if any. Declared in tx_api.h. */
#ifndef TXP_BLOCK_POOL_H
#define TXP_BLOCK_POOL_H

#include "tx_api.h"

/* TXP_BLOCK_POOL_ID marks a created pool ("BLOC", ThreadX's value). */
#define TXP_BLOCK_POOL_ID ((ULONG)0x424C4F43)

#endif /* TXP_BLOCK_POOL_H */
