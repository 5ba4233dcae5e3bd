/* SPDX-License-Identifier: MIT */
/* record_test: record framing on truncated and overstated input, seal/open round trips for every AEAD and
 * CBC suite of the default tables, known-answer records, every byte flipped, CBC padding versus MAC errors
 * (one code), buffer edges, and an application's own method (init/cleanup pairing). */
#include "dtls/dtls_record.h"

#include <string.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_tables.h"
#include "dtls/dtls_replay.h"
#include "simnet.h"
#include "test.h"

#define AREA 8192
static _Alignas(16) uint8_t area_w[AREA], area_r[AREA], mac_w[AREA], mac_r[AREA];

static uint8_t enc_key[32], mac_key[48], salt[4];

static UINT fixed_iv(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(0x10 + i);
    }
    return NX_SUCCESS;
}

static const NX_SECURE_TLS_CIPHERSUITE_INFO *row(uint16_t id)
{
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers_ecc;
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        if (t->nx_secure_tls_ciphersuite_lookup_table[i].nx_secure_tls_ciphersuite == id) {
            return &t->nx_secure_tls_ciphersuite_lookup_table[i];
        }
    }
    return NULL;
}

static void keys(uint8_t base)
{
    for (size_t i = 0; i < sizeof enc_key; i++) {
        enc_key[i] = (uint8_t)(base + i);
    }
    for (size_t i = 0; i < sizeof mac_key; i++) {
        mac_key[i] = (uint8_t)(0x40 + i);
    }
    salt[0] = 0xA0;
    salt[1] = 0xA1;
    salt[2] = 0xA2;
    salt[3] = 0xA3;
}

static UINT install_pair(struct dtls_cipher *w, struct dtls_cipher *r,
                         const NX_SECURE_TLS_CIPHERSUITE_INFO *s)
{
    NXD_TRY(dtls_cipher_install(w, s, 1, mac_key, enc_key, salt, area_w, AREA, mac_w, AREA));
    return dtls_cipher_install(r, s, 0, mac_key, enc_key, salt, area_r, AREA, mac_r, AREA);
}

static void framing(void)
{
    uint8_t d[64];
    struct dtls_record_hdr h = {
        .type = 22, .version = 0xFEFD, .epoch = 0x0102, .seq = 0x030405060708ull, .length = 3};
    struct wire_wr w = wire_wr_init(d, sizeof d);
    dtls_record_write_header(&w, &h);
    wire_put_bytes(&w, "abc", 3);
    h.length = 0;
    dtls_record_write_header(&w, &h);
    EXPECT(w.len == 29 && !w.overflow);
    static const uint8_t want[] = {22, 0xFE, 0xFD, 1, 2, 3, 4, 5, 6, 7, 8, 0, 3};
    EXPECT_MEM(d, want, sizeof want);

    struct wire_rd dg = wire_rd_init(d, w.len);
    struct dtls_record_hdr got;
    struct wire_rd frag;
    EXPECT(dtls_record_next(&dg, &got, &frag));
    EXPECT(got.type == 22 && got.version == 0xFEFD && got.epoch == 0x0102 &&
           got.seq == 0x030405060708ull && got.length == 3 && frag.len == 3 &&
           memcmp(frag.p, "abc", 3) == 0);
    EXPECT(dtls_record_next(&dg, &got, &frag) && got.length == 0 && frag.len == 0 &&
           wire_done(&dg));
    EXPECT(!dtls_record_next(&dg, &got, &frag));

    /* Truncated header at every length, then a length field overstated by every amount up to the end. */
    for (size_t cut = 0; cut < 16; cut++) {
        dg = wire_rd_init(d, cut);
        bool ok = dtls_record_next(&dg, &got, &frag);
        EXPECT(ok == (cut == 16)); /* 13 + 3 = 16 bytes are the first whole record */
        EXPECT(dg.len == 0);
    }
    for (unsigned len = 4; len <= 0xFFFF; len += len < 64 ? 1 : 997) {
        d[11] = (uint8_t)(len >> 8);
        d[12] = (uint8_t)len;
        dg = wire_rd_init(d, 16);
        EXPECT(!dtls_record_next(&dg, &got, &frag) && dg.len == 0);
    }
    /* Longer than 2^14 + 2048 is refused even when the bytes are there. */
    static uint8_t big[DTLS_RECORD_HEADER_LEN + DTLS_MAX_CIPHERTEXT + 1];
    for (unsigned len = DTLS_MAX_CIPHERTEXT; len <= DTLS_MAX_CIPHERTEXT + 1; len++) {
        memcpy(big, want, sizeof want);
        big[11] = (uint8_t)(len >> 8);
        big[12] = (uint8_t)len;
        dg = wire_rd_init(big, sizeof big);
        EXPECT(dtls_record_next(&dg, &got, &frag) == (len == DTLS_MAX_CIPHERTEXT));
    }
    /* Header writer on a short buffer: sticky overflow. */
    w = wire_wr_init(d, 12);
    dtls_record_write_header(&w, &h);
    EXPECT(w.overflow);
}

