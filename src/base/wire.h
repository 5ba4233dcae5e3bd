/* SPDX-License-Identifier: MIT */
/* wire.h: the bounds-checked reader and writer every parser and builder uses (docs/style.md 2.2, 2.3).
 *
 * struct wire_rd is a shrinking window over bytes we did not write: every get either consumes exactly
 * what it returns or fails and consumes nothing. Length-prefixed blocks are split off as sub-readers, so
 * a parser cannot read past a block's end. Nothing outside wire.c indexes a packet buffer by hand.
 *
 * struct wire_wr builds into a fixed caller buffer and never grows. Its error is sticky: after one write
 * misses, later writes do nothing, and the builder checks `overflow` once at the end. */
#ifndef NXD_WIRE_H
#define NXD_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct wire_rd {
    const uint8_t *p; /* next unread byte */
    size_t len;       /* bytes left; never more than the buffer behind p holds */
};

struct wire_wr {
    uint8_t *buf;  /* start of the caller's buffer */
    size_t cap;    /* its size */
    size_t len;    /* bytes written */
    bool overflow; /* sticky: a write did not fit */
};

/* The helpers every record and handshake message goes through are defined inline below (the record path
 * calls them per record; out of line they cost more than the bounds checks they do). */

/* wire_rd_init returns a reader over len bytes at p (p may be NULL when len is 0). */
static inline struct wire_rd wire_rd_init(const uint8_t *p, size_t len);

/* wire_get_u8 .. wire_get_u64 read a big-endian integer of 1, 2, 3, 4, 6 (u48) or 8 bytes. On failure
 * they return false and leave *r and *out unchanged. */
NXD_MUST_USE static inline bool wire_get_u8(struct wire_rd *r, uint8_t *out);
NXD_MUST_USE static inline bool wire_get_u16(struct wire_rd *r, uint16_t *out);
NXD_MUST_USE bool wire_get_u24(struct wire_rd *r, uint32_t *out);
NXD_MUST_USE bool wire_get_u32(struct wire_rd *r, uint32_t *out);
NXD_MUST_USE static inline bool wire_get_u48(struct wire_rd *r, uint64_t *out);
NXD_MUST_USE bool wire_get_u64(struct wire_rd *r, uint64_t *out);

/* wire_get_bytes splits n bytes off the front: *out points at them (inside the reader's buffer). */
NXD_MUST_USE static inline bool wire_get_bytes(struct wire_rd *r, size_t n, const uint8_t **out);

/* wire_get_copy copies n bytes off the front into out. */
NXD_MUST_USE bool wire_get_copy(struct wire_rd *r, void *out, size_t n);

/* wire_get_sub splits n bytes off the front as a sub-reader. */
NXD_MUST_USE static inline bool wire_get_sub(struct wire_rd *r, size_t n, struct wire_rd *body);

/* wire_get_vec reads a big-endian length of `prefix` bytes (1..4), then splits that many bytes off as
 * body. Fails (consuming nothing) if the length or the bytes are not all there. */
NXD_MUST_USE bool wire_get_vec(struct wire_rd *r, size_t prefix, struct wire_rd *body);

/* wire_skip drops n bytes. */
NXD_MUST_USE bool wire_skip(struct wire_rd *r, size_t n);

/* wire_peek_u8 reads the next byte without consuming it. */
NXD_MUST_USE bool wire_peek_u8(const struct wire_rd *r, uint8_t *out);

/* wire_done returns true when nothing is left. */
static inline bool wire_done(const struct wire_rd *r);

/* wire_wr_init returns a writer over cap bytes at buf. */
static inline struct wire_wr wire_wr_init(uint8_t *buf, size_t cap);

/* wire_put_be writes the low n (1..8) bytes of v, big-endian. */
static inline void wire_put_be(struct wire_wr *w, uint64_t v, size_t n);
static inline void wire_put_u8(struct wire_wr *w, uint8_t v);
static inline void wire_put_u16(struct wire_wr *w, uint16_t v);

/* wire_put_bytes appends n bytes from p (p may be NULL when n is 0). */
void wire_put_bytes(struct wire_wr *w, const void *p, size_t n);

/* wire_reserve appends n bytes the caller fills in later; returns where they start, or NULL (and sets
 * overflow) when they do not fit. */
static inline uint8_t *wire_reserve(struct wire_wr *w, size_t n);

/* wire_open_vec reserves a length prefix of `prefix` bytes and returns its offset, for wire_close_vec. */
size_t wire_open_vec(struct wire_wr *w, size_t prefix);

/* wire_close_vec patches the prefix opened at offset with the length written since; sets overflow when
 * the body does not fit the prefix. */
void wire_close_vec(struct wire_wr *w, size_t offset, size_t prefix);

/* wire_store_be and wire_load_be convert between integers and big-endian bytes in our own buffers
 * (headers we build, keys we derived): n is 1..8 and the caller guarantees the bytes exist. */
static inline void wire_store_be(uint8_t *dst, uint64_t v, size_t n);
static inline uint64_t wire_load_be(const uint8_t *src, size_t n);

