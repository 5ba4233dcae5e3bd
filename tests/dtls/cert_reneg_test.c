/* SPDX-License-Identifier: MIT */
/* cert_reneg_test: secure renegotiation (RFC 5746) between two engines in memory: started by the client
 * (ClientHello) and by the server (HelloRequest), repeated, with PSK and with certificate suites and client
 * certificates; application data across the epoch change, the previous epoch readable until the new handshake
 * completes and not after; refusals (disabled, insecure association) keep the session; a forged verify_data
 * fails with 0x133. */
#include "cert_loop.h"
#include "dtls/dtls_conn_internal.h"
#include "test.h"

static struct dtls_conn *internal(struct loop_peer *p)
{
    return dtls_conn_of(&p->conn);
}

/* exchange sends one message each way and checks both arrive. */
static void exchange(struct loop *l, const char *tag)
{
    size_t c0 = l->client.app_len;
    size_t s0 = l->server.app_len;
    EXPECT_OK(loop_send(l, &l->client, tag, strlen(tag)));
    EXPECT_OK(loop_send(l, &l->server, tag, strlen(tag)));
    EXPECT(l->server.app_len == s0 + strlen(tag) &&
           memcmp(l->server.app + s0, tag, strlen(tag)) == 0);
    EXPECT(l->client.app_len == c0 + strlen(tag) &&
           memcmp(l->client.app + c0, tag, strlen(tag)) == 0);
}

