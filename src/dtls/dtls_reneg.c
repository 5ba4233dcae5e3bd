/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_reneg.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_hs_client.h"
#include "dtls/dtls_peer.h"
#include "dtls/dtls_psk.h"

bool dtls_reneg_allowed(const struct dtls_conn *c)
{
#ifdef NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION
    (void)c;
    return false;
#else
    /* A pooled server slot also needs a free handshake unit (dtls_pool.h). */
    return c->established && c->hs == NULL && c->secure_reneg && !c->cfg->disable_renegotiation &&
           c->error == NX_SUCCESS && !c->close_sent && !c->close_received &&
           dtls_conn_scratch_available(c);
#endif
}

UINT dtls_reneg_begin(struct dtls_conn *c, uint16_t send_seq, uint16_t recv_seq)
{
    NXD_ENSURE(dtls_reneg_allowed(c), NX_SECURE_TLS_RENEGOTIATION_FAILURE);
    dtls_flight_discard(c);
    NXD_ENSURE(dtls_conn_scratch_take(c), NX_SECURE_TLS_RENEGOTIATION_FAILURE);
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

/* ---- What a renegotiation may not change (docs/security.md) ---- */

bool dtls_reneg_peer_may(const struct dtls_conn *c, uint64_t now_ms)
{
    uint32_t interval = c->cfg->renegotiation_interval_ms != 0
                            ? c->cfg->renegotiation_interval_ms
                            : NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS;
    return !c->peer_reneg_seen || now_ms < c->peer_reneg_ms ||
           now_ms - c->peer_reneg_ms >= interval;
}

void dtls_reneg_peer_started(struct dtls_conn *c, uint64_t now_ms)
{
    c->peer_reneg_seen = 1;
    c->peer_reneg_ms = now_ms;
}

UINT dtls_reneg_check_hello(const struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    const struct dtls_hs *hs = c->hs;
    if (!hs->renegotiating) {
        return NX_SUCCESS;
    }
    /* RFC 7627 5.3: a session with the extended master secret is not continued without it. */
    NXD_ENSURE(!c->session_ems || hs->use_ems, NX_SECURE_TLS_HANDSHAKE_FAILURE);
    /* A PSK association stays one, a certificate association too: the kind of peer identity cannot change. */
    NXD_ENSURE((c->session_psk != 0) == dtls_psk_is_suite(suite), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    return NX_SUCCESS;
}

UINT dtls_reneg_check_psk(struct dtls_conn *c, const uint8_t *identity, size_t len)
{
    struct dtls_hs *hs = c->hs;
    size_t got = 0;
    /* The identity is remembered by its SHA-256 (dtls_hs_complete keeps it with the association). */
    NXD_TRY(crypto_digest(crypto_digest_method_for(NX_CRYPTO_HASH_SHA256), hs->areas.scratch,
                          hs->layout.hash, identity, len, hs->psk_identity, sizeof hs->psk_identity,
                          &got));
    if (!hs->renegotiating) {
        return NX_SUCCESS;
    }
    NXD_ENSURE(c->session_psk &&
                   ct_equal(hs->psk_identity, c->session_psk_identity, sizeof hs->psk_identity),
               NX_SECURE_TLS_HANDSHAKE_FAILURE);
    return NX_SUCCESS;
}

/* leaf_digest hashes the DER of the peer's leaf in the certificate slots (SHA-256, in the scratch area). */
static bool leaf_digest(struct dtls_conn *c, uint8_t out[32])
{
    const NX_SECURE_X509_CERT *leaf = dtls_peer_leaf(c);
    struct dtls_hs *hs = c->hs;
    size_t len = 0;
    if (leaf == NULL || leaf->nx_secure_x509_certificate_raw_data == NULL) {
        return false;
    }
    UINT status = crypto_digest(crypto_digest_method_for(NX_CRYPTO_HASH_SHA256), hs->areas.scratch,
                                hs->layout.hash, leaf->nx_secure_x509_certificate_raw_data,
                                leaf->nx_secure_x509_certificate_raw_data_length, out, 32, &len);
    return status == NX_SUCCESS && len == 32;
}

void dtls_reneg_remember_leaf(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    hs->session_leaf_known = 0;
    if (hs->renegotiating && c->peer_cert_count != 0 && leaf_digest(c, hs->session_leaf)) {
        hs->session_leaf_known = 1;
    }
}

UINT dtls_reneg_check_leaf(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    hs->peer_changed = 0;
    if (!hs->renegotiating) {
        return NX_SUCCESS;
    }
    uint8_t digest[32];
    bool same = hs->session_leaf_known && leaf_digest(c, digest) &&
                ct_equal(digest, hs->session_leaf, sizeof digest);
    if (same) {
        return NX_SUCCESS;
    }
    /* Another certificate than the one the association was set up with: only the application may accept it,
     * through its certificate callback, which nxdtls_conn_peer_changed tells. */
    hs->peer_changed = 1;
    NXD_ENSURE(c->cfg->certificate_callback != NULL, c->role == NXDTLS_ROLE_CLIENT
                                                         ? NX_SECURE_TLS_INVALID_SERVER_CERT
                                                         : NX_SECURE_TLS_INVALID_CERTIFICATE);
    return NX_SUCCESS;
}
