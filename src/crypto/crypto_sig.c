/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_sig.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"

/* DigestInfo DER prefixes, RFC 8017 9.2 note 1. */
static const uint8_t di_sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                  0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
static const uint8_t di_sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
static const uint8_t di_sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                    0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
static const uint8_t di_sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                    0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};

const uint8_t *crypto_sig_digest_info(UINT hash_alg, size_t *prefix_len, size_t *digest_size)
{
    switch (hash_alg) {
    case NX_CRYPTO_HASH_SHA1:
        *prefix_len = sizeof di_sha1;
        *digest_size = 20;
        return di_sha1;
    case NX_CRYPTO_HASH_SHA256:
        *prefix_len = sizeof di_sha256;
        *digest_size = 32;
        return di_sha256;
    case NX_CRYPTO_HASH_SHA384:
        *prefix_len = sizeof di_sha384;
        *digest_size = 48;
        return di_sha384;
    case NX_CRYPTO_HASH_SHA512:
        *prefix_len = sizeof di_sha512;
        *digest_size = 64;
        return di_sha512;
    default:
        return NULL;
    }
}

/* strip_zeros drops the leading zero bytes a DER INTEGER may carry, so k is the modulus's true size. */
static void strip_zeros(const uint8_t **p, size_t *len)
{
    while (*len > 0 && (*p)[0] == 0) {
        (*p)++;
        (*len)--;
    }
}

/* emsa_pkcs1_encode writes EM = 00 01 FF..FF 00 || DigestInfo || digest in k bytes (RFC 8017 9.2). */
static UINT emsa_pkcs1_encode(uint8_t *em, size_t k, UINT hash_alg, const uint8_t *digest,
                              size_t digest_len)
{
    size_t prefix_len = 0;
    size_t digest_size = 0;
    const uint8_t *prefix = crypto_sig_digest_info(hash_alg, &prefix_len, &digest_size);
    NXD_ENSURE(prefix != NULL && digest_len == digest_size, NX_CRYPTO_INVALID_ALGORITHM);
    size_t t_len = prefix_len + digest_len;
    /* 9.2 step 3: at least 8 bytes of FF padding, so k >= tLen + 11. */
    NXD_ENSURE(k >= t_len + 11, NX_CRYPTO_SIZE_ERROR);
    em[0] = 0x00;
    em[1] = 0x01;
    memset(em + 2, 0xFF, k - t_len - 3);
    em[k - t_len - 1] = 0x00;
    memcpy(em + k - t_len, prefix, prefix_len);
    memcpy(em + k - digest_len, digest, digest_len);
    return NX_CRYPTO_SUCCESS;
}

