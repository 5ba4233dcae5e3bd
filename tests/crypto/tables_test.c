/* SPDX-License-Identifier: MIT */
/* tables_test: the default tables (docs/netx-api.md 6.3, 6.4) hold the rows the design asks for, in order,
 * with the right methods and sizes; every method row has the shape 6.6 gives it; and the per-session
 * metadata of each table, by 6.6's area formula, stays small (docs/netx-api.md 10 C8). */
#include <stdbool.h>
#include <string.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_tables.h"
#include "nx_crypto.h"
#include "test.h"

struct expect_row {
    USHORT id;
    const NX_CRYPTO_METHOD *kx, *auth, *cipher, *mac;
    USHORT mac_size;
    const NX_CRYPTO_METHOD *prf;
};

/* clang-format off */
#define RSA_PSK_EXPECTED                                                                                              \
    {0x009C, &crypto_method_rsa, &crypto_method_rsa, &crypto_method_aes_128_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha256}, \
    {0x003D, &crypto_method_rsa, &crypto_method_rsa, &crypto_method_aes_cbc_256, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256}, \
    {0x003C, &crypto_method_rsa, &crypto_method_rsa, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256}, \
    {0x002F, &crypto_method_rsa, &crypto_method_rsa, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha1, 20, &crypto_method_tls_prf_sha256}, \
    {0x0035, &crypto_method_rsa, &crypto_method_rsa, &crypto_method_aes_cbc_256, &crypto_method_hmac_sha1, 20, &crypto_method_tls_prf_sha256}, \
    {0xC0A8, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_ccm_8, &crypto_method_null, 0, &crypto_method_tls_prf_sha256}, \
    {0xC0A4, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_ccm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha256}, \
    {0x00A8, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_128_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha256}, \
    {0x00A9, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_256_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha384}, \
    {0x00AE, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256}, \
    {0x008C, &crypto_method_null, &crypto_method_auth_psk, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha1, 20, &crypto_method_tls_prf_sha256}

static const struct expect_row expect_plain[] = {RSA_PSK_EXPECTED};
static const struct expect_row expect_ecc[] = {
    {0xC02B, &crypto_method_ecdhe, &crypto_method_ecdsa, &crypto_method_aes_128_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha256},
    {0xC02C, &crypto_method_ecdhe, &crypto_method_ecdsa, &crypto_method_aes_256_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha384},
    {0xC0AE, &crypto_method_ecdhe, &crypto_method_ecdsa, &crypto_method_aes_ccm_8, &crypto_method_null, 0, &crypto_method_tls_prf_sha256},
    {0xC02F, &crypto_method_ecdhe, &crypto_method_rsa, &crypto_method_aes_128_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha256},
    {0xC030, &crypto_method_ecdhe, &crypto_method_rsa, &crypto_method_aes_256_gcm_16, &crypto_method_null, 0, &crypto_method_tls_prf_sha384},
    {0xC023, &crypto_method_ecdhe, &crypto_method_ecdsa, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256},
    {0xC027, &crypto_method_ecdhe, &crypto_method_rsa, &crypto_method_aes_cbc_128, &crypto_method_hmac_sha256, 32, &crypto_method_tls_prf_sha256},
    RSA_PSK_EXPECTED,
};
/* clang-format on */

static void check_rows(const NX_SECURE_TLS_CRYPTO *t, const struct expect_row *want, size_t count)
{
    EXPECT(t->nx_secure_tls_ciphersuite_lookup_table_size == count);
    EXPECT(t->nx_secure_tls_handshake_hash_sha256_method == &crypto_method_sha256);
    EXPECT(t->nx_secure_tls_prf_sha256_method == &crypto_method_tls_prf_sha256);
    for (size_t i = 0; i < count && i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *r = &t->nx_secure_tls_ciphersuite_lookup_table[i];
        const struct expect_row *w = &want[i];
        EXPECT(r->nx_secure_tls_ciphersuite == w->id);
        EXPECT(r->nx_secure_tls_public_cipher == w->kx);
        EXPECT(r->nx_secure_tls_public_auth == w->auth);
        EXPECT(r->nx_secure_tls_session_cipher == w->cipher);
        EXPECT(r->nx_secure_tls_hash == w->mac);
        EXPECT(r->nx_secure_tls_hash_size == w->mac_size);
        EXPECT(r->nx_secure_tls_prf == w->prf);
        /* The redundant row fields agree with the cipher (6.6: the engine derives sizes from it). */
        const NX_CRYPTO_METHOD *c = r->nx_secure_tls_session_cipher;
        EXPECT(r->nx_secure_tls_session_key_size == c->nx_crypto_key_size_in_bits / 8);
        EXPECT(r->nx_secure_tls_iv_size == 16);
        /* A MAC row's digest size matches the declared MAC size. */
        if (w->mac != &crypto_method_null) {
            EXPECT(w->mac->nx_crypto_ICV_size_in_bits / 8 == w->mac_size);
        }
    }
}

