/* SPDX-License-Identifier: MIT */
/* dtls_frag.h: cutting the kept flight into handshake fragments and records that fit the datagram (RFC 6347
 * 4.2.3, 4.1.1.1): each record carries one fragment with its 12-byte handshake header; several records share a
 * datagram; no record crosses a datagram. */
#ifndef NXD_DTLS_FRAG_H
#define NXD_DTLS_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_conn_internal.h"

/* dtls_frag_header writes a handshake fragment header (RFC 6347 4.2.2) into out[12]. */
void dtls_frag_header(uint8_t out[12], uint8_t msg_type, uint32_t msg_len, uint16_t msg_seq,
                      uint32_t frag_off, uint32_t frag_len);

/* dtls_frag_pack appends records of the flight from its output cursor to w until the datagram (limit bytes
 * in all) is full or the flight is out; clears flight.sending when it is. Returns
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL when not even one record fits an empty datagram, or a sealing
 * failure. */
NXD_MUST_USE UINT dtls_frag_pack(struct dtls_conn *c, struct wire_wr *w, size_t limit);

#endif /* NXD_DTLS_FRAG_H */
