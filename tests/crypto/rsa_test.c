/* SPDX-License-Identifier: MIT */
/* rsa_test: crypto_method_rsa (raw RSA, docs/netx-api.md 6.6 "RSA") and crypto_method_rsa_pss.
 * Known answers: Wycheproof rsa_signature_2048_sha256 (PKCS#1 v1.5 verification through
 * crypto_sig_rsa_pkcs1_verify, which does the DigestInfo work over the raw method), rsa_pss_2048_*
 * (through crypto_sig_rsa_pss_verify), and rsa_pkcs1_2048 (PKCS#1 v1.5 decryption: the raw private
 * operation through crypto_method_rsa, with and without the primes, then a branch-free padding check
 * here, as the engine's premaster check must be). Then signing round trips and misuse. */
#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"
#include "crypto/crypto_sig.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[256];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

static uint8_t n[1024], e[16], d[1024], p[1024], q[1024], msg[VEC_MAX_BYTES], sig[VEC_MAX_BYTES];
static size_t n_len, e_len, d_len, p_len, q_len;

static UINT hash_id(const char *sha)
{
    if (strcmp(sha, "SHA-1") == 0) {
        return NX_CRYPTO_HASH_SHA1;
    }
    if (strcmp(sha, "SHA-256") == 0) {
        return NX_CRYPTO_HASH_SHA256;
    }
    if (strcmp(sha, "SHA-384") == 0) {
        return NX_CRYPTO_HASH_SHA384;
    }
    return NX_CRYPTO_HASH_SHA512;
}

static size_t digest_of(UINT hash_alg, const uint8_t *in, size_t len, uint8_t *out)
{
    size_t out_len = 0;
    EXPECT_OK(
        crypto_digest(crypto_digest_method_for(hash_alg), AREA, AREA_SIZE, in, len, out, 64, &out_len));
    return out_len;
}

static void pkcs1_verify_vectors(void)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    char sha[16];
    if (!vec_open(&v, "vectors/wycheproof/rsa_signature_2048_sha256_test.txt")) {
        return;
    }
    while (vec_next(&v)) {
        n_len = vec_hex(&v, "n", n, sizeof n);
        e_len = vec_hex(&v, "e", e, sizeof e);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t sig_len = vec_hex(&v, "sig", sig, sizeof sig);
        UINT h = hash_id(vec_str(&v, "sha", sha, sizeof sha));
        uint8_t digest[64];
        size_t digest_len = digest_of(h, msg, len, digest);
        UINT st = crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e,
                                              e_len, h, digest, digest_len, sig, sig_len);
        vec_account(&counts, &v, st == NX_CRYPTO_SUCCESS);
    }
    vec_close(&v);
    vec_report("wycheproof rsa_signature_2048_sha256 (PKCS#1 v1.5 verify)", &counts);
    EXPECT(counts.valid >= 9 && counts.invalid > 200);
}

static void pss_vectors(const char *file)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    char path[128], sha[16], mgf[16];
    snprintf(path, sizeof path, "vectors/wycheproof/%s", file);
    if (!vec_open(&v, path)) {
        return;
    }
    while (vec_next(&v)) {
        n_len = vec_hex(&v, "n", n, sizeof n);
        e_len = vec_hex(&v, "e", e, sizeof e);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t sig_len = vec_hex(&v, "sig", sig, sizeof sig);
        UINT h = hash_id(vec_str(&v, "sha", sha, sizeof sha));
        UINT mgf1 = hash_id(vec_str(&v, "mgfSha", mgf, sizeof mgf));
        size_t salt = (size_t)vec_num(&v, "sLen");
        uint8_t digest[64];
        size_t digest_len = digest_of(h, msg, len, digest);
        UINT st = crypto_sig_rsa_pss_verify(&crypto_method_rsa_pss, AREA, AREA_SIZE, n, n_len, e,
                                            e_len, h, mgf1, salt, digest, digest_len, sig, sig_len);
        vec_account(&counts, &v, st == NX_CRYPTO_SUCCESS);
        if (st == NX_CRYPTO_SUCCESS) {
            /* Any-salt mode accepts it too; a wrong salt length or MGF1 hash does not. */
            EXPECT_OK(crypto_sig_rsa_pss_verify(&crypto_method_rsa_pss, AREA, AREA_SIZE, n, n_len,
                                                e, e_len, h, mgf1, CRYPTO_PSS_SALT_ANY, digest,
                                                digest_len, sig, sig_len));
            EXPECT_CODE(crypto_sig_rsa_pss_verify(&crypto_method_rsa_pss, AREA, AREA_SIZE, n, n_len,
                                                  e, e_len, h, mgf1, salt + 1, digest, digest_len,
                                                  sig, sig_len),
                        NX_CRYPTO_NOT_SUCCESSFUL);
            EXPECT_CODE(crypto_sig_rsa_pss_verify(&crypto_method_rsa_pss, AREA, AREA_SIZE, n, n_len,
                                                  e, e_len, h, NX_CRYPTO_HASH_SHA1, salt, digest,
                                                  digest_len, sig, sig_len),
                        NX_CRYPTO_NOT_SUCCESSFUL);
        }
    }
    vec_close(&v);
    vec_report(file, &counts);
    EXPECT(counts.valid > 50 && counts.invalid > 40);
}