static void known_answers(void)
{
    /* Expected records computed independently with Python cryptography 48 (AESCCM, AESGCM, AES-CBC and
     * hmac/hashlib) from the same keys: key 00..0f, salt a0..a3, MAC key 40.., IV 10..1f, epoch 1, seq 5,
     * application data "hello, dtls". */
    static const struct {
        uint16_t suite;
        const char *hex;
    } kat[] = {
        {0xC0A8,
         "17fefd0001000000000005001b00010000000000054498625bc08ae457685b24a4236f7a2af0e08b"},
        {0x009C, "17fefd000100000000000500230001000000000005a46f3dea4bbbcaf08029c01049cb42a10e3bbf6"
                 "a062f9173828270"},
        {0x00AE, "17fefd00010000000000050040101112131415161718191a1b1c1d1e1f69da5bef55c29766353c82d"
                 "064c3458cf0d8c4f"
                 "e536caf62e18e31a621a3d2a2858265be93fd43f9398160ac70293276"},
        {0x002F, "17fefd00010000000000050030101112131415161718191a1b1c1d1e1f05073c464c13aca89333d19"
                 "34c0ebd3ccb3a01"
                 "96123952fe182e2b764184c8cd"},
    };
    keys(0);
    for (size_t k = 0; k < NXD_ARRAY_LEN(kat); k++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *s = row(kat[k].suite);
        EXPECT(s != NULL);
        if (s == NULL) {
            continue;
        }
        uint8_t want[256];
        long n = test_hex_decode(kat[k].hex, want, sizeof want);
        struct dtls_cipher w, r;
        memset(&w, 0, sizeof w);
        memset(&r, 0, sizeof r);
        EXPECT_OK(install_pair(&w, &r, s));
        uint8_t out[256];
        struct wire_wr wr = wire_wr_init(out, sizeof out);
        EXPECT_OK(dtls_record_seal(&w, fixed_iv, NULL, 23, 1, 5, (const uint8_t *)"hello, dtls", 11,
                                   &wr));
        EXPECT(wr.len == (size_t)n);
        EXPECT_MEM(out, want, (size_t)n);
        struct wire_rd dg = wire_rd_init(want, (size_t)n);
        struct dtls_record_hdr h;
        struct wire_rd frag;
        EXPECT(dtls_record_next(&dg, &h, &frag));
        uint8_t *plain;
        size_t plain_len;
        EXPECT_OK(dtls_record_open(&r, &h, want + 13, frag.len, &plain, &plain_len));
        EXPECT(plain_len == 11 && memcmp(plain, "hello, dtls", 11) == 0);
        dtls_cipher_clear(&w);
        dtls_cipher_clear(&r);
    }
}

/* flip_every_byte seals one record and flips each byte of it in turn: the damaged record must fail with
 * the suite's one code (or not parse at all when the length field changed), and the replay window, fed
 * as the engine feeds it (check, open, accept on success only), must not move. */
