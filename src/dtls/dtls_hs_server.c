/* SPDX-License-Identifier: MIT */
/* dtls_hs_server.c: the server handshake of one association (RFC 5246 7.3, RFC 6347 4.2, RFC 4279). The
 * stateless cookie exchange happens before, in dtls_server's route: this connection starts with the
 * ClientHello that carries a valid cookie (or any ClientHello when cookies are disabled). */
#include "dtls/dtls_hs_server.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_alert.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_psk.h"

static bool list_has(struct wire_rd suites, uint16_t id)
{
    uint16_t v;
    while (wire_get_u16(&suites, &v)) {
        if (v == id) {
            return true;
        }
    }
    return false;
}

static bool list_has_u8(struct wire_rd list, uint8_t id)
{
    uint8_t v;
    while (wire_get_u8(&list, &v)) {
        if (v == id) {
            return true;
        }
    }
    return false;
}

/* RFC 5246 7.4.1.2 / RFC 6347 4.2.1 ClientHello. */
static UINT srv_client_hello(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    struct dtls_hs *hs = c->hs;
    struct dtls_client_hello ch;
    NXD_TRY(dtls_client_hello_parse(body, &ch));
    /* dtls_server's route answered a cookieless hello statelessly; only the cookie'd one starts us (the route
     * checked the cookie before giving us the datagram). */
    if (!c->cfg->disable_cookies && ch.cookie.len == 0) {
        return DTLS_HS_IGNORE;
    }
    /* DTLS versions count down: 0xFEFD (1.2) or a lower (newer) value offers 1.2. */
    NXD_ENSURE((ch.client_version >> 8) == 0xFEu && ch.client_version <= DTLS_VERSION_1_2,
               NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    NXD_ENSURE(list_has_u8(ch.compression, 0), NX_SECURE_TLS_BAD_COMPRESSION_METHOD);
    /* RFC 5746 3.6: the SCSV counts as an empty renegotiation_info. */
    if (list_has(ch.cipher_suites, TLS_EMPTY_RENEGOTIATION_INFO_SCSV)) {
        hs->peer_reneg = 1;
    }
    NXD_TRY(dtls_ext_parse_client_hello(c, &ch));
    /* Server preference decides (NETX_API.md 6.2: row order, or the configured list). */
    const NX_SECURE_TLS_CIPHERSUITE_INFO *pick = NULL;
    for (size_t i = 0; i < dtls_hs_pref_count(c) && pick == NULL; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = dtls_hs_pref_at(c, i);
        if (row != NULL && dtls_hs_suite_usable(c, row) &&
            list_has(ch.cipher_suites, row->nx_secure_tls_ciphersuite)) {
            pick = row;
        }
    }
    NXD_ENSURE(pick != NULL, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    c->suite = pick;
    memcpy(hs->client_random, ch.random, DTLS_RANDOM_LEN);
    NXD_TRY(dtls_hs_hello_random(c, hs->server_random));
    /* RFC 6347 4.2.1/4.2.2 and the dtls_server contract: our message_seq and record sequence continue from the
     * cookie exchange the route did statelessly, i.e. from this ClientHello's. */
    c->next_send_seq = c->next_recv_seq;
    c->wr[0].seq = c->in_rec_seq;
    NXD_TRY(dtls_transcript_start(&hs->transcript, dtls_transcript_hash_for(c->cfg->crypto, pick)));
    return dtls_transcript_add(&hs->transcript, DTLS_HT_CLIENT_HELLO, c->next_recv_seq, body.p,
                               body.len);
}

/* send_server_hello builds ServerHello, ServerKeyExchange (only with a non-empty hint: RFC 4279 2 omits it
 * otherwise; NETX_API.md 7.6: the hint of entry 0) and ServerHelloDone. */
static UINT send_server_hello(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_hs *hs = c->hs;
    struct wire_wr w;
    dtls_flight_begin(c);
    dtls_flight_open(c, &w);
    wire_put_u16(&w, DTLS_VERSION_1_2);
    wire_put_bytes(&w, hs->server_random, DTLS_RANDOM_LEN);
    wire_put_u8(&w, 0); /* empty session_id: the session will not be resumed (RFC 5246 7.4.1.3) */
    wire_put_u16(&w, c->suite->nx_secure_tls_ciphersuite);
    wire_put_u8(&w, 0);
    dtls_ext_write_server_hello(c, &w);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_HELLO));
    if (dtls_psk_is_suite(c->suite)) {
        const NX_SECURE_TLS_PSK_STORE *entry = &c->cfg->psks[0];
        size_t hint_len = entry->nx_secure_tls_psk_id_hint_size;
        if (hint_len != 0 && hint_len <= NX_SECURE_TLS_MAX_PSK_ID_SIZE) {
            dtls_flight_open(c, &w);
            size_t hint = wire_open_vec(&w, 2);
            wire_put_bytes(&w, entry->nx_secure_tls_psk_id_hint, hint_len);
            wire_close_vec(&w, hint, 2);
            NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_KEY_EXCHANGE));
        }
    }
    dtls_flight_open(c, &w);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_HELLO_DONE));
    dtls_flight_end(c, now_ms, false);
    return NX_SUCCESS;
}

