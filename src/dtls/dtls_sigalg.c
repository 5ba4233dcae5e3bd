/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_sigalg.h"

#include <string.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_sig.h"

/* IANA TLS SignatureScheme registry; RFC 8446 4.2.3 for the names. We sign with PKCS#1 v1.5 and ECDSA and accept
 * rsa_pss_rsae from peers (TLS 1.3-era stacks prefer it for TLS 1.2 too). The SHA-1 pair is never offered: it is
 * only what a peer without signature_algorithms is assumed to take (RFC 5246 7.4.1.4.1). */
/* clang-format off */
const struct dtls_sigalg dtls_sigalgs[] = {
    {0x0403, DTLS_SIGALG_ECDSA,   1, 1, NX_CRYPTO_HASH_SHA256, NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256},   /* ecdsa_secp256r1_sha256 */
    {0x0503, DTLS_SIGALG_ECDSA,   1, 1, NX_CRYPTO_HASH_SHA384, NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384},   /* ecdsa_secp384r1_sha384 */
    {0x0603, DTLS_SIGALG_ECDSA,   1, 1, NX_CRYPTO_HASH_SHA512, NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512},   /* ecdsa_secp521r1_sha512 */
    {0x0804, DTLS_SIGALG_RSA_PSS, 1, 0, NX_CRYPTO_HASH_SHA256, NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256}, /* rsa_pss_rsae_sha256 */
    {0x0805, DTLS_SIGALG_RSA_PSS, 1, 0, NX_CRYPTO_HASH_SHA384, NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_384}, /* rsa_pss_rsae_sha384 */
    {0x0401, DTLS_SIGALG_RSA,     1, 1, NX_CRYPTO_HASH_SHA256, NX_SECURE_TLS_X509_TYPE_RSA_SHA_256},     /* rsa_pkcs1_sha256 */
    {0x0501, DTLS_SIGALG_RSA,     1, 1, NX_CRYPTO_HASH_SHA384, NX_SECURE_TLS_X509_TYPE_RSA_SHA_384},     /* rsa_pkcs1_sha384 */
    {0x0601, DTLS_SIGALG_RSA,     1, 1, NX_CRYPTO_HASH_SHA512, NX_SECURE_TLS_X509_TYPE_RSA_SHA_512},     /* rsa_pkcs1_sha512 */
    {0x0201, DTLS_SIGALG_RSA,     0, 1, NX_CRYPTO_HASH_SHA1,   NX_SECURE_TLS_X509_TYPE_RSA_SHA_1},       /* rsa_pkcs1_sha1 */
    {0x0203, DTLS_SIGALG_ECDSA,   0, 1, NX_CRYPTO_HASH_SHA1,   NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1},     /* ecdsa_sha1 */
};
/* clang-format on */
const size_t dtls_sigalg_count = sizeof dtls_sigalgs / sizeof dtls_sigalgs[0];

_Static_assert(sizeof dtls_sigalgs / sizeof dtls_sigalgs[0] <= 16, "scheme masks are 16 bits");

uint16_t dtls_sigalg_offered(void)
{
    uint16_t mask = 0;
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if (dtls_sigalgs[i].offer) {
            mask = (uint16_t)(mask | (1u << i));
        }
    }
    return mask;
}

uint16_t dtls_sigalg_legacy(void)
{
    uint16_t mask = 0;
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if (dtls_sigalgs[i].hash_alg == NX_CRYPTO_HASH_SHA1) {
            mask = (uint16_t)(mask | (1u << i));
        }
    }
    return mask;
}

const struct dtls_sigalg *dtls_sigalg_find(uint16_t scheme, size_t *index)
{
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if (dtls_sigalgs[i].scheme == scheme) {
            if (index != NULL) {
                *index = i;
            }
            return &dtls_sigalgs[i];
        }
    }
    return NULL;
}

bool dtls_sigalg_fits_key(const struct dtls_sigalg *alg, const NX_SECURE_X509_CERT *cert)
{
    if (alg == NULL || cert == NULL) {
        return false;
    }
    if (alg->kind == DTLS_SIGALG_ECDSA) {
        return cert->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC;
    }
    return cert->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA;
}

