/* SPDX-License-Identifier: MIT */
#include "simnet.h"

#include <string.h>

#include "base/wire.h"

#define PPM 1000000u

void simnet_rng_seed(struct simnet_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t simnet_rng_next(struct simnet_rng *r)
{
    /* splitmix64: a Weyl sequence through a 64-bit finalizer. */
    r->state += 0x9E3779B97F4A7C15ull;
    uint64_t z = r->state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t simnet_rng_below(struct simnet_rng *r, uint64_t n)
{
    return simnet_rng_next(r) % n;
}

UINT simnet_random(void *ctx, uint8_t *out, size_t len)
{
    struct simnet_rng *r = ctx;
    if (r == NULL || (out == NULL && len != 0)) {
        return NX_PTR_ERROR;
    }
    while (len > 0) {
        uint64_t v = simnet_rng_next(r);
        size_t n = len < 8 ? len : 8;
        memcpy(out, &v, n);
        out += n;
        len -= n;
    }
    return NX_SUCCESS;
}

void simnet_init(struct simnet *net, uint64_t seed, const struct simnet_params *p)
{
    net->n = 0;
    net->counter = 0;
    memset(&net->stats, 0, sizeof net->stats);
    net->p = *p;
    simnet_rng_seed(&net->rng, seed);
}

static bool chance(struct simnet *net, uint32_t ppm)
{
    return ppm != 0 && simnet_rng_below(&net->rng, PPM) < ppm;
}

static void enqueue(struct simnet *net, int from, int to, const uint8_t *bytes, size_t len,
                    uint64_t now)
{
    if (net->n == SIMNET_QUEUE) {
        net->stats.overflow++;
        return;
    }
    struct simnet_packet *pk = &net->q[net->n++];
    uint32_t span =
        net->p.delay_max_ms >= net->p.delay_min_ms ? net->p.delay_max_ms - net->p.delay_min_ms : 0;
    uint64_t delay = net->p.delay_min_ms + simnet_rng_below(&net->rng, (uint64_t)span + 1);
    if (chance(net, net->p.reorder_ppm)) {
        delay += simnet_rng_below(&net->rng, (uint64_t)net->p.reorder_ms + 1);
        net->stats.reordered++;
    }
    pk->from = from;
    pk->to = to;
    pk->at_ms = now + delay;
    pk->order = net->counter++;
    pk->len = len;
    memcpy(pk->data, bytes, len);
    if (len != 0 && chance(net, net->p.corrupt_ppm)) {
        size_t at = (size_t)simnet_rng_below(&net->rng, len);
        pk->data[at] ^= (uint8_t)(1u + simnet_rng_below(&net->rng, 255));
        net->stats.corrupted++;
    }
}

void simnet_send(struct simnet *net, int from, int to, const uint8_t *bytes, size_t len,
                 uint64_t now)
{
    net->stats.sent++;
    size_t mtu = net->p.mtu != 0 && net->p.mtu < SIMNET_MAX_DGRAM ? net->p.mtu : SIMNET_MAX_DGRAM;
    if (len > mtu) {
        net->stats.oversize++;
        return;
    }
    if (chance(net, net->p.loss_ppm)) {
        net->stats.lost++;
        return;
    }
    enqueue(net, from, to, bytes, len, now);
    if (chance(net, net->p.duplicate_ppm)) {
        net->stats.duplicated++;
        enqueue(net, from, to, bytes, len, now);
    }
}

static size_t earliest(const struct simnet *net)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < net->n; i++) {
        const struct simnet_packet *pk = &net->q[i];
        if (best == SIZE_MAX || pk->at_ms < net->q[best].at_ms ||
            (pk->at_ms == net->q[best].at_ms && pk->order < net->q[best].order)) {
            best = i;
        }
    }
    return best;
}

uint64_t simnet_next_delivery(const struct simnet *net)
{
    size_t i = earliest(net);
    return i == SIZE_MAX ? UINT64_MAX : net->q[i].at_ms;
}