/* RFC 4279 2: ClientKeyExchange = psk_identity<0..2^16-1>; the identity picks the key (NETX_API.md 7.6). */
static UINT srv_client_key_exchange(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_psk_is_suite(c->suite), NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    struct wire_rd identity;
    NXD_ENSURE(wire_get_vec(&body, 2, &identity) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_ENSURE(identity.len <= NX_SECURE_TLS_MAX_PSK_ID_SIZE, NX_SECURE_TLS_NO_MATCHING_PSK);
    size_t index;
    NXD_TRY(dtls_psk_server_select(c->cfg, identity.p, identity.len, &index));
    c->hs->psk_index = (uint8_t)index;
    uint8_t premaster[DTLS_PSK_PREMASTER_MAX];
    size_t premaster_len = 0;
    UINT status =
        dtls_psk_premaster(&c->cfg->psks[index], premaster, sizeof premaster, &premaster_len);
    if (status == NX_SUCCESS) {
        status = dtls_hs_derive_keys(c, premaster, premaster_len);
    }
    ct_wipe(premaster, sizeof premaster);
    return status;
}

static UINT srv_ccs(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    (void)body;
    NXD_TRY(dtls_hs_read_next_epoch(c));
    return dtls_hs_verify_data(c, 1, c->hs->expect_verify);
}

static UINT srv_finished(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(body.len == DTLS_VERIFY_LEN &&
                   ct_equal(body.p, c->hs->expect_verify, DTLS_VERIFY_LEN),
               NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    memcpy(c->client_verify, body.p, DTLS_VERIFY_LEN);
    return NX_SUCCESS;
}

/* send_finished builds our ChangeCipherSpec and Finished, the final flight (kept to answer a retransmitted
 * client flight, RFC 6347 4.2.4), and completes the handshake. */
static UINT send_finished(struct dtls_conn *c, uint64_t now_ms)
{
    struct wire_wr w;
    dtls_flight_begin(c);
    NXD_TRY(dtls_flight_add_ccs(c));
    uint8_t verify[DTLS_VERIFY_LEN];
    NXD_TRY(dtls_hs_verify_data(c, 0, verify));
    dtls_flight_open(c, &w);
    wire_put_bytes(&w, verify, sizeof verify);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_FINISHED));
    memcpy(c->server_verify, verify, sizeof verify);
    dtls_flight_end(c, now_ms, true);
    dtls_hs_complete(c);
    return NX_SUCCESS;
}

/* A ClientHello in the current epoch of an established association asks for renegotiation: refused with a
 * warning, the session goes on (NETX_API.md 10 C16 until RFC 5746 renegotiation is implemented). */
static UINT srv_refuse_renegotiation(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    (void)body;
    dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
    return NX_SUCCESS;
}

/* RFC 5246 7.3 / RFC 6347 4.2.4, server side, PSK key exchange. Certificate suites add Certificate and
 * CertificateVerify rows around WAIT_CKE. */
/* clang-format off */
static const struct dtls_hs_row srv_rows[] = {
    {DTLS_SRV_WAIT_HELLO,    DTLS_HT_CLIENT_HELLO,        DTLS_SRV_WAIT_CKE,      DTLS_ROW_ENDS_FLIGHT,                 srv_client_hello},
    {DTLS_SRV_WAIT_CKE,      DTLS_HT_CLIENT_KEY_EXCHANGE, DTLS_SRV_WAIT_CCS,      DTLS_ROW_HASH,                        srv_client_key_exchange},
    {DTLS_SRV_WAIT_CCS,      DTLS_MSG_CCS,                DTLS_SRV_WAIT_FINISHED, 0,                                    srv_ccs},
    {DTLS_SRV_WAIT_FINISHED, DTLS_HT_FINISHED,            DTLS_SRV_DONE,          DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, srv_finished},
    {DTLS_SRV_DONE,          DTLS_HT_CLIENT_HELLO,        DTLS_SRV_DONE,          0,                                    srv_refuse_renegotiation},
};

static const struct dtls_hs_send srv_sends[] = {
    {DTLS_SRV_WAIT_CKE, send_server_hello},
    {DTLS_SRV_DONE,     send_finished},
};
/* clang-format on */

const struct dtls_hs_table dtls_hs_server_table = {
    .rows = srv_rows,
    .row_count = NXD_ARRAY_LEN(srv_rows),
    .sends = srv_sends,
    .send_count = NXD_ARRAY_LEN(srv_sends),
};
