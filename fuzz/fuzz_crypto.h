/* SPDX-License-Identifier: MIT */
/* fuzz_crypto.h: the crypto method table the session and handshake fuzzers run with (header only, static
 * functions): a copy of a table in which
 *  - ECDHE key pairs are deterministic: NX_CRYPTO_DH_SETUP draws the private scalar from a generator that
 *    fuzz_crypto_reset seeds at the start of each run and imports it (NX_CRYPTO_DH_KEY_PAIR_IMPORT);
 *  - ECDSA signatures are deterministic: the nonce is a hash of the private scalar, the digest and a counter
 *    (in the spirit of RFC 6979), so with the seeded nxdtls_random_fn of each side a run replays byte for
 *    byte and a captured ECDHE handshake replays to its end;
 *  - results of RSA operations (public and private), ECDSA verifications and ECDH shared secrets are
 *    memoized: the same inputs (the full key material, compared byte for byte, not a hash) give the stored
 *    output without the big-number work. These operations are deterministic functions of their inputs, so
 *    the memo changes nothing the engine sees; only successful results are stored (a failure is recomputed).
 * Why: a certificate handshake costs milliseconds of RSA and EC arithmetic, which would hold a fuzzer to a
 * few hundred runs a second; the arithmetic is the crypto layer's (tested with Wycheproof), the fuzzers are
 * after the engine. Everything else (hashes, HMAC, PRF, ciphers, ECDSA signing) is the table's own. */
#ifndef NXDTLS_FUZZ_CRYPTO_H
#define NXDTLS_FUZZ_CRYPTO_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "nx_crypto.h"
#include "nx_secure_tls.h"
#include "simnet.h"

#define FUZZ_MEMO_SLOTS 4096u /* memoized results (a power of two) */
#define FUZZ_MEMO_KEY \
    1200u /* key material: modulus + exponent + input, or point + digest + signature */
#define FUZZ_MEMO_OUT   512u
#define FUZZ_META_SLOTS 16u /* metadata areas whose modulus or ECDH scalar is known */

struct fuzz_memo_entry {
    uint32_t key_len, out_len;
    uint8_t used;
    uint8_t key[FUZZ_MEMO_KEY];
    uint8_t out[FUZZ_MEMO_OUT];
};

/* What an init or key setup told us about a metadata area: RSA modulus, or ECDH curve and scalar. */
struct fuzz_meta_info {
    const void *meta;
    const uint8_t *modulus;
    uint32_t modulus_len;
    const uint8_t *p, *q; /* RSA primes given with NX_CRYPTO_SET_PRIME_P / _Q */
    uint32_t p_len, q_len;
    UINT curve;
    uint8_t d[66];
    uint32_t d_len;
    uint8_t pub[1 + 2 * 66];
    uint32_t pub_len;
    uint8_t pending; /* d is not in the real method's state yet */
};

static struct fuzz_memo_entry fuzz_memo[FUZZ_MEMO_SLOTS];
static struct fuzz_meta_info fuzz_meta[FUZZ_META_SLOTS];
static unsigned fuzz_meta_next;
static struct simnet_rng fuzz_ecdh_rng;
static UINT
    fuzz_curve_last; /* the curve of the last EC_CURVE_SET (init and curve-set precede DH_SETUP) */
static NX_CRYPTO_METHOD fuzz_rsa_method, fuzz_ecdsa_method, fuzz_ecdhe_method;
/* Counters for tuning: [0] RSA, [1] ECDSA verify, [2] ECDH, [3] ECDSA sign, [4] ECDHE key pair. */
static unsigned long fuzz_memo_hits[5], fuzz_memo_misses[5];

/* fuzz_crypto_reset restarts the ECDHE scalar generator: call it at the start of every run. */
static inline void fuzz_crypto_reset(uint64_t seed)
{
    simnet_rng_seed(&fuzz_ecdh_rng, seed);
}

static inline struct fuzz_meta_info *fuzz_meta_of(const void *meta, bool create)
{
    for (unsigned i = 0; i < FUZZ_META_SLOTS; i++) {
        if (fuzz_meta[i].meta == meta) {
            return &fuzz_meta[i];
        }
    }
    if (!create) {
        return NULL;
    }
    struct fuzz_meta_info *m = &fuzz_meta[fuzz_meta_next++ % FUZZ_META_SLOTS];
    memset(m, 0, sizeof *m);
    m->meta = meta;
    return m;
}

