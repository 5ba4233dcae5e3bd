/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_call.h"

#include "crypto/crypto_meta.h"

static ULONG clamp_ulong(size_t n)
{
    return n > (size_t)UINT32_MAX ? (ULONG)UINT32_MAX : (ULONG)n;
}

UINT crypto_init(const NX_CRYPTO_METHOD *m, const uint8_t *key, UINT key_bits, void *area,
                 size_t area_size)
{
    if (m == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (m->nx_crypto_init == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    VOID *handler = NX_CRYPTO_NULL; /* 6.6: starts as NULL, passed back unchanged */
    return m->nx_crypto_init(crypto_method_mut(m), crypto_u8_mut(key), key_bits, &handler, area,
                             clamp_ulong(area_size));
}

UINT crypto_op(const NX_CRYPTO_METHOD *m, UINT op, const uint8_t *key, UINT key_bits,
               const uint8_t *in, size_t in_len, uint8_t *iv, uint8_t *out, size_t out_len,
               void *area, size_t area_size)
{
    if (m == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (m->nx_crypto_operation == NULL) {
        return NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE;
    }
    if (in_len > (size_t)UINT32_MAX) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    return m->nx_crypto_operation(op, NX_CRYPTO_NULL, crypto_method_mut(m), crypto_u8_mut(key),
                                  key_bits, crypto_u8_mut(in), (ULONG)in_len, iv, out,
                                  clamp_ulong(out_len), area, clamp_ulong(area_size),
                                  NX_CRYPTO_NULL, NX_CRYPTO_NULL);
}

void crypto_cleanup(const NX_CRYPTO_METHOD *m, void *area)
{
    if (m != NULL && m->nx_crypto_cleanup != NULL) {
        (void)m->nx_crypto_cleanup(area);
    }
}

size_t crypto_digest_size(const NX_CRYPTO_METHOD *hash)
{
    return hash == NULL ? 0 : (size_t)hash->nx_crypto_ICV_size_in_bits / 8;
}

UINT crypto_digest(const NX_CRYPTO_METHOD *hash, void *area, size_t area_size, const uint8_t *in,
                   size_t len, uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (out_len == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    *out_len = 0;
    if (hash == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    size_t size = crypto_digest_size(hash);
    if (out == NULL || out_cap < size) {
        return NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    NXD_TRY(crypto_init(hash, NULL, 0, area, area_size));
    UINT status = crypto_op(hash, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, area,
                            area_size);
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(hash, NX_CRYPTO_HASH_UPDATE, NULL, 0, in, len, NULL, NULL, 0, area,
                           area_size);
    }
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(hash, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, size, area,
                           area_size);
    }
    crypto_cleanup(hash, area);
    if (status == NX_CRYPTO_SUCCESS) {
        *out_len = size;
    }
    return status;
}

const NX_CRYPTO_METHOD *crypto_digest_method_for(UINT hash_algorithm)
{
    switch (hash_algorithm) {
    case NX_CRYPTO_HASH_SHA1:
        return &crypto_method_sha1;
    case NX_CRYPTO_HASH_SHA256:
        return &crypto_method_sha256;
    case NX_CRYPTO_HASH_SHA384:
        return &crypto_method_sha384;
    case NX_CRYPTO_HASH_SHA512:
        return &crypto_method_sha512;
    default:
        return NULL;
    }
}
