/* SPDX-License-Identifier: MIT */
/* hmac_test: crypto_method_hmac_sha1/256/384/512 (docs/netx-api.md 6.6 "HMAC"). Known answers: Wycheproof
 * hmac_sha1/256/384 (truncated tags included: HASH_CALCULATE writes min(capacity, ICV/8)), RFC 4231
 * test case 2 for SHA-256 and SHA-512. Then the record-MAC pattern (keyed once, many records), rekeying
 * at HASH_INITIALIZE, NetX-style use without init, one-shot ops and misuse. */
#include <string.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena[512];
#define AREA      (arena + 4)
#define AREA_SIZE (sizeof arena - 4)

static uint8_t key[VEC_MAX_BYTES], msg[VEC_MAX_BYTES], tag[64], out[64];

/* mac runs one MAC in an initialised area: INITIALIZE (with the key), UPDATE in two pieces, CALCULATE. */
static UINT mac(const NX_CRYPTO_METHOD *m, const uint8_t *k, size_t k_len, const uint8_t *in,
                size_t len, uint8_t *o, size_t cap)
{
    NXD_TRY(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, k, (UINT)(k_len * 8), NULL, 0, NULL, NULL, 0,
                      AREA, AREA_SIZE));
    NXD_TRY(
        crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, in, len / 2, NULL, NULL, 0, AREA, AREA_SIZE));
    NXD_TRY(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, in + len / 2, len - len / 2, NULL, NULL, 0,
                      AREA, AREA_SIZE));
    return crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, o, cap, AREA, AREA_SIZE);
}

static void wycheproof(const char *file, const NX_CRYPTO_METHOD *m)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    char path[128];
    snprintf(path, sizeof path, "vectors/wycheproof/%s", file);
    if (!vec_open(&v, path)) {
        return;
    }
    while (vec_next(&v)) {
        size_t k_len = vec_hex(&v, "key", key, sizeof key);
        size_t len = vec_hex(&v, "msg", msg, sizeof msg);
        size_t t_len = vec_hex(&v, "tag", tag, sizeof tag);
        size_t want = (size_t)vec_num(&v, "tagSize") / 8;
        EXPECT_OK(crypto_init(m, key, (UINT)(k_len * 8), AREA, AREA_SIZE));
        memset(out, 0, sizeof out);
        /* Capacity = the tag size asked for: the method writes that many bytes of the MAC. */
        UINT st = mac(m, key, k_len, msg, len, out, want);
        EXPECT_OK(st);
        bool ok = st == NX_CRYPTO_SUCCESS && t_len == want && memcmp(out, tag, t_len) == 0;
        /* Nothing past the capacity was written. */
        EXPECT(out[want] == 0 || want == sizeof out);
        vec_account(&counts, &v, ok);
        crypto_cleanup(m, AREA);
    }
    vec_close(&v);
    vec_report(file, &counts);
    EXPECT(counts.valid > 50 && counts.invalid > 50);
}

