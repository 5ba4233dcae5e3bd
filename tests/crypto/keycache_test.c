/* SPDX-License-Identifier: MIT */
/* keycache_test: the prepared-key cache behind the RSA and ECDSA methods (crypto_keycache.h). A cached key is
 * found again by its bytes, never by where they are: new key bytes in the same buffer get their own key
 * (checked against OpenSSL computing with the key directly); more keys than entries evict and rebuild; clear
 * drops everything and the methods go on working; and threads signing with one key at once all get good
 * signatures. Keys are generated here with OpenSSL. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <pthread.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_keycache.h"
#include "nx_crypto.h"
#include "test.h"

#define RSA_BYTES 128 /* 1024-bit keys keep generation quick; the cache does not care */
#define THREADS   4
#define ROUNDS    25

struct rsa_key {
    uint8_t n[RSA_BYTES], d[RSA_BYTES], p[RSA_BYTES / 2], q[RSA_BYTES / 2];
    EVP_PKEY *pkey;
};

static void bn_out(EVP_PKEY *pkey, const char *name, uint8_t *out, size_t len)
{
    BIGNUM *b = NULL;
    EXPECT(EVP_PKEY_get_bn_param(pkey, name, &b) == 1);
    EXPECT(BN_bn2binpad(b, out, (int)len) == (int)len);
    BN_clear_free(b);
}

static void rsa_key_make(struct rsa_key *k)
{
    k->pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)(RSA_BYTES * 8));
    EXPECT(k->pkey != NULL);
    bn_out(k->pkey, OSSL_PKEY_PARAM_RSA_N, k->n, sizeof k->n);
    bn_out(k->pkey, OSSL_PKEY_PARAM_RSA_D, k->d, sizeof k->d);
    bn_out(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, k->p, sizeof k->p);
    bn_out(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR2, k->q, sizeof k->q);
}

/* rsa_private runs the raw private operation through crypto_method_rsa on the key bytes in buf. */
static UINT rsa_private(const struct rsa_key *buf, const uint8_t *in, uint8_t *out)
{
    static _Alignas(8) uint8_t area[256];
    const NX_CRYPTO_METHOD *m = &crypto_method_rsa;
    UINT st = crypto_init(m, buf->n, RSA_BYTES * 8, area, sizeof area);
    st = st != NX_CRYPTO_SUCCESS ? st
                                 : crypto_op(m, NX_CRYPTO_SET_PRIME_P, NULL, 0, buf->p,
                                             sizeof buf->p, NULL, NULL, 0, area, sizeof area);
    st = st != NX_CRYPTO_SUCCESS ? st
                                 : crypto_op(m, NX_CRYPTO_SET_PRIME_Q, NULL, 0, buf->q,
                                             sizeof buf->q, NULL, NULL, 0, area, sizeof area);
    st = st != NX_CRYPTO_SUCCESS ? st
                                 : crypto_op(m, NX_CRYPTO_DECRYPT, buf->d, RSA_BYTES * 8, in,
                                             RSA_BYTES, NULL, out, RSA_BYTES, area, sizeof area);
    crypto_cleanup(m, area);
    return st;
}

/* rsa_reference computes in^d mod n with OpenSSL directly. */
static void rsa_reference(const struct rsa_key *k, const uint8_t *in, uint8_t *out)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    size_t len = RSA_BYTES;
    EXPECT(ctx != NULL && EVP_PKEY_decrypt_init(ctx) == 1 &&
           EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
           EVP_PKEY_decrypt(ctx, out, &len, in, RSA_BYTES) == 1 && len == RSA_BYTES);
    EVP_PKEY_CTX_free(ctx);
}

static void rsa_same_buffer(void)
{
    static struct rsa_key a, b, buf;
    rsa_key_make(&a);
    rsa_key_make(&b);
    uint8_t in[RSA_BYTES], got[RSA_BYTES], want[RSA_BYTES];
    memset(in, 0x5a, sizeof in);
    in[0] = 0x01; /* below any 1024-bit modulus */
    for (int round = 0; round < 3; round++) {
        const struct rsa_key *k = round == 1 ? &b : &a;
        memcpy(&buf, k, sizeof buf);
        EXPECT_OK(rsa_private(&buf, in, got));
        rsa_reference(k, in, want);
        EXPECT_MEM(got, want, sizeof want);
    }
    /* Past the cache's size every key is still right, and the first one is rebuilt when it returns. */
    static struct rsa_key many[CRYPTO_KEYCACHE_ENTRIES + 2];
    for (size_t i = 0; i < sizeof many / sizeof many[0]; i++) {
        rsa_key_make(&many[i]);
        EXPECT_OK(rsa_private(&many[i], in, got));
        rsa_reference(&many[i], in, want);
        EXPECT_MEM(got, want, sizeof want);
    }
    EXPECT_OK(rsa_private(&a, in, got));
    rsa_reference(&a, in, want);
    EXPECT_MEM(got, want, sizeof want);
    crypto_keycache_clear();
    EXPECT_OK(rsa_private(&b, in, got));
    rsa_reference(&b, in, want);
    EXPECT_MEM(got, want, sizeof want);
    for (size_t i = 0; i < sizeof many / sizeof many[0]; i++) {
        EVP_PKEY_free(many[i].pkey);
    }
    EVP_PKEY_free(a.pkey);
    EVP_PKEY_free(b.pkey);
}

