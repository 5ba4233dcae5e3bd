/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_recv.h"

#include "base/ct.h"

#include "dtls/dtls_alert.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_log.h"
#include "dtls/dtls_reneg.h"

/* drop counts a record dropped silently (RFC 6347 4.1.2.7) and says why in the log. */
static UINT drop(struct dtls_conn *c, const struct dtls_record_hdr *hdr, const char *why)
{
    c->dropped++;
    dtls_log_dropped(c, hdr, why);
    return NX_SUCCESS;
}

/* ---- Content hashes of handshake messages (docs/security.md) ----
 * FNV-1a over the message as the transcript sees it (type, length, message_seq, body). It tells the peer's
 * own retransmission of a message apart from a forged fragment with the same message_seq: an off-path sender
 * does not know the bytes (they hold the peer's random), so it cannot hit the hash but by chance (2^-64). */
#define FNV_OFFSET 0xCBF29CE484222325u
#define FNV_PRIME  0x00000100000001B3u

static uint64_t fnv_add(uint64_t h, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * FNV_PRIME;
    }
    return h;
}

static uint64_t hash_head(uint8_t type, uint32_t len, uint16_t seq)
{
    uint8_t head[6];
    head[0] = type;
    wire_store_be(head + 1, len, 3);
    wire_store_be(head + 4, seq, 2);
    return fnv_add(FNV_OFFSET, head, sizeof head);
}

/* in_previous_flight: RFC 6347 4.2.4, a message of the peer's previous flight arriving again means our answer
 * to it was lost. */
static bool in_previous_flight(const struct dtls_conn *c, uint16_t msg_seq)
{
    return msg_seq >= c->peer_prev_lo && msg_seq < c->peer_cur_lo;
}

/* note_retransmission follows a fragment of the peer's previous flight. Our flight goes again only when a whole
 * message of that flight has arrived again, byte for byte what we processed (its fragments in order, from
 * offset 0), and dtls_flight_resend answers at most once per retransmission period: a spoofed fragment or a
 * replayed datagram cannot make us send (docs/security.md). */
static void note_retransmission(struct dtls_conn *c, const struct dtls_hs_frag *f, bool *resend)
{
    if (!in_previous_flight(c, f->msg_seq)) {
        return;
    }
    unsigned index = (unsigned)(uint16_t)(f->msg_seq - c->peer_prev_lo);
    if (index >= DTLS_FLIGHT_MAX || (c->peer_prev_known & (1u << index)) == 0) {
        return;
    }
    if (f->frag_off == 0) {
        c->rtx_active = 1;
        c->rtx_seq = f->msg_seq;
        c->rtx_type = f->msg_type;
        c->rtx_len = f->msg_len;
        c->rtx_covered = 0;
        c->rtx_hash = hash_head(f->msg_type, f->msg_len, f->msg_seq);
    } else if (!c->rtx_active || c->rtx_seq != f->msg_seq || c->rtx_type != f->msg_type ||
               c->rtx_len != f->msg_len || f->frag_off > c->rtx_covered) {
        return; /* not the continuation of what we follow: out of order or another message */
    }
    uint32_t end = f->frag_off + f->frag_len;
    if (end > c->rtx_covered) {
        uint32_t skip = c->rtx_covered - f->frag_off;
        c->rtx_hash = fnv_add(c->rtx_hash, f->body + skip, f->frag_len - skip);
        c->rtx_covered = end;
    }
    if (c->rtx_covered == c->rtx_len) {
        c->rtx_active = 0;
        if (c->rtx_hash == c->peer_prev_hash[index]) {
            *resend = true;
        }
    }
}

/* ---- Unauthenticated input (RFC 6347 4.1.2.7, docs/security.md) ----
 * Epoch 0 has no integrity: anyone who can send to us with the peer's address can inject handshake messages.
 * One that fails its checks is dropped, state untouched, and the peer's genuine message may still come. The
 * failure is kept: if the handshake has made no progress when our retransmission timer next fires, it fails
 * with that code instead of retransmitting (dtls_recv_timeout), so a genuine misconfiguration is reported
 * within one timer period. Only a fatal alert ends an epoch-0 handshake at once. */
