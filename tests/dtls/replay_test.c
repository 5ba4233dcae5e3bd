/* SPDX-License-Identifier: MIT */
/* replay_test: the RFC 6347 4.1.2.6 window at its edges, against a reference model of 64 remembered
 * sequence numbers. */
#include "dtls/dtls_replay.h"

#include "test.h"

#define MAX_SEQ ((uint64_t)0xFFFFFFFFFFFFull) /* 2^48 - 1 */

static void edges(void)
{
    struct dtls_replay w;
    dtls_replay_init(&w);
    /* Before anything is accepted every number is new, seq 0 and the largest included. */
    EXPECT(dtls_replay_check(&w, 0));
    EXPECT(dtls_replay_check(&w, MAX_SEQ));
    dtls_replay_accept(&w, 0);
    EXPECT(!dtls_replay_check(&w, 0));
    EXPECT(dtls_replay_check(&w, 1));
    EXPECT(w.top == 0 && w.bitmap == 1);

    /* First record far from 0: numbers below it inside the window are still new. */
    dtls_replay_init(&w);
    dtls_replay_accept(&w, 100);
    EXPECT(dtls_replay_check(&w, 99));
    EXPECT(dtls_replay_check(&w, 37));  /* 100 - 63: left edge, inside */
    EXPECT(!dtls_replay_check(&w, 36)); /* 100 - 64: outside */
    EXPECT(!dtls_replay_check(&w, 0));
    EXPECT(!dtls_replay_check(&w, 100));

    /* Jumps of 63, 64, 65: what stays remembered. */
    static const uint64_t jumps[] = {63, 64, 65};
    for (size_t j = 0; j < 3; j++) {
        dtls_replay_init(&w);
        dtls_replay_accept(&w, 1000);
        dtls_replay_accept(&w, 1000 + jumps[j]);
        EXPECT(w.top == 1000 + jumps[j]);
        /* 1000 is still in the window only when the jump is < 64, and then it is seen. */
        EXPECT(!dtls_replay_check(&w, 1000));
        EXPECT(dtls_replay_check(&w, 1001) ==
               (jumps[j] < 64 ? true : (1000 + jumps[j] - 1001 < 64)));
        EXPECT(!dtls_replay_check(&w, 1000 + jumps[j]));
        EXPECT(dtls_replay_check(&w, 1000 + jumps[j] - 1));
        EXPECT(dtls_replay_check(&w, 1000 + jumps[j] - 63) ==
               (jumps[j] != 63)); /* 1000 itself when 63 */
        EXPECT(!dtls_replay_check(&w, 1000 + jumps[j] - 64));
    }

    /* Up to 2^48 - 1. */
    dtls_replay_init(&w);
    dtls_replay_accept(&w, 5);
    dtls_replay_accept(&w, MAX_SEQ);
    EXPECT(w.top == MAX_SEQ && w.bitmap == 1);
    EXPECT(!dtls_replay_check(&w, MAX_SEQ));
    EXPECT(dtls_replay_check(&w, MAX_SEQ - 1));
    EXPECT(dtls_replay_check(&w, MAX_SEQ - 63));
    EXPECT(!dtls_replay_check(&w, MAX_SEQ - 64));
    EXPECT(!dtls_replay_check(&w, 5));
    dtls_replay_accept(&w, MAX_SEQ - 63);
    EXPECT(!dtls_replay_check(&w, MAX_SEQ - 63));
    EXPECT(w.bitmap == (1u | ((uint64_t)1 << 63)));

    /* Accepting what check rejects changes nothing (duplicate, too old). */
    struct dtls_replay before = w;
    dtls_replay_accept(&w, MAX_SEQ);
    dtls_replay_accept(&w, 3);
    EXPECT(w.top == before.top && w.bitmap == before.bitmap);

    /* check never moves the window. */
    dtls_replay_init(&w);
    dtls_replay_accept(&w, 10);
    before = w;
    EXPECT(dtls_replay_check(&w, 500));
    EXPECT(w.top == before.top && w.bitmap == before.bitmap && w.any == before.any);
}

/* A model: the set of accepted numbers, and the highest one. */
struct model {
    uint64_t seen[4096];
    size_t n;
    uint64_t top;
    int any;
};

static int model_seen(const struct model *m, uint64_t s)
{
    for (size_t i = 0; i < m->n; i++) {
        if (m->seen[i] == s) {
            return 1;
        }
    }
    return 0;
}

static int model_check(const struct model *m, uint64_t s)
{
    if (!m->any || s > m->top) {
        return 1;
    }
    return m->top - s < 64 && !model_seen(m, s);
}

static void against_model(void)
{
    /* Deterministic walk: mostly forward with duplicates, stragglers and jumps. */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int run = 0; run < 20; run++) {
        struct dtls_replay w;
        dtls_replay_init(&w);
        static struct model m;
        m.n = 0;
        m.any = 0;
        m.top = 0;
        uint64_t base = (uint64_t)run * 1000;
        unsigned mismatches = 0;
        for (int i = 0; i < 4000; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            uint64_t s;
            switch (x % 5) {
            case 0:
                s = m.top + 1 + (x >> 8) % 3;
                break;
            case 1:
                s = m.top >= 70 ? m.top - (x >> 8) % 70 : (x >> 8) % 70;
                break;
            case 2:
                s = m.top + (x >> 8) % 66;
                break;
            default:
                s = base + (uint64_t)i;
                break;
            }
            s &= MAX_SEQ;
            int want = model_check(&m, s);
            if (dtls_replay_check(&w, s) != (want != 0)) {
                mismatches++;
            }
            if (want && m.n < 4096) {
                dtls_replay_accept(&w, s);
                m.seen[m.n++] = s;
                if (!m.any || s > m.top) {
                    m.top = s;
                }
                m.any = 1;
            }
        }
        EXPECT(mismatches == 0);
    }
}

int main(void)
{
    edges();
    against_model();
    EXPECT(sizeof(struct dtls_replay) <= 24);
    return test_finish("dtls/replay");
}
