/* SPDX-License-Identifier: MIT */
/* conn_policy_test.c: what a renegotiation may not change, how often a peer may start one, and the idle
 * timeout of established connections (docs/security.md):
 *   - a renegotiation may not drop extended_master_secret (RFC 7627 5.3), change the PSK identity, or present
 *     another peer certificate unless the certificate callback accepts it (nxdtls_conn_peer_changed);
 *   - a peer starts at most one renegotiation per renegotiation_interval_ms (default 10 s); the excess is
 *     answered with a no_renegotiation warning and the association goes on;
 *   - idle_timeout_ms: an established connection that hears nothing authenticated for that long sends
 *     close_notify and fails with NX_NO_PACKET; 0 keeps it forever. */
#include "cert_loop.h"
#include "crypto/crypto_call.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_frag.h"
#include "test.h"

static uint16_t epoch_of(struct loop_peer *p)
{
    return dtls_conn_of(&p->conn)->rd_epoch;
}

/* ---- Extended master secret ---- */

/* The client's renegotiating hello leaves it out: the server refuses (handshake_failure). */
static void ems_kept_server(void)
{
    static struct loop l;
    loop_setup(&l, 700);
    EXPECT_OK(loop_handshake(&l));
    EXPECT(dtls_conn_of(&l.client.conn)->session_ems && dtls_conn_of(&l.server.conn)->session_ems);
    l.client.cfg.disable_extended_master_secret = 1;
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_settle(&l);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(epoch_of(&l.server) == 1);
    loop_free(&l);
}

/* A server's renegotiation ServerHello without it (sealed in the association's epoch, with the right
 * renegotiation_info): the client refuses. */
static void ems_kept_client(void)
{
    static struct loop l;
    loop_setup(&l, 701);
    EXPECT_OK(loop_handshake(&l));
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    uint8_t hello[LOOP_DGRAM_MAX];
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_output(&l.client.conn, l.now, hello, sizeof hello, &n)); /* not delivered */
    struct dtls_conn *client = dtls_conn_of(&l.client.conn);
    struct dtls_conn *server = dtls_conn_of(&l.server.conn);
    uint8_t plain[256];
    struct wire_wr b = wire_wr_init(plain + 12, sizeof plain - 12);
    wire_put_u16(&b, 0xFEFD);
    for (int i = 0; i < 32; i++) {
        wire_put_u8(&b, (uint8_t)i);
    }
    wire_put_u8(&b, 0);
    wire_put_u16(&b, client->suite->nx_secure_tls_ciphersuite);
    wire_put_u8(&b, 0);
    wire_put_u16(&b, 4 + 1 + 24); /* extensions: renegotiation_info only (RFC 5746 3.5), no EMS */
    wire_put_u16(&b, 0xFF01);
    wire_put_u16(&b, 1 + 24);
    wire_put_u8(&b, 24);
    wire_put_bytes(&b, client->client_verify, 12);
    wire_put_bytes(&b, client->server_verify, 12);
    dtls_frag_header(plain, DTLS_HT_SERVER_HELLO, (uint32_t)b.len, 0, 0, (uint32_t)b.len);
    uint8_t d[LOOP_DGRAM_MAX];
    struct wire_wr w = wire_wr_init(d, sizeof d);
    EXPECT_OK(dtls_conn_seal(server, server->wr_epoch, DTLS_CT_HANDSHAKE, plain, 12 + b.len, &w));
    loop_deliver(&l, &l.client, d, w.len);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_HANDSHAKE_FAILURE);
    loop_free(&l);
}

/* ---- PSK identity ---- */