/* A memo key is built from up to four byte strings (each with its length), plus a tag per operation. */
struct fuzz_memo_key {
    uint8_t buf[FUZZ_MEMO_KEY];
    uint32_t len;
    bool overflow;
};

static inline void fuzz_key_add(struct fuzz_memo_key *k, const void *p, size_t n)
{
    if (k->overflow || k->len + 4 + n > sizeof k->buf) {
        k->overflow = true;
        return;
    }
    uint32_t n32 = (uint32_t)n;
    memcpy(k->buf + k->len, &n32, 4);
    if (n != 0) {
        memcpy(k->buf + k->len + 4, p, n);
    }
    k->len += 4 + (uint32_t)n;
}

static inline uint64_t fuzz_memo_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x100000001B3u;
    return h ^ (h >> 29);
}

/* fuzz_memo_slot hashes the key's length and its first 64 and last 192 bytes, a word at a time (where the
 * inputs that differ between operations sit: the key material comes first and repeats); a collision only
 * costs a recomputation, since entries are compared whole. The jump lands on a multiple of 8 that is at
 * most tail (i is a multiple of 8 below tail), so it never goes back; the last len % 8 bytes are hashed as
 * a zero-padded word. */
static inline struct fuzz_memo_entry *fuzz_memo_slot(const struct fuzz_memo_key *k)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ k->len;
    uint32_t tail = k->len > 192 ? k->len - 192 : 0;
    uint32_t i = 0;
    for (; i + 8 <= k->len; i += 8) {
        if (i >= 64 && i < tail) {
            i = tail & ~7u;
        }
        uint64_t w;
        memcpy(&w, k->buf + i, 8);
        h = fuzz_memo_mix(h, w);
    }
    if (i < k->len) {
        uint64_t w = 0;
        memcpy(&w, k->buf + i, k->len - i);
        h = fuzz_memo_mix(h, w);
    }
    return &fuzz_memo[h & (FUZZ_MEMO_SLOTS - 1)];
}

static inline bool fuzz_memo_get(const struct fuzz_memo_key *k, unsigned kind, uint8_t *out,
                                 size_t cap, size_t *len)
{
    const struct fuzz_memo_entry *e = fuzz_memo_slot(k);
    if (k->overflow || !e->used || e->key_len != k->len || memcmp(e->key, k->buf, k->len) != 0 ||
        e->out_len > cap) {
        fuzz_memo_misses[kind]++;
        return false;
    }
    fuzz_memo_hits[kind]++;
    if (out != NULL) {
        memcpy(out, e->out, e->out_len);
    }
    *len = e->out_len;
    return true;
}

static inline void fuzz_memo_put(const struct fuzz_memo_key *k, const uint8_t *out, size_t len)
{
    if (k->overflow || len > FUZZ_MEMO_OUT) {
        return;
    }
    struct fuzz_memo_entry *e = fuzz_memo_slot(k);
    e->used = 1;
    e->key_len = k->len;
    memcpy(e->key, k->buf, k->len);
    e->out_len = (uint32_t)len;
    if (len != 0) {
        memcpy(e->out, out, len);
    }
}

static inline UINT fuzz_ext_put(UCHAR *output, const uint8_t *data, size_t len)
{
    NX_CRYPTO_EXTENDED_OUTPUT *ext = (NX_CRYPTO_EXTENDED_OUTPUT *)(void *)output;
    if (ext == NULL || ext->nx_crypto_extended_output_length_in_byte < len) {
        return NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    memcpy(ext->nx_crypto_extended_output_data, data, len);
    ext->nx_crypto_extended_output_actual_size = len;
    return NX_CRYPTO_SUCCESS;
}

/* ---- RSA: out = in^key mod n, memoized on (n, key, in) ---- */

static inline UINT fuzz_rsa_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE bits,
                                 VOID **handler, VOID *meta, ULONG meta_size)
{
    UINT st = crypto_method_rsa.nx_crypto_init(method, key, bits, handler, meta, meta_size);
    struct fuzz_meta_info *m = fuzz_meta_of(meta, true);
    m->p = m->q = NULL;
    m->modulus = st == NX_CRYPTO_SUCCESS ? key : NULL;
    m->modulus_len = st == NX_CRYPTO_SUCCESS ? (uint32_t)(bits >> 3) : 0;
    return st;
}