UINT crypto_sig_rsa_pkcs1_verify(const NX_CRYPTO_METHOD *rsa, void *area, size_t area_size,
                                 const uint8_t *modulus, size_t modulus_len,
                                 const uint8_t *exponent, size_t exponent_len, UINT hash_alg,
                                 const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                                 size_t sig_len)
{
    NXD_ENSURE(rsa != NULL && modulus != NULL && exponent != NULL && digest != NULL && sig != NULL,
               NX_CRYPTO_PTR_ERROR);
    strip_zeros(&modulus, &modulus_len);
    NXD_ENSURE(modulus_len > 0 && modulus_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    NXD_ENSURE(exponent_len > 0 && exponent_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    size_t k = modulus_len;

    uint8_t expected[CRYPTO_SIG_RSA_MAX_BYTES];
    NXD_TRY(emsa_pkcs1_encode(expected, k, hash_alg, digest, digest_len));
    /* 8.2.2 step 1: the signature is exactly k octets. */
    NXD_ENSURE(sig_len == k, NX_CRYPTO_NOT_SUCCESSFUL);

    uint8_t em[CRYPTO_SIG_RSA_MAX_BYTES];
    NXD_TRY(crypto_init(rsa, modulus, (UINT)(k * 8), area, area_size));
    UINT status = crypto_op(rsa, NX_CRYPTO_DECRYPT, exponent, (UINT)(exponent_len * 8), sig,
                            sig_len, NULL, em, sizeof em, area, area_size);
    crypto_cleanup(rsa, area);
    if (status != NX_CRYPTO_SUCCESS) {
        return status;
    }
    /* 8.2.2 step 4: compare the whole encoded message, not a parse of it (no room for BER tricks). */
    return ct_equal(em, expected, k) ? NX_CRYPTO_SUCCESS : NX_CRYPTO_NOT_SUCCESSFUL;
}

UINT crypto_sig_rsa_pkcs1_sign(const NX_CRYPTO_METHOD *rsa, void *area, size_t area_size,
                               const uint8_t *modulus, size_t modulus_len,
                               const uint8_t *private_exponent, size_t d_len, const uint8_t *p,
                               size_t p_len, const uint8_t *q, size_t q_len, UINT hash_alg,
                               const uint8_t *digest, size_t digest_len, uint8_t *sig,
                               size_t sig_cap, size_t *sig_len)
{
    NXD_ENSURE(sig_len != NULL, NX_CRYPTO_PTR_ERROR);
    *sig_len = 0;
    NXD_ENSURE(rsa != NULL && modulus != NULL && private_exponent != NULL && digest != NULL &&
                   sig != NULL,
               NX_CRYPTO_PTR_ERROR);
    strip_zeros(&modulus, &modulus_len);
    NXD_ENSURE(modulus_len > 0 && modulus_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    NXD_ENSURE(d_len > 0 && d_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    size_t k = modulus_len;
    NXD_ENSURE(sig_cap >= k, NX_CRYPTO_INVALID_BUFFER_SIZE);

    uint8_t em[CRYPTO_SIG_RSA_MAX_BYTES];
    NXD_TRY(emsa_pkcs1_encode(em, k, hash_alg, digest, digest_len));
    NXD_TRY(crypto_init(rsa, modulus, (UINT)(k * 8), area, area_size));
    UINT status = NX_CRYPTO_SUCCESS;
    if (p != NULL && q != NULL) {
        status = crypto_op(rsa, NX_CRYPTO_SET_PRIME_P, NULL, 0, p, p_len, NULL, NULL, 0, area,
                           area_size);
        if (status == NX_CRYPTO_SUCCESS) {
            status = crypto_op(rsa, NX_CRYPTO_SET_PRIME_Q, NULL, 0, q, q_len, NULL, NULL, 0, area,
                               area_size);
        }
    }
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(rsa, NX_CRYPTO_DECRYPT, private_exponent, (UINT)(d_len * 8), em, k, NULL,
                           sig, sig_cap, area, area_size);
    }
    crypto_cleanup(rsa, area);
    if (status != NX_CRYPTO_SUCCESS) {
        memset(sig, 0, sig_cap);
        return status;
    }
    *sig_len = k;
    return NX_CRYPTO_SUCCESS;
}

UINT crypto_sig_rsa_pss_verify(const NX_CRYPTO_METHOD *rsa_pss, void *area, size_t area_size,
                               const uint8_t *modulus, size_t modulus_len, const uint8_t *exponent,
                               size_t exponent_len, UINT hash_alg, UINT mgf1_hash_alg,
                               size_t salt_len, const uint8_t *digest, size_t digest_len,
                               const uint8_t *sig, size_t sig_len)
{
    NXD_ENSURE(rsa_pss != NULL && modulus != NULL && exponent != NULL && digest != NULL &&
                   sig != NULL,
               NX_CRYPTO_PTR_ERROR);
    strip_zeros(&modulus, &modulus_len);
    NXD_ENSURE(modulus_len > 0 && modulus_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    NXD_ENSURE(exponent_len > 0 && exponent_len <= CRYPTO_SIG_RSA_MAX_BYTES, NX_CRYPTO_SIZE_ERROR);
    NXD_ENSURE(sig_len == modulus_len, NX_CRYPTO_NOT_SUCCESSFUL);
    size_t prefix_len = 0;
    size_t digest_size = 0;
    NXD_ENSURE(crypto_sig_digest_info(hash_alg, &prefix_len, &digest_size) != NULL &&
                   digest_len == digest_size,
               NX_CRYPTO_INVALID_ALGORITHM);
    NXD_ENSURE(crypto_sig_digest_info(mgf1_hash_alg, &prefix_len, &digest_size) != NULL,
               NX_CRYPTO_INVALID_ALGORITHM);
    NXD_ENSURE(salt_len == CRYPTO_PSS_SALT_ANY || salt_len < modulus_len, NX_CRYPTO_NOT_SUCCESSFUL);

    struct crypto_pss_params params = {
        .hash_alg = hash_alg,
        .mgf1_hash_alg = mgf1_hash_alg,
        .salt_len = (ULONG)salt_len,
    };
    NXD_TRY(crypto_init(rsa_pss, modulus, (UINT)(modulus_len * 8), area, area_size));
    /* The output argument carries the signature, read only (the convention of ECDSA VERIFY). */
    UINT status =
        crypto_op(rsa_pss, NX_CRYPTO_VERIFY, exponent, (UINT)(exponent_len * 8), digest, digest_len,
                  (uint8_t *)&params, (uint8_t *)(uintptr_t)sig, sig_len, area, area_size);
    crypto_cleanup(rsa_pss, area);
    return status;
}

UINT crypto_sig_ecdsa_verify(const NX_CRYPTO_METHOD *ecdsa, const NX_CRYPTO_METHOD *curve,
                             void *area, size_t area_size, const uint8_t *point, size_t point_len,
                             const uint8_t *digest, size_t digest_len, const uint8_t *der_sig,
                             size_t sig_len)
{
    NXD_ENSURE(ecdsa != NULL && curve != NULL && point != NULL && digest != NULL && der_sig != NULL,
               NX_CRYPTO_PTR_ERROR);
    NXD_ENSURE(point_len <= 0xFFFF && sig_len <= 0xFFFF, NX_CRYPTO_SIZE_ERROR);
    NXD_TRY(crypto_init(ecdsa, point, (UINT)(point_len * 8), area, area_size));
    /* 6.6 "ECDSA": input is the curve row itself, cast to UCHAR *. */
    UINT status = crypto_op(ecdsa, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve,
                            sizeof(NX_CRYPTO_METHOD *), NULL, NULL, 0, area, area_size);
    if (status == NX_CRYPTO_SUCCESS) {
        status =
            crypto_op(ecdsa, NX_CRYPTO_VERIFY, point, (UINT)(point_len * 8), digest, digest_len,
                      NULL, (uint8_t *)(uintptr_t)der_sig, sig_len, area, area_size);
    }
    crypto_cleanup(ecdsa, area);
    return status;
}

UINT crypto_sig_ecdsa_sign(const NX_CRYPTO_METHOD *ecdsa, const NX_CRYPTO_METHOD *curve, void *area,
                           size_t area_size, const uint8_t *private_scalar, size_t scalar_len,
                           const uint8_t *digest, size_t digest_len, uint8_t *der_sig,
                           size_t sig_cap, size_t *sig_len)
{
    NXD_ENSURE(sig_len != NULL, NX_CRYPTO_PTR_ERROR);
    *sig_len = 0;
    NXD_ENSURE(ecdsa != NULL && curve != NULL && private_scalar != NULL && digest != NULL &&
                   der_sig != NULL,
               NX_CRYPTO_PTR_ERROR);
    NXD_ENSURE(scalar_len <= 0xFFFF && sig_cap <= UINT32_MAX, NX_CRYPTO_SIZE_ERROR);
    NX_CRYPTO_EXTENDED_OUTPUT ext = {
        .nx_crypto_extended_output_data = der_sig,
        .nx_crypto_extended_output_length_in_byte = (ULONG)sig_cap,
        .nx_crypto_extended_output_actual_size = 0,
    };
    NXD_TRY(crypto_init(ecdsa, NULL, 0, area, area_size));
    UINT status = crypto_op(ecdsa, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve,
                            sizeof(NX_CRYPTO_METHOD *), NULL, NULL, 0, area, area_size);
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(ecdsa, NX_CRYPTO_AUTHENTICATE, private_scalar, (UINT)(scalar_len * 8),
                           digest, digest_len, NULL, (uint8_t *)&ext, sizeof ext, area, area_size);
    }
    crypto_cleanup(ecdsa, area);
    if (status != NX_CRYPTO_SUCCESS) {
        return status;
    }
    NXD_ENSURE(ext.nx_crypto_extended_output_actual_size <= sig_cap, NX_CRYPTO_INVALID_BUFFER_SIZE);
    *sig_len = ext.nx_crypto_extended_output_actual_size;
    return NX_CRYPTO_SUCCESS;
}
