/* SPDX-License-Identifier: MIT */
/* dtls_hs_client.c: the client handshake (RFC 5246 7.3, RFC 6347 4.2, RFC 4279 for PSK). */
#include "dtls/dtls_hs_client.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_alert.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_psk.h"

/* A server answers each ClientHello with at most one HelloVerifyRequest; more than this many in one handshake
 * are ignored (a loop with a broken or hostile server ends by the retransmission limit). */
#define MAX_HELLO_VERIFY 8

static bool client_offers_row(const struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *row)
{
    return dtls_hs_suite_usable(c, row);
}

/* offered_row returns the row of a suite our ClientHello offered, or NULL. */
static const NX_SECURE_TLS_CIPHERSUITE_INFO *offered_row(const struct dtls_conn *c, uint16_t id)
{
    for (size_t i = 0; i < dtls_hs_pref_count(c); i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = dtls_hs_pref_at(c, i);
        if (row != NULL && row->nx_secure_tls_ciphersuite == id && client_offers_row(c, row)) {
            return row;
        }
    }
    return NULL;
}

/* send_client_hello builds the ClientHello flight (RFC 6347 4.2.1: after a HelloVerifyRequest the same hello
 * again, random included, with the cookie and the next message_seq). */
static UINT send_client_hello(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_hs *hs = c->hs;
    struct wire_wr w;
    dtls_flight_begin(c);
    dtls_flight_open(c, &w);
    wire_put_u16(&w, DTLS_VERSION_1_2);
    wire_put_bytes(&w, hs->client_random, DTLS_RANDOM_LEN);
    wire_put_u8(&w, 0); /* no session to resume */
    size_t cookie = wire_open_vec(&w, 1);
    wire_put_bytes(&w, hs->cookie, hs->cookie_len);
    wire_close_vec(&w, cookie, 1);
    size_t suites = wire_open_vec(&w, 2);
    size_t offered = 0;
    for (size_t i = 0; i < dtls_hs_pref_count(c); i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = dtls_hs_pref_at(c, i);
        if (row != NULL && client_offers_row(c, row)) {
            wire_put_u16(&w, row->nx_secure_tls_ciphersuite);
            offered++;
        }
    }
    wire_close_vec(&w, suites, 2);
    NXD_ENSURE(offered != 0, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    wire_put_u8(&w, 1);
    wire_put_u8(&w, 0); /* compression: null only */
    dtls_ext_write_client_hello(c, &w);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_CLIENT_HELLO));
    dtls_flight_end(c, now_ms, false);
    return NX_SUCCESS;
}

UINT dtls_hs_client_start(struct dtls_conn *c, uint64_t now_ms)
{
    dtls_hs_begin(c);
    struct dtls_hs *hs = c->hs;
    NXD_TRY(dtls_hs_hello_random(c, hs->client_random));
    hs->offered_ems = c->cfg->disable_extended_master_secret ? 0 : 1;
    hs->offered_sni = c->cfg->server_name != NULL && c->cfg->server_name_len != 0;
    NXD_TRY(send_client_hello(c, now_ms));
    c->state = DTLS_CLI_WAIT_HELLO;
    return NX_SUCCESS;
}

/* RFC 6347 4.2.1: HelloVerifyRequest = server_version, cookie<0..2^8-1>. The version is not used for
 * negotiation (servers send 0xFEFF), and the record version is not judged either. */
