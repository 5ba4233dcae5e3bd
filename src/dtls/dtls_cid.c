/* SPDX-License-Identifier: MIT */
/* dtls_cid.c: RFC 9146 on the connection: CID choice, the per-epoch switch to the tls12_cid format, the
 * record format (4), its additional data (5) and the bookkeeping for the peer address rule (6). */
#include "dtls/dtls_cid.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_random.h"
#include "dtls/dtls_conn_internal.h"

/* RFC 9146 4: outer_type(1) version(2) epoch(2) sequence_number(6), then cid[cid_length], then length(2). */
#define CID_HEAD_FIXED 11u
/* RFC 9146 5: seq_num_placeholder(8) tls12_cid(1) cid_length(1) tls12_cid(1) version(2) epoch(2)
 * sequence_number(6), then cid; length_of_DTLSInnerPlaintext(2) is appended by dtls_record. */
#define AAD_FIXED 21u

static UINT draw(const struct dtls_conn *c, uint8_t *out, size_t len)
{
    if (len == 0) {
        return NX_SUCCESS;
    }
    const nxdtls_config *cfg = c->cfg;
    return cfg->random != NULL ? cfg->random(cfg->random_ctx, out, len)
                               : crypto_random(NULL, out, len);
}

UINT dtls_cid_init(struct dtls_conn *c)
{
    struct dtls_cid *cid = &c->cid;
    memset(cid, 0, sizeof *cid);
    cid->own_len = c->cfg->cid_length;
    return draw(c, cid->own, cid->own_len);
}

UINT dtls_cid_assign(struct dtls_conn *c, uint8_t route_byte, uint32_t slot)
{
    struct dtls_cid *cid = &c->cid;
    NXD_ENSURE(cid->own_len >= NXDTLS_SERVER_CID_MIN, NX_INVALID_PARAMETERS);
    cid->own[0] = route_byte;
    wire_store_be(cid->own + DTLS_CID_SLOT_OFF, slot, DTLS_CID_SLOT_BYTES);
    size_t fixed = DTLS_CID_SLOT_OFF + DTLS_CID_SLOT_BYTES;
    return draw(c, cid->own + fixed, cid->own_len - fixed);
}

void dtls_cid_hello_reset(struct dtls_conn *c)
{
    c->cid.offered = 0;
    c->cid.negotiated = 0;
    c->cid.next_peer_len = 0;
}

void dtls_cid_epoch_keyed(struct dtls_conn *c, unsigned slot)
{
    struct dtls_cid *cid = &c->cid;
    slot &= 1u;
    bool on = cid->negotiated != 0;
    cid->rx_on[slot] = (uint8_t)(on && cid->own_len != 0);
    cid->tx_len[slot] = on ? cid->next_peer_len : 0;
    memcpy(cid->tx[slot], cid->next_peer, sizeof cid->tx[slot]);
}

/* aad_head builds RFC 9146 5's additional data up to the CID (the same bytes prefix the MAC of a CBC
 * suite, 5.1, and are the AEAD additional data, 5.3). */
static void aad_head(struct dtls_aad *h, uint16_t version, uint16_t epoch, uint64_t seq,
                     const uint8_t *cid, size_t cid_len)
{
    memset(h->bytes, 0xFF, 8); /* seq_num_placeholder */
    h->bytes[8] = DTLS_CT_TLS12_CID;
    h->bytes[9] = (uint8_t)cid_len;
    h->bytes[10] = DTLS_CT_TLS12_CID;
    wire_store_be(h->bytes + 11, version, 2);
    wire_store_be(h->bytes + 13, epoch, 2);
    wire_store_be(h->bytes + 15, seq, 6);
    memcpy(h->bytes + AAD_FIXED, cid, cid_len);
    h->len = AAD_FIXED + cid_len;
}

