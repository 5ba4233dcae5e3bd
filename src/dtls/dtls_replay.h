/* SPDX-License-Identifier: MIT */
/* dtls_replay.h: the 64-record anti-replay window of RFC 6347 4.1.2.6, one per epoch and direction.
 * The window only moves for records that authenticated: check first, open, then accept. */
#ifndef NXD_DTLS_REPLAY_H
#define NXD_DTLS_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

struct dtls_replay {
    uint64_t top;    /* highest sequence number accepted */
    uint64_t bitmap; /* bit i set: top - i was accepted */
    uint8_t any;     /* nonzero once something was accepted */
};

/* dtls_replay_init empties the window (a new epoch). */
void dtls_replay_init(struct dtls_replay *w);

/* dtls_replay_check returns true when seq is new: above top, or inside the window and unseen. Records older than
 * the window (top - seq >= 64) are false. Does not change the window. */
bool dtls_replay_check(const struct dtls_replay *w, uint64_t seq);

/* dtls_replay_accept marks seq seen; call only after the record authenticated (RFC 6347 4.1.2.6). Accepting a
 * seq that dtls_replay_check rejects changes nothing. */
void dtls_replay_accept(struct dtls_replay *w, uint64_t seq);

#endif /* NXD_DTLS_REPLAY_H */