/* pkcs1_type2_unpad checks EM = 00 02 PS(>= 8 non-zero) 00 M and copies M; -1 when malformed. The
 * loop has no branch on EM's bytes: the mask decides once, at the end (RFC 5246 7.4.7.1 spirit). */
static long pkcs1_type2_unpad(const uint8_t *em, size_t k, uint8_t *out)
{
    uint32_t good = ct_mask_eq(em[0], 0) & ct_mask_eq(em[1], 2);
    uint32_t found = 0, sep = 0;
    for (uint32_t i = 2; i < k; i++) {
        uint32_t first_zero = ~found & ct_mask_eq(em[i], 0);
        sep = (first_zero & i) | (~first_zero & sep);
        found |= first_zero;
    }
    good &= found & ~ct_mask_lt(sep, 10); /* PS at least 8 bytes */
    size_t m_len = k - 1 - sep;
    memcpy(out, em + sep + 1,
           m_len); /* only read when good; copying either way keeps timing flat */
    return good != 0 ? (long)m_len : -1;
}

static void pkcs1_decrypt_vectors(void)
{
    struct vec_file v;
    struct vec_counts with_primes = {0}, without = {0};
    if (!vec_open(&v, "vectors/wycheproof/rsa_pkcs1_2048_test.txt")) {
        return;
    }
    while (vec_next(&v)) {
        n_len = vec_hex(&v, "n", n, sizeof n);
        e_len = vec_hex(&v, "e", e, sizeof e);
        d_len = vec_hex(&v, "d", d, sizeof d);
        p_len = vec_hex(&v, "p", p, sizeof p);
        q_len = vec_hex(&v, "q", q, sizeof q);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t ct_len = vec_hex(&v, "ct", sig, sizeof sig);
        for (int use_primes = 0; use_primes < 2; use_primes++) {
            uint8_t em[512], m[512];
            const NX_CRYPTO_METHOD *rsa = &crypto_method_rsa;
            EXPECT_OK(crypto_init(rsa, n, (UINT)(n_len * 8), AREA, AREA_SIZE));
            UINT st = NX_CRYPTO_SUCCESS;
            if (use_primes) {
                EXPECT_OK(crypto_op(rsa, NX_CRYPTO_SET_PRIME_P, NULL, 0, p, p_len, NULL, NULL, 0,
                                    AREA, AREA_SIZE));
                EXPECT_OK(crypto_op(rsa, NX_CRYPTO_SET_PRIME_Q, NULL, 0, q, q_len, NULL, NULL, 0,
                                    AREA, AREA_SIZE));
            }
            st = crypto_op(rsa, NX_CRYPTO_DECRYPT, d, (UINT)(d_len * 8), sig, ct_len, NULL, em,
                           sizeof em, AREA, AREA_SIZE);
            crypto_cleanup(rsa, AREA);
            size_t k = 256; /* 2048-bit modulus */
            long got = st == NX_CRYPTO_SUCCESS ? pkcs1_type2_unpad(em, k, m) : -1;
            bool ok = got >= 0 && (size_t)got == len && memcmp(m, msg, len) == 0;
            vec_account(use_primes ? &with_primes : &without, &v, ok);
        }
    }
    vec_close(&v);
    vec_report("wycheproof rsa_pkcs1_2048 decrypt, raw RSA with p and q (CRT, blinding)",
               &with_primes);
    vec_report("wycheproof rsa_pkcs1_2048 decrypt, raw RSA with d only", &without);
    EXPECT(with_primes.valid >= 40 && with_primes.invalid >= 20);
}