struct ec_key {
    uint8_t d[32];
    uint8_t point[65];
};

static void ec_key_make(struct ec_key *k)
{
    EC_KEY *key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    EXPECT(key != NULL && EC_KEY_generate_key(key) == 1);
    EXPECT(BN_bn2binpad(EC_KEY_get0_private_key(key), k->d, sizeof k->d) == sizeof k->d);
    EXPECT(EC_POINT_point2oct(EC_KEY_get0_group(key), EC_KEY_get0_public_key(key),
                              POINT_CONVERSION_UNCOMPRESSED, k->point, sizeof k->point,
                              NULL) == sizeof k->point);
    EC_KEY_free(key);
}

/* ec_sign signs hash with the scalar in d through crypto_method_ecdsa; returns the DER length or 0. */
static size_t ec_sign(const uint8_t d[32], const uint8_t hash[32], uint8_t *sig, size_t cap)
{
    _Alignas(8) uint8_t area[64];
    const NX_CRYPTO_METHOD *m = &crypto_method_ecdsa;
    NX_CRYPTO_EXTENDED_OUTPUT ext = {.nx_crypto_extended_output_data = sig,
                                     .nx_crypto_extended_output_length_in_byte = (ULONG)cap};
    const NX_CRYPTO_METHOD *curve = &crypto_method_ec_secp256;
    UINT st = crypto_init(m, NULL, 0, area, sizeof area);
    st = st != NX_CRYPTO_SUCCESS
             ? st
             : crypto_op(m, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve, sizeof curve,
                         NULL, NULL, 0, area, sizeof area);
    st = st != NX_CRYPTO_SUCCESS ? st
                                 : crypto_op(m, NX_CRYPTO_AUTHENTICATE, d, 32 * 8, hash, 32, NULL,
                                             (uint8_t *)&ext, sizeof ext, area, sizeof area);
    crypto_cleanup(m, area);
    return st == NX_CRYPTO_SUCCESS ? ext.nx_crypto_extended_output_actual_size : 0;
}

/* ec_verifies checks a signature against a public point with OpenSSL directly. */
static int ec_verifies(const uint8_t point[65], const uint8_t hash[32], const uint8_t *sig,
                       size_t len)
{
    EC_KEY *key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *pt = key == NULL ? NULL : EC_POINT_new(EC_KEY_get0_group(key));
    int ok = pt != NULL && EC_POINT_oct2point(EC_KEY_get0_group(key), pt, point, 65, NULL) == 1 &&
             EC_KEY_set_public_key(key, pt) == 1 &&
             ECDSA_verify(0, hash, 32, sig, (int)len, key) == 1;
    EC_POINT_free(pt);
    EC_KEY_free(key);
    return ok;
}

static void ec_same_buffer(void)
{
    struct ec_key a, b;
    ec_key_make(&a);
    ec_key_make(&b);
    uint8_t hash[32], d[32], sig[80];
    memset(hash, 0x33, sizeof hash);
    for (int round = 0; round < 3; round++) {
        const struct ec_key *k = round == 1 ? &b : &a;
        memcpy(d, k->d, sizeof d);
        size_t len = ec_sign(d, hash, sig, sizeof sig);
        EXPECT(len != 0 && ec_verifies(k->point, hash, sig, len));
        EXPECT(!ec_verifies((round == 1 ? &a : &b)->point, hash, sig, len));
    }
}

struct worker {
    const struct ec_key *key;
    unsigned good;
};

static void *sign_many(void *arg)
{
    struct worker *w = arg;
    uint8_t hash[32], sig[80];
    for (unsigned i = 0; i < ROUNDS; i++) {
        memset(hash, (int)i, sizeof hash);
        size_t len = ec_sign(w->key->d, hash, sig, sizeof sig);
        w->good += len != 0 && ec_verifies(w->key->point, hash, sig, len);
        if (i % 8 == 0) {
            crypto_keycache_clear(); /* the others keep their references */
        }
    }
    return NULL;
}

static void threads(void)
{
    struct ec_key k;
    ec_key_make(&k);
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.key = &k};
        EXPECT(pthread_create(&t[i], NULL, sign_many, &w[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        EXPECT(pthread_join(t[i], NULL) == 0);
        EXPECT(w[i].good == ROUNDS);
    }
}

int main(void)
{
    rsa_same_buffer();
    ec_same_buffer();
    threads();
    crypto_keycache_clear();
    return test_finish("keycache");
}
