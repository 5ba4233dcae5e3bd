/* SPDX-License-Identifier: MIT */
/* crypto_aes_ccm.c: crypto_method_aes_ccm_8 / _ccm_16 (docs/netx-api.md 6.6 "AES-GCM / AES-CCM";
 * RFC 3610, RFC 6655 for the TLS suites).
 *
 * OpenSSL's CCM is one-pass: it needs the payload length before the AAD, the payload in a single
 * call, and on decryption the expected tag before that call. So *_INITIALIZE sets the nonce, the
 * length (6.6 passes the plaintext length as output_length) and the AAD; ENCRYPT_UPDATE encrypts;
 * DECRYPT_UPDATE only records its input and output, and DECRYPT_CALCULATE sets the tag, then decrypts
 * and verifies in one step (6.6 lets the method defer the work: the engine keeps both buffers valid
 * until CALCULATE returns). A wrong tag leaves the output zeroed.
 *
 * CCM bakes the tag length M and the length-field size L = 15 - nonce length into the key setup, so
 * init keys for nonce length 12 (TLS) and the row's tag length; another nonce length or tag length
 * rekeys from the key kept in the area. With AES-NI the key setup also fixes the direction, so the
 * first record of the other direction sets the key again (once per area in the engine, whose areas
 * each serve one direction).
 *
 * libcrypto's AES-CCM is called through its provider's functions, without the EVP wrappers
 * (crypto_prov_cipher.h): the context is the provider's; nonces go to its init function with their length, and
 * M and L are its AEAD_TAG and AEAD_IVLEN parameters. */
#include "crypto/crypto_aes_ccm.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "base/ct.h"
#include "crypto/crypto_keycache.h"
#include "crypto/crypto_meta.h"
#include "crypto/crypto_prov_cipher.h"

#define CCM_MAGIC 0x6E784343u /* "nxCC" */

enum { STAGE_IDLE, STAGE_STARTED, STAGE_UPDATED };

struct ccm_state {
    void *self;
    void *ctx;              /* the provider's context (prov_for(key_len)'s functions) */
    const uint8_t *pend_in; /* decrypt: the UPDATE's input and output, used at CALCULATE */
    uint8_t *pend_out;
    const uint8_t *aad; /* one-shot forms: NX_CRYPTO_SET_ADDITIONAL_DATA (stored, not copied) */
    uint32_t aad_len;
    uint32_t msg_len; /* payload length announced at INITIALIZE */
    uint32_t magic;
    uint8_t key_len;
    uint8_t nonce_len; /* what the key setup is for */
    uint8_t tag_len;
    uint8_t stage;
    uint8_t encrypt;
    uint8_t key_enc; /* direction the key setup was for (OpenSSL picks its block function by it) */
    uint8_t key[32];
};

#define CCM_AREA (sizeof(struct ccm_state) + CRYPTO_META_SLACK)

/* prov_for returns the provider functions of AES-CCM with a key_len-byte key, or NULL. They are looked up once
 * per key size and kept here, so the area needs no pointer to them. */
static const struct crypto_prov_cipher *prov_for(size_t key_len)
{
    static const struct crypto_prov_cipher *provs[3];
    static const char *const names[3] = {"AES-128-CCM", "AES-192-CCM", "AES-256-CCM"};
    if (key_len != 16 && key_len != 24 && key_len != 32) {
        return NULL;
    }
    size_t i = (key_len - 16) / 8;
    const struct crypto_prov_cipher *p = __atomic_load_n(&provs[i], __ATOMIC_ACQUIRE);
    if (p == NULL) {
        p = crypto_prov_cipher(crypto_keycache_cipher(names[i], NULL), names[i]);
        __atomic_store_n(&provs[i], p, __ATOMIC_RELEASE);
    }
    return p;
}

static int ccm_init_dir(const struct crypto_prov_cipher *p, void *ctx, int encrypt,
                        const uint8_t *key, size_t key_len, const uint8_t *nonce, size_t nonce_len)
{
    return (encrypt ? p->encrypt_init : p->decrypt_init)(ctx, key, key_len, nonce, nonce_len, NULL);
}

