/* SPDX-License-Identifier: MIT */
/* demux_test: the peer -> slot index stays O(1): probe counts (not time) at 10 .. 100,000 entries,
 * through inserts, lookups, misses and backward-shift removals, with IPv4 and IPv6 addresses. */
#include "dtls/dtls_demux.h"

#include <stdlib.h>
#include <string.h>

#include "simnet.h"
#include "test.h"

#define MAX_N 100000

static nxdtls_addr addrs[MAX_N];
static uint32_t index_buf[1 << 18];
static uint8_t present[MAX_N];

static nxdtls_addr make_addr(size_t i)
{
    nxdtls_addr a;
    memset(&a, 0, sizeof a);
    /* Adversarial-looking shape: one host, consecutive ports, then the next host (what a NAT produces). */
    a.family = i % 3 == 0 ? 6 : 4;
    a.port = (uint16_t)(1024 + i % 50000);
    a.ip[0] = 10;
    a.ip[3] = (uint8_t)(i / 50000);
    if (a.family == 6) {
        a.ip[0] = 0xFD;
        a.ip[15] = (uint8_t)(i / 50000);
    }
    return a;
}

struct probe_stats {
    double avg;
    size_t max;
};

static struct probe_stats find_all(const struct dtls_demux *d, size_t n, size_t *wrong)
{
    size_t total = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        size_t probes;
        size_t got = dtls_demux_find(d, &addrs[i], &probes);
        size_t want = present[i] ? i : DTLS_DEMUX_NONE;
        if (got != want) {
            (*wrong)++;
        }
        total += probes;
        max = probes > max ? probes : max;
    }
    struct probe_stats s = {(double)total / (double)n, max};
    return s;
}

static void scale(size_t n, double *avg_hit, double *avg_after_churn)
{
    size_t buckets = dtls_demux_buckets(n);
    EXPECT(buckets >= 2 * n && buckets <= sizeof index_buf / sizeof index_buf[0]);
    EXPECT((buckets & (buckets - 1)) == 0);
    struct simnet_rng rng;
    simnet_rng_seed(&rng, n);
    uint64_t key[2] = {simnet_rng_next(&rng), simnet_rng_next(&rng)};
    struct dtls_demux d;
    dtls_demux_init(&d, index_buf, buckets, key, addrs);
    for (size_t i = 0; i < n; i++) {
        addrs[i] = make_addr(i);
        present[i] = 0;
    }
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        dtls_demux_insert(&d, i);
        present[i] = 1;
    }
    struct probe_stats hit = find_all(&d, n, &wrong);
    EXPECT(wrong == 0);
    /* Misses end at an empty bucket quickly too. */
    size_t miss_total = 0;
    for (size_t i = 0; i < 1000; i++) {
        nxdtls_addr a = make_addr(n + 7 + i);
        a.port ^= 0x8000;
        size_t probes;
        EXPECT(dtls_demux_find(&d, &a, &probes) == DTLS_DEMUX_NONE);
        miss_total += probes;
    }
    /* Churn: remove half at random, re-insert some, remove others; lookups stay right and short. */
    for (size_t k = 0; k < 2 * n; k++) {
        size_t i = (size_t)simnet_rng_below(&rng, n);
        if (present[i]) {
            dtls_demux_remove(&d, i);
            present[i] = 0;
        } else if (simnet_rng_below(&rng, 2) == 0) {
            dtls_demux_insert(&d, i);
            present[i] = 1;
        }
    }
    struct probe_stats churn = find_all(&d, n, &wrong);
    EXPECT(wrong == 0);
    /* Removing what is absent changes nothing. */
    for (size_t i = 0; i < n; i++) {
        if (!present[i]) {
            dtls_demux_remove(&d, i);
        }
    }
    churn = find_all(&d, n, &wrong);
    EXPECT(wrong == 0);
    /* Remove everything: the table is empty again (no tombstones left behind). */
    for (size_t i = 0; i < n; i++) {
        if (present[i]) {
            dtls_demux_remove(&d, i);
            present[i] = 0;
        }
    }
    size_t nonzero = 0;
    for (size_t b = 0; b < buckets; b++) {
        nonzero += index_buf[b] != 0;
    }
    EXPECT(nonzero == 0);
    printf("demux n=%zu buckets=%zu: hit avg %.3f max %zu, miss avg %.3f, after churn avg %.3f max "
           "%zu\n",
           n, buckets, hit.avg, hit.max, (double)miss_total / 1000.0, churn.avg, churn.max);
    /* Load <= 1/2 with linear probing: expected successful probes ~ 1.5, unsuccessful ~ 2.5 (Knuth 6.4). */
    EXPECT(hit.avg < 2.0);
    EXPECT((double)miss_total / 1000.0 < 4.0);
    EXPECT(hit.max < 64);
    *avg_hit = hit.avg;
    *avg_after_churn = churn.avg;
}

