/* SPDX-License-Identifier: MIT */
/* dtls_demux.h: the O(1) peer address -> slot index of the DTLS server.
 *
 * Open-addressing hash table (linear probing) over a caller-provided index array, keyed by nxdtls_addr and
 * hashed with SipHash-2-4 under a per-server random key, so remote peers cannot choose colliding addresses.
 * Buckets are a power of two >= 2 * slots (load factor <= 1/2). Deletion shifts later entries back (no
 * tombstones), so lookups stay short however many inserts and removes happen. Lookup, insert and remove are
 * O(1) expected; nothing scans the slots. The addresses live in the caller's array addrs[slot]; a bucket
 * holds slot + 1 (0 = empty). */
#ifndef NXD_DTLS_DEMUX_H
#define NXD_DTLS_DEMUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

struct dtls_demux {
    uint32_t *index;
    size_t buckets;
    uint64_t key[2];
    const nxdtls_addr *addrs;
};

#define DTLS_DEMUX_NONE SIZE_MAX

/* dtls_demux_buckets returns the bucket count for slot_count slots (a power of two >= 2 * slot_count, at least
 * 4), or 0 when slot_count is too large to index (>= 2^30). */
size_t dtls_demux_buckets(size_t slot_count);

/* dtls_demux_init starts an empty table over index[buckets] (buckets from dtls_demux_buckets), hashing with
 * key. addrs is the array the slot numbers index; it must outlive the table. */
void dtls_demux_init(struct dtls_demux *d, uint32_t *index, size_t buckets, const uint64_t key[2],
                     const nxdtls_addr *addrs);

/* dtls_demux_find returns the slot whose address equals *peer, or DTLS_DEMUX_NONE. When probes is not NULL it
 * receives the number of buckets examined (for tests). */
size_t dtls_demux_find(const struct dtls_demux *d, const nxdtls_addr *peer, size_t *probes);

/* dtls_demux_insert maps addrs[slot] to slot. The caller guarantees that address is not mapped yet and that
 * fewer than buckets / 2 entries are present. */
void dtls_demux_insert(struct dtls_demux *d, size_t slot);

/* dtls_demux_remove unmaps slot (found through addrs[slot]); no-op if it is not mapped. */
void dtls_demux_remove(struct dtls_demux *d, size_t slot);

/* dtls_demux_hash returns the keyed 64-bit hash of an address (the table's bucket is its low bits). */
uint64_t dtls_demux_hash(const struct dtls_demux *d, const nxdtls_addr *peer);

/* dtls_demux_addr_equal compares two addresses by family, port and the bytes of ip in use. */
bool dtls_demux_addr_equal(const nxdtls_addr *a, const nxdtls_addr *b);

#endif /* NXD_DTLS_DEMUX_H */