static void check_x509(const NX_SECURE_TLS_CRYPTO *t)
{
    static const struct {
        USHORT id;
        const NX_CRYPTO_METHOD *cipher, *hash;
    } want[] = {
        {NX_SECURE_TLS_X509_TYPE_RSA_SHA_256, &crypto_method_rsa, &crypto_method_sha256},
        {NX_SECURE_TLS_X509_TYPE_RSA_SHA_384, &crypto_method_rsa, &crypto_method_sha384},
        {NX_SECURE_TLS_X509_TYPE_RSA_SHA_512, &crypto_method_rsa, &crypto_method_sha512},
        {NX_SECURE_TLS_X509_TYPE_RSA_SHA_1, &crypto_method_rsa, &crypto_method_sha1},
        {NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_256, &crypto_method_ecdsa, &crypto_method_sha256},
        {NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_384, &crypto_method_ecdsa, &crypto_method_sha384},
        {NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_512, &crypto_method_ecdsa, &crypto_method_sha512},
        {NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1, &crypto_method_ecdsa, &crypto_method_sha1},
        {NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_256, &crypto_method_rsa_pss, &crypto_method_sha256},
        {NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_384, &crypto_method_rsa_pss, &crypto_method_sha384},
        {NX_SECURE_TLS_X509_TYPE_RSA_PSS_SHA_512, &crypto_method_rsa_pss, &crypto_method_sha512},
    };
    EXPECT(t->nx_secure_tls_x509_cipher_table_size == sizeof want / sizeof want[0]);
    for (size_t i = 0;
         i < sizeof want / sizeof want[0] && i < t->nx_secure_tls_x509_cipher_table_size; i++) {
        const NX_SECURE_X509_CRYPTO *r = &t->nx_secure_tls_x509_cipher_table[i];
        EXPECT(r->nx_secure_x509_crypto_identifier == want[i].id);
        EXPECT(r->nx_secure_x509_public_cipher_method == want[i].cipher);
        EXPECT(r->nx_secure_x509_hash_method == want[i].hash);
    }
}

static size_t up8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static size_t area(const NX_CRYPTO_METHOD *m)
{
    return m == NULL ? 0 : m->nx_crypto_metadata_area_size;
}

static size_t max2(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* session_metadata applies docs/netx-api.md 6.6 "Metadata sizes and carving": transcript, scratch, two
 * session ciphers, public, MAC, PRF, each the maximum over the table, rounded up to 8. */
static size_t session_metadata(const NX_SECURE_TLS_CRYPTO *t, const char *name)
{
    size_t transcript = area(t->nx_secure_tls_handshake_hash_sha256_method);
    size_t scratch = transcript, cipher = 0, pub = 0, mac = 0,
           prf = area(t->nx_secure_tls_prf_sha256_method);
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *r = &t->nx_secure_tls_ciphersuite_lookup_table[i];
        cipher = max2(cipher, area(r->nx_secure_tls_session_cipher));
        pub = max2(pub,
                   max2(area(r->nx_secure_tls_public_cipher), area(r->nx_secure_tls_public_auth)));
        mac = max2(mac, area(r->nx_secure_tls_hash));
        prf = max2(prf, area(r->nx_secure_tls_prf));
    }
    for (size_t i = 0; i < t->nx_secure_tls_x509_cipher_table_size; i++) {
        const NX_SECURE_X509_CRYPTO *r = &t->nx_secure_tls_x509_cipher_table[i];
        scratch = max2(scratch, area(r->nx_secure_x509_hash_method));
        mac = max2(mac, area(r->nx_secure_x509_hash_method));
        pub = max2(pub, area(r->nx_secure_x509_public_cipher_method));
    }
    size_t total =
        up8(transcript) + up8(scratch) + 2 * up8(cipher) + up8(pub) + up8(mac) + up8(prf);
    printf("%s: transcript %zu, scratch %zu, cipher 2 x %zu, public %zu, MAC %zu, PRF %zu -> %zu "
           "bytes "
           "(areas rounded to 8; + up to 7 to align the buffer start)\n",
           name, transcript, scratch, cipher, pub, mac, prf, total);
    return total;
}

