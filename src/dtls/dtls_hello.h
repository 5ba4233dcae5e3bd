/* SPDX-License-Identifier: MIT */
/* dtls_hello.h: the ClientHello parser (RFC 6347 4.2.1, RFC 5246 7.4.1.2) shared by the stateless server
 * route (before any connection exists) and the server handshake, and the HelloVerifyRequest writer. */
#ifndef NXD_DTLS_HELLO_H
#define NXD_DTLS_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"

#define DTLS_HT_CLIENT_HELLO         1
#define DTLS_HT_SERVER_HELLO         2
#define DTLS_HT_HELLO_VERIFY_REQUEST 3

struct dtls_client_hello {
    uint16_t client_version;
    const uint8_t *random;        /* 32 bytes */
    struct wire_rd session_id;    /* <0..32> */
    struct wire_rd cookie;        /* <0..255> */
    struct wire_rd cipher_suites; /* <2..2^16-2>, even length */
    struct wire_rd compression;   /* <1..2^8-1> */
    struct wire_rd extensions;    /* contents of extensions<0..2^16-1>, or empty when absent */
    uint8_t has_extensions;
};

/* dtls_client_hello_parse parses a whole ClientHello body (RFC 6347 4.2.1 / RFC 5246 7.4.1.2): every vector
 * checked, nothing left over. Every field of *out points into body's bytes. Returns NX_SUCCESS or
 * NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (a vector overruns or bytes are left over) /
 * NX_SECURE_TLS_HANDSHAKE_FAILURE (a length outside its range: session_id > 32, empty or odd cipher_suites,
 * empty compression list). On failure *out is unspecified. */
NXD_MUST_USE UINT dtls_client_hello_parse(struct wire_rd body, struct dtls_client_hello *out);

/* dtls_client_hello_parse_head parses the head of a ClientHello body: client_version, random, session_id
 * and cookie, the fields that RFC 6347 4.2.1 puts before anything of variable count, from prefix, which may
 * be the whole body or only its first fragment (fragment_offset 0). Whatever follows the cookie is not
 * looked at; cipher_suites, compression and extensions are left empty (has_extensions 0). Fields point
 * into prefix's bytes. Returns NX_SUCCESS, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (prefix ends inside
 * these fields) or NX_SECURE_TLS_HANDSHAKE_FAILURE (session_id > 32). On failure *out is unspecified. */
NXD_MUST_USE UINT dtls_client_hello_parse_head(struct wire_rd prefix,
                                               struct dtls_client_hello *out);

/* dtls_hello_verify_write appends a whole HelloVerifyRequest datagram (RFC 6347 4.2.1) to w: one plaintext
 * record of epoch 0 and sequence record_seq (the ClientHello record's), record version 0xFEFF, handshake
 * header with message_seq msg_seq (the ClientHello's) as one unfragmented message, server_version 0xFEFF and
 * the cookie. Returns NX_SUCCESS or NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL. */
NXD_MUST_USE UINT dtls_hello_verify_write(struct wire_wr *w, uint64_t record_seq, uint16_t msg_seq,
                                          const uint8_t *cookie, size_t cookie_len);

#endif /* NXD_DTLS_HELLO_H */
