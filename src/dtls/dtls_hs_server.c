/* SPDX-License-Identifier: MIT */
/* dtls_hs_server.c: the server handshake of one association (RFC 5246 7.3, RFC 6347 4.2): PSK (RFC 4279), RSA
 * key transport (RFC 5246 7.4.7.1), ECDHE signed with ECDSA or RSA (RFC 8422), client certificates when the
 * configuration asks (7.4.4, 7.4.6, 7.4.8), and renegotiation (RFC 5746). The stateless cookie exchange happens
 * before, in dtls_server's route: this connection starts with the ClientHello that carries a valid cookie (or
 * any ClientHello when cookies are disabled). */
#include "dtls/dtls_hs_server.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_alert.h"
#include "dtls/dtls_cert_select.h"
#include "dtls/dtls_cert_verify.h"
#include "dtls/dtls_cke.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_ext_supported_groups.h"
#include "dtls/dtls_flight.h"
#include "dtls/dtls_groups.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_peer.h"
#include "dtls/dtls_psk.h"
#include "dtls/dtls_reneg.h"
#include "dtls/dtls_ske.h"
#include "dtls/dtls_suite.h"

/* Bits of struct dtls_hs ext_seen, as the extension rows number them (dtls_ext_*.c). */
#define EXT_BIT_SUPPORTED_GROUPS 3

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

/* fits_client decides whether a certificate suite can be completed with this client, and if so records how:
 * the ECDHE group (RFC 8422 5.1.1: one the client listed, or ours when it listed none), our certificate (its
 * key type, a curve the client takes, a scheme it accepts, its SNI name) and the scheme signing
 * ServerKeyExchange. PSK rows always fit (dtls_hs_suite_usable checked the PSK). */
static bool fits_client(struct dtls_conn *c, const NX_SECURE_TLS_CIPHERSUITE_INFO *row)
{
    struct dtls_hs *hs = c->hs;
    unsigned kx = dtls_suite_kx(row);
    if (kx == DTLS_KX_PSK) {
        hs->local_cert = NULL;
        return true;
    }
    bool listed_groups = (hs->ext_seen[0] & (1u << EXT_BIT_SUPPORTED_GROUPS)) != 0;
    struct dtls_groups g;
    dtls_groups_of(c->cfg, &g);
    if (kx == DTLS_KX_ECDHE &&
        !dtls_ext_supported_groups_pick(&g, listed_groups ? hs->peer_groups : dtls_groups_mask(&g),
                                        &hs->group)) {
        return false;
    }
    UINT key = dtls_suite_cert_key(row);
    uint16_t sig_mask = kx == DTLS_KX_ECDHE ? hs->peer_sigalgs : 0;
    uint32_t ec_mask = key == NX_SECURE_TLS_X509_TYPE_EC && listed_groups ? hs->peer_groups : 0;
    if (key == NX_SECURE_TLS_X509_TYPE_EC && listed_groups && ec_mask == 0) {
        return false; /* the client knows none of the curves an ECDSA key of ours could be on */
    }
    const NX_SECURE_X509_CERT *cert =
        dtls_cert_select_server(c->cfg->certificates, key, ec_mask, sig_mask, hs->sni, hs->sni_len);
    if (cert == NULL) {
        return false;
    }
    hs->local_cert = cert;
    hs->local_alg = kx == DTLS_KX_ECDHE ? dtls_sigalg_choose(cert, hs->peer_sigalgs, 0) : NULL;
    return true;
}

