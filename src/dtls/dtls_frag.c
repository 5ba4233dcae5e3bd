/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_frag.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_conn.h"

/* Do not open a datagram's last record for fewer body bytes than this when more remain: start the next
 * datagram instead of sending a sliver. */
#define MIN_USEFUL_FRAGMENT 32u

void dtls_frag_header(uint8_t out[12], uint8_t msg_type, uint32_t msg_len, uint16_t msg_seq,
                      uint32_t frag_off, uint32_t frag_len)
{
    out[0] = msg_type;
    wire_store_be(out + 1, msg_len, 3);
    wire_store_be(out + 4, msg_seq, 2);
    wire_store_be(out + 6, frag_off, 3);
    wire_store_be(out + 9, frag_len, 3);
}

UINT dtls_frag_pack(struct dtls_conn *c, struct wire_wr *w, size_t limit)
{
    struct dtls_flight *f = &c->flight;
    uint8_t plain[DTLS_HS_HEADER_LEN + DTLS_FRAG_MAX];
    UINT status = NX_SUCCESS;
    while (f->cursor_msg < f->count) {
        const struct dtls_flight_msg *m = &f->msg[f->cursor_msg];
        size_t overhead = dtls_record_overhead(&c->wr[m->epoch & 1u].cipher) +
                          dtls_cid_overhead(&c->cid, m->epoch); /* RFC 9146 4 */
        size_t room = limit > w->len ? limit - w->len : 0;
        const uint8_t *body = c->reasm_buf + m->off;
        if (m->ct == DTLS_CT_CHANGE_CIPHER_SPEC) {
            if (room < overhead + 1) {
                break;
            }
            status = dtls_conn_seal(c, m->epoch, DTLS_CT_CHANGE_CIPHER_SPEC, body, 1, w);
            if (status != NX_SUCCESS) {
                break;
            }
            f->cursor_msg++;
            f->cursor_off = 0;
            continue;
        }
        size_t left = m->len - f->cursor_off;
        if (room <= overhead + DTLS_HS_HEADER_LEN) {
            break;
        }
        size_t chunk = room - overhead - DTLS_HS_HEADER_LEN;
        chunk = chunk < DTLS_FRAG_MAX ? chunk : DTLS_FRAG_MAX;
        chunk = chunk < left ? chunk : left;
        if (chunk < left && chunk < MIN_USEFUL_FRAGMENT && w->len != 0) {
            break;
        }
        dtls_frag_header(plain, m->msg_type, m->len, m->msg_seq, f->cursor_off, (uint32_t)chunk);
        if (chunk != 0) {
            memcpy(plain + DTLS_HS_HEADER_LEN, body + f->cursor_off, chunk);
        }
        status =
            dtls_conn_seal(c, m->epoch, DTLS_CT_HANDSHAKE, plain, DTLS_HS_HEADER_LEN + chunk, w);
        if (status != NX_SUCCESS) {
            break;
        }
        f->cursor_off += (uint32_t)chunk;
        if (f->cursor_off == m->len) {
            f->cursor_msg++;
            f->cursor_off = 0;
        }
    }
    ct_wipe(plain, sizeof plain);
    if (status == NX_SUCCESS && f->cursor_msg >= f->count) {
        f->sending = 0;
    }
    if (status == NX_SUCCESS && w->len == 0 && f->sending) {
        status = NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL;
    }
    return status;
}
