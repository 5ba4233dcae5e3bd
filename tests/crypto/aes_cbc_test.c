/* SPDX-License-Identifier: MIT */
/* aes_cbc_test: crypto_method_aes_cbc_128 / _256 (docs/netx-api.md 6.6 "AES-CBC": raw CBC, the caller pads).
 * Known answers: NIST SP 800-38A F.2.1 / F.2.2 (CBC-AES128) and F.2.5 / F.2.6 (CBC-AES256); Wycheproof
 * aes_cbc_pkcs5_test.json through the raw method with PKCS#7 padding added and checked here (the check
 * is branch-free over the padding bytes, as the engine's must be). Then chaining, direction changes and
 * misuse. */
#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[256];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

static uint8_t key[64], iv[64], msg[VEC_MAX_BYTES], ct[VEC_MAX_BYTES], buf[VEC_MAX_BYTES + 16];

/* unpad returns the PKCS#7 plaintext length, or -1. Time depends on len only. */
static long unpad(const uint8_t *p, size_t len)
{
    if (len == 0 || len % 16 != 0) {
        return -1; /* public: the record length */
    }
    uint32_t pad = p[len - 1];
    uint32_t good = ct_mask_nonzero(pad) & ~ct_mask_lt(16, pad); /* 1 <= pad <= 16 */
    for (uint32_t i = 0; i < 16; i++) {
        uint32_t in_pad = ct_mask_lt(i, pad);
        good &= ~in_pad | ct_mask_eq(p[len - 1 - i], pad);
    }
    /* one decision at the end */
    return good != 0 ? (long)(len - pad) : -1;
}

static size_t pad(uint8_t *p, size_t len)
{
    size_t n = 16 - len % 16;
    memset(p + len, (int)n, n);
    return len + n;
}

static UINT cbc_run(const NX_CRYPTO_METHOD *m, UINT init_op, UINT update_op, const uint8_t *v,
                    const uint8_t *in, size_t len, uint8_t *out)
{
    NXD_TRY(
        crypto_op(m, init_op, NULL, 0, NULL, 0, (uint8_t *)(uintptr_t)v, NULL, 0, AREA, AREA_SIZE));
    NXD_TRY(crypto_op(m, update_op, NULL, 0, in, len, NULL, out, len, AREA, AREA_SIZE));
    return crypto_op(m, update_op + 2, NULL, 0, NULL, 0, NULL, NULL, 0, AREA,
                     AREA_SIZE); /* *_CALCULATE */
}

static void nist(void)
{
    /* SP 800-38A appendix F.2: the same four plaintext blocks, IV 000102..0f. */
    static const char *pt_hex = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
    static const struct {
        const NX_CRYPTO_METHOD *m;
        const char *key;
        const char *ct;
    } cases[] = {
        {&crypto_method_aes_cbc_128, "2b7e151628aed2a6abf7158809cf4f3c",
         "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
         "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
        {&crypto_method_aes_cbc_256,
         "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
         "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
         "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"},
    };
    uint8_t pt[64], want[64], out[64], v[16];
    test_hex_decode(pt_hex, pt, sizeof pt);
    for (int i = 0; i < 16; i++) {
        v[i] = (uint8_t)i;
    }
    for (size_t c = 0; c < 2; c++) {
        const NX_CRYPTO_METHOD *m = cases[c].m;
        long key_len = test_hex_decode(cases[c].key, key, sizeof key);
        test_hex_decode(cases[c].ct, want, sizeof want);
        EXPECT_OK(crypto_init(m, key, (UINT)(key_len * 8), AREA, AREA_SIZE));
        EXPECT_OK(
            cbc_run(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NX_CRYPTO_ENCRYPT_UPDATE, v, pt, 64, out));
        EXPECT_MEM(out, want, 64);
        /* Decrypt (the key schedule switches direction), in place, in two UPDATEs: chaining carries. */
        memcpy(out, want, 64);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, NULL, 0, v, NULL, 0, AREA,
                            AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, out, 32, NULL, out, 32, AREA,
                            AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, out + 32, 32, NULL, out + 32, 32,
                            AREA, AREA_SIZE));
        EXPECT_MEM(out, pt, 64);
        /* Encrypt again on the same area: switches back. Three UPDATEs of 16, 32, 16. */
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, v, NULL, 0, AREA,
                            AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 16, NULL, out, 16, AREA,
                            AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt + 16, 32, NULL, out + 16, 32,
                            AREA, AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt + 48, 16, NULL, out + 48, 16,
                            AREA, AREA_SIZE));
        EXPECT_MEM(out, want, 64);
        /* The one-shot forms. */
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, pt, 64, v, out, 64, AREA, AREA_SIZE));
        EXPECT_MEM(out, want, 64);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, want, 64, v, out, 64, AREA, AREA_SIZE));
        EXPECT_MEM(out, pt, 64);
        /* F.2.2 / F.2.6 decrypt from the middle: block 3 with block 2 as IV gives plaintext block 3. */
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, want + 32, 16, want + 16, out, 16, AREA,
                            AREA_SIZE));
        EXPECT_MEM(out, pt + 32, 16);
        crypto_cleanup(m, AREA);
    }
}