/* A private-key operation the memo does not have runs on an OpenSSL key built once per (n, d, p, q) and
 * kept: the real method derives e and the CRT values for every operation, which is its business but costs a
 * fuzzer milliseconds. Same arithmetic, same result (m^d mod n). */
struct fuzz_rsa_key {
    uint8_t id[FUZZ_MEMO_KEY]; /* n, d, p, q as a memo key */
    uint32_t id_len;
    EVP_PKEY *pkey;
};
static struct fuzz_rsa_key fuzz_rsa_keys[4];
static unsigned fuzz_rsa_keys_next;

static inline EVP_PKEY *fuzz_rsa_build(const struct fuzz_meta_info *m, const uint8_t *d,
                                       size_t d_len)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *n = BN_bin2bn(m->modulus, (int)m->modulus_len, NULL);
    BIGNUM *bd = BN_bin2bn(d, (int)d_len, NULL);
    BIGNUM *p = BN_bin2bn(m->p, (int)m->p_len, NULL);
    BIGNUM *q = BN_bin2bn(m->q, (int)m->q_len, NULL);
    BIGNUM *e = BN_new(), *p1 = BN_new(), *q1 = BN_new(), *g = BN_new(), *l = BN_new();
    BIGNUM *dp = BN_new(), *dq = BN_new(), *qinv = BN_new();
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *kctx = NULL;
    EVP_PKEY *pkey = NULL;
    if (ctx == NULL || n == NULL || bd == NULL || p == NULL || q == NULL || e == NULL ||
        p1 == NULL || q1 == NULL || g == NULL || l == NULL || dp == NULL || dq == NULL ||
        qinv == NULL || bld == NULL || !BN_mul(g, p, q, ctx) || BN_cmp(g, n) != 0 ||
        !BN_sub(p1, p, BN_value_one()) || !BN_sub(q1, q, BN_value_one()) ||
        !BN_gcd(g, p1, q1, ctx) || !BN_mul(l, p1, q1, ctx) || !BN_div(l, NULL, l, g, ctx) ||
        BN_mod_inverse(e, bd, l, ctx) == NULL || !BN_mod(dp, bd, p1, ctx) ||
        !BN_mod(dq, bd, q1, ctx) || BN_mod_inverse(qinv, q, p, ctx) == NULL ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, bd) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
        (kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
        EVP_PKEY_fromdata_init(kctx) != 1 ||
        EVP_PKEY_fromdata(kctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(kctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(qinv);
    BN_free(dq);
    BN_free(dp);
    BN_free(l);
    BN_free(g);
    BN_free(q1);
    BN_free(p1);
    BN_free(e);
    BN_free(q);
    BN_free(p);
    BN_free(bd);
    BN_free(n);
    BN_CTX_free(ctx);
    return pkey;
}

/* fuzz_rsa_private computes out = in^d mod n with a kept key; false when it cannot (the real method then
 * runs, and reports what is wrong). */
static inline bool fuzz_rsa_private(const struct fuzz_meta_info *m, const uint8_t *d, size_t d_len,
                                    const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap)
{
    if (m->p == NULL || m->q == NULL || in_len != m->modulus_len || out_cap < m->modulus_len) {
        return false;
    }
    struct fuzz_memo_key id = {.len = 0};
    fuzz_key_add(&id, m->modulus, m->modulus_len);
    fuzz_key_add(&id, d, d_len);
    fuzz_key_add(&id, m->p, m->p_len);
    fuzz_key_add(&id, m->q, m->q_len);
    if (id.overflow) {
        return false;
    }
    struct fuzz_rsa_key *kept = NULL;
    for (unsigned i = 0; i < 4 && kept == NULL; i++) {
        if (fuzz_rsa_keys[i].pkey != NULL && fuzz_rsa_keys[i].id_len == id.len &&
            memcmp(fuzz_rsa_keys[i].id, id.buf, id.len) == 0) {
            kept = &fuzz_rsa_keys[i];
        }
    }
    if (kept == NULL) {
        EVP_PKEY *pkey = fuzz_rsa_build(m, d, d_len);
        if (pkey == NULL) {
            return false;
        }
        kept = &fuzz_rsa_keys[fuzz_rsa_keys_next++ % 4];
        EVP_PKEY_free(kept->pkey);
        kept->pkey = pkey;
        kept->id_len = id.len;
        memcpy(kept->id, id.buf, id.len);
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, kept->pkey, NULL);
    size_t len = m->modulus_len;
    bool ok = c != NULL && EVP_PKEY_decrypt_init(c) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
              EVP_PKEY_decrypt(c, out, &len, in, in_len) == 1 && len == m->modulus_len;
    EVP_PKEY_CTX_free(c);
    return ok;
}

static inline UINT fuzz_rsa_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                                      NX_CRYPTO_KEY_SIZE bits, UCHAR *input, ULONG input_len,
                                      UCHAR *iv, UCHAR *output, ULONG output_len, VOID *meta,
                                      ULONG meta_size, VOID *packet, VOID (*cb)(VOID *, UINT))
{
    struct fuzz_meta_info *m = fuzz_meta_of(meta, false);
    if ((op == NX_CRYPTO_SET_PRIME_P || op == NX_CRYPTO_SET_PRIME_Q) && m != NULL) {
        *(op == NX_CRYPTO_SET_PRIME_P ? &m->p : &m->q) = input;
        *(op == NX_CRYPTO_SET_PRIME_P ? &m->p_len : &m->q_len) = (uint32_t)input_len;
    }
    bool memo = op != NX_CRYPTO_SET_PRIME_P && op != NX_CRYPTO_SET_PRIME_Q && m != NULL &&
                m->modulus != NULL && key != NULL && input != NULL && output != NULL;
    struct fuzz_memo_key k = {.len = 0};
    if (memo) {
        fuzz_key_add(&k, "rsa", 3);
        fuzz_key_add(&k, m->modulus, m->modulus_len);
        fuzz_key_add(&k, key, bits >> 3);
        fuzz_key_add(&k, input, input_len);
        size_t len = 0;
        if (fuzz_memo_get(&k, 0, output, output_len, &len)) {
            return NX_CRYPTO_SUCCESS;
        }
    }
    if (memo && (bits >> 3) > 64 &&
        fuzz_rsa_private(m, key, bits >> 3, input, input_len, output, output_len)) {
        fuzz_memo_put(&k, output, m->modulus_len);
        return NX_CRYPTO_SUCCESS;
    }
    UINT st =
        crypto_method_rsa.nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                              output, output_len, meta, meta_size, packet, cb);
    /* The result is one modulus length. */
    if (memo && st == NX_CRYPTO_SUCCESS && output_len >= m->modulus_len) {
        fuzz_memo_put(&k, output, m->modulus_len);
    }
    return st;
}

