/* SPDX-License-Identifier: MIT */
/* crypto_hmac.c: crypto_method_hmac_sha1/256/384/512 (docs/netx-api.md 6.6 "HMAC") on EVP_MAC.
 *
 * init creates the EVP_MAC_CTX and keys it once; each record's HASH_INITIALIZE only resets it to the
 * keyed state (EVP_MAC_init with a NULL key), so nothing is fetched or keyed per record. The key is
 * kept in the area as well, so a HASH_INITIALIZE that passes a different key (a NetX-style caller
 * reusing the area) rekeys instead of silently using the old one. */
#include "crypto/crypto_hmac.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "base/ct.h"
#include "crypto/crypto_meta.h"

#define HMAC_MAGIC   0x6E78484Du /* "nxHM" */
#define HMAC_KEY_MAX 64u         /* longest key kept for comparison; TLS MAC keys are at most 48 */

struct hmac_state {
    void *self;
    EVP_MAC_CTX *ctx;
    uint32_t magic;
    uint32_t algorithm;
    uint32_t key_len; /* bytes in key[]; valid when keyed */
    uint8_t keyed;    /* ctx holds a key */
    uint8_t key_kept; /* key[] holds it (it was not longer than HMAC_KEY_MAX) */
    uint8_t started;  /* HASH_INITIALIZE done, CALCULATE not yet */
    uint8_t key[HMAC_KEY_MAX];
};

#define HMAC_AREA (sizeof(struct hmac_state) + CRYPTO_META_SLACK)

struct hmac_kind {
    UINT algorithm;
    const char *digest; /* OpenSSL digest name, used once at keying */
    size_t size;
};

static const struct hmac_kind kinds[] = {
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160, "SHA1", 20},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256, "SHA256", 32},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384, "SHA384", 48},
    {NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_512, "SHA512", 64},
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

static const EVP_MD *md_for(UINT algorithm)
{
    switch (algorithm) {
    case NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160:
        return EVP_sha1();
    case NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256:
        return EVP_sha256();
    case NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384:
        return EVP_sha384();
    default:
        return EVP_sha512();
    }
}

/* set_key keys ctx with key (len bytes; key may be NULL when len is 0) and remembers it. */
static UINT set_key(struct hmac_state *s, const struct hmac_kind *k, const uint8_t *key, size_t len)
{
    static const uint8_t empty = 0;
    OSSL_PARAM params[2] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)(uintptr_t)k->digest, 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(s->ctx, len == 0 ? &empty : key, len, params) != 1) {
        ERR_clear_error();
        s->keyed = 0;
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->keyed = 1;
    s->key_len = (uint32_t)len;
    s->key_kept = len <= HMAC_KEY_MAX;
    if (s->key_kept && len != 0) {
        memcpy(s->key, key, len);
    }
    return NX_CRYPTO_SUCCESS;
}

static void release(struct hmac_state *s)
{
    EVP_MAC_CTX_free(s->ctx);
    ct_wipe(s, sizeof *s);
}

static UINT hmac_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                      VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)handler;
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, HMAC_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const struct hmac_kind *k = kind_for(method->nx_crypto_algorithm);
    if (k == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    size_t key_len = key_size_in_bits >> 3;
    if (key == NULL && key_len != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct hmac_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
    s->ctx = mac == NULL ? NULL : EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context holds its own reference */
    if (s->ctx == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->self = s;
    s->magic = HMAC_MAGIC;
    s->algorithm = k->algorithm;
    /* NetX's DTLS path skips init and keys at HASH_INITIALIZE; a keyless init waits for it too. */
    if (key != NULL) {
        UINT status = set_key(s, k, key, key_len);
        if (status != NX_CRYPTO_SUCCESS) {
            release(s);
            return status;
        }
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
    struct hmac_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == HMAC_MAGIC && s->self == s) {
        release(s);
    }
    return NX_CRYPTO_SUCCESS;
}

/* start resets the MAC for a new message, rekeying only when the caller passes a key that differs. */
static UINT start(struct hmac_state *s, const struct hmac_kind *k, const uint8_t *key,
                  size_t key_len)
{
    s->started = 0;
    bool same = key == NULL || (s->keyed && s->key_kept && s->key_len == key_len &&
                                ct_equal(s->key, key, key_len));
    if (!same) {
        NXD_TRY(set_key(s, k, key, key_len));
    } else {
        if (!s->keyed) {
            return NX_CRYPTO_PTR_ERROR; /* no key from init and none now */
        }
        if (EVP_MAC_init(s->ctx, NULL, 0, NULL) != 1) {
            ERR_clear_error();
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
    }
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
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, HMAC_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const struct hmac_kind *k = kind_for(method->nx_crypto_algorithm);
    if (k == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL; /* 6.6: a row of the wrong algorithm */
    }
    size_t key_len = key_size_in_bits >> 3;
    if ((key == NULL && key_len != 0) || (input == NULL && input_length_in_byte != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    uint8_t mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;

    if (op != NX_CRYPTO_HASH_INITIALIZE && op != NX_CRYPTO_HASH_UPDATE &&
        op != NX_CRYPTO_HASH_CALCULATE) {
        /* 6.6: any other op is a one-shot HMAC(key, input); the area's keyed state is left alone. */
        static const uint8_t empty = 0;
        unsigned int n = 0;
        if (output == NULL || output_length_in_byte == 0) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        if (HMAC(md_for(k->algorithm), key_len == 0 ? &empty : key, (int)key_len,
                 input_length_in_byte == 0 ? &empty : input, input_length_in_byte, mac,
                 &n) == NULL) {
            ERR_clear_error();
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        memcpy(output, mac, output_length_in_byte < n ? output_length_in_byte : n);
        ct_wipe(mac, sizeof mac);
        return NX_CRYPTO_SUCCESS;
    }

    struct hmac_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != HMAC_MAGIC || s->self != s) {
        if (op != NX_CRYPTO_HASH_INITIALIZE) {
            return NX_CRYPTO_PTR_ERROR;
        }
        /* A NetX-style caller that skipped init: set the area up now (it leaks unless cleaned up). */
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
        if (input_length_in_byte != 0 && EVP_MAC_update(s->ctx, input, input_length_in_byte) != 1) {
            ERR_clear_error();
            s->started = 0;
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        return NX_CRYPTO_SUCCESS;
    default: /* NX_CRYPTO_HASH_CALCULATE */
        if (!s->started) {
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        if (output == NULL || output_length_in_byte == 0) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        s->started = 0;
        if (EVP_MAC_final(s->ctx, mac, &mac_len, sizeof mac) != 1) {
            ERR_clear_error();
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        /* 6.6: writes min(capacity, ICV/8). */
        memcpy(output, mac, output_length_in_byte < mac_len ? output_length_in_byte : mac_len);
        ct_wipe(mac, sizeof mac);
        return NX_CRYPTO_SUCCESS;
    }
}

/* clang-format off */
#define HMAC_ROW(alg, bits, block)                                                                  \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = (bits),                          \
     .nx_crypto_block_size_in_bytes = (block), .nx_crypto_metadata_area_size = HMAC_AREA,           \
     .nx_crypto_init = hmac_init, .nx_crypto_cleanup = hmac_cleanup,                                \
     .nx_crypto_operation = hmac_operation}

CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_hmac_sha1 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160, 160, 64);
CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_hmac_sha256 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256, 256, 64);
CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_hmac_sha384 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384, 384, 128);
CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_hmac_sha512 = HMAC_ROW(NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_512, 512, 128);
/* clang-format on */
