/* SPDX-License-Identifier: MIT */
/* aes_gcm_test: crypto_method_aes_128_gcm_16 / _256_gcm_16 through the per-record protocol of
 * docs/netx-api.md 6.6 (13-byte iv_ptr, AAD at INITIALIZE, one UPDATE, CALCULATE writes or checks the tag),
 * driven by Wycheproof aes_gcm_test.json (tests/vectors/wycheproof), then the TLS nonce paths (consecutive,
 * repeated, jumping and wrapping nonces, both directions on one area, checked against OpenSSL's EVP with a
 * fresh context per record), then hostile cases. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[512];
#define AREA      (arena + 4) /* 4-aligned, not 8-aligned: the method must cope */
#define AREA_SIZE (sizeof arena - 4)

static uint8_t key[64], iv[512], aad[VEC_MAX_BYTES], msg[VEC_MAX_BYTES], ct[VEC_MAX_BYTES], tag[64];
static uint8_t out[VEC_MAX_BYTES], got_tag[16];

static const NX_CRYPTO_METHOD *row_for(size_t key_len)
{
    return key_len == 32 ? &crypto_method_aes_256_gcm_16 : &crypto_method_aes_128_gcm_16;
}

/* iv13 builds 6.6's iv_ptr: [0] = nonce length, then the nonce. */
static uint8_t *iv_block(const uint8_t *nonce, size_t n)
{
    static uint8_t block[1 + 255];
    block[0] = (uint8_t)n;
    memcpy(block + 1, nonce, n);
    return block;
}

/* seal runs one record's encryption; returns the first failing status. */
static UINT seal(const NX_CRYPTO_METHOD *m, const uint8_t *nonce, size_t n, const uint8_t *a,
                 size_t a_len, const uint8_t *in, size_t len, uint8_t *o, uint8_t *t)
{
    NXD_TRY(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, a, a_len, iv_block(nonce, n), NULL,
                      len, AREA, AREA_SIZE));
    NXD_TRY(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, in, len, NULL, o, len, AREA, AREA_SIZE));
    return crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t, 16, AREA,
                     AREA_SIZE);
}

static UINT open_record(const NX_CRYPTO_METHOD *m, const uint8_t *nonce, size_t n, const uint8_t *a,
                        size_t a_len, const uint8_t *in, size_t len, uint8_t *o, const uint8_t *t,
                        size_t t_len)
{
    NXD_TRY(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, a, a_len, iv_block(nonce, n), NULL,
                      len, AREA, AREA_SIZE));
    NXD_TRY(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, in, len, NULL, o, len, AREA, AREA_SIZE));
    return crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t, t_len, NULL, NULL, 0, AREA,
                     AREA_SIZE);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

static void wycheproof(void)
{
    struct vec_file v;
    struct vec_counts c12 = {0}, other = {0};
    unsigned tag_skipped = 0;
    if (!vec_open(&v, "vectors/wycheproof/aes_gcm_test.txt")) {
        return;
    }
    while (vec_next(&v)) {
        size_t key_len = vec_hex(&v, "key", key, sizeof key);
        size_t n = vec_hex(&v, "iv", iv, sizeof iv);
        size_t a_len = vec_hex(&v, "aad", aad, sizeof aad);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t ct_len = vec_hex(&v, "ct", ct, sizeof ct);
        size_t tag_len = vec_hex(&v, "tag", tag, sizeof tag);
        if (vec_num(&v, "tagSize") != 128 || n > 128) {
            /* No 16-byte-tag row for other tags; 6.6's iv_ptr length byte and OpenSSL's GCM stop at
             * 128-byte nonces. */
            tag_skipped++;
            continue;
        }
        struct vec_counts *counts = n == 12 ? &c12 : &other;
        const NX_CRYPTO_METHOD *m = row_for(key_len);
        UINT init = crypto_init(m, key, (UINT)(key_len * 8), AREA, AREA_SIZE);
        EXPECT_OK(init);
        if (init != NX_CRYPTO_SUCCESS) {
            continue;
        }
        /* Encryption must reproduce ct || tag for every vector that has a valid nonce. */
        bool sealed = seal(m, iv, n, aad, a_len, msg, len, out, got_tag) == NX_CRYPTO_SUCCESS;
        bool enc_match = sealed && ct_len == len && memcmp(out, ct, len) == 0 && tag_len == 16 &&
                         memcmp(got_tag, tag, 16) == 0;
        /* Decryption decides validity; on failure the output must be zeroed. */
        memset(out, 0xA5, ct_len);
        UINT st = open_record(m, iv, n, aad, a_len, ct, ct_len, out, tag, tag_len);
        bool opened = st == NX_CRYPTO_SUCCESS && ct_len == len && memcmp(out, msg, len) == 0;
        if (st == NX_CRYPTO_AUTHENTICATION_FAILED) {
            EXPECT(all_zero(out, ct_len));
        }
        if (vec_is(&v, "valid")) {
            EXPECT(enc_match);
        }
        vec_account(counts, &v, opened);
        crypto_cleanup(m, AREA);
    }
    vec_close(&v);
    other.skipped = tag_skipped;
    vec_report("wycheproof aes_gcm, 12-byte IVs", &c12);
    vec_report("wycheproof aes_gcm, other IV sizes (1..128 bytes; longer ones skipped)", &other);
    EXPECT(c12.valid > 100 && c12.invalid > 30);
}