UINT dtls_cid_seal(struct dtls_conn *c, struct dtls_cipher *cipher, uint16_t epoch, uint64_t seq,
                   uint8_t real_type, const uint8_t *plain, size_t plain_len, struct wire_wr *w)
{
    struct dtls_cid *cid = &c->cid;
    size_t cid_len = dtls_cid_tx_len(cid, epoch);
    const uint8_t *peer_cid = cid->tx[epoch & 1u];
    NXD_ENSURE(plain_len <= DTLS_MAX_PLAINTEXT, NX_SECURE_TLS_RECORD_OVERFLOW);
    /* RFC 9146 4: DTLSInnerPlaintext = content || real_type || zeros; we add no padding. */
    size_t inner_len = plain_len + 1u;
    size_t frag_len = dtls_record_fragment_len(cipher, inner_len);
    size_t head_len = CID_HEAD_FIXED + cid_len + 2u;
    NXD_ENSURE(!w->overflow && w->cap - w->len >= head_len + frag_len,
               NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    size_t start = w->len;
    uint8_t *rec = wire_reserve(w, head_len + frag_len);
    rec[0] = DTLS_CT_TLS12_CID;
    wire_store_be(rec + 1, DTLS_VERSION_1_2, 2);
    wire_store_be(rec + 3, epoch, 2);
    wire_store_be(rec + 5, seq, 6);
    memcpy(rec + CID_HEAD_FIXED, peer_cid, cid_len);
    wire_store_be(rec + CID_HEAD_FIXED + cid_len, frag_len, 2);
    uint8_t *frag = rec + head_len;
    /* The inner plaintext is laid where the protected fragment holds its plaintext, then protected in
     * place (dtls_record_protect). */
    uint8_t *inner = frag + dtls_record_plain_offset(cipher);
    if (plain_len != 0) {
        memmove(inner, plain, plain_len);
    }
    inner[plain_len] = real_type;
    struct dtls_aad head;
    aad_head(&head, DTLS_VERSION_1_2, epoch, seq, peer_cid, cid_len);
    nxdtls_random_fn rnd = c->cfg->random != NULL ? c->cfg->random : crypto_random;
    UINT status = dtls_record_protect(cipher, rnd, c->cfg->random_ctx, &head, epoch, seq, inner,
                                      inner_len, frag);
    if (status != NX_SUCCESS) {
        ct_wipe(w->buf + start, w->len - start);
        w->len = start;
    }
    return status;
}

bool dtls_cid_record_next(const struct dtls_conn *c, struct wire_rd *datagram,
                          struct dtls_record_hdr *hdr, struct wire_rd *fragment, bool *foreign)
{
    *foreign = false;
    uint8_t type;
    size_t cid_len = c->cid.own_len;
    if (cid_len == 0 || !wire_peek_u8(datagram, &type) || type != DTLS_CT_TLS12_CID) {
        /* No CID of ours to frame with: a tls12_cid record, if that is one, is judged (and dropped) by
         * its content type in the RFC 6347 framing. */
        return dtls_record_next(datagram, hdr, fragment);
    }
    struct wire_rd r = *datagram;
    const uint8_t *cid = NULL;
    if (!wire_get_u8(&r, &hdr->type) || !wire_get_u16(&r, &hdr->version) ||
        !wire_get_u16(&r, &hdr->epoch) || !wire_get_u48(&r, &hdr->seq) ||
        !wire_get_bytes(&r, cid_len, &cid) || !wire_get_u16(&r, &hdr->length) ||
        hdr->length > DTLS_MAX_CIPHERTEXT || !wire_get_sub(&r, hdr->length, fragment)) {
        *datagram = wire_rd_init(NULL, 0); /* RFC 6347 4.1.2.7: the rest cannot be framed */
        return false;
    }
    *datagram = r;
    *foreign = memcmp(cid, c->cid.own, cid_len) != 0;
    return true;
}

UINT dtls_cid_open(struct dtls_conn *c, struct dtls_cipher *cipher,
                   const struct dtls_record_hdr *hdr, uint8_t *fragment, size_t fragment_len,
                   uint8_t **plain, size_t *plain_len, uint8_t *real_type)
{
    /* The CID was checked equal to ours when the record was framed (dtls_cid_record_next). */
    struct dtls_aad head;
    aad_head(&head, hdr->version, hdr->epoch, hdr->seq, c->cid.own, c->cid.own_len);
    uint8_t *inner = NULL;
    size_t inner_len = 0;
    NXD_TRY(dtls_record_unprotect(cipher, &head, DTLS_MAX_CIPHERTEXT, fragment, fragment_len,
                                  &inner, &inner_len));
    /* RFC 9146 4: the real content type is the last non-zero byte; the zeros after it are padding. An inner
     * plaintext of zeros only has no content type. */
    size_t n = inner_len;
    while (n > 0 && inner[n - 1] == 0) {
        n--;
    }
    NXD_ENSURE(n > 0, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    NXD_ENSURE(n - 1 <= DTLS_MAX_PLAINTEXT, NX_SECURE_TLS_RECORD_OVERFLOW);
    *real_type = inner[n - 1];
    *plain = inner;
    *plain_len = n - 1;
    return NX_SUCCESS;
}

void dtls_cid_authenticated(struct dtls_cid *cid, uint16_t epoch, uint64_t seq, bool by_cid)
{
    uint64_t at = (((uint64_t)epoch << 48) | seq) + 1u;
    if (at > cid->newest) {
        cid->newest = at;
        cid->newest_by_cid = by_cid ? 1 : 0;
    }
}

void dtls_cid_mark(struct dtls_cid *cid)
{
    cid->mark = cid->newest;
}

bool dtls_cid_moved(const struct dtls_cid *cid)
{
    return cid->newest > cid->mark && cid->newest_by_cid != 0;
}

bool dtls_cid_parse_route(const uint8_t *datagram, size_t len, size_t cid_len, const uint8_t **cid)
{
    /* Only the header is read: the record's length and body are the connection's to judge. */
    if (cid_len == 0 || datagram == NULL || len < CID_HEAD_FIXED + cid_len + 2u ||
        datagram[0] != DTLS_CT_TLS12_CID) {
        return false;
    }
    *cid = datagram + CID_HEAD_FIXED;
    return true;
}

bool dtls_cid_owns(const struct dtls_conn *c, const uint8_t *cid, size_t cid_len)
{
    return c->magic == DTLS_CONN_MAGIC && c->cid.own_len == cid_len && cid_len != 0 &&
           memcmp(c->cid.own, cid, cid_len) == 0;
}

UINT nxdtls_conn_cid(const nxdtls_conn *conn, const uint8_t **own, size_t *own_len,
                     const uint8_t **peer, size_t *peer_len)
{
    NXD_ENSURE(conn != NULL && own != NULL && own_len != NULL && peer != NULL && peer_len != NULL,
               NX_PTR_ERROR);
    *own = NULL;
    *own_len = 0;
    *peer = NULL;
    *peer_len = 0;
    const struct dtls_conn *c = dtls_conn_of_const(conn);
    NXD_ENSURE(c->magic == DTLS_CONN_MAGIC && c->established && c->cid.negotiated,
               NX_NOT_SUCCESSFUL);
    unsigned slot = c->rd_epoch & 1u;
    if (c->cid.rx_on[slot]) {
        *own = c->cid.own;
        *own_len = c->cid.own_len;
    }
    unsigned wslot = c->wr_epoch & 1u;
    if (c->cid.tx_len[wslot] != 0) {
        *peer = c->cid.tx[wslot];
        *peer_len = c->cid.tx_len[wslot];
    }
    return NX_SUCCESS;
}

UINT nxdtls_cid_route_byte(const uint8_t *datagram, size_t len, size_t cid_length,
                           uint8_t *route_byte)
{
    NXD_ENSURE(route_byte != NULL, NX_PTR_ERROR);
    const uint8_t *cid = NULL;
    NXD_ENSURE(cid_length >= NXDTLS_SERVER_CID_MIN && cid_length <= NXDTLS_CID_MAX &&
                   dtls_cid_parse_route(datagram, len, cid_length, &cid),
               NX_NOT_SUCCESSFUL);
    *route_byte = cid[0];
    return NX_SUCCESS;
}