/* ---- ECDSA: deterministic signatures; verifications memoized on (curve, point, digest, signature) ---- */

/* fuzz_ecdsa_sign signs digest with scalar d on curve (P-256 or P-384): k = SHA-512(d || digest || counter)
 * reduced mod n (the first counter that gives r and s non-zero), r = x(kG) mod n, s = k^-1 (z + r d) mod n
 * with z the digest's leftmost bits (SEC 1 4.1.3). DER output. */
static inline UINT fuzz_ecdsa_sign(UINT curve, const uint8_t *d, size_t d_len,
                                   const uint8_t *digest, size_t digest_len, UCHAR *output)
{
    int nid = curve == NX_CRYPTO_EC_SECP384R1   ? NID_secp384r1
              : curve == NX_CRYPTO_EC_SECP256R1 ? NID_X9_62_prime256v1
                                                : NID_undef;
    EC_GROUP *g = nid != NID_undef ? EC_GROUP_new_by_curve_name(nid) : NULL;
    EC_POINT *kg = g != NULL ? EC_POINT_new(g) : NULL;
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *k = BN_new(), *x = BN_new(), *r = BN_new(), *s = BN_new(), *z = BN_new();
    BIGNUM *dn = d_len <= 66 ? BN_bin2bn(d, (int)d_len, NULL) : NULL;
    ECDSA_SIG *sig = NULL;
    UINT st = NX_CRYPTO_NOT_SUCCESSFUL;
    if (kg == NULL || ctx == NULL || k == NULL || x == NULL || r == NULL || s == NULL ||
        z == NULL || dn == NULL) {
        goto out;
    }
    const BIGNUM *n = EC_GROUP_get0_order(g);
    size_t n_bytes = (size_t)BN_num_bytes(n);
    size_t use = digest_len < 64 ? digest_len : 64;
    if (BN_bin2bn(digest, (int)(use < n_bytes ? use : n_bytes), z) == NULL) {
        goto out;
    }
    for (uint32_t counter = 0; counter < 16; counter++) {
        uint8_t seed[66 + 64 + 4];
        uint8_t h[SHA512_DIGEST_LENGTH];
        memcpy(seed, d, d_len);
        memcpy(seed + d_len, digest, use);
        memcpy(seed + d_len + use, &counter, 4);
        SHA512(seed, d_len + use + 4, h);
        if (BN_bin2bn(h, (int)n_bytes, k) == NULL || !BN_nnmod(k, k, n, ctx) || BN_is_zero(k) ||
            EC_POINT_mul(g, kg, k, NULL, NULL, ctx) != 1 ||
            EC_POINT_get_affine_coordinates(g, kg, x, NULL, ctx) != 1 || !BN_nnmod(r, x, n, ctx) ||
            BN_is_zero(r) || !BN_mod_mul(s, r, dn, n, ctx) || !BN_mod_add(s, s, z, n, ctx) ||
            BN_mod_inverse(k, k, n, ctx) == NULL || !BN_mod_mul(s, s, k, n, ctx) || BN_is_zero(s)) {
            continue;
        }
        sig = ECDSA_SIG_new();
        if (sig == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
            goto out;
        }
        r = s = NULL; /* sig owns them now */
        uint8_t der[144];
        uint8_t *p = der;
        int der_len = i2d_ECDSA_SIG(sig, NULL);
        if (der_len <= 0 || (size_t)der_len > sizeof der || i2d_ECDSA_SIG(sig, &p) != der_len) {
            goto out;
        }
        st = fuzz_ext_put(output, der, (size_t)der_len);
        break;
    }
out:
    ECDSA_SIG_free(sig);
    BN_free(dn);
    BN_free(z);
    BN_free(s);
    BN_free(r);
    BN_free(x);
    BN_free(k);
    BN_CTX_free(ctx);
    EC_POINT_free(kg);
    EC_GROUP_free(g);
    return st;
}

