/* SPDX-License-Identifier: MIT */
/* keys_test.c: the key schedule (dtls_keys) and the transcript (dtls_transcript) against an independent
 * computation: OpenSSL's EVP_KDF "TLS1-PRF" (RFC 5246 5) and EVP_Digest, called here in the test. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "crypto/crypto_tables.h"
#include "dtls/dtls_keys.h"
#include "dtls/dtls_psk.h"
#include "dtls/dtls_transcript.h"
#include "nx_crypto.h"
#include "test.h"

static _Alignas(8) uint8_t area[4096];

/* ref_prf computes PRF_<md>(secret, label, seed) with OpenSSL. */
static void ref_prf(const char *md, const uint8_t *secret, size_t secret_len, const char *label,
                    const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
    uint8_t full_seed[256];
    size_t label_len = strlen(label);
    memcpy(full_seed, label, label_len);
    memcpy(full_seed + label_len, seed, seed_len);
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM params[4];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)(uintptr_t)md, 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)(uintptr_t)secret,
                                                  secret_len);
    params[2] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, full_seed, label_len + seed_len);
    params[3] = OSSL_PARAM_construct_end();
    EXPECT(EVP_KDF_derive(ctx, out, out_len, params) == 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
}

static void fill(uint8_t *p, size_t n, uint8_t start)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(start + 7 * i);
    }
}