static void flip_every_byte(struct dtls_cipher *w, struct dtls_cipher *r, size_t plain_len,
                            UINT code)
{
    static uint8_t plain[1200], rec[1400], copy[1400];
    for (size_t i = 0; i < plain_len; i++) {
        plain[i] = (uint8_t)(i * 13);
    }
    struct wire_wr wr = wire_wr_init(rec, sizeof rec);
    EXPECT_OK(dtls_record_seal(w, simnet_random, &(struct simnet_rng){7}, 23, 1, 99, plain,
                               plain_len, &wr));
    struct dtls_replay window;
    dtls_replay_init(&window);
    dtls_replay_accept(&window, 50);
    unsigned wrong = 0, moved = 0;
    for (size_t i = 0; i < wr.len; i++) {
        for (unsigned bit = 0; bit < 8; bit += 7) {
            memcpy(copy, rec, wr.len);
            copy[i] ^= (uint8_t)(1u << bit);
            struct wire_rd dg = wire_rd_init(copy, wr.len);
            struct dtls_record_hdr h;
            struct wire_rd frag;
            if (!dtls_record_next(&dg, &h, &frag)) {
                continue; /* the length field no longer matches: dropped before decryption */
            }
            if (h.length != wr.len - 13) {
                /* A shorter length still parses: that record must not open either. */
                uint8_t *p;
                size_t n;
                if (dtls_record_open(r, &h, copy + 13, frag.len, &p, &n) == NX_SUCCESS) {
                    wrong++;
                }
                continue;
            }
            uint8_t *p;
            size_t n;
            UINT st = dtls_replay_check(&window, h.seq)
                          ? dtls_record_open(r, &h, copy + 13, frag.len, &p, &n)
                          : code;
            if (st == NX_SUCCESS) {
                dtls_replay_accept(&window, h.seq);
            }
            if (st != code) {
                wrong++;
                fprintf(stderr, "flip byte %zu bit %u: 0x%x\n", i, bit, st);
            }
            if (window.top != 50 || window.bitmap != 1) {
                moved++;
            }
        }
    }
    EXPECT(wrong == 0);
    EXPECT(moved == 0);
    /* And the undamaged record still opens. */
    struct wire_rd dg = wire_rd_init(rec, wr.len);
    struct dtls_record_hdr h;
    struct wire_rd frag;
    uint8_t *p;
    size_t n;
    EXPECT(dtls_record_next(&dg, &h, &frag));
    EXPECT_OK(dtls_record_open(r, &h, rec + 13, frag.len, &p, &n));
    EXPECT(n == plain_len && memcmp(p, plain, n) == 0);
}