/* tag_size: RFC 3610 2: M is 4, 6, 8, 10, 12, 14 or 16. */
static UINT tag_size(const NX_CRYPTO_METHOD *method, uint8_t *tag_len)
{
    if (method == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    ULONG m = method->nx_crypto_ICV_size_in_bits / 8u;
    if (m < 4 || m > 16 || (m & 1u) != 0) {
        return NX_CRYPTO_INVALID_PARAMETER;
    }
    *tag_len = (uint8_t)m;
    return NX_CRYPTO_SUCCESS;
}

/* setup (re)keys the context for a nonce length, tag length and direction. The direction matters: with
 * AES-NI, OpenSSL chooses the CCM block function (encrypt or decrypt) when the key is set, so a context
 * keyed for encryption fails to decrypt payloads of 16 bytes or more. When only the direction changes,
 * setting the key again is enough (no new provider context); M and L need the full setup. */
static UINT setup(struct ccm_state *s, uint8_t nonce_len, uint8_t tag_len, int encrypt)
{
    const struct crypto_prov_cipher *p = prov_for(s->key_len);
    bool ok = true;
    if (nonce_len != s->nonce_len || tag_len != s->tag_len) {
        /* M (the tag length) and L (from the nonce length) before the key, which is set up for them. */
        size_t ivlen = nonce_len;
        OSSL_PARAM params[3] = {
            OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, NULL, tag_len),
            OSSL_PARAM_construct_end()};
        ok = p->set_ctx_params(s->ctx, params) == 1;
    }
    ok = ok && ccm_init_dir(p, s->ctx, encrypt, s->key, s->key_len, NULL, 0) == 1;
    if (!ok) {
        ERR_clear_error();
        s->nonce_len = 0; /* force a full setup next time */
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->nonce_len = nonce_len;
    s->tag_len = tag_len;
    s->key_enc = (uint8_t)encrypt;
    return NX_CRYPTO_SUCCESS;
}

static UINT ccm_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ccm_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == CCM_MAGIC && s->self == s) {
        if (s->ctx != NULL) {
            prov_for(s->key_len)->freectx(s->ctx);
        }
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ccm_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, CCM_AREA) || key == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t key_len = key_size_in_bits >> 3;
    if ((key_len != 16 && key_len != 24 && key_len != 32) || (key_size_in_bits & 7u) != 0) {
        return NX_CRYPTO_UNSUPPORTED_KEY_SIZE;
    }
    const struct crypto_prov_cipher *p = prov_for(key_len);
    if (p == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    uint8_t tag_len = 0;
    NXD_TRY(tag_size(method, &tag_len));
    struct ccm_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->ctx = p->newctx(p->provctx);
    if (s->ctx == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->key_len = (uint8_t)key_len;
    memcpy(s->key, key, key_len);
    if (setup(s, 12, tag_len, 1) != NX_CRYPTO_SUCCESS) {
        p->freectx(s->ctx);
        ct_wipe(s, sizeof *s);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->self = s;
    s->magic = CCM_MAGIC;
    return NX_CRYPTO_SUCCESS;
}

static UINT fail(struct ccm_state *s, UINT status)
{
    ERR_clear_error();
    if (!s->encrypt && s->pend_out != NULL) {
        ct_wipe(s->pend_out, s->msg_len);
    }
    s->pend_in = NULL;
    s->pend_out = NULL;
    s->stage = STAGE_IDLE;
    return status;
}

/* start: iv_ptr[0] = nonce length (7..13), iv_ptr[1..] = nonce; msg_len = payload length. */
static UINT start(struct ccm_state *s, const NX_CRYPTO_METHOD *method, int encrypt,
                  const uint8_t *iv_ptr, const uint8_t *aad, ULONG aad_len, ULONG msg_len)
{
    s->stage = STAGE_IDLE;
    s->pend_in = NULL;
    s->pend_out = NULL;
    if (iv_ptr == NULL || (aad == NULL && aad_len != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    uint8_t n = iv_ptr[0];
    if (n < 7 || n > 13) {
        return NX_CRYPTO_PTR_ERROR; /* 6.6: CCM nonce length 7..13 */
    }
    uint8_t tag_len = 0;
    NXD_TRY(tag_size(method, &tag_len));
    if (aad_len > (ULONG)INT_MAX || msg_len > (ULONG)INT_MAX) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    /* RFC 3610 2.1: the length field has L = 15 - nonce length bytes (OpenSSL only notices later). */
    uint32_t l_bytes = 15u - n;
    if (l_bytes < 4 && (uint64_t)msg_len >= ((uint64_t)1 << (8 * l_bytes))) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    if (n != s->nonce_len || tag_len != s->tag_len || (uint8_t)encrypt != s->key_enc) {
        NXD_TRY(setup(s, n, tag_len, encrypt));
    }
    const struct crypto_prov_cipher *p = prov_for(s->key_len);
    size_t out_len = 0;
    s->encrypt = (uint8_t)encrypt;
    s->msg_len = (uint32_t)msg_len;
    /* The total length goes first (it is in B_0), then the AAD. */
    if (ccm_init_dir(p, s->ctx, encrypt, NULL, 0, iv_ptr + 1, n) != 1 ||
        p->update(s->ctx, NULL, &out_len, msg_len, NULL, msg_len) != 1 ||
        (aad_len != 0 && p->update(s->ctx, NULL, &out_len, aad_len, aad, aad_len) != 1)) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    s->stage = STAGE_STARTED;
    return NX_CRYPTO_SUCCESS;
}

static UINT update(struct ccm_state *s, int encrypt, const uint8_t *in, uint8_t *out, ULONG len,
                   ULONG out_cap)
{
    /* One UPDATE per record: OpenSSL's CCM takes the payload in one call. */
    if (s->stage != STAGE_STARTED || s->encrypt != encrypt) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if ((in == NULL || out == NULL) && len != 0) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (len != s->msg_len) {
        return fail(s, NX_CRYPTO_INVALID_PARAMETER);
    }
    if (out_cap < len) {
        return fail(s, NX_CRYPTO_INVALID_BUFFER_SIZE);
    }
    if (!encrypt) {
        s->pend_in = in;
        s->pend_out = out;
        s->stage = STAGE_UPDATED;
        return NX_CRYPTO_SUCCESS;
    }
    /* A zero-length payload still needs the call (with non-NULL pointers) to finish the MAC. */
    uint8_t dummy_in = 0, dummy_out = 0;
    size_t out_len = 0;
    if (prov_for(s->key_len)
            ->update(s->ctx, len == 0 ? &dummy_out : out, &out_len, len, len == 0 ? &dummy_in : in,
                     len) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    s->stage = STAGE_UPDATED;
    return NX_CRYPTO_SUCCESS;
}

static UINT finish_encrypt(struct ccm_state *s, uint8_t *tag, ULONG tag_cap)
{
    if (s->stage == STAGE_IDLE || !s->encrypt) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (tag == NULL) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (tag_cap < s->tag_len) {
        return fail(s, NX_CRYPTO_INVALID_BUFFER_SIZE);
    }
    if (s->stage == STAGE_STARTED) {
        /* No UPDATE came: only an empty payload may end here. */
        NXD_TRY(update(s, 1, NULL, NULL, 0, 0));
    }
    OSSL_PARAM params[2] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, s->tag_len),
        OSSL_PARAM_construct_end()};
    if (prov_for(s->key_len)->get_ctx_params(s->ctx, params) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    s->stage = STAGE_IDLE;
    return NX_CRYPTO_SUCCESS;
}

static UINT finish_decrypt(struct ccm_state *s, const uint8_t *tag, ULONG tag_in_len)
{
    if (s->stage == STAGE_IDLE || s->encrypt) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (s->stage == STAGE_STARTED && s->msg_len != 0) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (tag == NULL) {
        return fail(s, NX_CRYPTO_PTR_ERROR);
    }
    if (tag_in_len != s->tag_len) {
        return fail(s, NX_CRYPTO_AUTHENTICATION_FAILED);
    }
    uint8_t dummy_in = 0, dummy_out = 0;
    const uint8_t *in = s->msg_len == 0 ? &dummy_in : s->pend_in;
    uint8_t *out = s->msg_len == 0 ? &dummy_out : s->pend_out;
    size_t out_len = 0;
    const struct crypto_prov_cipher *p = prov_for(s->key_len);
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
                                                              (void *)(uintptr_t)tag, s->tag_len),
                            OSSL_PARAM_construct_end()};
    if (p->set_ctx_params(s->ctx, params) != 1) {
        return fail(s, NX_CRYPTO_NOT_SUCCESSFUL);
    }
    if (p->update(s->ctx, out, &out_len, s->msg_len, in, s->msg_len) != 1) {
        return fail(s, NX_CRYPTO_AUTHENTICATION_FAILED);
    }
    s->pend_in = NULL;
    s->pend_out = NULL;
    s->stage = STAGE_IDLE;
    return NX_CRYPTO_SUCCESS;
}

static UINT ccm_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)key, (void)key_size_in_bits, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, CCM_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ccm_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != CCM_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    switch (op) {
    case NX_CRYPTO_ENCRYPT_INITIALIZE:
    case NX_CRYPTO_DECRYPT_INITIALIZE:
        /* input = AAD (consumed now); output_length = plaintext length. */
        return start(s, method, op == NX_CRYPTO_ENCRYPT_INITIALIZE, iv_ptr, input,
                     input_length_in_byte, output_length_in_byte);
    case NX_CRYPTO_ENCRYPT_UPDATE:
    case NX_CRYPTO_DECRYPT_UPDATE:
        return update(s, op == NX_CRYPTO_ENCRYPT_UPDATE, input, output, input_length_in_byte,
                      output_length_in_byte);
    case NX_CRYPTO_ENCRYPT_CALCULATE:
        return finish_encrypt(s, output, output_length_in_byte);
    case NX_CRYPTO_DECRYPT_CALCULATE:
        return finish_decrypt(s, input, input_length_in_byte);
    case NX_CRYPTO_SET_ADDITIONAL_DATA:
        if (input == NULL && input_length_in_byte != 0) {
            return NX_CRYPTO_PTR_ERROR;
        }
        s->aad = input;
        s->aad_len = input_length_in_byte;
        return NX_CRYPTO_SUCCESS;
    case NX_CRYPTO_ENCRYPT: {
        /* One-shot: output = ciphertext || tag. */
        uint8_t tag_len = 0;
        NXD_TRY(tag_size(method, &tag_len));
        if (output_length_in_byte < tag_len ||
            output_length_in_byte - tag_len < input_length_in_byte) {
            return NX_CRYPTO_INVALID_BUFFER_SIZE;
        }
        if (output == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        NXD_TRY(start(s, method, 1, iv_ptr, s->aad, s->aad_len, input_length_in_byte));
        NXD_TRY(update(s, 1, input, output, input_length_in_byte, input_length_in_byte));
        return finish_encrypt(s, output + input_length_in_byte, tag_len);
    }
    case NX_CRYPTO_DECRYPT: {
        /* One-shot: input = ciphertext || tag. */
        uint8_t tag_len = 0;
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
        NXD_TRY(start(s, method, 0, iv_ptr, s->aad, s->aad_len, text_len));
        NXD_TRY(update(s, 0, input, output, text_len, text_len));
        return finish_decrypt(s, input + text_len, tag_len);
    }
    default:
        return NX_CRYPTO_INVALID_ALGORITHM;
    }
}

/* clang-format off */
#define CCM_ROW(alg, tag_bits)                                                                      \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 128,                               \
     .nx_crypto_IV_size_in_bits = 32, .nx_crypto_ICV_size_in_bits = (tag_bits),                     \
     .nx_crypto_block_size_in_bytes = 16, .nx_crypto_metadata_area_size = CCM_AREA,                 \
     .nx_crypto_init = ccm_init, .nx_crypto_cleanup = ccm_cleanup,                                  \
     .nx_crypto_operation = ccm_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_ccm_8 = CCM_ROW(NX_CRYPTO_ENCRYPTION_AES_CCM_8, 64);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_aes_ccm_16 = CCM_ROW(NX_CRYPTO_ENCRYPTION_AES_CCM_16, 128);
/* clang-format on */
