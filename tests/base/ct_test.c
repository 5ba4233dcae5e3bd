/* SPDX-License-Identifier: MIT */
/* ct_test: constant-time helpers give the right answers on every edge, and wiping clears. */
#include <string.h>

#include "base/ct.h"
#include "test.h"

int main(void)
{
    uint8_t a[32], b[32];
    memset(a, 0x5A, sizeof a);
    memcpy(b, a, sizeof b);
    EXPECT(ct_equal(a, b, sizeof a));
    EXPECT(ct_equal(a, b, 0));
    for (size_t i = 0; i < sizeof a; i++) {
        for (unsigned bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            EXPECT(!ct_equal(a, b, sizeof a));
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    EXPECT(ct_mask_eq(7, 7) == 0xFFFFFFFFu);
    EXPECT(ct_mask_eq(7, 8) == 0);
    EXPECT(ct_mask_eq(0, 0x80000000u) == 0);
    EXPECT(ct_mask_nonzero(0) == 0);
    EXPECT(ct_mask_nonzero(1) == 0xFFFFFFFFu);
    EXPECT(ct_mask_nonzero(0x80000000u) == 0xFFFFFFFFu);
    EXPECT(ct_mask_lt(3, 4) == 0xFFFFFFFFu);
    EXPECT(ct_mask_lt(4, 4) == 0);
    EXPECT(ct_mask_lt(5, 4) == 0);
    EXPECT(ct_mask_lt(0, 0x7FFFFFFFu) == 0xFFFFFFFFu);
    EXPECT(ct_select_u8(0xFFFFFFFFu, 0x11, 0x22) == 0x11);
    EXPECT(ct_select_u8(0, 0x11, 0x22) == 0x22);
    ct_wipe(a, sizeof a);
    uint8_t zero[32] = {0};
    EXPECT_MEM(a, zero, sizeof a);
    ct_wipe(NULL, 10); /* must not crash */
    return test_finish("ct");
}
