/* SPDX-License-Identifier: MIT */
/* ct.h: constant-time helpers and secret wiping (docs/style.md 2.8). Nothing here branches on its inputs. */
#ifndef NXD_CT_H
#define NXD_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* ct_equal returns true iff the n bytes at a and b match; its time depends on n only. */
NXD_MUST_USE bool ct_equal(const void *a, const void *b, size_t n);

/* ct_wipe overwrites n bytes at p with zeros in a way the compiler may not drop. */
void ct_wipe(void *p, size_t n);

/* ct_mask_eq returns all-ones when a == b and zero otherwise, without a branch. */
uint32_t ct_mask_eq(uint32_t a, uint32_t b);

/* ct_mask_lt returns all-ones when a < b and zero otherwise; a and b must be < 2^31, so a - b borrows
 * into bit 31 exactly when a < b. */
uint32_t ct_mask_lt(uint32_t a, uint32_t b);

/* ct_mask_nonzero returns all-ones when x != 0. */
uint32_t ct_mask_nonzero(uint32_t x);

/* ct_select_u8 returns a where mask is all-ones and b where it is zero. */
uint8_t ct_select_u8(uint32_t mask, uint8_t a, uint8_t b);

#endif /* NXD_CT_H */
