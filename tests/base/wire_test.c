/* SPDX-License-Identifier: MIT */
/* wire_test: the reader never reads past its window and consumes nothing on failure; the writer never
 * writes past its buffer and its overflow is sticky; length prefixes are checked both ways. */
#include <string.h>

#include "base/wire.h"
#include "test.h"

static void test_integers(void)
{
    static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A};
    struct wire_rd r = wire_rd_init(bytes, sizeof bytes);
    uint8_t u8;
    uint16_t u16;
    uint32_t u24;
    uint64_t u48;
    EXPECT(wire_get_u8(&r, &u8) && u8 == 0x01);
    EXPECT(wire_get_u16(&r, &u16) && u16 == 0x0203);
    EXPECT(wire_get_u24(&r, &u24) && u24 == 0x040506);
    EXPECT(r.len == 4);
    EXPECT(!wire_get_u48(&r, &u48)); /* 4 left: fails and consumes nothing */
    EXPECT(r.len == 4);
    uint32_t u32;
    EXPECT(wire_get_u32(&r, &u32) && u32 == 0x0708090A);
    EXPECT(wire_done(&r));
    EXPECT(!wire_get_u8(&r, &u8));
    struct wire_rd r48 = wire_rd_init(bytes, 6);
    EXPECT(wire_get_u48(&r48, &u48) && u48 == 0x010203040506ULL);
}

/* Every truncation of a well-formed vector fails without moving the reader. */
static void test_vec_truncations(void)
{
    static const uint8_t msg[] = {0x00, 0x03, 'a', 'b', 'c', 0xFF};
    for (size_t n = 0; n < 5; n++) {
        struct wire_rd r = wire_rd_init(msg, n);
        struct wire_rd body = {0};
        EXPECT(!wire_get_vec(&r, 2, &body));
        EXPECT(r.len == n && r.p == msg);
    }
    struct wire_rd r = wire_rd_init(msg, sizeof msg);
    struct wire_rd body;
    EXPECT(wire_get_vec(&r, 2, &body));
    EXPECT(body.len == 3 && memcmp(body.p, "abc", 3) == 0);
    EXPECT(r.len == 1);
    /* The body is a window of its own: reading it cannot reach the byte after it. */
    const uint8_t *p;
    EXPECT(!wire_get_bytes(&body, 4, &p));
    EXPECT(wire_get_bytes(&body, 3, &p) && wire_done(&body));
}

/* Overstated lengths of every prefix size, including ones that would wrap a size_t if added. */
static void test_vec_overstated(void)
{
    static const uint8_t huge[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    for (size_t prefix = 1; prefix <= 4; prefix++) {
        struct wire_rd r = wire_rd_init(huge, sizeof huge);
        struct wire_rd body;
        EXPECT(!wire_get_vec(&r, prefix, &body));
        EXPECT(r.len == sizeof huge);
    }
    struct wire_rd r = wire_rd_init(huge, sizeof huge);
    struct wire_rd body;
    EXPECT(!wire_get_vec(&r, 0, &body));
    EXPECT(!wire_get_vec(&r, 5, &body));
    EXPECT(!wire_get_sub(&r, SIZE_MAX, &body));
    EXPECT(!wire_skip(&r, sizeof huge + 1));
    EXPECT(wire_skip(&r, sizeof huge) && wire_done(&r));
}

static void test_empty_and_null(void)
{
    struct wire_rd r = wire_rd_init(NULL, 100); /* a NULL buffer is an empty window */
    uint8_t u8;
    EXPECT(r.len == 0);
    EXPECT(!wire_get_u8(&r, &u8));
    EXPECT(!wire_peek_u8(&r, &u8));
    uint8_t out[1];
    EXPECT(wire_get_copy(&r, out, 0));
    static const uint8_t zero_vec[] = {0x00};
    struct wire_rd z = wire_rd_init(zero_vec, 1);
    struct wire_rd body;
    EXPECT(wire_get_vec(&z, 1, &body) && body.len == 0 && wire_done(&z));
}

static void test_writer(void)
{
    uint8_t buf[8];
    memset(buf, 0xEE, sizeof buf);
    struct wire_wr w = wire_wr_init(buf, 6);
    wire_put_u16(&w, 0x0102);
    size_t vec = wire_open_vec(&w, 1);
    wire_put_bytes(&w, "xy", 2);
    wire_close_vec(&w, vec, 1);
    EXPECT(!w.overflow && w.len == 5);
    static const uint8_t want[] = {0x01, 0x02, 0x02, 'x', 'y'};
    EXPECT_MEM(buf, want, sizeof want);
    wire_put_u16(&w, 0xAAAA); /* needs 2, 1 left */
    EXPECT(w.overflow && w.len == 5);
    wire_put_u8(&w, 0xBB); /* sticky: even a fitting write does nothing */
    EXPECT(w.len == 5 && buf[5] == 0xEE && buf[6] == 0xEE);
    EXPECT(wire_reserve(&w, 0) == NULL);
}

static void test_writer_prefix_too_small(void)
{
    uint8_t buf[300];
    struct wire_wr w = wire_wr_init(buf, sizeof buf);
    size_t vec = wire_open_vec(&w, 1);
    uint8_t body[256] = {0};
    wire_put_bytes(&w, body, sizeof body); /* 256 does not fit a one-byte length */
    wire_close_vec(&w, vec, 1);
    EXPECT(w.overflow);

    struct wire_wr w24 = wire_wr_init(buf, sizeof buf);
    size_t v24 = wire_open_vec(&w24, 3);
    wire_put_bytes(&w24, body, 200);
    wire_close_vec(&w24, v24, 3);
    EXPECT(!w24.overflow && wire_load_be(buf, 3) == 200);

    struct wire_wr none = wire_wr_init(NULL, 10);
    wire_put_u8(&none, 1);
    EXPECT(none.overflow);
}

static void test_be_helpers(void)
{
    uint8_t b[8];
    wire_store_be(b, 0x0102030405060708ULL, 8);
    EXPECT(b[0] == 1 && b[7] == 8);
    EXPECT(wire_load_be(b, 8) == 0x0102030405060708ULL);
    wire_store_be(b, 0xABCDEF, 3);
    EXPECT(b[0] == 0xAB && b[2] == 0xEF && wire_load_be(b, 3) == 0xABCDEF);
}

int main(void)
{
    test_integers();
    test_vec_truncations();
    test_vec_overstated();
    test_empty_and_null();
    test_writer();
    test_writer_prefix_too_small();
    test_be_helpers();
    return test_finish("wire");
}