static void round_trips(void)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 1400, 16383, 16384};
    static uint8_t plain[DTLS_MAX_PLAINTEXT], rec[DTLS_MAX_PLAINTEXT + 512];
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers_ecc;
    size_t aead = 0, cbc = 0;
    for (size_t i = 0; i < sizeof plain; i++) {
        plain[i] = (uint8_t)(i ^ (i >> 8));
    }
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *s = &t->nx_secure_tls_ciphersuite_lookup_table[i];
        keys((uint8_t)i);
        struct dtls_cipher w, r;
        memset(&w, 0, sizeof w);
        memset(&r, 0, sizeof r);
        UINT st = install_pair(&w, &r, s);
        EXPECT_OK(st);
        if (st != NX_SUCCESS) {
            fprintf(stderr, "suite 0x%04x: install 0x%x\n", s->nx_secure_tls_ciphersuite, st);
            continue;
        }
        EXPECT(w.kind == DTLS_CIPHER_AEAD || w.kind == DTLS_CIPHER_CBC);
        aead += w.kind == DTLS_CIPHER_AEAD;
        cbc += w.kind == DTLS_CIPHER_CBC;
        struct simnet_rng rng = {i};
        for (size_t k = 0; k < NXD_ARRAY_LEN(lens); k++) {
            struct wire_wr wr = wire_wr_init(rec, sizeof rec);
            EXPECT_OK(
                dtls_record_seal(&w, simnet_random, &rng, 23, 3, 1000 + k, plain, lens[k], &wr));
            EXPECT(wr.len <= lens[k] + dtls_record_overhead(&w));
            struct wire_rd dg = wire_rd_init(rec, wr.len);
            struct dtls_record_hdr h;
            struct wire_rd frag;
            EXPECT(dtls_record_next(&dg, &h, &frag) && wire_done(&dg));
            EXPECT(h.type == 23 && h.epoch == 3 && h.seq == 1000 + k && h.version == 0xFEFD);
            uint8_t *p = NULL;
            size_t n = 0;
            UINT ost = dtls_record_open(&r, &h, rec + 13, frag.len, &p, &n);
            if (ost != NX_SUCCESS) {
                fprintf(stderr, "suite 0x%04x length %zu: open 0x%x\n",
                        s->nx_secure_tls_ciphersuite, lens[k], ost);
            }
            EXPECT_OK(ost);
            EXPECT(n == lens[k] && (n == 0 || memcmp(p, plain, n) == 0));
            /* The write direction does not open; a wrong key does not either. */
        }
        /* Seal into every too-small capacity: refused, writer untouched. */
        size_t need = 13 + 100;
        {
            struct wire_wr wr = wire_wr_init(rec, sizeof rec);
            EXPECT_OK(dtls_record_seal(&w, simnet_random, &rng, 23, 3, 5, plain, 100, &wr));
            need = wr.len;
        }
        for (size_t cap = 0; cap < need; cap += 7) {
            struct wire_wr wr = wire_wr_init(rec, cap);
            EXPECT_CODE(dtls_record_seal(&w, simnet_random, &rng, 23, 3, 5, plain, 100, &wr),
                        NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
            EXPECT(wr.len == 0 && !wr.overflow);
        }
        {
            struct wire_wr wr = wire_wr_init(rec, sizeof rec);
            EXPECT_CODE(dtls_record_seal(&w, simnet_random, &rng, 23, 3, 5, plain,
                                         DTLS_MAX_PLAINTEXT + 1, &wr),
                        NX_SECURE_TLS_RECORD_OVERFLOW);
        }
        UINT code = w.kind == DTLS_CIPHER_AEAD ? NX_SECURE_TLS_AEAD_DECRYPT_FAIL
                                               : NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE;
        flip_every_byte(&w, &r, 0, code);
        flip_every_byte(&w, &r, 37, code);
        /* Too short for the suite, at every length below its minimum. */
        size_t min = w.kind == DTLS_CIPHER_AEAD ? 8u + w.tag_len : 32u;
        for (size_t len = 0; len < min; len++) {
            struct dtls_record_hdr h = {
                .type = 23, .version = 0xFEFD, .epoch = 3, .seq = 9, .length = (uint16_t)len};
            uint8_t *p;
            size_t n;
            memset(rec, 0x5A, 64);
            EXPECT_CODE(dtls_record_open(&r, &h, rec, len, &p, &n),
                        NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        }
        if (w.kind == DTLS_CIPHER_CBC) {
            /* Not a whole number of blocks. */
            struct dtls_record_hdr h = {
                .type = 23, .version = 0xFEFD, .epoch = 3, .seq = 9, .length = 81};
            uint8_t *p;
            size_t n;
            EXPECT_CODE(dtls_record_open(&r, &h, rec, 81, &p, &n),
                        NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        } else {
            /* A plaintext of 2^14 + 1 bytes is an overflow before any decryption. */
            size_t len = 8 + w.tag_len + DTLS_MAX_PLAINTEXT + 1;
            struct dtls_record_hdr h = {
                .type = 23, .version = 0xFEFD, .epoch = 3, .seq = 9, .length = (uint16_t)len};
            uint8_t *p;
            size_t n;
            EXPECT_CODE(dtls_record_open(&r, &h, rec, len, &p, &n), NX_SECURE_TLS_RECORD_OVERFLOW);
        }
        dtls_cipher_clear(&w);
        dtls_cipher_clear(&r);
        EXPECT(w.cipher_live == 0 && w.suite == NULL && w.kind == DTLS_CIPHER_NULL);
        dtls_cipher_clear(&w); /* twice is harmless */
    }
    printf("round trips: %zu AEAD suites, %zu CBC suites\n", aead, cbc);
    EXPECT(aead >= 4 && cbc >= 4);
}

/* cbc_record encrypts a hand-made CBC plaintext (content || mac || padding as given) for the read side of
 * suite s, with the raw method, so that bad padding and bad MACs can be produced on purpose. */
static size_t cbc_record(const NX_SECURE_TLS_CIPHERSUITE_INFO *s, const uint8_t *body,
                         size_t body_len, uint8_t *out)
{
    static _Alignas(16) uint8_t area[AREA];
    const NX_CRYPTO_METHOD *m = s->nx_secure_tls_session_cipher;
    uint8_t iv[16];
    (void)fixed_iv(NULL, iv, 16);
    struct dtls_record_hdr h = {
        .type = 23, .version = 0xFEFD, .epoch = 1, .seq = 77, .length = (uint16_t)(16 + body_len)};
    struct wire_wr w = wire_wr_init(out, 20000);
    dtls_record_write_header(&w, &h);
    wire_put_bytes(&w, iv, 16);
    uint8_t *ct = wire_reserve(&w, body_len);
    memcpy(ct, body, body_len);
    UINT st = crypto_init(m, enc_key, m->nx_crypto_key_size_in_bits, area, sizeof area);
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_ENCRYPT_INITIALIZE, NULL, 0, NULL, 0, iv, NULL, 0, area,
                       sizeof area);
    }
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_ENCRYPT_UPDATE, NULL, 0, ct, body_len, iv, ct, body_len, area,
                       sizeof area);
    }
    crypto_cleanup(m, area);
    EXPECT_OK(st);
    return w.len;
}

