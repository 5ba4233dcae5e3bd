/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_flight.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_log.h"

uint32_t dtls_flight_initial_ms(const nxdtls_config *cfg)
{
    return cfg->retransmit_initial_ms != 0 ? cfg->retransmit_initial_ms
                                           : NXDTLS_DEFAULT_RETRANSMIT_MS;
}

uint32_t dtls_flight_max_ms(const nxdtls_config *cfg)
{
    uint32_t max =
        cfg->retransmit_max_ms != 0 ? cfg->retransmit_max_ms : NXDTLS_DEFAULT_RETRANSMIT_MAX_MS;
    uint32_t initial = dtls_flight_initial_ms(cfg);
    return max < initial ? initial : max;
}

uint8_t dtls_flight_retries(const nxdtls_config *cfg)
{
    return cfg->retransmit_retries != 0 ? cfg->retransmit_retries
                                        : NXDTLS_DEFAULT_RETRANSMIT_RETRIES;
}

/* linger_ms: how long a final flight is kept. RFC 6347 4.2.4 asks for twice the maximum segment lifetime;
 * here twice the largest retransmission timeout, which covers every retransmission the peer can still make
 * of its previous flight. */
static uint64_t linger_ms(const nxdtls_config *cfg)
{
    return 2u * (uint64_t)dtls_flight_max_ms(cfg);
}

void dtls_flight_begin(struct dtls_conn *c)
{
    struct dtls_flight *f = &c->flight;
    if (f->used != 0) {
        ct_wipe(c->reasm_buf, f->used);
    }
    memset(f, 0, sizeof *f);
    f->deadline_ms = UINT64_MAX;
    if (c->hs != NULL) {
        dtls_reasm_reset(&c->hs->reasm);
    }
}

void dtls_flight_open(struct dtls_conn *c, struct wire_wr *w)
{
    size_t end = c->reasm_size > DTLS_REASM_MIN ? c->reasm_size - DTLS_REASM_MIN : 0;
    size_t used = c->flight.used;
    *w = wire_wr_init(c->reasm_buf + used, end > used ? end - used : 0);
}