/* RFC 5246 7.4.1.2 / RFC 6347 4.2.1 ClientHello: a new association's first, or a renegotiation's. */
static UINT srv_client_hello(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    struct dtls_hs *hs = c->hs;
    if (hs == NULL) {
        /* On an established association no renegotiation was begun (dtls_reneg): refused, the session goes on. */
        dtls_conn_queue_alert(c, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
        return DTLS_HS_IGNORE;
    }
    struct dtls_client_hello ch;
    NXD_TRY(dtls_client_hello_parse(body, &ch));
    bool reneg = hs->renegotiating != 0;
    /* dtls_server's route answered a cookieless hello statelessly; only the cookie'd one starts us (the route
     * checked the cookie before giving us the datagram). A renegotiation is authenticated by the epoch. */
    if (!reneg && !c->cfg->disable_cookies && ch.cookie.len == 0) {
        return DTLS_HS_IGNORE;
    }
    /* DTLS versions count down: 0xFEFD (1.2) or a lower (newer) value offers 1.2. */
    NXD_ENSURE((ch.client_version >> 8) == 0xFEu && ch.client_version <= DTLS_VERSION_1_2,
               NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION);
    NXD_ENSURE(list_has_u8(ch.compression, 0), NX_SECURE_TLS_BAD_COMPRESSION_METHOD);
    if (list_has(ch.cipher_suites, TLS_EMPTY_RENEGOTIATION_INFO_SCSV)) {
        /* RFC 5746 3.6: the SCSV counts as an empty renegotiation_info; 3.7: never in a renegotiation. */
        NXD_ENSURE(!reneg, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
        hs->peer_reneg = 1;
    }
    hs->sni = NULL;
    hs->sni_len = 0;
    UINT status = dtls_ext_parse_client_hello(c, &ch);
    /* RFC 5746 3.7: a renegotiating client must send renegotiation_info with its verify_data. */
    if (status == NX_SUCCESS && reneg && !hs->peer_reneg) {
        status = NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR;
    }
    if (!hs->peer_sigalgs_sent) {
        hs->peer_sigalgs = dtls_sigalg_legacy(); /* RFC 5246 7.4.1.4.1 */
    }
    hs->client_version = ch.client_version;
    /* Server preference decides (docs/netx-api.md 6.2: row order, or the configured list). */
    const NX_SECURE_TLS_CIPHERSUITE_INFO *pick = NULL;
    for (size_t i = 0; status == NX_SUCCESS && i < dtls_hs_pref_count(c) && pick == NULL; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row = dtls_hs_pref_at(c, i);
        if (row != NULL && dtls_hs_suite_usable(c, row) &&
            list_has(ch.cipher_suites, row->nx_secure_tls_ciphersuite) && fits_client(c, row)) {
            pick = row;
        }
    }
    /* The host name pointed into this message. */
    hs->sni = NULL;
    hs->sni_len = 0;
    NXD_TRY(status);
    NXD_ENSURE(pick != NULL, NX_SECURE_TLS_NO_SUPPORTED_CIPHERS);
    NXD_TRY(dtls_reneg_check_hello(c, pick));
    c->suite = pick;
    memcpy(hs->client_random, ch.random, DTLS_RANDOM_LEN);
    NXD_TRY(dtls_hs_hello_random(c, hs->server_random));
    if (!reneg) {
        /* RFC 6347 4.2.1/4.2.2 and the dtls_server contract: our message_seq and record sequence continue from
         * the cookie exchange the route did statelessly, i.e. from this ClientHello's. */
        c->next_send_seq = c->next_recv_seq;
        c->wr[0].seq = c->in_rec_seq;
    }
    NXD_TRY(dtls_transcript_start(&hs->transcript, dtls_transcript_hash_for(c->cfg->crypto, pick)));
    return dtls_transcript_add(&hs->transcript, DTLS_HT_CLIENT_HELLO, c->next_recv_seq, body.p,
                               body.len);
}

/* transcript_hash_alg is the NX_CRYPTO_HASH_* of the running transcript (what CertificateVerify signs). */
static UINT transcript_hash_alg(const struct dtls_hs *hs)
{
    return hs->transcript.hash != NULL ? hs->transcript.hash->nx_crypto_algorithm : 0;
}

/* add_server_key_exchange makes our ECDHE key pair and signs its parameters (RFC 8422 5.4). The key pair stays
 * in the ECDHE area until ClientKeyExchange; the public area signs in between (dtls_ecdhe.h). */
static UINT add_server_key_exchange(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    struct dtls_groups g;
    dtls_groups_of(c->cfg, &g);
    NXD_ENSURE(hs->local_alg != NULL, NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    uint8_t point[DTLS_ECDHE_POINT_MAX];
    size_t point_len = 0;
    const NX_CRYPTO_METHOD *ecdhe = c->suite->nx_secure_tls_public_cipher;
    if (hs->kx != NULL) {
        dtls_ecdhe_release(hs->kx, hs->areas.kx, hs->layout.kx);
        hs->kx = NULL;
    }
    NXD_TRY(dtls_ecdhe_keygen(ecdhe, dtls_groups_curve(&g, hs->group), hs->areas.kx, hs->layout.kx,
                              point, sizeof point, &point_len));
    hs->kx = ecdhe;
    struct wire_wr w;
    dtls_flight_open(c, &w);
    dtls_ske_write_params(&w, hs->group, point, point_len);
    const struct dtls_ske_areas areas = {hs->areas.scratch, hs->layout.hash, hs->areas.pub,
                                         hs->layout.pub};
    NXD_ENSURE(!w.overflow, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    NXD_TRY(dtls_ske_sign(c->cfg, hs->local_alg, hs->local_cert, hs->client_random,
                          hs->server_random, w.buf, w.len, &areas, &w));
    return dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_KEY_EXCHANGE);
}

/* add_certificate_flight adds Certificate, ServerKeyExchange (ECDHE) and CertificateRequest (verify_client). */
static UINT add_certificate_flight(struct dtls_conn *c)
{
    struct dtls_hs *hs = c->hs;
    struct wire_wr w;
    const NX_SECURE_X509_CERT *chain[DTLS_CERT_CHAIN_MAX];
    size_t n = dtls_cert_msg_chain(hs->local_cert, c->cfg->certificates, chain);
    dtls_flight_open(c, &w);
    dtls_cert_msg_write(&w, chain, n);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_CERTIFICATE));
    if (dtls_suite_kx(c->suite) == DTLS_KX_ECDHE) {
        NXD_TRY(add_server_key_exchange(c));
    }
    if (c->cfg->verify_client) {
        /* The schemes a CertificateVerify can use are those of the transcript's hash (dtls_cert_verify.h).
         * No authority names: the client may send whichever certificate it has. */
        hs->cert_req.sigalgs =
            dtls_cert_verify_mask(dtls_sigalg_offered(), transcript_hash_alg(hs));
        hs->cert_req.types = DTLS_CERT_REQ_RSA | DTLS_CERT_REQ_ECDSA;
        dtls_flight_open(c, &w);
        NXD_TRY(dtls_cert_request_write(&w, hs->cert_req.sigalgs, NULL));
        NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_CERTIFICATE_REQUEST));
        hs->cert_requested = 1;
    }
    return NX_SUCCESS;
}

