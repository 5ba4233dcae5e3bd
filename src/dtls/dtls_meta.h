/* SPDX-License-Identifier: MIT */
/* dtls_meta.h: sizing and carving of the metadata buffer (docs/netx-api.md 6.5, 6.6 "Metadata sizes and carving").
 *
 * Layout from the 8-aligned start, each area rounded up to 8:
 *   struct dtls_hs | transcript hash | scratch (transcript fork) | PRF | public (key exchange, signatures) |
 *   ECDHE key (the server's ephemeral key pair, ServerKeyExchange to ClientKeyExchange) |
 *   session cipher x 4 (read slot 0, 1, write slot 0, 1) | MAC x 4 (same order)
 * Each area is the largest declared nx_crypto_metadata_area_size over the table's rows for that role. Four
 * cipher and MAC areas: the current and the next epoch of each direction coexist during a handshake. The size
 * counts 7 bytes of slack for aligning the caller's buffer start. Scratch, PRF and public are adjacent on
 * purpose: outside a PRF or transcript-fork use, the three together are the scratch X.509 chain verification
 * takes (a hash area and a public-key area, dtls_peer). */
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
    size_t total; /* bytes the caller must provide */
};

/* Pointers into one connection's metadata buffer. */
struct dtls_meta_areas {
    void *hs;
    void *transcript;
    void *scratch;
    void *prf;
    void *pub;
    void *kx;
    void *cipher[4];
    void *mac[4];
};

/* dtls_meta_layout computes the layout for a table. */
void dtls_meta_layout(const NX_SECURE_TLS_CRYPTO *table, struct dtls_meta_layout *out);

/* dtls_meta_align returns the first 8-aligned address at or after p. */
uint8_t *dtls_meta_align(uint8_t *p);

/* dtls_meta_carve fills *out from an 8-aligned base holding at least layout->total - 7 bytes. */
void dtls_meta_carve(uint8_t *base, const struct dtls_meta_layout *layout,
                     struct dtls_meta_areas *out);

/* dtls_meta_check returns NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE when a row the engine can use lacks an operation
 * it needs (session cipher, record MAC for CBC, PRF, transcript hash), NX_SECURE_TLS_SUCCESS otherwise
 * (docs/style.md 2.7: found when the table is installed, not mid-handshake). */
NXD_MUST_USE UINT dtls_meta_check(const NX_SECURE_TLS_CRYPTO *table);

/* dtls_meta_cipher_kind returns DTLS_CIPHER_AEAD or DTLS_CIPHER_CBC for a row's session cipher, or
 * DTLS_CIPHER_NULL for one the record layer cannot run. */
uint8_t dtls_meta_cipher_kind(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

#endif /* NXD_DTLS_META_H */