static size_t hmac_into(const NX_SECURE_TLS_CIPHERSUITE_INFO *s, const uint8_t *content, size_t len,
                        uint8_t *out)
{
    static _Alignas(16) uint8_t area[AREA];
    const NX_CRYPTO_METHOD *m = s->nx_secure_tls_hash;
    size_t mac_len = s->nx_secure_tls_hash_size;
    uint8_t prefix[13] = {0,           1, 0, 0, 0, 0, 0, 77, 23, 0xFE, 0xFD, (uint8_t)(len >> 8),
                          (uint8_t)len};
    UINT bits = (UINT)mac_len * 8;
    UINT st = crypto_init(m, mac_key, bits, area, sizeof area);
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, mac_key, bits, NULL, 0, NULL, NULL, 0, area,
                       sizeof area);
    }
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_HASH_UPDATE, mac_key, bits, prefix, 13, NULL, NULL, 0, area,
                       sizeof area);
    }
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_HASH_UPDATE, mac_key, bits, content, len, NULL, NULL, 0, area,
                       sizeof area);
    }
    if (st == NX_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_HASH_CALCULATE, mac_key, bits, NULL, 0, NULL, out, 64, area,
                       sizeof area);
    }
    crypto_cleanup(m, area);
    EXPECT_OK(st);
    return mac_len;
}

/* try_cbc builds content || MAC(content, optionally damaged) || padding (pad_len + 1 bytes, optionally one
 * damaged) and returns what open says. */