/* send_server_hello builds ServerHello, then Certificate, ServerKeyExchange and CertificateRequest for the
 * certificate suites, or ServerKeyExchange with a non-empty hint for PSK (RFC 4279 2 omits it otherwise;
 * docs/netx-api.md 7.6: the hint of entry 0), and ServerHelloDone. */
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
        size_t hint_len;
        const uint8_t *hint_bytes = dtls_psk_server_hint(c->cfg, &hint_len);
        /* RFC 4279 2: no ServerKeyExchange when there is no hint. */
        if (hint_len != 0 && hint_len <= NXDTLS_PSK_ID_SIZE_MAX) {
            dtls_flight_open(c, &w);
            size_t hint = wire_open_vec(&w, 2);
            wire_put_bytes(&w, hint_bytes, hint_len);
            wire_close_vec(&w, hint, 2);
            NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_KEY_EXCHANGE));
        }
    } else {
        NXD_TRY(add_certificate_flight(c));
    }
    dtls_flight_open(c, &w);
    NXD_TRY(dtls_flight_add_handshake(c, &w, DTLS_HT_SERVER_HELLO_DONE));
    dtls_flight_end(c, now_ms, false);
    return NX_SUCCESS;
}

/* rsa_premaster decrypts the RSA premaster (RFC 5246 7.4.7.1). The random premaster is drawn before the
 * ciphertext is looked at, and dtls_cke_rsa_decrypt picks between them without telling which. */
