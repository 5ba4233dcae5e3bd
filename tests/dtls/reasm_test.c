/* SPDX-License-Identifier: MIT */
/* reasm_test: handshake fragment parsing and reassembly (RFC 6347 4.2.3) with hostile fragments. */
#include "dtls/dtls_reasm.h"

#include <string.h>

#include "test.h"

static uint8_t msg[3][700];

static void fill(void)
{
    for (size_t m = 0; m < 3; m++) {
        for (size_t i = 0; i < sizeof msg[m]; i++) {
            msg[m][i] = (uint8_t)(i * 7 + m * 31 + 1);
        }
    }
}

static struct dtls_hs_frag frag(uint8_t type, uint16_t seq, const uint8_t *body, uint32_t len,
                                uint32_t off, uint32_t flen)
{
    struct dtls_hs_frag f = {.msg_type = type,
                             .msg_len = len,
                             .msg_seq = seq,
                             .frag_off = off,
                             .frag_len = flen,
                             .body = body + off};
    return f;
}

/* wire_frag encodes one fragment with its 12-byte header. */
static size_t wire_frag(uint8_t *out, uint8_t type, uint32_t len, uint16_t seq, uint32_t off,
                        uint32_t flen, const uint8_t *body, size_t body_bytes)
{
    struct wire_wr w = wire_wr_init(out, 2048);
    wire_put_u8(&w, type);
    wire_put_be(&w, len, 3);
    wire_put_u16(&w, seq);
    wire_put_be(&w, off, 3);
    wire_put_be(&w, flen, 3);
    wire_put_bytes(&w, body, body_bytes);
    return w.len;
}

static void parse(void)
{
    uint8_t buf[2048];
    struct dtls_hs_frag f;
    size_t n = wire_frag(buf, 2, 700, 5, 100, 50, msg[0] + 100, 50);
    struct wire_rd r = wire_rd_init(buf, n);
    EXPECT(dtls_hs_frag_next(&r, &f));
    EXPECT(f.msg_type == 2 && f.msg_len == 700 && f.msg_seq == 5 && f.frag_off == 100 &&
           f.frag_len == 50);
    EXPECT(f.body == buf + 12 && wire_done(&r));
    /* Truncated at every length: false and the reader unchanged. */
    for (size_t cut = 0; cut < n; cut++) {
        r = wire_rd_init(buf, cut);
        EXPECT(!dtls_hs_frag_next(&r, &f));
        EXPECT(r.len == cut);
    }
    /* Fragment past the message end, by one and by wrapping amounts. */
    n = wire_frag(buf, 2, 100, 0, 51, 50, msg[0], 50);
    r = wire_rd_init(buf, n);
    EXPECT(!dtls_hs_frag_next(&r, &f));
    n = wire_frag(buf, 2, 100, 0, 0xFFFFFF, 2, msg[0], 2);
    r = wire_rd_init(buf, n);
    EXPECT(!dtls_hs_frag_next(&r, &f));
    n = wire_frag(buf, 2, 100, 0, 0, 101, msg[0], 101);
    r = wire_rd_init(buf, n);
    EXPECT(!dtls_hs_frag_next(&r, &f));
    /* Exactly at the end is fine, an empty fragment too. */
    n = wire_frag(buf, 2, 100, 0, 50, 50, msg[0], 50);
    r = wire_rd_init(buf, n);
    EXPECT(dtls_hs_frag_next(&r, &f));
    n = wire_frag(buf, 14, 0, 3, 0, 0, msg[0], 0);
    r = wire_rd_init(buf, n);
    EXPECT(dtls_hs_frag_next(&r, &f) && f.msg_len == 0 && f.frag_len == 0);
    /* Two fragments in one record. */
    n = wire_frag(buf, 2, 700, 1, 0, 10, msg[0], 10);
    n += wire_frag(buf + n, 2, 700, 1, 10, 10, msg[0] + 10, 10);
    r = wire_rd_init(buf, n);
    EXPECT(dtls_hs_frag_next(&r, &f) && f.frag_off == 0);
    EXPECT(dtls_hs_frag_next(&r, &f) && f.frag_off == 10 && wire_done(&r));
}

static int take_is(struct dtls_reasm *r, uint16_t seq, uint8_t type, const uint8_t *want,
                   uint32_t len)
{
    uint8_t t;
    const uint8_t *body;
    uint32_t l;
    return dtls_reasm_take(r, seq, &t, &body, &l) && t == type && l == len &&
           memcmp(body, want, len) == 0;
}

