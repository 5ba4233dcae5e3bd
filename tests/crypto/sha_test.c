/* SPDX-License-Identifier: MIT */
/* sha_test: the hash methods through the NetX interface. Known answers are the FIPS 180-2 appendix
 * examples ("abc", the 448-bit and 896-bit messages, one million 'a'), as published by NIST in the
 * "Cryptographic Standards and Guidelines: Examples with Intermediate Values" (SHA1.pdf, SHA256.pdf,
 * SHA384.pdf, SHA512.pdf). Hostile cases: NULL / misaligned / short areas, small outputs, wrong rows,
 * UPDATE before start, and the transcript fork by memcpy (docs/netx-api.md 6.6 "Hash"). */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"

#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896                                                                                     \
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmno" \
    "p"                                                                                            \
    "qrsmnopqrstnopqrstu"

struct vector {
    const NX_CRYPTO_METHOD *method;
    const char *msg; /* NULL: one million 'a' */
    const char *digest;
};

static const struct vector vectors[] = {
    {&crypto_method_sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {&crypto_method_sha1, MSG448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    {&crypto_method_sha1, NULL, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
    {&crypto_method_sha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {&crypto_method_sha256, "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {&crypto_method_sha256, MSG448,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {&crypto_method_sha256, NULL,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    {&crypto_method_sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {&crypto_method_sha384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c82"
     "5a7"},
    {&crypto_method_sha384, MSG896,
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746"
     "039"},
    {&crypto_method_sha384, NULL,
     "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8"
     "985"},
    {&crypto_method_sha512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fee"
     "bbd"
     "454d4423643ce80e2a9ac94fa54ca49f"},
    {&crypto_method_sha512, MSG896,
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b54"
     "33a"
     "c7d329eeb6dd26545e96e55b874be909"},
    {&crypto_method_sha512, NULL,
     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c"
     "31b"
     "eb009c5c2c49aa2e4eadb217ad8cc09b"},
};

/* An 8-aligned buffer; areas are carved from it at chosen offsets. */
static _Alignas(8) uint8_t arena[2048];

static void run_vectors(void)
{
    static uint8_t million[1000000];
    memset(million, 'a', sizeof million);
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const struct vector *v = &vectors[i];
        const uint8_t *msg = v->msg ? (const uint8_t *)v->msg : million;
        size_t len = v->msg ? strlen(v->msg) : sizeof million;
        uint8_t want[64], got[64];
        long want_len = test_hex_decode(v->digest, want, sizeof want);
        size_t got_len = 0;
        /* A 4-aligned (not 8-aligned) area works: SHA512_CTX is copied to an aligned stack copy. */
        EXPECT_OK(crypto_digest(v->method, arena + 4, v->method->nx_crypto_metadata_area_size, msg,
                              len, got, sizeof got, &got_len));
        EXPECT(got_len == (size_t)want_len && got_len == crypto_digest_size(v->method));
        EXPECT_MEM(got, want, (size_t)want_len);

        /* The same digest fed in odd-sized pieces. */
        void *area = arena;
        ULONG size = v->method->nx_crypto_metadata_area_size;
        EXPECT_OK(crypto_init(v->method, NULL, 0, area, size));
        EXPECT_OK(crypto_op(v->method, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0,
                            area, size));
        size_t step = 1;
        for (size_t off = 0; off < len; off += step, step = step * 3 % 1013 + 1) {
            size_t n = len - off < step ? len - off : step;
            EXPECT_OK(crypto_op(v->method, NX_CRYPTO_HASH_UPDATE, NULL, 0, msg + off, n, NULL, NULL,
                                0, area, size));
        }
        memset(got, 0, sizeof got);
        EXPECT_OK(crypto_op(v->method, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, got,
                            sizeof got, area, size));
        EXPECT_MEM(got, want, (size_t)want_len);
        crypto_cleanup(v->method, area);

        /* The one-shot form NetX's X.509 code uses (op NX_CRYPTO_VERIFY). */
        if (len < 1000) {
            EXPECT_OK(crypto_init(v->method, NULL, 0, area, size));
            memset(got, 0, sizeof got);
            EXPECT_OK(crypto_op(v->method, NX_CRYPTO_VERIFY, NULL, 0, msg, len, NULL, got,
                                sizeof got, area, size));
            EXPECT_MEM(got, want, (size_t)want_len);
            crypto_cleanup(v->method, area);
        }
    }
}

/* The transcript fork: copy the area mid-stream, finish the copy, continue the original. */
static void fork_by_memcpy(void)
{
    const NX_CRYPTO_METHOD *methods[] = {&crypto_method_sha1, &crypto_method_sha256,
                                         &crypto_method_sha384, &crypto_method_sha512};
    for (size_t i = 0; i < 4; i++) {
        const NX_CRYPTO_METHOD *m = methods[i];
        ULONG size = m->nx_crypto_metadata_area_size;
        uint8_t *a = arena, *b = arena + 1024 + 4; /* different alignment mod 8 */
        uint8_t fork_digest[64], full_digest[64], want_ab[64], want_abc[64];
        size_t n = 0;
        EXPECT_OK(crypto_digest(m, arena + 512, size, (const uint8_t *)"ab", 2, want_ab,
                              sizeof want_ab, &n));
        EXPECT_OK(crypto_digest(m, arena + 512, size, (const uint8_t *)"abc", 3, want_abc,
                              sizeof want_abc, &n));

        EXPECT_OK(crypto_init(m, NULL, 0, a, size));
        EXPECT_OK(
            crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, a, size));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, (const uint8_t *)"ab", 2, NULL, NULL,
                            0, a, size));
        memcpy(b, a, size);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, fork_digest,
                            sizeof fork_digest, b, size));
        memset(b, 0xEE, size); /* the copy is gone; the original must not care */
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, (const uint8_t *)"c", 1, NULL, NULL,
                            0, a, size));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, full_digest,
                            sizeof full_digest, a, size));
        crypto_cleanup(m, a);
        EXPECT_MEM(fork_digest, want_ab, n);
        EXPECT_MEM(full_digest, want_abc, n);
    }
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_sha256;
    ULONG size = m->nx_crypto_metadata_area_size;
    uint8_t out[64];
    size_t n = 99;

    EXPECT(size <= 128); /* small: the state is inline and nothing else */
    EXPECT_CODE(crypto_init(m, NULL, 0, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena, size - 1), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena + 1, size),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, 4),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_digest(m, arena, size, (const uint8_t *)"x", 1, out, 31, &n),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT(n == 0);
    EXPECT_CODE(crypto_digest(m, arena, size - 4, (const uint8_t *)"x", 1, out, sizeof out, &n),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_digest(NULL, arena, size, (const uint8_t *)"x", 1, out, sizeof out, &n),
                NX_CRYPTO_PTR_ERROR);

    /* UPDATE or CALCULATE on an area nobody started. */
    memset(arena, 0, size);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, out, 1, NULL, NULL, 0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, sizeof out,
                          arena, size),
                NX_CRYPTO_PTR_ERROR);

    /* Started by SHA-256, continued by a SHA-1 row: refused, not mixed. */
    EXPECT_OK(crypto_init(m, NULL, 0, arena, size));
    EXPECT_CODE(crypto_op(&crypto_method_sha1, NX_CRYPTO_HASH_UPDATE, NULL, 0, out, 1, NULL, NULL,
                          0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    /* NULL input with a length; a short CALCULATE buffer. */
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, NULL, 5, NULL, NULL, 0, arena, size),
                NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, 31, arena, size),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, NULL, 32, arena, size),
        NX_CRYPTO_INVALID_BUFFER_SIZE);
    crypto_cleanup(m, arena);
    crypto_cleanup(m, arena); /* a second cleanup finds nothing to do */
    EXPECT_CODE(m->nx_crypto_cleanup(NULL), NX_CRYPTO_SUCCESS);
    EXPECT_CODE(m->nx_crypto_cleanup(arena + 2), NX_CRYPTO_PTR_ERROR);

    /* A row whose algorithm is not a hash, wired to the hash functions. */
    NX_CRYPTO_METHOD wrong = crypto_method_sha256;
    wrong.nx_crypto_algorithm = NX_CRYPTO_AUTHENTICATION_HMAC_SHA2_256;
    EXPECT_CODE(crypto_init(&wrong, NULL, 0, arena, size), NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(
        crypto_op(&wrong, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, arena, size),
        NX_CRYPTO_NOT_SUCCESSFUL);

    /* The lookup helpers. */
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_SHA1) == &crypto_method_sha1);
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_SHA256) == &crypto_method_sha256);
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_SHA384) == &crypto_method_sha384);
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_SHA512) == &crypto_method_sha512);
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_MD5) == NULL);
    EXPECT(crypto_digest_method_for(NX_CRYPTO_HASH_SHA224) == NULL);
    EXPECT(crypto_digest_size(&crypto_method_sha384) == 48);
    EXPECT(crypto_digest_size(NULL) == 0);
    EXPECT_CODE(crypto_op(&crypto_method_null, 1, NULL, 0, NULL, 0, NULL, NULL, 0, arena, 0),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
}

int main(void)
{
    run_vectors();
    fork_by_memcpy();
    hostile();
    return test_finish("sha");
}