UINT dtls_sigalg_methods(const NX_SECURE_TLS_CRYPTO *table, const struct dtls_sigalg *alg,
                         const NX_CRYPTO_METHOD **pub, const NX_CRYPTO_METHOD **hash)
{
    for (size_t i = 0; table->nx_secure_tls_x509_cipher_table != NULL &&
                       i < table->nx_secure_tls_x509_cipher_table_size;
         i++) {
        const NX_SECURE_X509_CRYPTO *row = &table->nx_secure_tls_x509_cipher_table[i];
        if (row->nx_secure_x509_crypto_identifier == alg->x509_id) {
            NXD_ENSURE(row->nx_secure_x509_public_cipher_method != NULL &&
                           row->nx_secure_x509_hash_method != NULL,
                       NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
            *pub = row->nx_secure_x509_public_cipher_method;
            *hash = row->nx_secure_x509_hash_method;
            return NX_SUCCESS;
        }
    }
    return NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM;
}

/* curve_hash is the hash whose size matches an EC key's group (RFC 8422 5.10 pairs them in its examples; TLS 1.2
 * allows any, but a P-384 key signing SHA-256 digests throws strength away). */
static UINT curve_hash(const NX_SECURE_X509_CERT *key)
{
    switch (key->nx_secure_x509_public_key_curve) {
    case NX_CRYPTO_EC_SECP384R1:
        return NX_CRYPTO_HASH_SHA384;
    case NX_CRYPTO_EC_SECP521R1:
        return NX_CRYPTO_HASH_SHA512;
    default:
        return NX_CRYPTO_HASH_SHA256;
    }
}

const struct dtls_sigalg *dtls_sigalg_choose(const NX_SECURE_X509_CERT *key, uint16_t peer_mask,
                                             UINT want_hash)
{
    const struct dtls_sigalg *first = NULL;
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        const struct dtls_sigalg *alg = &dtls_sigalgs[i];
        if ((peer_mask & (1u << i)) == 0 || !alg->can_sign || !dtls_sigalg_fits_key(alg, key) ||
            (want_hash != 0 && alg->hash_alg != want_hash)) {
            continue;
        }
        if (alg->kind != DTLS_SIGALG_ECDSA || alg->hash_alg == curve_hash(key)) {
            return alg;
        }
        if (first == NULL) {
            first = alg;
        }
    }
    return first;
}

const NX_CRYPTO_METHOD *dtls_sigalg_curve(const nxdtls_config *cfg, const NX_SECURE_X509_CERT *cert)
{
    UINT want = cert->nx_secure_x509_public_key_curve;
    for (size_t i = 0; cfg->curves != NULL && i < cfg->group_count; i++) {
        if (cfg->curves[i] != NULL && cfg->curves[i]->nx_crypto_algorithm == want) {
            return cfg->curves[i];
        }
    }
    return crypto_curve_for(want);
}

UINT dtls_sigalg_digest(const NX_SECURE_TLS_CRYPTO *table, const struct dtls_sigalg *alg,
                        void *area, size_t area_size, const uint8_t *const *data, const size_t *len,
                        size_t n, uint8_t out[64], size_t *out_len)
{
    const NX_CRYPTO_METHOD *pub;
    const NX_CRYPTO_METHOD *hash;
    *out_len = 0;
    NXD_TRY(dtls_sigalg_methods(table, alg, &pub, &hash));
    size_t size = crypto_digest_size(hash);
    NXD_ENSURE(size != 0 && size <= 64, NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    NXD_TRY(crypto_init(hash, NULL, 0, area, area_size));
    UINT status = crypto_op(hash, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, area,
                            area_size);
    for (size_t i = 0; i < n && status == NX_CRYPTO_SUCCESS; i++) {
        status = crypto_op(hash, NX_CRYPTO_HASH_UPDATE, NULL, 0, data[i], len[i], NULL, NULL, 0,
                           area, area_size);
    }
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(hash, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, size, area,
                           area_size);
    }
    crypto_cleanup(hash, area);
    NXD_TRY(status);
    *out_len = size;
    return NX_SUCCESS;
}

