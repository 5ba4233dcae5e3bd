/* SPDX-License-Identifier: MIT */
/* dtls_transcript.h: the running handshake hash (RFC 5246 7.4.9, RFC 6347 4.2.6) through a hash method of the
 * table (docs/netx-api.md 6.6 "Hash"). Messages are hashed as DTLS carries them: the 12-byte handshake header with
 * fragment_offset 0 and fragment_length = length, then the body. A digest is taken on a byte copy of the
 * method's area (the 6.6 fork), so the running hash goes on. */
#ifndef NXD_DTLS_TRANSCRIPT_H
#define NXD_DTLS_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_secure_tls.h"

struct dtls_transcript {
    const NX_CRYPTO_METHOD *hash; /* NULL until started */
    void *area;                   /* the running hash's metadata area */
    void *scratch;                /* the fork's area, same size */
    size_t area_size;
    uint8_t live; /* init ran: one cleanup owed */
};

/* dtls_transcript_hash_for returns the hash a suite's transcript uses: the one of its PRF (RFC 5246 7.4.9), the
 * table's handshake hash method for the SHA-256 PRF and nxdtls's method for SHA-384. NULL if unknown. */
const NX_CRYPTO_METHOD *dtls_transcript_hash_for(const NX_SECURE_TLS_CRYPTO *table,
                                                 const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_transcript_setup records the areas (each area_size bytes) without starting anything. */
void dtls_transcript_setup(struct dtls_transcript *t, void *area, void *scratch, size_t area_size);

/* dtls_transcript_start initializes hash in the area (after ending any previous use). Returns NX_SUCCESS or
 * the method's failure. */
NXD_MUST_USE UINT dtls_transcript_start(struct dtls_transcript *t, const NX_CRYPTO_METHOD *hash);

/* dtls_transcript_add hashes one whole handshake message: header (msg_type, len, msg_seq, 0, len) and body. */
NXD_MUST_USE UINT dtls_transcript_add(struct dtls_transcript *t, uint8_t msg_type, uint16_t msg_seq,
                                      const uint8_t *body, size_t len);

/* dtls_transcript_digest writes the hash of everything added so far into out (cap bytes) and its size into
 * *out_len, leaving the running hash untouched. */
NXD_MUST_USE UINT dtls_transcript_digest(struct dtls_transcript *t, uint8_t *out, size_t cap,
                                         size_t *out_len);

/* dtls_transcript_end runs the owed cleanup once and wipes both areas. */
void dtls_transcript_end(struct dtls_transcript *t);

#endif /* NXD_DTLS_TRANSCRIPT_H */