/* A 12-byte TLS nonce: 4-byte salt || epoch(2) || sequence(6), AAD of 13 bytes (6.6). */
static void record_shape(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_128_gcm_16;
    uint8_t k[16], nonce[12], ad[13], pt[100], c[100], p2[100], t[16];
    for (size_t i = 0; i < sizeof pt; i++) {
        pt[i] = (uint8_t)i;
    }
    memset(k, 0x11, sizeof k);
    memset(nonce, 0x22, sizeof nonce);
    memset(ad, 0x33, sizeof ad);

    EXPECT_OK(crypto_init(m, k, 128, AREA, AREA_SIZE));
    EXPECT_OK(seal(m, nonce, 12, ad, 13, pt, sizeof pt, c, t));
    /* Many records on the same keyed area, in place, alternating direction. */
    for (int r = 0; r < 5; r++) {
        memcpy(p2, c, sizeof c);
        EXPECT_OK(open_record(m, nonce, 12, ad, 13, p2, sizeof p2, p2, t, 16));
        EXPECT_MEM(p2, pt, sizeof pt);
    }

    /* Tag flip: AUTHENTICATION_FAILED and no plaintext released. */
    for (size_t bit = 0; bit < 128; bit += 9) {
        uint8_t bad[16];
        memcpy(bad, t, 16);
        bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        memset(p2, 0xA5, sizeof p2);
        EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, bad, 16),
                    NX_CRYPTO_AUTHENTICATION_FAILED);
        EXPECT(all_zero(p2, sizeof p2));
    }
    /* Ciphertext, AAD and nonce flips fail the same way. */
    c[50] ^= 1;
    EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, 16),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    c[50] ^= 1;
    ad[12] ^= 1;
    EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, 16),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    ad[12] ^= 1;
    nonce[11] ^= 1;
    EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, 16),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    nonce[11] ^= 1;
    /* A short tag is a failed tag. */
    EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, 15),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    EXPECT(all_zero(p2, sizeof p2));
    /* After all that the area still works. */
    EXPECT_OK(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, 16));
    EXPECT_MEM(p2, pt, sizeof pt);

    /* Two contiguous DECRYPT_UPDATEs are one record; a failed tag zeroes both parts. */
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12), NULL,
                        100, AREA, AREA_SIZE));
    EXPECT_OK(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, c, 40, NULL, p2, 40, AREA, AREA_SIZE));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, c + 40, 60, NULL, p2 + 40, 60, AREA,
                        AREA_SIZE));
    t[0] ^= 1;
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t, 16, NULL, NULL, 0, AREA, AREA_SIZE),
        NX_CRYPTO_AUTHENTICATION_FAILED);
    t[0] ^= 1;
    EXPECT(all_zero(p2, sizeof p2));
    /* A second UPDATE writing elsewhere cannot be zeroed later: refused, and the first part zeroed. */
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12), NULL,
                        100, AREA, AREA_SIZE));
    EXPECT_OK(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, c, 40, NULL, p2, 40, AREA, AREA_SIZE));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, c + 40, 60, NULL, out, 60, AREA, AREA_SIZE),
        NX_CRYPTO_INVALID_PARAMETER);
    EXPECT(all_zero(p2, 40));

    /* Order of operations (6.6 codes for a sequencing error: NOT_SUCCESSFUL). */
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 16, NULL, c, 16, AREA, AREA_SIZE),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t, 16, AREA, AREA_SIZE),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12), NULL,
                        16, AREA, AREA_SIZE));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, pt, 16, NULL, c, 16, AREA, AREA_SIZE),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t, 16, NULL, NULL, 0, AREA, AREA_SIZE),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12), NULL,
                        16, AREA, AREA_SIZE));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t, 15, AREA, AREA_SIZE),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, NULL, NULL, 16, AREA,
                          AREA_SIZE),
                NX_CRYPTO_PTR_ERROR);
    uint8_t zero_len_nonce[1] = {0};
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, zero_len_nonce, NULL,
                          16, AREA, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, pt, 16, NULL, c, 16, AREA, AREA_SIZE),
                NX_CRYPTO_INVALID_ALGORITHM);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_PRF, NULL, 0, pt, 16, NULL, c, 16, AREA, AREA_SIZE),
                NX_CRYPTO_INVALID_ALGORITHM);

    /* The one-shot forms with SET_ADDITIONAL_DATA (output = ct || tag) agree with the record form. */
    uint8_t sealed[116], opened[100];
    EXPECT_OK(crypto_op(m, NX_CRYPTO_SET_ADDITIONAL_DATA, NULL, 0, ad, 13, NULL, NULL, 0, AREA,
                        AREA_SIZE));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, pt, 100, iv_block(nonce, 12), sealed,
                        sizeof sealed, AREA, AREA_SIZE));
    EXPECT_MEM(sealed, c, 100);
    EXPECT_MEM(sealed + 100, t, 16);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, pt, 100, iv_block(nonce, 12), sealed, 115,
                          AREA, AREA_SIZE),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, sealed, 116, iv_block(nonce, 12), opened,
                        sizeof opened, AREA, AREA_SIZE));
    EXPECT_MEM(opened, pt, 100);
    sealed[115] ^= 0x80;
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, sealed, 116, iv_block(nonce, 12), opened,
                          sizeof opened, AREA, AREA_SIZE),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    EXPECT(all_zero(opened, sizeof opened));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, sealed, 15, iv_block(nonce, 12), opened,
                          sizeof opened, AREA, AREA_SIZE),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    crypto_cleanup(m, AREA);
}