static void check_method_shapes(void)
{
    static const struct {
        const char *name;
        const NX_CRYPTO_METHOD *m;
        UINT alg;
        bool functions;
    } rows[] = {
        {"null", &crypto_method_null, NX_CRYPTO_ENCRYPTION_NULL, false},
        {"none", &crypto_method_none, NX_CRYPTO_NONE, false},
        {"auth_psk", &crypto_method_auth_psk, NX_CRYPTO_KEY_EXCHANGE_PSK, false},
        {"aes_cbc_128", &crypto_method_aes_cbc_128, NX_CRYPTO_ENCRYPTION_AES_CBC, true},
        {"aes_cbc_256", &crypto_method_aes_cbc_256, NX_CRYPTO_ENCRYPTION_AES_CBC, true},
        {"aes_ccm_8", &crypto_method_aes_ccm_8, NX_CRYPTO_ENCRYPTION_AES_CCM_8, true},
        {"aes_ccm_16", &crypto_method_aes_ccm_16, NX_CRYPTO_ENCRYPTION_AES_CCM_16, true},
        {"aes_128_gcm_16", &crypto_method_aes_128_gcm_16, NX_CRYPTO_ENCRYPTION_AES_GCM_16, true},
        {"aes_256_gcm_16", &crypto_method_aes_256_gcm_16, NX_CRYPTO_ENCRYPTION_AES_GCM_16, true},
        {"sha1", &crypto_method_sha1, NX_CRYPTO_HASH_SHA1, true},
        {"sha256", &crypto_method_sha256, NX_CRYPTO_HASH_SHA256, true},
        {"sha384", &crypto_method_sha384, NX_CRYPTO_HASH_SHA384, true},
        {"sha512", &crypto_method_sha512, NX_CRYPTO_HASH_SHA512, true},
        {"hmac_sha1", &crypto_method_hmac_sha1, NX_CRYPTO_AUTHENTICATION_HMAC_SHA1_160, true},
        {"hmac_sha256", &crypto_method_hmac_sha256, NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256, true},
        {"hmac_sha384", &crypto_method_hmac_sha384, NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_384, true},
        {"hmac_sha512", &crypto_method_hmac_sha512, NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_512, true},
        {"tls_prf_sha256", &crypto_method_tls_prf_sha256, NX_CRYPTO_PRF_HMAC_SHA2_256, true},
        {"tls_prf_sha384", &crypto_method_tls_prf_sha384, NX_CRYPTO_PRF_HMAC_SHA2_384, true},
        {"rsa", &crypto_method_rsa, NX_CRYPTO_KEY_EXCHANGE_RSA, true},
        {"rsa_pss", &crypto_method_rsa_pss, NX_CRYPTO_DIGITAL_SIGNATURE_RSA_PSS, true},
        {"ecdsa", &crypto_method_ecdsa, NX_CRYPTO_DIGITAL_SIGNATURE_ECDSA, true},
        {"ecdh", &crypto_method_ecdh, NX_CRYPTO_KEY_EXCHANGE_ECDH, true},
        {"ecdhe", &crypto_method_ecdhe, NX_CRYPTO_KEY_EXCHANGE_ECDHE, true},
        {"ec_secp256", &crypto_method_ec_secp256, NX_CRYPTO_EC_SECP256R1, false},
        {"ec_secp384", &crypto_method_ec_secp384, NX_CRYPTO_EC_SECP384R1, false},
        {"ec_secp521", &crypto_method_ec_secp521, NX_CRYPTO_EC_SECP521R1, false},
        {"ec_x25519", &crypto_method_ec_x25519, NX_CRYPTO_EC_X25519, false},
    };
    printf("metadata area sizes:");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const NX_CRYPTO_METHOD *m = rows[i].m;
        printf(" %s=%u", rows[i].name, (unsigned)m->nx_crypto_metadata_area_size);
        EXPECT(m->nx_crypto_algorithm == rows[i].alg);
        EXPECT(m->nx_crypto_metadata_area_size % 4 == 0);
        EXPECT(m->nx_crypto_metadata_area_size <= 512);
        if (rows[i].functions) {
            EXPECT(m->nx_crypto_init != NULL && m->nx_crypto_cleanup != NULL &&
                   m->nx_crypto_operation != NULL);
        } else {
            EXPECT(m->nx_crypto_init == NULL && m->nx_crypto_cleanup == NULL);
            EXPECT(m->nx_crypto_metadata_area_size == 0);
        }
    }
    printf("\n");
    /* 6.6: key block sizes come from the cipher rows: key bits, IV bits (16 for CBC, 4-byte salt for AEAD),
     * ICV bits (the tag). */
    EXPECT(crypto_method_aes_cbc_128.nx_crypto_key_size_in_bits == 128);
    EXPECT(crypto_method_aes_cbc_256.nx_crypto_key_size_in_bits == 256);
    EXPECT(crypto_method_aes_cbc_128.nx_crypto_IV_size_in_bits == 128);
    EXPECT(crypto_method_aes_128_gcm_16.nx_crypto_IV_size_in_bits == 32);
    EXPECT(crypto_method_aes_256_gcm_16.nx_crypto_key_size_in_bits == 256);
    EXPECT(crypto_method_aes_ccm_8.nx_crypto_ICV_size_in_bits == 64);
    EXPECT(crypto_method_aes_ccm_16.nx_crypto_ICV_size_in_bits == 128);
    EXPECT(crypto_method_aes_128_gcm_16.nx_crypto_ICV_size_in_bits == 128);
    EXPECT(crypto_method_aes_ccm_8.nx_crypto_IV_size_in_bits == 32);
    EXPECT(crypto_method_null.nx_crypto_operation == NULL &&
           crypto_method_auth_psk.nx_crypto_operation == NULL);
}