static inline UINT fuzz_ecdsa_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method,
                                        UCHAR *key, NX_CRYPTO_KEY_SIZE bits, UCHAR *input,
                                        ULONG input_len, UCHAR *iv, UCHAR *output, ULONG output_len,
                                        VOID *meta, ULONG meta_size, VOID *packet,
                                        VOID (*cb)(VOID *, UINT))
{
    if (op == NX_CRYPTO_EC_CURVE_SET && input != NULL) {
        fuzz_curve_last = ((const NX_CRYPTO_METHOD *)(const void *)input)->nx_crypto_algorithm;
        struct fuzz_meta_info *m = fuzz_meta_of(meta, true);
        m->curve = fuzz_curve_last;
    }
    const struct fuzz_meta_info *m = fuzz_meta_of(meta, false);
    if (op == NX_CRYPTO_AUTHENTICATE && m != NULL && key != NULL && input != NULL &&
        (m->curve == NX_CRYPTO_EC_SECP256R1 || m->curve == NX_CRYPTO_EC_SECP384R1)) {
        struct fuzz_memo_key k = {.len = 0};
        fuzz_key_add(&k, "sign", 4);
        fuzz_key_add(&k, &m->curve, sizeof m->curve);
        fuzz_key_add(&k, key, bits >> 3);
        fuzz_key_add(&k, input, input_len);
        uint8_t der[144];
        size_t der_len = 0;
        if (fuzz_memo_get(&k, 3, der, sizeof der, &der_len)) {
            return fuzz_ext_put(output, der, der_len);
        }
        UINT st = fuzz_ecdsa_sign(m->curve, key, bits >> 3, input, input_len, output);
        const NX_CRYPTO_EXTENDED_OUTPUT *ext = (const NX_CRYPTO_EXTENDED_OUTPUT *)(void *)output;
        if (st == NX_CRYPTO_SUCCESS) {
            fuzz_memo_put(&k, ext->nx_crypto_extended_output_data,
                          ext->nx_crypto_extended_output_actual_size);
        }
        return st;
    }
    bool memo =
        op == NX_CRYPTO_VERIFY && m != NULL && key != NULL && input != NULL && output != NULL;
    struct fuzz_memo_key k = {.len = 0};
    if (memo) {
        fuzz_key_add(&k, "ecdsa", 5);
        fuzz_key_add(&k, &m->curve, sizeof m->curve);
        fuzz_key_add(&k, key, bits >> 3);
        fuzz_key_add(&k, input, input_len);
        fuzz_key_add(&k, output, output_len);
        size_t len = 0;
        if (fuzz_memo_get(&k, 1, NULL, 0, &len)) {
            return NX_CRYPTO_SUCCESS;
        }
    }
    UINT st = crypto_method_ecdsa.nx_crypto_operation(op, handler, method, key, bits, input,
                                                      input_len, iv, output, output_len, meta,
                                                      meta_size, packet, cb);
    if (memo && st == NX_CRYPTO_SUCCESS) {
        fuzz_memo_put(&k, NULL, 0);
    }
    return st;
}

