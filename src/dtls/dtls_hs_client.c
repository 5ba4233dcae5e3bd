/* SPDX-License-Identifier: MIT */
/* dtls_hs_client.c: the client handshake (RFC 5246 7.3, RFC 6347 4.2): PSK (RFC 4279), RSA key transport
 * (RFC 5246 7.4.7.1) and ECDHE with ECDSA or RSA signatures (RFC 8422), client certificates on request
 * (7.4.4, 7.4.6, 7.4.8), and secure renegotiation when the server asks (RFC 5746). */
#include "dtls/dtls_hs_client.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_alert.h"
#include "dtls/dtls_cert_select.h"
#include "dtls/dtls_cert_verify.h"
#include "dtls/dtls_cke.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_groups.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_hs.h"
#include "dtls/dtls_peer.h"
#include "dtls/dtls_psk.h"
#include "dtls/dtls_reneg.h"
#include "dtls/dtls_ske.h"
#include "dtls/dtls_suite.h"

/* A server answers each ClientHello with at most one HelloVerifyRequest; more than this many in one
 * retransmission period are ignored (a loop with a broken server ends by the retransmission limit). The budget
 * is refilled when our timer fires (nxdtls_conn_timeout), so forged ones cannot use it up for good. */
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
    hs->offered_cert = 0;
    hs->offered_ecc = 0;
    for (size_t i = 0; i < dtls_hs_pref_count(c); i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = dtls_hs_pref_at(c, i);
        if (row != NULL && client_offers_row(c, row)) {
            wire_put_u16(&w, row->nx_secure_tls_ciphersuite);
            offered++;
            unsigned kx = dtls_suite_kx(row);
            hs->offered_cert |= kx == DTLS_KX_RSA || kx == DTLS_KX_ECDHE;
            hs->offered_ecc |= kx == DTLS_KX_ECDHE;
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

/* prepare_hello fills the new handshake's hello state. */
static UINT prepare_hello(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    NXD_TRY(dtls_hs_hello_random(c, hs->client_random));
    hs->offered_ems = c->cfg->disable_extended_master_secret ? 0 : 1;
    hs->offered_sni = c->cfg->server_name != NULL && c->cfg->server_name_len != 0;
    return NX_SUCCESS;
}

UINT dtls_hs_client_start(struct dtls_conn *c, uint64_t now_ms)
{
    dtls_hs_begin(c);
    NXD_TRY(prepare_hello(c));
    NXD_TRY(send_client_hello(c, now_ms));
    c->state = DTLS_CLI_WAIT_HELLO;
    return NX_SUCCESS;
}

UINT dtls_hs_client_renegotiate(struct dtls_conn *c, uint64_t now_ms)
{
    NXD_TRY(dtls_reneg_begin(c, 0, 0));
    NXD_TRY(prepare_hello(c));
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
    /* DTLS 1.2 only (docs/netx-api.md 7.1). */
    NXD_ENSURE(version == DTLS_VERSION_1_2, NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = offered_row(c, suite_id);
    NXD_ENSURE(suite != NULL, NX_SECURE_TLS_UNKNOWN_CIPHERSUITE);
    NXD_ENSURE(compression == 0, NX_SECURE_TLS_BAD_COMPRESSION_METHOD);
    /* The extension rows look at the suite (ec_point_formats only comes back with an ECDHE suite). */
    c->suite = suite;
    NXD_TRY(dtls_ext_parse_server_hello(c, extensions));
#ifdef NX_SECURE_TLS_REQUIRE_RENEGOTIATION_EXT
    /* RFC 5746 4.1: a client may refuse servers that do not support secure renegotiation. */
    NXD_ENSURE(hs->peer_reneg, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
#endif
    /* RFC 5746 3.5: a renegotiation's ServerHello must carry the verify_data of both sides. */
    NXD_ENSURE(!hs->renegotiating || hs->peer_reneg, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    NXD_TRY(dtls_reneg_check_hello(c, suite));
    memcpy(hs->server_random, random, DTLS_RANDOM_LEN);
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

/* RFC 5246 7.4.2: the server's chain, for the certificate suites only. */
static UINT cli_certificate(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_suite_cert_key(c->suite) != 0, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    dtls_reneg_remember_leaf(c);
    return dtls_peer_certificate(c, body);
}

/* RFC 4279 2: ServerKeyExchange = psk_identity_hint<0..2^16-1>, straight after ServerHello. */
static UINT cli_psk_key_exchange(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_psk_is_suite(c->suite), NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    struct wire_rd hint;
    NXD_ENSURE(wire_get_vec(&body, 2, &hint) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* The hint is advisory (RFC 4279 2): how it picks the key is docs/netx-api.md 7.6. */
    return dtls_psk_client_hint(c, hint.p, hint.len);
}

/* RFC 8422 5.4: the ECDHE ServerKeyExchange, after the Certificate whose key signed it. */
static UINT cli_ecdhe_key_exchange(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_suite_kx(c->suite) == DTLS_KX_ECDHE, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    struct dtls_hs *hs = c->hs;
    struct dtls_ske ske;
    struct dtls_groups g;
    const NX_CRYPTO_METHOD *curve;
    NXD_TRY(dtls_ske_parse(body, &ske));
    dtls_groups_of(c->cfg, &g);
    NXD_TRY(dtls_ske_curve(&g, &ske, &curve));
    NXD_ENSURE(ske.point.len <= sizeof hs->peer_point, NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    const struct dtls_ske_areas areas = {hs->areas.scratch, hs->layout.hash, hs->areas.pub,
                                         hs->layout.pub};
    NXD_TRY(dtls_ske_verify(c->cfg, &ske, dtls_sigalg_offered(), dtls_peer_leaf(c),
                            hs->client_random, hs->server_random, &areas));
    memcpy(hs->peer_point, ske.point.p, ske.point.len);
    hs->peer_point_len = (uint8_t)ske.point.len;
    hs->group = ske.group;
    return NX_SUCCESS;
}

/* RFC 5246 7.4.4: a CertificateRequest; with RSA key transport it follows the Certificate, with ECDHE the
 * ServerKeyExchange (two rows, one handler each, so the order is the table's). */
static UINT read_cert_request(struct dtls_conn *c, struct wire_rd body)
{
    NXD_TRY(dtls_cert_request_parse(body, &c->hs->cert_req));
    c->hs->cert_requested = 1;
    return NX_SUCCESS;
}

static UINT cli_cert_request_rsa(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_suite_kx(c->suite) == DTLS_KX_RSA, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    return read_cert_request(c, body);
}

static UINT cli_cert_request_ecdhe(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_suite_kx(c->suite) == DTLS_KX_ECDHE, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    return read_cert_request(c, body);
}

/* RFC 5246 7.4.5: ServerHelloDone is empty. Which messages must have come before it depends on the suite:
 * one handler per row checks it. */
static UINT hello_done(struct wire_rd body)
{
    NXD_ENSURE(wire_done(&body), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}

/* After ServerHello: only PSK without a hint (RFC 4279 2). */
static UINT cli_done_after_hello(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_psk_is_suite(c->suite), NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    return hello_done(body);
}

/* After a Certificate: RSA key transport has no ServerKeyExchange. */
static UINT cli_done_after_cert(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(dtls_suite_kx(c->suite) == DTLS_KX_RSA, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    return hello_done(body);
}

/* After a ServerKeyExchange (PSK hint or ECDHE) or a CertificateRequest: whatever led here was the suite's. */
static UINT cli_done(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)c;
    (void)now_ms;
    return hello_done(body);
}

/* premaster_for runs our side of the key exchange, writes the ClientKeyExchange body into w and the premaster
 * into pm. */
static UINT premaster_for(struct dtls_conn *c, struct wire_wr *w, uint8_t *pm, size_t cap,
                          size_t *pm_len)
{
    struct dtls_hs *hs = c->hs;
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = c->suite;
    switch (dtls_suite_kx(suite)) {
    case DTLS_KX_PSK: {
        size_t start = w->len;
        NXD_TRY(dtls_psk_client_key_exchange(c, w, pm, cap, pm_len));
        /* The identity it wrote (psk_identity<0..2^16-1>): a renegotiation keeps it (dtls_reneg). */
        NXD_ENSURE(!w->overflow && w->len >= start + 2, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
        return dtls_reneg_check_psk(c, w->buf + start + 2, w->len - start - 2);
    }
    case DTLS_KX_RSA:
        NXD_ENSURE(cap >= DTLS_RSA_PREMASTER_LEN, NX_SECURE_TLS_INVALID_STATE);
        *pm_len = DTLS_RSA_PREMASTER_LEN;
        return dtls_cke_rsa_write(w, suite->nx_secure_tls_public_cipher, hs->areas.pub,
                                  hs->layout.pub, dtls_peer_leaf(c), DTLS_VERSION_1_2,
                                  c->cfg->random, c->cfg->random_ctx, pm);
    case DTLS_KX_ECDHE: {
        struct dtls_groups g;
        dtls_groups_of(c->cfg, &g);
        uint8_t point[DTLS_ECDHE_POINT_MAX];
        size_t point_len = 0;
        NXD_TRY(dtls_ecdhe_client(suite->nx_secure_tls_public_cipher,
                                  dtls_groups_curve(&g, hs->group), hs->areas.pub, hs->layout.pub,
                                  hs->peer_point, hs->peer_point_len, point, sizeof point,
                                  &point_len, pm, cap, pm_len));
        dtls_cke_ecdhe_write(w, point, point_len);
        return NX_SUCCESS;
    }
    default:
        return NX_SECURE_TLS_UNSUPPORTED_CIPHER;
    }
}

/* add_certificate answers a CertificateRequest (RFC 5246 7.4.6): our first identity the server accepts and can
 * verify with the transcript's hash (dtls_cert_verify.h), or an empty list. */
static UINT add_certificate(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    const NX_CRYPTO_METHOD *th = hs->transcript.hash;
    hs->local_cert =
        dtls_cert_select_client(c->cfg->certificates, &hs->cert_req,
                                th != NULL ? th->nx_crypto_algorithm : 0, &hs->local_alg);
    const NX_SECURE_X509_CERT *chain[DTLS_CERT_CHAIN_MAX];
    size_t n = dtls_cert_msg_chain(hs->local_cert, c->cfg->certificates, chain);
    struct wire_wr w;
    dtls_flight_open(c, &w);
    dtls_cert_msg_write(&w, chain, n);
    return dtls_flight_add_handshake(c, &w, DTLS_HT_CERTIFICATE);
}

/* add_cert_verify signs the transcript so far (RFC 5246 7.4.8: every message up to, not including, this one). */
static UINT add_cert_verify(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    uint8_t digest[DTLS_MAX_HASH + 16];
    size_t len = 0;
    struct wire_wr w;
    UINT status = dtls_transcript_digest(&hs->transcript, digest, sizeof digest, &len);
    if (status == NX_SUCCESS) {
        dtls_flight_open(c, &w);
        status = dtls_cert_verify_write(&w, c->cfg, hs->local_alg, hs->local_cert, digest, len,
                                        hs->areas.pub, hs->layout.pub);
    }
    if (status == NX_SUCCESS) {
        status = dtls_flight_add_handshake(c, &w, DTLS_HT_CERTIFICATE_VERIFY);
    }
    ct_wipe(digest, sizeof digest);
    return status;
}

/* send_key_exchange builds our flight: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec,
 * Finished. The keys come between ClientKeyExchange and CertificateVerify (RFC 7627 4: the session hash ends
 * with ClientKeyExchange). */
static UINT send_key_exchange(struct dtls_conn *c, uint64_t now_ms)
{
    struct dtls_hs *hs = c->hs;
    struct wire_wr w;
    dtls_flight_begin(c);
    if (hs->cert_requested) {
        NXD_TRY(add_certificate(c));
    }
    dtls_flight_open(c, &w);
    uint8_t premaster[DTLS_PSK_PREMASTER_MAX > DTLS_ECDHE_SECRET_MAX ? DTLS_PSK_PREMASTER_MAX
                                                                     : DTLS_ECDHE_SECRET_MAX];
    size_t premaster_len = 0;
    UINT status = premaster_for(c, &w, premaster, sizeof premaster, &premaster_len);
    if (status == NX_SUCCESS) {
        status = dtls_flight_add_handshake(c, &w, DTLS_HT_CLIENT_KEY_EXCHANGE);
    }
    if (status == NX_SUCCESS) {
        status = dtls_hs_derive_keys(c, premaster, premaster_len);
    }
    ct_wipe(premaster, sizeof premaster);
    NXD_TRY(status);
    if (hs->local_cert != NULL) {
        NXD_TRY(add_cert_verify(c));
    }
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

/* HelloRequest (RFC 5246 7.4.1.1) on an established association: a secure renegotiation when the association
 * negotiated RFC 5746 and renegotiation is allowed, else refused with a no_renegotiation warning and the
 * session goes on (RFC 5746 4.2). dtls_reneg began the handshake state when the message arrived. */
static UINT cli_hello_request(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    NXD_ENSURE(wire_done(&body), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    if (c->hs == NULL || !c->hs->renegotiating) {
        dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
        return DTLS_HS_IGNORE;
    }
    (void)now_ms;
    return prepare_hello(c);
}

/* RFC 5246 7.3 / RFC 6347 4.2.4, client side. Rows give the order any suite allows; the handlers check what
 * the negotiated suite requires (docs/style.md 2.5):
 *   PSK:   ServerHello [SKE(hint)] ServerHelloDone
 *   RSA:   ServerHello Certificate [CertificateRequest] ServerHelloDone
 *   ECDHE: ServerHello Certificate SKE [CertificateRequest] ServerHelloDone */
/* clang-format off */
static const struct dtls_hs_row cli_rows[] = {
    {DTLS_CLI_WAIT_HELLO,     DTLS_HT_HELLO_VERIFY_REQUEST, DTLS_CLI_WAIT_HELLO,     DTLS_ROW_ENDS_FLIGHT,                 cli_hello_verify},
    {DTLS_CLI_WAIT_HELLO,     DTLS_HT_SERVER_HELLO,         DTLS_CLI_AFTER_HELLO,    0,                                    cli_server_hello},
    {DTLS_CLI_AFTER_HELLO,    DTLS_HT_CERTIFICATE,          DTLS_CLI_AFTER_CERT,     DTLS_ROW_HASH,                        cli_certificate},
    {DTLS_CLI_AFTER_HELLO,    DTLS_HT_SERVER_KEY_EXCHANGE,  DTLS_CLI_AFTER_SKE,      DTLS_ROW_HASH,                        cli_psk_key_exchange},
    {DTLS_CLI_AFTER_HELLO,    DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_done_after_hello},
    {DTLS_CLI_AFTER_CERT,     DTLS_HT_SERVER_KEY_EXCHANGE,  DTLS_CLI_AFTER_SKE,      DTLS_ROW_HASH,                        cli_ecdhe_key_exchange},
    {DTLS_CLI_AFTER_CERT,     DTLS_HT_CERTIFICATE_REQUEST,  DTLS_CLI_AFTER_CERT_REQ, DTLS_ROW_HASH,                        cli_cert_request_rsa},
    {DTLS_CLI_AFTER_CERT,     DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_done_after_cert},
    {DTLS_CLI_AFTER_SKE,      DTLS_HT_CERTIFICATE_REQUEST,  DTLS_CLI_AFTER_CERT_REQ, DTLS_ROW_HASH,                        cli_cert_request_ecdhe},
    {DTLS_CLI_AFTER_SKE,      DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_done},
    {DTLS_CLI_AFTER_CERT_REQ, DTLS_HT_SERVER_HELLO_DONE,    DTLS_CLI_WAIT_CCS,       DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_done},
    {DTLS_CLI_WAIT_CCS,       DTLS_MSG_CCS,                 DTLS_CLI_WAIT_FINISHED,  0,                                    cli_ccs},
    {DTLS_CLI_WAIT_FINISHED,  DTLS_HT_FINISHED,             DTLS_CLI_DONE,           DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, cli_finished},
    {DTLS_CLI_DONE,           DTLS_HT_HELLO_REQUEST,        DTLS_CLI_WAIT_HELLO,     DTLS_ROW_ENDS_FLIGHT,                 cli_hello_request},
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