static UINT try_cbc(const NX_SECURE_TLS_CIPHERSUITE_INFO *s, size_t content_len, size_t pad,
                    int bad_mac, long bad_pad_at, uint8_t pad_value_delta, size_t *out_len)
{
    static uint8_t body[20000], rec[20100];
    for (size_t i = 0; i < content_len; i++) {
        body[i] = (uint8_t)(i * 3);
    }
    size_t mac_len = hmac_into(s, body, content_len, body + content_len);
    if (bad_mac) {
        body[content_len + (size_t)bad_mac - 1] ^= 0x01;
    }
    size_t at = content_len + mac_len;
    for (size_t i = 0; i <= pad; i++) {
        body[at + i] = (uint8_t)pad;
    }
    if (bad_pad_at >= 0) {
        body[at + (size_t)bad_pad_at] ^= 0x80;
    }
    body[at + pad] = (uint8_t)(pad + pad_value_delta);
    size_t n = cbc_record(s, body, at + pad + 1, rec);
    struct dtls_cipher r;
    memset(&r, 0, sizeof r);
    EXPECT_OK(dtls_cipher_install(&r, s, 0, mac_key, enc_key, salt, area_r, AREA, mac_r, AREA));
    struct wire_rd dg = wire_rd_init(rec, n);
    struct dtls_record_hdr h;
    struct wire_rd frag;
    EXPECT(dtls_record_next(&dg, &h, &frag));
    uint8_t *p;
    size_t len = 0;
    UINT st = dtls_record_open(&r, &h, rec + 13, frag.len, &p, &len);
    if (st == NX_SUCCESS && (len != content_len || memcmp(p, body, len) != 0)) {
        st = 0xDEAD;
    }
    *out_len = len;
    dtls_cipher_clear(&r);
    return st;
}

static void cbc_padding_oracle(void)
{
    static const uint16_t suites[] = {0x002F, 0x00AE, 0xC027};
    keys(0x21);
    for (size_t k = 0; k < NXD_ARRAY_LEN(suites); k++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *s = row(suites[k]);
        EXPECT(s != NULL);
        if (s == NULL) {
            continue;
        }
        size_t mac_len = s->nx_secure_tls_hash_size;
        size_t n;
        /* Valid records with every padding length that fits: minimal, long, and the maximum 255. */
        for (size_t pad = 0; pad < 256; pad++) {
            /* content + mac + pad + 1 must be whole blocks. */
            size_t content = (16 - (mac_len + pad + 1) % 16) % 16 + 32;
            EXPECT_OK(try_cbc(s, content, pad, 0, -1, 0, &n));
        }
        /* Every failure, whatever its cause, is the same code. */
        size_t content = (16 - (mac_len + 1 + 64) % 16) % 16 + 64;
        const UINT bad = NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE;
        EXPECT_OK(try_cbc(s, content, 0, 0, -1, 0, &n));
        EXPECT_CODE(try_cbc(s, content, 0, 1, -1, 0, &n), bad);            /* first MAC byte */
        EXPECT_CODE(try_cbc(s, content, 0, (int)mac_len, -1, 0, &n), bad); /* last MAC byte */
        size_t content16 = (16 - (mac_len + 17 + 64) % 16) % 16 + 64;
        EXPECT_OK(try_cbc(s, content16, 16, 0, -1, 0, &n));
        EXPECT_CODE(try_cbc(s, content16, 16, 0, 0, 0, &n), bad); /* first padding byte wrong */
        EXPECT_CODE(try_cbc(s, content16, 16, 0, 8, 0, &n), bad); /* middle padding byte wrong */
        EXPECT_CODE(try_cbc(s, content16, 16, 0, 15, 0, &n),
                    bad); /* last padding byte before length */
        EXPECT_CODE(try_cbc(s, content16, 16, 0, -1, 1, &n), bad); /* length byte says one more */
        EXPECT_CODE(try_cbc(s, content16, 16, 1, 3, 0, &n), bad);  /* both wrong */
        /* Padding length larger than the record. */
        EXPECT_CODE(try_cbc(s, 0, (16 - (mac_len + 1) % 16) % 16, 0, -1, 200, &n), bad);
        /* A plaintext of 2^14 + 1 bytes with a valid MAC is an overflow (found after the MAC). */
        size_t big = DTLS_MAX_PLAINTEXT + 1;
        size_t pad = (16 - (big + mac_len + 1) % 16) % 16;
        EXPECT_CODE(try_cbc(s, big, pad, 0, -1, 0, &n), NX_SECURE_TLS_RECORD_OVERFLOW);
    }
}

/* A counting HMAC method (an application's own, forwarding to nxdtls's): records, per use (INITIALIZE ..
 * CALCULATE), how many bytes were fed, so the test can count SHA compression calls as Lucky 13 would. */
static NX_CRYPTO_METHOD counting_hmac;
static const NX_CRYPTO_METHOD *hmac_inner;
static size_t use_bytes[64];
static size_t uses;