/* ---- ECDHE: deterministic key pairs, shared secrets memoized on (curve, own scalar, peer point) ---- */

/* fuzz_public_of computes the encoded public key of scalar d on curve; false if d is no valid scalar. */
static inline bool fuzz_public_of(UINT curve, const uint8_t *d, size_t d_len, uint8_t *pub,
                                  size_t *pub_len)
{
    if (curve == NX_CRYPTO_EC_X25519) {
        EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, d, d_len);
        *pub_len = 32;
        bool ok = k != NULL && EVP_PKEY_get_raw_public_key(k, pub, pub_len) == 1;
        EVP_PKEY_free(k);
        return ok;
    }
    int nid = curve == NX_CRYPTO_EC_SECP384R1   ? NID_secp384r1
              : curve == NX_CRYPTO_EC_SECP256R1 ? NID_X9_62_prime256v1
                                                : NID_undef;
    EC_GROUP *g = nid != NID_undef ? EC_GROUP_new_by_curve_name(nid) : NULL;
    EC_POINT *p = g != NULL ? EC_POINT_new(g) : NULL;
    BIGNUM *bn = BN_bin2bn(d, (int)d_len, NULL);
    bool ok = p != NULL && bn != NULL && !BN_is_zero(bn) &&
              BN_cmp(bn, EC_GROUP_get0_order(g)) < 0 &&
              EC_POINT_mul(g, p, bn, NULL, NULL, NULL) == 1;
    if (ok) {
        *pub_len = EC_POINT_point2oct(g, p, POINT_CONVERSION_UNCOMPRESSED, pub, 1 + 2 * 48, NULL);
        ok = *pub_len == 1 + 2 * d_len;
    }
    BN_free(bn);
    EC_POINT_free(p);
    EC_GROUP_free(g);
    return ok;
}

static inline size_t fuzz_scalar_len(UINT curve)
{
    return curve == NX_CRYPTO_EC_SECP384R1   ? 48
           : curve == NX_CRYPTO_EC_SECP256R1 ? 32
           : curve == NX_CRYPTO_EC_X25519    ? 32
                                             : 0;
}

/* fuzz_pub_of is fuzz_public_of through the memo (the seeded generator draws the same scalars every run). */
static inline bool fuzz_pub_of(UINT curve, const uint8_t *d, size_t d_len, uint8_t *pub,
                               uint32_t *pub_len)
{
    struct fuzz_memo_key k = {.len = 0};
    fuzz_key_add(&k, "pub", 3);
    fuzz_key_add(&k, &curve, sizeof curve);
    fuzz_key_add(&k, d, d_len);
    size_t len = 0;
    if (fuzz_memo_get(&k, 4, pub, 1 + 2 * 48, &len)) {
        *pub_len = (uint32_t)len;
        return true;
    }
    if (!fuzz_public_of(curve, d, d_len, pub, &len)) {
        return false;
    }
    fuzz_memo_put(&k, pub, len);
    *pub_len = (uint32_t)len;
    return true;
}

