/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_recv.h"

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

/* in_previous_flight: RFC 6347 4.2.4, a message of the peer's previous flight arriving again means our answer
 * to it was lost. */
static bool in_previous_flight(const struct dtls_conn *c, uint16_t msg_seq)
{
    return msg_seq >= c->peer_prev_lo && msg_seq < c->peer_cur_lo;
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
        UINT status = dtls_hs_step(c, now_ms, type, seq, wire_rd_init(msg, len));
        if (c->hs != NULL) {
            dtls_reasm_release(&c->hs->reasm, seq);
        }
        if (status == DTLS_HS_IGNORE) {
            continue;
        }
        if (status != NX_SUCCESS) {
            return status;
        }
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
        if (!dtls_reneg_allowed(c)) {
            /* RFC 5746 4.2, 4.4: refused with a warning, once per request (its first fragment). */
            if (f->frag_off == 0) {
                dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
            }
            return drop(c, hdr, "renegotiation refused");
        }
        /* RFC 6347 4.2.2: the new handshake's message_seq start from this one's on both sides (0 and 0). */
        NXD_TRY(dtls_reneg_begin(c, f->msg_seq, f->msg_seq));
        *begun = true;
        return NX_SUCCESS;
    }
    if (f->msg_seq < c->next_recv_seq) {
        if (in_previous_flight(c, f->msg_seq)) {
            *resend = true;
        }
        return NX_SUCCESS;
    }
    if (!c->established || f->frag_off != 0 || f->frag_len != f->msg_len) {
        return drop(c, hdr, "handshake fragment outside a handshake");
    }
    UINT status =
        dtls_hs_step(c, now_ms, f->msg_type, f->msg_seq, wire_rd_init(f->body, f->frag_len));
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
            if (in_previous_flight(c, f.msg_seq)) {
                *resend = true;
            }
            continue;
        }
        NXD_TRY(dtls_reasm_add(&c->hs->reasm, c->next_recv_seq, &f));
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
    UINT status = dtls_hs_step(c, now_ms, DTLS_MSG_CCS, 0, body);
    if (status == NX_SECURE_TLS_UNEXPECTED_MESSAGE) {
        /* RFC 6347 4.1: a ChangeCipherSpec may overtake the handshake messages before it; the peer
         * retransmits it with its flight. */
        return drop(c, hdr, "ChangeCipherSpec ahead of the handshake");
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
 * is a handshake failure (docs/netx-api.md 7.3), not a silently dropped record: typically a wrong PSK. */
static bool finished_expected(const struct dtls_conn *c, const struct dtls_record_hdr *hdr)
{
    return c->hs != NULL && hdr->type == DTLS_CT_HANDSHAKE && hdr->epoch != 0 &&
           hdr->epoch == c->rd_epoch &&
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
    if (dtls_record_open(&e->cipher, hdr, frag, frag_len, &plain, &plain_len) != NX_SUCCESS) {
        if (finished_expected(c, hdr)) {
            return NX_SECURE_TLS_FINISHED_HASH_FAILURE;
        }
        return drop(c, hdr, "does not authenticate");
    }
    if (protected_epoch) {
        dtls_replay_accept(&e->replay, hdr->seq);
    }
    c->in_rec_seq = hdr->seq;
    dtls_log_record(c, false, hdr->type, hdr->version, hdr->epoch, hdr->seq, plain_len);
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
