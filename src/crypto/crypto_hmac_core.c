/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_hmac_core.h"

#include <string.h>

#include "base/ct.h"

_Static_assert(HMAC_CORE_CHAINS_SHA1 == 2 * 5 * sizeof(SHA_LONG), "SHA-1 chaining value");
_Static_assert(HMAC_CORE_CHAINS_SHA256 == 2 * sizeof(((SHA256_CTX *)0)->h),
               "SHA-256 chaining value");
_Static_assert(HMAC_CORE_CHAINS_SHA512 == 2 * sizeof(((SHA512_CTX *)0)->h),
               "SHA-512 chaining value");

#define IPAD 0x36u
#define OPAD 0x5cu

size_t hmac_core_ctx_size(enum hmac_core_hash hash)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        return sizeof(SHA_CTX);
    case HMAC_CORE_SHA256:
        return sizeof(SHA256_CTX);
    default:
        return sizeof(SHA512_CTX);
    }
}

size_t hmac_core_digest_len(enum hmac_core_hash hash)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        return SHA_DIGEST_LENGTH;
    case HMAC_CORE_SHA256:
        return SHA256_DIGEST_LENGTH;
    case HMAC_CORE_SHA384:
        return SHA384_DIGEST_LENGTH;
    default:
        return SHA512_DIGEST_LENGTH;
    }
}

size_t hmac_core_chains_size(enum hmac_core_hash hash)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        return HMAC_CORE_CHAINS_SHA1;
    case HMAC_CORE_SHA256:
        return HMAC_CORE_CHAINS_SHA256;
    default:
        return HMAC_CORE_CHAINS_SHA512;
    }
}

static size_t block_len(enum hmac_core_hash hash)
{
    return hash == HMAC_CORE_SHA1 || hash == HMAC_CORE_SHA256 ? 64 : 128;
}

static void ctx_init(enum hmac_core_hash hash, union hmac_core_ctx *c)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        SHA1_Init(&c->sha1);
        break;
    case HMAC_CORE_SHA256:
        SHA256_Init(&c->sha256);
        break;
    case HMAC_CORE_SHA384:
        SHA384_Init(&c->sha512);
        break;
    default:
        SHA512_Init(&c->sha512);
        break;
    }
}

static void ctx_update(enum hmac_core_hash hash, union hmac_core_ctx *c, const void *in, size_t len)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        SHA1_Update(&c->sha1, in, len);
        break;
    case HMAC_CORE_SHA256:
        SHA256_Update(&c->sha256, in, len);
        break;
    default: /* SHA384_Update is SHA512_Update */
        SHA512_Update(&c->sha512, in, len);
        break;
    }
}

static void ctx_final(enum hmac_core_hash hash, union hmac_core_ctx *c, uint8_t *out)
{
    switch (hash) {
    case HMAC_CORE_SHA1:
        SHA1_Final(out, &c->sha1);
        break;
    case HMAC_CORE_SHA256:
        SHA256_Final(out, &c->sha256);
        break;
    case HMAC_CORE_SHA384:
        SHA384_Final(out, &c->sha512);
        break;
    default:
        SHA512_Final(out, &c->sha512);
        break;
    }
}

/* save_chain copies the chaining value of a context that has compressed exactly one block to out. */
static void save_chain(enum hmac_core_hash hash, const union hmac_core_ctx *c, uint8_t *out)
{
    switch (hash) {
    case HMAC_CORE_SHA1: {
        const SHA_LONG h[5] = {c->sha1.h0, c->sha1.h1, c->sha1.h2, c->sha1.h3, c->sha1.h4};
        memcpy(out, h, sizeof h);
        break;
    }
    case HMAC_CORE_SHA256:
        memcpy(out, c->sha256.h, sizeof c->sha256.h);
        break;
    default:
        memcpy(out, c->sha512.h, sizeof c->sha512.h);
        break;
    }
}

/* resume makes c the state of a hash that has compressed one block and reached the chaining value at chain:
 * the initialised context (right output length and empty buffer), its chaining value replaced and its bit
 * count set to one block (FIPS 180-4 5.1: the final padding encodes the total length). */
