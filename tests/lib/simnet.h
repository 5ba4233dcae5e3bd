/* SPDX-License-Identifier: MIT */
/* simnet.h: an in-memory datagram network with a virtual clock, for driving DTLS engines in tests
 * (docs/design.md "Tests": drop, duplicate, reorder, corrupt; MTU). Everything is decided by one seeded PRNG,
 * so a run is reproducible from its seed. Also: a seeded nxdtls_random_fn, and builders of the first
 * datagrams of a DTLS handshake for tests that talk to a server without a client engine. */
#ifndef NXDTLS_SIMNET_H
#define NXDTLS_SIMNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_api.h"

#define SIMNET_QUEUE     256  /* datagrams in flight at most; more are dropped (counted) */
#define SIMNET_MAX_DGRAM 4096 /* largest datagram carried */

/* simnet_rng: splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", 2014). */
struct simnet_rng {
    uint64_t state;
};

void simnet_rng_seed(struct simnet_rng *r, uint64_t seed);
uint64_t simnet_rng_next(struct simnet_rng *r);
/* simnet_rng_below returns a value in [0, n) (n > 0). */
uint64_t simnet_rng_below(struct simnet_rng *r, uint64_t n);

/* simnet_random is an nxdtls_random_fn over a struct simnet_rng (ctx): deterministic bytes for tests. */
UINT simnet_random(void *ctx, uint8_t *out, size_t len);

/* Link behaviour; probabilities in parts per million, applied to each datagram independently. */
struct simnet_params {
    uint32_t loss_ppm;      /* dropped */
    uint32_t duplicate_ppm; /* delivered twice (each copy its own delay) */
    uint32_t reorder_ppm;   /* held back by up to reorder_ms more */
    uint32_t corrupt_ppm;   /* one byte flipped */
    uint32_t delay_min_ms;  /* base one-way delay, uniform in [min, max] */
    uint32_t delay_max_ms;
    uint32_t reorder_ms;
    size_t mtu; /* datagrams longer than this are dropped; 0 = SIMNET_MAX_DGRAM */
};

struct simnet_packet {
    int from, to;
    uint64_t at_ms; /* delivery time */
    uint64_t order; /* tie-break: send order */
    size_t len;
    uint8_t data[SIMNET_MAX_DGRAM];
};

struct simnet_stats {
    uint64_t sent, delivered, lost, duplicated, reordered, corrupted, oversize, overflow;
};

struct simnet {
    struct simnet_rng rng;
    struct simnet_params p;
    struct simnet_packet q[SIMNET_QUEUE];
    size_t n;
    uint64_t counter;
    struct simnet_stats stats;
};

/* simnet_init empties the network and seeds its PRNG. */
void simnet_init(struct simnet *net, uint64_t seed, const struct simnet_params *p);

/* simnet_send puts a datagram on the wire at time now; the link may drop, duplicate, delay or corrupt it. */
void simnet_send(struct simnet *net, int from, int to, const uint8_t *bytes, size_t len,
                 uint64_t now);

/* simnet_next_delivery returns the earliest delivery time in flight, or UINT64_MAX when nothing is. */
uint64_t simnet_next_delivery(const struct simnet *net);

/* simnet_deliver pops the earliest datagram due at or before now into buf (cap bytes) and returns true;
 * false when none is due. A datagram longer than cap is truncated to cap. */
bool simnet_deliver(struct simnet *net, uint64_t now, int *from, int *to, uint8_t *buf, size_t cap,
                    size_t *len);

/* simnet_client_hello writes a whole ClientHello datagram (one record, one unfragmented message) offering
 * the given suites, with the given record version, record sequence, message_seq, random and cookie, and an
 * extensions block (renegotiation_info, extended_master_secret). Returns its length, or 0 if cap is short. */
size_t simnet_client_hello(uint8_t *out, size_t cap, uint16_t record_version, uint64_t record_seq,
                           uint16_t msg_seq, const uint8_t random[32], const uint8_t *cookie,
                           size_t cookie_len, const uint16_t *suites, size_t suite_count);

/* simnet_client_hello_body writes just the ClientHello body (as above) and returns its length or 0. */
size_t simnet_client_hello_body(uint8_t *out, size_t cap, const uint8_t random[32],
                                const uint8_t *cookie, size_t cookie_len, const uint16_t *suites,
                                size_t suite_count);

/* simnet_find_cookie extracts the cookie of a HelloVerifyRequest datagram; returns its length or -1. */
long simnet_find_cookie(const uint8_t *dgram, size_t len, uint8_t *cookie, size_t cap);

#endif /* NXDTLS_SIMNET_H */
