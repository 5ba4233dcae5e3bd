/* SPDX-License-Identifier: MIT */
/* dtls_record.c: record framing and protection.
 *
 * Every cryptographic step goes through the suite row's methods with the op codes of docs/netx-api.md 6.6, so
 * an application's own AES or HMAC method is used unchanged. The session cipher is initialized once per
 * epoch and direction (dtls_cipher_install); per record only INITIALIZE/UPDATE/CALCULATE operations run.
 * The HMAC method of a CBC suite is also initialized once; it is keyed per record by HASH_INITIALIZE with
 * the MAC key, which is NetX's convention for the record MAC.
 *
 * cipher_live bits: CIPHER_LIVE = the session cipher's init ran, MAC_LIVE = the HMAC method's init ran;
 * each owes exactly one cleanup, run by dtls_cipher_clear. */
#include "dtls/dtls_record.h"

#include <string.h>

#include "base/ct.h"

#define CIPHER_LIVE 0x01u
#define MAC_LIVE    0x02u

#define AEAD_EXPLICIT_LEN 8
#define AEAD_SALT_LEN     4
#define CBC_BLOCK         16
#define MAC_SCRATCH       64 /* largest HMAC output we accept (SHA-512) */
#define MAC_PREFIX_LEN    13 /* epoch||seq(8) type(1) version(2) length(2), RFC 5246 6.2.3.1 */

/* The methods take non-const pointers (docs/netx-api.md 6.1); the table rows are const. */
static NX_CRYPTO_METHOD *method_ptr(const NX_CRYPTO_METHOD *m)
{
    return (NX_CRYPTO_METHOD *)(uintptr_t)m;
}

static UCHAR *uchar_ptr(const uint8_t *p)
{
    return (UCHAR *)(uintptr_t)p;
}

bool dtls_record_next(struct wire_rd *datagram, struct dtls_record_hdr *hdr,
                      struct wire_rd *fragment)
{
    /* RFC 6347 4.1: type(1) version(2) epoch(2) sequence_number(6) length(2), then the fragment. One bounds
     * check for the fixed header, one for the fragment. */
    const uint8_t *h = NULL;
    struct wire_rd r = *datagram;
    if (!wire_get_bytes(&r, DTLS_RECORD_HEADER_LEN, &h)) {
        h = NULL;
    } else {
        hdr->type = h[0];
        hdr->version = (uint16_t)wire_load_be(h + 1, 2);
        hdr->epoch = (uint16_t)wire_load_be(h + 3, 2);
        hdr->seq = wire_load_be(h + 5, 6);
        hdr->length = (uint16_t)wire_load_be(h + 11, 2);
    }
    if (h == NULL || hdr->length > DTLS_MAX_CIPHERTEXT ||
        !wire_get_sub(&r, hdr->length, fragment)) {
        /* RFC 6347 4.1.2.7: what cannot be framed is dropped, with the rest of the datagram, because the
         * next record boundary is unknown. */
        *datagram = wire_rd_init(NULL, 0);
        return false;
    }
    *datagram = r;
    return true;
}

/* store_header writes the 13 header bytes at out. */
static void store_header(uint8_t *out, const struct dtls_record_hdr *hdr)
{
    out[0] = hdr->type;
    wire_store_be(out + 1, hdr->version, 2);
    wire_store_be(out + 3, hdr->epoch, 2);
    wire_store_be(out + 5, hdr->seq, 6);
    wire_store_be(out + 11, hdr->length, 2);
}

void dtls_record_write_header(struct wire_wr *w, const struct dtls_record_hdr *hdr)
{
    uint8_t *out = wire_reserve(w, DTLS_RECORD_HEADER_LEN);
    if (out != NULL) {
        store_header(out, hdr);
    }
}

static bool is_aead(UINT algorithm)
{
    /* docs/netx-api.md 6.6 "How the engine reads a suite row": these session ciphers are AEAD. */
    return algorithm == NX_CRYPTO_ENCRYPTION_AES_CCM_8 ||
           algorithm == NX_CRYPTO_ENCRYPTION_AES_CCM_12 ||
           algorithm == NX_CRYPTO_ENCRYPTION_AES_CCM_16 ||
           algorithm == NX_CRYPTO_ENCRYPTION_AES_GCM_16;
}

