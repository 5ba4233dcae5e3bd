/* SPDX-License-Identifier: MIT */
/* test.h: the small assertion kit every test uses. A failed check prints where and why and counts;
 * test_finish prints "N passed, N failed" and returns the exit status. */
#ifndef NXDTLS_TEST_H
#define NXDTLS_TEST_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern unsigned test_passed;
extern unsigned test_failed;

#define EXPECT(cond)                                                          \
    do {                                                                      \
        if (cond) {                                                           \
            test_passed++;                                                    \
        } else {                                                              \
            test_failed++;                                                    \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
        }                                                                     \
    } while (0)

/* EXPECT_CODE checks that an expression returns exactly the NetX code expected. */
#define EXPECT_CODE(expr, code)                                                                 \
    do {                                                                                        \
        unsigned long got_ = (unsigned long)(expr);                                             \
        unsigned long want_ = (unsigned long)(code);                                            \
        if (got_ == want_) {                                                                    \
            test_passed++;                                                                      \
        } else {                                                                                \
            test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: %s returned 0x%lx, expected %s (0x%lx)\n", __FILE__, __LINE__, \
                    #expr, got_, #code, want_);                                                 \
        }                                                                                       \
    } while (0)

#define EXPECT_OK(expr) EXPECT_CODE(expr, 0)

/* EXPECT_MEM checks n bytes against the expected bytes. */
#define EXPECT_MEM(got, want, n)                                                            \
    do {                                                                                    \
        if (test_mem_equal((got), (want), (n))) {                                           \
            test_passed++;                                                                  \
        } else {                                                                            \
            test_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s differs from %s\n", __FILE__, __LINE__, #got, #want); \
        }                                                                                   \
    } while (0)

int test_mem_equal(const void *a, const void *b, size_t n);

/* test_finish prints the closing line and returns 0 when nothing failed and something passed. */
int test_finish(const char *name);

/* test_hex_decode decodes hex into out (capacity cap); returns the byte count or -1. */
long test_hex_decode(const char *hex, uint8_t *out, size_t cap);

/* test_read_file reads a file relative to the tests/ folder into buf; returns bytes read or -1. */
long test_read_file(const char *relative_path, uint8_t *buf, size_t cap);

#endif /* NXDTLS_TEST_H */
