/* SPDX-License-Identifier: MIT */
/* crypto_aes_cbc.c: crypto_method_aes_cbc_128 / _256 (docs/netx-api.md 6.6 "AES-CBC"): raw CBC, no padding
 * (the engine pads and checks padding).
 *
 * The EVP_CIPHER_CTX is created and keyed once in init; a record only sets a new IV. AES decryption
 * uses a different key schedule from encryption, so a context keyed for one direction is rekeyed
 * (once) the first time the area is used the other way; the key is kept in the area for that. An area
 * serves one direction of a session, so in practice it is keyed once. */
#include "crypto/crypto_aes_cbc.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "base/ct.h"
#include "crypto/crypto_keycache.h"
#include "crypto/crypto_meta.h"

#define CBC_MAGIC 0x6E784342u /* "nxCB" */
#define CBC_BLOCK 16u

struct cbc_state {
    void *self;
    EVP_CIPHER_CTX *ctx;
    uint32_t magic;
    uint32_t key_len;
    uint8_t keyed_encrypt; /* the context's key schedule is for encryption (1) or decryption (0) */
    uint8_t iv_set;        /* an INITIALIZE (or one-shot) set an IV in the current direction */
    uint8_t key[32];
};

#define CBC_AREA (sizeof(struct cbc_state) + CRYPTO_META_SLACK)

static const EVP_CIPHER *cipher_for(size_t key_len)
{
    switch (key_len) {
    case 16:
        return crypto_keycache_cipher("AES-128-CBC", EVP_aes_128_cbc());
    case 24:
        return crypto_keycache_cipher("AES-192-CBC", EVP_aes_192_cbc());
    case 32:
        return crypto_keycache_cipher("AES-256-CBC", EVP_aes_256_cbc());
    default:
        return NULL;
    }
}

static UINT cbc_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct cbc_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == CBC_MAGIC && s->self == s) {
        EVP_CIPHER_CTX_free(s->ctx);
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT cbc_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)method, (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, CBC_AREA) || key == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t key_len = key_size_in_bits >> 3;
    const EVP_CIPHER *cipher = cipher_for(key_len);
    if (cipher == NULL || (key_size_in_bits & 7u) != 0) {
        return NX_CRYPTO_UNSUPPORTED_KEY_SIZE;
    }
    struct cbc_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->ctx = EVP_CIPHER_CTX_new();
    if (s->ctx == NULL || EVP_CipherInit_ex(s->ctx, cipher, NULL, key, NULL, 1) != 1 ||
        EVP_CIPHER_CTX_set_padding(s->ctx, 0) != 1) {
        ERR_clear_error();
        EVP_CIPHER_CTX_free(s->ctx);
        ct_wipe(s, sizeof *s);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->self = s;
    s->magic = CBC_MAGIC;
    s->key_len = (uint32_t)key_len;
    s->keyed_encrypt = 1;
    memcpy(s->key, key, key_len);
    return NX_CRYPTO_SUCCESS;
}

/* set_iv starts a chain in one direction, rekeying when the schedule is the other direction's. */
static UINT set_iv(struct cbc_state *s, int encrypt, const uint8_t *iv)
{
    const uint8_t *key = NULL;
    if (s->keyed_encrypt != encrypt) {
        key = s->key;
    }
    if (EVP_CipherInit_ex(s->ctx, NULL, NULL, key, iv, encrypt) != 1) {
        ERR_clear_error();
        s->iv_set = 0;
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->keyed_encrypt = (uint8_t)encrypt;
    s->iv_set = 1;
    return NX_CRYPTO_SUCCESS;
}

static UINT run(struct cbc_state *s, const uint8_t *in, uint8_t *out, ULONG len, ULONG out_cap)
{
    if ((in == NULL || out == NULL) && len != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    /* 6.6: the method never pads; a length that is not whole blocks is a caller error. */
    if (len % CBC_BLOCK != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (out_cap < len) {
        return NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    if (len > (ULONG)INT_MAX - CBC_BLOCK) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    if (len == 0) {
        return NX_CRYPTO_SUCCESS;
    }
    int out_len = 0;
    if (EVP_CipherUpdate(s->ctx, out, &out_len, in, (int)len) != 1 || out_len != (int)len) {
        ERR_clear_error();
        memset(out, 0, len);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT cbc_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)method, (void)key, (void)key_size_in_bits, (void)packet_ptr;
    (void)nx_crypto_hw_process_callback;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, CBC_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct cbc_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != CBC_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    int encrypt = (op == NX_CRYPTO_ENCRYPT || op == NX_CRYPTO_ENCRYPT_INITIALIZE ||
                   op == NX_CRYPTO_ENCRYPT_UPDATE || op == NX_CRYPTO_ENCRYPT_CALCULATE);
    switch (op) {
    case NX_CRYPTO_ENCRYPT_INITIALIZE:
    case NX_CRYPTO_DECRYPT_INITIALIZE:
        /* iv_ptr is the raw 16-byte IV (no length byte for CBC). */
        if (iv_ptr == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        return set_iv(s, encrypt, iv_ptr);
    case NX_CRYPTO_ENCRYPT_UPDATE:
    case NX_CRYPTO_DECRYPT_UPDATE:
        /* Chaining continues from the previous UPDATE; the direction must be the one started. */
        if (!s->iv_set || s->keyed_encrypt != encrypt) {
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        return run(s, input, output, input_length_in_byte, output_length_in_byte);
    case NX_CRYPTO_ENCRYPT_CALCULATE:
    case NX_CRYPTO_DECRYPT_CALCULATE:
        return NX_CRYPTO_SUCCESS; /* CBC has nothing to finish: no padding, no tag */
    case NX_CRYPTO_ENCRYPT:
    case NX_CRYPTO_DECRYPT:
        if (iv_ptr == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        NXD_TRY(set_iv(s, encrypt, iv_ptr));
        return run(s, input, output, input_length_in_byte, output_length_in_byte);
    default:
        return NX_CRYPTO_INVALID_ALGORITHM;
    }
}

/* clang-format off */
#define CBC_ROW(bits)                                                                               \
    {.nx_crypto_algorithm = NX_CRYPTO_ENCRYPTION_AES_CBC, .nx_crypto_key_size_in_bits = (bits),     \
     .nx_crypto_IV_size_in_bits = 128, .nx_crypto_ICV_size_in_bits = 0,                             \
     .nx_crypto_block_size_in_bytes = CBC_BLOCK, .nx_crypto_metadata_area_size = CBC_AREA,          \
     .nx_crypto_init = cbc_init, .nx_crypto_cleanup = cbc_cleanup,                                  \
     .nx_crypto_operation = cbc_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_cbc_128 = CBC_ROW(128);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_cbc_256 = CBC_ROW(256);
/* clang-format on */
