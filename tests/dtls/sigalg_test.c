/* SPDX-License-Identifier: MIT */
/* sigalg_test: the signature scheme table, the choice of scheme for a key, and signing / verifying with the
 * test PKI's RSA-2048, P-256 and P-384 keys through the default table's X.509 rows, including an RSA-PSS
 * signature made by OpenSSL and every refusal code. */
#include "dtls/dtls_sigalg.h"

#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_call.h"
#include "crypto/crypto_tables.h"
#include "test.h"

static _Alignas(16) uint8_t area[16384];
static _Alignas(16) uint8_t hash_area[4096];
static struct fix_cert rsa, ec, ec384, root;

static nxdtls_config cfg_of(const NX_SECURE_TLS_CRYPTO *table)
{
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.crypto = table;
    return cfg;
}

static uint16_t bit(uint16_t scheme)
{
    size_t index = 0;
    return dtls_sigalg_find(scheme, &index) != NULL ? (uint16_t)(1u << index) : 0;
}

static void table_facts(void)
{
    size_t index = 99;
    const struct dtls_sigalg *a = dtls_sigalg_find(0x0804, &index);
    EXPECT(a != NULL && a->kind == DTLS_SIGALG_RSA_PSS && !a->can_sign && a->offer &&
           index < dtls_sigalg_count);
    EXPECT(dtls_sigalg_find(0x0807, NULL) == NULL); /* ed25519: not ours */
    EXPECT(dtls_sigalg_find(0x0000, NULL) == NULL);
    uint16_t offered = dtls_sigalg_offered();
    EXPECT(offered == (bit(0x0403) | bit(0x0503) | bit(0x0603) | bit(0x0804) | bit(0x0805) |
                       bit(0x0401) | bit(0x0501) | bit(0x0601)));
    EXPECT(dtls_sigalg_legacy() == (bit(0x0201) | bit(0x0203)));
    EXPECT((offered & dtls_sigalg_legacy()) == 0);
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        const struct dtls_sigalg *s = &dtls_sigalgs[i];
        /* The TLS 1.2 pairs: the low byte names the signature, the high byte the hash (RFC 5246 7.4.1.4.1). */
        if (s->kind == DTLS_SIGALG_RSA) {
            EXPECT((s->scheme & 0xFF) == 1);
        } else if (s->kind == DTLS_SIGALG_ECDSA) {
            EXPECT((s->scheme & 0xFF) == 3);
        }
        const NX_CRYPTO_METHOD *pub = NULL;
        const NX_CRYPTO_METHOD *hash = NULL;
        EXPECT_OK(dtls_sigalg_methods(&nx_crypto_tls_ciphers_ecc, s, &pub, &hash));
        EXPECT(pub != NULL && hash != NULL && hash->nx_crypto_algorithm == s->hash_alg);
    }
    /* A table without X.509 rows has no scheme at all. */
    NX_SECURE_TLS_CRYPTO bare = nx_crypto_tls_ciphers_ecc;
    bare.nx_secure_tls_x509_cipher_table = NULL;
    bare.nx_secure_tls_x509_cipher_table_size = 0;
    const NX_CRYPTO_METHOD *pub = NULL;
    const NX_CRYPTO_METHOD *hash = NULL;
    EXPECT_CODE(dtls_sigalg_methods(&bare, a, &pub, &hash),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
}

static void choose(void)
{
    uint16_t all = dtls_sigalg_offered();
    const struct dtls_sigalg *a = dtls_sigalg_choose(&rsa.cert, all, 0);
    EXPECT(a != NULL && a->scheme == 0x0401); /* PSS is verify-only here */
    a = dtls_sigalg_choose(&rsa.cert, all, NX_CRYPTO_HASH_SHA384);
    EXPECT(a != NULL && a->scheme == 0x0501);
    EXPECT(dtls_sigalg_choose(&rsa.cert, (uint16_t)(bit(0x0804) | bit(0x0805) | bit(0x0403)), 0) ==
           NULL);
    a = dtls_sigalg_choose(&ec.cert, all, 0);
    EXPECT(a != NULL && a->scheme == 0x0403);
    /* A P-384 key prefers SHA-384 even though SHA-256 comes first in our list. */
    a = dtls_sigalg_choose(&ec384.cert, all, 0);
    EXPECT(a != NULL && a->scheme == 0x0503);
    a = dtls_sigalg_choose(&ec384.cert, bit(0x0403), 0);
    EXPECT(a != NULL && a->scheme == 0x0403);
    a = dtls_sigalg_choose(&ec.cert, all, NX_CRYPTO_HASH_SHA384);
    EXPECT(a != NULL && a->scheme == 0x0503);
    EXPECT(dtls_sigalg_choose(&ec.cert, 0, 0) == NULL);
    /* TLS 1.2 binds no curve to an ECDSA scheme: SHA-512 with a P-256 key is ecdsa_secp521r1_sha512's
     * code point (RFC 5246 7.4.1.4.1 pairs hash and signature only). */
    a = dtls_sigalg_choose(&ec.cert, all, NX_CRYPTO_HASH_SHA512);
    EXPECT(a != NULL && a->scheme == 0x0603);
    /* A peer without signature_algorithms gets SHA-1 (RFC 5246 7.4.1.4.1). */
    a = dtls_sigalg_choose(&rsa.cert, dtls_sigalg_legacy(), 0);
    EXPECT(a != NULL && a->scheme == 0x0201);
    EXPECT(dtls_sigalg_fits_key(dtls_sigalg_find(0x0804, NULL), &rsa.cert));
    EXPECT(!dtls_sigalg_fits_key(dtls_sigalg_find(0x0804, NULL), &ec.cert));
    EXPECT(!dtls_sigalg_fits_key(dtls_sigalg_find(0x0403, NULL), &rsa.cert));
}

