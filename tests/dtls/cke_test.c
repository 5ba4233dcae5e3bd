/* SPDX-License-Identifier: MIT */
/* cke_test: ClientKeyExchange. RSA (RFC 5246 7.4.7.1): the client's encryption decrypts to its premaster; every
 * malformed ciphertext (bad block type, zero in the padding, short padding, wrong message length, wrong version,
 * wrong size, not below the modulus) yields the caller's random fallback with the same NX_SUCCESS, and a
 * hand-built well-formed block yields its message. ECDHE (RFC 8422 5.7): the point vector. */
#include "dtls/dtls_cke.h"

#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_call.h"
#include "crypto/crypto_tables.h"
#include "simnet.h"
#include "test.h"

static _Alignas(16) uint8_t area[16384];
static struct fix_cert rsa, ec;
static struct simnet_rng rng;
static const uint8_t fallback[48] = {
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
    0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
    0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};

static UINT decrypt(const uint8_t *ct, size_t len, uint16_t version, uint8_t premaster[48])
{
    return dtls_cke_rsa_decrypt(&crypto_method_rsa, area, sizeof area, &rsa.cert, version,
                                wire_rd_init(ct, len), fallback, premaster);
}

static size_t modulus_size(void)
{
    const uint8_t *n = rsa.cert.nx_secure_x509_public_key;
    size_t len = rsa.cert.nx_secure_x509_public_key_length;
    while (len > 0 && n[0] == 0) {
        n++;
        len--;
    }
    return len;
}

/* encrypt_raw raises a hand-built k-byte block to the public exponent. */
static void encrypt_raw(const uint8_t *em, uint8_t *ct)
{
    size_t k = modulus_size();
    const uint8_t *n =
        rsa.cert.nx_secure_x509_public_key + (rsa.cert.nx_secure_x509_public_key_length - k);
    EXPECT_OK(crypto_init(&crypto_method_rsa, n, (UINT)(k * 8), area, sizeof area));
    EXPECT_OK(crypto_op(&crypto_method_rsa, NX_CRYPTO_DECRYPT,
                        rsa.cert.nx_secure_x509_public_exponent,
                        (UINT)(rsa.cert.nx_secure_x509_public_exponent_length * 8), em, k, NULL, ct,
                        k, area, sizeof area));
    crypto_cleanup(&crypto_method_rsa, area);
}

/* block builds 00 02 PS 00 M with a message of msg_len bytes starting with version, PS non-zero. */
static void block(uint8_t *em, size_t msg_len, uint16_t version)
{
    size_t k = modulus_size();
    em[0] = 0;
    em[1] = 2;
    for (size_t i = 2; i < k - msg_len - 1; i++) {
        em[i] = (uint8_t)(1 + i % 250);
    }
    em[k - msg_len - 1] = 0;
    for (size_t i = 0; i < msg_len; i++) {
        em[k - msg_len + i] = (uint8_t)(0x30 + i);
    }
    wire_store_be(em + k - msg_len, version, 2);
}