static void psk_identity_kept(void)
{
    static struct loop l;
    loop_setup(&l, 710);
    loop_psk_set(&l.server.psk[0], "key-of-identity-A", "id-A", "");
    loop_psk_set(&l.server.psk[1], "key-of-identity-B", "id-B", "");
    l.server.cfg.psk_count = 2;
    loop_psk_set(&l.client.psk[0], "key-of-identity-A", "id-A", "");
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    /* The same identity again: fine. */
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_settle(&l);
    EXPECT(epoch_of(&l.server) == 2 && nxdtls_conn_error(&l.server.conn) == NX_SUCCESS);
    /* The client now has identity B (a key the server also knows): it refuses to switch itself. */
    loop_psk_set(&l.client.psk[0], "key-of-identity-B", "id-B", "");
    l.now += NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS;
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_settle(&l);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(epoch_of(&l.server) == 2);
    loop_free(&l);

    /* A client that would switch (its record of the session's identity made to say B): the server refuses. */
    loop_setup(&l, 711);
    loop_psk_set(&l.server.psk[0], "key-of-identity-A", "id-A", "");
    loop_psk_set(&l.server.psk[1], "key-of-identity-B", "id-B", "");
    l.server.cfg.psk_count = 2;
    loop_psk_set(&l.client.psk[0], "key-of-identity-A", "id-A", "");
    EXPECT_OK(loop_handshake(&l));
    loop_psk_set(&l.client.psk[0], "key-of-identity-B", "id-B", "");
    size_t got = 0;
    static uint8_t area[1024];
    EXPECT_OK(crypto_digest(crypto_digest_method_for(NX_CRYPTO_HASH_SHA256), area, sizeof area,
                            (const uint8_t *)"id-B", 4,
                            dtls_conn_of(&l.client.conn)->session_psk_identity, 32, &got));
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_settle(&l);
    EXPECT_CODE(nxdtls_conn_error(&l.server.conn), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT(epoch_of(&l.server) == 1);
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    loop_free(&l);
}

/* ---- Peer certificate ---- */

struct verdicts {
    unsigned calls;
    unsigned changed; /* calls that saw nxdtls_conn_peer_changed */
    ULONG answer_if_changed;
};

static ULONG judge(void *ctx, struct nxdtls_conn *conn, NX_SECURE_X509_CERT *leaf)
{
    struct verdicts *v = ctx;
    (void)leaf;
    v->calls++;
    if (nxdtls_conn_peer_changed(conn)) {
        v->changed++;
        return v->answer_if_changed;
    }
    return NX_SUCCESS;
}

/* The server's identity changes from its EC leaf to its RSA leaf between the handshake and a renegotiation. */
static void server_certificate_changes(int with_callback, ULONG answer)
{
    static struct cert_loop cl;
    static struct verdicts v;
    memset(&v, 0, sizeof v);
    v.answer_if_changed = answer;
    EXPECT_OK(cert_loop_setup(&cl, 720 + (uint64_t)with_callback, ID_EC, ID_NONE));
    if (with_callback) {
        cl.l.client.cfg.certificate_callback = judge;
        cl.l.client.cfg.certificate_callback_ctx = &v;
    }
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn));
    EXPECT(v.calls == (unsigned)with_callback && v.changed == 0);
    /* The same certificate again: no change, no question. */
    EXPECT_OK(nxdtls_conn_renegotiate(&cl.l.client.conn, cl.l.now));
    loop_settle(&cl.l);
    EXPECT(epoch_of(&cl.l.client) == 2 && nxdtls_conn_error(&cl.l.client.conn) == NX_SUCCESS);
    EXPECT(v.changed == 0);
    /* Now the RSA one. */
    EXPECT_OK(cert_side_load(&cl.server, ID_RSA));
    cl.l.now += NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS;
    EXPECT_OK(nxdtls_conn_renegotiate(&cl.l.client.conn, cl.l.now));
    loop_settle(&cl.l);
    if (with_callback && answer == NX_SUCCESS) {
        EXPECT(v.changed == 1);
        EXPECT(epoch_of(&cl.l.client) == 3 && nxdtls_conn_error(&cl.l.client.conn) == NX_SUCCESS);
        NX_SECURE_X509_CERT *leaf = nxdtls_conn_peer_certificate(&cl.l.client.conn, 0);
        EXPECT(leaf != NULL && leaf->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA);
    } else {
        EXPECT(v.changed == (unsigned)with_callback);
        EXPECT_CODE(nxdtls_conn_error(&cl.l.client.conn),
                    with_callback ? answer : NX_SECURE_TLS_INVALID_SERVER_CERT);
        EXPECT(epoch_of(&cl.l.client) == 2);
        EXPECT_CODE(nxdtls_conn_error(&cl.l.server.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    }
    EXPECT(!nxdtls_conn_peer_changed(&cl.l.client.conn)); /* only while a renegotiation asks */
    loop_free(&cl.l);
}

/* A client's certificate changes (EC to RSA) before a renegotiation the server verifies it in: refused
 * without a certificate callback on the server. */
static void client_certificate_changes(void)
{
    static struct cert_loop cl;
    EXPECT_OK(cert_loop_setup(&cl, 725, ID_EC, ID_EC));
    cl.l.server.cfg.verify_client = 1;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.server.conn));
    EXPECT_OK(cert_side_load(&cl.client, ID_RSA));
    EXPECT_OK(nxdtls_conn_renegotiate(&cl.l.server.conn, cl.l.now));
    loop_settle(&cl.l);
    EXPECT_CODE(nxdtls_conn_error(&cl.l.server.conn), NX_SECURE_TLS_INVALID_CERTIFICATE);
    EXPECT_CODE(nxdtls_conn_error(&cl.l.client.conn), NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(epoch_of(&cl.l.server) == 1);
    loop_free(&cl.l);
}