static void schedule(const NX_CRYPTO_METHOD *prf, const char *md, size_t hash_len)
{
    uint8_t client_random[32], server_random[32], premaster[DTLS_PSK_PREMASTER_MAX];
    fill(client_random, 32, 1);
    fill(server_random, 32, 100);
    NX_SECURE_TLS_PSK_STORE psk;
    memset(&psk, 0, sizeof psk);
    psk.nx_secure_tls_psk_data_size = 16;
    fill(psk.nx_secure_tls_psk_data, 16, 50);
    size_t pm_len = 0;
    EXPECT_OK(dtls_psk_premaster_of(psk.nx_secure_tls_psk_data, psk.nx_secure_tls_psk_data_size,
                                    premaster, sizeof premaster, &pm_len));
    /* RFC 4279 2: 00 10 | 16 x 00 | 00 10 | psk */
    EXPECT(pm_len == 36 && premaster[0] == 0 && premaster[1] == 16 && premaster[18] == 0 &&
           premaster[19] == 16);
    EXPECT(memcmp(premaster + 20, psk.nx_secure_tls_psk_data, 16) == 0);
    for (size_t i = 2; i < 18; i++) {
        EXPECT(premaster[i] == 0);
    }

    uint8_t master[48], want[192], seed[64];
    EXPECT_OK(dtls_keys_master(prf, area, sizeof area, premaster, pm_len, client_random,
                               server_random, NULL, 0, master));
    memcpy(seed, client_random, 32);
    memcpy(seed + 32, server_random, 32);
    ref_prf(md, premaster, pm_len, "master secret", seed, 64, want, 48);
    EXPECT_MEM(master, want, 48);

    /* RFC 7627 4: the session hash replaces the randoms. */
    uint8_t session_hash[48];
    fill(session_hash, sizeof session_hash, 9);
    uint8_t ems[48];
    EXPECT_OK(dtls_keys_master(prf, area, sizeof area, premaster, pm_len, client_random,
                               server_random, session_hash, hash_len, ems));
    ref_prf(md, premaster, pm_len, "extended master secret", session_hash, hash_len, want, 48);
    EXPECT_MEM(ems, want, 48);
    EXPECT(memcmp(ems, master, 48) != 0);

    /* RFC 5246 6.3: key expansion with server_random first. */
    uint8_t block[192];
    EXPECT_OK(dtls_keys_prf_key(prf, area, sizeof area, master, 48));
    EXPECT_OK(dtls_keys_block(prf, area, sizeof area, client_random, server_random, block, 104));
    memcpy(seed, server_random, 32);
    memcpy(seed + 32, client_random, 32);
    ref_prf(md, master, 48, "key expansion", seed, 64, want, 104);
    EXPECT_MEM(block, want, 104);

    uint8_t verify[12];
    /* The same keyed area serves both Finished after the key block. */
    EXPECT_OK(dtls_keys_finished(prf, area, sizeof area, 1, session_hash, hash_len, verify));
    ref_prf(md, master, 48, "client finished", session_hash, hash_len, want, 12);
    EXPECT_MEM(verify, want, 12);
    EXPECT_OK(dtls_keys_finished(prf, area, sizeof area, 0, session_hash, hash_len, verify));
    ref_prf(md, master, 48, "server finished", session_hash, hash_len, want, 12);
    EXPECT_MEM(verify, want, 12);
    dtls_keys_prf_release(prf, area, sizeof area);

    /* A PRF method that is missing is refused, a too small area too. */
    EXPECT_CODE(dtls_keys_master(NULL, area, sizeof area, premaster, pm_len, client_random,
                                 server_random, NULL, 0, master),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    if (prf->nx_crypto_metadata_area_size > 0) {
        EXPECT_CODE(dtls_keys_master(prf, area, prf->nx_crypto_metadata_area_size - 1, premaster,
                                     pm_len, client_random, server_random, NULL, 0, master),
                    NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    }
}

static void layouts(void)
{
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = &t->nx_secure_tls_ciphersuite_lookup_table[i];
        struct dtls_key_layout kl;
        EXPECT_OK(dtls_keys_layout(row, &kl));
        /* IANA / RFC 5487, 6655, 5288 sizes. */
        switch (row->nx_secure_tls_ciphersuite) {
        case TLS_PSK_WITH_AES_128_CCM_8:
        case TLS_PSK_WITH_AES_128_CCM:
        case TLS_PSK_WITH_AES_128_GCM_SHA256:
            EXPECT(kl.mac_len == 0 && kl.key_len == 16 && kl.iv_len == 4 && kl.total == 40);
            break;
        case TLS_PSK_WITH_AES_256_GCM_SHA384:
            EXPECT(kl.mac_len == 0 && kl.key_len == 32 && kl.iv_len == 4 && kl.total == 72);
            break;
        case TLS_PSK_WITH_AES_128_CBC_SHA256:
            EXPECT(kl.mac_len == 32 && kl.key_len == 16 && kl.iv_len == 16 && kl.total == 128);
            break;
        case TLS_PSK_WITH_AES_128_CBC_SHA:
            EXPECT(kl.mac_len == 20 && kl.key_len == 16 && kl.iv_len == 16 && kl.total == 104);
            break;
        default:
            break;
        }
    }
}

static void transcript(const NX_CRYPTO_METHOD *hash, const char *md)
{
    static _Alignas(8) uint8_t t_area[1024], t_scratch[1024];
    struct dtls_transcript t;
    dtls_transcript_setup(&t, t_area, t_scratch, sizeof t_area);
    EXPECT_OK(dtls_transcript_start(&t, hash));
    uint8_t body[300];
    fill(body, sizeof body, 3);
    EXPECT_OK(dtls_transcript_add(&t, 1, 1, body, sizeof body));
    uint8_t d1[64], d2[64], want[64];
    size_t n1 = 0, n2 = 0;
    EXPECT_OK(dtls_transcript_digest(&t, d1, sizeof d1, &n1));
    EXPECT_OK(dtls_transcript_add(&t, 14, 2, NULL, 0));
    EXPECT_OK(dtls_transcript_digest(&t, d2, sizeof d2, &n2));
    /* RFC 6347 4.2.6: each message hashed with a 12-byte header saying offset 0, fragment = whole. */
    uint8_t stream[12 + 300 + 12] = {1, 0, 1, 44, 0, 1, 0, 0, 0, 0, 1, 44};
    memcpy(stream + 12, body, sizeof body);
    const uint8_t shd[12] = {14, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0};
    memcpy(stream + 312, shd, 12);
    unsigned wl = 0;
    EXPECT(EVP_Digest(stream, 312, want, &wl, EVP_get_digestbyname(md), NULL) == 1);
    EXPECT(n1 == wl);
    EXPECT_MEM(d1, want, wl);
    EXPECT(EVP_Digest(stream, sizeof stream, want, &wl, EVP_get_digestbyname(md), NULL) == 1);
    EXPECT(n2 == wl);
    EXPECT_MEM(d2, want, wl);
    EXPECT_CODE(dtls_transcript_digest(&t, d1, wl - 1, &n1), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    dtls_transcript_end(&t);
    EXPECT_CODE(dtls_transcript_add(&t, 1, 1, body, 1), NX_SECURE_TLS_INVALID_STATE);
    EXPECT_CODE(dtls_transcript_start(&t, NULL), NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
}

static void keylog(void)
{
    uint8_t cr[32], ms[48];
    fill(cr, 32, 0);
    fill(ms, 48, 0xF0);
    char line[DTLS_KEYLOG_LINE];
    dtls_keys_keylog_line(line, cr, ms);
    EXPECT(strlen(line) == 14 + 64 + 1 + 96);
    EXPECT(strncmp(line, "CLIENT_RANDOM 00070e151c", 24) == 0);
    EXPECT(strncmp(line + 79, "f0f7fe050c", 10) == 0);
}

int main(void)
{
    schedule(&crypto_method_tls_prf_sha256, "SHA256", 32);
    schedule(&crypto_method_tls_prf_sha384, "SHA384", 48);
    layouts();
    transcript(&crypto_method_sha256, "SHA256");
    transcript(&crypto_method_sha384, "SHA384");
    keylog();
    return test_finish("dtls/keys");
}