static UINT cli_hello_verify(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    uint16_t version;
    struct wire_rd cookie;
    NXD_ENSURE(wire_get_u16(&body, &version) && wire_get_vec(&body, 1, &cookie) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    struct dtls_hs *hs = c->hs;
    if (hs->hvr_count >= MAX_HELLO_VERIFY) {
        return DTLS_HS_IGNORE;
    }
    hs->hvr_count++;
    if (cookie.len != 0) {
        memcpy(hs->cookie, cookie.p, cookie.len);
    }
    hs->cookie_len = (uint8_t)cookie.len;
    return NX_SUCCESS;
}

/* RFC 5246 7.4.1.3 ServerHello. */
static UINT cli_server_hello(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    struct dtls_hs *hs = c->hs;
    const struct wire_rd whole = body;
    uint16_t version;
    const uint8_t *random;
    struct wire_rd session_id;
    uint16_t suite_id;
    uint8_t compression;
    struct wire_rd extensions = wire_rd_init(NULL, 0);
    NXD_ENSURE(wire_get_u16(&body, &version) && wire_get_bytes(&body, DTLS_RANDOM_LEN, &random) &&
                   wire_get_vec(&body, 1, &session_id) && session_id.len <= 32 &&
                   wire_get_u16(&body, &suite_id) && wire_get_u8(&body, &compression),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    if (!wire_done(&body)) {
        NXD_ENSURE(wire_get_vec(&body, 2, &extensions) && wire_done(&body),
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    /* DTLS 1.2 only (NETX_API.md 7.1). */
    NXD_ENSURE(version == DTLS_VERSION_1_2, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = offered_row(c, suite_id);
    NXD_ENSURE(suite != NULL, NX_SECURE_TLS_UNKNOWN_CIPHERSUITE);
    NXD_ENSURE(compression == 0, NX_SECURE_TLS_BAD_COMPRESSION_METHOD);
    NXD_TRY(dtls_ext_parse_server_hello(c, extensions));
#ifdef NX_SECURE_TLS_REQUIRE_RENEGOTIATION_EXT
    /* RFC 5746 4.1: a client may refuse servers that do not support secure renegotiation. */
    NXD_ENSURE((hs->ext_seen[0] & 1u) != 0, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
#endif
    memcpy(hs->server_random, random, DTLS_RANDOM_LEN);
    c->suite = suite;
    /* RFC 6347 4.2.6: the transcript starts with the ClientHello that got this answer (the cookie'd one, still
     * the first message of our kept flight); the first ClientHello and the HelloVerifyRequest are left out. */
    const struct dtls_flight_msg *hello = &c->flight.msg[0];
    NXD_ENSURE(c->flight.count == 1 && hello->msg_type == DTLS_HT_CLIENT_HELLO,
               NX_SECURE_TLS_INVALID_STATE);
    NXD_TRY(
        dtls_transcript_start(&hs->transcript, dtls_transcript_hash_for(c->cfg->crypto, suite)));
    NXD_TRY(dtls_transcript_add(&hs->transcript, DTLS_HT_CLIENT_HELLO, hello->msg_seq,
                                c->reasm_buf + hello->off, hello->len));
    return dtls_transcript_add(&hs->transcript, DTLS_HT_SERVER_HELLO, c->next_recv_seq, whole.p,
                               whole.len);
}

/* RFC 4279 2: ServerKeyExchange = psk_identity_hint<0..2^16-1>. */
static UINT cli_server_key_exchange(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_psk_is_suite(c->suite), NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    struct wire_rd hint;
    NXD_ENSURE(wire_get_vec(&body, 2, &hint) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_ENSURE(hint.len <= NX_SECURE_TLS_MAX_PSK_ID_SIZE, NX_SECURE_TLS_NO_MATCHING_PSK);
    size_t index;
    NXD_TRY(dtls_psk_client_select(c->cfg, hint.p, hint.len, &index));
    c->hs->psk_index = (uint8_t)index;
    return NX_SUCCESS;
}

/* RFC 5246 7.4.5: ServerHelloDone is empty. */
static UINT cli_server_hello_done(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)c;
    (void)now_ms;
    NXD_ENSURE(wire_done(&body), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}

/* send_key_exchange builds ClientKeyExchange (RFC 4279 2: psk_identity<0..2^16-1>), ChangeCipherSpec and
 * Finished; the keys are derived between the first two. */
static UINT send_key_exchange(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_hs *hs = c->hs;
    NXD_ENSURE(dtls_psk_is_suite(c->suite) && hs->psk_index < c->cfg->psk_count,
               NX_SECURE_TLS_NO_MATCHING_PSK);
    const NX_SECURE_TLS_PSK_STORE *entry = &c->cfg->psks[hs->psk_index];
    NXD_ENSURE(entry->nx_secure_tls_psk_id_size <= NX_SECURE_TLS_MAX_PSK_ID_SIZE,
               NX_SECURE_TLS_NO_MATCHING_PSK);
    struct wire_wr w;
    dtls_flight_begin(c);
    dtls_flight_open(c, &w);
    size_t id = wire_open_vec(&w, 2);
    wire_put_bytes(&w, entry->nx_secure_tls_psk_id, entry->nx_secure_tls_psk_id_size);
    wire_close_vec(&w, id, 2);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_CLIENT_KEY_EXCHANGE));

    uint8_t premaster[DTLS_PSK_PREMASTER_MAX];
    size_t premaster_len = 0;
    UINT status = dtls_psk_premaster(entry, premaster, sizeof premaster, &premaster_len);
    if (status == NX_SUCCESS) {
        status = dtls_hs_derive_keys(c, premaster, premaster_len);
    }
    ct_wipe(premaster, sizeof premaster);
    NXD_TRY(status);

    NXD_TRY(dtls_flight_add_ccs(c));
    uint8_t verify[DTLS_VERIFY_LEN];
    NXD_TRY(dtls_hs_verify_data(c, 1, verify));
    dtls_flight_open(c, &w);
    wire_put_bytes(&w, verify, sizeof verify);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_FINISHED));
    memcpy(c->client_verify, verify, sizeof verify);
    dtls_flight_end(c, now_ms, false);
    return NX_SUCCESS;
}

/* The server's ChangeCipherSpec: read its next epoch; its Finished must then carry this verify_data. */
static UINT cli_ccs(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    (void)body;
    NXD_TRY(dtls_hs_read_next_epoch(c));
    return dtls_hs_verify_data(c, 0, c->hs->expect_verify);
}

/* RFC 5246 7.4.9: Finished = verify_data[12], compared in constant time. */
static UINT cli_finished(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(body.len == DTLS_VERIFY_LEN &&
                   ct_equal(body.p, c->hs->expect_verify, DTLS_VERIFY_LEN),
               NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    memcpy(c->server_verify, body.p, DTLS_VERIFY_LEN);
    return NX_SUCCESS;
}

/* The server's flight is the last: nothing of ours needs keeping (RFC 6347 4.2.4, flight 6 is final). */
static UINT client_complete(struct dtls_conn *c, uint64_t now_ms)
{
    (void)now_ms;
    dtls_hs_complete(c);
    dtls_flight_discard(c);
    return NX_SUCCESS;
}

/* HelloRequest on an established association: renegotiation is refused with a warning (RFC 5746 4.2, RFC 5246
 * 7.2.2 no_renegotiation; NETX_API.md 10 C16), the session goes on. */
static UINT cli_refuse_renegotiation(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(wire_done(&body), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
    return NX_SUCCESS;
}

/* RFC 5246 7.3 / RFC 6347 4.2.4, client side, PSK key exchange. Certificate suites add rows for Certificate,
 * ServerKeyExchange (ECDHE), CertificateRequest between AFTER_HELLO and WAIT_CCS. */
/* clang-format off */
static const struct dtls_hs_row cli_rows[] = {
    {DTLS_CLI_WAIT_HELLO,     DTLS_HT_HELLO_VERIFY_REQUEST, DTLS_CLI_WAIT_HELLO,     DTLS_ROW_ENDS_FLIGHT,                 cli_hello_verify},
    {DTLS_CLI_WAIT_HELLO,     DTLS_HT_SERVER_HELLO,         DTLS_CLI_AFTER_HELLO,    0,                                    cli_server_hello},
    {DTLS_CLI_AFTER_HELLO,    DTLS_HT_SERVER_KEY_EXCHANGE,  DTLS_CLI_AFTER_SKE,      DTLS_ROW_HASH,                        cli_server_key_exchange},
    {DTLS_CLI_AFTER_HELLO,    DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_server_hello_done},
    {DTLS_CLI_AFTER_SKE,      DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_server_hello_done},
    {DTLS_CLI_WAIT_CCS,       DTLS_MSG_CCS,                 DTLS_CLI_WAIT_FINISHED,  0,                                    cli_ccs},
    {DTLS_CLI_WAIT_FINISHED,  DTLS_HT_FINISHED,             DTLS_CLI_DONE,           DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_finished},
    {DTLS_CLI_DONE,           DTLS_HT_HELLO_REQUEST,        DTLS_CLI_DONE,           0,                                    cli_refuse_renegotiation},
};

/* What the client sends when the server's flight ends in a state. */
static const struct dtls_hs_send cli_sends[] = {
    {DTLS_CLI_WAIT_HELLO, send_client_hello},
    {DTLS_CLI_WAIT_CCS,   send_key_exchange},
    {DTLS_CLI_DONE,       client_complete},
};
/* clang-format on */

const struct dtls_hs_table dtls_hs_client_table = {
    .rows = cli_rows,
    .row_count = NXD_ARRAY_LEN(cli_rows),
    .sends = cli_sends,
    .send_count = NXD_ARRAY_LEN(cli_sends),
};
