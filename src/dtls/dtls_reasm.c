/* SPDX-License-Identifier: MIT */
/* dtls_reasm.c: handshake reassembly (RFC 6347 4.2.3).
 *
 * Buffer layout: each message seen gets msg_len body bytes followed by a coverage bitmap of
 * ceil(msg_len / 8) bytes, carved from the buffer in order of first sight. Carving only moves forward;
 * when every slot is free again the buffer is reused from the start. Only messages next_seq ..
 * next_seq + DTLS_REASM_SLOTS - 1 are kept, so the next expected message always finds a slot, and it
 * finds room too: when it does not fit what is left, the later messages are dropped to make room (the
 * peer retransmits them). */
#include "dtls/dtls_reasm.h"

#include <string.h>

bool dtls_hs_frag_next(struct wire_rd *record, struct dtls_hs_frag *out)
{
    struct wire_rd r = *record;
    struct dtls_hs_frag f;
    if (!wire_get_u8(&r, &f.msg_type) || !wire_get_u24(&r, &f.msg_len) ||
        !wire_get_u16(&r, &f.msg_seq) || !wire_get_u24(&r, &f.frag_off) ||
        !wire_get_u24(&r, &f.frag_len)) {
        return false;
    }
    /* RFC 6347 4.2.3: the fragment lies inside the message; subtract so nothing wraps. */
    if (f.frag_len > f.msg_len || f.frag_off > f.msg_len - f.frag_len) {
        return false;
    }
    if (!wire_get_bytes(&r, f.frag_len, &f.body)) {
        return false;
    }
    *record = r;
    *out = f;
    return true;
}

size_t dtls_reasm_need(uint32_t msg_len)
{
    return (size_t)msg_len + ((size_t)msg_len + 7) / 8;
}

void dtls_reasm_init(struct dtls_reasm *r, uint8_t *buf, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->cap = buf != NULL ? cap : 0;
}

void dtls_reasm_reset(struct dtls_reasm *r)
{
    memset(r->slot, 0, sizeof r->slot);
    r->used = 0;
}

static void compact_if_empty(struct dtls_reasm *r)
{
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++) {
        if (r->slot[i].used) {
            return;
        }
    }
    r->used = 0;
}

void dtls_reasm_release(struct dtls_reasm *r, uint16_t seq)
{
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++) {
        if (r->slot[i].used && r->slot[i].msg_seq == seq) {
            memset(&r->slot[i], 0, sizeof r->slot[i]);
        }
    }
    compact_if_empty(r);
}

static struct dtls_reasm_slot *find(struct dtls_reasm *r, uint16_t seq)
{
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++) {
        if (r->slot[i].used && r->slot[i].msg_seq == seq) {
            return &r->slot[i];
        }
    }
    return NULL;
}

/* mark sets bits off .. off + len - 1 of the coverage bitmap. */
static void mark(uint8_t *bits, uint32_t off, uint32_t len)
{
    uint32_t end = off + len; /* <= msg_len < 2^24 */
    while (off < end && off % 8 != 0) {
        bits[off / 8] |= (uint8_t)(1u << (off % 8));
        off++;
    }
    if (end - off >= 8) {
        memset(bits + off / 8, 0xFF, (end - off) / 8);
        off += (end - off) / 8 * 8;
    }
    while (off < end) {
        bits[off / 8] |= (uint8_t)(1u << (off % 8));
        off++;
    }
}

static bool covered(const uint8_t *bits, uint32_t msg_len)
{
    for (uint32_t i = 0; i < msg_len / 8; i++) {
        if (bits[i] != 0xFF) {
            return false;
        }
    }
    uint32_t rest = msg_len % 8;
    return rest == 0 || bits[msg_len / 8] == (uint8_t)((1u << rest) - 1u);
}

/* carve gives message f a slot and buffer room, or returns NULL when it must be dropped. */
static struct dtls_reasm_slot *carve(struct dtls_reasm *r, uint16_t next_seq,
                                     const struct dtls_hs_frag *f)
{
    size_t need = dtls_reasm_need(f->msg_len);
    if (need > r->cap - r->used) {
        if (f->msg_seq != next_seq) {
            return NULL;
        }
        /* The next expected message comes first: drop the later ones (retransmitted later) for room. */
        dtls_reasm_reset(r);
    }
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++) {
        struct dtls_reasm_slot *s = &r->slot[i];
        if (!s->used) {
            s->used = 1;
            s->complete = 0;
            s->msg_type = f->msg_type;
            s->msg_seq = f->msg_seq;
            s->msg_len = f->msg_len;
            s->offset = (uint32_t)r->used;
            memset(r->buf + r->used + f->msg_len, 0, need - f->msg_len);
            r->used += need;
            return s;
        }
    }
    return NULL;
}

UINT dtls_reasm_add(struct dtls_reasm *r, uint16_t next_seq, const struct dtls_hs_frag *f)
{
    /* Forget what the caller has moved past (messages below next_seq it never released). */
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++) {
        if (r->slot[i].used && r->slot[i].msg_seq < next_seq) {
            memset(&r->slot[i], 0, sizeof r->slot[i]);
        }
    }
    compact_if_empty(r);
    if (f->msg_seq < next_seq || f->msg_seq - next_seq >= DTLS_REASM_SLOTS) {
        return NX_SUCCESS;
    }
    if (f->msg_seq == next_seq) {
        NXD_ENSURE(dtls_reasm_need(f->msg_len) <= r->cap, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    }
    struct dtls_reasm_slot *s = find(r, f->msg_seq);
    if (s != NULL && (s->msg_type != f->msg_type || s->msg_len != f->msg_len)) {
        /* A fragment disagreeing with what this message_seq already said. Before the handshake is protected
         * either may be forged (RFC 6347 4.1.2.7); the peer's retransmission comes last, so the newer claim
         * wins and a forged fragment cannot hold the slot against the genuine message. */
        memset(s, 0, sizeof *s);
        compact_if_empty(r);
        s = NULL;
    }
    if (s == NULL) {
        s = carve(r, next_seq, f);
        if (s == NULL) {
            return NX_SUCCESS;
        }
    }
    uint8_t *body = r->buf + s->offset;
    uint8_t *bits = body + s->msg_len;
    if (s->complete) {
        if (f->frag_len == 0 || memcmp(body + f->frag_off, f->body, f->frag_len) == 0) {
            return NX_SUCCESS; /* a retransmitted part of what we hold */
        }
        /* Different bytes for a message already whole: start again from this fragment (same reason). */
        memset(bits, 0, ((size_t)s->msg_len + 7) / 8);
        s->complete = 0;
    }
    if (f->frag_len != 0) {
        memcpy(body + f->frag_off, f->body, f->frag_len);
        mark(bits, f->frag_off, f->frag_len);
    }
    s->complete = covered(bits, s->msg_len) ? 1 : 0;
    return NX_SUCCESS;
}

bool dtls_reasm_take(struct dtls_reasm *r, uint16_t next_seq, uint8_t *msg_type,
                     const uint8_t **body, uint32_t *len)
{
    struct dtls_reasm_slot *s = find(r, next_seq);
    if (s == NULL || !s->complete) {
        return false;
    }
    *msg_type = s->msg_type;
    *body = r->buf + s->offset;
    *len = s->msg_len;
    return true;
}
