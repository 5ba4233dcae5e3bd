/* SPDX-License-Identifier: MIT */
/* dtls_reasm.h: handshake message reassembly (RFC 6347 4.2.3).
 *
 * Reassembles handshake messages from fragments into the caller's buffer, tracking which bytes arrived with a
 * coverage bitmap (peers retransmit with different boundaries and overlapping fragments; a byte counter is
 * fooled). It holds up to DTLS_REASM_SLOTS (4) messages at once (the next expected one and later ones of the same
 * flight), each carved from the buffer on first sight; a message that does not fit what is left is dropped (the
 * peer retransmits) - except the next expected message, which fails with NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
 * when it can never fit the whole buffer. */
#ifndef NXD_DTLS_REASM_H
#define NXD_DTLS_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"

#define DTLS_REASM_SLOTS   4
#define DTLS_HS_HEADER_LEN 12

struct dtls_hs_frag { /* one parsed handshake fragment (12-byte header + body) */
    uint8_t msg_type;
    uint32_t msg_len; /* 24 bits */
    uint16_t msg_seq;
    uint32_t frag_off;   /* 24 bits */
    uint32_t frag_len;   /* 24 bits */
    const uint8_t *body; /* frag_len bytes */
};

/* dtls_hs_frag_next parses the next fragment header from a handshake record's plaintext; false if malformed
 * (frag_off + frag_len > msg_len checked by subtraction, body short). On false *record is left unchanged. */
bool dtls_hs_frag_next(struct wire_rd *record, struct dtls_hs_frag *out);

struct dtls_reasm_slot {
    uint8_t used, complete, msg_type;
    uint16_t msg_seq;
    uint32_t msg_len;
    uint32_t offset; /* where its bytes start in the buffer; its bitmap follows its bytes */
};

struct dtls_reasm {
    uint8_t *buf;
    size_t cap;
    size_t used; /* bytes carved so far */
    struct dtls_reasm_slot slot[DTLS_REASM_SLOTS];
};

/* dtls_reasm_init starts empty over the caller's buffer (which must outlive *r). */
void dtls_reasm_init(struct dtls_reasm *r, uint8_t *buf, size_t cap);

/* dtls_reasm_add offers one fragment; fragments of messages below next_seq are ignored (the caller handles
 * retransmitted old flights before calling). A fragment that conflicts with what a seq already holds (another
 * msg_type or msg_len, or other bytes for a complete message) replaces it: the newer claim wins, so a forged
 * fragment cannot keep out the peer's retransmission. Returns NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL only when message next_seq
 * can never fit the buffer; every other fragment it cannot keep is dropped with NX_SUCCESS. */
NXD_MUST_USE UINT dtls_reasm_add(struct dtls_reasm *r, uint16_t next_seq,
                                 const struct dtls_hs_frag *f);

/* dtls_reasm_take: if message next_seq is complete, sets type/body/len (valid until the next reset) and returns
 * true. The caller then processes it and calls dtls_reasm_release(r, next_seq). */
bool dtls_reasm_take(struct dtls_reasm *r, uint16_t next_seq, uint8_t *msg_type,
                     const uint8_t **body, uint32_t *len);

/* dtls_reasm_release frees the slot of message seq; compacts (reuses the whole buffer) when all are free. */
void dtls_reasm_release(struct dtls_reasm *r, uint16_t seq);

/* dtls_reasm_reset forgets every message. */
void dtls_reasm_reset(struct dtls_reasm *r);

/* dtls_reasm_need returns the buffer bytes one message of msg_len bytes occupies (body + coverage bitmap). */
size_t dtls_reasm_need(uint32_t msg_len);

#endif /* NXD_DTLS_REASM_H */
