/* SPDX-License-Identifier: MIT */
/* crypto_tables.c: nxdtls's default method tables (docs/netx-api.md 6.3, 6.4; suite numbers from the IANA
 * TLS Cipher Suites registry; groups from the IANA TLS Supported Groups registry).
 *
 * NX_SECURE_TLS_CRYPTO points at its rows through non-const pointers (NetX's type); the rows are const
 * here and nothing writes through those pointers, so the const is cast away through uintptr_t. */
#include "crypto/crypto_tables.h"

#include <stdint.h>

#include "crypto/crypto_meta.h"

/* clang-format off */
/* SUITE expands its arguments first, so the shorthands below may stand for several fields. */
#define SUITE(...) SUITE_(__VA_ARGS__)
#define SUITE_(id, kx, auth, cipher, iv, key, mac, mac_size, prf)                                   \
    {.nx_secure_tls_ciphersuite = (id), .nx_secure_tls_public_cipher = (kx),                        \
     .nx_secure_tls_public_auth = (auth), .nx_secure_tls_session_cipher = (cipher),                 \
     .nx_secure_tls_iv_size = (iv), .nx_secure_tls_session_key_size = (key),                        \
     .nx_secure_tls_hash = (mac), .nx_secure_tls_hash_size = (mac_size),                            \
     .nx_secure_tls_prf = (prf)}

#define RSA   &crypto_method_rsa
#define PSK   &crypto_method_null, &crypto_method_auth_psk
#define AEAD  &crypto_method_null, 0
#define SHA1  &crypto_method_hmac_sha1, 20
#define SHA2  &crypto_method_hmac_sha256, 32
#define PRF2  &crypto_method_tls_prf_sha256
#define PRF3  &crypto_method_tls_prf_sha384
#define GCM1  &crypto_method_aes_128_gcm_16, 16, 16
#define GCM2  &crypto_method_aes_256_gcm_16, 16, 32
#define CBC1  &crypto_method_aes_cbc_128, 16, 16
#define CBC2  &crypto_method_aes_cbc_256, 16, 32
#define CCM8  &crypto_method_aes_ccm_8, 16, 16
#define CCM16 &crypto_method_aes_ccm_16, 16, 16
#define ECDHE_ECDSA &crypto_method_ecdhe, &crypto_method_ecdsa
#define ECDHE_RSA   &crypto_method_ecdhe, &crypto_method_rsa

/* RSA and PSK suites, in server preference order. 0x002F is the TLS 1.2 mandatory suite (RFC 5246 9;
 * docs/netx-api.md 10 C4); 0xC0A8 is CoAP's mandatory PSK suite (RFC 7252 9.1.3.1). */
#define RSA_AND_PSK_ROWS                                                                            \
    SUITE(TLS_RSA_WITH_AES_128_GCM_SHA256, RSA, RSA, GCM1, AEAD, PRF2),                             \
    SUITE(TLS_RSA_WITH_AES_256_CBC_SHA256, RSA, RSA, CBC2, SHA2, PRF2),                             \
    SUITE(TLS_RSA_WITH_AES_128_CBC_SHA256, RSA, RSA, CBC1, SHA2, PRF2),                             \
    SUITE(TLS_RSA_WITH_AES_128_CBC_SHA,    RSA, RSA, CBC1, SHA1, PRF2),                             \
    SUITE(TLS_RSA_WITH_AES_256_CBC_SHA,    RSA, RSA, CBC2, SHA1, PRF2),                             \
    SUITE(TLS_PSK_WITH_AES_128_CCM_8,      PSK, CCM8,  AEAD, PRF2),                                 \
    SUITE(TLS_PSK_WITH_AES_128_CCM,        PSK, CCM16, AEAD, PRF2),                                 \
    SUITE(TLS_PSK_WITH_AES_128_GCM_SHA256, PSK, GCM1,  AEAD, PRF2),                                 \
    SUITE(TLS_PSK_WITH_AES_256_GCM_SHA384, PSK, GCM2,  AEAD, PRF3),                                 \
    SUITE(TLS_PSK_WITH_AES_128_CBC_SHA256, PSK, CBC1,  SHA2, PRF2),                                 \
    SUITE(TLS_PSK_WITH_AES_128_CBC_SHA,    PSK, CBC1,  SHA1, PRF2)

