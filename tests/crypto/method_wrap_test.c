/* SPDX-License-Identifier: MIT */
/* method_wrap_test: an application's own AES-GCM method (here: one that counts its calls and forwards
 * to crypto_method_aes_128_gcm_16, standing in for a hardware engine) placed in a custom
 * NX_SECURE_TLS_CIPHERSUITE_INFO row is what gets called when a record is protected through the row,
 * the way the engine does it (docs/netx-api.md 6.6 priority 2, 10 Q3). The record functions below only see
 * the row, never a method name. */
#include <string.h>

#include "crypto/crypto_call.h"
#include "nx_secure_tls.h"
#include "test.h"

static unsigned calls_init, calls_cleanup, calls_op[64];

static UINT app_gcm_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                         VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)method;
    calls_init++;
    /* A real engine would load the key into hardware; this one forwards to nxdtls's method. */
    return crypto_method_aes_128_gcm_16.nx_crypto_init(
        (NX_CRYPTO_METHOD *)(uintptr_t)&crypto_method_aes_128_gcm_16, key, key_size_in_bits,
        handler, crypto_metadata, crypto_metadata_size);
}

static UINT app_gcm_cleanup(VOID *crypto_metadata)
{
    calls_cleanup++;
    return crypto_method_aes_128_gcm_16.nx_crypto_cleanup(crypto_metadata);
}

static UINT app_gcm_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                              NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                              ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                              ULONG output_length_in_byte, VOID *crypto_metadata,
                              ULONG crypto_metadata_size, VOID *packet_ptr,
                              VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    if (op < 64) {
        calls_op[op]++;
    }
    /* The row it was called with is passed on: the tag size comes from the row's ICV. */
    return crypto_method_aes_128_gcm_16.nx_crypto_operation(
        op, handler, method, key, key_size_in_bits, input, input_length_in_byte, iv_ptr, output,
        output_length_in_byte, crypto_metadata, crypto_metadata_size, packet_ptr,
        nx_crypto_hw_process_callback);
}

static const NX_CRYPTO_METHOD app_gcm = {
    .nx_crypto_algorithm = NX_CRYPTO_ENCRYPTION_AES_GCM_16,
    .nx_crypto_key_size_in_bits = 128,
    .nx_crypto_IV_size_in_bits = 32,
    .nx_crypto_ICV_size_in_bits = 128,
    .nx_crypto_block_size_in_bytes = 16,
    .nx_crypto_metadata_area_size = 96, /* its own figure; at least the wrapped method's */
    .nx_crypto_init = app_gcm_init,
    .nx_crypto_cleanup = app_gcm_cleanup,
    .nx_crypto_operation = app_gcm_operation,
};

/* The application's table row: TLS_PSK_WITH_AES_128_GCM_SHA256 with its own cipher. */
static const NX_SECURE_TLS_CIPHERSUITE_INFO app_row = {
    .nx_secure_tls_ciphersuite = TLS_PSK_WITH_AES_128_GCM_SHA256,
    .nx_secure_tls_public_cipher = &crypto_method_null,
    .nx_secure_tls_public_auth = &crypto_method_auth_psk,
    .nx_secure_tls_session_cipher = &app_gcm,
    .nx_secure_tls_iv_size = 16,
    .nx_secure_tls_session_key_size = 16,
    .nx_secure_tls_hash = &crypto_method_null,
    .nx_secure_tls_hash_size = 0,
    .nx_secure_tls_prf = &crypto_method_tls_prf_sha256,
};

/* protect seals one DTLS record payload the way 6.6 prescribes, using only the suite row. */
static UINT protect(const NX_SECURE_TLS_CIPHERSUITE_INFO *row, void *area, size_t area_size,
                    const uint8_t salt[4], uint64_t epoch_seq, const uint8_t *pt, size_t len,
                    uint8_t *out /* explicit || ct || tag */)
{
    const NX_CRYPTO_METHOD *c = row->nx_secure_tls_session_cipher;
    size_t tag_len = c->nx_crypto_ICV_size_in_bits / 8;
    uint8_t iv[13], aad[13];
    iv[0] = 12;
    memcpy(iv + 1, salt, 4);
    for (int i = 0; i < 8; i++) {
        iv[5 + i] = (uint8_t)(epoch_seq >> (56 - 8 * i));
        aad[i] = iv[5 + i];
    }
    aad[8] = 23; /* application_data */
    aad[9] = 0xFE;
    aad[10] = 0xFD; /* DTLS 1.2 */
    aad[11] = (uint8_t)(len >> 8);
    aad[12] = (uint8_t)len;
    memcpy(out, iv + 5, 8);
    NXD_TRY(crypto_op(c, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, aad, 13, iv, NULL, len, area,
                      area_size));
    NXD_TRY(crypto_op(c, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, pt, len, NULL, out + 8, len, area,
                      area_size));
    return crypto_op(c, NX_CRYPTO_ENCRYPT_CALCULATE, NULL, 0, NULL, 0, NULL, out + 8 + len, tag_len,
                     area, area_size);
}

