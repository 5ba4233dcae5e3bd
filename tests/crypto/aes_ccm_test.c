/* SPDX-License-Identifier: MIT */
/* aes_ccm_test: crypto_method_aes_ccm_8 / _ccm_16 through the per-record protocol of docs/netx-api.md 6.6
 * (13-byte iv_ptr, AAD and plaintext length at INITIALIZE, one UPDATE, CALCULATE), driven by Wycheproof
 * aes_ccm_test.json: 12-byte nonces with 8- and 16-byte tags on the real rows, other nonce and tag
 * sizes on a copy of the row with another ICV (the method reads the tag size from the row). Then the
 * RFC 6655-shaped TLS record, tag flips and misuse. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[512];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

static uint8_t key[64], iv[512], aad[VEC_MAX_BYTES], msg[VEC_MAX_BYTES], ct[VEC_MAX_BYTES], tag[64];
static uint8_t out[VEC_MAX_BYTES], got_tag[16];

static uint8_t *iv_block(const uint8_t *nonce, size_t n)
{
    static uint8_t block[1 + 255];
    block[0] = (uint8_t)n;
    memcpy(block + 1, nonce, n);
    return block;
}

static UINT seal(const NX_CRYPTO_METHOD *m, const uint8_t *nonce, size_t n, const uint8_t *a,
                 size_t a_len, const uint8_t *in, size_t len, uint8_t *o, uint8_t *t, size_t t_cap)
{
    /* 6.6: output_length of ENCRYPT_INITIALIZE is the plaintext length (CCM needs it first). */
    NXD_TRY(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, a, a_len, iv_block(nonce, n), NULL,
                      len, AREA, AREA_SIZE));
    NXD_TRY(
        crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, in, len, NULL, o, len, AREA, AREA_SIZE));
    return crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t, t_cap, AREA,
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
    struct vec_counts tls = {0}, other = {0};
    if (!vec_open(&v, "vectors/wycheproof/aes_ccm_test.txt")) {
        return;
    }
    while (vec_next(&v)) {
        size_t key_len = vec_hex(&v, "key", key, sizeof key);
        size_t n = vec_hex(&v, "iv", iv, sizeof iv);
        size_t a_len = vec_hex(&v, "aad", aad, sizeof aad);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t ct_len = vec_hex(&v, "ct", ct, sizeof ct);
        size_t tag_len = vec_hex(&v, "tag", tag, sizeof tag);
        long tag_bits = vec_num(&v, "tagSize");
        bool tls_shape = n == 12 && (tag_bits == 64 || tag_bits == 128);
        struct vec_counts *counts = tls_shape ? &tls : &other;
        if (n > 255) {
            counts->skipped++; /* 6.6's iv_ptr length byte cannot say it */
            continue;
        }
        NX_CRYPTO_METHOD custom = crypto_method_aes_ccm_16;
        custom.nx_crypto_ICV_size_in_bits = (USHORT)tag_bits;
        const NX_CRYPTO_METHOD *m = tag_bits == 64    ? &crypto_method_aes_ccm_8
                                    : tag_bits == 128 ? &crypto_method_aes_ccm_16
                                                      : &custom;
        UINT init = crypto_init(m, key, (UINT)(key_len * 8), AREA, AREA_SIZE);
        if (init != NX_CRYPTO_SUCCESS) {
            /* Only an impossible tag size may stop init. */
            EXPECT_CODE(init, NX_CRYPTO_INVALID_PARAMETER);
            vec_account(counts, &v, false);
            continue;
        }
        bool sealed =
            seal(m, iv, n, aad, a_len, msg, len, out, got_tag, sizeof got_tag) == NX_CRYPTO_SUCCESS;
        bool enc_match = sealed && ct_len == len && memcmp(out, ct, len) == 0 &&
                         tag_len * 8 == (size_t)tag_bits && memcmp(got_tag, tag, tag_len) == 0;
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
    vec_report("wycheproof aes_ccm, nonce 12 with tag 8 or 16 (the TLS rows)", &tls);
    vec_report("wycheproof aes_ccm, other nonce and tag sizes (row copies with that ICV)", &other);
    EXPECT(tls.valid > 150 && tls.invalid > 50);
}