static const NX_SECURE_TLS_CIPHERSUITE_INFO suites[] = {
    RSA_AND_PSK_ROWS,
};

/* 0xC0AE is CoAP's mandatory certificate suite (RFC 7252 9.1.3.2, RFC 7251). */
static const NX_SECURE_TLS_CIPHERSUITE_INFO suites_ecc[] = {
    SUITE(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ECDHE_ECDSA, GCM1, AEAD, PRF2),
    SUITE(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ECDHE_ECDSA, GCM2, AEAD, PRF3),
    SUITE(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,      ECDHE_ECDSA, CCM8, AEAD, PRF2),
    SUITE(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,   ECDHE_RSA,   GCM1, AEAD, PRF2),
    SUITE(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,   ECDHE_RSA,   GCM2, AEAD, PRF3),
    SUITE(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, ECDHE_ECDSA, CBC1, SHA2, PRF2),
    SUITE(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,   ECDHE_RSA,   CBC1, SHA2, PRF2),
    RSA_AND_PSK_ROWS,
};

/* Certificate signature algorithms. Both tables carry all of them: a peer's chain may be signed with
 * ECDSA even when the suite is RSA or PSK. */
#define X509(id, cipher, hash)                                                                      \
    {.nx_secure_x509_crypto_identifier = (id), .nx_secure_x509_public_cipher_method = (cipher),     \
     .nx_secure_x509_hash_method = (hash)}

static const NX_SECURE_X509_CRYPTO x509_rows[] = {
    X509(NX_SECURE_TLS_X509_TYPE_RSA_SHA_256,     &crypto_method_rsa,     &crypto_method_sha256),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_SHA_384,     &crypto_method_rsa,     &crypto_method_sha384),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_SHA_512,     &crypto_method_rsa,     &crypto_method_sha512),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_SHA_1,       &crypto_method_rsa,     &crypto_method_sha1),
    X509(NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256,   &crypto_method_ecdsa,   &crypto_method_sha256),
    X509(NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384,   &crypto_method_ecdsa,   &crypto_method_sha384),
    X509(NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512,   &crypto_method_ecdsa,   &crypto_method_sha512),
    X509(NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1,     &crypto_method_ecdsa,   &crypto_method_sha1),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256, &crypto_method_rsa_pss, &crypto_method_sha256),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_384, &crypto_method_rsa_pss, &crypto_method_sha384),
    X509(NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_512, &crypto_method_rsa_pss, &crypto_method_sha512),
};

#define TABLE(rows)                                                                                 \
    {.nx_secure_tls_ciphersuite_lookup_table = (NX_SECURE_TLS_CIPHERSUITE_INFO *)(uintptr_t)(rows), \
     .nx_secure_tls_ciphersuite_lookup_table_size = (USHORT)(sizeof(rows) / sizeof((rows)[0])),     \
     .nx_secure_tls_x509_cipher_table = (NX_SECURE_X509_CRYPTO *)(uintptr_t)x509_rows,              \
     .nx_secure_tls_x509_cipher_table_size = (USHORT)(sizeof x509_rows / sizeof x509_rows[0]),      \
     .nx_secure_tls_handshake_hash_sha256_method = &crypto_method_sha256,                           \
     .nx_secure_tls_prf_sha256_method = &crypto_method_tls_prf_sha256}

CRYPTO_EXPORT const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers = TABLE(suites);
CRYPTO_EXPORT const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc = TABLE(suites_ecc);

/* docs/netx-api.md 6.4: secp256r1 (23), x25519 (29), secp384r1 (24), secp521r1 (25), in NetX's order (NetX
 * lists x25519 when built with it). secp192r1 and secp224r1 rows exist for tables that list them; these
 * defaults do not offer them. The curve array is declared without the second const exactly as
 * applications declare it (NetX's type); nothing writes to it. */
CRYPTO_EXPORT const USHORT nx_crypto_ecc_supported_groups[] = {0x0017, 0x001D, 0x0018, 0x0019};
CRYPTO_EXPORT const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[] = {
    &crypto_method_ec_secp256, &crypto_method_ec_x25519, &crypto_method_ec_secp384,
    &crypto_method_ec_secp521};
CRYPTO_EXPORT const UINT nx_crypto_ecc_supported_groups_size =
    sizeof nx_crypto_ecc_supported_groups / sizeof nx_crypto_ecc_supported_groups[0];
/* clang-format on */
