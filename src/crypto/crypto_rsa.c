/* SPDX-License-Identifier: MIT */
/* crypto_rsa.c: crypto_method_rsa (raw RSA, docs/netx-api.md 6.6 "RSA") and crypto_method_rsa_pss (nxdtls's
 * RSASSA-PSS verification row; convention in crypto_sig.h).
 *
 * Raw RSA computes input^key mod n, where key is whichever exponent the caller passes. When both primes
 * were given (NX_CRYPTO_SET_PRIME_P / _Q) the exponent is taken as the private d and the operation runs
 * as an OpenSSL RSA private-key operation: CRT, base blinding and the CRT fault check, on a key object
 * prepared once per key and kept in crypto_keycache (which says why). Without the primes, an exponent of at
 * most 8 bytes is a public one (e = 65537 in practice; a private exponent is as long as the modulus) and runs
 * as OpenSSL runs public-key operations, with the ordinary exponentiation: nothing secret enters its timing
 * but the message, as in OpenSSL's own RSA encryption. A longer exponent without primes is taken as a private
 * d and runs in constant time (BN_mod_exp_mont_consttime), without blinding, so callers with the primes
 * should pass them. */
#include "crypto/crypto_rsa.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "base/ct.h"
#include "crypto/crypto_keycache.h"
#include "crypto/crypto_meta.h"
#include "crypto/crypto_sig.h"

#define RSA_MAGIC               0x6E785253u /* "nxRS" */
#define RSA_MAX_BYTES           2048u       /* 16384-bit modulus: OpenSSL's own limit */
#define RSA_PUBLIC_EXPONENT_MAX 8u          /* longest exponent taken as a public one */

struct rsa_state {
    const uint8_t *modulus; /* the caller's, leading zeros skipped; valid until cleanup (6.6) */
    const uint8_t *p;
    const uint8_t *q;
    uint32_t modulus_len;
    uint32_t p_len;
    uint32_t q_len;
    uint32_t magic;
};

#define RSA_AREA (sizeof(struct rsa_state) + CRYPTO_META_SLACK)

static void skip_zeros(const uint8_t **p, size_t *len)
{
    while (*len > 0 && (*p)[0] == 0) {
        (*p)++;
        (*len)--;
    }
}

static UINT rsa_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)method, (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, RSA_AREA) || key == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const uint8_t *n = key;
    size_t n_len = key_size_in_bits >> 3;
    skip_zeros(&n, &n_len);
    if (n_len > RSA_MAX_BYTES) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    /* Montgomery needs an odd modulus; an RSA modulus is odd and more than one byte. */
    if (n_len < 2 || (n[n_len - 1] & 1u) == 0) {
        return NX_CRYPTO_INVALID_KEY;
    }
    struct rsa_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->modulus = n;
    s->modulus_len = (uint32_t)n_len;
    s->magic = RSA_MAGIC;
    return NX_CRYPTO_SUCCESS;
}