static void soft_fail(struct dtls_conn *c, const struct dtls_record_hdr *hdr, UINT status,
                      const char *why)
{
    struct dtls_hs *hs = c->hs;
    c->dropped++;
    dtls_log_dropped(c, hdr, why);
    if (hs == NULL) {
        return;
    }
    if (hs->soft_error == NX_SUCCESS) {
        hs->soft_error = status;
    }
}

UINT dtls_recv_timeout(struct dtls_conn *c, UINT status)
{
    struct dtls_hs *hs = c->hs;
    if (hs == NULL || hs->soft_error == NX_SUCCESS) {
        return status;
    }
    (void)status;
    return hs->soft_error;
}

void dtls_recv_progress(struct dtls_conn *c)
{
    if (c->hs != NULL) {
        c->hs->soft_error = NX_SUCCESS;
    }
}

/* unauthenticated: a message now drained came in epoch 0 (reassembly only holds messages of the current read
 * epoch). The server's first ClientHello is the exception: the route's cookie exchange showed that it comes
 * from the address it names (with cookies off the slot is this hello's alone), so a failure is reported at once. */
static bool unauthenticated(const struct dtls_conn *c, uint8_t type)
{
    return c->rd_epoch == 0 && !(c->state == DTLS_SRV_WAIT_HELLO && type == DTLS_HT_CLIENT_HELLO &&
                                 !c->hs->renegotiating);
}

/* step runs one message through the table; an unauthenticated one that the table refuses is undone and
 * dropped (returns DTLS_HS_IGNORE). The handlers change only the handshake state, the suite and the peer's
 * certificate count before they can fail, so those are what is restored. */
static UINT step(struct dtls_conn *c, uint64_t now_ms, uint8_t type, uint16_t seq,
                 struct wire_rd body)
{
    bool rejected = false;
    if (!unauthenticated(c, type)) {
        return dtls_hs_step(c, now_ms, type, seq, body, &rejected);
    }
    struct dtls_hs saved = *c->hs;
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = c->suite;
    uint8_t certs = c->peer_cert_count;
    UINT status = dtls_hs_step(c, now_ms, type, seq, body, &rejected);
    if (status != NX_SUCCESS && status != DTLS_HS_IGNORE && rejected) {
        *c->hs = saved;
        c->suite = suite;
        c->peer_cert_count = certs;
        soft_fail(c, NULL, status, "unauthenticated message refused");
        status = DTLS_HS_IGNORE;
    }
    ct_wipe(&saved, sizeof saved);
    return status;
}

/* drain runs every complete message, in message_seq order, through the table. */
static UINT drain(struct dtls_conn *c, uint64_t now_ms)
{
    while (c->hs != NULL) {
        uint16_t seq = c->next_recv_seq;
        uint8_t type;
        const uint8_t *msg;
        uint32_t len;
        if (!dtls_reasm_take(&c->hs->reasm, seq, &type, &msg, &len)) {
            break;
        }
        unsigned index = (unsigned)(uint16_t)(seq - c->peer_cur_lo);
        if (index < DTLS_FLIGHT_MAX) {
            c->hs->peer_cur_hash[index] = fnv_add(hash_head(type, len, seq), msg, len);
        }
        UINT status = step(c, now_ms, type, seq, wire_rd_init(msg, len));
        if (c->hs != NULL) {
            dtls_reasm_release(&c->hs->reasm, seq);
        }
        if (status == DTLS_HS_IGNORE) {
            continue;
        }
        if (status != NX_SUCCESS) {
            return status;
        }
        dtls_recv_progress(c); /* earlier failures were not the peer's last word */
        c->next_recv_seq = (uint16_t)(seq + 1u);
    }
    return NX_SUCCESS;
}

