/* SPDX-License-Identifier: MIT */
/* dtls_meta.h: sizing and carving of the metadata buffer (docs/netx-api.md 6.5, 6.6 "Metadata sizes and carving").
 *
 * The metadata comes in two parts, each from an 8-aligned start, each area rounded up to 8:
 *   session part (what an established association keeps):
 *     session cipher (read) | session cipher (write) | MAC (read) | MAC (write)
 *   handshake part (what only a handshake uses; a server may share it between slots, dtls_pool.h):
 *     struct dtls_hs | transcript hash | scratch (transcript fork) | PRF | public (key exchange, signatures) |
 *     ECDHE key (the server's ephemeral key pair, ServerKeyExchange to ClientKeyExchange) |
 *     pending cipher (read) | pending cipher (write) | pending MAC (read) | pending MAC (write) | pending keys
 * nxdtls_conn_init takes both in one buffer, the session part first (7 bytes of slack for aligning the
 * caller's start are counted in total). Each area is the largest declared nx_crypto_metadata_area_size over
 * the table's rows for that role; the MAC areas only for rows with a CBC cipher (AEAD rows have no MAC).
 *
 * Where an epoch's record ciphers live: the first handshake's epoch goes straight to the session areas (epoch 0
 * has no cipher to make way for). A renegotiation's new epoch has to coexist with the current one until the
 * handshake is over (records of both are sent and read, RFC 6347 4.1), so it is keyed in the pending areas, and
 * its encryption keys are kept in the pending keys area; once the old epoch's cipher is cleared (reading: at
 * completion, writing: when the final flight is let go) the new one is keyed again in the session area and
 * the pending area is cleaned up (dtls_conn_rekey). Scratch, PRF and public are adjacent on purpose: outside a
 * PRF or transcript-fork use, the three together are the scratch X.509 chain verification takes (a hash area
 * and a public-key area, dtls_peer). */
#ifndef NXD_DTLS_META_H
#define NXD_DTLS_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_secure_tls.h"

struct dtls_meta_layout {
    size_t hs;
    size_t hash;
    size_t prf;
    size_t pub;
    size_t kx;
    size_t cipher;
    size_t mac;
    size_t keys;      /* the pending epoch's encryption keys, both directions */
    size_t session;   /* bytes of the session part (from its 8-aligned start) */
    size_t handshake; /* bytes of the handshake part (from its 8-aligned start) */
    size_t total;     /* bytes the caller provides for both in one buffer, with alignment slack */
};

/* DTLS_META_KEY_MAX is the longest encryption key a pending epoch keeps (AES-256). */
#define DTLS_META_KEY_MAX 32

/* Pointers into one connection's handshake part. cipher, mac and keys are indexed by direction: 0 read, 1 write. */
struct dtls_meta_areas {
    void *hs;
    void *transcript;
    void *scratch;
    void *prf;
    void *pub;
    void *kx;
    void *cipher[2];
    void *mac[2];
    uint8_t *keys[2];
};

/* dtls_meta_layout computes the layout for a table. */
void dtls_meta_layout(const NX_SECURE_TLS_CRYPTO *table, struct dtls_meta_layout *out);

/* dtls_meta_align returns the first 8-aligned address at or after p. */
uint8_t *dtls_meta_align(uint8_t *p);

/* dtls_meta_carve fills *out from the 8-aligned base of a handshake part (layout->handshake bytes). */
void dtls_meta_carve(uint8_t *base, const struct dtls_meta_layout *layout,
                     struct dtls_meta_areas *out);

/* dtls_meta_session_cipher / _mac return a direction's area (0 read, 1 write) in an 8-aligned session part. */
uint8_t *dtls_meta_session_cipher(uint8_t *session, const struct dtls_meta_layout *layout, int dir);
uint8_t *dtls_meta_session_mac(uint8_t *session, const struct dtls_meta_layout *layout, int dir);

/* dtls_meta_check returns NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE when a row the engine can use lacks an operation
 * it needs (session cipher, record MAC for CBC, PRF, transcript hash), NX_SECURE_TLS_SUCCESS otherwise
 * (docs/style.md 2.7: found when the table is installed, not mid-handshake). */
NXD_MUST_USE UINT dtls_meta_check(const NX_SECURE_TLS_CRYPTO *table);

/* dtls_meta_cipher_kind returns DTLS_CIPHER_AEAD or DTLS_CIPHER_CBC for a row's session cipher, or
 * DTLS_CIPHER_NULL for one the record layer cannot run. */
uint8_t dtls_meta_cipher_kind(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

#endif /* NXD_DTLS_META_H */