static inline UINT fuzz_ecdhe_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE bits,
                                   VOID **handler, VOID *meta, ULONG meta_size)
{
    struct fuzz_meta_info *m = fuzz_meta_of(meta, true);
    m->d_len = 0;
    m->pending = 0;
    return crypto_method_ecdhe.nx_crypto_init(method, key, bits, handler, meta, meta_size);
}

/* The key pair the engine sets up or imports is kept here and given to the real method only when a shared
 * secret is not in the memo; NX_CRYPTO_DH_PRIVATE_KEY_EXPORT answers from it (the scalar at field size, as
 * the real method does). Everything else goes to the real method. */
static inline UINT fuzz_ecdhe_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method,
                                        UCHAR *key, NX_CRYPTO_KEY_SIZE bits, UCHAR *input,
                                        ULONG input_len, UCHAR *iv, UCHAR *output, ULONG output_len,
                                        VOID *meta, ULONG meta_size, VOID *packet,
                                        VOID (*cb)(VOID *, UINT))
{
    const NX_CRYPTO_METHOD *real = &crypto_method_ecdhe;
    struct fuzz_meta_info *m = fuzz_meta_of(meta, op == NX_CRYPTO_EC_CURVE_SET);
    if (op == NX_CRYPTO_EC_CURVE_SET) {
        UINT st = real->nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                            output, output_len, meta, meta_size, packet, cb);
        m->curve = st == NX_CRYPTO_SUCCESS && input != NULL
                       ? ((const NX_CRYPTO_METHOD *)(const void *)input)->nx_crypto_algorithm
                       : 0;
        m->d_len = 0;
        m->pending = 0;
        return st;
    }
    size_t d_len = m != NULL ? fuzz_scalar_len(m->curve) : 0;
    if (d_len == 0) {
        return real->nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                         output, output_len, meta, meta_size, packet, cb);
    }
    switch (op) {
    case NX_CRYPTO_DH_SETUP:
        fuzz_memo_misses[4]++;
        do {
            (void)simnet_random(&fuzz_ecdh_rng, m->d, d_len);
        } while (!fuzz_pub_of(m->curve, m->d, d_len, m->pub, &m->pub_len));
        m->d_len = (uint32_t)d_len;
        m->pending = 1;
        return fuzz_ext_put(output, m->pub, m->pub_len);
    case NX_CRYPTO_DH_PRIVATE_KEY_EXPORT:
        return m->d_len != 0 ? fuzz_ext_put(output, m->d, m->d_len) : NX_CRYPTO_NOT_SUCCESSFUL;
    case NX_CRYPTO_DH_KEY_PAIR_IMPORT: {
        /* As the real method: the scalar must be a valid one and the public key, when given, its own. */
        size_t n = bits >> 3;
        uint8_t pub[1 + 2 * 48];
        uint32_t pub_len = 0;
        if (key == NULL || n != d_len || !fuzz_pub_of(m->curve, key, n, pub, &pub_len) ||
            (input != NULL && input_len != 0 &&
             (input_len != pub_len || memcmp(input, pub, pub_len) != 0))) {
            /* Not what the memo can stand for: the real method decides, and holds the key from now on. */
            m->d_len = 0;
            m->pending = 0;
            return real->nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                             output, output_len, meta, meta_size, packet, cb);
        }
        memcpy(m->d, key, n);
        m->d_len = (uint32_t)n;
        memcpy(m->pub, pub, pub_len);
        m->pub_len = pub_len;
        m->pending = 1;
        return NX_CRYPTO_SUCCESS;
    }
    case NX_CRYPTO_DH_CALCULATE:
        break;
    default:
        return real->nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                         output, output_len, meta, meta_size, packet, cb);
    }
    bool memo = m->d_len != 0 && input != NULL;
    struct fuzz_memo_key k = {.len = 0};
    if (memo) {
        fuzz_key_add(&k, "ecdh", 4);
        fuzz_key_add(&k, &m->curve, sizeof m->curve);
        fuzz_key_add(&k, m->d, m->d_len);
        fuzz_key_add(&k, input, input_len);
        uint8_t z[66];
        size_t z_len = 0;
        if (fuzz_memo_get(&k, 2, z, sizeof z, &z_len)) {
            return fuzz_ext_put(output, z, z_len);
        }
    }
    if (m->pending) {
        UINT st = real->nx_crypto_operation(NX_CRYPTO_DH_KEY_PAIR_IMPORT, handler, method, m->d,
                                            (NX_CRYPTO_KEY_SIZE)(m->d_len * 8), m->pub, m->pub_len,
                                            NULL, NULL, 0, meta, meta_size, packet, cb);
        if (st != NX_CRYPTO_SUCCESS) {
            return st;
        }
        m->pending = 0;
    }
    UINT st = real->nx_crypto_operation(op, handler, method, key, bits, input, input_len, iv,
                                        output, output_len, meta, meta_size, packet, cb);
    if (memo && st == NX_CRYPTO_SUCCESS) {
        const NX_CRYPTO_EXTENDED_OUTPUT *ext = (const NX_CRYPTO_EXTENDED_OUTPUT *)(void *)output;
        fuzz_memo_put(&k, ext->nx_crypto_extended_output_data,
                      ext->nx_crypto_extended_output_actual_size);
    }
    return st;
}

