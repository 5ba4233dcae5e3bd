/* SPDX-License-Identifier: MIT */
#include "ct.h"

#include <string.h>

bool ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++) {
        diff |= (uint8_t)(x[i] ^ y[i]);
    }
    return diff == 0;
}

void ct_wipe(void *p, size_t n)
{
    if (p != NULL && n != 0) {
        memset(p, 0, n);
        /* The empty asm claims to read the memory at p, so the compiler cannot drop the store as dead. */
        __asm__ __volatile__("" : : "r"(p) : "memory");
    }
}

uint32_t ct_mask_nonzero(uint32_t x)
{
    /* x | -x has bit 31 set exactly when x != 0. */
    return (uint32_t)0 - ((x | ((uint32_t)0 - x)) >> 31);
}

uint32_t ct_mask_eq(uint32_t a, uint32_t b)
{
    return ~ct_mask_nonzero(a ^ b);
}

uint32_t ct_mask_lt(uint32_t a, uint32_t b)
{
    return (uint32_t)0 - ((a - b) >> 31);
}

uint8_t ct_select_u8(uint32_t mask, uint8_t a, uint8_t b)
{
    return (uint8_t)((a & mask) | (b & ~mask));
}
