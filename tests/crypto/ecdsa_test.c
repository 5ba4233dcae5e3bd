/* SPDX-License-Identifier: MIT */
/* ecdsa_test: crypto_method_ecdsa through crypto_sig_ecdsa_verify / _sign (docs/netx-api.md 6.6 "ECDSA").
 * Known answers: Wycheproof ecdsa_secp256r1_sha256_test.json and ecdsa_secp384r1_sha384_test.json (DER
 * signatures; the message is hashed with nxdtls's own hash methods first). Then sign/verify round
 * trips on P-256/384/521 with keys made by the ECDH method, and misuse. */
#include <string.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_sig.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[512];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

static uint8_t pub[256], msg[VEC_MAX_BYTES], sig[VEC_MAX_BYTES];

static const NX_CRYPTO_METHOD *hash_for(const char *sha)
{
    if (strcmp(sha, "SHA-256") == 0) {
        return &crypto_method_sha256;
    }
    if (strcmp(sha, "SHA-384") == 0) {
        return &crypto_method_sha384;
    }
    if (strcmp(sha, "SHA-512") == 0) {
        return &crypto_method_sha512;
    }
    return NULL;
}

static void wycheproof(const char *file, const NX_CRYPTO_METHOD *curve)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    char path[128], sha[16];
    snprintf(path, sizeof path, "vectors/wycheproof/%s", file);
    if (!vec_open(&v, path)) {
        return;
    }
    while (vec_next(&v)) {
        size_t pub_len = vec_hex(&v, "pub", pub, sizeof pub);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t sig_len = vec_hex(&v, "sig", sig, sizeof sig);
        const NX_CRYPTO_METHOD *h = hash_for(vec_str(&v, "sha", sha, sizeof sha));
        uint8_t digest[64];
        size_t digest_len = 0;
        EXPECT_OK(crypto_digest(h, AREA, AREA_SIZE, msg, len, digest, sizeof digest, &digest_len));
        UINT st = crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curve, AREA, AREA_SIZE, pub,
                                          pub_len, digest, digest_len, sig, sig_len);
        vec_account(&counts, &v, st == NX_CRYPTO_SUCCESS);
    }
    vec_close(&v);
    vec_report(file, &counts);
    EXPECT(counts.valid > 100 && counts.invalid > 200);
}

/* new_key makes a key pair with the ECDH method (DH_SETUP, then DH_PRIVATE_KEY_EXPORT). */
static void new_key(const NX_CRYPTO_METHOD *curve, uint8_t *d, size_t *d_len, uint8_t *q,
                    size_t *q_len)
{
    static _Alignas(8) uint8_t dh_area[128];
    const NX_CRYPTO_METHOD *m = &crypto_method_ecdhe;
    NX_CRYPTO_EXTENDED_OUTPUT e = {.nx_crypto_extended_output_data = q,
                                   .nx_crypto_extended_output_length_in_byte = 133};
    EXPECT_OK(crypto_init(m, NULL, 0, dh_area, sizeof dh_area));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve, sizeof curve,
                        NULL, NULL, 0, dh_area, sizeof dh_area));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, NULL, (uint8_t *)&e, sizeof e,
                        dh_area, sizeof dh_area));
    *q_len = e.nx_crypto_extended_output_actual_size;
    e.nx_crypto_extended_output_data = d;
    e.nx_crypto_extended_output_length_in_byte = 66;
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DH_PRIVATE_KEY_EXPORT, NULL, 0, NULL, 0, NULL, (uint8_t *)&e,
                        sizeof e, dh_area, sizeof dh_area));
    *d_len = e.nx_crypto_extended_output_actual_size;
    crypto_cleanup(m, dh_area);
}

