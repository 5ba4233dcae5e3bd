/* SPDX-License-Identifier: MIT */
#include "wire.h"

#include <string.h>

struct wire_rd wire_rd_init(const uint8_t *p, size_t len)
{
    struct wire_rd r = {.p = p, .len = p != NULL ? len : 0};
    return r;
}

void wire_store_be(uint8_t *dst, uint64_t v, size_t n)
{
    for (size_t i = n; i > 0; i--) {
        dst[i - 1] = (uint8_t)(v & 0xFF);
        v >>= 8;
    }
}

uint64_t wire_load_be(const uint8_t *src, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v = (v << 8) | src[i];
    }
    return v;
}

static bool get_be(struct wire_rd *r, size_t n, uint64_t *out)
{
    if (r->len < n) {
        return false;
    }
    *out = wire_load_be(r->p, n);
    r->p += n;
    r->len -= n;
    return true;
}

bool wire_get_u8(struct wire_rd *r, uint8_t *out)
{
    uint64_t v;
    if (!get_be(r, 1, &v)) {
        return false;
    }
    *out = (uint8_t)v;
    return true;
}

bool wire_get_u16(struct wire_rd *r, uint16_t *out)
{
    uint64_t v;
    if (!get_be(r, 2, &v)) {
        return false;
    }
    *out = (uint16_t)v;
    return true;
}

bool wire_get_u24(struct wire_rd *r, uint32_t *out)
{
    uint64_t v;
    if (!get_be(r, 3, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool wire_get_u32(struct wire_rd *r, uint32_t *out)
{
    uint64_t v;
    if (!get_be(r, 4, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool wire_get_u48(struct wire_rd *r, uint64_t *out)
{
    return get_be(r, 6, out);
}

bool wire_get_u64(struct wire_rd *r, uint64_t *out)
{
    return get_be(r, 8, out);
}

bool wire_get_bytes(struct wire_rd *r, size_t n, const uint8_t **out)
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

bool wire_get_copy(struct wire_rd *r, void *out, size_t n)
{
    const uint8_t *src;
    if (!wire_get_bytes(r, n, &src)) {
        return false;
    }
    if (n != 0) {
        memcpy(out, src, n);
    }
    return true;
}

bool wire_get_sub(struct wire_rd *r, size_t n, struct wire_rd *body)
{
    const uint8_t *src;
    if (!wire_get_bytes(r, n, &src)) {
        return false;
    }
    body->p = src;
    body->len = n;
    return true;
}

bool wire_get_vec(struct wire_rd *r, size_t prefix, struct wire_rd *body)
{
    if (prefix == 0 || prefix > 4 || r->len < prefix) {
        return false;
    }
    size_t n = (size_t)wire_load_be(r->p, prefix);
    /* Subtract, never add: r->len - prefix cannot wrap because r->len >= prefix. */
    if (n > r->len - prefix) {
        return false;
    }
    body->p = r->p + prefix;
    body->len = n;
    r->p += prefix + n;
    r->len -= prefix + n;
    return true;
}

bool wire_skip(struct wire_rd *r, size_t n)
{
    const uint8_t *ignored;
    return wire_get_bytes(r, n, &ignored);
}

bool wire_peek_u8(const struct wire_rd *r, uint8_t *out)
{
    if (r->len < 1) {
        return false;
    }
    *out = r->p[0];
    return true;
}

bool wire_done(const struct wire_rd *r)
{
    return r->len == 0;
}

struct wire_wr wire_wr_init(uint8_t *buf, size_t cap)
{
    struct wire_wr w = {.buf = buf, .cap = buf != NULL ? cap : 0, .len = 0, .overflow = false};
    return w;
}

uint8_t *wire_reserve(struct wire_wr *w, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = true;
        return NULL;
    }
    uint8_t *at = w->buf + w->len;
    w->len += n;
    return at;
}

void wire_put_be(struct wire_wr *w, uint64_t v, size_t n)
{
    uint8_t *at = wire_reserve(w, n);
    if (at != NULL) {
        wire_store_be(at, v, n);
    }
}

void wire_put_u8(struct wire_wr *w, uint8_t v)
{
    wire_put_be(w, v, 1);
}

void wire_put_u16(struct wire_wr *w, uint16_t v)
{
    wire_put_be(w, v, 2);
}

void wire_put_bytes(struct wire_wr *w, const void *p, size_t n)
{
    uint8_t *at = wire_reserve(w, n);
    if (at != NULL && n != 0) {
        memcpy(at, p, n);
    }
}

size_t wire_open_vec(struct wire_wr *w, size_t prefix)
{
    size_t offset = w->len;
    (void)wire_reserve(w, prefix);
    return offset;
}

void wire_close_vec(struct wire_wr *w, size_t offset, size_t prefix)
{
    if (w->overflow) {
        return;
    }
    size_t body = w->len - offset - prefix;
    if (prefix < sizeof(uint64_t) && body >> (8 * prefix) != 0) {
        w->overflow = true;
        return;
    }
    wire_store_be(w->buf + offset, body, prefix);
}