static void renegotiate(struct loop *l, struct loop_peer *initiator, uint16_t epoch)
{
    /* One renegotiation started by the peer per NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS (docs/security.md). */
    l->now += NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS;
    l->client.events = 0;
    l->server.events = 0;
    EXPECT_OK(nxdtls_conn_renegotiate(&initiator->conn, l->now));
    EXPECT_CODE(nxdtls_conn_renegotiate(&initiator->conn, l->now), NX_SECURE_TLS_INVALID_STATE);
    /* Data flows while the new handshake runs (in the current epoch). */
    exchange(l, "during");
    loop_pump(l);
    EXPECT_OK(l->client.status);
    EXPECT_OK(l->server.status);
    EXPECT((l->client.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0);
    EXPECT((l->server.events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0);
    EXPECT(internal(&l->client)->hs == NULL && internal(&l->server)->hs == NULL);
    EXPECT(internal(&l->client)->rd_epoch == epoch && internal(&l->client)->wr_epoch == epoch);
    EXPECT(internal(&l->server)->rd_epoch == epoch && internal(&l->server)->wr_epoch == epoch);
    exchange(l, "after");
}

static void psk(void)
{
    static struct loop l;
    loop_setup(&l, 300);
    EXPECT_OK(loop_handshake(&l));
    EXPECT(internal(&l.client)->secure_reneg && internal(&l.server)->secure_reneg);
    renegotiate(&l, &l.client, 2);
    renegotiate(&l, &l.server, 3);
    renegotiate(&l, &l.client, 4);
    renegotiate(&l, &l.server, 5);
    EXPECT(nxdtls_conn_dropped(&l.client.conn) == 0 && nxdtls_conn_dropped(&l.server.conn) == 0);
    loop_free(&l);
}

static void certificates(uint16_t suite, enum cert_id server, enum cert_id client, uint16_t mtu)
{
    static struct cert_loop cl;
    EXPECT_OK(cert_loop_setup(&cl, 310 + suite, server, client));
    const uint16_t only[1] = {suite};
    cl.l.client.cfg.ciphersuites = only;
    cl.l.client.cfg.ciphersuite_count = 1;
    cl.l.server.cfg.verify_client = client != ID_NONE;
    cl.l.client.cfg.mtu = mtu;
    cl.l.server.cfg.mtu = mtu;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(nxdtls_conn_is_established(&cl.l.client.conn));
    renegotiate(&cl.l, &cl.l.client, 2);
    renegotiate(&cl.l, &cl.l.server, 3);
    EXPECT(nxdtls_conn_peer_certificate(&cl.l.client.conn, 0) != NULL);
    EXPECT((nxdtls_conn_peer_certificate(&cl.l.server.conn, 0) != NULL) == (client != ID_NONE));
    loop_free(&cl.l);
}

/* A filter that holds back what one side sends (to deliver it record by record later). */
struct hold {
    int from_client;
    int active;
    uint8_t dgram[8][LOOP_DGRAM_MAX];
    size_t len[8];
    unsigned count;
};

static bool hold_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct hold *h = ctx;
    if (!h->active || from_client != h->from_client || h->count >= 8) {
        return true;
    }
    memcpy(h->dgram[h->count], dgram, *len);
    h->len[h->count++] = *len;
    return false;
}

/* seal_app makes an application record of from in its current write epoch without delivering it. */
static size_t seal_app(struct loop_peer *from, const char *text, uint8_t *out)
{
    size_t n = 0;
    EXPECT_OK(nxdtls_conn_write(&from->conn, (const uint8_t *)text, strlen(text), out,
                                LOOP_DGRAM_MAX, &n));
    return n;
}

/* RFC 6347 4.1 reordering around the epoch change: data the client sealed in epoch 1 arrives after its
 * ChangeCipherSpec and is still read; after the handshake completes, epoch 1 is gone. */
static void old_epoch(void)
{
    static struct loop l;
    static struct hold h;
    memset(&h, 0, sizeof h);
    h.from_client = 1;
    loop_setup(&l, 320);
    EXPECT_OK(loop_handshake(&l));
    l.filter = hold_filter;
    l.filter_ctx = &h;
    static uint8_t early[LOOP_DGRAM_MAX], late[LOOP_DGRAM_MAX];
    size_t early_len = seal_app(&l.client, "early", early);
    size_t late_len = seal_app(&l.client, "late!", late);
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_transfer(&l, &l.client, &l.server); /* ClientHello */
    loop_transfer(&l, &l.server, &l.client); /* ServerHello .. ServerHelloDone */
    h.active = 1;
    loop_transfer(&l, &l.client, &l.server); /* CKE, CCS, Finished: held */
    h.active = 0;
    EXPECT(h.count == 1);
    /* Deliver the held flight record by record, the early data after the ChangeCipherSpec. */
    struct wire_rd d = wire_rd_init(h.dgram[0], h.len[0]);
    struct dtls_record_hdr hdr;
    struct wire_rd frag;
    unsigned records = 0;
    while (dtls_record_next(&d, &hdr, &frag)) {
        const uint8_t *start = frag.p - DTLS_RECORD_HEADER_LEN;
        static uint8_t one[LOOP_DGRAM_MAX];
        memcpy(one, start, DTLS_RECORD_HEADER_LEN + frag.len);
        loop_deliver(&l, &l.server, one, DTLS_RECORD_HEADER_LEN + frag.len);
        records++;
        if (hdr.type == DTLS_CT_CHANGE_CIPHER_SPEC) {
            EXPECT(internal(&l.server)->rd_epoch == 2 && internal(&l.server)->hs != NULL);
            size_t before = l.server.app_len;
            loop_deliver(&l, &l.server, early, early_len);
            EXPECT(l.server.app_len == before + 5 &&
                   memcmp(l.server.app + before, "early", 5) == 0);
        }
    }
    EXPECT(records == 3);
    EXPECT_OK(l.server.status);
    EXPECT(internal(&l.server)->hs == NULL);
    uint64_t dropped = nxdtls_conn_dropped(&l.server.conn);
    size_t before = l.server.app_len;
    loop_deliver(&l, &l.server, late, late_len);
    EXPECT(l.server.app_len == before && nxdtls_conn_dropped(&l.server.conn) == dropped + 1);
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn) && internal(&l.client)->hs == NULL);
    exchange(&l, "new epoch");
    loop_free(&l);
}

