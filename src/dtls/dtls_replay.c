/* SPDX-License-Identifier: MIT */
/* dtls_replay.c: RFC 6347 4.1.2.6 sliding window. Bit i of bitmap stands for sequence number top - i, so
 * bit 0 is top itself; moving top up shifts the bitmap left by the distance. */
#include "dtls/dtls_replay.h"

#define WINDOW 64u

void dtls_replay_init(struct dtls_replay *w)
{
    w->top = 0;
    w->bitmap = 0;
    w->any = 0;
}

bool dtls_replay_check(const struct dtls_replay *w, uint64_t seq)
{
    if (!w->any || seq > w->top) {
        return true;
    }
    uint64_t behind = w->top - seq;
    if (behind >= WINDOW) {
        /* RFC 6347 4.1.2.6: records older than the window's left edge are rejected. */
        return false;
    }
    return ((w->bitmap >> behind) & 1u) == 0;
}

void dtls_replay_accept(struct dtls_replay *w, uint64_t seq)
{
    if (!dtls_replay_check(w, seq)) {
        return;
    }
    if (!w->any) {
        w->any = 1;
        w->top = seq;
        w->bitmap = 1;
        return;
    }
    if (seq > w->top) {
        uint64_t ahead = seq - w->top;
        /* A shift by 64 or more is undefined in C; the whole old window falls off then. */
        w->bitmap = ahead >= WINDOW ? 1u : (w->bitmap << ahead) | 1u;
        w->top = seq;
        return;
    }
    w->bitmap |= (uint64_t)1u << (w->top - seq);
}
