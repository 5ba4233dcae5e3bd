/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_hello.h"

#include "dtls/dtls_record.h"

#define RANDOM_LEN     32
#define MAX_SESSION_ID 32

/* extensions_well_formed walks extensions<0..2^16-1> (RFC 5246 7.4.1.4): each entry is a type and an
 * opaque extension_data<0..2^16-1>, and the entries fill the block exactly. */
static bool extensions_well_formed(struct wire_rd list)
{
    while (!wire_done(&list)) {
        uint16_t type;
        struct wire_rd data;
        if (!wire_get_u16(&list, &type) || !wire_get_vec(&list, 2, &data)) {
            return false;
        }
    }
    return true;
}

/* parse_head reads the fields every ClientHello starts with, up to and including the cookie, leaving body
 * at what follows. RFC 6347 4.2.1 adds cookie<0..2^8-1> after session_id to the ClientHello of RFC 5246
 * 7.4.1.2. */
static UINT parse_head(struct wire_rd *body, struct dtls_client_hello *out)
{
    NXD_ENSURE(wire_get_u16(body, &out->client_version) &&
                   wire_get_bytes(body, RANDOM_LEN, &out->random) &&
                   wire_get_vec(body, 1, &out->session_id) && wire_get_vec(body, 1, &out->cookie),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_ENSURE(out->session_id.len <= MAX_SESSION_ID, NX_SECURE_TLS_HANDSHAKE_FAILURE);
    return NX_SUCCESS;
}

UINT dtls_client_hello_parse_head(struct wire_rd prefix, struct dtls_client_hello *out)
{
    NXD_TRY(parse_head(&prefix, out));
    out->cipher_suites = wire_rd_init(NULL, 0);
    out->compression = wire_rd_init(NULL, 0);
    out->extensions = wire_rd_init(NULL, 0);
    out->has_extensions = 0;
    return NX_SUCCESS;
}

UINT dtls_client_hello_parse(struct wire_rd body, struct dtls_client_hello *out)
{
    NXD_TRY(parse_head(&body, out));
    NXD_ENSURE(wire_get_vec(&body, 2, &out->cipher_suites) &&
                   wire_get_vec(&body, 1, &out->compression),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* CipherSuite cipher_suites<2..2^16-2>: whole two-byte entries, at least one. */
    NXD_ENSURE(out->cipher_suites.len >= 2 && out->cipher_suites.len % 2 == 0,
               NX_SECURE_TLS_HANDSHAKE_FAILURE);
    NXD_ENSURE(out->compression.len >= 1, NX_SECURE_TLS_HANDSHAKE_FAILURE);
    out->has_extensions = 0;
    out->extensions = wire_rd_init(NULL, 0);
    if (!wire_done(&body)) {
        /* RFC 5246 7.4.1.2: anything after compression_methods is the extensions block, and nothing else. */
        NXD_ENSURE(wire_get_vec(&body, 2, &out->extensions) && wire_done(&body),
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        NXD_ENSURE(extensions_well_formed(out->extensions), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        out->has_extensions = 1;
    }
    return NX_SUCCESS;
}

UINT dtls_hello_verify_write(struct wire_wr *w, uint64_t record_seq, uint16_t msg_seq,
                             const uint8_t *cookie, size_t cookie_len)
{
    NXD_ENSURE(cookie_len <= 255, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    size_t body_len = 2 + 1 + cookie_len;
    NXD_ENSURE(!w->overflow && w->cap - w->len >= DTLS_RECORD_HEADER_LEN + 12 + body_len,
               NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* RFC 6347 4.2.1: the HelloVerifyRequest reuses the ClientHello's record sequence number and
     * message_seq, and carries server_version DTLS 1.0 (0xFEFF) whatever version will be negotiated; the
     * record version is 0xFEFF too, as OpenSSL's DTLSv1_listen sends it (docs/peers.md peers accept it). */
    struct dtls_record_hdr hdr = {.type = DTLS_CT_HANDSHAKE,
                                  .version = DTLS_VERSION_1_0,
                                  .epoch = 0,
                                  .seq = record_seq,
                                  .length = (uint16_t)(12 + body_len)};
    dtls_record_write_header(w, &hdr);
    wire_put_u8(w, DTLS_HT_HELLO_VERIFY_REQUEST);
    wire_put_be(w, body_len, 3);
    wire_put_u16(w, msg_seq);
    wire_put_be(w, 0, 3);
    wire_put_be(w, body_len, 3);
    wire_put_u16(w, DTLS_VERSION_1_0);
    wire_put_u8(w, (uint8_t)cookie_len);
    wire_put_bytes(w, cookie, cookie_len);
    return NX_SUCCESS;
}