static void digest_pieces(void)
{
    nxdtls_config cfg = cfg_of(&nx_crypto_tls_ciphers_ecc);
    const uint8_t a[3] = {1, 2, 3};
    const uint8_t b[5] = {4, 5, 6, 7, 8};
    const uint8_t ab[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const uint8_t *data[2] = {a, b};
    const size_t len[2] = {3, 5};
    uint8_t got[64];
    uint8_t want[64];
    size_t got_len = 0;
    size_t want_len = 0;
    EXPECT_OK(dtls_sigalg_digest(cfg.crypto, dtls_sigalg_find(0x0501, NULL), hash_area,
                                 sizeof hash_area, data, len, 2, got, &got_len));
    EXPECT_OK(crypto_digest(&crypto_method_sha384, hash_area, sizeof hash_area, ab, sizeof ab, want,
                          sizeof want, &want_len));
    EXPECT(got_len == 48 && want_len == 48);
    EXPECT_MEM(got, want, 48);
}

static void round_trip(const struct fix_cert *key, uint16_t scheme)
{
    nxdtls_config cfg = cfg_of(&nx_crypto_tls_ciphers_ecc);
    const struct dtls_sigalg *alg = dtls_sigalg_find(scheme, NULL);
    uint8_t digest[64];
    memset(digest, 0x5A, sizeof digest);
    size_t dlen = crypto_digest_size(crypto_digest_method_for(alg->hash_alg));
    uint8_t sig[DTLS_SIG_MAX];
    size_t sig_len = 0;
    EXPECT_OK(dtls_sigalg_sign(&cfg, alg, &key->cert, digest, dlen, area, sizeof area, sig,
                               sizeof sig, &sig_len));
    EXPECT(sig_len > 0);
    EXPECT_OK(
        dtls_sigalg_verify(&cfg, alg, &key->cert, digest, dlen, sig, sig_len, area, sizeof area));
    sig[sig_len / 2] ^= 0x10;
    EXPECT_CODE(
        dtls_sigalg_verify(&cfg, alg, &key->cert, digest, dlen, sig, sig_len, area, sizeof area),
        NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    sig[sig_len / 2] ^= 0x10;
    digest[0] ^= 1;
    EXPECT_CODE(
        dtls_sigalg_verify(&cfg, alg, &key->cert, digest, dlen, sig, sig_len, area, sizeof area),
        NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    digest[0] ^= 1;
    EXPECT_CODE(dtls_sigalg_verify(&cfg, alg, &key->cert, digest, dlen, sig, sig_len - 1, area,
                                   sizeof area),
                NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    EXPECT_CODE(dtls_sigalg_verify(&cfg, alg, &key->cert, digest, dlen, sig, 0, area, sizeof area),
                NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    /* The other key type: the scheme does not fit. */
    const NX_SECURE_X509_CERT *other = key == &rsa ? &ec.cert : &rsa.cert;
    EXPECT_CODE(dtls_sigalg_verify(&cfg, alg, other, digest, dlen, sig, sig_len, area, sizeof area),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
}

static void refusals(void)
{
    nxdtls_config cfg = cfg_of(&nx_crypto_tls_ciphers_ecc);
    uint8_t digest[32] = {0};
    uint8_t sig[DTLS_SIG_MAX];
    size_t sig_len = 7;
    /* No private key (a CA certificate). */
    EXPECT_CODE(dtls_sigalg_sign(&cfg, dtls_sigalg_find(0x0401, NULL), &root.cert, digest, 32, area,
                                 sizeof area, sig, sizeof sig, &sig_len),
                NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    EXPECT(sig_len == 0);
    /* PSS cannot sign; ECDSA does not fit an RSA key. */
    EXPECT_CODE(dtls_sigalg_sign(&cfg, dtls_sigalg_find(0x0804, NULL), &rsa.cert, digest, 32, area,
                                 sizeof area, sig, sizeof sig, &sig_len),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    EXPECT_CODE(dtls_sigalg_sign(&cfg, dtls_sigalg_find(0x0403, NULL), &rsa.cert, digest, 32, area,
                                 sizeof area, sig, sizeof sig, &sig_len),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    /* A table without X.509 rows. */
    NX_SECURE_TLS_CRYPTO bare = nx_crypto_tls_ciphers_ecc;
    bare.nx_secure_tls_x509_cipher_table = NULL;
    bare.nx_secure_tls_x509_cipher_table_size = 0;
    nxdtls_config bare_cfg = cfg_of(&bare);
    EXPECT_CODE(dtls_sigalg_sign(&bare_cfg, dtls_sigalg_find(0x0401, NULL), &rsa.cert, digest, 32,
                                 area, sizeof area, sig, sizeof sig, &sig_len),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    EXPECT_CODE(dtls_sigalg_verify(&bare_cfg, dtls_sigalg_find(0x0401, NULL), &rsa.cert, digest, 32,
                                   sig, 256, area, sizeof area),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
}

/* An RSASSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32) over SHA-256("nxdtls pss vector") by the test PKI's
 * rsa-leaf key, made with `openssl pkeyutl -sign -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32`. */
static const char pss_digest_hex[] =
    "2b8a05a14f661bda6d62f0c5fec26b6e3b0057b51c4080404cf44c6cf5dd1d2d";
static const char pss_sig_hex[] = "743eca9e481514c5fbb34e215c6117d34516295b9f5595f2efb742846f74ad34"
                                  "94710a5592c5797175efe28b375459d3"
                                  "6a94cefb543da889d900f572709497eb3e72f0063647589e297db8a38701ea4e"
                                  "2828fcb4d4f67f32f769191d4849a38c"
                                  "07a848703bd50e2eb21697847dd5209274ce04a537d6cd433d6e70a68b7c1de2"
                                  "79263ad2fc47df21a284e48c3b0e4157"
                                  "19c08e0744baecf347369304a8ad2fc8c8ab9872263c4cffad3735f7e0584fb9"
                                  "ce76135209d42f56a3573d0f583de1d5"
                                  "d9e4261c04a004100d9a654b0eaccd2df8ea1a0b15e938dfe7e019656a5f2273"
                                  "a454c989ba4aea216684bedc7766e497"
                                  "d1f851401672f6d9b23ade43f9cf0f47";

static void pss(void)
{
    nxdtls_config cfg = cfg_of(&nx_crypto_tls_ciphers_ecc);
    uint8_t digest[32];
    uint8_t sig[256];
    EXPECT(test_hex_decode(pss_digest_hex, digest, sizeof digest) == 32);
    EXPECT(test_hex_decode(pss_sig_hex, sig, sizeof sig) == 256);
    const struct dtls_sigalg *alg = dtls_sigalg_find(0x0804, NULL);
    EXPECT_OK(dtls_sigalg_verify(&cfg, alg, &rsa.cert, digest, 32, sig, 256, area, sizeof area));
    sig[10] ^= 1;
    EXPECT_CODE(dtls_sigalg_verify(&cfg, alg, &rsa.cert, digest, 32, sig, 256, area, sizeof area),
                NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    sig[10] ^= 1;
    /* The same signature is not a PKCS#1 v1.5 one. */
    EXPECT_CODE(dtls_sigalg_verify(&cfg, dtls_sigalg_find(0x0401, NULL), &rsa.cert, digest, 32, sig,
                                   256, area, sizeof area),
                NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
}

int main(void)
{
    EXPECT_OK(fix_load(&rsa, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(fix_load(&ec, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT_OK(fix_load(&ec384, "ec384-leaf", "ec384-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT_OK(fix_load(&root, "rsa-root", NULL, 0));
    table_facts();
    choose();
    digest_pieces();
    round_trip(&rsa, 0x0401);
    round_trip(&rsa, 0x0501);
    round_trip(&rsa, 0x0601);
    round_trip(&rsa, 0x0201);
    round_trip(&ec, 0x0403);
    round_trip(&ec, 0x0503);
    round_trip(&ec384, 0x0503);
    round_trip(&ec384, 0x0403);
    refusals();
    pss();
    return test_finish("dtls/sigalg");
}
