/* SPDX-License-Identifier: MIT */
/* dtls_ext_ec_point_formats.h: the ec_point_formats extension (RFC 8422 5.1.2). Only the uncompressed format
 * exists any more (the compressed ones are deprecated), so we send exactly that and require the peer's list to
 * contain it. */
#ifndef NXD_DTLS_EXT_EC_POINT_FORMATS_H
#define NXD_DTLS_EXT_EC_POINT_FORMATS_H

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_ext.h"

/* dtls_ext_ec_point_formats: the row of the hello extension table. The client sends it with its ECDHE
 * suites; a server checks it and answers when the client sent it and an ECDHE suite was chosen (RFC 8422
 * 5.2); the client checks the answer. */
extern const struct dtls_ext dtls_ext_ec_point_formats;

#define DTLS_POINT_FORMAT_UNCOMPRESSED 0

/* dtls_ext_ec_point_formats_write writes the extension_data: ec_point_format_list<1..2^8-1> = {uncompressed}. */
void dtls_ext_ec_point_formats_write(struct wire_wr *w);

/* dtls_ext_ec_point_formats_parse checks a peer's extension_data. Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH
 * for a malformed list (empty, bytes left over) and NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT when it lacks the
 * uncompressed format (RFC 8422 5.1.2: the peer could not read our points). */
NXD_MUST_USE UINT dtls_ext_ec_point_formats_parse(struct wire_rd data);

#endif /* NXD_DTLS_EXT_EC_POINT_FORMATS_H */
