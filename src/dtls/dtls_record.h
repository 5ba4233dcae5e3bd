/* SPDX-License-Identifier: MIT */
/* dtls_record.h: DTLS 1.2 record framing (RFC 6347 4.1) and record protection (RFC 5246 6.2.3.2 CBC-HMAC,
 * RFC 5288 3 / RFC 6655 3 AEAD), calling cryptography only through the suite row's NX_CRYPTO_METHOD pointers
 * with the conventions of docs/netx-api.md 6.6.
 *
 * A struct dtls_cipher is one direction's state for one epoch. It is keyed once (dtls_cipher_install, at
 * ChangeCipherSpec); sealing and opening a record then do no key setup, no allocation and no lookup.
 *
 * The per-record path, in dtls_record.c: dtls_record_next parses the 13-byte header (one bounds check for it,
 * one for the fragment) and store_header writes it; mac_prefix builds the 13 bytes that are both the MAC's
 * prefix (RFC 5246 6.2.3.1) and the AEAD additional data (6.2.3.3); seal_aead / open_aead and seal_cbc /
 * open_cbc protect the fragment, encrypting from the caller's plaintext straight into the datagram and
 * decrypting in place. A record format with more in its header (RFC 9146's connection ID: content type
 * tls12_cid, the CID after the sequence number, an inner plaintext with the real type, other additional
 * data) changes exactly these places: the header parse and write, mac_prefix, and where the fragment
 * starts. */
#ifndef NXD_DTLS_RECORD_H
#define NXD_DTLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "nxdtls.h"

#define DTLS_CT_CHANGE_CIPHER_SPEC 20
#define DTLS_CT_ALERT              21
#define DTLS_CT_HANDSHAKE          22
#define DTLS_CT_APPLICATION_DATA   23
#define DTLS_RECORD_HEADER_LEN     13

/* RFC 6347 4.1 / RFC 5246 6.2.1: plaintext fragments are at most 2^14 bytes; RFC 5246 6.2.3: a protected
 * fragment is at most 2^14 + 2048. */
#define DTLS_MAX_PLAINTEXT  16384u
#define DTLS_MAX_CIPHERTEXT (16384u + 2048u)

#define DTLS_VERSION_1_2 0xFEFDu
#define DTLS_VERSION_1_0 0xFEFFu

struct dtls_record_hdr {
    uint8_t type;
    uint16_t version; /* 0xFEFD, or 0xFEFF on a first ClientHello / HelloVerifyRequest */
    uint16_t epoch;
    uint64_t seq; /* 48 bits */
    uint16_t length;
};

/* dtls_record_next splits the next record off a datagram: header fields into *hdr, the fragment as *fragment
 * (a window into the datagram). Returns false (consuming the rest of the datagram) when what is left cannot be
 * a record (short header, length past the end, length > 2^14 + 2048): RFC 6347 4.1.2.7, the caller drops it.
 * The version and type are not judged here: the caller decides what it accepts. */
bool dtls_record_next(struct wire_rd *datagram, struct dtls_record_hdr *hdr,
                      struct wire_rd *fragment);

/* dtls_record_write_header writes the 13-byte header (the sticky overflow of w reports a short buffer). */
void dtls_record_write_header(struct wire_wr *w, const struct dtls_record_hdr *hdr);

/* One direction's protection state for one epoch. Lives inside the connection (established state), keyed once
 * per epoch: the method contexts are initialized in dtls_cipher_install and never per record. */
struct dtls_cipher {
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite; /* NULL: epoch 0, no protection */
    uint8_t kind;         /* DTLS_CIPHER_NULL, DTLS_CIPHER_AEAD, DTLS_CIPHER_CBC */
    uint8_t encrypt;      /* 1 = write direction */
    uint8_t mac_len;      /* CBC: HMAC output bytes */
    uint8_t tag_len;      /* AEAD: ICV bytes (8 or 16) */
    uint8_t salt_len;     /* AEAD: fixed IV bytes (4) */
    uint8_t explicit_len; /* AEAD: 8; CBC: 16 */
    uint8_t mac_key[48];
    uint8_t salt[4];
    void *cipher_area; /* caller's metadata slice for the session cipher method */
    size_t cipher_area_size;
    void *mac_area; /* metadata slice for the HMAC method (CBC only) */
    size_t mac_area_size;
    uint8_t cipher_live; /* cipher method init done: cleanup owed */
};
#define DTLS_CIPHER_NULL 0
#define DTLS_CIPHER_AEAD 1
#define DTLS_CIPHER_CBC  2

/* dtls_cipher_install keys one direction: runs the session cipher's init with enc_key (and, for CBC, keeps the
 * MAC key) in the given areas. salt/iv is the key block's IV for this direction (4 bytes AEAD; CBC ignores it).
 * Cleans up whatever was installed before. Returns NX_SUCCESS or the method's failure as
 * NX_SECURE_TLS_UNSUPPORTED_CIPHER / NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE. On failure *c is left cleared
 * (epoch-0 state). The areas must stay valid and untouched by others until dtls_cipher_clear. */