/* ---- the table ---- */

static NX_SECURE_TLS_CIPHERSUITE_INFO fuzz_suite_rows[64];
static NX_SECURE_X509_CRYPTO fuzz_x509_rows[32];

static inline const NX_CRYPTO_METHOD *fuzz_swap(const NX_CRYPTO_METHOD *m)
{
    return m == &crypto_method_rsa     ? &fuzz_rsa_method
           : m == &crypto_method_ecdsa ? &fuzz_ecdsa_method
           : m == &crypto_method_ecdhe ? &fuzz_ecdhe_method
                                       : m;
}

/* fuzz_crypto_table fills *out with base, its RSA, ECDSA and ECDHE methods replaced as described above.
 * One table per process (the rows are static). */
static inline void fuzz_crypto_table(const NX_SECURE_TLS_CRYPTO *base, NX_SECURE_TLS_CRYPTO *out)
{
    fuzz_rsa_method = crypto_method_rsa;
    fuzz_rsa_method.nx_crypto_init = fuzz_rsa_init;
    fuzz_rsa_method.nx_crypto_operation = fuzz_rsa_operation;
    fuzz_ecdsa_method = crypto_method_ecdsa;
    fuzz_ecdsa_method.nx_crypto_operation = fuzz_ecdsa_operation;
    fuzz_ecdhe_method = crypto_method_ecdhe;
    fuzz_ecdhe_method.nx_crypto_init = fuzz_ecdhe_init;
    fuzz_ecdhe_method.nx_crypto_operation = fuzz_ecdhe_operation;
    *out = *base;
    size_t n = base->nx_secure_tls_ciphersuite_lookup_table_size;
    n = n < sizeof fuzz_suite_rows / sizeof fuzz_suite_rows[0]
            ? n
            : sizeof fuzz_suite_rows / sizeof fuzz_suite_rows[0];
    for (size_t i = 0; i < n; i++) {
        NX_SECURE_TLS_CIPHERSUITE_INFO *r = &fuzz_suite_rows[i];
        *r = base->nx_secure_tls_ciphersuite_lookup_table[i];
        r->nx_secure_tls_public_cipher = fuzz_swap(r->nx_secure_tls_public_cipher);
        r->nx_secure_tls_public_auth = fuzz_swap(r->nx_secure_tls_public_auth);
    }
    size_t m = base->nx_secure_tls_x509_cipher_table_size;
    m = m < sizeof fuzz_x509_rows / sizeof fuzz_x509_rows[0]
            ? m
            : sizeof fuzz_x509_rows / sizeof fuzz_x509_rows[0];
    for (size_t i = 0; i < m; i++) {
        fuzz_x509_rows[i] = base->nx_secure_tls_x509_cipher_table[i];
        fuzz_x509_rows[i].nx_secure_x509_public_cipher_method =
            fuzz_swap(fuzz_x509_rows[i].nx_secure_x509_public_cipher_method);
    }
    out->nx_secure_tls_ciphersuite_lookup_table = fuzz_suite_rows;
    out->nx_secure_tls_ciphersuite_lookup_table_size = (USHORT)n;
    out->nx_secure_tls_x509_cipher_table = fuzz_x509_rows;
    out->nx_secure_tls_x509_cipher_table_size = (USHORT)m;
}

#endif /* NXDTLS_FUZZ_CRYPTO_H */
