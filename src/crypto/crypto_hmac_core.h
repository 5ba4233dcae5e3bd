/* SPDX-License-Identifier: MIT */
/* crypto_hmac_core.h: HMAC (RFC 2104) over libcrypto's SHA compression functions, keyed once, with no heap.
 *
 * Why not EVP_MAC: an EVP_MAC_CTX is a heap object that OpenSSL 3.0 duplicates, resets and frees per message
 * (six allocations per HMAC, and the digest looked up by name), which dominated the record MAC and the TLS PRF.
 * HMAC's key enters only through two hash blocks, K ^ ipad and K ^ opad; their compressions are the same for
 * every message under that key. So the key is processed once (hmac_core_prepare) and only the two resulting
 * chaining values are kept; each message then starts from the inner one. The hashing itself is
 * still libcrypto's (SHA1_Update / SHA256_Update / SHA512_Update and their _Final), through its low-level
 * SHA*_CTX API, whose context is plain bytes with public fields: a context is resumed by initialising it and
 * setting its chaining value and its count of one processed block. Nothing here allocates.
 *
 * Used by the HMAC methods (crypto_hmac.c, the CBC record MAC and the server's cookies) and the TLS PRF
 * (crypto_prf.c). */
#ifndef NXD_CRYPTO_HMAC_CORE_H
#define NXD_CRYPTO_HMAC_CORE_H

#define OPENSSL_SUPPRESS_DEPRECATED

#include <stddef.h>
#include <stdint.h>

#include <openssl/sha.h>

enum hmac_core_hash { HMAC_CORE_SHA1, HMAC_CORE_SHA256, HMAC_CORE_SHA384, HMAC_CORE_SHA512 };

#define HMAC_CORE_MAX_DIGEST 64
#define HMAC_CORE_MAX_BLOCK  128
/* Bytes of a key's two chaining values (the inner and the outer), per hash. */
#define HMAC_CORE_CHAINS_SHA1   40  /* 2 x 5 32-bit words */
#define HMAC_CORE_CHAINS_SHA256 64  /* 2 x 8 32-bit words */
#define HMAC_CORE_CHAINS_SHA512 128 /* 2 x 8 64-bit words, SHA-384 too */
#define HMAC_CORE_MAX_CHAINS    HMAC_CORE_CHAINS_SHA512

/* One message in progress. */
union hmac_core_ctx {
    SHA_CTX sha1;
    SHA256_CTX sha256;
    SHA512_CTX sha512;
};

/* hmac_core_ctx_size returns the bytes of the union member a hash uses (for areas sized per algorithm). */
size_t hmac_core_ctx_size(enum hmac_core_hash hash);

/* hmac_core_chains_size returns the bytes of a key's two chaining values: 40 (SHA-1), 64, 128. */
size_t hmac_core_chains_size(enum hmac_core_hash hash);

/* hmac_core_digest_len returns the output bytes of a hash. */
size_t hmac_core_digest_len(enum hmac_core_hash hash);

/* hmac_core_prepare keys HMAC with a key of any length (a key longer than the hash block is hashed first,
 * RFC 2104 2; key may be NULL when len is 0): the chaining values after K ^ ipad and K ^ opad go to chains
 * (hmac_core_chains_size bytes, any alignment). */
void hmac_core_prepare(enum hmac_core_hash hash, const uint8_t *key, size_t len, void *chains);

/* hmac_core_begin starts a message in c from prepared chains. */
void hmac_core_begin(enum hmac_core_hash hash, const void *chains, union hmac_core_ctx *c);

/* hmac_core_add hashes len more bytes (in may be NULL when len is 0). */
void hmac_core_add(enum hmac_core_hash hash, union hmac_core_ctx *c, const void *in, size_t len);

/* hmac_core_end writes hmac_core_digest_len bytes of HMAC to out and wipes c. */
void hmac_core_end(enum hmac_core_hash hash, const void *chains, union hmac_core_ctx *c,
                   uint8_t *out);

/* A whole prepared key for callers with room for the largest (the PRF, one-shot MACs). Plain bytes. */
struct hmac_core_key {
    uint8_t chains[HMAC_CORE_MAX_CHAINS];
    uint8_t hash;       /* enum hmac_core_hash */
    uint8_t digest_len; /* bytes of output */
};

/* The same operations on a struct hmac_core_key. */
void hmac_core_key(struct hmac_core_key *k, enum hmac_core_hash hash, const uint8_t *key,
                   size_t len);
void hmac_core_start(const struct hmac_core_key *k, union hmac_core_ctx *c);
void hmac_core_update(const struct hmac_core_key *k, union hmac_core_ctx *c, const void *in,
                      size_t len);
void hmac_core_finish(const struct hmac_core_key *k, union hmac_core_ctx *c, uint8_t *out);

#endif /* NXD_CRYPTO_HMAC_CORE_H */
