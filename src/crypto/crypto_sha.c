/* SPDX-License-Identifier: MIT */
/* crypto_sha.c: the hash methods crypto_method_sha1/256/384/512 (docs/netx-api.md 6.6 "Hash").
 *
 * The engine forks the transcript hash by copying the area with memcpy, so the whole hash state lives
 * inline in the area, with no pointer in it: OpenSSL's low-level SHA*_CTX structures by value. They are
 * deprecated in OpenSSL 3 but are the only libcrypto hash state that is plain bytes (an EVP_MD_CTX is a
 * heap object). SHA512_CTX wants 8-byte alignment and an area is only 4-aligned, so each operation
 * works on an aligned copy on the stack and stores it back. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/crypto_sha.h"

#include <string.h>

#include <openssl/sha.h>

#include "base/ct.h"
#include "crypto/crypto_meta.h"

#define SHA_MAGIC 0x6E785348u /* "nxSH": the area holds a started hash */

struct sha_head {
    uint32_t magic;
    uint32_t algorithm; /* NX_CRYPTO_HASH_* of the row that started it */
};

union sha_ctx {
    SHA_CTX sha1;
    SHA256_CTX sha256;
    SHA512_CTX sha512;
};

#define SHA_AREA(ctx_type) (sizeof(struct sha_head) + sizeof(ctx_type))

struct sha_kind {
    UINT algorithm;
    size_t ctx_size;
    size_t digest_size;
};

static const struct sha_kind kinds[] = {
    {NX_CRYPTO_HASH_SHA1, sizeof(SHA_CTX), SHA_DIGEST_LENGTH},
    {NX_CRYPTO_HASH_SHA256, sizeof(SHA256_CTX), SHA256_DIGEST_LENGTH},
    {NX_CRYPTO_HASH_SHA384, sizeof(SHA512_CTX), SHA384_DIGEST_LENGTH},
    {NX_CRYPTO_HASH_SHA512, sizeof(SHA512_CTX), SHA512_DIGEST_LENGTH},
};

static const struct sha_kind *kind_for(const NX_CRYPTO_METHOD *method)
{
    if (method == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (kinds[i].algorithm == method->nx_crypto_algorithm) {
            return &kinds[i];
        }
    }
    return NULL;
}

static void ctx_start(const struct sha_kind *k, union sha_ctx *c)
{
    switch (k->algorithm) {
    case NX_CRYPTO_HASH_SHA1:
        SHA1_Init(&c->sha1);
        break;
    case NX_CRYPTO_HASH_SHA256:
        SHA256_Init(&c->sha256);
        break;
    case NX_CRYPTO_HASH_SHA384:
        SHA384_Init(&c->sha512);
        break;
    default:
        SHA512_Init(&c->sha512);
        break;
    }
}

static void ctx_update(const struct sha_kind *k, union sha_ctx *c, const uint8_t *in, size_t len)
{
    switch (k->algorithm) {
    case NX_CRYPTO_HASH_SHA1:
        SHA1_Update(&c->sha1, in, len);
        break;
    case NX_CRYPTO_HASH_SHA256:
        SHA256_Update(&c->sha256, in, len);
        break;
    case NX_CRYPTO_HASH_SHA384:
        SHA384_Update(&c->sha512, in, len);
        break;
    default:
        SHA512_Update(&c->sha512, in, len);
        break;
    }
}

static void ctx_finish(const struct sha_kind *k, union sha_ctx *c, uint8_t *out)
{
    switch (k->algorithm) {
    case NX_CRYPTO_HASH_SHA1:
        SHA1_Final(out, &c->sha1);
        break;
    case NX_CRYPTO_HASH_SHA256:
        SHA256_Final(out, &c->sha256);
        break;
    case NX_CRYPTO_HASH_SHA384:
        SHA384_Final(out, &c->sha512);
        break;
    default:
        SHA512_Final(out, &c->sha512);
        break;
    }
}

/* The area layout is sha_head at offset 0, then the context bytes. */
static uint8_t *ctx_bytes(void *area)
{
    return (uint8_t *)area + sizeof(struct sha_head);
}

static void area_start(const struct sha_kind *k, void *area)
{
    struct sha_head head = {.magic = SHA_MAGIC, .algorithm = k->algorithm};
    union sha_ctx c;
    ctx_start(k, &c);
    memcpy(area, &head, sizeof head);
    memcpy(ctx_bytes(area), &c, k->ctx_size);
    ct_wipe(&c, sizeof c);
}