UINT dtls_flight_add_handshake(struct dtls_conn *c, const struct wire_wr *w, uint8_t msg_type)
{
    struct dtls_flight *f = &c->flight;
    NXD_ENSURE(!w->overflow && f->count < DTLS_FLIGHT_MAX && w->len < (1u << 24),
               NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    struct dtls_flight_msg *m = &f->msg[f->count];
    m->off = f->used;
    m->len = (uint32_t)w->len;
    m->msg_seq = c->next_send_seq;
    m->epoch = c->wr_epoch;
    m->ct = DTLS_CT_HANDSHAKE;
    m->msg_type = msg_type;
    if (c->hs != NULL && c->hs->transcript.live) {
        NXD_TRY(dtls_transcript_add(&c->hs->transcript, msg_type, m->msg_seq, w->buf, w->len));
    }
    f->count++;
    f->used += (uint32_t)w->len;
    c->next_send_seq++;
    dtls_log_message(c, true, msg_type, w->buf, w->len);
    return NX_SUCCESS;
}

UINT dtls_flight_add_ccs(struct dtls_conn *c)
{
    struct dtls_flight *f = &c->flight;
    struct wire_wr w;
    dtls_flight_open(c, &w);
    wire_put_u8(&w, 1); /* RFC 5246 7.1: ChangeCipherSpec is the single byte 1 */
    NXD_ENSURE(!w.overflow && f->count < DTLS_FLIGHT_MAX, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    uint16_t next = (uint16_t)(c->wr_epoch + 1u);
    struct dtls_epoch_wr *wr = &c->wr[next & 1u];
    NXD_ENSURE(wr->epoch == next && wr->cipher.suite != NULL, NX_SECURE_TLS_INVALID_STATE);
    struct dtls_flight_msg *m = &f->msg[f->count];
    m->off = f->used;
    m->len = 1;
    m->msg_seq = 0;
    m->epoch = c->wr_epoch;
    m->ct = DTLS_CT_CHANGE_CIPHER_SPEC;
    m->msg_type = 0;
    f->count++;
    f->used += 1;
    /* RFC 6347 4.1: records after the ChangeCipherSpec use the next epoch, sequence numbers from 0. */
    wr->live = 1;
    c->wr_epoch = next;
    dtls_log_change_cipher(c, true);
    return NX_SUCCESS;
}

void dtls_flight_end(struct dtls_conn *c, uint64_t now_ms, bool final)
{
    struct dtls_flight *f = &c->flight;
    f->sending = 1;
    f->cursor_msg = 0;
    f->cursor_off = 0;
    f->retries = 0;
    f->timeout_ms = dtls_flight_initial_ms(c->cfg);
    f->sent_ms = now_ms;
    if (final) {
        f->timer = DTLS_TIMER_LINGER;
        f->deadline_ms = now_ms + linger_ms(c->cfg);
    } else {
        f->timer = DTLS_TIMER_RETRANSMIT;
        f->deadline_ms = now_ms + f->timeout_ms;
    }
    if (c->hs != NULL) {
        dtls_reasm_init(&c->hs->reasm, c->reasm_buf + f->used, c->reasm_size - f->used);
    }
}

void dtls_flight_await_first(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_flight *f = &c->flight;
    f->retries = 0;
    f->timeout_ms = dtls_flight_initial_ms(c->cfg);
    f->timer = DTLS_TIMER_RETRANSMIT;
    f->deadline_ms = now_ms + f->timeout_ms;
}

void dtls_flight_resend(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_flight *f = &c->flight;
    if (f->count == 0 || f->sending) {
        return; /* nothing kept, or already on its way out again */
    }
    /* At most once per retransmission period (docs/security.md): a replayed previous flight, or the peer's
     * retransmission crossing ours, does not multiply what we send. A quarter period of slack lets a peer whose
     * timer runs as ours be answered every time despite jitter. */
    uint64_t period = f->timeout_ms - f->timeout_ms / 4u;
    if (now_ms >= f->sent_ms && now_ms - f->sent_ms < period) {
        return;
    }
    f->sent_ms = now_ms;
    f->sending = 1;
    f->cursor_msg = 0;
    f->cursor_off = 0;
    dtls_log_retransmit(c, f->timeout_ms, f->retries);
}

UINT dtls_flight_timeout(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_flight *f = &c->flight;
    if (f->timer == DTLS_TIMER_NONE || now_ms < f->deadline_ms) {
        return NX_SUCCESS;
    }
    if (f->timer == DTLS_TIMER_LINGER) {
        dtls_flight_discard(c);
        return NX_SUCCESS;
    }
    /* RFC 6347 4.2.4.1: give up after the configured retransmissions (docs/netx-api.md 7.2: NX_NO_PACKET). */
    if (f->retries >= dtls_flight_retries(c->cfg)) {
        return NX_NO_PACKET;
    }
    f->retries++;
    uint32_t max = dtls_flight_max_ms(c->cfg);
    f->timeout_ms = f->timeout_ms > max / 2 ? max : f->timeout_ms * 2;
    f->deadline_ms = now_ms + f->timeout_ms;
    /* RFC 6347 4.2.4: the whole flight goes again, new record numbers, same message_seq. */
    f->sent_ms = now_ms;
    f->sending = 1;
    f->cursor_msg = 0;
    f->cursor_off = 0;
    dtls_log_retransmit(c, f->timeout_ms, f->retries);
    return NX_SUCCESS;
}

void dtls_flight_discard(struct dtls_conn *c)
{
    struct dtls_flight *f = &c->flight;
    if (f->used != 0) {
        ct_wipe(c->reasm_buf, f->used);
    }
    memset(f, 0, sizeof *f);
    f->deadline_ms = UINT64_MAX;
    if (c->hs != NULL) {
        dtls_reasm_init(&c->hs->reasm, c->reasm_buf, c->reasm_size);
    }
    struct dtls_epoch_wr *other = &c->wr[(c->wr_epoch + 1u) & 1u];
    if (c->established && other->live && (uint16_t)(other->epoch + 1u) == c->wr_epoch) {
        dtls_cipher_clear(&other->cipher);
        other->live = 0;
        dtls_conn_rekey(
            c); /* the write cipher of a renegotiated epoch can take the session area now */
    }
}