/* on_fragment_established handles handshake fragments once no handshake runs: retransmissions of the peer's
 * last flight, the first message of a renegotiation (dtls_reneg), and anything else, looked at only when
 * unfragmented (the table refuses it). */
static UINT on_fragment_established(struct dtls_conn *c, uint64_t now_ms,
                                    const struct dtls_record_hdr *hdr, const struct dtls_hs_frag *f,
                                    bool *resend, bool *begun)
{
    if (dtls_reneg_starts(c, f)) {
        if (!dtls_reneg_allowed(c) || !dtls_reneg_peer_may(c, now_ms)) {
            /* RFC 5746 4.2, 4.4: refused with a warning, once per request (its first fragment). */
            if (f->frag_off == 0) {
                dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
            }
            return drop(c, hdr, "renegotiation refused");
        }
        /* RFC 6347 4.2.2: the new handshake's message_seq start from this one's on both sides (0 and 0). */
        NXD_TRY(dtls_reneg_begin(c, f->msg_seq, f->msg_seq));
        dtls_reneg_peer_started(c, now_ms);
        *begun = true;
        return NX_SUCCESS;
    }
    if (f->msg_seq < c->next_recv_seq) {
        note_retransmission(c, f, resend);
        return NX_SUCCESS;
    }
    if (!c->established || f->frag_off != 0 || f->frag_len != f->msg_len) {
        return drop(c, hdr, "handshake fragment outside a handshake");
    }
    bool rejected = false;
    UINT status = dtls_hs_step(c, now_ms, f->msg_type, f->msg_seq,
                               wire_rd_init(f->body, f->frag_len), &rejected);
    return status == DTLS_HS_IGNORE ? NX_SUCCESS : status;
}

static UINT on_handshake(struct dtls_conn *c, uint64_t now_ms, const struct dtls_record_hdr *hdr,
                         struct wire_rd body, bool *resend)
{
    while (!wire_done(&body)) {
        struct dtls_hs_frag f;
        if (!dtls_hs_frag_next(&body, &f)) {
            return drop(c, hdr, "malformed handshake fragment"); /* the rest cannot be framed */
        }
        if (f.frag_len == 0 && f.msg_len != 0) {
            /* Carries nothing: a header alone must not make us send or reserve (docs/security.md). */
            drop(c, hdr, "empty fragment of a non-empty message");
            continue;
        }
        if (c->hs == NULL) {
            bool begun = false;
            NXD_TRY(on_fragment_established(c, now_ms, hdr, &f, resend, &begun));
            if (!begun) {
                continue;
            }
        }
        if (c->state == DTLS_SRV_WAIT_HELLO && !c->hs->renegotiating &&
            f.msg_type == DTLS_HT_CLIENT_HELLO && f.msg_seq > c->next_recv_seq) {
            /* The route did the cookie exchange statelessly: this connection's first message is the
             * cookie'd ClientHello, whatever its message_seq (RFC 6347 4.2.2). */
            dtls_reasm_reset(&c->hs->reasm);
            c->next_recv_seq = f.msg_seq;
            c->peer_prev_lo = f.msg_seq;
            c->peer_cur_lo = f.msg_seq;
        }
        if (f.msg_seq < c->next_recv_seq) {
            note_retransmission(c, &f, resend);
            continue;
        }
        if (hdr->epoch != c->rd_epoch) {
            /* RFC 5246 7.1, 7.4.9: once the peer's ChangeCipherSpec moved us on, no new handshake message counts
             * in the old epoch (a plaintext Finished included). */
            drop(c, hdr, "handshake message in the old epoch");
            continue;
        }
        UINT status = dtls_reasm_add(&c->hs->reasm, c->next_recv_seq, &f);
        if (status != NX_SUCCESS) {
            if (!unauthenticated(c, f.msg_type)) {
                return status;
            }
            /* e.g. a 25-byte header announcing a 16 MiB message */
            soft_fail(c, hdr, status, "unauthenticated fragment that cannot be kept");
            continue;
        }
        NXD_TRY(drain(c, now_ms));
    }
    return NX_SUCCESS;
}