static UINT hmac_count_op(UINT op, VOID *h, NX_CRYPTO_METHOD *m, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE bits, UCHAR *in, ULONG in_len, UCHAR *iv, UCHAR *out,
                          ULONG out_len, VOID *area, ULONG size, VOID *pkt,
                          VOID (*cb)(VOID *, UINT))
{
    if (op == NX_CRYPTO_HASH_INITIALIZE && uses < NXD_ARRAY_LEN(use_bytes)) {
        use_bytes[uses++] = 0;
    } else if (op == NX_CRYPTO_HASH_UPDATE && uses > 0) {
        use_bytes[uses - 1] += in_len;
    }
    return hmac_inner->nx_crypto_operation(op, h, m, key, bits, in, in_len, iv, out, out_len, area,
                                           size, pkt, cb);
}

/* sha_blocks: compression calls of HMAC's inner hash over m bytes after the key block (FIPS 180-4 padding). */
static size_t sha_blocks(size_t block, size_t m)
{
    size_t suffix = block == 64 ? 9 : 17;
    return (block + m + suffix + block - 1) / block;
}

static void cbc_constant_work(void)
{
    static const uint16_t ids[] = {0x002F, 0x00AE};
    keys(0x31);
    for (size_t k = 0; k < NXD_ARRAY_LEN(ids); k++) {
        NX_SECURE_TLS_CIPHERSUITE_INFO s = *row(ids[k]);
        hmac_inner = s.nx_secure_tls_hash;
        counting_hmac = *hmac_inner;
        counting_hmac.nx_crypto_operation = hmac_count_op;
        s.nx_secure_tls_hash = &counting_hmac;
        size_t mac_len = s.nx_secure_tls_hash_size;
        const size_t L = 336; /* record plaintext length, a whole number of blocks > mac + 256 */
        size_t first = 0;
        unsigned differ = 0, cases = 0;
        /* Valid records of every padding length, then invalid ones: the total is the same. */
        for (size_t pad = 0; pad < 256; pad++) {
            for (int variant = 0; variant < 3; variant++) {
                size_t n;
                uses = 0;
                UINT st = try_cbc(&s, L - mac_len - 1 - pad, pad, variant == 1 ? 1 : 0,
                                  variant == 2 ? 0 : -1, 0, &n);
                /* variant 2 damages the first padding byte, which for pad 0 is the length byte itself,
                 * rewritten afterwards: that record stays valid. */
                bool valid = variant == 0 || (variant == 2 && pad == 0);
                EXPECT_CODE(st, valid ? NX_SUCCESS : NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE);
                /* uses: hmac_into's own (building the record), then open's real MAC and its dummy. */
                EXPECT(uses == 3);
                size_t total = sha_blocks(64, use_bytes[1]) + sha_blocks(64, use_bytes[2]);
                if (cases++ == 0) {
                    first = total;
                }
                differ += total != first;
            }
        }
        EXPECT(differ == 0);
        printf("CBC 0x%04x, %zu-byte records: %zu inner compression calls for every padding (%u "
               "cases)\n",
               ids[k], L, first, cases);
    }
}

/* An application's own method: forwards to nxdtls's AES-GCM and counts init and cleanup calls. */
static unsigned inits, cleanups, ops;
static NX_CRYPTO_METHOD counting;

static UINT count_init(NX_CRYPTO_METHOD *m, UCHAR *key, NX_CRYPTO_KEY_SIZE bits, VOID **h,
                       VOID *area, ULONG size)
{
    inits++;
    return crypto_method_aes_128_gcm_16.nx_crypto_init(m, key, bits, h, area, size);
}

static UINT count_cleanup(VOID *area)
{
    cleanups++;
    return crypto_method_aes_128_gcm_16.nx_crypto_cleanup(area);
}

