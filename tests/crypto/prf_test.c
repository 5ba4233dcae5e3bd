/* SPDX-License-Identifier: MIT */
/* prf_test: crypto_method_tls_prf_sha256 / _sha384 (docs/netx-api.md 6.6 "TLS PRF"; RFC 5246 5).
 *
 * Known answers: the TLS 1.2 PRF test vectors posted to the IETF TLS working group mailing list in 2009
 * (secret 9bbe436b..., seed a0ba9f93..., label "test label", 100 bytes of P_SHA256; and secret
 * b80b733d..., seed cd665cf6..., 148 bytes of P_SHA384), reproduced by many TLS test suites; the values
 * below were also checked with `openssl kdf ... TLS1-PRF`. Then the engine's uses (master secret, key
 * block, Finished sizes), splitting between label and seed, and misuse. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"

static _Alignas(8) uint8_t arena[256];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

struct prf_vector {
    const NX_CRYPTO_METHOD *m;
    const char *secret, *seed, *out;
};

static const struct prf_vector vectors[] = {
    {&crypto_method_tls_prf_sha256, "9bbe436ba940f017b17652849a71db35",
     "a0ba9f936cda311827a6f796ffd5198c",
     "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf"
     "9af0fa0"
     "22f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff7018"
     "7347b66"},
    {&crypto_method_tls_prf_sha384, "b80b733d6ceefcdc71566ea48e5567df",
     "cd665cf6a8447dd6ff8b27555edb7465",
     "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c914"
     "6a0e534"
     "cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259"
     "b5bf8cd"
     "4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e"
     "56f"},
};

static void known_answers(void)
{
    static const uint8_t label[] = "test label";
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const struct prf_vector *v = &vectors[i];
        uint8_t secret[16], seed[16], want[160], out[160];
        test_hex_decode(v->secret, secret, sizeof secret);
        test_hex_decode(v->seed, seed, sizeof seed);
        long n = test_hex_decode(v->out, want, sizeof want);
        /* 6.6: the secret length is passed in BYTES in key_size_in_bits; so is the label's. */
        EXPECT_OK(crypto_init(v->m, secret, 16, AREA, AREA_SIZE));
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(v->m, NX_CRYPTO_PRF, label, 10, seed, 16, NULL, out, (size_t)n, AREA,
                            AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        /* Output is a prefix-stable stream: 12 bytes (a Finished) are the first 12. */
        memset(out, 0, sizeof out);
        EXPECT_OK(
            crypto_op(v->m, NX_CRYPTO_PRF, label, 10, seed, 16, NULL, out, 12, AREA, AREA_SIZE));
        EXPECT_MEM(out, want, 12);
        EXPECT(out[12] == 0);
        /* Only label || seed matters: moving bytes from the seed into the label changes nothing. */
        uint8_t long_label[26];
        memcpy(long_label, label, 10);
        memcpy(long_label + 10, seed, 16);
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(v->m, NX_CRYPTO_PRF, long_label, 20, seed + 10, 6, NULL, out, (size_t)n,
                            AREA, AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        EXPECT_OK(crypto_op(v->m, NX_CRYPTO_PRF, long_label, 26, NULL, 0, NULL, out, (size_t)n,
                            AREA, AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        /* Repeated use of one area gives the same answer (the KDF state is reset each time). */
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(v->m, NX_CRYPTO_PRF, label, 10, seed, 16, NULL, out, (size_t)n, AREA,
                            AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        crypto_cleanup(v->m, AREA);

        /* A different secret gives a different stream. */
        secret[0] ^= 1;
        EXPECT_OK(crypto_init(v->m, secret, 16, AREA, AREA_SIZE));
        EXPECT_OK(crypto_op(v->m, NX_CRYPTO_PRF, label, 10, seed, 16, NULL, out, (size_t)n, AREA,
                            AREA_SIZE));
        EXPECT(memcmp(out, want, (size_t)n) != 0);
        crypto_cleanup(v->m, AREA);
    }
}

/* openssl_prf computes the same PRF with OpenSSL's TLS1-PRF KDF, the reference for the comparison below. */
static void openssl_prf(const char *digest, const uint8_t *secret, size_t secret_len,
                        const uint8_t *label, size_t label_len, const uint8_t *seed,
                        size_t seed_len, uint8_t *out, size_t out_len)
{
    static const uint8_t empty = 0;
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_TLS1_PRF, NULL);
    EVP_KDF_CTX *ctx = kdf == NULL ? NULL : EVP_KDF_CTX_new(kdf);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)(uintptr_t)digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
                                          (void *)(uintptr_t)(secret_len == 0 ? &empty : secret),
                                          secret_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)(uintptr_t)label, label_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)(uintptr_t)seed, seed_len),
        OSSL_PARAM_construct_end()};
    EXPECT(ctx != NULL && EVP_KDF_derive(ctx, out, out_len, params) == 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
}

