/* SPDX-License-Identifier: MIT */
/* ske_test: ECDHE key agreement through the method table (dtls_ecdhe, docs/netx-api.md 6.6) on P-256, X25519 and
 * P-384, and the ECDHE ServerKeyExchange (RFC 8422 5.4) built, signed with the test PKI's ECDSA and RSA keys,
 * parsed and verified; every refusal with its code (0x14B, 0x14C, 0x14D, 0x14E) and every truncation. */
#include "dtls/dtls_ske.h"

#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_tables.h"
#include "dtls/dtls_ecdhe.h"
#include "test.h"

static _Alignas(16) uint8_t pub_area[16384];
static _Alignas(16) uint8_t kx_area[256];
static _Alignas(16) uint8_t hash_area[4096];
static struct fix_cert rsa, ec;
static const struct dtls_ske_areas areas = {hash_area, sizeof hash_area, pub_area, sizeof pub_area};
static const uint8_t client_random[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                          12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                          23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t server_random[32] = {
    0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
    0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF};

static nxdtls_config config(void)
{
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.crypto = &nx_crypto_tls_ciphers_ecc;
    return cfg;
}

static void agree(uint16_t group, size_t point_len, size_t secret_len)
{
    nxdtls_config cfg = config();
    struct dtls_groups g;
    dtls_groups_of(&cfg, &g);
    const NX_CRYPTO_METHOD *curve = dtls_groups_curve(&g, group);
    EXPECT(curve != NULL);
    uint8_t spub[DTLS_ECDHE_POINT_MAX], cpub[DTLS_ECDHE_POINT_MAX];
    uint8_t cs[DTLS_ECDHE_SECRET_MAX], ss[DTLS_ECDHE_SECRET_MAX];
    size_t spub_len = 0, cpub_len = 0, cs_len = 0, ss_len = 0;
    /* The server's key pair stays in its own area while the public area is used in between. */
    EXPECT_OK(dtls_ecdhe_keygen(&crypto_method_ecdhe, curve, kx_area, sizeof kx_area, spub,
                                sizeof spub, &spub_len));
    EXPECT(spub_len == point_len);
    EXPECT_OK(dtls_ecdhe_client(&crypto_method_ecdhe, curve, pub_area, sizeof pub_area, spub,
                                spub_len, cpub, sizeof cpub, &cpub_len, cs, sizeof cs, &cs_len));
    EXPECT(cpub_len == point_len && cs_len == secret_len);
    EXPECT_OK(dtls_ecdhe_server(&crypto_method_ecdhe, kx_area, sizeof kx_area, cpub, cpub_len, ss,
                                sizeof ss, &ss_len));
    EXPECT(ss_len == cs_len);
    EXPECT_MEM(cs, ss, cs_len);
    /* Points the method refuses: NIST form byte or an off-curve point; X25519's all-zero u gives a zero secret. */
    uint8_t bad[DTLS_ECDHE_POINT_MAX];
    memcpy(bad, cpub, cpub_len);
    if (group == 29) {
        memset(bad, 0, cpub_len);
    } else {
        bad[cpub_len - 1] ^= 1;
    }
    EXPECT_OK(dtls_ecdhe_keygen(&crypto_method_ecdhe, curve, kx_area, sizeof kx_area, spub,
                                sizeof spub, &spub_len));
    EXPECT_CODE(dtls_ecdhe_server(&crypto_method_ecdhe, kx_area, sizeof kx_area, bad, cpub_len, ss,
                                  sizeof ss, &ss_len),
                NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    EXPECT(ss_len == 0);
    /* The area was released: another key pair can be made in it, and released unused. */
    EXPECT_OK(dtls_ecdhe_keygen(&crypto_method_ecdhe, curve, kx_area, sizeof kx_area, spub,
                                sizeof spub, &spub_len));
    dtls_ecdhe_release(&crypto_method_ecdhe, kx_area, sizeof kx_area);
    EXPECT_CODE(dtls_ecdhe_client(&crypto_method_ecdhe, curve, pub_area, sizeof pub_area, bad,
                                  spub_len, cpub, sizeof cpub, &cpub_len, cs, sizeof cs, &cs_len),
                NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    EXPECT(cs_len == 0 && cpub_len == 0);
    EXPECT_CODE(dtls_ecdhe_client(&crypto_method_ecdhe, curve, pub_area, sizeof pub_area, spub, 0,
                                  cpub, sizeof cpub, &cpub_len, cs, sizeof cs, &cs_len),
                NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    /* No curve row: nothing runs. */
    EXPECT_CODE(dtls_ecdhe_keygen(&crypto_method_ecdhe, NULL, kx_area, sizeof kx_area, spub,
                                  sizeof spub, &spub_len),
                NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
}

/* build makes a signed ServerKeyExchange for group with key under scheme; returns its length. */
static size_t build(uint8_t *out, size_t cap, uint16_t group, const struct fix_cert *key,
                    uint16_t scheme)
{
    nxdtls_config cfg = config();
    struct dtls_groups g;
    dtls_groups_of(&cfg, &g);
    uint8_t pub[DTLS_ECDHE_POINT_MAX];
    size_t pub_len = 0;
    EXPECT_OK(dtls_ecdhe_keygen(&crypto_method_ecdhe, dtls_groups_curve(&g, group), kx_area,
                                sizeof kx_area, pub, sizeof pub, &pub_len));
    dtls_ecdhe_release(&crypto_method_ecdhe, kx_area, sizeof kx_area);
    struct wire_wr w = wire_wr_init(out, cap);
    dtls_ske_write_params(&w, group, pub, pub_len);
    size_t params_len = w.len;
    EXPECT(params_len == 4 + pub_len && out[0] == 3 && wire_load_be(out + 1, 2) == group &&
           out[3] == pub_len);
    EXPECT_OK(dtls_ske_sign(&cfg, dtls_sigalg_find(scheme, NULL), &key->cert, client_random,
                            server_random, out, params_len, &areas, &w));
    EXPECT(wire_load_be(out + params_len, 2) == scheme);
    EXPECT(wire_load_be(out + params_len + 2, 2) == w.len - params_len - 4);
    return w.len;
}

static UINT check(const uint8_t *msg, size_t len, const struct fix_cert *signer, uint16_t offered)
{
    nxdtls_config cfg = config();
    struct dtls_groups g;
    dtls_groups_of(&cfg, &g);
    struct dtls_ske ske;
    NXD_TRY(dtls_ske_parse(wire_rd_init(msg, len), &ske));
    const NX_CRYPTO_METHOD *curve = NULL;
    NXD_TRY(dtls_ske_curve(&g, &ske, &curve));
    return dtls_ske_verify(&cfg, &ske, offered, &signer->cert, client_random, server_random,
                           &areas);
}

static void signed_exchange(uint16_t group, const struct fix_cert *key, uint16_t scheme)
{
    uint8_t msg[2048];
    uint16_t all = dtls_sigalg_offered();
    size_t len = build(msg, sizeof msg, group, key, scheme);
    EXPECT_OK(check(msg, len, key, all));
    struct dtls_ske ske;
    EXPECT_OK(dtls_ske_parse(wire_rd_init(msg, len), &ske));
    EXPECT(ske.group == group && ske.scheme == scheme && ske.params.p == msg &&
           ske.params.len == 4 + ske.point.len);

    /* A changed signature, point or hello random: the signature no longer verifies. */
    msg[len - 2] ^= 0x04;
    EXPECT_CODE(check(msg, len, key, all), NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    msg[len - 2] ^= 0x04;
    msg[5] ^= 0x01;
    EXPECT_CODE(check(msg, len, key, all), NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR);
    msg[5] ^= 0x01;
    EXPECT_OK(check(msg, len, key, all));
    /* Signed by someone else's key. */
    EXPECT_CODE(check(msg, len, key == &ec ? &rsa : &ec, all),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    /* A scheme we did not offer. */
    size_t index = 0;
    EXPECT(dtls_sigalg_find(scheme, &index) != NULL);
    EXPECT_CODE(check(msg, len, key, (uint16_t)(all & ~(1u << index))),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);

    /* Every truncation is a framing error; so is a byte more. */
    for (size_t n = 0; n < len; n++) {
        struct dtls_ske ske2;
        EXPECT_CODE(dtls_ske_parse(wire_rd_init(msg, n), &ske2),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    msg[len] = 0;
    EXPECT_CODE(check(msg, len + 1, key, all), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* Every byte flipped: a clean refusal (or success where the flip is in a DER signature's padding-free
     * integer... which cannot happen: any change breaks the signature or the framing). */
    for (size_t i = 0; i < len; i++) {
        msg[i] ^= 0x20;
        EXPECT(check(msg, len, key, all) != NX_SUCCESS);
        msg[i] ^= 0x20;
    }
}

static void refusals(void)
{
    uint8_t msg[2048];
    uint16_t all = dtls_sigalg_offered();
    size_t len = build(msg, sizeof msg, 23, &ec, 0x0403);
    /* An unknown scheme. */
    uint8_t copy[2048];
    memcpy(copy, msg, len);
    size_t at = 4 + msg[3];
    wire_store_be(copy + at, 0x0807, 2);
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    /* explicit_prime (1) and explicit_char2 (2) curve types (RFC 8422 5.4: deprecated). */
    memcpy(copy, msg, len);
    copy[0] = 1;
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    copy[0] = 2;
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    /* A group we did not offer (secp224r1 is known but not in the defaults) and an unknown one. */
    memcpy(copy, msg, len);
    wire_store_be(copy + 1, 21, 2);
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
    wire_store_be(copy + 1, 0xFE01, 2);
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
    /* A point of the wrong size or form for its curve. */
    memcpy(copy, msg, len);
    copy[4] = 0x02; /* compressed form */
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    memcpy(copy, msg, len);
    wire_store_be(copy + 1, 24, 2); /* a 65-byte point announced as P-384 */
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    wire_store_be(copy + 1, 29, 2); /* and as X25519 */
    EXPECT_CODE(check(copy, len, &ec, all), NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    /* An empty point. */
    static const uint8_t empty_point[] = {3, 0, 23, 0, 4, 3, 0, 0};
    struct dtls_ske ske;
    EXPECT_CODE(dtls_ske_parse(wire_rd_init(empty_point, sizeof empty_point), &ske),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* The signer has no private key to sign with. */
    static struct fix_cert bare;
    EXPECT_OK(fix_load(&bare, "ec-int", NULL, 0));
    nxdtls_config cfg = config();
    struct wire_wr w = wire_wr_init(copy, sizeof copy);
    EXPECT_CODE(dtls_ske_sign(&cfg, dtls_sigalg_find(0x0403, NULL), &bare.cert, client_random,
                              server_random, msg, 69, &areas, &w),
                NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    /* A writer too small. */
    struct wire_wr tiny = wire_wr_init(copy, 10);
    EXPECT_CODE(dtls_ske_sign(&cfg, dtls_sigalg_find(0x0403, NULL), &ec.cert, client_random,
                              server_random, msg, 69, &areas, &tiny),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
}

int main(void)
{
    EXPECT_OK(fix_load(&rsa, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(fix_load(&ec, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    agree(23, 65, 32);
    agree(29, 32, 32);
    agree(24, 97, 48);
    signed_exchange(23, &ec, 0x0403);
    signed_exchange(24, &ec, 0x0503);
    signed_exchange(29, &ec, 0x0403);
    signed_exchange(23, &rsa, 0x0401);
    signed_exchange(29, &rsa, 0x0601);
    refusals();
    return test_finish("dtls/ske");
}