static UINT rsa_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct rsa_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == RSA_MAGIC) {
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static struct rsa_state *live_state(void *area, ULONG area_size)
{
    if (!crypto_meta_ok(area, area_size, RSA_AREA)) {
        return NULL;
    }
    struct rsa_state *s = crypto_meta_align8(area);
    return s->magic == RSA_MAGIC ? s : NULL;
}

static BIGNUM *bn_secret(const uint8_t *p, size_t len)
{
    BIGNUM *b = BN_secure_new();
    if (b != NULL) {
        BN_set_flags(b, BN_FLG_CONSTTIME);
        if (BN_bin2bn(p, (int)len, b) == NULL) {
            BN_clear_free(b);
            b = NULL;
        }
    }
    return b;
}

/* build_private makes the OpenSSL key for (n, d, p, q). OpenSSL 3.0 wants e and the CRT values with d, p
 * and q; they are derived here: e = d^-1 mod lcm(p-1, q-1) (any such e serves blinding and the fault
 * check), dp = d mod (p-1), dq = d mod (q-1), qinv = q^-1 mod p. */
static UINT build_private(const struct rsa_state *s, const uint8_t *d_bytes, size_t d_len,
                          EVP_PKEY **out_key)
{
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    size_t k = s->modulus_len;
    BN_CTX *bctx = BN_CTX_secure_new();
    BIGNUM *n = BN_bin2bn(s->modulus, (int)k, NULL);
    BIGNUM *d = bn_secret(d_bytes, d_len);
    BIGNUM *p = bn_secret(s->p, s->p_len);
    BIGNUM *q = bn_secret(s->q, s->q_len);
    BIGNUM *e = BN_new(), *p1 = BN_secure_new(), *q1 = BN_secure_new(), *lambda = BN_secure_new();
    BIGNUM *g = BN_secure_new(), *dp = BN_secure_new(), *dq = BN_secure_new(),
           *qinv = BN_secure_new();
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *kctx = NULL;
    EVP_PKEY *pkey = NULL;

    if (bctx == NULL || n == NULL || d == NULL || p == NULL || q == NULL || e == NULL ||
        p1 == NULL || q1 == NULL || lambda == NULL || g == NULL || dp == NULL || dq == NULL ||
        qinv == NULL) {
        goto out;
    }
    /* The primes must be this modulus's. */
    if (!BN_mul(g, p, q, bctx) || BN_cmp(g, n) != 0) {
        status = NX_CRYPTO_INVALID_KEY;
        goto out;
    }
    if (!BN_sub(p1, p, BN_value_one()) || !BN_sub(q1, q, BN_value_one()) ||
        !BN_gcd(g, p1, q1, bctx) || !BN_mul(lambda, p1, q1, bctx) ||
        !BN_div(lambda, NULL, lambda, g, bctx) || BN_mod_inverse(e, d, lambda, bctx) == NULL ||
        !BN_mod(dp, d, p1, bctx) || !BN_mod(dq, d, q1, bctx) ||
        BN_mod_inverse(qinv, q, p, bctx) == NULL) {
        status = NX_CRYPTO_INVALID_KEY;
        goto out;
    }
    bld = OSSL_PARAM_BLD_new();
    if (bld == NULL || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == NULL) {
        goto out;
    }
    kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (kctx == NULL || EVP_PKEY_fromdata_init(kctx) != 1 ||
        EVP_PKEY_fromdata(kctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1) {
        status = NX_CRYPTO_INVALID_KEY;
        goto out;
    }
    *out_key = pkey;
    pkey = NULL;
    status = NX_CRYPTO_SUCCESS;
out:
    if (status != NX_CRYPTO_SUCCESS) {
        ERR_clear_error();
    }
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(kctx);
    OSSL_PARAM_free(params); /* OSSL_PARAM_BLD_to_param allocates secure memory for BN values */
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(qinv);
    BN_clear_free(dq);
    BN_clear_free(dp);
    BN_clear_free(g);
    BN_clear_free(lambda);
    BN_clear_free(q1);
    BN_clear_free(p1);
    BN_free(e);
    BN_clear_free(q);
    BN_clear_free(p);
    BN_clear_free(d);
    BN_free(n);
    BN_CTX_free(bctx);
    return status;
}

/* private_crt runs out = in^d mod n as an OpenSSL private-key operation with the prepared key of (n, d,
 * p, q), building and caching it on first use. */
static UINT private_crt(const struct rsa_state *s, const uint8_t *d_bytes, size_t d_len,
                        const uint8_t *in, uint8_t *out)
{
    const uint8_t *parts[4] = {s->modulus, d_bytes, s->p, s->q};
    const size_t lens[4] = {s->modulus_len, d_len, s->p_len, s->q_len};
    struct crypto_keycache_fp fp;
    crypto_keycache_fingerprint(KEYCACHE_RSA_PRIVATE, parts, lens, 4, &fp);
    EVP_PKEY *pkey = crypto_keycache_rsa(&fp);
    if (pkey == NULL) {
        NXD_TRY(build_private(s, d_bytes, d_len, &pkey));
        crypto_keycache_put_rsa(&fp, pkey);
    }
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    size_t k = s->modulus_len;
    size_t out_len = k;
    EVP_PKEY_CTX *dctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (dctx != NULL && EVP_PKEY_decrypt_init(dctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(dctx, RSA_NO_PADDING) == 1 &&
        EVP_PKEY_decrypt(dctx, out, &out_len, in, k) == 1 && out_len == k) {
        status = NX_CRYPTO_SUCCESS;
    } else {
        ERR_clear_error();
    }
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(pkey);
    return status;
}

/* modexp runs out = in^x mod n: with a public exponent as OpenSSL's public-key operations do, otherwise in
 * constant time (in the exponent and the base). */
static UINT modexp(const struct rsa_state *s, const uint8_t *x_bytes, size_t x_len,
                   const uint8_t *in, uint8_t *out)
{
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    size_t k = s->modulus_len;
    bool public_exponent = x_len <= RSA_PUBLIC_EXPONENT_MAX;
    BN_CTX *bctx = BN_CTX_secure_new();
    BIGNUM *n = BN_bin2bn(s->modulus, (int)k, NULL);
    BIGNUM *x = public_exponent ? BN_bin2bn(x_bytes, (int)x_len, NULL) : bn_secret(x_bytes, x_len);
    /* BN_FLG_CONSTTIME on any operand would send BN_mod_exp_mont to the constant-time code. */
    BIGNUM *c = public_exponent ? BN_bin2bn(in, (int)k, NULL) : bn_secret(in, k);
    BIGNUM *r = BN_secure_new();
    if (bctx != NULL && n != NULL && x != NULL && c != NULL && r != NULL &&
        (public_exponent ? BN_mod_exp_mont(r, c, x, n, bctx, NULL)
                         : BN_mod_exp_mont_consttime(r, c, x, n, bctx, NULL)) == 1 &&
        BN_bn2binpad(r, out, (int)k) == (int)k) {
        status = NX_CRYPTO_SUCCESS;
    } else {
        ERR_clear_error();
    }
    BN_clear_free(r);
    BN_clear_free(c);
    BN_clear_free(x);
    BN_free(n);
    BN_CTX_free(bctx);
    return status;
}

static UINT rsa_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)method, (void)iv_ptr, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    struct rsa_state *s = live_state(crypto_metadata, crypto_metadata_size);
    if (s == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op == NX_CRYPTO_SET_PRIME_P || op == NX_CRYPTO_SET_PRIME_Q) {
        const uint8_t *prime = input;
        size_t len = input_length_in_byte;
        if (prime == NULL) {
            return NX_CRYPTO_PTR_ERROR;
        }
        skip_zeros(&prime, &len);
        if (len == 0 || len > s->modulus_len) {
            return NX_CRYPTO_INVALID_KEY;
        }
        if (op == NX_CRYPTO_SET_PRIME_P) {
            s->p = prime;
            s->p_len = (uint32_t)len;
        } else {
            s->q = prime;
            s->q_len = (uint32_t)len;
        }
        return NX_CRYPTO_SUCCESS;
    }

    /* 6.6: any other op (NetX passes NX_CRYPTO_DECRYPT) raises input to the exponent in key. */
    size_t k = s->modulus_len;
    size_t x_len = key_size_in_bits >> 3;
    if (key == NULL || x_len == 0 || input == NULL || input_length_in_byte == 0 || output == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (input_length_in_byte > k) {
        return NX_CRYPTO_PTR_ERROR; /* 6.6: input longer than the modulus */
    }
    if (output_length_in_byte < k) {
        return NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    if (x_len > RSA_MAX_BYTES) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    /* Left-pad the input to k bytes; it must then be below n (RFC 8017 5.1.2, 5.2.2: "out of range"). */
    uint8_t block[RSA_MAX_BYTES];
    memset(block, 0, k - input_length_in_byte);
    memcpy(block + k - input_length_in_byte, input, input_length_in_byte);
    if (memcmp(block, s->modulus, k) >= 0) {
        ct_wipe(block, k);
        return NX_CRYPTO_PTR_ERROR;
    }
    UINT status = (s->p != NULL && s->q != NULL) ? private_crt(s, key, x_len, block, output)
                                                 : modexp(s, key, x_len, block, output);
    ct_wipe(block, k);
    if (status != NX_CRYPTO_SUCCESS) {
        memset(output, 0, k);
    }
    return status;
}

/* --- RSASSA-PSS verification (nxdtls extension; convention in crypto_sig.h) --- */

static const EVP_MD *md_for(UINT hash_alg)
{
    switch (hash_alg) {
    case NX_CRYPTO_HASH_SHA1:
        return EVP_sha1();
    case NX_CRYPTO_HASH_SHA256:
        return EVP_sha256();
    case NX_CRYPTO_HASH_SHA384:
        return EVP_sha384();
    case NX_CRYPTO_HASH_SHA512:
        return EVP_sha512();
    default:
        return NULL;
    }
}

static EVP_PKEY *public_key(const uint8_t *n_bytes, size_t n_len, const uint8_t *e_bytes,
                            size_t e_len)
{
    EVP_PKEY *pkey = NULL;
    BIGNUM *n = BN_bin2bn(n_bytes, (int)n_len, NULL);
    BIGNUM *e = BN_bin2bn(e_bytes, (int)e_len, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *kctx = NULL;
    if (n != NULL && e != NULL && bld != NULL &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
        (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
        (kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) != NULL &&
        EVP_PKEY_fromdata_init(kctx) == 1 &&
        EVP_PKEY_fromdata(kctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1) {
        /* built */
    } else {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(kctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(e);
    BN_free(n);
    return pkey;
}

static UINT pss_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)method, (void)packet_ptr, (void)nx_crypto_hw_process_callback;
    struct rsa_state *s = live_state(crypto_metadata, crypto_metadata_size);
    if (s == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op != NX_CRYPTO_VERIFY) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    size_t e_len = key_size_in_bits >> 3;
    if (key == NULL || e_len == 0 || input == NULL || iv_ptr == NULL || output == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct crypto_pss_params params;
    memcpy(&params, iv_ptr, sizeof params);
    const EVP_MD *md = md_for(params.hash_alg);
    const EVP_MD *mgf1 = md_for(params.mgf1_hash_alg);
    if (md == NULL || mgf1 == NULL || input_length_in_byte != (ULONG)EVP_MD_get_size(md)) {
        return NX_CRYPTO_INVALID_ALGORITHM;
    }
    /* RFC 8017 8.1.2 step 1: the signature is exactly k octets. */
    if (output_length_in_byte != s->modulus_len) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    if (params.salt_len != CRYPTO_PSS_SALT_ANY && params.salt_len >= s->modulus_len) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    int salt = params.salt_len == CRYPTO_PSS_SALT_ANY ? RSA_PSS_SALTLEN_AUTO : (int)params.salt_len;
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    EVP_PKEY *pkey = public_key(s->modulus, s->modulus_len, key, e_len);
    EVP_PKEY_CTX *vctx = pkey == NULL ? NULL : EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (vctx != NULL && EVP_PKEY_verify_init(vctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(vctx, RSA_PKCS1_PSS_PADDING) == 1 &&
        EVP_PKEY_CTX_set_signature_md(vctx, md) == 1 &&
        EVP_PKEY_CTX_set_rsa_mgf1_md(vctx, mgf1) == 1 &&
        EVP_PKEY_CTX_set_rsa_pss_saltlen(vctx, salt) == 1 &&
        EVP_PKEY_verify(vctx, output, output_length_in_byte, input, input_length_in_byte) == 1) {
        status = NX_CRYPTO_SUCCESS;
    }
    ERR_clear_error();
    EVP_PKEY_CTX_free(vctx);
    EVP_PKEY_free(pkey);
    return status;
}

/* clang-format off */
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_rsa = {
    .nx_crypto_algorithm = NX_CRYPTO_KEY_EXCHANGE_RSA, .nx_crypto_key_size_in_bits = 0,
    .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,
    .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = RSA_AREA,
    .nx_crypto_init = rsa_init, .nx_crypto_cleanup = rsa_cleanup, .nx_crypto_operation = rsa_operation};

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_rsa_pss = {
    .nx_crypto_algorithm = NX_CRYPTO_DIGITAL_SIGNATURE_RSA_PSS, .nx_crypto_key_size_in_bits = 0,
    .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,
    .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = RSA_AREA,
    .nx_crypto_init = rsa_init, .nx_crypto_cleanup = rsa_cleanup, .nx_crypto_operation = pss_operation};
/* clang-format on */