static void record_shape(void)
{
    const NX_CRYPTO_METHOD *rows[] = {&crypto_method_aes_ccm_8, &crypto_method_aes_ccm_16};
    for (size_t r = 0; r < 2; r++) {
        const NX_CRYPTO_METHOD *m = rows[r];
        size_t t_len = m->nx_crypto_ICV_size_in_bits / 8;
        uint8_t k[16], nonce[12], ad[13], pt[77], c[77], p2[77], t[16], bad[16];
        for (size_t i = 0; i < sizeof pt; i++) {
            pt[i] = (uint8_t)(i * 7);
        }
        memset(k, 0x42, sizeof k);
        memset(nonce, 0x24, sizeof nonce);
        memset(ad, 0x99, sizeof ad);
        EXPECT_OK(crypto_init(m, k, 128, AREA, AREA_SIZE));
        EXPECT_OK(seal(m, nonce, 12, ad, 13, pt, sizeof pt, c, t, t_len));
        /* A fresh area whose first use is decryption (the engine's read side): with AES-NI the key
         * setup fixes the direction, so this once failed for payloads of 16 bytes or more. */
        static _Alignas(8) uint8_t read_side[256];
        EXPECT_OK(crypto_init(m, k, 128, read_side, sizeof read_side));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, sizeof c, read_side, sizeof read_side));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, c, sizeof c, NULL, p2, sizeof p2,
                            read_side, sizeof read_side));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t, t_len, NULL, NULL, 0,
                            read_side, sizeof read_side));
        EXPECT_MEM(p2, pt, sizeof pt);
        crypto_cleanup(m, read_side);
        for (int i = 0; i < 3; i++) {
            memcpy(p2, c, sizeof c); /* in place */
            EXPECT_OK(open_record(m, nonce, 12, ad, 13, p2, sizeof p2, p2, t, t_len));
            EXPECT_MEM(p2, pt, sizeof pt);
        }
        for (size_t bit = 0; bit < t_len * 8; bit += 5) {
            memcpy(bad, t, t_len);
            bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            memset(p2, 0xA5, sizeof p2);
            EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, bad, t_len),
                        NX_CRYPTO_AUTHENTICATION_FAILED);
            EXPECT(all_zero(p2, sizeof p2));
        }
        memset(p2, 0xA5, sizeof p2);
        EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, t_len - 1),
                    NX_CRYPTO_AUTHENTICATION_FAILED);
        EXPECT(all_zero(p2, sizeof p2));
        c[0] ^= 0x10;
        EXPECT_CODE(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, t_len),
                    NX_CRYPTO_AUTHENTICATION_FAILED);
        c[0] ^= 0x10;
        EXPECT_OK(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, t_len));
        EXPECT_MEM(p2, pt, sizeof pt);

        /* Empty payload (no UPDATE at all, and an UPDATE of 0 bytes) still gets and checks a tag. */
        uint8_t t0[16], t1[16];
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, 0, AREA, AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t0, t_len, AREA,
                            AREA_SIZE));
        EXPECT_OK(seal(m, nonce, 12, ad, 13, NULL, 0, NULL, t1, t_len));
        EXPECT_MEM(t0, t1, t_len);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, 0, AREA, AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t0, t_len, NULL, NULL, 0, AREA,
                            AREA_SIZE));
        t0[0] ^= 1;
        EXPECT_CODE(open_record(m, nonce, 12, ad, 13, NULL, 0, NULL, t0, t_len),
                    NX_CRYPTO_AUTHENTICATION_FAILED);

        /* Misuse: UPDATE length not the announced one; two UPDATEs; wrong direction; bad nonce length. */
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, 77, AREA, AREA_SIZE));
        EXPECT_CODE(
            crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 76, NULL, c, 76, AREA, AREA_SIZE),
            NX_CRYPTO_INVALID_PARAMETER);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, 77, AREA, AREA_SIZE));
        EXPECT_OK(
            crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 77, NULL, c, 77, AREA, AREA_SIZE));
        EXPECT_CODE(
            crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 77, NULL, c, 77, AREA, AREA_SIZE),
            NX_CRYPTO_NOT_SUCCESSFUL);
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, t, t_len, NULL, NULL, 0,
                              AREA, AREA_SIZE),
                    NX_CRYPTO_NOT_SUCCESSFUL);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 12),
                            NULL, 77, AREA, AREA_SIZE));
        EXPECT_CODE(
            crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, 77, NULL, c, 77, AREA, AREA_SIZE),
            NX_CRYPTO_NOT_SUCCESSFUL);
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(nonce, 6),
                              NULL, 77, AREA, AREA_SIZE),
                    NX_CRYPTO_PTR_ERROR);
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(k, 14),
                              NULL, 77, AREA, AREA_SIZE),
                    NX_CRYPTO_PTR_ERROR);
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, t, 16, AREA,
                              AREA_SIZE),
                    NX_CRYPTO_NOT_SUCCESSFUL);
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, AREA,
                              AREA_SIZE),
                    NX_CRYPTO_INVALID_ALGORITHM);
        /* A 13-byte nonce leaves a 2-byte length field: 65536 bytes do not fit (RFC 3610 2.1). */
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(k, 13),
                              NULL, 65536, AREA, AREA_SIZE),
                    NX_CRYPTO_SIZE_ERROR);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, ad, 13, iv_block(k, 13), NULL,
                            65535, AREA, AREA_SIZE));
        /* ...and the area still works at nonce 12 afterwards (it rekeys back). */
        EXPECT_OK(open_record(m, nonce, 12, ad, 13, c, sizeof c, p2, t, t_len));

        /* One-shot forms agree with the record form. */
        uint8_t sealed[77 + 16], opened[77];
        EXPECT_OK(crypto_op(m, NX_CRYPTO_SET_ADDITIONAL_DATA, NULL, 0, ad, 13, NULL, NULL, 0, AREA,
                            AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, pt, 77, iv_block(nonce, 12), sealed,
                            77 + t_len, AREA, AREA_SIZE));
        EXPECT_MEM(sealed, c, 77);
        EXPECT_MEM(sealed + 77, t, t_len);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, sealed, 77 + t_len, iv_block(nonce, 12),
                            opened, 77, AREA, AREA_SIZE));
        EXPECT_MEM(opened, pt, 77);
        sealed[3] ^= 4;
        EXPECT_CODE(crypto_op(m, NX_CRYPTO_DECRYPT, NULL, 0, sealed, 77 + t_len,
                              iv_block(nonce, 12), opened, 77, AREA, AREA_SIZE),
                    NX_CRYPTO_AUTHENTICATION_FAILED);
        EXPECT(all_zero(opened, sizeof opened));
        crypto_cleanup(m, AREA);
    }
}

static void hostile_metadata(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_ccm_8;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t k[32] = {9};
    EXPECT(size <= 112);
    EXPECT_CODE(crypto_init(m, k, 128, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 128, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 128, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 128, arena, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 136, arena, size), NX_CRYPTO_UNSUPPORTED_KEY_SIZE);
    NX_CRYPTO_METHOD odd = crypto_method_aes_ccm_8;
    odd.nx_crypto_ICV_size_in_bits = 72; /* 9-byte tag: RFC 3610 allows even sizes only */
    EXPECT_CODE(crypto_init(&odd, k, 128, arena, size), NX_CRYPTO_INVALID_PARAMETER);
    memset(arena, 0, sizeof arena);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, k, 16, NULL, k, 16, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(crypto_init(m, k, 256, arena, size));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12), NULL,
                          0, arena, 8),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv_block(k, 12), NULL,
                          0, arena + 2, size),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena);
}

int main(void)
{
    wycheproof();
    record_shape();
    hostile_metadata();
    return test_finish("aes_ccm");
}
