/* SPDX-License-Identifier: MIT */
/* cid_record_test: the tls12_cid record of RFC 9146 checked against an independent construction with
 * OpenSSL's EVP and HMAC, built here from the RFC's text: the header (4: outer_type 25, version, epoch,
 * sequence_number, cid, length), the inner plaintext (content || real_type || zeros) and the additional data
 * of 5 (seq_num_placeholder = 8 x 0xFF, tls12_cid, cid_length, tls12_cid, version, epoch, sequence_number,
 * cid, length_of_DTLSInnerPlaintext), for AES-GCM (5.3) and AES-CBC with HMAC-SHA256 (5.1). Both ways: what
 * nxdtls seals OpenSSL opens, what OpenSSL seals (with padding zeros) nxdtls opens; any change to one byte
 * of the additional data fails. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>

#include "dtls/dtls_cid.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls_loop.h"
#include "test.h"

#define AREA 8192
static _Alignas(16) uint8_t area_c[AREA], area_m[AREA];
static const uint8_t enc_key[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                    0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
static const uint8_t mac_key[32] = {
    0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
    0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f};
static const uint8_t salt[4] = {0xA0, 0xA1, 0xA2, 0xA3};
static const uint8_t cid[5] = {0xde, 0xad, 0xbe, 0xef, 0x01};

/* rfc_aad: RFC 9146 5, written out from the RFC, not from dtls_cid.c. */
static size_t rfc_aad(uint8_t *out, uint16_t epoch, uint64_t seq, size_t inner_len)
{
    size_t n = 0;
    memset(out, 0xFF, 8);
    n = 8;
    out[n++] = 25;
    out[n++] = sizeof cid;
    out[n++] = 25;
    out[n++] = 0xFE;
    out[n++] = 0xFD;
    out[n++] = (uint8_t)(epoch >> 8);
    out[n++] = (uint8_t)epoch;
    for (int i = 5; i >= 0; i--) {
        out[n++] = (uint8_t)(seq >> (8 * i));
    }
    memcpy(out + n, cid, sizeof cid);
    n += sizeof cid;
    out[n++] = (uint8_t)(inner_len >> 8);
    out[n++] = (uint8_t)inner_len;
    return n;
}

static const NX_SECURE_TLS_CIPHERSUITE_INFO *row(uint16_t suite)
{
    for (size_t i = 0; i < sizeof loop_psk_rows / sizeof loop_psk_rows[0]; i++) {
        if (loop_psk_rows[i].nx_secure_tls_ciphersuite == suite) {
            return &loop_psk_rows[i];
        }
    }
    return NULL;
}

/* Builds the header of RFC 9146 4 for a fragment of frag_len bytes. */
static size_t rfc_header(uint8_t *out, uint16_t epoch, uint64_t seq, size_t frag_len)
{
    uint8_t aad[64];
    rfc_aad(aad, epoch, seq, 0);
    out[0] = 25;
    memcpy(out + 1, aad + 11, 2 + 2 + 6); /* version, epoch, sequence_number */
    memcpy(out + 11, cid, sizeof cid);
    out[11 + sizeof cid] = (uint8_t)(frag_len >> 8);
    out[12 + sizeof cid] = (uint8_t)frag_len;
    return 13 + sizeof cid;
}