/* ---- inline definitions ---- */

static inline struct wire_rd wire_rd_init(const uint8_t *p, size_t len)
{
    struct wire_rd r = {.p = p, .len = p != NULL ? len : 0};
    return r;
}

/* The record layer's sizes (2: version, epoch, length; 6: sequence number; 8: epoch || sequence number, the
 * AEAD nonce) are spelled out byte by byte so that, inlined with a constant n, the compiler makes them one
 * byte-swapped load or store instead of a loop (a loop cost about 150 instructions per record). */
static inline void wire_store_be(uint8_t *dst, uint64_t v, size_t n)
{
    switch (n) {
    case 2:
        dst[0] = (uint8_t)(v >> 8);
        dst[1] = (uint8_t)v;
        return;
    case 6:
        dst[0] = (uint8_t)(v >> 40);
        dst[1] = (uint8_t)(v >> 32);
        dst[2] = (uint8_t)(v >> 24);
        dst[3] = (uint8_t)(v >> 16);
        dst[4] = (uint8_t)(v >> 8);
        dst[5] = (uint8_t)v;
        return;
    case 8:
        dst[0] = (uint8_t)(v >> 56);
        dst[1] = (uint8_t)(v >> 48);
        dst[2] = (uint8_t)(v >> 40);
        dst[3] = (uint8_t)(v >> 32);
        dst[4] = (uint8_t)(v >> 24);
        dst[5] = (uint8_t)(v >> 16);
        dst[6] = (uint8_t)(v >> 8);
        dst[7] = (uint8_t)v;
        return;
    default:
        for (size_t i = n; i > 0; i--) {
            dst[i - 1] = (uint8_t)(v & 0xFF);
            v >>= 8;
        }
    }
}

static inline uint64_t wire_load_be(const uint8_t *src, size_t n)
{
    switch (n) {
    case 2:
        return (uint64_t)src[0] << 8 | src[1];
    case 6:
        return (uint64_t)src[0] << 40 | (uint64_t)src[1] << 32 | (uint64_t)src[2] << 24 |
               (uint64_t)src[3] << 16 | (uint64_t)src[4] << 8 | src[5];
    case 8:
        return (uint64_t)src[0] << 56 | (uint64_t)src[1] << 48 | (uint64_t)src[2] << 40 |
               (uint64_t)src[3] << 32 | (uint64_t)src[4] << 24 | (uint64_t)src[5] << 16 |
               (uint64_t)src[6] << 8 | src[7];
    default: {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) {
            v = (v << 8) | src[i];
        }
        return v;
    }
    }
}

/* wire_get_be_ is the common body of the integer getters. */
static inline bool wire_get_be_(struct wire_rd *r, size_t n, uint64_t *out)
{
    if (r->len < n) {
        return false;
    }
    *out = wire_load_be(r->p, n);
    r->p += n;
    r->len -= n;
    return true;
}

static inline bool wire_get_u8(struct wire_rd *r, uint8_t *out)
{
    if (r->len < 1) {
        return false;
    }
    *out = r->p[0];
    r->p++;
    r->len--;
    return true;
}

static inline bool wire_get_u16(struct wire_rd *r, uint16_t *out)
{
    uint64_t v;
    if (!wire_get_be_(r, 2, &v)) {
        return false;
    }
    *out = (uint16_t)v;
    return true;
}

static inline bool wire_get_u48(struct wire_rd *r, uint64_t *out)
{
    return wire_get_be_(r, 6, out);
}

static inline bool wire_get_bytes(struct wire_rd *r, size_t n, const uint8_t **out)
{
    if (r->len < n) {
        return false;
    }
    *out = r->p;
    if (n != 0) {
        /* An empty window may have a NULL p, and NULL + 0 is undefined in C. */
        r->p += n;
        r->len -= n;
    }
    return true;
}

static inline bool wire_get_sub(struct wire_rd *r, size_t n, struct wire_rd *body)
{
    const uint8_t *src;
    if (!wire_get_bytes(r, n, &src)) {
        return false;
    }
    body->p = src;
    body->len = n;
    return true;
}

static inline bool wire_done(const struct wire_rd *r)
{
    return r->len == 0;
}

static inline struct wire_wr wire_wr_init(uint8_t *buf, size_t cap)
{
    struct wire_wr w = {.buf = buf, .cap = buf != NULL ? cap : 0, .len = 0, .overflow = false};
    return w;
}

static inline uint8_t *wire_reserve(struct wire_wr *w, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = true;
        return NULL;
    }
    uint8_t *at = w->buf + w->len;
    w->len += n;
    return at;
}

static inline void wire_put_be(struct wire_wr *w, uint64_t v, size_t n)
{
    uint8_t *at = wire_reserve(w, n);
    if (at != NULL) {
        wire_store_be(at, v, n);
    }
}

static inline void wire_put_u8(struct wire_wr *w, uint8_t v)
{
    wire_put_be(w, v, 1);
}

static inline void wire_put_u16(struct wire_wr *w, uint16_t v)
{
    wire_put_be(w, v, 2);
}

#endif /* NXD_WIRE_H */
