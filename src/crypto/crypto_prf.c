/* SPDX-License-Identifier: MIT */
/* crypto_prf.c: the TLS 1.2 PRF on OpenSSL's "TLS1-PRF" KDF. */
#include "crypto/crypto_prf.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "base/ct.h"
#include "crypto/crypto_meta.h"

#define PRF_MAGIC 0x6E785052u /* "nxPR" */

struct prf_state {
    void *self;
    EVP_KDF_CTX *ctx;
    const uint8_t *secret; /* the caller's; valid until cleanup (6.6) */
    uint32_t secret_len;
    uint32_t magic;
    uint32_t algorithm;
};

#define PRF_AREA (sizeof(struct prf_state) + CRYPTO_META_SLACK)

static const char *digest_for(UINT algorithm)
{
    switch (algorithm) {
    case NX_CRYPTO_PRF_HMAC_SHA2_256:
        return "SHA256";
    case NX_CRYPTO_PRF_HMAC_SHA2_384:
        return "SHA384";
    case NX_CRYPTO_PRF_HMAC_SHA2_512:
        return "SHA512";
    default:
        return NULL;
    }
}

static UINT prf_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)handler;
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, PRF_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (digest_for(method->nx_crypto_algorithm) == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    /* 6.6: the PRF's key size is the secret length in bytes. */
    if (key == NULL && key_size_in_bits != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_TLS1_PRF, NULL);
    s->ctx = kdf == NULL ? NULL : EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf); /* the context holds its own reference */
    if (s->ctx == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    s->self = s;
    s->magic = PRF_MAGIC;
    s->algorithm = method->nx_crypto_algorithm;
    s->secret = key;
    s->secret_len = key_size_in_bits;
    return NX_CRYPTO_SUCCESS;
}

static UINT prf_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == PRF_MAGIC && s->self == s) {
        EVP_KDF_CTX_free(s->ctx);
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT prf_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)iv_ptr, (void)packet_ptr, (void)nx_crypto_hw_process_callback;
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, PRF_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op != NX_CRYPTO_PRF) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != PRF_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const char *digest = digest_for(s->algorithm);
    /* key = label, key_size_in_bits = its length in bytes; input = seed. */
    size_t label_len = key_size_in_bits;
    if ((key == NULL && label_len != 0) || (input == NULL && input_length_in_byte != 0) ||
        (output == NULL && output_length_in_byte != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (label_len + input_length_in_byte == 0) {
        return NX_CRYPTO_SIZE_ERROR; /* RFC 5246 5: the PRF needs a label or seed */
    }
    if (output_length_in_byte == 0) {
        return NX_CRYPTO_SUCCESS;
    }
    static const uint8_t empty = 0;
    /* The KDF's seed parameters concatenate in order: label || seed. Reset clears the previous ones. */
    OSSL_PARAM params[5];
    size_t n = 0;
    params[n++] =
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)(uintptr_t)digest, 0);
    params[n++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_SECRET, (void *)(uintptr_t)(s->secret_len == 0 ? &empty : s->secret),
        s->secret_len);
    if (label_len != 0) {
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, key, label_len);
    }
    if (input_length_in_byte != 0) {
        params[n++] =
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, input, input_length_in_byte);
    }
    params[n] = OSSL_PARAM_construct_end();
    EVP_KDF_CTX_reset(s->ctx);
    if (EVP_KDF_derive(s->ctx, output, output_length_in_byte, params) != 1) {
        ERR_clear_error();
        memset(output, 0, output_length_in_byte);
        EVP_KDF_CTX_reset(s->ctx);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    /* Do not leave copies of the secret in the KDF between uses. */
    EVP_KDF_CTX_reset(s->ctx);
    return NX_CRYPTO_SUCCESS;
}

/* clang-format off */
#define PRF_ROW(alg)                                                                                \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,                               \
     .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = PRF_AREA,                  \
     .nx_crypto_init = prf_init, .nx_crypto_cleanup = prf_cleanup,                                  \
     .nx_crypto_operation = prf_operation}

CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_tls_prf_sha256 = PRF_ROW(NX_CRYPTO_PRF_HMAC_SHA2_256);
CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_tls_prf_sha384 = PRF_ROW(NX_CRYPTO_PRF_HMAC_SHA2_384);
/* clang-format on */