static UINT on_ccs(struct dtls_conn *c, uint64_t now_ms, const struct dtls_record_hdr *hdr,
                   struct wire_rd body)
{
    uint8_t value;
    /* RFC 5246 7.1: the single byte 1. */
    if (!wire_get_u8(&body, &value) || value != 1 || !wire_done(&body)) {
        return drop(c, hdr, "malformed ChangeCipherSpec");
    }
    if (c->hs == NULL || hdr->epoch != c->rd_epoch) {
        return drop(c, hdr, "ChangeCipherSpec again"); /* retransmitted or replayed */
    }
    bool rejected = false;
    UINT status = dtls_hs_step(c, now_ms, DTLS_MSG_CCS, 0, body, &rejected);
    if (status == NX_SECURE_TLS_UNEXPECTED_MESSAGE) {
        /* RFC 6347 4.1: a ChangeCipherSpec may overtake the handshake messages before it; the peer
         * retransmits it with its flight. */
        return drop(c, hdr, "ChangeCipherSpec ahead of the handshake");
    }
    if (status == NX_SUCCESS) {
        dtls_recv_progress(c);
    }
    return status;
}

static UINT on_alert(struct dtls_conn *c, const struct dtls_record_hdr *hdr, struct wire_rd body)
{
    uint8_t level;
    uint8_t description;
    if (!dtls_alert_parse(body, &level, &description)) {
        return drop(c, hdr, "malformed alert");
    }
    dtls_log_alert(c, false, level, description);
    c->alert_level = level;
    c->alert_desc = description;
    if (description == DTLS_ALERT_CLOSE_NOTIFY) {
        return NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED;
    }
    if (level == DTLS_ALERT_FATAL) {
        c->events |= NXDTLS_EVENT_ALERT;
        return NX_SECURE_TLS_ALERT_RECEIVED;
    }
    if (description == DTLS_ALERT_NO_RENEGOTIATION) {
        /* RFC 5746 4.2 / RFC 5246 7.2.2: the peer declined our renegotiation; the association goes on. */
        (void)dtls_reneg_abandon(c);
    }
    return NX_SUCCESS; /* warnings (no_renegotiation, user_canceled) do not end the association */
}

/* previous_epoch_data: during a renegotiation the peer's data may still come in the epoch before the one its
 * ChangeCipherSpec opened (reordering); that epoch stays readable until the handshake completes. */
static bool previous_epoch_data(const struct dtls_conn *c, const struct dtls_record_hdr *hdr)
{
    return c->hs != NULL && c->hs->renegotiating && (uint16_t)(hdr->epoch + 1u) == c->rd_epoch;
}

/* finished_expected: the peer's Finished is the next record of its new epoch. One that fails authentication
 * is remembered as a handshake failure (docs/netx-api.md 7.3: typically a wrong PSK). */
static bool finished_expected(const struct dtls_conn *c, const struct dtls_record_hdr *hdr)
{
    return c->hs != NULL && (hdr->type == DTLS_CT_HANDSHAKE || hdr->type == DTLS_CT_TLS12_CID) &&
           hdr->epoch != 0 && hdr->epoch == c->rd_epoch &&
           (c->state == DTLS_CLI_WAIT_FINISHED || c->state == DTLS_SRV_WAIT_FINISHED);
}

