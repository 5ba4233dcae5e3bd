/* SPDX-License-Identifier: MIT */
/* dtls_demux.c: open addressing with linear probing and backward-shift deletion (Knuth, TAOCP vol. 3,
 * 6.4 Algorithm R), hashed with SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF",
 * 2012) under a per-server random key. A bucket holds slot + 1; 0 is empty. */
#include "dtls/dtls_demux.h"

#include <string.h>

#define MAX_SLOTS ((size_t)1 << 30)

static uint64_t rotl(uint64_t x, unsigned b)
{
    return (x << b) | (x >> (64u - b));
}

static void sip_round(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = rotl(v[1], 13);
    v[1] ^= v[0];
    v[0] = rotl(v[0], 32);
    v[2] += v[3];
    v[3] = rotl(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = rotl(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = rotl(v[1], 17);
    v[1] ^= v[2];
    v[2] = rotl(v[2], 32);
}

static uint64_t load_le64(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/* siphash24 follows the paper's specification: 8-byte little-endian words, the last word holding the
 * remaining bytes and the length mod 256 in its top byte, 2 rounds per word, 4 at finalization. */
static uint64_t siphash24(const uint64_t key[2], const uint8_t *in, size_t len)
{
    uint64_t v[4] = {key[0] ^ 0x736f6d6570736575ull, key[1] ^ 0x646f72616e646f6dull,
                     key[0] ^ 0x6c7967656e657261ull, key[1] ^ 0x7465646279746573ull};
    size_t whole = len / 8 * 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = load_le64(in + i, 8);
        v[3] ^= m;
        sip_round(v);
        sip_round(v);
        v[0] ^= m;
    }
    uint64_t last = load_le64(in + whole, len - whole) | ((uint64_t)(len & 0xFF) << 56);
    v[3] ^= last;
    sip_round(v);
    sip_round(v);
    v[0] ^= last;
    v[2] ^= 0xFF;
    for (int i = 0; i < 4; i++) {
        sip_round(v);
    }
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static size_t ip_len(const nxdtls_addr *a)
{
    return a->family == 4 ? 4 : 16;
}

bool dtls_demux_addr_equal(const nxdtls_addr *a, const nxdtls_addr *b)
{
    return a->family == b->family && a->port == b->port && memcmp(a->ip, b->ip, ip_len(a)) == 0;
}

uint64_t dtls_demux_hash(const struct dtls_demux *d, const nxdtls_addr *a)
{
    /* Hash exactly the bytes equality looks at, so equal addresses always share a home bucket. */
    uint8_t key[1 + 2 + 16];
    size_t n = ip_len(a);
    key[0] = a->family;
    key[1] = (uint8_t)(a->port >> 8);
    key[2] = (uint8_t)a->port;
    memcpy(key + 3, a->ip, n);
    return siphash24(d->key, key, 3 + n);
}

static size_t home(const struct dtls_demux *d, const nxdtls_addr *a)
{
    return (size_t)dtls_demux_hash(d, a) & (d->buckets - 1);
}

size_t dtls_demux_buckets(size_t slot_count)
{
    if (slot_count >= MAX_SLOTS) {
        return 0;
    }
    size_t b = 4;
    while (b < 2 * slot_count) {
        b <<= 1;
    }
    return b;
}

void dtls_demux_init(struct dtls_demux *d, uint32_t *index, size_t buckets, const uint64_t key[2],
                     const nxdtls_addr *addrs)
{
    d->index = index;
    d->buckets = buckets;
    d->key[0] = key[0];
    d->key[1] = key[1];
    d->addrs = addrs;
    memset(index, 0, buckets * sizeof *index);
}

/* locate returns the bucket holding addr's entry, or the empty bucket ending its probe sequence. */
static size_t locate(const struct dtls_demux *d, const nxdtls_addr *addr, size_t *probes)
{
    size_t mask = d->buckets - 1;
    size_t i = home(d, addr);
    size_t n = 1;
    /* The load factor stays <= 1/2, so an empty bucket always ends the walk. */
    while (d->index[i] != 0 && !dtls_demux_addr_equal(&d->addrs[d->index[i] - 1], addr)) {
        i = (i + 1) & mask;
        n++;
    }
    if (probes != NULL) {
        *probes = n;
    }
    return i;
}

size_t dtls_demux_find(const struct dtls_demux *d, const nxdtls_addr *peer, size_t *probes)
{
    size_t i = locate(d, peer, probes);
    return d->index[i] != 0 ? (size_t)d->index[i] - 1 : DTLS_DEMUX_NONE;
}

void dtls_demux_insert(struct dtls_demux *d, size_t slot)
{
    size_t i = locate(d, &d->addrs[slot], NULL);
    d->index[i] = (uint32_t)(slot + 1);
}

void dtls_demux_remove(struct dtls_demux *d, size_t slot)
{
    size_t mask = d->buckets - 1;
    size_t i = locate(d, &d->addrs[slot], NULL);
    if (d->index[i] != slot + 1) {
        return;
    }
    /* Backward shift: pull later entries of the cluster into the hole unless their home lies cyclically
     * in (hole, j], where moving them would put them before their home. */
    d->index[i] = 0;
    for (size_t j = (i + 1) & mask; d->index[j] != 0; j = (j + 1) & mask) {
        size_t h = home(d, &d->addrs[d->index[j] - 1]);
        bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (!stays) {
            d->index[i] = d->index[j];
            d->index[j] = 0;
            i = j;
        }
    }
}