static void refused(void)
{
    static struct loop l;
    UINT level = 0, description = 0;
    /* Not yet established; disabled on our side. */
    loop_setup(&l, 330);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_CODE(nxdtls_conn_renegotiate(&l.client.conn, l.now),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    loop_free(&l);
    loop_setup(&l, 331);
    l.client.cfg.disable_renegotiation = 1;
    EXPECT_OK(loop_handshake(&l));
    EXPECT_CODE(nxdtls_conn_renegotiate(&l.client.conn, l.now),
                NX_SECURE_TLS_RENEGOTIATION_FAILURE);
    /* The server asks; the client declines with a warning; the server gives up; data flows on. */
    l.server.events = 0;
    EXPECT_OK(nxdtls_conn_renegotiate(&l.server.conn, l.now));
    loop_pump(&l);
    EXPECT_OK(l.client.status);
    EXPECT_OK(l.server.status);
    nxdtls_conn_alert(&l.server.conn, &level, &description);
    EXPECT(level == 1 && description == 100);
    EXPECT(internal(&l.server)->hs == NULL && internal(&l.server)->state == DTLS_SRV_DONE);
    EXPECT((l.server.events & NXDTLS_EVENT_HANDSHAKE_DONE) == 0);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    exchange(&l, "still one epoch");
    EXPECT(internal(&l.server)->wr_epoch == 1);
    loop_free(&l);

    /* Disabled on the server: the client's ClientHello is declined, the client gives up. */
    loop_setup(&l, 332);
    l.server.cfg.disable_renegotiation = 1;
    EXPECT_OK(loop_handshake(&l));
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_pump(&l);
    EXPECT_OK(l.client.status);
    EXPECT_OK(l.server.status);
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 1 && description == 100);
    EXPECT(internal(&l.client)->hs == NULL && internal(&l.client)->state == DTLS_CLI_DONE);
    exchange(&l, "declined");
    loop_free(&l);

    /* An association that did not negotiate RFC 5746 is never renegotiated (RFC 5746 4.4). */
    loop_setup(&l, 333);
    EXPECT_OK(loop_handshake(&l));
    internal(&l.server)->secure_reneg = 0;
    EXPECT_CODE(nxdtls_conn_renegotiate(&l.server.conn, l.now),
                NX_SECURE_TLS_RENEGOTIATION_FAILURE);
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_pump(&l);
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 1 && description == 100 && internal(&l.client)->hs == NULL);
    exchange(&l, "insecure");
    loop_free(&l);

    /* A client that presents the wrong verify_data (a spliced renegotiation, RFC 5746 1): fatal 0x133. */
    loop_setup(&l, 334);
    EXPECT_OK(loop_handshake(&l));
    internal(&l.client)->client_verify[0] ^= 1;
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_pump(&l);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_ALERT_RECEIVED);
    nxdtls_conn_alert(&l.client.conn, &level, &description);
    EXPECT(level == 2 && description == 40);
    loop_free(&l);
    /* ... and a server that does (the client checks both halves, RFC 5746 3.5). */
    loop_setup(&l, 335);
    EXPECT_OK(loop_handshake(&l));
    internal(&l.server)->server_verify[11] ^= 1;
    EXPECT_OK(nxdtls_conn_renegotiate(&l.client.conn, l.now));
    loop_pump(&l);
    EXPECT_CODE(l.client.status, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    EXPECT_CODE(l.server.status, NX_SECURE_TLS_ALERT_RECEIVED);
    loop_free(&l);
}

static bool drop_all(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    (void)dgram;
    (void)len;
    return from_client != *(int *)ctx;
}

/* A peer may ignore a renegotiation request without a word (RFC 5246 7.4.1.1): when our retransmissions run
 * out, the renegotiation is given up and the association stays. */
static void ignored(struct loop_peer *(*pick)(struct loop *), int initiator_is_client)
{
    static struct loop l;
    loop_setup(&l, 340 + (uint64_t)initiator_is_client);
    EXPECT_OK(loop_handshake(&l));
    struct loop_peer *initiator = pick(&l);
    int silent_side = initiator_is_client; /* drop what the initiator sends */
    l.filter = drop_all;
    l.filter_ctx = &silent_side;
    EXPECT_OK(nxdtls_conn_renegotiate(&initiator->conn, l.now));
    unsigned rounds = 0;
    while (internal(initiator)->hs != NULL && rounds < 40) {
        loop_pump(&l);
        uint64_t t = nxdtls_conn_next_timeout(&initiator->conn);
        EXPECT(t != UINT64_MAX);
        l.now = t;
        EXPECT_OK(nxdtls_conn_timeout(&initiator->conn, l.now));
        rounds++;
    }
    EXPECT(rounds >= 10 && internal(initiator)->hs == NULL);
    EXPECT(nxdtls_conn_is_established(&initiator->conn) &&
           nxdtls_conn_error(&initiator->conn) == NX_SUCCESS);
    EXPECT(nxdtls_conn_next_timeout(&initiator->conn) == UINT64_MAX);
    l.filter = NULL;
    exchange(&l, "still here");
    /* ... and a later one goes through. */
    renegotiate(&l, initiator, 2);
    loop_free(&l);
}

static struct loop_peer *client_of(struct loop *l)
{
    return &l->client;
}

static struct loop_peer *server_of(struct loop *l)
{
    return &l->server;
}

int main(void)
{
    psk();
    certificates(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ID_EC, ID_NONE, 0);
    certificates(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, ID_RSA, ID_EC, 300);
    certificates(TLS_RSA_WITH_AES_128_CBC_SHA256, ID_RSA, ID_RSA, 300);
    certificates(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, ID_EC, ID_RSA, 300);
    old_epoch();
    refused();
    ignored(server_of, 0);
    ignored(client_of, 1);
    return test_finish("dtls/cert_reneg");
}