UINT dtls_recv_record(struct dtls_conn *c, uint64_t now_ms, const struct dtls_record_hdr *hdr,
                      uint8_t *frag, size_t frag_len, bool *resend, uint8_t **app, size_t *app_len)
{
    /* RFC 6347 4.1: DTLS record versions have major 0xFE; the minor is not judged (a HelloVerifyRequest and a
     * first ClientHello may say 1.0). */
    if ((hdr->version >> 8) != 0xFEu) {
        return drop(c, hdr, "not a DTLS version");
    }
    struct dtls_epoch_rd *e = &c->rd[hdr->epoch & 1u];
    /* RFC 6347 4.1.2.7: records of an epoch we cannot read are dropped. */
    if (!e->live || e->epoch != hdr->epoch) {
        return drop(c, hdr, "epoch not readable");
    }
    /* RFC 6347 4.1.2.6: replay detection, for protected epochs only. An epoch-0 record has no integrity, so
     * one corrupted or forged sequence number near 2^48 would push the window past every genuine epoch-0
     * record still to come and stall the handshake; there, duplicates are recognized by message_seq. */
    bool protected_epoch = hdr->epoch != 0;
    if (protected_epoch && !dtls_replay_check(&e->replay, hdr->seq)) {
        return drop(c, hdr, "replayed or too old");
    }
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    /* RFC 9146 4: a tls12_cid record (its CID already found ours) carries its real type inside. */
    bool by_cid =
        hdr->type == DTLS_CT_TLS12_CID && protected_epoch && c->cid.rx_on[hdr->epoch & 1u];
    if (!by_cid && dtls_cid_expected(&c->cid, hdr->epoch)) {
        return drop(c, hdr, "connection ID expected"); /* RFC 9146 3 */
    }
    struct dtls_record_hdr inner = *hdr;
    UINT opened =
        by_cid ? dtls_cid_open(c, &e->cipher, hdr, frag, frag_len, &plain, &plain_len, &inner.type)
               : dtls_record_open(&e->cipher, hdr, frag, frag_len, &plain, &plain_len);
    if (opened != NX_SUCCESS) {
        if (finished_expected(c, hdr)) {
            /* Anyone can send a record that fails to authenticate; it is dropped like any other, and reported
             * only if the genuine Finished never comes (a wrong PSK: soft_fail). */
            soft_fail(c, hdr, NX_SECURE_TLS_FINISHED_HASH_FAILURE, "record does not authenticate");
            return NX_SUCCESS;
        }
        return drop(c, hdr, "does not authenticate");
    }
    if (protected_epoch) {
        dtls_replay_accept(&e->replay, hdr->seq);
        c->last_rx_ms = now_ms;
        dtls_cid_authenticated(&c->cid, hdr->epoch, hdr->seq, by_cid); /* RFC 9146 6 */
    }
    c->in_rec_seq = hdr->seq;
    if (by_cid) {
        dtls_log_cid_record(c, false, inner.type, hdr->epoch, hdr->seq, plain_len, c->cid.own,
                            c->cid.own_len);
        hdr = &inner;
    } else {
        dtls_log_record(c, false, hdr->type, hdr->version, hdr->epoch, hdr->seq, plain_len);
    }
    struct wire_rd body = wire_rd_init(plain, plain_len);
    switch (hdr->type) {
    case DTLS_CT_HANDSHAKE:
        return on_handshake(c, now_ms, hdr, body, resend);
    case DTLS_CT_CHANGE_CIPHER_SPEC:
        return on_ccs(c, now_ms, hdr, body);
    case DTLS_CT_ALERT:
        return on_alert(c, hdr, body);
    case DTLS_CT_APPLICATION_DATA:
        if (!c->established || hdr->epoch == 0 ||
            (hdr->epoch != c->rd_epoch && !previous_epoch_data(c, hdr))) {
            return drop(c, hdr, "application data outside an established epoch");
        }
        if (c->flight.timer == DTLS_TIMER_LINGER) {
            /* RFC 6347 4.2.4: the peer's data shows our final flight arrived. */
            dtls_flight_discard(c);
        }
        *app = plain;
        *app_len = plain_len;
        return NX_SUCCESS;
    default:
        return drop(c, hdr, "unknown content type");
    }
}
