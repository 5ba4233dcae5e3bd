/* SPDX-License-Identifier: MIT */
/* cert_verify_test: CertificateVerify (RFC 5246 7.4.8) signed with the test PKI's RSA and EC keys over a
 * transcript digest and checked: the exact codes for a bad signature (0x131), a scheme outside the request or
 * of the wrong hash or key (0x14D), and framing (0x10A) on every truncation. */
#include "dtls/dtls_cert_verify.h"

#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_tables.h"
#include "test.h"

static _Alignas(16) uint8_t area[16384];
static struct fix_cert rsa, ec;

static nxdtls_config config(void)
{
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.crypto = &nx_crypto_tls_ciphers_ecc;
    return cfg;
}

static void one(const struct fix_cert *key, uint16_t scheme, UINT hash, size_t digest_len)
{
    nxdtls_config cfg = config();
    uint8_t digest[48];
    for (size_t i = 0; i < sizeof digest; i++) {
        digest[i] = (uint8_t)(i * 7);
    }
    uint8_t body[1100];
    struct wire_wr w = wire_wr_init(body, sizeof body);
    const struct dtls_sigalg *alg = dtls_sigalg_find(scheme, NULL);
    EXPECT_OK(
        dtls_cert_verify_write(&w, &cfg, alg, &key->cert, digest, digest_len, area, sizeof area));
    EXPECT(wire_load_be(body, 2) == scheme && wire_load_be(body + 2, 2) == w.len - 4);
    uint16_t allowed = dtls_cert_verify_mask(dtls_sigalg_offered(), hash);
    EXPECT_OK(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg, allowed, hash, &key->cert,
                                     digest, digest_len, area, sizeof area));
    /* Another transcript: the signature does not cover it. */
    digest[3] ^= 1;
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg, allowed, hash, &key->cert,
                                       digest, digest_len, area, sizeof area),
                NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE);
    digest[3] ^= 1;
    body[w.len - 3] ^= 0x40;
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg, allowed, hash, &key->cert,
                                       digest, digest_len, area, sizeof area),
                NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE);
    body[w.len - 3] ^= 0x40;
    /* Outside what the request allowed, or of another hash than the transcript's, or for the other key. */
    size_t index = 0;
    EXPECT(dtls_sigalg_find(scheme, &index) != NULL);
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg,
                                       (uint16_t)(allowed & ~(1u << index)), hash, &key->cert,
                                       digest, digest_len, area, sizeof area),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    UINT other_hash = hash == NX_CRYPTO_HASH_SHA256 ? NX_CRYPTO_HASH_SHA384 : NX_CRYPTO_HASH_SHA256;
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg, dtls_sigalg_offered(),
                                       other_hash, &key->cert, digest, digest_len, area,
                                       sizeof area),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len), &cfg, allowed, hash,
                                       key == &rsa ? &ec.cert : &rsa.cert, digest, digest_len, area,
                                       sizeof area),
                NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    for (size_t n = 0; n < w.len; n++) {
        EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, n), &cfg, allowed, hash, &key->cert,
                                           digest, digest_len, area, sizeof area),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    body[w.len] = 0;
    EXPECT_CODE(dtls_cert_verify_check(wire_rd_init(body, w.len + 1), &cfg, allowed, hash,
                                       &key->cert, digest, digest_len, area, sizeof area),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

static void masks(void)
{
    uint16_t all = dtls_sigalg_offered();
    uint16_t m256 = dtls_cert_verify_mask(all, NX_CRYPTO_HASH_SHA256);
    uint16_t m384 = dtls_cert_verify_mask(all, NX_CRYPTO_HASH_SHA384);
    EXPECT((m256 & m384) == 0 && m256 != 0 && m384 != 0);
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if ((m256 & (1u << i)) != 0) {
            EXPECT(dtls_sigalgs[i].hash_alg == NX_CRYPTO_HASH_SHA256);
        }
    }
    EXPECT(dtls_cert_verify_mask(all, NX_CRYPTO_HASH_SHA1) == 0);
    nxdtls_config cfg = config();
    uint8_t body[16];
    struct wire_wr w = wire_wr_init(body, sizeof body);
    uint8_t digest[32] = {0};
    EXPECT_CODE(dtls_cert_verify_write(&w, &cfg, dtls_sigalg_find(0x0401, NULL), &rsa.cert, digest,
                                       32, area, sizeof area),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
}

int main(void)
{
    EXPECT_OK(fix_load(&rsa, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER));
    EXPECT_OK(fix_load(&ec, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    one(&rsa, 0x0401, NX_CRYPTO_HASH_SHA256, 32);
    one(&rsa, 0x0501, NX_CRYPTO_HASH_SHA384, 48);
    one(&ec, 0x0403, NX_CRYPTO_HASH_SHA256, 32);
    one(&ec, 0x0503, NX_CRYPTO_HASH_SHA384, 48);
    masks();
    return test_finish("dtls/cert_verify");
}