/* ---- How often the peer may renegotiate ---- */

/* burst: the client asks for `count` renegotiations back to back at one instant; returns how many the server
 * ran. */
static unsigned burst(struct loop *l, unsigned count)
{
    unsigned done = 0;
    for (unsigned i = 0; i < count; i++) {
        l->server.events = 0;
        UINT s = nxdtls_conn_renegotiate(&l->client.conn, l->now);
        EXPECT(s == NX_SUCCESS);
        loop_pump(l);
        done += (l->server.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0;
        /* A refused request leaves both established, the client told by a no_renegotiation warning. */
        EXPECT(nxdtls_conn_is_established(&l->client.conn) &&
               dtls_conn_of(&l->client.conn)->hs == NULL);
        EXPECT_OK(l->client.status);
        EXPECT_OK(l->server.status);
    }
    return done;
}

static void renegotiation_rate(void)
{
    static struct loop l;
    loop_setup(&l, 730);
    EXPECT_OK(loop_handshake(&l));
    unsigned done = burst(&l, 200);
    printf("peer-started renegotiations: %u of 200 back to back accepted\n", done);
    EXPECT(done == 1);
    UINT level = 0, description = 0;
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 1 && description == 100); /* warning no_renegotiation */
    /* Data still flows. */
    EXPECT_OK(loop_send(&l, &l.client, "still", 5));
    EXPECT(l.server.app_len == 5);
    /* 10 s later, one more. */
    l.now += NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS - 1;
    EXPECT(burst(&l, 1) == 0);
    l.now += 1;
    EXPECT(burst(&l, 3) == 1);
    loop_free(&l);

    /* Configured: one per second; and the server's own requests are not limited by it. */
    loop_setup(&l, 731);
    l.server.cfg.renegotiation_interval_ms = 1000;
    EXPECT_OK(loop_handshake(&l));
    EXPECT(burst(&l, 5) == 1);
    l.now += 1000;
    EXPECT(burst(&l, 5) == 1);
    for (int i = 0; i < 3; i++) {
        l.server.events = 0;
        EXPECT_OK(nxdtls_conn_renegotiate(&l.server.conn, l.now));
        loop_pump(&l);
        EXPECT((l.server.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0);
        l.now += NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS; /* the client limits HelloRequests too */
    }
    loop_free(&l);
}

/* ---- Idle timeout ---- */

static void idle_timeout(void)
{
    static struct loop l;
    loop_setup(&l, 740);
    l.server.cfg.idle_timeout_ms = 5000;
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.server.conn));
    uint64_t start = l.now;
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == start + 5000);
    EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == UINT64_MAX); /* off by default */
    /* Data at +3 s moves the deadline. */
    l.now = start + 3000;
    EXPECT_OK(loop_send(&l, &l.client, "hi", 2));
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == start + 8000);
    EXPECT_OK(nxdtls_conn_timeout(&l.server.conn, start + 7999));
    EXPECT(nxdtls_conn_is_established(&l.server.conn) &&
           nxdtls_conn_error(&l.server.conn) == NX_SUCCESS);
    /* Records that do not authenticate do not count. */
    uint8_t forged[] = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 24, 1, 2, 3, 4, 5, 6,
                        7,  8,    9,    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    l.now = start + 7000;
    loop_deliver(&l, &l.server, forged, sizeof forged);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == start + 8000);
    /* Then silence: close_notify to the peer, NX_NO_PACKET. */
    l.now = start + 8000;
    EXPECT_CODE(nxdtls_conn_timeout(&l.server.conn, l.now), NX_NO_PACKET);
    EXPECT((nxdtls_conn_events(&l.server.conn) & NXDTLS_EVENT_FAILED) != 0);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    loop_transfer(&l, &l.server, &l.client);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    loop_free(&l);
}

int main(void)
{
    ems_kept_server();
    ems_kept_client();
    psk_identity_kept();
    server_certificate_changes(0, NX_SUCCESS);
    server_certificate_changes(1, NX_SUCCESS);
    server_certificate_changes(1, NX_SECURE_TLS_INVALID_SERVER_CERT);
    client_certificate_changes();
    renegotiation_rate();
    idle_timeout();
    return test_finish("dtls/conn_policy");
}
