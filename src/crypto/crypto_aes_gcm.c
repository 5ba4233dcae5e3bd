/* SPDX-License-Identifier: MIT */
/* crypto_aes_gcm.c: crypto_method_aes_128_gcm_16 / _256_gcm_16 (docs/netx-api.md 6.6 "AES-GCM / AES-CCM").
 *
 * Per record: *_INITIALIZE sets the nonce on the context keyed in init and consumes the AAD;
 * *_UPDATE streams the payload; ENCRYPT_CALCULATE writes the tag, DECRYPT_CALCULATE checks it. GCM
 * decrypts as it goes, so the plaintext written by DECRYPT_UPDATE is remembered and zeroed when the
 * tag does not match: a caller never sees unauthenticated plaintext.
 *
 * libcrypto's AES-GCM is called through its provider's functions, without the EVP wrappers
 * (crypto_prov_cipher.h): the context is the provider's, keyed once in init.
 *
 * The 12-byte nonces of TLS records (4-byte salt, 8-byte explicit part, RFC 5288 3) are set through the
 * GCM context's TLS nonce parameters (OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED, _GET_IV_GEN, _SET_IV_INV: the
 * ones OpenSSL's own TLS uses) rather than by giving the whole nonce to the init function each record. The
 * context is told the whole nonce once; then a decryption sets only the explicit part (SET_IV_INV), and an
 * encryption arms the next nonce, the one after this one, together with fetching this record's tag
 * (GET_IV_GEN with the tag): when the caller then asks for exactly that nonce, as the record layer's
 * epoch || sequence number does, nothing more is needed; any other nonce is set in full first. The context's
 * generator never sets a nonce the caller did not ask for. Other nonce lengths are given whole to the init
 * function, with their length. */
#include "crypto/crypto_aes_gcm.h"

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "base/ct.h"
#include "crypto/crypto_keycache.h"
#include "crypto/crypto_meta.h"
#include "crypto/crypto_prov_cipher.h"

#define GCM_MAGIC     0x6E784743u /* "nxGC" */
#define GCM_NONCE_MAX 128u        /* the largest IV OpenSSL's GCM takes */
#define TLS_NONCE     12u         /* salt (4) || explicit (8), RFC 5288 3 */
#define TLS_SALT      4u
#define DIR_UNKNOWN   0xFFu

enum { STAGE_IDLE, STAGE_STARTED, STAGE_UPDATED };

struct gcm_state {
    void *self;
    const struct crypto_prov_cipher *prov; /* the provider's functions (crypto_prov_cipher.h) */
    void *ctx;                             /* the provider's context, keyed in init */
    uint8_t *zero_ptr;  /* decrypt: plaintext written this record, zeroed if the tag fails */
    const uint8_t *aad; /* one-shot forms: NX_CRYPTO_SET_ADDITIONAL_DATA (stored, not copied) */
    uint32_t zero_len;
    uint32_t aad_len;
    uint32_t magic;
    uint32_t iv_len; /* the nonce length the context is set for */
    uint8_t stage;
    uint8_t encrypt;
    uint8_t dir;             /* direction the context is set for, or DIR_UNKNOWN */
    uint8_t gen;             /* the context's TLS nonce generator holds a whole 12-byte nonce */
    uint8_t armed;           /* encrypting: the context is set for nonce `next` already */
    uint8_t salt[TLS_SALT];  /* gen: the salt the generator holds */
    uint8_t next[TLS_NONCE]; /* armed: the nonce set */
};

#define GCM_AREA (sizeof(struct gcm_state) + CRYPTO_META_SLACK)

/* prov_for returns the provider functions of AES-GCM with a key_len-byte key, or NULL. */
static const struct crypto_prov_cipher *prov_for(size_t key_len)
{
    const char *name = key_len == 16   ? "AES-128-GCM"
                       : key_len == 24 ? "AES-192-GCM"
                       : key_len == 32 ? "AES-256-GCM"
                                       : NULL;
    if (name == NULL) {
        return NULL;
    }
    return crypto_prov_cipher(crypto_keycache_cipher(name, NULL), name);
}

/* set_dir tells the context the direction and, when nonce is not NULL, the whole nonce (n bytes), as
 * EVP_CipherInit_ex with no key would. */
static bool set_dir(struct gcm_state *s, int encrypt, const uint8_t *nonce, size_t n)
{
    return (encrypt ? s->prov->encrypt_init : s->prov->decrypt_init)(s->ctx, NULL, 0, nonce, n,
                                                                     NULL) == 1;
}