static UINT count_op(UINT op, VOID *h, NX_CRYPTO_METHOD *m, UCHAR *key, NX_CRYPTO_KEY_SIZE bits,
                     UCHAR *in, ULONG in_len, UCHAR *iv, UCHAR *out, ULONG out_len, VOID *area,
                     ULONG size, VOID *pkt, VOID (*cb)(VOID *, UINT))
{
    ops++;
    return crypto_method_aes_128_gcm_16.nx_crypto_operation(op, h, m, key, bits, in, in_len, iv,
                                                            out, out_len, area, size, pkt, cb);
}

static void own_method(void)
{
    counting = crypto_method_aes_128_gcm_16;
    counting.nx_crypto_init = count_init;
    counting.nx_crypto_cleanup = count_cleanup;
    counting.nx_crypto_operation = count_op;
    NX_SECURE_TLS_CIPHERSUITE_INFO s = *row(0x009C);
    s.nx_secure_tls_session_cipher = &counting;
    keys(3);
    struct dtls_cipher w, r;
    memset(&w, 0, sizeof w);
    memset(&r, 0, sizeof r);
    EXPECT_OK(install_pair(&w, &r, &s));
    EXPECT(inits == 2 && cleanups == 0);
    EXPECT_OK(install_pair(&w, &r, &s)); /* re-keying cleans up first */
    EXPECT(inits == 4 && cleanups == 2);
    uint8_t rec[256];
    ops = 0;
    for (uint64_t seq = 0; seq < 10; seq++) {
        struct wire_wr wr = wire_wr_init(rec, sizeof rec);
        EXPECT_OK(dtls_record_seal(&w, NULL, NULL, 23, 1, seq, (const uint8_t *)"x", 1, &wr));
        uint8_t *p;
        size_t n;
        struct dtls_record_hdr h = {.type = 23,
                                    .version = 0xFEFD,
                                    .epoch = 1,
                                    .seq = seq,
                                    .length = (uint16_t)(wr.len - 13)};
        EXPECT_OK(dtls_record_open(&r, &h, rec + 13, wr.len - 13, &p, &n));
    }
    /* Per record: INITIALIZE, UPDATE, CALCULATE on each side; no init, no cleanup. */
    EXPECT(ops == 60 && inits == 4 && cleanups == 2);
    dtls_cipher_clear(&w);
    dtls_cipher_clear(&r);
    EXPECT(cleanups == 4);
    dtls_cipher_clear(&w);
    EXPECT(cleanups == 4);
    /* A failing init leaves nothing owed. */
    counting.nx_crypto_init = NULL;
    counting.nx_crypto_operation = NULL;
    EXPECT_CODE(dtls_cipher_install(&w, &s, 1, mac_key, enc_key, salt, area_w, AREA, mac_w, AREA),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    EXPECT(w.suite == NULL && w.cipher_live == 0);
    s.nx_secure_tls_session_cipher = &crypto_method_null;
    EXPECT_CODE(dtls_cipher_install(&w, &s, 1, mac_key, enc_key, salt, area_w, AREA, mac_w, AREA),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    EXPECT(cleanups == 4);
}

static void null_cipher(void)
{
    struct dtls_cipher c;
    memset(&c, 0, sizeof c);
    uint8_t rec[64];
    struct wire_wr wr = wire_wr_init(rec, sizeof rec);
    EXPECT_OK(dtls_record_seal(&c, NULL, NULL, 22, 0, 3, (const uint8_t *)"hi", 2, &wr));
    EXPECT(wr.len == 15 && dtls_record_overhead(&c) == 13);
    uint8_t *p;
    size_t n;
    struct dtls_record_hdr h = {.type = 22, .version = 0xFEFD, .epoch = 0, .seq = 3, .length = 2};
    EXPECT_OK(dtls_record_open(&c, &h, rec + 13, 2, &p, &n));
    EXPECT(n == 2 && p == rec + 13);
}

int main(void)
{
    framing();
    null_cipher();
    known_answers();
    round_trips();
    cbc_padding_oracle();
    cbc_constant_work();
    own_method();
    printf("sizeof(struct dtls_cipher) = %zu, sizeof(struct dtls_replay) = %zu\n",
           sizeof(struct dtls_cipher), sizeof(struct dtls_replay));
    return test_finish("dtls/record");
}