static void reassemble(void)
{
    static uint8_t buf[4096];
    struct dtls_reasm r;
    uint8_t t;
    const uint8_t *b;
    uint32_t l;

    /* Out of order, overlapping, duplicated, with different boundaries. */
    dtls_reasm_init(&r, buf, sizeof buf);
    struct dtls_hs_frag f = frag(11, 0, msg[0], 700, 600, 100);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l));
    f = frag(11, 0, msg[0], 700, 0, 300);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT_OK(dtls_reasm_add(&r, 0, &f)); /* duplicate */
    f = frag(11, 0, msg[0], 700, 250, 100);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l));
    /* 350 .. 599 missing; a byte counter would now say 300 + 100 + 100 + 300 (dup) >= 700. */
    f = frag(11, 0, msg[0], 700, 349, 250);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l)); /* byte 599 still missing */
    f = frag(11, 0, msg[0], 700, 599, 1);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 11, msg[0], 700));
    dtls_reasm_release(&r, 0);
    EXPECT(r.used == 0);

    /* Byte-by-byte, backwards. */
    dtls_reasm_init(&r, buf, sizeof buf);
    for (uint32_t i = 700; i > 0; i--) {
        EXPECT(!dtls_reasm_take(&r, 3, &t, &b, &l));
        f = frag(2, 3, msg[1], 700, i - 1, 1);
        EXPECT_OK(dtls_reasm_add(&r, 3, &f));
    }
    EXPECT(take_is(&r, 3, 2, msg[1], 700));

    /* Conflicting length or type for a seq already seen: the newer claim replaces the older (a forged fragment
     * must not keep the peer's retransmission out, docs/security.md). */
    dtls_reasm_init(&r, buf, sizeof buf);
    f = frag(2, 0, msg[0], 100, 0, 50);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    f = frag(2, 0, msg[0], 120, 50, 70);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    f = frag(3, 0, msg[0], 100, 50, 50);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l));
    f = frag(2, 0, msg[0], 100, 50, 50); /* replaces type 3: only 50..99 held */
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l));
    f = frag(2, 0, msg[0], 100, 0, 50);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 2, msg[0], 100));
    /* A whole forged message, then the genuine one with other bytes: the genuine one is what is taken. */
    dtls_reasm_init(&r, buf, sizeof buf);
    f = frag(2, 0, msg[1], 100, 0, 100);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    f = frag(2, 0, msg[0], 100, 0, 60);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 0, &t, &b, &l)); /* started again from the new bytes */
    f = frag(2, 0, msg[0], 100, 40, 60);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 2, msg[0], 100));
    f = frag(2, 0, msg[0], 100, 10, 20); /* the same bytes again: kept as is */
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 2, msg[0], 100));

    /* message_seq below next: ignored. */
    dtls_reasm_init(&r, buf, sizeof buf);
    f = frag(2, 4, msg[0], 100, 0, 100);
    EXPECT_OK(dtls_reasm_add(&r, 5, &f));
    EXPECT(!dtls_reasm_take(&r, 4, &t, &b, &l));
    EXPECT(r.used == 0);

    /* Zero-length message (ServerHelloDone). */
    dtls_reasm_init(&r, buf, sizeof buf);
    f = frag(14, 2, msg[0], 0, 0, 0);
    EXPECT_OK(dtls_reasm_add(&r, 2, &f));
    EXPECT(dtls_reasm_take(&r, 2, &t, &b, &l) && t == 14 && l == 0);

    /* Four interleaved messages of one flight, fragments round-robin, the next one last to finish. */
    dtls_reasm_init(&r, buf, sizeof buf);
    uint32_t lens[4] = {300, 700, 0, 450};
    const uint8_t *bodies[4] = {msg[0], msg[1], msg[2], msg[2]};
    for (uint32_t off = 0; off < 700; off += 90) {
        for (int m = 3; m >= 0; m--) {
            if (off < lens[m] || (lens[m] == 0 && off == 0)) {
                uint32_t n = lens[m] - off < 90 ? lens[m] - off : 90;
                f = frag((uint8_t)(m + 1), (uint16_t)(10 + m), bodies[m], lens[m], off, n);
                EXPECT_OK(dtls_reasm_add(&r, 10, &f));
            }
        }
    }
    for (uint16_t m = 0; m < 4; m++) {
        EXPECT(take_is(&r, (uint16_t)(10 + m), (uint8_t)(m + 1), bodies[m], lens[m]));
        dtls_reasm_release(&r, (uint16_t)(10 + m));
    }
    EXPECT(r.used == 0);
    /* A fifth message beyond the four slots' reach is dropped (the peer retransmits). */
    dtls_reasm_init(&r, buf, sizeof buf);
    f = frag(1, 14, msg[0], 10, 0, 10);
    EXPECT_OK(dtls_reasm_add(&r, 10, &f));
    EXPECT(!dtls_reasm_take(&r, 14, &t, &b, &l));
    EXPECT(r.used == 0);

    /* Oversize: the next message can never fit -> BUFFER_TOO_SMALL; a later one is just dropped. */
    static uint8_t small[400];
    dtls_reasm_init(&r, small, sizeof small);
    f = frag(11, 0, msg[0], 400, 0, 10);
    EXPECT_CODE(dtls_reasm_add(&r, 0, &f), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    f = frag(11, 0, msg[0], 0xFFFFFF, 0, 10);
    EXPECT_CODE(dtls_reasm_add(&r, 0, &f), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    f = frag(11, 1, msg[0], 400, 0, 10);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(r.used == 0);
    /* dtls_reasm_need(355) = 355 + 45 = 400: fits exactly. */
    f = frag(11, 0, msg[0], 355, 0, 355);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 11, msg[0], 355));
    /* Later messages filled the buffer; the next one evicts them to fit. */
    dtls_reasm_init(&r, small, sizeof small);
    f = frag(11, 1, msg[1], 300, 0, 300);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    f = frag(11, 0, msg[0], 200, 0, 200);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(take_is(&r, 0, 11, msg[0], 200));
    EXPECT(!dtls_reasm_take(&r, 1, &t, &b, &l));
    /* A later message that does not fit what is left is dropped. */
    f = frag(11, 1, msg[1], 300, 0, 300);
    EXPECT_OK(dtls_reasm_add(&r, 0, &f));
    EXPECT(!dtls_reasm_take(&r, 1, &t, &b, &l));
    dtls_reasm_release(&r, 0);
    EXPECT(r.used == 0);
    EXPECT_OK(dtls_reasm_add(&r, 1, &f));
    EXPECT(take_is(&r, 1, 11, msg[1], 300));
    /* reset forgets everything. */
    dtls_reasm_reset(&r);
    EXPECT(r.used == 0 && !dtls_reasm_take(&r, 1, &t, &b, &l));
}

int main(void)
{
    fill();
    parse();
    reassemble();
    return test_finish("dtls/reasm");
}