/* The last key loaded by pkcs1_decrypt_vectors signs; verification uses its e. */
static void sign_round_trips(void)
{
    const UINT hashes[] = {NX_CRYPTO_HASH_SHA1, NX_CRYPTO_HASH_SHA256, NX_CRYPTO_HASH_SHA384,
                           NX_CRYPTO_HASH_SHA512};
    for (size_t i = 0; i < 4; i++) {
        uint8_t digest[64], s1[512], s2[512];
        size_t digest_len = digest_of(hashes[i], (const uint8_t *)"sign me", 7, digest), s1_len = 0,
               s2_len = 0;
        EXPECT_OK(crypto_sig_rsa_pkcs1_sign(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, d, d_len,
                                            p, p_len, q, q_len, hashes[i], digest, digest_len, s1,
                                            sizeof s1, &s1_len));
        EXPECT_OK(crypto_sig_rsa_pkcs1_sign(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, d, d_len,
                                            NULL, 0, NULL, 0, hashes[i], digest, digest_len, s2,
                                            sizeof s2, &s2_len));
        /* PKCS#1 v1.5 is deterministic: CRT and plain exponentiation agree. */
        EXPECT(s1_len == 256 && s2_len == 256);
        EXPECT_MEM(s1, s2, 256);
        EXPECT_OK(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e,
                                              e_len, hashes[i], digest, digest_len, s1, s1_len));
        s1[100] ^= 1;
        EXPECT_CODE(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e,
                                                e_len, hashes[i], digest, digest_len, s1, s1_len),
                    NX_CRYPTO_NOT_SUCCESSFUL);
        s1[100] ^= 1;
        EXPECT_CODE(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e,
                                                e_len, hashes[(i + 1) % 4], digest, digest_len, s1,
                                                s1_len),
                    NX_CRYPTO_INVALID_ALGORITHM); /* digest length does not match the other hash */
        EXPECT_CODE(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e,
                                                e_len, hashes[i], digest, digest_len, s1,
                                                s1_len - 1),
                    NX_CRYPTO_NOT_SUCCESSFUL);
    }
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *rsa = &crypto_method_rsa;
    ULONG size = rsa->nx_crypto_metadata_area_size;
    uint8_t in[300], out[300];
    EXPECT(size <= 48);
    EXPECT_CODE(crypto_init(rsa, n, (UINT)(n_len * 8), NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(rsa, n, (UINT)(n_len * 8), arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(rsa, n, (UINT)(n_len * 8), arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(rsa, NULL, 2048, arena, size), NX_CRYPTO_PTR_ERROR);
    uint8_t even[4] = {0x00, 0xC3, 0x51, 0x02};
    EXPECT_CODE(crypto_init(rsa, even, 32, arena, size), NX_CRYPTO_INVALID_KEY);
    memset(arena, 0, sizeof arena);
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, 24, in, 256, NULL, out, 256, arena, size),
                NX_CRYPTO_PTR_ERROR);

    EXPECT_OK(crypto_init(rsa, n, (UINT)(n_len * 8), AREA, AREA_SIZE));
    memset(in, 0x01, sizeof in);
    EXPECT_OK(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), in, 256, NULL, out, 256, AREA,
                        AREA_SIZE));
    /* A shorter input is left-padded: the same value gives the same result. */
    uint8_t padded[256] = {0};
    padded[255] = 0x05;
    uint8_t r1[256], r2[256];
    EXPECT_OK(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), padded, 256, NULL, r1, 256,
                        AREA, AREA_SIZE));
    EXPECT_OK(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), padded + 255, 1, NULL, r2,
                        256, AREA, AREA_SIZE));
    EXPECT_MEM(r1, r2, 256);
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), in, 257, NULL, out, 300,
                          AREA, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR); /* longer than the modulus */
    const uint8_t *n_body = n[0] == 0 ? n + 1 : n;
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), n_body, 256, NULL, out, 256,
                          AREA, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR); /* equal to n: out of range */
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), in, 256, NULL, out, 255,
                          AREA, AREA_SIZE),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_op(rsa, NX_CRYPTO_DECRYPT, NULL, 24, in, 256, NULL, out, 256, AREA, AREA_SIZE),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, e, (UINT)(e_len * 8), NULL, 256, NULL, out, 256,
                          AREA, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(rsa, NX_CRYPTO_SET_PRIME_P, NULL, 0, NULL, 4, NULL, NULL, 0, AREA, AREA_SIZE),
        NX_CRYPTO_PTR_ERROR);
    /* Primes that are not this modulus's: INVALID_KEY, output zeroed. */
    EXPECT_OK(
        crypto_op(rsa, NX_CRYPTO_SET_PRIME_P, NULL, 0, q, q_len, NULL, NULL, 0, AREA, AREA_SIZE));
    EXPECT_OK(
        crypto_op(rsa, NX_CRYPTO_SET_PRIME_Q, NULL, 0, q, q_len, NULL, NULL, 0, AREA, AREA_SIZE));
    memset(out, 0xEE, sizeof out);
    EXPECT_CODE(crypto_op(rsa, NX_CRYPTO_DECRYPT, d, (UINT)(d_len * 8), in, 256, NULL, out, 256,
                          AREA, AREA_SIZE),
                NX_CRYPTO_INVALID_KEY);
    EXPECT(out[0] == 0 && out[255] == 0);
    crypto_cleanup(rsa, AREA);
    crypto_cleanup(rsa, AREA);

    /* The PSS row only verifies; the helpers check their arguments. */
    EXPECT_OK(crypto_init(&crypto_method_rsa_pss, n, (UINT)(n_len * 8), AREA, AREA_SIZE));
    EXPECT_CODE(crypto_op(&crypto_method_rsa_pss, NX_CRYPTO_DECRYPT, e, 24, in, 256, NULL, out, 256,
                          AREA, AREA_SIZE),
                NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(crypto_op(&crypto_method_rsa_pss, NX_CRYPTO_VERIFY, e, 24, in, 32, NULL, out, 256,
                          AREA, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR); /* no parameters */
    crypto_cleanup(&crypto_method_rsa_pss, AREA);
    uint8_t digest[32] = {0};
    EXPECT_CODE(crypto_sig_rsa_pss_verify(&crypto_method_rsa_pss, AREA, AREA_SIZE, n, n_len, e,
                                          e_len, NX_CRYPTO_HASH_MD5, NX_CRYPTO_HASH_SHA256, 32,
                                          digest, 32, in, 256),
                NX_CRYPTO_INVALID_ALGORITHM);
    EXPECT_CODE(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, e, e_len,
                                            NX_CRYPTO_HASH_SHA224, digest, 28, in, 256),
                NX_CRYPTO_INVALID_ALGORITHM);
    EXPECT_CODE(crypto_sig_rsa_pkcs1_verify(&crypto_method_rsa, AREA, AREA_SIZE, NULL, n_len, e,
                                            e_len, NX_CRYPTO_HASH_SHA256, digest, 32, in, 256),
                NX_CRYPTO_PTR_ERROR);
    size_t s_len = 7;
    EXPECT_CODE(crypto_sig_rsa_pkcs1_sign(&crypto_method_rsa, AREA, AREA_SIZE, n, n_len, d, d_len,
                                          p, p_len, q, q_len, NX_CRYPTO_HASH_SHA256, digest, 32,
                                          out, 255, &s_len),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT(s_len == 0);
}

int main(void)
{
    pkcs1_verify_vectors();
    pss_vectors("rsa_pss_2048_sha256_mgf1_32_test.txt");
    pss_vectors("rsa_pss_2048_sha384_mgf1_48_test.txt");
    pkcs1_decrypt_vectors();
    sign_round_trips();
    hostile();
    return test_finish("rsa");
}
