/* SPDX-License-Identifier: MIT */
/* crypto_hmac.c: crypto_method_hmac_sha1/256/384/512 (docs/netx-api.md 6.6 "HMAC") on crypto_hmac_core.
 *
 * init keys the area once: the key's ipad and opad blocks are compressed there and then, and only their
 * chaining values are kept (crypto_hmac_core.h says why this replaces EVP_MAC). Each record's
 * HASH_INITIALIZE starts from the inner value, UPDATE hashes, CALCULATE finishes with the outer value:
 * nothing is allocated, fetched or keyed per record. A HASH_INITIALIZE that passes a key (NetX's record
 * layer passes the MAC key every time) is compared with the keyed one through a 64-bit check value, so a
 * caller that reuses the area with a different key gets it rekeyed instead of the old key used silently.
 *
 * Area layout, sized per row: struct hmac_head, the message context of the row's hash, the two chaining
 * values. The area holds no pointer to anything else; `self` only marks the live instance, so a byte copy
 * of the area is refused rather than continued. */
#include "crypto/crypto_hmac.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_hmac_core.h"
#include "crypto/crypto_meta.h"

#define HMAC_MAGIC 0x6E78484Du /* "nxHM" */

struct hmac_head {
    void *self;
    uint64_t key_check; /* check value of the key the chains were made from */
    uint32_t magic;
    uint32_t algorithm;
    uint8_t keyed;   /* the chains hold a key */
    uint8_t started; /* HASH_INITIALIZE done, CALCULATE not yet */
};

/* The message context follows the head at an 8-aligned offset, the chaining values follow the context. */
#define HMAC_CTX_OFFSET ((sizeof(struct hmac_head) + 7u) & ~(size_t)7u)
#define HMAC_AREA(ctx_type, chains) \
    (HMAC_CTX_OFFSET + sizeof(ctx_type) + (chains) + CRYPTO_META_SLACK)

struct hmac_kind {
    UINT algorithm;
    enum hmac_core_hash hash;
};

static const struct hmac_kind kinds[] = {
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160, HMAC_CORE_SHA1},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256, HMAC_CORE_SHA256},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384, HMAC_CORE_SHA384},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_512, HMAC_CORE_SHA512},
};

static const struct hmac_kind *kind_for(UINT algorithm)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (kinds[i].algorithm == algorithm) {
            return &kinds[i];
        }
    }
    return NULL;
}

static size_t state_size(const struct hmac_kind *k)
{
    return HMAC_CTX_OFFSET + hmac_core_ctx_size(k->hash) + hmac_core_chains_size(k->hash);
}

static size_t area_need(const struct hmac_kind *k)
{
    return state_size(k) + CRYPTO_META_SLACK;
}

static union hmac_core_ctx *ctx_of(struct hmac_head *s)
{
    return (union hmac_core_ctx *)(void *)((uint8_t *)s + HMAC_CTX_OFFSET);
}

static uint8_t *chains_of(struct hmac_head *s, const struct hmac_kind *k)
{
    return (uint8_t *)s + HMAC_CTX_OFFSET + hmac_core_ctx_size(k->hash);
}

/* key_check is FNV-1a over the length and the bytes. It is no security boundary: it only tells the key a
 * caller passes now from the one the chains were made from, both the caller's own (a collision between two
 * keys one caller alternates on one area has probability 2^-64). */