static void resume(enum hmac_core_hash hash, union hmac_core_ctx *c, const uint8_t *chain)
{
    ctx_init(hash, c);
    switch (hash) {
    case HMAC_CORE_SHA1: {
        SHA_LONG h[5];
        memcpy(h, chain, sizeof h);
        c->sha1.h0 = h[0];
        c->sha1.h1 = h[1];
        c->sha1.h2 = h[2];
        c->sha1.h3 = h[3];
        c->sha1.h4 = h[4];
        c->sha1.Nl = 64 * 8;
        break;
    }
    case HMAC_CORE_SHA256:
        memcpy(c->sha256.h, chain, sizeof c->sha256.h);
        c->sha256.Nl = 64 * 8;
        break;
    default:
        memcpy(c->sha512.h, chain, sizeof c->sha512.h);
        c->sha512.Nl = 128 * 8;
        break;
    }
}

void hmac_core_prepare(enum hmac_core_hash hash, const uint8_t *key, size_t len, void *chains)
{
    uint8_t block[HMAC_CORE_MAX_BLOCK];
    size_t b = block_len(hash);
    size_t half = hmac_core_chains_size(hash) / 2;
    union hmac_core_ctx c;
    memset(block, 0, sizeof block);
    if (len > b) {
        /* RFC 2104 2: a key longer than the block is replaced by its hash. */
        ctx_init(hash, &c);
        ctx_update(hash, &c, key, len);
        ctx_final(hash, &c, block);
    } else if (len != 0) {
        memcpy(block, key, len);
    }
    for (size_t i = 0; i < b; i++) {
        block[i] ^= IPAD;
    }
    ctx_init(hash, &c);
    ctx_update(hash, &c, block, b);
    save_chain(hash, &c, chains);
    for (size_t i = 0; i < b; i++) {
        block[i] ^= IPAD ^ OPAD;
    }
    ctx_init(hash, &c);
    ctx_update(hash, &c, block, b);
    save_chain(hash, &c, (uint8_t *)chains + half);
    ct_wipe(block, sizeof block);
    ct_wipe(&c, sizeof c);
}

void hmac_core_begin(enum hmac_core_hash hash, const void *chains, union hmac_core_ctx *c)
{
    resume(hash, c, chains);
}

void hmac_core_add(enum hmac_core_hash hash, union hmac_core_ctx *c, const void *in, size_t len)
{
    if (len != 0) {
        ctx_update(hash, c, in, len);
    }
}

void hmac_core_end(enum hmac_core_hash hash, const void *chains, union hmac_core_ctx *c,
                   uint8_t *out)
{
    uint8_t inner[HMAC_CORE_MAX_DIGEST];
    size_t half = hmac_core_chains_size(hash) / 2;
    ctx_final(hash, c, inner);
    resume(hash, c, (const uint8_t *)chains + half);
    ctx_update(hash, c, inner, hmac_core_digest_len(hash));
    ctx_final(hash, c, out);
    ct_wipe(inner, sizeof inner);
    ct_wipe(c, hmac_core_ctx_size(hash));
}

void hmac_core_key(struct hmac_core_key *k, enum hmac_core_hash hash, const uint8_t *key,
                   size_t len)
{
    memset(k, 0, sizeof *k);
    k->hash = (uint8_t)hash;
    k->digest_len = (uint8_t)hmac_core_digest_len(hash);
    hmac_core_prepare(hash, key, len, k->chains);
}

void hmac_core_start(const struct hmac_core_key *k, union hmac_core_ctx *c)
{
    hmac_core_begin((enum hmac_core_hash)k->hash, k->chains, c);
}

void hmac_core_update(const struct hmac_core_key *k, union hmac_core_ctx *c, const void *in,
                      size_t len)
{
    hmac_core_add((enum hmac_core_hash)k->hash, c, in, len);
}

void hmac_core_finish(const struct hmac_core_key *k, union hmac_core_ctx *c, uint8_t *out)
{
    hmac_core_end((enum hmac_core_hash)k->hash, k->chains, c, out);
}