bool simnet_deliver(struct simnet *net, uint64_t now, int *from, int *to, uint8_t *buf, size_t cap,
                    size_t *len)
{
    size_t i = earliest(net);
    if (i == SIZE_MAX || net->q[i].at_ms > now) {
        return false;
    }
    struct simnet_packet *pk = &net->q[i];
    *from = pk->from;
    *to = pk->to;
    *len = pk->len < cap ? pk->len : cap;
    memcpy(buf, pk->data, *len);
    /* Order among the rest does not matter: earliest() compares (at_ms, order). */
    net->n--;
    if (i != net->n) {
        memcpy(pk, &net->q[net->n], sizeof *pk - sizeof pk->data + net->q[net->n].len);
    }
    net->stats.delivered++;
    return true;
}

size_t simnet_client_hello_body(uint8_t *out, size_t cap, const uint8_t random[32],
                                const uint8_t *cookie, size_t cookie_len, const uint16_t *suites,
                                size_t suite_count)
{
    struct wire_wr w = wire_wr_init(out, cap);
    wire_put_u16(&w, 0xFEFD);
    wire_put_bytes(&w, random, 32);
    wire_put_u8(&w, 0); /* session_id */
    wire_put_u8(&w, (uint8_t)cookie_len);
    wire_put_bytes(&w, cookie, cookie_len);
    size_t cs = wire_open_vec(&w, 2);
    for (size_t i = 0; i < suite_count; i++) {
        wire_put_u16(&w, suites[i]);
    }
    wire_close_vec(&w, cs, 2);
    wire_put_u8(&w, 1); /* compression_methods: null only */
    wire_put_u8(&w, 0);
    size_t ext = wire_open_vec(&w, 2);
    wire_put_u16(&w, 0xFF01); /* renegotiation_info, RFC 5746: empty renegotiated_connection */
    wire_put_u16(&w, 1);
    wire_put_u8(&w, 0);
    wire_put_u16(&w, 0x0017); /* extended_master_secret, RFC 7627: empty */
    wire_put_u16(&w, 0);
    wire_close_vec(&w, ext, 2);
    return w.overflow ? 0 : w.len;
}

size_t simnet_client_hello(uint8_t *out, size_t cap, uint16_t record_version, uint64_t record_seq,
                           uint16_t msg_seq, const uint8_t random[32], const uint8_t *cookie,
                           size_t cookie_len, const uint16_t *suites, size_t suite_count)
{
    uint8_t body[1024];
    size_t n = simnet_client_hello_body(body, sizeof body, random, cookie, cookie_len, suites,
                                        suite_count);
    if (n == 0) {
        return 0;
    }
    struct wire_wr w = wire_wr_init(out, cap);
    wire_put_u8(&w, 22);
    wire_put_u16(&w, record_version);
    wire_put_u16(&w, 0);
    wire_put_be(&w, record_seq, 6);
    wire_put_u16(&w, (uint16_t)(12 + n));
    wire_put_u8(&w, 1);
    wire_put_be(&w, n, 3);
    wire_put_u16(&w, msg_seq);
    wire_put_be(&w, 0, 3);
    wire_put_be(&w, n, 3);
    wire_put_bytes(&w, body, n);
    return w.overflow ? 0 : w.len;
}

long simnet_find_cookie(const uint8_t *dgram, size_t len, uint8_t *cookie, size_t cap)
{
    struct wire_rd r = wire_rd_init(dgram, len);
    struct wire_rd c;
    uint8_t type;
    uint16_t version;
    /* record header (13), handshake header (12), server_version (2), cookie<0..255> */
    if (!wire_skip(&r, 13) || !wire_get_u8(&r, &type) || type != 3 || !wire_skip(&r, 11) ||
        !wire_get_u16(&r, &version) || !wire_get_vec(&r, 1, &c) || c.len > cap) {
        return -1;
    }
    memcpy(cookie, c.p, c.len);
    return (long)c.len;
}