/* openssl_open checks a record sealed by nxdtls; returns the inner plaintext length or -1. */
static long openssl_open(bool gcm, const uint8_t *rec, size_t len, uint16_t epoch, uint64_t seq,
                         uint8_t *inner)
{
    uint8_t head[32];
    size_t hl = rfc_header(head, epoch, seq, len - 13 - sizeof cid);
    if (memcmp(rec, head, hl) != 0) {
        return -1;
    }
    const uint8_t *frag = rec + hl;
    size_t frag_len = len - hl;
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int outl = 0, fin = 0;
    long result = -1;
    if (gcm) {
        uint8_t nonce[12];
        memcpy(nonce, salt, 4);
        memcpy(nonce + 4, frag, 8);
        size_t ct_len = frag_len - 8 - 16;
        uint8_t tag[16];
        memcpy(tag, frag + 8 + ct_len, sizeof tag);
        uint8_t aad[64];
        size_t al = rfc_aad(aad, epoch, seq, ct_len);
        if (EVP_DecryptInit_ex(x, EVP_aes_128_gcm(), NULL, enc_key, nonce) == 1 &&
            EVP_DecryptUpdate(x, NULL, &outl, aad, (int)al) == 1 &&
            EVP_DecryptUpdate(x, inner, &outl, frag + 8, (int)ct_len) == 1 &&
            EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
            EVP_DecryptFinal_ex(x, inner + outl, &fin) == 1) {
            result = (long)ct_len;
        }
    } else {
        size_t body = frag_len - 16;
        uint8_t plain[256];
        if (EVP_DecryptInit_ex(x, EVP_aes_128_cbc(), NULL, enc_key, frag) == 1 &&
            EVP_CIPHER_CTX_set_padding(x, 0) == 1 &&
            EVP_DecryptUpdate(x, plain, &outl, frag + 16, (int)body) == 1) {
            size_t pad = plain[body - 1];
            size_t inner_len = body - 1 - pad - 32;
            uint8_t aad[64], mac[32];
            unsigned ml = 0;
            size_t al = rfc_aad(aad, epoch, seq, inner_len);
            uint8_t msg[320];
            memcpy(msg, aad, al);
            memcpy(msg + al, plain, inner_len);
            HMAC(EVP_sha256(), mac_key, sizeof mac_key, msg, al + inner_len, mac, &ml);
            if (memcmp(mac, plain + inner_len, 32) == 0) {
                memcpy(inner, plain, inner_len);
                result = (long)inner_len;
            }
        }
    }
    EVP_CIPHER_CTX_free(x);
    return result;
}

/* openssl_seal builds a record independently (inner = content || type || zeros). */
static size_t openssl_seal(bool gcm, uint16_t epoch, uint64_t seq, const uint8_t *inner,
                           size_t inner_len, uint8_t *rec)
{
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int outl = 0, fin = 0;
    size_t frag_len;
    uint8_t frag[400];
    if (gcm) {
        uint8_t nonce[12];
        memcpy(nonce, salt, 4);
        for (int i = 0; i < 8; i++) {
            frag[i] = (uint8_t)(0x70 + i); /* any explicit nonce, used once */
        }
        memcpy(nonce + 4, frag, 8);
        uint8_t aad[64];
        size_t al = rfc_aad(aad, epoch, seq, inner_len);
        EVP_EncryptInit_ex(x, EVP_aes_128_gcm(), NULL, enc_key, nonce);
        EVP_EncryptUpdate(x, NULL, &outl, aad, (int)al);
        EVP_EncryptUpdate(x, frag + 8, &outl, inner, (int)inner_len);
        EVP_EncryptFinal_ex(x, frag + 8 + outl, &fin);
        EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, 16, frag + 8 + inner_len);
        frag_len = 8 + inner_len + 16;
    } else {
        uint8_t aad[64], msg[320], plain[320];
        unsigned ml = 0;
        size_t al = rfc_aad(aad, epoch, seq, inner_len);
        memcpy(msg, aad, al);
        memcpy(msg + al, inner, inner_len);
        memcpy(plain, inner, inner_len);
        HMAC(EVP_sha256(), mac_key, sizeof mac_key, msg, al + inner_len, plain + inner_len, &ml);
        size_t n = inner_len + 32;
        size_t pad = 15 - n % 16;
        memset(plain + n, (int)pad, pad + 1);
        n += pad + 1;
        memset(frag, 0x33, 16); /* IV */
        EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, enc_key, frag);
        EVP_CIPHER_CTX_set_padding(x, 0);
        EVP_EncryptUpdate(x, frag + 16, &outl, plain, (int)n);
        frag_len = 16 + n;
    }
    EVP_CIPHER_CTX_free(x);
    size_t hl = rfc_header(rec, epoch, seq, frag_len);
    memcpy(rec + hl, frag, frag_len);
    return hl + frag_len;
}