static void cleanup_owed(struct dtls_cipher *c)
{
    if (c->suite != NULL) {
        const NX_CRYPTO_METHOD *cipher = c->suite->nx_secure_tls_session_cipher;
        const NX_CRYPTO_METHOD *mac = c->suite->nx_secure_tls_hash;
        if ((c->cipher_live & CIPHER_LIVE) != 0 && cipher != NULL &&
            cipher->nx_crypto_cleanup != NULL) {
            (void)cipher->nx_crypto_cleanup(c->cipher_area);
        }
        if ((c->cipher_live & MAC_LIVE) != 0 && mac != NULL && mac->nx_crypto_cleanup != NULL) {
            (void)mac->nx_crypto_cleanup(c->mac_area);
        }
    }
    c->cipher_live = 0;
}

void dtls_cipher_clear(struct dtls_cipher *c)
{
    cleanup_owed(c);
    ct_wipe(c, sizeof *c);
    c->suite = NULL;
    c->cipher_area = NULL;
    c->mac_area = NULL;
    c->kind = DTLS_CIPHER_NULL;
}

UINT dtls_cipher_install(struct dtls_cipher *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *suite,
                         int encrypt, const uint8_t *mac_key, const uint8_t *enc_key,
                         const uint8_t *salt, void *cipher_area, size_t cipher_area_size,
                         void *mac_area, size_t mac_area_size)
{
    dtls_cipher_clear(c);
    NXD_ENSURE(suite != NULL && suite->nx_secure_tls_session_cipher != NULL,
               NX_SECURE_TLS_UNSUPPORTED_CIPHER);
    const NX_CRYPTO_METHOD *cipher = suite->nx_secure_tls_session_cipher;
    NXD_ENSURE(cipher->nx_crypto_operation != NULL, NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    UINT key_bits = cipher->nx_crypto_key_size_in_bits;
    NXD_ENSURE(enc_key != NULL && key_bits != 0 && key_bits % 8 == 0,
               NX_SECURE_TLS_UNSUPPORTED_CIPHER);

    struct dtls_cipher next = {.suite = suite, .encrypt = encrypt != 0 ? 1 : 0};
    if (is_aead(cipher->nx_crypto_algorithm)) {
        UINT tag_bits = cipher->nx_crypto_ICV_size_in_bits;
        NXD_ENSURE(salt != NULL && cipher->nx_crypto_IV_size_in_bits == AEAD_SALT_LEN * 8 &&
                       (tag_bits == 64 || tag_bits == 96 || tag_bits == 128),
                   NX_SECURE_TLS_UNSUPPORTED_CIPHER);
        next.kind = DTLS_CIPHER_AEAD;
        next.tag_len = (uint8_t)(tag_bits / 8);
        next.salt_len = AEAD_SALT_LEN;
        next.explicit_len = AEAD_EXPLICIT_LEN;
        memcpy(next.salt, salt, AEAD_SALT_LEN);
    } else if (cipher->nx_crypto_algorithm == NX_CRYPTO_ENCRYPTION_AES_CBC) {
        const NX_CRYPTO_METHOD *mac = suite->nx_secure_tls_hash;
        NXD_ENSURE(mac != NULL, NX_SECURE_TLS_UNSUPPORTED_CIPHER);
        NXD_ENSURE(mac->nx_crypto_operation != NULL, NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
        size_t mac_len = suite->nx_secure_tls_hash_size;
        NXD_ENSURE(mac_key != NULL && mac_len >= 16 && mac_len <= sizeof next.mac_key &&
                       cipher->nx_crypto_IV_size_in_bits == CBC_BLOCK * 8,
                   NX_SECURE_TLS_UNSUPPORTED_CIPHER);
        next.kind = DTLS_CIPHER_CBC;
        next.mac_len = (uint8_t)mac_len;
        next.explicit_len = CBC_BLOCK;
        memcpy(next.mac_key, mac_key, mac_len);
    } else {
        return NX_SECURE_TLS_UNSUPPORTED_CIPHER;
    }
    next.cipher_area = cipher_area;
    next.cipher_area_size = cipher_area_size;
    next.mac_area = mac_area;
    next.mac_area_size = mac_area_size;

    if (cipher->nx_crypto_init != NULL) {
        VOID *handler = NX_NULL;
        UINT status = cipher->nx_crypto_init(method_ptr(cipher), uchar_ptr(enc_key), key_bits,
                                             &handler, cipher_area, (ULONG)cipher_area_size);
        if (status != NX_CRYPTO_SUCCESS) {
            ct_wipe(&next, sizeof next);
            return NX_SECURE_TLS_UNSUPPORTED_CIPHER;
        }
        next.cipher_live |= CIPHER_LIVE;
    }
    if (next.kind == DTLS_CIPHER_CBC && suite->nx_secure_tls_hash->nx_crypto_init != NULL) {
        const NX_CRYPTO_METHOD *mac = suite->nx_secure_tls_hash;
        VOID *handler = NX_NULL;
        UINT status = mac->nx_crypto_init(method_ptr(mac), next.mac_key, (UINT)next.mac_len * 8u,
                                          &handler, mac_area, (ULONG)mac_area_size);
        if (status != NX_CRYPTO_SUCCESS) {
            cleanup_owed(&next);
            ct_wipe(&next, sizeof next);
            return NX_SECURE_TLS_UNSUPPORTED_CIPHER;
        }
        next.cipher_live |= MAC_LIVE;
    }
    *c = next;
    ct_wipe(&next, sizeof next);
    return NX_SUCCESS;
}

size_t dtls_record_overhead(const struct dtls_cipher *c)
{
    switch (c->kind) {
    case DTLS_CIPHER_AEAD:
        return DTLS_RECORD_HEADER_LEN + AEAD_EXPLICIT_LEN + c->tag_len;
    case DTLS_CIPHER_CBC:
        /* Explicit IV, MAC, and 1..16 bytes of padding with its length byte (we pad minimally). */
        return DTLS_RECORD_HEADER_LEN + CBC_BLOCK + c->mac_len + CBC_BLOCK;
    default:
        return DTLS_RECORD_HEADER_LEN;
    }
}

/* cipher_op runs one operation of the session cipher on this direction's area. */
static UINT cipher_op(const struct dtls_cipher *c, UINT op, const uint8_t *input, size_t input_len,
                      const uint8_t *iv, uint8_t *output, size_t output_len)
{
    const NX_CRYPTO_METHOD *m = c->suite->nx_secure_tls_session_cipher;
    return m->nx_crypto_operation(op, NX_NULL, method_ptr(m), NX_NULL,
                                  m->nx_crypto_key_size_in_bits, uchar_ptr(input), (ULONG)input_len,
                                  uchar_ptr(iv), output, (ULONG)output_len, c->cipher_area,
                                  (ULONG)c->cipher_area_size, NX_NULL, NX_NULL);
}

/* mac_op runs one operation of the HMAC method, keyed with the MAC key (docs/netx-api.md 6.6 "HMAC"). */
static UINT mac_op(const struct dtls_cipher *c, UINT op, const uint8_t *input, size_t input_len,
                   uint8_t *output, size_t output_len)
{
    const NX_CRYPTO_METHOD *m = c->suite->nx_secure_tls_hash;
    return m->nx_crypto_operation(op, NX_NULL, method_ptr(m), uchar_ptr(c->mac_key),
                                  (UINT)c->mac_len * 8u, uchar_ptr(input), (ULONG)input_len,
                                  NX_NULL, output, (ULONG)output_len, c->mac_area,
                                  (ULONG)c->mac_area_size, NX_NULL, NX_NULL);
}

/* mac_head builds seq_num || type || version of RFC 5246 6.2.3.1 (epoch||seq in DTLS, RFC 6347 4.1.2.1):
 * with the length appended (full_prefix) the 13 bytes are also the AEAD additional data of RFC 5246 6.2.3.3. */
static void mac_head(struct dtls_aad *head, uint16_t epoch, uint64_t seq, uint8_t type,
                     uint16_t version)
{
    wire_store_be(head->bytes, epoch, 2);
    wire_store_be(head->bytes + 2, seq, 6);
    head->bytes[8] = type;
    wire_store_be(head->bytes + 9, version, 2);
    head->len = MAC_PREFIX_LEN - 2;
}

/* full_prefix appends the 2-byte length to head into out (DTLS_AAD_MAX + 2 bytes) and returns its size. Both
 * record formats end their MAC input prefix / additional data with the plaintext length (RFC 5246 6.2.3.1;
 * RFC 9146 5: length_of_DTLSInnerPlaintext). */
static size_t full_prefix(uint8_t *out, const struct dtls_aad *head, size_t length)
{
    memcpy(out, head->bytes, head->len);
    wire_store_be(out + head->len, length, 2);
    return head->len + 2;
}

/* mac_compute runs one keyed HMAC use: prefix (prefix_len bytes), then data, into out (mac_len bytes). */
static UINT mac_compute(const struct dtls_cipher *c, const uint8_t *prefix, size_t prefix_len,
                        const uint8_t *data, size_t data_len, uint8_t out[MAC_SCRATCH])
{
    NXD_TRY(mac_op(c, NX_CRYPTO_HASH_INITIALIZE, NX_NULL, 0, NX_NULL, 0));
    NXD_TRY(mac_op(c, NX_CRYPTO_HASH_UPDATE, prefix, prefix_len, NX_NULL, 0));
    NXD_TRY(mac_op(c, NX_CRYPTO_HASH_UPDATE, data, data_len, NX_NULL, 0));
    return mac_op(c, NX_CRYPTO_HASH_CALCULATE, NX_NULL, 0, out, MAC_SCRATCH);
}

static UINT seal_aead(struct dtls_cipher *c, const struct dtls_aad *head, uint16_t epoch,
                      uint64_t seq, const uint8_t *plain, size_t plain_len, uint8_t *out)
{
    /* RFC 5288 3, RFC 6655 3: nonce = salt(4) || nonce_explicit(8); we use epoch||seq as nonce_explicit
     * (unique per key, RFC 6347 4.1.2.1) and send it as the first 8 bytes of the fragment. The method's
     * iv_ptr takes a length byte first (docs/netx-api.md 6.6). */
    uint8_t iv[1 + AEAD_SALT_LEN + AEAD_EXPLICIT_LEN];
    iv[0] = AEAD_SALT_LEN + AEAD_EXPLICIT_LEN;
    memcpy(iv + 1, c->salt, AEAD_SALT_LEN);
    wire_store_be(iv + 1 + AEAD_SALT_LEN, epoch, 2);
    wire_store_be(iv + 1 + AEAD_SALT_LEN + 2, seq, 6);
    uint8_t aad[DTLS_AAD_MAX + 2];
    size_t aad_len = full_prefix(aad, head, plain_len);

    memcpy(out, iv + 1 + AEAD_SALT_LEN, AEAD_EXPLICIT_LEN);
    uint8_t *body = out + AEAD_EXPLICIT_LEN;
    NXD_TRY(cipher_op(c, NX_CRYPTO_ENCRYPT_INITIALIZE, aad, aad_len, iv, NX_NULL, plain_len));
    /* Encrypted from the plaintext straight into the record: the caller's buffer (no overlap), or the
     * record's own body (dtls_record_protect in place, input and output the same). An empty record passes
     * the body as input so that no method sees a NULL pointer. */
    NXD_TRY(cipher_op(c, NX_CRYPTO_ENCRYPT_UPDATE, plain_len != 0 ? plain : body, plain_len,
                      NX_NULL, body, plain_len));
    return cipher_op(c, NX_CRYPTO_ENCRYPT_CALCULATE, NX_NULL, 0, NX_NULL, body + plain_len,
                     c->tag_len);
}

static UINT seal_cbc(struct dtls_cipher *c, nxdtls_random_fn rnd, void *rnd_ctx,
                     const struct dtls_aad *head, const uint8_t *plain, size_t plain_len,
                     uint8_t *out, size_t body_len)
{
    /* RFC 5246 6.2.3.2: IV || E(content || MAC || padding || padding_length); a fresh random IV per record. */
    NXD_ENSURE(rnd != NULL, NX_PTR_ERROR);
    uint8_t *body = out + CBC_BLOCK;
    uint8_t prefix[DTLS_AAD_MAX + 2];
    size_t prefix_len = full_prefix(prefix, head, plain_len);
    uint8_t mac[MAC_SCRATCH];
    /* The MAC first: plain may already sit at body (dtls_record_protect in place). */
    UINT status = mac_compute(c, prefix, prefix_len, plain, plain_len, mac);
    if (status == NX_SUCCESS) {
        status = rnd(rnd_ctx, out, CBC_BLOCK);
    }
    if (status == NX_SUCCESS) {
        if (plain_len != 0 && plain != body) {
            memcpy(body, plain, plain_len);
        }
        memcpy(body + plain_len, mac, c->mac_len);
        size_t pad = body_len - plain_len - c->mac_len; /* 1..16 bytes, each the value pad - 1 */
        memset(body + plain_len + c->mac_len, (int)(pad - 1), pad);
        status = cipher_op(c, NX_CRYPTO_ENCRYPT_INITIALIZE, NX_NULL, 0, out, NX_NULL, 0);
    }
    if (status == NX_SUCCESS) {
        status = cipher_op(c, NX_CRYPTO_ENCRYPT_UPDATE, body, body_len, out, body, body_len);
    }
    if (status == NX_SUCCESS) {
        status = cipher_op(c, NX_CRYPTO_ENCRYPT_CALCULATE, NX_NULL, 0, out, NX_NULL, 0);
    }
    ct_wipe(mac, sizeof mac);
    return status;
}

size_t dtls_record_fragment_len(const struct dtls_cipher *c, size_t plain_len)
{
    switch (c->kind) {
    case DTLS_CIPHER_AEAD:
        return AEAD_EXPLICIT_LEN + plain_len + c->tag_len;
    case DTLS_CIPHER_CBC:
        return CBC_BLOCK + (plain_len + c->mac_len) / CBC_BLOCK * CBC_BLOCK + CBC_BLOCK;
    default:
        return plain_len;
    }
}

size_t dtls_record_plain_offset(const struct dtls_cipher *c)
{
    return c->kind == DTLS_CIPHER_NULL ? 0 : c->explicit_len;
}

UINT dtls_record_protect(struct dtls_cipher *c, nxdtls_random_fn rnd, void *rnd_ctx,
                         const struct dtls_aad *head, uint16_t epoch, uint64_t seq,
                         const uint8_t *plain, size_t plain_len, uint8_t *out)
{
    NXD_ENSURE(plain_len <= DTLS_MAX_PLAINTEXT + 1u, NX_SECURE_TLS_RECORD_OVERFLOW);
    switch (c->kind) {
    case DTLS_CIPHER_AEAD:
        return seal_aead(c, head, epoch, seq, plain, plain_len, out);
    case DTLS_CIPHER_CBC:
        return seal_cbc(c, rnd, rnd_ctx, head, plain, plain_len, out,
                        dtls_record_fragment_len(c, plain_len) - CBC_BLOCK);
    default:
        if (plain_len != 0 && plain != out) {
            memcpy(out, plain, plain_len);
        }
        return NX_SUCCESS;
    }
}

UINT dtls_record_seal(struct dtls_cipher *c, nxdtls_random_fn rnd, void *rnd_ctx, uint8_t type,
                      uint16_t epoch, uint64_t seq, const uint8_t *plain, size_t plain_len,
                      struct wire_wr *w)
{
    NXD_ENSURE(plain_len <= DTLS_MAX_PLAINTEXT, NX_SECURE_TLS_RECORD_OVERFLOW);
    size_t frag_len = dtls_record_fragment_len(c, plain_len);
    NXD_ENSURE(!w->overflow && w->cap - w->len >= DTLS_RECORD_HEADER_LEN + frag_len,
               NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    size_t start = w->len;
    struct dtls_record_hdr hdr = {.type = type,
                                  .version = DTLS_VERSION_1_2,
                                  .epoch = epoch,
                                  .seq = seq,
                                  .length = (uint16_t)frag_len};
    /* Room was checked above: header and fragment are reserved at once. */
    uint8_t *record = wire_reserve(w, DTLS_RECORD_HEADER_LEN + frag_len);
    store_header(record, &hdr);
    uint8_t *out = record + DTLS_RECORD_HEADER_LEN;
    struct dtls_aad head;
    mac_head(&head, epoch, seq, type, DTLS_VERSION_1_2);
    UINT status = dtls_record_protect(c, rnd, rnd_ctx, &head, epoch, seq, plain, plain_len, out);
    if (status != NX_SUCCESS) {
        ct_wipe(w->buf + start, w->len - start);
        w->len = start;
    }
    return status;
}

static UINT open_aead(struct dtls_cipher *c, const struct dtls_aad *head, size_t max_plain,
                      uint8_t *fragment, size_t fragment_len, uint8_t **plain, size_t *plain_len)
{
    NXD_ENSURE(fragment_len >= (size_t)AEAD_EXPLICIT_LEN + c->tag_len,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    size_t len = fragment_len - AEAD_EXPLICIT_LEN - c->tag_len;
    NXD_ENSURE(len <= max_plain, NX_SECURE_TLS_RECORD_OVERFLOW);
    /* RFC 5288 3: the received nonce_explicit is used as sent. */
    uint8_t iv[1 + AEAD_SALT_LEN + AEAD_EXPLICIT_LEN];
    iv[0] = AEAD_SALT_LEN + AEAD_EXPLICIT_LEN;
    memcpy(iv + 1, c->salt, AEAD_SALT_LEN);
    memcpy(iv + 1 + AEAD_SALT_LEN, fragment, AEAD_EXPLICIT_LEN);
    uint8_t aad[DTLS_AAD_MAX + 2];
    size_t aad_len = full_prefix(aad, head, len);
    uint8_t *body = fragment + AEAD_EXPLICIT_LEN;
    UINT status = cipher_op(c, NX_CRYPTO_DECRYPT_INITIALIZE, aad, aad_len, iv, NX_NULL, len);
    if (status == NX_SUCCESS) {
        status = cipher_op(c, NX_CRYPTO_DECRYPT_UPDATE, body, len, NX_NULL, body, len);
    }
    if (status == NX_SUCCESS) {
        status =
            cipher_op(c, NX_CRYPTO_DECRYPT_CALCULATE, body + len, c->tag_len, NX_NULL, NX_NULL, 0);
    }
    /* Every failure, the tag mismatch (NX_CRYPTO_AUTHENTICATION_FAILED) included, is one code. */
    NXD_ENSURE(status == NX_SUCCESS, NX_SECURE_TLS_AEAD_DECRYPT_FAIL);
    *plain = body;
    *plain_len = len;
    return NX_SUCCESS;
}

/* CBC record check, Lucky 13 (AlFardan and Paterson 2013; RFC 5246 6.2.3.2 implementation note).
 *
 * After decryption the plaintext P of L bytes (a public multiple of 16) ends with padding_length p (secret)
 * and p + 1 bytes of value p; before them the MAC, before that the content of n = L - 1 - p - mac_len bytes.
 *
 * What is constant (depends only on L, mac_len and the hash block size, never on p or on any secret byte):
 *   - the padding check: the last min(L, 256) bytes are all read, each compared under a mask;
 *   - the MAC extraction: the last min(L, mac_len + 256) bytes are all read, written under masks into a
 *     buffer at public positions, then rotated by a secret amount in log2 steps of masked selects;
 *   - the sequence of method calls: INITIALIZE, UPDATE(13), UPDATE(n), CALCULATE for the real MAC, then
 *     INITIALIZE, UPDATE(d), CALCULATE for a discarded dummy MAC, always;
 *   - the number of hash compression-function calls: the real MAC's inner hash costs blocks(13 + n); the
 *     dummy is fed d = block * (blocks(13 + n_max) - blocks(13 + n)) bytes, so its inner hash costs
 *     blocks(0) + d / block and the sum is fixed. HMAC's key blocks and outer hash are the same in both.
 *   - one decision at the end: padding-good AND mac-equal, a single returned code for either failure.
 * What is not constant: the byte-copying inside the method's UPDATE (n + d bytes are copied where n varies
 * by at most 255 and d by blocks) and the method's own implementation, which we cannot see through the
 * opaque HMAC interface. When padding is bad the MAC is computed as if p were 0 (RFC 5246 6.2.3.2). */
struct cbc_geometry {
    size_t block;  /* hash block bytes */
    size_t suffix; /* padding byte 0x80 plus the length field */
};

/* The dummy MAC's input. n varies by at most 255, so the block counts differ by at most
 * ceil(255 / block) + 1: 5 * 64 = 320 bytes for SHA-1/256, 3 * 128 = 384 for SHA-384/512. */
static const uint8_t dummy_bytes[384] = {0};

static struct cbc_geometry hash_geometry(size_t mac_len)
{
    /* SHA-1 and SHA-256 (20, 32 bytes) use 64-byte blocks with an 8-byte length; SHA-384/512 use 128-byte
     * blocks with a 16-byte length (FIPS 180-4 5.1). The HMAC row's block size field is not relied on. */
    struct cbc_geometry g = {64, 9};
    if (mac_len > 32) {
        g.block = 128;
        g.suffix = 17;
    }
    return g;
}

/* inner_blocks returns the compression calls of HMAC's inner hash over m message bytes (key block first). */
static size_t inner_blocks(struct cbc_geometry g, size_t m)
{
    return (g.block + m + g.suffix + g.block - 1) / g.block;
}

static UINT open_cbc(struct dtls_cipher *c, const struct dtls_aad *head, size_t max_plain,
                     uint8_t *fragment, size_t fragment_len, uint8_t **plain, size_t *plain_len)
{
    size_t mac_len = c->mac_len;
    /* Public length checks: a whole number of blocks after the IV, room for the MAC and padding length. */
    NXD_ENSURE(fragment_len >= 2 * CBC_BLOCK && fragment_len % CBC_BLOCK == 0 &&
                   fragment_len - CBC_BLOCK >= mac_len + 1,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    size_t L = fragment_len - CBC_BLOCK;
    uint8_t *p = fragment + CBC_BLOCK;
    UINT status = cipher_op(c, NX_CRYPTO_DECRYPT_INITIALIZE, NX_NULL, 0, fragment, NX_NULL, 0);
    if (status == NX_SUCCESS) {
        status = cipher_op(c, NX_CRYPTO_DECRYPT_UPDATE, p, L, fragment, p, L);
    }
    if (status == NX_SUCCESS) {
        status = cipher_op(c, NX_CRYPTO_DECRYPT_CALCULATE, NX_NULL, 0, fragment, NX_NULL, 0);
    }
    NXD_ENSURE(status == NX_SUCCESS, NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE);

    /* Lengths here are < 2^15, so every mask argument is < 2^31 as ct_mask_lt requires. */
    uint32_t pad = p[L - 1];
    uint32_t good =
        ~ct_mask_lt((uint32_t)L, pad + 1u + (uint32_t)mac_len); /* p + 1 + mac_len <= L */
    size_t scan = L < 256 ? L : 256;
    for (size_t i = 1; i <= scan; i++) {
        uint32_t in_pad = ct_mask_lt((uint32_t)i, pad + 2u); /* i <= p + 1 */
        good &= ~(in_pad & ct_mask_nonzero((uint32_t)(p[L - i] ^ pad)));
    }
    pad &= good; /* bad padding: treat as p = 0 */
    uint32_t n = (uint32_t)L - 1u - pad - (uint32_t)mac_len;

    /* Extract the received MAC at secret offset n: window positions are public. */
    uint8_t got[MAC_SCRATCH];
    memset(got, 0, sizeof got);
    size_t win = mac_len + 256 < L ? mac_len + 256 : L;
    size_t start = L - win;
    uint32_t rot = 0;
    for (size_t k = start, r = 0; k < L; k++) {
        uint32_t rel = (uint32_t)k - n; /* wraps when k < n: then >= mac_len */
        uint32_t in_mac =
            ct_mask_lt(rel & 0x7FFFFFFFu, (uint32_t)mac_len) & ~ct_mask_lt((uint32_t)k, n);
        got[r] |= (uint8_t)(p[k] & in_mac);
        rot |= (uint32_t)r & ct_mask_eq((uint32_t)k, n);
        r = r + 1 == mac_len ? 0 : r + 1;
    }
    /* got[(n - start + j) mod mac_len] = mac[j] and rot = (n - start) mod mac_len: rotate left by rot. */
    uint8_t tmp[MAC_SCRATCH];
    for (size_t step = 1; step < mac_len; step <<= 1) {
        uint32_t take = ct_mask_nonzero(rot & (uint32_t)step);
        for (size_t j = 0; j < mac_len; j++) {
            size_t from = j + step < mac_len ? j + step : j + step - mac_len;
            tmp[j] = ct_select_u8(take, got[from], got[j]);
        }
        memcpy(got, tmp, mac_len);
    }

    struct cbc_geometry g = hash_geometry(mac_len);
    size_t n_max = L - 1 - mac_len;
    /* The prefix length is public (13 bytes, or RFC 9146's with the CID), so the block counts stay so. */
    uint8_t prefix[DTLS_AAD_MAX + 2];
    size_t prefix_len = full_prefix(prefix, head, n);
    size_t dummy =
        g.block * (inner_blocks(g, prefix_len + n_max) - inner_blocks(g, prefix_len + n));
    uint8_t want[MAC_SCRATCH];
    uint8_t discard[MAC_SCRATCH];
    status = mac_compute(c, prefix, prefix_len, p, n, want);
    UINT dummy_status = mac_op(c, NX_CRYPTO_HASH_INITIALIZE, NX_NULL, 0, NX_NULL, 0);
    if (dummy_status == NX_SUCCESS) {
        dummy_status = mac_op(c, NX_CRYPTO_HASH_UPDATE, dummy_bytes,
                              dummy < sizeof dummy_bytes ? dummy : sizeof dummy_bytes, NX_NULL, 0);
    }
    if (dummy_status == NX_SUCCESS) {
        dummy_status = mac_op(c, NX_CRYPTO_HASH_CALCULATE, NX_NULL, 0, discard, sizeof discard);
    }
    (void)dummy_status;
    bool equal = ct_equal(got, want, mac_len);
    good &= ct_mask_nonzero((uint32_t)equal);
    ct_wipe(want, sizeof want);
    ct_wipe(discard, sizeof discard);
    ct_wipe(got, sizeof got);
    ct_wipe(tmp, sizeof tmp);
    /* The one branch on the secret outcome. */
    NXD_ENSURE(status == NX_SUCCESS && good != 0, NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE);
    NXD_ENSURE(n <= max_plain, NX_SECURE_TLS_RECORD_OVERFLOW);
    *plain = p;
    *plain_len = n;
    return NX_SUCCESS;
}

UINT dtls_record_unprotect(struct dtls_cipher *c, const struct dtls_aad *head, size_t max_plain,
                           uint8_t *fragment, size_t fragment_len, uint8_t **plain,
                           size_t *plain_len)
{
    switch (c->kind) {
    case DTLS_CIPHER_AEAD:
        return open_aead(c, head, max_plain, fragment, fragment_len, plain, plain_len);
    case DTLS_CIPHER_CBC:
        return open_cbc(c, head, max_plain, fragment, fragment_len, plain, plain_len);
    default:
        NXD_ENSURE(fragment_len <= max_plain, NX_SECURE_TLS_RECORD_OVERFLOW);
        *plain = fragment;
        *plain_len = fragment_len;
        return NX_SUCCESS;
    }
}

UINT dtls_record_open(struct dtls_cipher *c, const struct dtls_record_hdr *hdr, uint8_t *fragment,
                      size_t fragment_len, uint8_t **plain, size_t *plain_len)
{
    struct dtls_aad head;
    mac_head(&head, hdr->epoch, hdr->seq, hdr->type, hdr->version);
    return dtls_record_unprotect(c, &head, DTLS_MAX_PLAINTEXT, fragment, fragment_len, plain,
                                 plain_len);
}
