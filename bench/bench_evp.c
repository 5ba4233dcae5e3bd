/* SPDX-License-Identifier: MIT */
#include "bench_evp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bench_queue.h"

struct bench_evp {
    EVP_CIPHER_CTX *seal;
    EVP_CIPHER_CTX *open;
    int ccm8;
    uint8_t nonce[12];
    uint8_t aad[13];
    uint8_t text[BENCH_DGRAM_MAX];
    uint8_t tag[16];
};

void bench_evp_close(struct bench_evp *e)
{
    if (e != NULL) {
        EVP_CIPHER_CTX_free(e->seal);
        EVP_CIPHER_CTX_free(e->open);
        free(e);
    }
}

static int key_context(EVP_CIPHER_CTX *ctx, int ccm8, int enc)
{
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    const EVP_CIPHER *cipher = ccm8 ? EVP_aes_128_ccm() : EVP_aes_128_gcm();
    if (EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, enc) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1) {
        return -1;
    }
    if (ccm8 && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 8, NULL) != 1) {
        return -1;
    }
    return EVP_CipherInit_ex(ctx, NULL, NULL, key, NULL, enc) == 1 ? 0 : -1;
}

struct bench_evp *bench_evp_open(int ccm8)
{
    struct bench_evp *e = calloc(1, sizeof *e);
    if (e == NULL) {
        return NULL;
    }
    e->ccm8 = ccm8;
    e->seal = EVP_CIPHER_CTX_new();
    e->open = EVP_CIPHER_CTX_new();
    if (e->seal == NULL || e->open == NULL || key_context(e->seal, ccm8, 1) != 0 ||
        key_context(e->open, ccm8, 0) != 0) {
        bench_evp_close(e);
        return NULL;
    }
    return e;
}

int bench_evp_records(struct bench_evp *e, size_t len, unsigned n)
{
    int tag_len = e->ccm8 ? 8 : 16;
    int out = 0;
    for (unsigned i = 0; i < n; i++) {
        e->nonce[11] =
            (uint8_t)i; /* a new nonce per record, as the record layer's sequence number */
        /* Seal. CCM needs the payload length before the additional data. */
        int ok = EVP_EncryptInit_ex(e->seal, NULL, NULL, NULL, e->nonce) == 1 &&
                 (!e->ccm8 || EVP_EncryptUpdate(e->seal, NULL, &out, NULL, (int)len) == 1) &&
                 EVP_EncryptUpdate(e->seal, NULL, &out, e->aad, sizeof e->aad) == 1 &&
                 EVP_EncryptUpdate(e->seal, e->text, &out, e->text, (int)len) == 1 &&
                 EVP_EncryptFinal_ex(e->seal, e->text + len, &out) == 1 &&
                 EVP_CIPHER_CTX_ctrl(e->seal, EVP_CTRL_AEAD_GET_TAG, tag_len, e->tag) == 1;
        /* Open. CCM takes the tag before decrypting; GCM checks it at the end. */
        ok = ok && EVP_DecryptInit_ex(e->open, NULL, NULL, NULL, e->nonce) == 1 &&
             (!e->ccm8 ||
              EVP_CIPHER_CTX_ctrl(e->open, EVP_CTRL_AEAD_SET_TAG, tag_len, e->tag) == 1) &&
             (!e->ccm8 || EVP_DecryptUpdate(e->open, NULL, &out, NULL, (int)len) == 1) &&
             EVP_DecryptUpdate(e->open, NULL, &out, e->aad, sizeof e->aad) == 1 &&
             EVP_DecryptUpdate(e->open, e->text, &out, e->text, (int)len) == 1 &&
             (e->ccm8 ||
              (EVP_CIPHER_CTX_ctrl(e->open, EVP_CTRL_AEAD_SET_TAG, tag_len, e->tag) == 1 &&
               EVP_DecryptFinal_ex(e->open, e->text + len, &out) == 1));
        if (!ok) {
            return -1;
        }
    }
    return 0;
}