static bool area_started(const struct sha_kind *k, const void *area)
{
    struct sha_head head;
    memcpy(&head, area, sizeof head);
    return head.magic == SHA_MAGIC && head.algorithm == k->algorithm;
}

static UINT sha_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)key, (void)key_size_in_bits, (void)handler;
    const struct sha_kind *k = kind_for(method);
    if (k == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size,
                        sizeof(struct sha_head) + k->ctx_size)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    area_start(k, crypto_metadata);
    return NX_CRYPTO_SUCCESS;
}

static UINT sha_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct sha_head head;
    memcpy(&head, crypto_metadata, sizeof head);
    if (head.magic != SHA_MAGIC) {
        return NX_CRYPTO_SUCCESS; /* never started (or already cleaned): its size is unknown */
    }
    NX_CRYPTO_METHOD probe = {.nx_crypto_algorithm = head.algorithm};
    const struct sha_kind *k = kind_for(&probe);
    ct_wipe(crypto_metadata, sizeof head + (k == NULL ? 0 : k->ctx_size));
    return NX_CRYPTO_SUCCESS;
}

static UINT sha_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)key, (void)key_size_in_bits, (void)iv_ptr, (void)packet_ptr;
    (void)nx_crypto_hw_process_callback;
    const struct sha_kind *k = kind_for(method);
    if (k == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL; /* 6.6: a row of the wrong algorithm */
    }
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size,
                        sizeof(struct sha_head) + k->ctx_size)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (input == NULL && input_length_in_byte != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    union sha_ctx c;
    switch (op) {
    case NX_CRYPTO_HASH_INITIALIZE:
        area_start(k, crypto_metadata);
        return NX_CRYPTO_SUCCESS;
    case NX_CRYPTO_HASH_UPDATE:
        if (!area_started(k, crypto_metadata)) {
            return NX_CRYPTO_PTR_ERROR;
        }
        if (input_length_in_byte != 0) {
            memcpy(&c, ctx_bytes(crypto_metadata), k->ctx_size);
            ctx_update(k, &c, input, input_length_in_byte);
            memcpy(ctx_bytes(crypto_metadata), &c, k->ctx_size);
            ct_wipe(&c, sizeof c);
        }
        return NX_CRYPTO_SUCCESS;
    case NX_CRYPTO_HASH_CALCULATE:
        if (!area_started(k, crypto_metadata)) {
            return NX_CRYPTO_PTR_ERROR;
        }
        if (output == NULL || output_length_in_byte < k->digest_size) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        memcpy(&c, ctx_bytes(crypto_metadata), k->ctx_size);
        ctx_finish(k, &c, output);
        ct_wipe(&c, sizeof c);
        /* Ready for the next digest, so a stray UPDATE never continues a finished state. */
        area_start(k, crypto_metadata);
        return NX_CRYPTO_SUCCESS;
    default:
        /* 6.6: any other op is a one-shot digest of input (NetX X.509 passes NX_CRYPTO_VERIFY). */
        if (output == NULL || output_length_in_byte < k->digest_size) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        ctx_start(k, &c);
        if (input_length_in_byte != 0) {
            ctx_update(k, &c, input, input_length_in_byte);
        }
        ctx_finish(k, &c, output);
        ct_wipe(&c, sizeof c);
        return NX_CRYPTO_SUCCESS;
    }
}

/* clang-format off */
#define SHA_ROW(alg, digest_bits, block, ctx_type)                                                  \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = (digest_bits),                   \
     .nx_crypto_block_size_in_bytes = (block), .nx_crypto_metadata_area_size = SHA_AREA(ctx_type),  \
     .nx_crypto_init = sha_init, .nx_crypto_cleanup = sha_cleanup,                                  \
     .nx_crypto_operation = sha_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_sha1 = SHA_ROW(NX_CRYPTO_HASH_SHA1, 160, 64, SHA_CTX);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_sha256 = SHA_ROW(NX_CRYPTO_HASH_SHA256, 256, 64, SHA256_CTX);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_sha384 = SHA_ROW(NX_CRYPTO_HASH_SHA384, 384, 128, SHA512_CTX);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_sha512 = SHA_ROW(NX_CRYPTO_HASH_SHA512, 512, 128, SHA512_CTX);
/* clang-format on */