static uint64_t key_check(const uint8_t *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)len;
    for (size_t i = 0; i < len; i++) {
        h ^= key[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* set_key keys the state with key (len bytes; key may be NULL when len is 0). */
static void set_key(struct hmac_head *s, const struct hmac_kind *k, const uint8_t *key, size_t len)
{
    hmac_core_prepare(k->hash, key, len, chains_of(s, k));
    s->keyed = 1;
    s->key_check = key_check(key, len);
}

static UINT hmac_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                      VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)handler;
    if (method == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const struct hmac_kind *k = kind_for(method->nx_crypto_algorithm);
    if (k == NULL) {
        return crypto_meta_ok(crypto_metadata, crypto_metadata_size, 1) ? NX_CRYPTO_NOT_SUCCESSFUL
                                                                        : NX_CRYPTO_PTR_ERROR;
    }
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, area_need(k))) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t key_len = key_size_in_bits >> 3;
    if (key == NULL && key_len != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct hmac_head *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->self = s;
    s->magic = HMAC_MAGIC;
    s->algorithm = k->algorithm;
    /* NetX's DTLS path skips init and keys at HASH_INITIALIZE; a keyless init waits for it too. */
    if (key != NULL) {
        set_key(s, k, key, key_len);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT hmac_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct hmac_head *s = crypto_meta_align8(crypto_metadata);
    const struct hmac_kind *k = kind_for(s->algorithm);
    if (s->magic == HMAC_MAGIC && s->self == s && k != NULL) {
        ct_wipe(s, state_size(k));
    }
    return NX_CRYPTO_SUCCESS;
}

/* start begins a message, rekeying only when the caller passes a key that differs. */
static UINT start(struct hmac_head *s, const struct hmac_kind *k, const uint8_t *key,
                  size_t key_len)
{
    s->started = 0;
    if (key != NULL && (!s->keyed || s->key_check != key_check(key, key_len))) {
        set_key(s, k, key, key_len);
    } else if (!s->keyed) {
        return NX_CRYPTO_PTR_ERROR; /* no key from init and none now */
    }
    hmac_core_begin(k->hash, chains_of(s, k), ctx_of(s));
    s->started = 1;
    return NX_CRYPTO_SUCCESS;
}

static UINT hmac_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                           NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                           ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                           ULONG output_length_in_byte, VOID *crypto_metadata,
                           ULONG crypto_metadata_size, VOID *packet_ptr,
                           VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)iv_ptr, (void)packet_ptr, (void)nx_crypto_hw_process_callback;
    if (method == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const struct hmac_kind *k = kind_for(method->nx_crypto_algorithm);
    if (k == NULL) {
        /* 6.6: a row of the wrong algorithm */
        return crypto_meta_ok(crypto_metadata, crypto_metadata_size, 1) ? NX_CRYPTO_NOT_SUCCESSFUL
                                                                        : NX_CRYPTO_PTR_ERROR;
    }
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, area_need(k))) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t key_len = key_size_in_bits >> 3;
    if ((key == NULL && key_len != 0) || (input == NULL && input_length_in_byte != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    uint8_t mac[HMAC_CORE_MAX_DIGEST];
    size_t mac_len = hmac_core_digest_len(k->hash);

    if (op != NX_CRYPTO_HASH_INITIALIZE && op != NX_CRYPTO_HASH_UPDATE &&
        op != NX_CRYPTO_HASH_CALCULATE) {
        /* 6.6: any other op is a one-shot HMAC(key, input); the area's keyed state is left alone. */
        if (output == NULL || output_length_in_byte == 0) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        struct hmac_core_key once;
        union hmac_core_ctx c;
        hmac_core_key(&once, k->hash, key, key_len);
        hmac_core_start(&once, &c);
        hmac_core_update(&once, &c, input, input_length_in_byte);
        hmac_core_finish(&once, &c, mac);
        memcpy(output, mac, output_length_in_byte < mac_len ? output_length_in_byte : mac_len);
        ct_wipe(mac, sizeof mac);
        ct_wipe(&once, sizeof once);
        return NX_CRYPTO_SUCCESS;
    }

    struct hmac_head *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != HMAC_MAGIC || s->self != s) {
        if (op != NX_CRYPTO_HASH_INITIALIZE) {
            return NX_CRYPTO_PTR_ERROR;
        }
        /* A NetX-style caller that skipped init: set the area up now. */
        NXD_TRY(
            hmac_init(method, key, key_size_in_bits, NULL, crypto_metadata, crypto_metadata_size));
    }
    if (s->algorithm != k->algorithm) {
        return NX_CRYPTO_PTR_ERROR; /* set up by another HMAC row */
    }
    switch (op) {
    case NX_CRYPTO_HASH_INITIALIZE:
        return start(s, k, key, key_len);
    case NX_CRYPTO_HASH_UPDATE:
        if (!s->started) {
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        hmac_core_add(k->hash, ctx_of(s), input, input_length_in_byte);
        return NX_CRYPTO_SUCCESS;
    default: /* NX_CRYPTO_HASH_CALCULATE */
        if (!s->started) {
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        if (output == NULL || output_length_in_byte == 0) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        s->started = 0;
        hmac_core_end(k->hash, chains_of(s, k), ctx_of(s), mac);
        /* 6.6: writes min(capacity, ICV/8). */
        memcpy(output, mac, output_length_in_byte < mac_len ? output_length_in_byte : mac_len);
        ct_wipe(mac, sizeof mac);
        return NX_CRYPTO_SUCCESS;
    }
}

/* clang-format off */
#define HMAC_ROW(alg, bits, block, ctx_type, chains)                                                \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = (bits),                          \
     .nx_crypto_block_size_in_bytes = (block),                                                      \
     .nx_crypto_metadata_area_size = HMAC_AREA(ctx_type, chains),                                   \
     .nx_crypto_init = hmac_init, .nx_crypto_cleanup = hmac_cleanup,                                \
     .nx_crypto_operation = hmac_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_hmac_sha1 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160, 160, 64, SHA_CTX, HMAC_CORE_CHAINS_SHA1);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_hmac_sha256 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256, 256, 64, SHA256_CTX, HMAC_CORE_CHAINS_SHA256);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_hmac_sha384 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384, 384, 128, SHA512_CTX, HMAC_CORE_CHAINS_SHA512);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_hmac_sha512 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_512, 512, 128, SHA512_CTX, HMAC_CORE_CHAINS_SHA512);
/* clang-format on */