static void rfc4231(void)
{
    /* RFC 4231 4.3, test case 2: key "Jefe", data "what do ya want for nothing?". */
    static const uint8_t k[] = "Jefe";
    static const uint8_t data[] = "what do ya want for nothing?";
    static const struct {
        const NX_CRYPTO_METHOD *m;
        const char *hex;
    } cases[] = {
        {&crypto_method_hmac_sha256,
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {&crypto_method_hmac_sha512,
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
         "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
    };
    for (size_t i = 0; i < 2; i++) {
        const NX_CRYPTO_METHOD *m = cases[i].m;
        uint8_t want[64];
        long n = test_hex_decode(cases[i].hex, want, sizeof want);
        EXPECT(n == (long)(m->nx_crypto_ICV_size_in_bits / 8));
        EXPECT_OK(crypto_init(m, k, 4 * 8, AREA, AREA_SIZE));
        /* The record-MAC pattern: keyed once, reset per record by HASH_INITIALIZE with the same key. */
        for (int record = 0; record < 4; record++) {
            memset(out, 0, sizeof out);
            EXPECT_OK(mac(m, k, 4, data, 28, out, sizeof out));
            EXPECT_MEM(out, want, (size_t)n);
        }
        /* HASH_INITIALIZE without a key reuses init's key. */
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, AREA,
                            AREA_SIZE));
        EXPECT_OK(
            crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, data, 28, NULL, NULL, 0, AREA, AREA_SIZE));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, sizeof out,
                            AREA, AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        /* A different key at HASH_INITIALIZE rekeys (a NetX caller reusing the area), and back again. */
        uint8_t other[64];
        EXPECT_OK(mac(m, (const uint8_t *)"Jeff", 4, data, 28, other, sizeof other));
        EXPECT(memcmp(other, want, (size_t)n) != 0);
        EXPECT_OK(mac(m, k, 4, data, 28, out, sizeof out));
        EXPECT_MEM(out, want, (size_t)n);
        /* One-shot: any other op is HMAC(key, input); the keyed state is untouched. */
        memset(out, 0, sizeof out);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_AUTHENTICATE, k, 32, data, 28, NULL, out, sizeof out, AREA,
                            AREA_SIZE));
        EXPECT_MEM(out, want, (size_t)n);
        EXPECT_OK(mac(m, NULL, 0, data, 28, out, sizeof out));
        EXPECT_MEM(out, want, (size_t)n);
        crypto_cleanup(m, AREA);

        /* NetX's DTLS path skips init and keys at HASH_INITIALIZE; then the caller must clean up. */
        memset(arena, 0, sizeof arena);
        memset(out, 0, sizeof out);
        EXPECT_OK(mac(m, k, 4, data, 28, out, sizeof out));
        EXPECT_MEM(out, want, (size_t)n);
        crypto_cleanup(m, AREA);
    }
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_hmac_sha256;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t k[32] = {1}, data[8] = {2};
    EXPECT(size <= 512);
    EXPECT_CODE(crypto_init(m, k, 256, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 256, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, k, 256, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 256, arena, size), NX_CRYPTO_PTR_ERROR);
    NX_CRYPTO_METHOD wrong = crypto_method_hmac_sha256;
    wrong.nx_crypto_algorithm = NX_CRYPTO_HASH_SHA256;
    EXPECT_CODE(crypto_init(&wrong, k, 256, arena, size), NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(
        crypto_op(&wrong, NX_CRYPTO_HASH_INITIALIZE, k, 256, NULL, 0, NULL, NULL, 0, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL);

    memset(arena, 0, sizeof arena);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, data, 8, NULL, NULL, 0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(crypto_init(m, k, 256, arena, size));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, data, 8, NULL, NULL, 0, arena, size),
                NX_CRYPTO_NOT_SUCCESSFUL); /* no HASH_INITIALIZE yet */
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, 32, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_OK(
        crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size));
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, NULL, 8, NULL, NULL, 0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, 0, arena, size),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, NULL, 32, arena, size),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    /* Started by the SHA-256 row, continued by the SHA-1 row: refused. */
    EXPECT_CODE(crypto_op(&crypto_method_hmac_sha1, NX_CRYPTO_HASH_UPDATE, NULL, 0, data, 8, NULL,
                          NULL, 0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    /* A byte copy is not a live instance. */
    static _Alignas(8) uint8_t copy[512];
    memcpy(copy, arena, size);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, data, 8, NULL, NULL, 0, copy, size),
                NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, copy);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena);
    EXPECT_CODE(m->nx_crypto_cleanup(arena + 2), NX_CRYPTO_PTR_ERROR);
    /* Keyless init then INITIALIZE with no key either: nothing to MAC with. */
    EXPECT_OK(crypto_init(m, NULL, 0, arena, size));
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size),
        NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, arena);
}

int main(void)
{
    wycheproof("hmac_sha1_test.txt", &crypto_method_hmac_sha1);
    wycheproof("hmac_sha256_test.txt", &crypto_method_hmac_sha256);
    wycheproof("hmac_sha384_test.txt", &crypto_method_hmac_sha384);
    rfc4231();
    hostile();
    return test_finish("hmac");
}