static void hostile_metadata(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_256_gcm_16;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t k[32] = {1};
    EXPECT(size <= 96);
    EXPECT_CODE(crypto_init(m, k, 256, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 256, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 256, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 256, arena, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 100, arena, size), NX_CRYPTO_UNSUPPORTED_KEY_SIZE);
    EXPECT_CODE(crypto_init(m, k, 512, arena, size), NX_CRYPTO_UNSUPPORTED_KEY_SIZE);
    /* An area never initialised, or a byte copy of a live one, is not an instance. */
    memset(arena, 0, sizeof arena);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, k, 16, NULL, k, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(crypto_init(m, k, 256, arena, size));
    static _Alignas(8) uint8_t copy[512];
    memcpy(copy, arena, size);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, k, 16, NULL, k, 16, copy, size),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, copy); /* a copy is not freed: no double free under valgrind/ASan */
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12), NULL,
                          0, NULL, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12), NULL,
                          0, arena + 1, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12), NULL,
                          0, arena, 8),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena); /* second cleanup: nothing */
    EXPECT_CODE(m->nx_crypto_cleanup(NULL), NX_CRYPTO_SUCCESS);
    EXPECT_CODE(m->nx_crypto_cleanup(arena + 1), NX_CRYPTO_PTR_ERROR);
    /* A row with an impossible ICV is refused at CALCULATE. */
    NX_CRYPTO_METHOD no_tag = crypto_method_aes_128_gcm_16;
    no_tag.nx_crypto_ICV_size_in_bits = 0;
    EXPECT_OK(crypto_init(&no_tag, k, 128, arena, size));
    EXPECT_OK(crypto_op(&no_tag, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12),
                        NULL, 0, arena, size));
    EXPECT_CODE(
        crypto_op(&no_tag, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, k, 16, arena, size),
        NX_CRYPTO_INVALID_PARAMETER);
    crypto_cleanup(&no_tag, arena);
}