static UINT gcm_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct gcm_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == GCM_MAGIC && s->self == s) {
        if (s->ctx != NULL) {
            s->prov->freectx(s->ctx);
        }
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT gcm_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)method, (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, GCM_AREA) || key == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t key_len = key_size_in_bits >> 3;
    if (key_len != 16 && key_len != 24 && key_len != 32) {
        return NX_CRYPTO_UNSUPPORTED_KEY_SIZE;
    }
    struct gcm_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->prov = prov_for(key_len);
    s->ctx = s->prov != NULL ? s->prov->newctx(s->prov->provctx) : NULL;
    if (s->ctx == NULL || s->prov->encrypt_init(s->ctx, key, key_len, NULL, 0, NULL) != 1) {
        ERR_clear_error();
        if (s->ctx != NULL) {
            s->prov->freectx(s->ctx);
        }
        ct_wipe(s, sizeof *s);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->self = s;
    s->magic = GCM_MAGIC;
    s->iv_len = 12; /* OpenSSL's default */
    s->dir = 1;
    return NX_CRYPTO_SUCCESS;
}

/* fail ends the record: plaintext already released this record is zeroed. */
static UINT fail(struct gcm_state *s, UINT status)
{
    ERR_clear_error();
    if (s->zero_ptr != NULL) {
        ct_wipe(s->zero_ptr, s->zero_len);
    }
    s->zero_ptr = NULL;
    s->zero_len = 0;
    s->stage = STAGE_IDLE;
    return status;
}

/* The parameter names, each alone in 32 bytes: the provider finds a parameter by strcmp against its own
 * names, and glibc's vectorised strcmp reads 32 bytes at a time, taking a slower path when that read could
 * cross a page. Names a string literal might place anywhere made the per-record cost depend on the link. */
#define PARAM_NAME(var, name) static const _Alignas(32) char var[32] = name
PARAM_NAME(param_tag, OSSL_CIPHER_PARAM_AEAD_TAG);
PARAM_NAME(param_iv_fixed, OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED);
PARAM_NAME(param_iv_gen, OSSL_CIPHER_PARAM_AEAD_TLS1_GET_IV_GEN);
PARAM_NAME(param_iv_inv, OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV);

/* octets makes an OSSL_PARAM for an octet string without a call into libcrypto. */
static OSSL_PARAM octets(const char *key, void *data, size_t len)
{
    OSSL_PARAM p = {key, OSSL_PARAM_OCTET_STRING, data, len, OSSL_PARAM_UNMODIFIED};
    return p;
}

/* set_tls_nonce sets a 12-byte nonce through the TLS nonce parameters (see the file comment). */
static bool set_tls_nonce(struct gcm_state *s, int encrypt, const uint8_t *nonce)
{
    OSSL_PARAM params[2] = {OSSL_PARAM_END, OSSL_PARAM_END};
    if (encrypt && s->armed && memcmp(nonce, s->next, TLS_NONCE) == 0) {
        s->armed = 0;
        return true;
    }
    s->armed = 0;
    if (!encrypt && s->gen && memcmp(nonce, s->salt, TLS_SALT) == 0) {
        params[0] =
            octets(param_iv_inv, (void *)(uintptr_t)(nonce + TLS_SALT), TLS_NONCE - TLS_SALT);
        return s->prov->set_ctx_params(s->ctx, params) == 1;
    }
    /* The whole nonce: (size_t)-1 is the parameter's "restore the whole IV" length. */
    params[0] = octets(param_iv_fixed, (void *)(uintptr_t)nonce, (size_t)-1);
    s->gen = 0;
    if (s->prov->set_ctx_params(s->ctx, params) != 1) {
        return false;
    }
    s->gen = 1;
    memcpy(s->salt, nonce, TLS_SALT);
    if (encrypt) {
        /* An encryption takes its nonce from the generator, which sets it and steps to the next. */
        uint8_t explicit_part[TLS_NONCE - TLS_SALT];
        params[0] = octets(param_iv_gen, explicit_part, sizeof explicit_part);
        return s->prov->get_ctx_params(s->ctx, params) == 1 &&
               memcmp(explicit_part, nonce + TLS_SALT, sizeof explicit_part) == 0;
    }
    return true; /* a decryption uses the stored nonce at its first update */
}