static void misc(void)
{
    nxdtls_addr a = make_addr(1), b = make_addr(1);
    EXPECT(dtls_demux_addr_equal(&a, &b));
    b.port++;
    EXPECT(!dtls_demux_addr_equal(&a, &b));
    b = a;
    b.family = 6;
    EXPECT(!dtls_demux_addr_equal(&a, &b));
    /* IPv4 ignores bytes 4..15 of ip, IPv6 does not. */
    b = a;
    b.ip[9] = 1;
    EXPECT(dtls_demux_addr_equal(&a, &b));
    a.family = b.family = 6;
    EXPECT(!dtls_demux_addr_equal(&a, &b));
    EXPECT(dtls_demux_buckets(0) == 4 && dtls_demux_buckets(1) == 4 && dtls_demux_buckets(3) == 8);
    EXPECT(dtls_demux_buckets((size_t)1 << 30) == 0);
    /* Different keys put the same address in different buckets (the hash is keyed). */
    struct dtls_demux d1 = {.buckets = 1 << 16, .key = {1, 2}},
                      d2 = {.buckets = 1 << 16, .key = {3, 4}};
    size_t differ = 0;
    for (size_t i = 0; i < 100; i++) {
        nxdtls_addr x = make_addr(i);
        differ += dtls_demux_hash(&d1, &x) != dtls_demux_hash(&d2, &x);
    }
    EXPECT(differ == 100);
}

static void siphash_vector(void)
{
    /* The address hash is SipHash-2-4 over family || port || ip bytes. With family 0 all 16 ip bytes are
     * hashed, so the message can be 00 01 .. 12 (19 bytes) under key 00 .. 0f. Expected value from
     * OpenSSL 3 (`openssl mac -macopt hexkey:0001..0f -macopt size:8 SIPHASH`: BD6179A71DC96DBB, read as a
     * little-endian u64); the same command reproduces the paper's 15-byte vector a129ca6149be45e5. */
    struct dtls_demux d = {.buckets = 4};
    d.key[0] = 0x0706050403020100ull;
    d.key[1] = 0x0F0E0D0C0B0A0908ull;
    nxdtls_addr a;
    memset(&a, 0, sizeof a);
    a.family = 0;
    a.port = 0x0102;
    for (int i = 0; i < 16; i++) {
        a.ip[i] = (uint8_t)(3 + i);
    }
    EXPECT(dtls_demux_hash(&d, &a) == 0xBB6DC91DA77961BDull);
}

int main(void)
{
    misc();
    siphash_vector();
    static const size_t sizes[] = {10, 100, 1000, 10000, 100000};
    double hit[5], churn[5];
    for (size_t i = 0; i < 5; i++) {
        scale(sizes[i], &hit[i], &churn[i]);
    }
    /* Flat from 10 to 100,000 slots: the average does not grow with n. */
    EXPECT(hit[4] < hit[0] + 0.6);
    EXPECT(churn[4] < 2.5);
    return test_finish("dtls/demux");
}