static void rsa_round_trip(void)
{
    uint8_t body[1024];
    uint8_t cpm[48];
    uint8_t spm[48];
    struct wire_wr w = wire_wr_init(body, sizeof body);
    EXPECT_OK(dtls_cke_rsa_write(&w, &crypto_method_rsa, area, sizeof area, &rsa.cert, 0xFEFD,
                                 simnet_random, &rng, cpm));
    size_t k = modulus_size();
    EXPECT(k == 256 && w.len == 2 + k && wire_load_be(body, 2) == k);
    EXPECT(cpm[0] == 0xFE && cpm[1] == 0xFD);
    struct wire_rd ct;
    EXPECT_OK(dtls_cke_rsa_parse(wire_rd_init(body, w.len), &ct));
    EXPECT(ct.len == k && ct.p == body + 2);
    EXPECT_OK(decrypt(ct.p, ct.len, 0xFEFD, spm));
    EXPECT_MEM(spm, cpm, 48);
    /* Two encryptions of premasters differ (fresh randomness in both the premaster and the padding). */
    uint8_t body2[1024];
    uint8_t cpm2[48];
    struct wire_wr w2 = wire_wr_init(body2, sizeof body2);
    EXPECT_OK(dtls_cke_rsa_write(&w2, &crypto_method_rsa, area, sizeof area, &rsa.cert, 0xFEFD,
                                 simnet_random, &rng, cpm2));
    EXPECT(memcmp(cpm, cpm2, 48) != 0 && memcmp(body, body2, w.len) != 0);

    /* The version the client offered is checked (rollback, 7.4.7.1): a mismatch takes the fallback. */
    EXPECT_OK(decrypt(ct.p, ct.len, 0xFEFF, spm));
    EXPECT_MEM(spm, fallback, 48);

    /* Malformed ciphertexts: one code (success), one outcome (the fallback). */
    uint8_t bad[1024];
    memcpy(bad, ct.p, k);
    bad[100] ^= 0x01;
    EXPECT_OK(decrypt(bad, k, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    EXPECT_OK(decrypt(ct.p, k - 1, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    EXPECT_OK(decrypt(ct.p + 1, k - 1, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    memcpy(bad, ct.p, k);
    bad[k] = 0;
    EXPECT_OK(decrypt(bad, k + 1, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    EXPECT_OK(decrypt(bad, 0, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    memset(bad, 0xFF, k); /* not below the modulus */
    EXPECT_OK(decrypt(bad, k, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    memset(bad, 0x00, k);
    EXPECT_OK(decrypt(bad, k, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
}

static void rsa_crafted(void)
{
    size_t k = modulus_size();
    uint8_t em[1024];
    uint8_t ct[1024];
    uint8_t spm[48];
    /* Well formed, built by hand: accepted, and the message is the premaster. */
    block(em, 48, 0xFEFD);
    encrypt_raw(em, ct);
    EXPECT_OK(decrypt(ct, k, 0xFEFD, spm));
    EXPECT_MEM(spm, em + k - 48, 48);
    /* Each single defect of the block. */
    struct {
        size_t at;
        uint8_t value;
    } defects[] = {
        {0, 0x01},      /* first byte not zero */
        {1, 0x01},      /* block type 1 (a signature block) */
        {1, 0x00},      /* block type 0 */
        {2, 0x00},      /* a zero at the start of PS: the message would be longer than 48 */
        {9, 0x00},      /* a zero inside the first eight PS bytes */
        {k - 50, 0x00}, /* a zero just before the separator: a 49-byte message */
        {k - 49, 0x01}, /* no separator where a 48-byte message needs it */
    };
    for (size_t i = 0; i < sizeof defects / sizeof defects[0]; i++) {
        block(em, 48, 0xFEFD);
        em[defects[i].at] = defects[i].value;
        encrypt_raw(em, ct);
        memset(spm, 0, sizeof spm);
        EXPECT_OK(decrypt(ct, k, 0xFEFD, spm));
        EXPECT_MEM(spm, fallback, 48);
    }
    /* Messages of other lengths, well padded otherwise. */
    static const size_t lengths[] = {40, 47, 49, 56};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        block(em, lengths[i], 0xFEFD);
        encrypt_raw(em, ct);
        EXPECT_OK(decrypt(ct, k, 0xFEFD, spm));
        EXPECT_MEM(spm, fallback, 48);
    }
    /* The version bytes, each wrong. */
    block(em, 48, 0xFEFC);
    encrypt_raw(em, ct);
    EXPECT_OK(decrypt(ct, k, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
    block(em, 48, 0xFFFD);
    encrypt_raw(em, ct);
    EXPECT_OK(decrypt(ct, k, 0xFEFD, spm));
    EXPECT_MEM(spm, fallback, 48);
}

static UINT zero_rng(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    memset(out, 0, len);
    return NX_SUCCESS;
}

static UINT broken_rng(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    (void)out;
    (void)len;
    return NX_NOT_SUCCESSFUL;
}

static void rsa_refusals(void)
{
    uint8_t body[1024];
    uint8_t pm[48];
    struct wire_wr w = wire_wr_init(body, sizeof body);
    /* Not an RSA key. */
    EXPECT_CODE(dtls_cke_rsa_write(&w, &crypto_method_rsa, area, sizeof area, &ec.cert, 0xFEFD,
                                   simnet_random, &rng, pm),
                NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    /* A random source that fails, or gives nothing but zeros for the padding. */
    memset(pm, 0x77, sizeof pm);
    EXPECT_CODE(dtls_cke_rsa_write(&w, &crypto_method_rsa, area, sizeof area, &rsa.cert, 0xFEFD,
                                   broken_rng, NULL, pm),
                NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT(pm[0] == 0 && pm[47] == 0);
    EXPECT_CODE(dtls_cke_rsa_write(&w, &crypto_method_rsa, area, sizeof area, &rsa.cert, 0xFEFD,
                                   zero_rng, NULL, pm),
                NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT(w.len == 0);
    struct wire_wr small = wire_wr_init(body, 100);
    EXPECT_CODE(dtls_cke_rsa_write(&small, &crypto_method_rsa, area, sizeof area, &rsa.cert, 0xFEFD,
                                   simnet_random, &rng, pm),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* The server's certificate without its private key. */
    static struct fix_cert bare;
    EXPECT_OK(fix_load(&bare, "rsa-leaf", NULL, 0));
    uint8_t ct[256] = {0};
    EXPECT_CODE(dtls_cke_rsa_decrypt(&crypto_method_rsa, area, sizeof area, &bare.cert, 0xFEFD,
                                     wire_rd_init(ct, sizeof ct), fallback, pm),
                NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    EXPECT_CODE(dtls_cke_rsa_decrypt(&crypto_method_rsa, area, sizeof area, &ec.cert, 0xFEFD,
                                     wire_rd_init(ct, sizeof ct), fallback, pm),
                NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    /* Framing in the clear. */
    static const uint8_t framed[] = {0x00, 0x03, 1, 2, 3};
    struct wire_rd out;
    EXPECT_OK(dtls_cke_rsa_parse(wire_rd_init(framed, sizeof framed), &out));
    EXPECT(out.len == 3);
    for (size_t n = 0; n < sizeof framed; n++) {
        EXPECT_CODE(dtls_cke_rsa_parse(wire_rd_init(framed, n), &out),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    static const uint8_t trailing[] = {0x00, 0x01, 1, 2};
    EXPECT_CODE(dtls_cke_rsa_parse(wire_rd_init(trailing, sizeof trailing), &out),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

static void ecdhe_vector(void)
{
    uint8_t point[65];
    for (size_t i = 0; i < sizeof point; i++) {
        point[i] = (uint8_t)i;
    }
    point[0] = 4;
    uint8_t body[80];
    struct wire_wr w = wire_wr_init(body, sizeof body);
    dtls_cke_ecdhe_write(&w, point, sizeof point);
    EXPECT(w.len == 66 && body[0] == 65);
    struct wire_rd got;
    EXPECT_OK(dtls_cke_ecdhe_parse(wire_rd_init(body, w.len), &got));
    EXPECT(got.len == 65 && got.p == body + 1);
    for (size_t n = 0; n < w.len; n++) {
        EXPECT_CODE(dtls_cke_ecdhe_parse(wire_rd_init(body, n), &got),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    body[w.len] = 0;
    EXPECT_CODE(dtls_cke_ecdhe_parse(wire_rd_init(body, w.len + 1), &got),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    static const uint8_t empty[] = {0};
    EXPECT_CODE(dtls_cke_ecdhe_parse(wire_rd_init(empty, 1), &got),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

int main(void)
{
    simnet_rng_seed(&rng, 42);
    EXPECT_OK(fix_load(&rsa, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(fix_load(&ec, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    rsa_round_trip();
    rsa_crafted();
    rsa_refusals();
    ecdhe_vector();
    return test_finish("dtls/cke");
}
