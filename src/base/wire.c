/* SPDX-License-Identifier: MIT */
#include "wire.h"

#include <string.h>

bool wire_get_u24(struct wire_rd *r, uint32_t *out)
{
    uint64_t v;
    if (!wire_get_be_(r, 3, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool wire_get_u32(struct wire_rd *r, uint32_t *out)
{
    uint64_t v;
    if (!wire_get_be_(r, 4, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool wire_get_u64(struct wire_rd *r, uint64_t *out)
{
    return wire_get_be_(r, 8, out);
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
