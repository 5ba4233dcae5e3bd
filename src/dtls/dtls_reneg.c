/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_reneg.h"

#include <string.h>

#include "dtls/dtls_flight.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_hs_client.h"

bool dtls_reneg_allowed(const struct dtls_conn *c)
{
#ifdef NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION
    (void)c;
    return false;
#else
    return c->established && c->hs == NULL && c->secure_reneg && !c->cfg->disable_renegotiation &&
           c->error == NX_SUCCESS && !c->close_sent && !c->close_received;
#endif
}

UINT dtls_reneg_begin(struct dtls_conn *c, uint16_t send_seq, uint16_t recv_seq)
{
    NXD_ENSURE(dtls_reneg_allowed(c), NX_SECURE_TLS_RENEGOTIATION_FAILURE);
    dtls_flight_discard(c);
    dtls_hs_begin(c);
    c->hs->renegotiating = 1;
    if (c->role == NXDTLS_ROLE_CLIENT && c->cookie_len != 0) {
        memcpy(c->hs->cookie, c->cookie, c->cookie_len);
        c->hs->cookie_len = c->cookie_len;
    }
    c->next_send_seq = send_seq;
    c->next_recv_seq = recv_seq;
    c->peer_prev_lo = recv_seq;
    c->peer_cur_lo = recv_seq;
    return NX_SUCCESS;
}

bool dtls_reneg_starts(const struct dtls_conn *c, const struct dtls_hs_frag *f)
{
    if (c->hs != NULL || !c->established) {
        return false;
    }
    return c->role == NXDTLS_ROLE_SERVER ? f->msg_type == DTLS_HT_CLIENT_HELLO
                                         : f->msg_type == DTLS_HT_HELLO_REQUEST;
}

bool dtls_reneg_abandon(struct dtls_conn *c)
{
    if (c->hs == NULL || !c->hs->renegotiating || c->hs->keys_ready ||
        (c->state != DTLS_CLI_WAIT_HELLO && c->state != DTLS_SRV_WAIT_HELLO)) {
        return false;
    }
    dtls_flight_discard(c);
    dtls_hs_end(c);
    c->state = c->role == NXDTLS_ROLE_CLIENT ? DTLS_CLI_DONE : DTLS_SRV_DONE;
    return true;
}

UINT dtls_reneg_start(struct dtls_conn *c, uint64_t now_ms)
{
    NXD_ENSURE(c->established, NX_SECURE_TLS_SESSION_UNINITIALIZED);
    NXD_ENSURE(c->hs == NULL, NX_SECURE_TLS_INVALID_STATE);
    if (c->role == NXDTLS_ROLE_CLIENT) {
        return dtls_hs_client_renegotiate(c, now_ms);
    }
    /* RFC 5246 7.4.1.1: HelloRequest is empty and kept out of the handshake hashes (no transcript runs yet). */
    NXD_TRY(dtls_reneg_begin(c, 0, 0));
    struct wire_wr w;
    dtls_flight_begin(c);
    dtls_flight_open(c, &w);
    UINT status = dtls_flight_add_handshake(c, &w, DTLS_HT_HELLO_REQUEST);
    if (status != NX_SUCCESS) {
        dtls_hs_end(c);
        return status;
    }
    dtls_flight_end(c, now_ms, false);
    c->state = DTLS_SRV_WAIT_HELLO;
    return NX_SUCCESS;
}
