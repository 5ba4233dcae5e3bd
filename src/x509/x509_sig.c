/* SPDX-License-Identifier: MIT */
#include "x509/x509_sig.h"

#include <stdint.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_sig.h"

#define DIGEST_MAX 64u /* SHA-512 */

static const NX_SECURE_X509_CRYPTO *find_row(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                             UINT id)
{
    for (size_t i = 0; table != NX_NULL && i < table_size; i++) {
        if (table[i].nx_secure_x509_crypto_identifier == id) {
            return &table[i];
        }
    }
    return NX_NULL;
}

static bool is_ecdsa(UINT id)
{
    return id >= NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1 && id <= NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512;
}

static bool is_pss(UINT id)
{
    return id >= NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256 &&
           id <= NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_512;
}

static size_t round8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

UINT x509_sig_verify(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                     const NX_SECURE_X509_CERT *signer, const struct x509_signed *what,
                     void *scratch, size_t scratch_size)
{
    UINT id = what->sig_id;

    NXD_ENSURE(id != NX_SECURE_TLS_X509_TYPE_UNKNOWN, NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM);
    bool ec_key = signer->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC;
    NXD_ENSURE(ec_key == is_ecdsa(id), NX_SECURE_X509_WRONG_SIGNATURE_METHOD);
    const NX_SECURE_X509_CRYPTO *row = find_row(table, table_size, id);
    NXD_ENSURE(row != NX_NULL, NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM);
    const NX_CRYPTO_METHOD *hash = row->nx_secure_x509_hash_method;
    const NX_CRYPTO_METHOD *pub = row->nx_secure_x509_public_cipher_method;
    NXD_ENSURE(hash != NX_NULL && pub != NX_NULL && hash->nx_crypto_operation != NX_NULL &&
                   pub->nx_crypto_operation != NX_NULL,
               NX_SECURE_X509_MISSING_CRYPTO_ROUTINE);
    /* The row's hash must be the one the algorithm names: a row cannot silently weaken it. */
    NXD_ENSURE(hash->nx_crypto_algorithm == what->hash_alg,
               NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM);

    /* Carve two 8-aligned areas out of the scratch. */
    uintptr_t base = ((uintptr_t)scratch + 7u) & ~(uintptr_t)7u;
    size_t skew = (size_t)(base - (uintptr_t)scratch);
    size_t hash_area = round8(hash->nx_crypto_metadata_area_size);
    size_t pub_area = round8(pub->nx_crypto_metadata_area_size);
    NXD_ENSURE(scratch != NX_NULL && scratch_size >= skew && scratch_size - skew >= hash_area &&
                   scratch_size - skew - hash_area >= pub_area,
               NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    void *hash_meta = (void *)base;
    void *pub_meta = (void *)(base + hash_area);

    uint8_t digest[DIGEST_MAX];
    size_t digest_len;
    UINT status = crypto_digest(hash, hash_meta, hash_area, what->data, what->data_len, digest,
                                sizeof digest, &digest_len);
    NXD_ENSURE(status == NX_CRYPTO_SUCCESS, NX_SECURE_X509_MISSING_CRYPTO_ROUTINE);

    if (is_ecdsa(id)) {
        const NX_CRYPTO_METHOD *curve = crypto_curve_for(signer->nx_secure_x509_public_key_curve);
        NXD_ENSURE(curve != NX_NULL, NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER);
        status = crypto_sig_ecdsa_verify(
            pub, curve, pub_meta, pub_area, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, digest, digest_len, what->sig, what->sig_len);
    } else if (is_pss(id)) {
        status = crypto_sig_rsa_pss_verify(
            pub, pub_meta, pub_area, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, signer->nx_secure_x509_public_exponent,
            signer->nx_secure_x509_public_exponent_length, what->hash_alg, what->hash_alg,
            what->salt_len, digest, digest_len, what->sig, what->sig_len);
    } else {
        status = crypto_sig_rsa_pkcs1_verify(
            pub, pub_meta, pub_area, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, signer->nx_secure_x509_public_exponent,
            signer->nx_secure_x509_public_exponent_length, what->hash_alg, digest, digest_len,
            what->sig, what->sig_len);
    }
    return status == NX_CRYPTO_SUCCESS ? NX_SUCCESS : NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED;
}