static void round_trips(void)
{
    const NX_CRYPTO_METHOD *curves[] = {&crypto_method_ec_secp256, &crypto_method_ec_secp384,
                                        &crypto_method_ec_secp521};
    const NX_CRYPTO_METHOD *hashes[] = {&crypto_method_sha256, &crypto_method_sha384,
                                        &crypto_method_sha512};
    for (size_t c = 0; c < 3; c++) {
        uint8_t d[66], q[133], digest[64], s[160];
        size_t d_len = 0, q_len = 0, digest_len = 0, s_len = 0;
        new_key(curves[c], d, &d_len, q, &q_len);
        EXPECT_OK(crypto_digest(hashes[c], AREA, AREA_SIZE, (const uint8_t *)"to be signed", 12,
                              digest, sizeof digest, &digest_len));
        EXPECT_OK(crypto_sig_ecdsa_sign(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, d, d_len,
                                        digest, digest_len, s, sizeof s, &s_len));
        EXPECT(s_len > 8 && s[0] == 0x30);
        EXPECT_OK(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q,
                                          q_len, digest, digest_len, s, s_len));
        /* A SHA-256 digest under P-384/521 (shorter than the order) also works both ways. */
        EXPECT_OK(crypto_sig_ecdsa_sign(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, d, d_len,
                                        digest, 32, s, sizeof s, &s_len));
        EXPECT_OK(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q,
                                          q_len, digest, 32, s, s_len));
        /* Every single-bit change of the signature or digest fails. */
        for (size_t i = 0; i < s_len; i += 3) {
            s[i] ^= 0x01;
            EXPECT(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q,
                                           q_len, digest, 32, s, s_len) != NX_CRYPTO_SUCCESS);
            s[i] ^= 0x01;
        }
        digest[5] ^= 0x40;
        EXPECT_CODE(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q,
                                            q_len, digest, 32, s, s_len),
                    NX_CRYPTO_NOT_SUCCESSFUL);
        digest[5] ^= 0x40;
        /* Truncated signature, trailing garbage. */
        EXPECT(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q, q_len,
                                       digest, 32, s, s_len - 1) != NX_CRYPTO_SUCCESS);
        s[s_len] = 0;
        EXPECT(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[c], AREA, AREA_SIZE, q, q_len,
                                       digest, 32, s, s_len + 1) != NX_CRYPTO_SUCCESS);
        /* The signature against another curve's row: the point's length no longer fits. */
        EXPECT_CODE(crypto_sig_ecdsa_verify(&crypto_method_ecdsa, curves[(c + 1) % 3], AREA,
                                            AREA_SIZE, q, q_len, digest, 32, s, s_len),
                    NX_CRYPTO_INVALID_KEY);
    }
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_ecdsa;
    const NX_CRYPTO_METHOD *curve = &crypto_method_ec_secp256;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t d[66], q[133], digest[32] = {7}, s[160];
    size_t d_len = 0, q_len = 0, s_len = 0;
    EXPECT(size <= 16);
    new_key(curve, d, &d_len, q, &q_len);
    EXPECT_OK(crypto_sig_ecdsa_sign(m, curve, AREA, AREA_SIZE, d, d_len, digest, 32, s, sizeof s,
                                    &s_len));

    EXPECT_CODE(crypto_init(m, NULL, 0, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena + 1, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, curve, arena + 2, size, q, q_len, digest, 32, s, s_len),
                NX_CRYPTO_PTR_ERROR);
    /* 6.6: not a DER SEQUENCE -> AUTHENTICATION_FAILED; a wrong one -> NOT_SUCCESSFUL. */
    s[0] = 0x31;
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, curve, AREA, AREA_SIZE, q, q_len, digest, 32, s, s_len),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    s[0] = 0x30;
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, curve, AREA, AREA_SIZE, q, q_len, digest, 32, s, 1),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    /* Public key problems. */
    q[0] = 0x03;
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, curve, AREA, AREA_SIZE, q, 33, digest, 32, s, s_len),
                NX_CRYPTO_FORMAT_NOT_SUPPORTED);
    q[0] = 0x04;
    q[40] ^= 1;
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, curve, AREA, AREA_SIZE, q, q_len, digest, 32, s, s_len),
                NX_CRYPTO_INVALID_KEY);
    q[40] ^= 1;
    EXPECT_OK(crypto_sig_ecdsa_verify(m, curve, AREA, AREA_SIZE, q, q_len, digest, 32, s, s_len));
    /* Curves ECDSA does not do. */
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, &crypto_method_ec_x25519, AREA, AREA_SIZE, q, q_len,
                                        digest, 32, s, s_len),
                NX_CRYTPO_MISSING_ECC_CURVE);
    EXPECT_CODE(crypto_sig_ecdsa_verify(m, &crypto_method_aes_cbc_128, AREA, AREA_SIZE, q, q_len,
                                        digest, 32, s, s_len),
                NX_CRYTPO_MISSING_ECC_CURVE);
    /* Operations without CURVE_SET, other ops, a bad scalar, a small output. */
    EXPECT_OK(crypto_init(m, NULL, 0, AREA, AREA_SIZE));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_VERIFY, q, (UINT)(q_len * 8), digest, 32, NULL, s, s_len,
                          AREA, AREA_SIZE),
                NX_CRYTPO_MISSING_ECC_CURVE);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_SIGNATURE_VERIFY, q, (UINT)(q_len * 8), digest, 32, NULL, s,
                          s_len, AREA, AREA_SIZE),
                NX_CRYPTO_NOT_SUCCESSFUL);
    crypto_cleanup(m, AREA);
    uint8_t zero[32] = {0};
    EXPECT_CODE(
        crypto_sig_ecdsa_sign(m, curve, AREA, AREA_SIZE, zero, 32, digest, 32, s, sizeof s, &s_len),
        NX_CRYPTO_INVALID_KEY);
    EXPECT(s_len == 0);
    EXPECT_CODE(
        crypto_sig_ecdsa_sign(m, curve, AREA, AREA_SIZE, d, d_len, digest, 32, s, 8, &s_len),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_sig_ecdsa_sign(m, curve, AREA, AREA_SIZE, d, d_len, digest, 32, s, sizeof s, NULL),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_sig_ecdsa_verify(NULL, curve, AREA, AREA_SIZE, q, q_len, digest, 32, s, s_len),
        NX_CRYPTO_PTR_ERROR);
}

int main(void)
{
    wycheproof("ecdsa_secp256r1_sha256_test.txt", &crypto_method_ec_secp256);
    wycheproof("ecdsa_secp384r1_sha384_test.txt", &crypto_method_ec_secp384);
    round_trips();
    hostile();
    return test_finish("ecdsa");
}