/* start: iv_ptr[0] = nonce length, iv_ptr[1..] = nonce (6.6: 12 = 4-byte salt || 8-byte explicit). */
static UINT start(struct gcm_state *s, int encrypt, const uint8_t *iv_ptr, const uint8_t *aad,
                  ULONG aad_len)
{
    s->stage = STAGE_IDLE;
    s->zero_ptr = NULL;
    s->zero_len = 0;
    if (iv_ptr == NULL || (aad == NULL && aad_len != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    uint32_t n = iv_ptr[0];
    if (n == 0 || n > GCM_NONCE_MAX) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (aad_len > (ULONG)INT_MAX) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    if (n == TLS_NONCE && s->iv_len == TLS_NONCE) {
        /* The direction is part of the context; changing it sets no key and no nonce. */
        if (s->dir != (uint8_t)encrypt) {
            s->armed = 0;
            s->dir = DIR_UNKNOWN;
            if (!set_dir(s, encrypt, NULL, 0)) {
                return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
            }
            s->dir = (uint8_t)encrypt;
        }
        if (!set_tls_nonce(s, encrypt, iv_ptr + 1)) {
            s->gen = 0;
            return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
        }
    } else {
        s->gen = 0;
        s->armed = 0;
        s->dir = DIR_UNKNOWN;
        /* The provider takes the nonce length with the nonce. */
        if (!set_dir(s, encrypt, iv_ptr + 1, n)) {
            return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
        }
        s->iv_len = n;
        s->dir = (uint8_t)encrypt;
    }
    size_t out_len = 0;
    if (aad_len != 0 && s->prov->update(s->ctx, NULL, &out_len, aad_len, aad, aad_len) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    s->encrypt = (uint8_t)encrypt;
    s->stage = STAGE_STARTED;
    return NX_CRYPTO_SUCCESS;
}

static UINT update(struct gcm_state *s, int encrypt, const uint8_t *in, uint8_t *out, ULONG len,
                   ULONG out_cap)
{
    if (s->stage == STAGE_IDLE || s->encrypt != encrypt) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    if ((in == NULL || out == NULL) && len != 0) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (out_cap < len) {
        return fail(s, NX_CRYPTO_INVALID_BUFFER_SIZE);
    }
    if (len > (ULONG)INT_MAX) {
        return fail(s, NX_CRYPTO_SIZE_ERROR);
    }
    if (!encrypt && len != 0) {
        /* Remember where plaintext goes; a later UPDATE must continue the same buffer so all of it
         * can be zeroed on a tag failure. */
        if (s->zero_ptr == NULL) {
            s->zero_ptr = out;
            s->zero_len = 0;
        } else if (out != s->zero_ptr + s->zero_len || len > UINT32_MAX - s->zero_len) {
            return fail(s, NX_CRYPTO_INVALID_PARAMETER);
        }
    }
    size_t out_len = 0;
    if (len != 0) {
        if (s->prov->update(s->ctx, out, &out_len, len, in, len) != 1 || out_len != len) {
            if (!encrypt) {
                s->zero_len += len;
            }
            return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
        }
        if (!encrypt) {
            s->zero_len += len;
        }
    }
    s->stage = STAGE_UPDATED;
    return NX_CRYPTO_SUCCESS;
}

static UINT tag_size(const NX_CRYPTO_METHOD *method, ULONG *tag_len)
{
    if (method == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    ULONG n = method->nx_crypto_ICV_size_in_bits / 8u;
    if (n == 0 || n > 16) {
        return NX_CRYPTO_INVALID_PARAMETER;
    }
    *tag_len = n;
    return NX_CRYPTO_SUCCESS;
}

static UINT finish_encrypt(struct gcm_state *s, ULONG tag_len, uint8_t *tag, ULONG tag_cap)
{
    if (s->stage == STAGE_IDLE || !s->encrypt) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    if (tag == NULL) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (tag_cap < tag_len) {
        return fail(s, NX_CRYPTO_INVALID_BUFFER_SIZE);
    }
    uint8_t scratch[16];
    size_t out_len = 0;
    if (s->prov->final(s->ctx, scratch, &out_len, sizeof scratch) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    /* With a generator holding this nonce, the same call arms the next one (see the file comment). */
    uint8_t explicit_part[TLS_NONCE - TLS_SALT];
    bool arm = s->gen && s->iv_len == TLS_NONCE;
    OSSL_PARAM params[3] = {octets(param_tag, tag, tag_len), OSSL_PARAM_END, OSSL_PARAM_END};
    if (arm) {
        params[1] = octets(param_iv_gen, explicit_part, sizeof explicit_part);
    }
    if (s->prov->get_ctx_params(s->ctx, params) != 1) {
        s->gen = 0;
        s->armed = 0;
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (arm) {
        memcpy(s->next, s->salt, TLS_SALT);
        memcpy(s->next + TLS_SALT, explicit_part, sizeof explicit_part);
        s->armed = 1;
    }
    s->stage = STAGE_IDLE;
    return NX_CRYPTO_SUCCESS;
}

static UINT finish_decrypt(struct gcm_state *s, ULONG tag_len, const uint8_t *tag, ULONG tag_in_len)
{
    if (s->stage == STAGE_IDLE || s->encrypt) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    if (tag == NULL) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (tag_in_len != tag_len) {
        return fail(s, NX_CRYPTO_AUTHENTICATION_FAILED);
    }
    uint8_t scratch[16];
    size_t out_len = 0;
    OSSL_PARAM params[2] = {octets(param_tag, (void *)(uintptr_t)tag, tag_len), OSSL_PARAM_END};
    if (s->prov->set_ctx_params(s->ctx, params) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (s->prov->final(s->ctx, scratch, &out_len, sizeof scratch) != 1) {
        return fail(s, NX_CRYPTO_AUTHENTICATION_FAILED);
    }
    s->zero_ptr = NULL;
    s->zero_len = 0;
    s->stage = STAGE_IDLE;
    return NX_CRYPTO_SUCCESS;
}

static UINT gcm_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)key, (void)key_size_in_bits, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, GCM_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct gcm_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != GCM_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    ULONG tag_len = 0;
    switch (op) {
    case NX_CRYPTO_ENCRYPT_INITIALIZE:
    case NX_CRYPTO_DECRYPT_INITIALIZE:
        /* input = AAD, consumed now; output_length (plaintext length) is not needed by GCM. */
        return start(s, op == NX_CRYPTO_ENCRYPT_INITIALIZE, iv_ptr, input, input_length_in_byte);
    case NX_CRYPTO_ENCRYPT_UPDATE:
    case NX_CRYPTO_DECRYPT_UPDATE:
        return update(s, op == NX_CRYPTO_ENCRYPT_UPDATE, input, output, input_length_in_byte,
                      output_length_in_byte);
    case NX_CRYPTO_ENCRYPT_CALCULATE:
        NXD_TRY(tag_size(method, &tag_len));
        return finish_encrypt(s, tag_len, output, output_length_in_byte);
    case NX_CRYPTO_DECRYPT_CALCULATE:
        NXD_TRY(tag_size(method, &tag_len));
        return finish_decrypt(s, tag_len, input, input_length_in_byte);
    case NX_CRYPTO_SET_ADDITIONAL_DATA:
        if (input == NULL && input_length_in_byte != 0) {
            return NX_CRYPTO_PTR_ERROR;
        }
        s->aad = input;
        s->aad_len = input_length_in_byte;
        return NX_CRYPTO_SUCCESS;
    case NX_CRYPTO_ENCRYPT:
        /* One-shot: output = ciphertext || tag. */
        NXD_TRY(tag_size(method, &tag_len));
        if (output_length_in_byte < tag_len ||
            output_length_in_byte - tag_len < input_length_in_byte) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        if (output == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        NXD_TRY(start(s, 1, iv_ptr, s->aad, s->aad_len));
        NXD_TRY(update(s, 1, input, output, input_length_in_byte, input_length_in_byte));
        return finish_encrypt(s, tag_len, output + input_length_in_byte, tag_len);
    case NX_CRYPTO_DECRYPT: {
        /* One-shot: input = ciphertext || tag. */
        NXD_TRY(tag_size(method, &tag_len));
        if (input == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        if (input_length_in_byte < tag_len) {
            return NX_CRYPTO_AUTHENTICATION_FAILED;
        }
        ULONG text_len = input_length_in_byte - tag_len;
        if (output_length_in_byte < text_len) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        NXD_TRY(start(s, 0, iv_ptr, s->aad, s->aad_len));
        NXD_TRY(update(s, 0, input, output, text_len, text_len));
        return finish_decrypt(s, tag_len, input + text_len, tag_len);
    }
    default:
        return NX_CRYPTO_INVALID_ALGORITHM;
    }
}

/* clang-format off */
#define GCM_ROW(bits)                                                                               \
    {.nx_crypto_algorithm = NX_CRYPTO_ENCRYPTION_AES_GCM_16, .nx_crypto_key_size_in_bits = (bits),  \
     .nx_crypto_IV_size_in_bits = 32, .nx_crypto_ICV_size_in_bits = 128,                            \
     .nx_crypto_block_size_in_bytes = 16, .nx_crypto_metadata_area_size = GCM_AREA,                 \
     .nx_crypto_init = gcm_init, .nx_crypto_cleanup = gcm_cleanup,                                  \
     .nx_crypto_operation = gcm_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_128_gcm_16 = GCM_ROW(128);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_256_gcm_16 = GCM_ROW(256);
/* clang-format on */