int main(void)
{
    check_rows(&nx_crypto_tls_ciphers, expect_plain, sizeof expect_plain / sizeof expect_plain[0]);
    check_rows(&nx_crypto_tls_ciphers_ecc, expect_ecc, sizeof expect_ecc / sizeof expect_ecc[0]);
    check_x509(&nx_crypto_tls_ciphers);
    check_x509(&nx_crypto_tls_ciphers_ecc);

    EXPECT(nx_crypto_ecc_supported_groups_size == 4);
    EXPECT(nx_crypto_ecc_supported_groups[0] == 23 && nx_crypto_ecc_supported_groups[1] == 29 &&
           nx_crypto_ecc_supported_groups[2] == 24 && nx_crypto_ecc_supported_groups[3] == 25);
    for (UINT i = 0; i < nx_crypto_ecc_supported_groups_size; i++) {
        /* 6.4: the group code is the low half of the curve row's algorithm id. */
        EXPECT((nx_crypto_ecc_curves[i]->nx_crypto_algorithm & 0xFFFFu) ==
               nx_crypto_ecc_supported_groups[i]);
        EXPECT((nx_crypto_ecc_curves[i]->nx_crypto_algorithm & 0xFFFF0000u) == NX_CRYPTO_EC_MASK);
    }

    check_method_shapes();
    size_t plain = session_metadata(&nx_crypto_tls_ciphers, "nx_crypto_tls_ciphers");
    size_t ecc = session_metadata(&nx_crypto_tls_ciphers_ecc, "nx_crypto_tls_ciphers_ecc");
    /* docs/netx-api.md 10 C8: far below 4000, ideally at most 1333 (a 3-session server in 4000 bytes). */
    EXPECT(plain + 7 <= 1333);
    EXPECT(ecc + 7 <= 1333);
    return test_finish("tables");
}