/* reference_seal encrypts with a fresh EVP context: what any record must come out as. */
static void reference_seal(const uint8_t k[16], const uint8_t *nonce, size_t n, const uint8_t *a,
                           size_t a_len, const uint8_t *in, size_t len, uint8_t *o, uint8_t t[16])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int got = 0;
    EXPECT(ctx != NULL && EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, NULL, NULL) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)n, NULL) == 1 &&
           EVP_EncryptInit_ex(ctx, NULL, NULL, k, nonce) == 1 &&
           EVP_EncryptUpdate(ctx, NULL, &got, a, (int)a_len) == 1 &&
           EVP_EncryptUpdate(ctx, o, &got, in, (int)len) == 1 &&
           EVP_EncryptFinal_ex(ctx, o + len, &got) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, t) == 1);
    EVP_CIPHER_CTX_free(ctx);
}

/* tls_nonces drives one area through the nonce sequences the record layer and other callers produce. */
static void tls_nonces(void)
{
    static const struct {
        int encrypt;
        uint8_t salt;      /* first nonce byte (the rest of the salt is fixed) */
        uint64_t explicit; /* the 8-byte explicit part */
        size_t n;          /* nonce length */
        int bad_tag;
    } steps[] = {
        {1, 0xA1, 1, 12, 0},  {1, 0xA1, 2, 12, 0},          {1, 0xA1, 3, 12, 0},
        {1, 0xA1, 10, 12, 0}, {1, 0xA1, 10, 12, 0}, /* the caller repeats a nonce: it gets that nonce */
        {1, 0xB2, 11, 12, 0},                       /* another salt */
        {0, 0xA1, 4, 12, 0},  {0, 0xA1, 5, 12, 0},          {0, 0xB2, 6, 12, 0},
        {0, 0xA1, 7, 12, 1},  {0, 0xA1, 8, 12, 0}, /* a forgery fails; the next record is fine */
        {1, 0xA1, 12, 12, 0}, {1, 0xA1, UINT64_MAX, 12, 0}, {1, 0xA1, 0, 12, 0}, /* wraps */
        {1, 0xA1, 1, 16, 0},  {1, 0xA1, 1, 12, 0},          {0, 0xA1, 1, 16, 0},
        {0, 0xA1, 2, 12, 0},
    };
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_128_gcm_16;
    uint8_t k[16], a[13], pt[64], c_ref[80], t_ref[16], c_got[80], t_got[16], p_got[64];
    for (size_t i = 0; i < sizeof k; i++) {
        k[i] = (uint8_t)(0x10 + i);
    }
    memset(a, 0x17, sizeof a);
    EXPECT_OK(crypto_init(m, k, 128, AREA, AREA_SIZE));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        uint8_t nonce[16] = {steps[i].salt, 0x22, 0x33, 0x44};
        for (size_t b = 0; b < 8; b++) {
            nonce[steps[i].n - 1 - b] = (uint8_t)(steps[i].explicit >> (8 * b));
        }
        memset(pt, (int)i, sizeof pt);
        reference_seal(k, nonce, steps[i].n, a, sizeof a, pt, sizeof pt, c_ref, t_ref);
        if (steps[i].encrypt) {
            EXPECT_OK(seal(m, nonce, steps[i].n, a, sizeof a, pt, sizeof pt, c_got, t_got));
            EXPECT_MEM(c_got, c_ref, sizeof pt);
            EXPECT_MEM(t_got, t_ref, sizeof t_ref);
        } else {
            t_ref[0] ^= (uint8_t)steps[i].bad_tag;
            UINT st = open_record(m, nonce, steps[i].n, a, sizeof a, c_ref, sizeof pt, p_got, t_ref,
                                  sizeof t_ref);
            if (steps[i].bad_tag) {
                EXPECT(st != NX_CRYPTO_SUCCESS && all_zero(p_got, sizeof pt));
            } else {
                EXPECT_OK(st);
                EXPECT_MEM(p_got, pt, sizeof pt);
            }
        }
    }
    crypto_cleanup(m, AREA);
}

int main(void)
{
    wycheproof();
    tls_nonces();
    record_shape();
    hostile_metadata();
    return test_finish("aes_gcm");
}
