/* SPDX-License-Identifier: MIT */
/* alloc_test: the per-record paths allocate nothing once a method is initialised (the design's
 * per-record cost rule): libcrypto's allocator is counted through CRYPTO_set_mem_functions while
 * records are sealed and opened with AES-GCM, AES-CCM and AES-CBC, while the transcript hash is updated
 * and forked, while the record MAC (HMAC-SHA256) runs, and while the TLS PRF is keyed and run as a
 * handshake does (crypto_hmac_core.h: HMAC on precomputed hash states, no EVP_MAC). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/crypto_call.h"
#include "nx_crypto.h"
#include "test.h"

static unsigned long allocs;

static void *count_malloc(size_t n, const char *file, int line)
{
    (void)file, (void)line;
    allocs++;
    return malloc(n);
}

static void *count_realloc(void *p, size_t n, const char *file, int line)
{
    (void)file, (void)line;
    allocs++;
    return realloc(p, n);
}

static void count_free(void *p, const char *file, int line)
{
    (void)file, (void)line;
    free(p);
}

static _Alignas(8) uint8_t area[512];

static unsigned long aead_records(const NX_CRYPTO_METHOD *m, int records)
{
    uint8_t key[16] = {1}, iv[13] = {12}, aad[13] = {2}, buf[1024], tag[16];
    memset(buf, 3, sizeof buf);
    EXPECT_OK(crypto_init(m, key, 128, area, sizeof area));
    size_t t = m->nx_crypto_ICV_size_in_bits / 8;
    /* One warm-up record of each direction, then count. */
    unsigned long before = 0;
    for (int r = -1; r < records; r++) {
        if (r == 0) {
            before = allocs;
        }
        iv[12] = (uint8_t)r;
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, aad, 13, iv, NULL, sizeof buf,
                            area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, buf, sizeof buf, NULL, buf,
                            sizeof buf, area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, tag, t, area,
                            sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, aad, 13, iv, NULL, sizeof buf,
                            area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, buf, sizeof buf, NULL, buf,
                            sizeof buf, area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, tag, t, NULL, NULL, 0, area,
                            sizeof area));
    }
    unsigned long used = allocs - before;
    crypto_cleanup(m, area);
    return used;
}

static unsigned long cbc_records(int records)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_aes_cbc_128;
    uint8_t key[16] = {1}, iv[16] = {2}, buf[1024];
    memset(buf, 3, sizeof buf);
    EXPECT_OK(crypto_init(m, key, 128, area, sizeof area));
    unsigned long before = 0;
    for (int r = -1; r < records; r++) {
        if (r == 0) {
            before = allocs;
        }
        /* A decrypt-side area: the direction is set by the first record and stays. */
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, NULL, 0, iv, NULL, 0, area,
                            sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, buf, sizeof buf, NULL, buf,
                            sizeof buf, area, sizeof area));
    }
    unsigned long used = allocs - before;
    crypto_cleanup(m, area);
    return used;
}

static unsigned long hmac_records(int records)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_hmac_sha256;
    uint8_t key[32] = {1}, buf[1024], mac[32];
    memset(buf, 3, sizeof buf);
    EXPECT_OK(crypto_init(m, key, 256, area, sizeof area));
    unsigned long before = 0;
    for (int r = -1; r < records; r++) {
        if (r == 0) {
            before = allocs;
        }
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, key, 256, NULL, 0, NULL, NULL, 0, area,
                            sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, buf, 13, NULL, NULL, 0, area,
                            sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, buf, sizeof buf, NULL, NULL, 0, area,
                            sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, mac, sizeof mac,
                            area, sizeof area));
    }
    unsigned long used = allocs - before;
    crypto_cleanup(m, area);
    return used;
}

/* prf_handshakes keys and runs the PRF as a handshake does: master secret, key block, two Finished. */
static unsigned long prf_handshakes(int handshakes)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_tls_prf_sha256;
    uint8_t premaster[36] = {7}, seed[64] = {8}, master[48], block[40], verify[12];
    unsigned long before = allocs;
    for (int h = 0; h < handshakes; h++) {
        EXPECT_OK(crypto_init(m, premaster, sizeof premaster, area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, (const uint8_t *)"master secret", 13, seed, 64, NULL,
                            master, sizeof master, area, sizeof area));
        crypto_cleanup(m, area);
        EXPECT_OK(crypto_init(m, master, sizeof master, area, sizeof area));
        EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, (const uint8_t *)"key expansion", 13, seed, 64, NULL,
                            block, sizeof block, area, sizeof area));
        for (int side = 0; side < 2; side++) {
            EXPECT_OK(crypto_op(m, NX_CRYPTO_PRF, (const uint8_t *)"client finished", 15, seed, 32,
                                NULL, verify, sizeof verify, area, sizeof area));
        }
        crypto_cleanup(m, area);
    }
    return allocs - before;
}

static unsigned long transcript(int messages)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_sha256;
    static _Alignas(8) uint8_t fork[256];
    uint8_t buf[300], digest[32];
    memset(buf, 5, sizeof buf);
    unsigned long before = allocs;
    EXPECT_OK(crypto_init(m, NULL, 0, area, sizeof area));
    EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, area,
                        sizeof area));
    for (int i = 0; i < messages; i++) {
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_UPDATE, NULL, 0, buf, sizeof buf, NULL, NULL, 0, area,
                            sizeof area));
        memcpy(fork, area, m->nx_crypto_metadata_area_size);
        EXPECT_OK(crypto_op(m, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, digest,
                            sizeof digest, fork, sizeof fork));
    }
    crypto_cleanup(m, area);
    return allocs - before;
}

int main(void)
{
    /* Must run before libcrypto allocates anything. */
    EXPECT(CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1);
    const int records = 200;
    unsigned long gcm = aead_records(&crypto_method_aes_128_gcm_16, records);
    unsigned long ccm = aead_records(&crypto_method_aes_ccm_8, records);
    unsigned long cbc = cbc_records(records);
    unsigned long sha = transcript(records);
    unsigned long hmac = hmac_records(records);
    unsigned long prf = prf_handshakes(records);
    printf("libcrypto allocations over %d records: AES-GCM %lu, AES-CCM %lu, AES-CBC %lu, SHA-256 "
           "transcript (update + fork) %lu, HMAC-SHA256 %lu; over %d handshakes' PRF uses: %lu\n",
           records, gcm, ccm, cbc, sha, hmac, records, prf);
    EXPECT(gcm == 0);
    EXPECT(ccm == 0);
    EXPECT(cbc == 0);
    EXPECT(sha == 0);
    EXPECT(hmac == 0);
    EXPECT(prf == 0);
    return test_finish("alloc");
}