static UINT rsa_premaster(struct dtls_conn *c, struct wire_rd body,
                          uint8_t pm[DTLS_RSA_PREMASTER_LEN])
{
    struct dtls_hs *hs = c->hs;
    uint8_t fallback[DTLS_RSA_PREMASTER_LEN];
    struct wire_rd ct;
    UINT status = dtls_hs_random(c, fallback, sizeof fallback);
    if (status == NX_SUCCESS) {
        status = dtls_cke_rsa_parse(body, &ct);
    }
    if (status == NX_SUCCESS) {
        status = dtls_cke_rsa_decrypt(c->suite->nx_secure_tls_public_cipher, hs->areas.pub,
                                      hs->layout.pub, hs->local_cert, hs->client_version, ct,
                                      fallback, pm);
    }
    ct_wipe(fallback, sizeof fallback);
    return status;
}

/* ecdhe_premaster computes the shared secret with the client's point (RFC 8422 5.7, 5.10). */
static UINT ecdhe_premaster(struct dtls_conn *c, struct wire_rd body, uint8_t *pm, size_t cap,
                            size_t *pm_len)
{
    struct dtls_hs *hs = c->hs;
    struct wire_rd point;
    NXD_TRY(dtls_cke_ecdhe_parse(body, &point));
    /* Our ServerKeyExchange made the key pair; without it there is nothing to agree with. */
    NXD_ENSURE(hs->kx != NULL, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    const NX_CRYPTO_METHOD *ecdhe = hs->kx;
    hs->kx = NULL; /* dtls_ecdhe_server releases the area */
    return dtls_ecdhe_server(ecdhe, hs->areas.kx, hs->layout.kx, point.p, point.len, pm, cap,
                             pm_len);
}

/* key_exchange reads ClientKeyExchange for the suite's key exchange, adds it to the transcript (RFC 7627 4: the
 * session hash ends with it) and derives the keys. */
static UINT key_exchange(struct dtls_conn *c, struct wire_rd body)
{
    const struct wire_rd whole = body;
    uint8_t premaster[DTLS_PSK_PREMASTER_MAX > DTLS_ECDHE_SECRET_MAX ? DTLS_PSK_PREMASTER_MAX
                                                                     : DTLS_ECDHE_SECRET_MAX];
    size_t premaster_len = 0;
    UINT status;
    switch (dtls_suite_kx(c->suite)) {
    case DTLS_KX_PSK: {
        /* RFC 4279 2: ClientKeyExchange = psk_identity<0..2^16-1>; the identity picks the key (docs/netx-api.md 7.6). */
        struct wire_rd identity;
        status = wire_get_vec(&body, 2, &identity) && wire_done(&body)
                     ? NX_SUCCESS
                     : NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH;
        if (status == NX_SUCCESS) {
            status = dtls_reneg_check_psk(c, identity.p, identity.len);
        }
        if (status == NX_SUCCESS) {
            status = dtls_psk_server_premaster(c, identity.p, identity.len, premaster,
                                               sizeof premaster, &premaster_len);
        }
        break;
    }
    case DTLS_KX_RSA:
        premaster_len = DTLS_RSA_PREMASTER_LEN;
        status = rsa_premaster(c, body, premaster);
        break;
    case DTLS_KX_ECDHE:
        status = ecdhe_premaster(c, body, premaster, sizeof premaster, &premaster_len);
        break;
    default:
        status = NX_SECURE_TLS_UNSUPPORTED_CIPHER;
        break;
    }
    if (status == NX_SUCCESS) {
        status = dtls_transcript_add(&c->hs->transcript, DTLS_HT_CLIENT_KEY_EXCHANGE,
                                     c->next_recv_seq, whole.p, whole.len);
    }
    if (status == NX_SUCCESS) {
        status = dtls_hs_derive_keys(c, premaster, premaster_len);
    }
    ct_wipe(premaster, sizeof premaster);
    return status;
}

/* ClientKeyExchange when we asked for no certificate. A client that skips the Certificate we asked for
 * (RFC 5246 7.4.6 says it must send one, empty if need be) has none to show. */
static UINT srv_client_key_exchange(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(!c->hs->cert_requested, NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED);
    return key_exchange(c, body);
}

/* RFC 5246 7.4.6: the client's chain, when we asked (verify_client requires one that verifies: an empty list
 * is NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED). */
static UINT srv_certificate(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    NXD_ENSURE(c->hs->cert_requested, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    dtls_reneg_remember_leaf(c);
    return dtls_peer_certificate(c, body);
}

static UINT srv_cke_after_cert(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    return key_exchange(c, body);
}

/* RFC 5246 7.4.8: CertificateVerify signs the messages before it, so the digest is taken before it joins the
 * transcript (the row does not hash it). */
static UINT srv_cert_verify(struct dtls_conn *c, uint64_t now_ms, struct wire_rd body)
{
    (void)now_ms;
    struct dtls_hs *hs = c->hs;
    uint8_t digest[DTLS_MAX_HASH + 16];
    size_t len = 0;
    UINT status = dtls_transcript_digest(&hs->transcript, digest, sizeof digest, &len);
    if (status == NX_SUCCESS) {
        status =
            dtls_cert_verify_check(body, c->cfg, hs->cert_req.sigalgs, transcript_hash_alg(hs),
                                   dtls_peer_leaf(c), digest, len, hs->areas.pub, hs->layout.pub);
    }
    if (status == NX_SUCCESS) {
        status = dtls_transcript_add(&hs->transcript, DTLS_HT_CERTIFICATE_VERIFY, c->next_recv_seq,
                                     body.p, body.len);
    }
    ct_wipe(digest, sizeof digest);
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

/* RFC 5246 7.3 / RFC 6347 4.2.4, server side. With a CertificateRequest the client answers Certificate,
 * ClientKeyExchange, CertificateVerify; otherwise ClientKeyExchange alone. A ClientHello on an established
 * association is a renegotiation (dtls_reneg began its handshake state, or it is refused). */
/* clang-format off */
static const struct dtls_hs_row srv_rows[] = {
    {DTLS_SRV_WAIT_HELLO,    DTLS_HT_CLIENT_HELLO,        DTLS_SRV_WAIT_CKE,      DTLS_ROW_ENDS_FLIGHT,                 srv_client_hello},
    {DTLS_SRV_WAIT_CKE,      DTLS_HT_CLIENT_KEY_EXCHANGE, DTLS_SRV_WAIT_CCS,      0,                                    srv_client_key_exchange},
    {DTLS_SRV_WAIT_CKE,      DTLS_HT_CERTIFICATE,         DTLS_SRV_AFTER_CERT,    DTLS_ROW_HASH,                        srv_certificate},
    {DTLS_SRV_AFTER_CERT,    DTLS_HT_CLIENT_KEY_EXCHANGE, DTLS_SRV_AFTER_CKE,     0,                                    srv_cke_after_cert},
    {DTLS_SRV_AFTER_CKE,     DTLS_HT_CERTIFICATE_VERIFY,  DTLS_SRV_WAIT_CCS,      0,                                    srv_cert_verify},
    {DTLS_SRV_WAIT_CCS,      DTLS_MSG_CCS,                DTLS_SRV_WAIT_FINISHED, 0,                                    srv_ccs},
    {DTLS_SRV_WAIT_FINISHED, DTLS_HT_FINISHED,            DTLS_SRV_DONE,          DTLS_ROW_HASH | DTLS_ROW_ENDS_FLIGHT, srv_finished},
    {DTLS_SRV_DONE,          DTLS_HT_CLIENT_HELLO,        DTLS_SRV_WAIT_CKE,      DTLS_ROW_ENDS_FLIGHT,                 srv_client_hello},
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