NXD_MUST_USE UINT dtls_cipher_install(struct dtls_cipher *c,
                                      const NX_SECURE_TLS_CIPHERSUITE_INFO *suite, int encrypt,
                                      const uint8_t *mac_key, const uint8_t *enc_key,
                                      const uint8_t *salt, void *cipher_area,
                                      size_t cipher_area_size, void *mac_area,
                                      size_t mac_area_size);

/* dtls_cipher_clear runs cleanup once if owed and wipes the keys; *c is then the epoch-0 (NULL) state. */
void dtls_cipher_clear(struct dtls_cipher *c);

/* dtls_record_overhead returns the bytes a protected record adds beyond the plaintext (header, explicit
 * nonce/IV, tag or MAC and worst-case padding), for MTU planning. */
size_t dtls_record_overhead(const struct dtls_cipher *c);

/* dtls_record_seal appends one whole record (header + protected fragment) for plaintext to w. CBC draws a fresh
 * random explicit IV per record (RFC 5246 6.2.3.2) from rnd. Returns NX_SUCCESS,
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL, or a crypto failure. plain may overlap nothing in w. The record
 * version is 0xFEFD. On failure w->len is unchanged. */
NXD_MUST_USE UINT dtls_record_seal(struct dtls_cipher *c, nxdtls_random_fn rnd, void *rnd_ctx,
                                   uint8_t type, uint16_t epoch, uint64_t seq, const uint8_t *plain,
                                   size_t plain_len, struct wire_wr *w);

/* The additional data of an AEAD record, and the MAC input prefix of a CBC one, without the 2-byte plaintext
 * length that ends both: RFC 5246 6.2.3.1's seq_num || type || version (11 bytes), or RFC 9146 5's
 * seq_num_placeholder || tls12_cid || cid_length || tls12_cid || version || epoch || sequence_number || cid
 * (21 bytes + the CID, dtls_cid_record.c). */
#define DTLS_AAD_MAX (21u + 255u)
struct dtls_aad {
    uint8_t bytes[DTLS_AAD_MAX];
    size_t len;
};

/* dtls_record_fragment_len returns the protected fragment's size for plain_len plaintext bytes (explicit
 * nonce or IV, MAC or tag, minimal CBC padding). dtls_record_plain_offset is where the plaintext starts in
 * it (after the explicit nonce or IV), so a caller can lay it there and protect in place. */
size_t dtls_record_fragment_len(const struct dtls_cipher *c, size_t plain_len);
size_t dtls_record_plain_offset(const struct dtls_cipher *c);

/* dtls_record_protect writes the protected fragment (dtls_record_fragment_len bytes) of plain at out, with
 * head || uint16(plain_len) as the AEAD additional data or the MAC input prefix. The AEAD nonce is
 * salt || epoch || seq as for dtls_record_seal. plain may lie exactly at out + dtls_record_plain_offset (in
 * place) and must not otherwise overlap out. Used by dtls_record_seal and by the RFC 9146 format. */
NXD_MUST_USE UINT dtls_record_protect(struct dtls_cipher *c, nxdtls_random_fn rnd, void *rnd_ctx,
                                      const struct dtls_aad *head, uint16_t epoch, uint64_t seq,
                                      const uint8_t *plain, size_t plain_len, uint8_t *out);

/* dtls_record_unprotect is dtls_record_open with a caller-built additional-data head (see above) and
 * plaintext limit (2^14 for dtls_record_open; RFC 9146's inner plaintext also carries its content type and
 * padding), the CBC checks as constant-time as there. */
NXD_MUST_USE UINT dtls_record_unprotect(struct dtls_cipher *c, const struct dtls_aad *head,
                                        size_t max_plain, uint8_t *fragment, size_t fragment_len,
                                        uint8_t **plain, size_t *plain_len);

/* dtls_record_open authenticates and decrypts one record fragment IN PLACE (fragment points into the caller's
 * datagram) and sets *plain and *plain_len to the plaintext inside it. CBC: MAC and padding checked in constant time
 * (Lucky 13; RFC 5246 6.2.3.2, 7.4 in RFC 7366 terms). Failures: NX_SECURE_TLS_AEAD_DECRYPT_FAIL (0x150),
 * NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE (0x108) for any CBC MAC/padding failure (one code, so no padding oracle),
 * NX_SECURE_TLS_RECORD_OVERFLOW (0x151) for a plaintext > 2^14, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for a
 * fragment too short for the suite. On failure the plaintext area is not released. */
NXD_MUST_USE UINT dtls_record_open(struct dtls_cipher *c, const struct dtls_record_hdr *hdr,
                                   uint8_t *fragment, size_t fragment_len, uint8_t **plain,
                                   size_t *plain_len);

#endif /* NXD_DTLS_RECORD_H */