static void one_suite(uint16_t suite, bool gcm)
{
    struct loop *l = calloc(1, sizeof *l);
    loop_setup(l, 9);
    l->client.cfg.cid_length = sizeof cid;
    EXPECT_OK(nxdtls_conn_init(&l->client.conn, &l->client.cfg, l->client.meta,
                               sizeof l->client.meta, l->client.reasm, sizeof l->client.reasm));
    struct dtls_conn *c = dtls_conn_of(&l->client.conn);
    /* Both directions keyed alike, our CID and the peer's the same bytes: the record we seal is one we
     * can open. */
    memcpy(c->cid.own, cid, sizeof cid);
    c->cid.own_len = sizeof cid;
    c->cid.negotiated = 1;
    c->cid.next_peer_len = sizeof cid;
    memcpy(c->cid.next_peer, cid, sizeof cid);
    dtls_cid_epoch_keyed(c, 1);
    struct dtls_cipher w, r;
    memset(&w, 0, sizeof w);
    memset(&r, 0, sizeof r);
    EXPECT_OK(
        dtls_cipher_install(&w, row(suite), 1, mac_key, enc_key, salt, area_c, AREA, area_m, AREA));

    uint8_t rec[512];
    struct wire_wr out = wire_wr_init(rec, sizeof rec);
    static const uint8_t content[] = "GET /sensors/1";
    EXPECT_OK(dtls_cid_seal(c, &w, 1, 0x0102030405ull, 23, content, sizeof content - 1, &out));
    uint8_t inner[400];
    long n = openssl_open(gcm, rec, out.len, 1, 0x0102030405ull, inner);
    EXPECT(n == (long)sizeof content); /* content and the real type, no padding */
    if (n > 0) {
        EXPECT_MEM(inner, content, sizeof content - 1);
        EXPECT(inner[n - 1] == 23);
    }
    dtls_cipher_clear(&w);

    /* The other way: OpenSSL seals an alert with 7 padding zeros; nxdtls opens it. */
    EXPECT_OK(
        dtls_cipher_install(&r, row(suite), 0, mac_key, enc_key, salt, area_c, AREA, area_m, AREA));
    uint8_t in_plain[16] = {2, 40, 21}; /* alert fatal handshake_failure, type 21, then zeros */
    size_t len = openssl_seal(gcm, 2, 77, in_plain, 10, rec);
    struct wire_rd rd = wire_rd_init(rec, len);
    struct dtls_record_hdr hdr;
    struct wire_rd frag;
    bool foreign = true;
    EXPECT(dtls_cid_record_next(c, &rd, &hdr, &frag, &foreign));
    EXPECT(!foreign && hdr.type == 25 && hdr.epoch == 2 && hdr.seq == 77 && wire_done(&rd));
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    uint8_t type = 0;
    uint8_t *fp = rec + (frag.p - rec);
    EXPECT_OK(dtls_cid_open(c, &r, &hdr, fp, frag.len, &plain, &plain_len, &type));
    EXPECT(type == 21 && plain_len == 2 && plain != NULL && plain[0] == 2 && plain[1] == 40);

    /* One changed byte of the additional data (the CID's last, in the header) must fail. */
    len = openssl_seal(gcm, 2, 78, in_plain, 10, rec);
    rec[11 + sizeof cid - 1] ^= 0x80;
    memcpy(c->cid.own, rec + 11, sizeof cid); /* as if it were ours: only the MAC can tell */
    rd = wire_rd_init(rec, len);
    EXPECT(dtls_cid_record_next(c, &rd, &hdr, &frag, &foreign) && !foreign);
    fp = rec + (frag.p - rec);
    EXPECT(dtls_cid_open(c, &r, &hdr, fp, frag.len, &plain, &plain_len, &type) != NX_SUCCESS);

    /* An inner plaintext of zeros only has no content type. */
    memcpy(c->cid.own, cid, sizeof cid);
    uint8_t zeros[8] = {0};
    len = openssl_seal(gcm, 2, 79, zeros, sizeof zeros, rec);
    rd = wire_rd_init(rec, len);
    EXPECT(dtls_cid_record_next(c, &rd, &hdr, &frag, &foreign) && !foreign);
    fp = rec + (frag.p - rec);
    EXPECT_CODE(dtls_cid_open(c, &r, &hdr, fp, frag.len, &plain, &plain_len, &type),
                NX_SECURE_TLS_UNEXPECTED_MESSAGE);

    /* Framing: a header cut inside the CID is not a record. */
    rd = wire_rd_init(rec, 13);
    EXPECT(!dtls_cid_record_next(c, &rd, &hdr, &frag, &foreign) && wire_done(&rd));
    dtls_cipher_clear(&r);
    nxdtls_conn_free(&l->client.conn);
    free(l);
}

int main(void)
{
    one_suite(0x00A8, true);  /* TLS_PSK_WITH_AES_128_GCM_SHA256: RFC 9146 5.3 */
    one_suite(0x00AE, false); /* TLS_PSK_WITH_AES_128_CBC_SHA256: RFC 9146 5.1 */
    return test_finish("dtls/cid_record");
}