/* Against OpenSSL's KDF: secrets from empty to longer than a hash block (hashed first, RFC 2104 2), outputs
 * ending anywhere in a hash-sized block, one init serving many operations, and the caller's secret wiped
 * right after init (the area keeps only HMAC's keyed state). */
static void against_openssl(void)
{
    static const struct {
        const NX_CRYPTO_METHOD *m;
        const char *digest;
    } rows[] = {{&crypto_method_tls_prf_sha256, "SHA256"},
                {&crypto_method_tls_prf_sha384, "SHA384"}};
    static const size_t secret_lens[] = {0, 1, 32, 48, 64, 65, 128, 129, 200};
    static const size_t out_lens[] = {1, 12, 31, 32, 33, 48, 104, 160};
    uint8_t secret[200], copy[200], label[40], seed[80], want[160], out[161];
    for (size_t i = 0; i < sizeof secret; i++) {
        secret[i] = (uint8_t)(i * 7 + 1);
    }
    memset(label, 'l', sizeof label);
    for (size_t i = 0; i < sizeof seed; i++) {
        seed[i] = (uint8_t)(255 - i);
    }
    for (size_t r = 0; r < 2; r++) {
        for (size_t a = 0; a < sizeof secret_lens / sizeof secret_lens[0]; a++) {
            size_t secret_len = secret_lens[a];
            memcpy(copy, secret, secret_len);
            EXPECT_OK(crypto_init(rows[r].m, copy, (UINT)secret_len, AREA, AREA_SIZE));
            memset(copy, 0, sizeof copy);
            for (size_t b = 0; b < sizeof out_lens / sizeof out_lens[0]; b++) {
                size_t n = out_lens[b];
                size_t label_len = 1 + (a + b) % sizeof label;
                size_t seed_len = (a * 13 + b * 7) % sizeof seed;
                openssl_prf(rows[r].digest, secret, secret_len, label, label_len, seed, seed_len,
                            want, n);
                memset(out, 0, sizeof out);
                EXPECT_OK(crypto_op(rows[r].m, NX_CRYPTO_PRF, label, (UINT)label_len, seed,
                                    seed_len, NULL, out, n, AREA, AREA_SIZE));
                EXPECT_MEM(out, want, n);
                EXPECT(out[n] == 0);
            }
            crypto_cleanup(rows[r].m, AREA);
        }
    }
}

/* The shapes of 6.6's table: master secret 48, key block 2 x (32 + 32 + 16) for CBC-SHA256-256. */
static void engine_shapes(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_tls_prf_sha256;
    uint8_t premaster[48], randoms[64], master[48], block[160];
    memset(premaster, 3, sizeof premaster);
    memset(randoms, 4, sizeof randoms);
    EXPECT_OK(crypto_init(m, premaster, sizeof premaster, AREA, AREA_SIZE));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, (const uint8_t *)"master secret", 13, randoms, 64, NULL,
                        master, 48, AREA, AREA_SIZE));
    crypto_cleanup(m, AREA);
    EXPECT_OK(crypto_init(m, master, sizeof master, AREA, AREA_SIZE));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, (const uint8_t *)"key expansion", 13, randoms, 64, NULL,
                        block, 160, AREA, AREA_SIZE));
    crypto_cleanup(m, AREA);
    EXPECT(memcmp(block, master, 48) != 0);
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_tls_prf_sha256;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t secret[16] = {1}, out[16];
    EXPECT(size <= 256);
    EXPECT_CODE(crypto_init(m, secret, 16, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, secret, 16, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, secret, 16, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 16, arena, size), NX_CRYPTO_PTR_ERROR);
    NX_CRYPTO_METHOD wrong = crypto_method_tls_prf_sha256;
    wrong.nx_crypto_algorithm = NX_CRYPTO_HASH_SHA256;
    EXPECT_CODE(crypto_init(&wrong, secret, 16, arena, size), NX_CRYPTO_NOT_SUCCESSFUL);
    memset(arena, 0, sizeof arena);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, secret, 4, secret, 4, NULL, out, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(crypto_init(m, secret, 16, arena, size));
    /* 6.6: any op but NX_CRYPTO_PRF is NX_CRYPTO_NOT_SUCCESSFUL. */
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, secret, 4, secret, 4, NULL, out, 16, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT, secret, 4, secret, 4, NULL, out, 16, arena, size),
                NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, NULL, 4, secret, 4, NULL, out, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, secret, 4, NULL, 4, NULL, out, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, secret, 4, secret, 4, NULL, NULL, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, NULL, 0, NULL, 0, NULL, out, 16, arena, size),
                NX_CRYPTO_SIZE_ERROR);
    EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, secret, 4, secret, 4, NULL, out, 0, arena, size));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, secret, 4, secret, 4, NULL, out, 16, arena + 2, size),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena);
}

int main(void)
{
    known_answers();
    engine_shapes();
    against_openssl();
    hostile();
    return test_finish("prf");
}
