/* SPDX-License-Identifier: MIT */
/* dtls_ext.h: hello extensions (RFC 5246 7.4.1.4). Each extension is one const row in its own file
 * (dtls_ext_<name>.c) saying how a client writes it into ClientHello, how a server reads it there and answers
 * in ServerHello, and how the client reads that answer. This file runs the rows over an extension list:
 * framing, duplicates, unknown types. Rows for supported_groups, ec_point_formats and signature_algorithms
 * (certificate suites) slot into dtls_ext_rows without touching the hello code. */
#ifndef NXD_DTLS_EXT_H
#define NXD_DTLS_EXT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_hello.h"

/* IANA TLS ExtensionType values. */
#define DTLS_EXT_SERVER_NAME            0      /* RFC 6066 3 */
#define DTLS_EXT_SUPPORTED_GROUPS       10     /* RFC 8422 5.1.1 */
#define DTLS_EXT_EC_POINT_FORMATS       11     /* RFC 8422 5.1.2 */
#define DTLS_EXT_SIGNATURE_ALGORITHMS   13     /* RFC 5246 7.4.1.4.1 */
#define DTLS_EXT_EXTENDED_MASTER_SECRET 23     /* RFC 7627 5.1 */
#define DTLS_EXT_RENEGOTIATION_INFO     0xFF01 /* RFC 5746 3.2 */

struct dtls_conn;

struct dtls_ext {
    uint16_t type;
    uint8_t bit; /* index in struct dtls_hs ext_seen: duplicates are refused */
    /* client_offers: does our ClientHello carry it? client_write writes its extension_data. */
    bool (*client_offers)(const struct dtls_conn *c);
    void (*client_write)(const struct dtls_conn *c, struct wire_wr *w);
    /* server_parse reads it from a ClientHello; server_answers / server_write: our ServerHello's answer. */
    UINT (*server_parse)(struct dtls_conn *c, struct wire_rd data);
    bool (*server_answers)(const struct dtls_conn *c);
    void (*server_write)(const struct dtls_conn *c, struct wire_wr *w);
    /* client_parse reads the server's answer (only called when client_offers). */
    UINT (*client_parse)(struct dtls_conn *c, struct wire_rd data);
};

/* dtls_ext_write_client_hello appends the extensions<0..2^16-1> block of our ClientHello. */
void dtls_ext_write_client_hello(const struct dtls_conn *c, struct wire_wr *w);

/* dtls_ext_parse_client_hello runs the rows over a ClientHello's extensions. Unknown types are ignored
 * (RFC 5246 7.4.1.4); a malformed list is NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, a repeated known type
 * NX_SECURE_TLS_HANDSHAKE_FAILURE; a row's failure is returned as is. */
NXD_MUST_USE UINT dtls_ext_parse_client_hello(struct dtls_conn *c,
                                              const struct dtls_client_hello *ch);

/* dtls_ext_write_server_hello appends the extensions block of our ServerHello, or nothing when no row answers. */
void dtls_ext_write_server_hello(const struct dtls_conn *c, struct wire_wr *w);

/* dtls_ext_parse_server_hello runs the rows over a ServerHello's extension list (the block's contents). An
 * extension we did not offer, or an unknown one, is NX_SECURE_TLS_UNSUPPORTED_FEATURE (RFC 5246 7.4.1.4: the
 * client aborts). */
NXD_MUST_USE UINT dtls_ext_parse_server_hello(struct dtls_conn *c, struct wire_rd list);

#endif /* NXD_DTLS_EXT_H */