static void wycheproof(void)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    if (!vec_open(&v, "vectors/wycheproof/aes_cbc_pkcs5_test.txt")) {
        return;
    }
    while (vec_next(&v)) {
        size_t key_len = vec_hex(&v, "key", key, sizeof key);
        size_t iv_len = vec_hex(&v, "iv", iv, sizeof iv);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t ct_len = vec_hex(&v, "ct", ct, sizeof ct);
        const NX_CRYPTO_METHOD *m =
            key_len == 32 ? &crypto_method_aes_cbc_256 : &crypto_method_aes_cbc_128;
        EXPECT(iv_len == 16);
        EXPECT_OK(crypto_init(m, key, (UINT)(key_len * 8), AREA, AREA_SIZE));
        if (vec_is(&v, "valid")) {
            memcpy(buf, msg, len);
            size_t padded = pad(buf, len);
            EXPECT_OK(cbc_run(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NX_CRYPTO_ENCRYPT_UPDATE, iv, buf,
                              padded, buf));
            EXPECT(padded == ct_len && memcmp(buf, ct, ct_len) == 0);
        }
        /* Decrypt: the method takes whole blocks only (else NX_CRYPTO_PTR_ERROR); padding is ours. */
        UINT st =
            cbc_run(m, NX_CRYPTO_DECRYPT_INITIALIZE, NX_CRYPTO_DECRYPT_UPDATE, iv, ct, ct_len, buf);
        if (ct_len % 16 != 0) {
            EXPECT_CODE(st, NX_CRYPTO_PTR_ERROR);
        } else {
            EXPECT_OK(st);
        }
        long plain = st == NX_CRYPTO_SUCCESS ? unpad(buf, ct_len) : -1;
        bool ok = plain >= 0 && (size_t)plain == len && memcmp(buf, msg, len) == 0;
        vec_account(&counts, &v, ok);
        crypto_cleanup(m, AREA);
    }
    vec_close(&v);
    vec_report("wycheproof aes_cbc_pkcs5 (raw CBC + padding check in the test)", &counts);
    EXPECT(counts.valid > 50 && counts.invalid > 50);
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_cbc_128;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t k[32] = {3}, v[16] = {4}, data[48] = {5};
    EXPECT(size <= 96);
    EXPECT_CODE(crypto_init(m, k, 128, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 128, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 128, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 128, arena, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 64, arena, size), NX_CRYPTO_UNSUPPORTED_KEY_SIZE);
    EXPECT_CODE(crypto_init(m, k, 129, arena, size), NX_CRYPTO_UNSUPPORTED_KEY_SIZE);
    memset(arena, 0, sizeof arena);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, v, NULL, 0, arena, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(
        crypto_init(m, k, 192, arena, size)); /* 6.6: the key size passed decides, as NetX's AES */
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, data, 16, NULL, data, 16, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL); /* no IV yet */
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(
        crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, v, NULL, 0, arena, size));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, data, 15, NULL, data, 15, arena, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, data, 32, NULL, data, 16, arena, size),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, NULL, 16, NULL, data, 16, arena, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, data, 16, NULL, data, 16, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL); /* the chain in progress is an encryption */
    EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, data, 0, NULL, data, 0, arena, size));
    EXPECT_OK(
        crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size),
        NX_CRYPTO_INVALID_ALGORITHM);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, data, 16, NULL, data, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, v, NULL, 0, arena, 16),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena);
    EXPECT_CODE(m->nx_crypto_cleanup(NULL), NX_CRYPTO_SUCCESS);
}

int main(void)
{
    nist();
    wycheproof();
    hostile();
    return test_finish("aes_cbc");
}