static UINT unprotect(const NX_SECURE_TLS_CIPHERSUITE_INFO *row, void *area, size_t area_size,
                      const uint8_t salt[4], const uint8_t *rec, size_t rec_len, uint8_t *pt)
{
    const NX_CRYPTO_METHOD *c = row->nx_secure_tls_session_cipher;
    size_t tag_len = c->nx_crypto_ICV_size_in_bits / 8;
    size_t len = rec_len - 8 - tag_len;
    uint8_t iv[13], aad[13];
    iv[0] = 12;
    memcpy(iv + 1, salt, 4);
    memcpy(iv + 5, rec, 8);
    memcpy(aad, rec, 8);
    aad[8] = 23;
    aad[9] = 0xFE;
    aad[10] = 0xFD;
    aad[11] = (uint8_t)(len >> 8);
    aad[12] = (uint8_t)len;
    NXD_TRY(crypto_op(c, NX_CRYPTO_DECRYPT_INITIALIZE, NULL, 0, aad, 13, iv, NULL, len, area,
                      area_size));
    NXD_TRY(crypto_op(c, NX_CRYPTO_DECRYPT_UPDATE, NULL, 0, rec + 8, len, NULL, pt, len, area,
                      area_size));
    return crypto_op(c, NX_CRYPTO_DECRYPT_CALCULATE, NULL, 0, rec + 8 + len, tag_len, NULL, NULL, 0,
                     area, area_size);
}

int main(void)
{
    static _Alignas(8) uint8_t write_area[128], read_area[128], ref_area[128];
    const uint8_t key[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                             0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
    const uint8_t salt[4] = {0xA0, 0xA1, 0xA2, 0xA3};
    const char *message = "GET /.well-known/core";
    size_t len = strlen(message);
    uint8_t rec[8 + 64 + 16], ref[8 + 64 + 16], pt[64];

    /* Through the application's row. */
    const NX_CRYPTO_METHOD *c = app_row.nx_secure_tls_session_cipher;
    size_t area_size = c->nx_crypto_metadata_area_size;
    EXPECT_OK(crypto_init(c, key, c->nx_crypto_key_size_in_bits, write_area, area_size));
    EXPECT_OK(crypto_init(c, key, c->nx_crypto_key_size_in_bits, read_area, area_size));
    for (uint64_t seq = 1; seq <= 3; seq++) {
        uint64_t epoch_seq = (1ull << 48) | seq;
        EXPECT_OK(protect(&app_row, write_area, area_size, salt, epoch_seq,
                          (const uint8_t *)message, len, rec));
        memset(pt, 0, sizeof pt);
        EXPECT_OK(unprotect(&app_row, read_area, area_size, salt, rec, 8 + len + 16, pt));
        EXPECT_MEM(pt, message, len);

        /* The same record through nxdtls's own method directly is byte-identical. */
        NX_SECURE_TLS_CIPHERSUITE_INFO plain_row = app_row;
        plain_row.nx_secure_tls_session_cipher = &crypto_method_aes_128_gcm_16;
        EXPECT_OK(crypto_init(&crypto_method_aes_128_gcm_16, key, 128, ref_area, sizeof ref_area));
        EXPECT_OK(protect(&plain_row, ref_area, sizeof ref_area, salt, epoch_seq,
                          (const uint8_t *)message, len, ref));
        crypto_cleanup(&crypto_method_aes_128_gcm_16, ref_area);
        EXPECT_MEM(rec, ref, 8 + len + 16);
    }
    /* A forged record fails through the application's method as well. */
    rec[10] ^= 1;
    EXPECT_CODE(unprotect(&app_row, read_area, area_size, salt, rec, 8 + len + 16, pt),
                NX_CRYPTO_AUTHENTICATION_FAILED);
    crypto_cleanup(c, write_area);
    crypto_cleanup(c, read_area);

    /* Every step went through the application's functions. */
    EXPECT(calls_init == 2);
    EXPECT(calls_cleanup == 2);
    EXPECT(calls_op[NX_CRYPTO_ENCRYPT_INITIALIZE] == 3);
    EXPECT(calls_op[NX_CRYPTO_ENCRYPT_UPDATE] == 3);
    EXPECT(calls_op[NX_CRYPTO_ENCRYPT_CALCULATE] == 3);
    EXPECT(calls_op[NX_CRYPTO_DECRYPT_INITIALIZE] == 4);
    EXPECT(calls_op[NX_CRYPTO_DECRYPT_UPDATE] == 4);
    EXPECT(calls_op[NX_CRYPTO_DECRYPT_CALCULATE] == 4);
    printf("application method calls: init %u, cleanup %u, encrypt %u/%u/%u, decrypt %u/%u/%u\n",
           calls_init, calls_cleanup, calls_op[30], calls_op[32], calls_op[34], calls_op[31],
           calls_op[33], calls_op[35]);
    return test_finish("method_wrap");
}