UINT dtls_sigalg_sign(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                      const NX_SECURE_X509_CERT *key, const uint8_t *digest, size_t digest_len,
                      void *area, size_t area_size, uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    *sig_len = 0;
    NXD_ENSURE(alg->can_sign && dtls_sigalg_fits_key(alg, key),
               NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    const NX_CRYPTO_METHOD *pub;
    const NX_CRYPTO_METHOD *hash;
    NXD_TRY(dtls_sigalg_methods(cfg->crypto, alg, &pub, &hash));
    NXD_ENSURE(key->nx_secure_x509_private_key_scalar != NULL &&
                   key->nx_secure_x509_private_key_scalar_length != 0 &&
                   (key->nx_secure_x509_private_key_type == NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER ||
                    key->nx_secure_x509_private_key_type == NX_SECURE_X509_KEY_TYPE_EC_DER),
               NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    if (alg->kind == DTLS_SIGALG_ECDSA) {
        const NX_CRYPTO_METHOD *curve = dtls_sigalg_curve(cfg, key);
        NXD_ENSURE(curve != NULL, NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
        return crypto_sig_ecdsa_sign(pub, curve, area, area_size,
                                     key->nx_secure_x509_private_key_scalar,
                                     key->nx_secure_x509_private_key_scalar_length, digest,
                                     digest_len, sig, sig_cap, sig_len);
    }
    /* RFC 5246 4.7: RSA signatures are RSASSA-PKCS1-v1_5 with the DigestInfo of the scheme's hash. */
    return crypto_sig_rsa_pkcs1_sign(
        pub, area, area_size, key->nx_secure_x509_public_key, key->nx_secure_x509_public_key_length,
        key->nx_secure_x509_private_key_scalar, key->nx_secure_x509_private_key_scalar_length,
        key->nx_secure_x509_private_key_p, key->nx_secure_x509_private_key_p_length,
        key->nx_secure_x509_private_key_q, key->nx_secure_x509_private_key_q_length, alg->hash_alg,
        digest, digest_len, sig, sig_cap, sig_len);
}

UINT dtls_sigalg_verify(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                        const NX_SECURE_X509_CERT *signer, const uint8_t *digest, size_t digest_len,
                        const uint8_t *sig, size_t sig_len, void *area, size_t area_size)
{
    NXD_ENSURE(dtls_sigalg_fits_key(alg, signer), NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    const NX_CRYPTO_METHOD *pub;
    const NX_CRYPTO_METHOD *hash;
    NXD_TRY(dtls_sigalg_methods(cfg->crypto, alg, &pub, &hash));
    UINT status;
    if (alg->kind == DTLS_SIGALG_ECDSA) {
        const NX_CRYPTO_METHOD *curve = dtls_sigalg_curve(cfg, signer);
        NXD_ENSURE(curve != NULL, NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
        status = crypto_sig_ecdsa_verify(
            pub, curve, area, area_size, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, digest, digest_len, sig, sig_len);
    } else if (alg->kind == DTLS_SIGALG_RSA_PSS) {
        /* RFC 8446 4.2.3: rsa_pss_rsae uses MGF1 with the same hash and a salt as long as the digest. */
        status = crypto_sig_rsa_pss_verify(
            pub, area, area_size, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, signer->nx_secure_x509_public_exponent,
            signer->nx_secure_x509_public_exponent_length, alg->hash_alg, alg->hash_alg, digest_len,
            digest, digest_len, sig, sig_len);
    } else {
        status = crypto_sig_rsa_pkcs1_verify(
            pub, area, area_size, signer->nx_secure_x509_public_key,
            signer->nx_secure_x509_public_key_length, signer->nx_secure_x509_public_exponent,
            signer->nx_secure_x509_public_exponent_length, alg->hash_alg, digest, digest_len, sig,
            sig_len);
    }
    return status == NX_CRYPTO_SUCCESS ? NX_SUCCESS : NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR;
}
