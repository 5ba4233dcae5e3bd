/* SPDX-License-Identifier: MIT */
/* conn_table_test.c: the handshake transition tables (docs/style.md 2.5: every (state, message) pair not in the
 * table is NX_SECURE_TLS_UNEXPECTED_MESSAGE and the state does not move), the Finished check, and the
 * connection API's argument and setup rules (exact metadata size, alignment, bad configurations). */
#include "crypto/crypto_tables.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_hs.h"
#include "dtls_loop.h"
#include "test.h"

/* The pairs each table must hold, and nothing more. */
struct pair {
    uint8_t state;
    unsigned msg;
};

static const struct pair client_pairs[] = {
    {DTLS_CLI_WAIT_HELLO, DTLS_HT_HELLO_VERIFY_REQUEST},
    {DTLS_CLI_WAIT_HELLO, DTLS_HT_SERVER_HELLO},
    {DTLS_CLI_AFTER_HELLO, DTLS_HT_CERTIFICATE},
    {DTLS_CLI_AFTER_HELLO, DTLS_HT_SERVER_KEY_EXCHANGE},
    {DTLS_CLI_AFTER_HELLO, DTLS_HT_SERVER_HELLO_DONE},
    {DTLS_CLI_AFTER_CERT, DTLS_HT_SERVER_KEY_EXCHANGE},
    {DTLS_CLI_AFTER_CERT, DTLS_HT_CERTIFICATE_REQUEST},
    {DTLS_CLI_AFTER_CERT, DTLS_HT_SERVER_HELLO_DONE},
    {DTLS_CLI_AFTER_SKE, DTLS_HT_CERTIFICATE_REQUEST},
    {DTLS_CLI_AFTER_SKE, DTLS_HT_SERVER_HELLO_DONE},
    {DTLS_CLI_AFTER_CERT_REQ, DTLS_HT_SERVER_HELLO_DONE},
    {DTLS_CLI_WAIT_CCS, DTLS_MSG_CCS},
    {DTLS_CLI_WAIT_FINISHED, DTLS_HT_FINISHED},
    {DTLS_CLI_DONE, DTLS_HT_HELLO_REQUEST},
};

static const struct pair server_pairs[] = {
    {DTLS_SRV_WAIT_HELLO, DTLS_HT_CLIENT_HELLO},
    {DTLS_SRV_WAIT_CKE, DTLS_HT_CLIENT_KEY_EXCHANGE},
    {DTLS_SRV_WAIT_CKE, DTLS_HT_CERTIFICATE},
    {DTLS_SRV_AFTER_CERT, DTLS_HT_CLIENT_KEY_EXCHANGE},
    {DTLS_SRV_AFTER_CKE, DTLS_HT_CERTIFICATE_VERIFY},
    {DTLS_SRV_WAIT_CCS, DTLS_MSG_CCS},
    {DTLS_SRV_WAIT_FINISHED, DTLS_HT_FINISHED},
    {DTLS_SRV_DONE, DTLS_HT_CLIENT_HELLO},
};

static bool listed(const struct pair *pairs, size_t n, uint8_t state, unsigned msg)
{
    for (size_t i = 0; i < n; i++) {
        if (pairs[i].state == state && pairs[i].msg == msg) {
            return true;
        }
    }
    return false;
}

static void exhaustive(struct loop_peer *p, const struct dtls_hs_table *table,
                       const struct pair *pairs, size_t n)
{
    struct dtls_conn *c = dtls_conn_of(&p->conn);
    unsigned rejected = 0;
    for (unsigned state = 0; state < DTLS_STATE_COUNT; state++) {
        for (unsigned msg = 0; msg <= DTLS_MSG_CCS; msg++) {
            bool in_table = dtls_hs_find(table, (uint8_t)state, msg) != NULL;
            EXPECT(in_table == listed(pairs, n, (uint8_t)state, msg));
            if (in_table) {
                continue;
            }
            c->state = (uint8_t)state;
            UINT s = dtls_hs_step(c, 0, msg, c->next_recv_seq, wire_rd_init(NULL, 0), NULL);
            if (s != NX_SECURE_TLS_UNEXPECTED_MESSAGE || c->state != state) {
                EXPECT_CODE(s, NX_SECURE_TLS_UNEXPECTED_MESSAGE);
                EXPECT(c->state == state);
            }
            rejected++;
        }
    }
    /* Every pair not in the table was tried (and each failure above would have been reported). */
    EXPECT(rejected == DTLS_STATE_COUNT * (DTLS_MSG_CCS + 1) - n);
    test_passed += rejected;
}

static void tables(void)
{
    static struct loop l;
    loop_setup(&l, 5);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    exhaustive(&l.client, &dtls_hs_client_table, client_pairs, NXD_ARRAY_LEN(client_pairs));
    exhaustive(&l.server, &dtls_hs_server_table, server_pairs, NXD_ARRAY_LEN(server_pairs));
    loop_free(&l);
}

/* Handlers in their states, fed wrong bodies: exact codes, state unchanged. */
static void handlers(void)
{
    static struct loop l;
    loop_setup(&l, 6);
    EXPECT_OK(loop_handshake(&l));
    loop_free(&l);

    /* The Finished compare (RFC 5246 7.4.9): drive a client to WAIT_FINISHED by hand. */
    loop_setup(&l, 7);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    struct dtls_conn *c = dtls_conn_of(&l.client.conn);
    c->state = DTLS_CLI_WAIT_FINISHED;
    c->suite = &loop_psk_rows[2];
    EXPECT_OK(dtls_transcript_start(&c->hs->transcript, &crypto_method_sha256));
    memset(c->hs->expect_verify, 0x5A, 12);
    uint8_t bad[12];
    memset(bad, 0x5A, 12);
    bad[11] ^= 1;
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_FINISHED, 3, wire_rd_init(bad, 12), NULL),
                NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT(c->state == DTLS_CLI_WAIT_FINISHED);
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_FINISHED, 3, wire_rd_init(bad, 11), NULL),
                NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    /* A ChangeCipherSpec before the keys exist. */
    c->state = DTLS_CLI_WAIT_CCS;
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_MSG_CCS, 0, wire_rd_init(NULL, 0), NULL),
                NX_SECURE_TLS_UNEXPECTED_MESSAGE);
    EXPECT(c->state == DTLS_CLI_WAIT_CCS);
    /* ServerHelloDone must be empty; ServerKeyExchange must be exactly a hint. */
    c->state = DTLS_CLI_AFTER_HELLO;
    uint8_t one = 0;
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_SERVER_HELLO_DONE, 2, wire_rd_init(&one, 1), NULL),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT(c->state == DTLS_CLI_AFTER_HELLO);
    const uint8_t hint_short[] = {0, 5, 'a'};
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_SERVER_KEY_EXCHANGE, 2,
                             wire_rd_init(hint_short, sizeof hint_short), NULL),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* A hint no entry has, when every entry has one (docs/netx-api.md 7.6). */
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "our-hint");
    const uint8_t hint_unknown[] = {0, 1, 'z'};
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_SERVER_KEY_EXCHANGE, 2,
                             wire_rd_init(hint_unknown, sizeof hint_unknown), NULL),
                NX_SECURE_TLS_NO_MATCHING_PSK);
    EXPECT(c->state == DTLS_CLI_AFTER_HELLO);
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "");
    /* HelloVerifyRequest: version, cookie<0..255>, nothing more. */
    c->state = DTLS_CLI_WAIT_HELLO;
    const uint8_t hvr_long[] = {0xFE, 0xFF, 1, 7, 0};
    EXPECT_CODE(dtls_hs_step(c, 0, DTLS_HT_HELLO_VERIFY_REQUEST, 0,
                             wire_rd_init(hvr_long, sizeof hvr_long), NULL),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    const uint8_t hvr_cut[] = {0xFE, 0xFF, 2, 7};
    EXPECT_CODE(
        dtls_hs_step(c, 0, DTLS_HT_HELLO_VERIFY_REQUEST, 0, wire_rd_init(hvr_cut, sizeof hvr_cut), NULL),
        NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT(c->state == DTLS_CLI_WAIT_HELLO);
    loop_free(&l);
}

static void init_rules(void)
{
    static struct loop l;
    static _Alignas(8) uint8_t meta[LOOP_META_MAX + 8];
    loop_setup(&l, 9);
    nxdtls_config *cfg = &l.client.cfg;
    size_t need = nxdtls_metadata_size(&loop_psk_table);
    EXPECT(need > 0 && need <= LOOP_META_MAX);
    EXPECT(nxdtls_metadata_size(NULL) == 0);
    /* Exactly the reported size works at every alignment; one byte less never does. */
    for (size_t off = 0; off < 8; off++) {
        EXPECT_OK(nxdtls_conn_init(&l.client.conn, cfg, meta + off, need, l.client.reasm,
                                   sizeof l.client.reasm));
        EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
        nxdtls_conn_free(&l.client.conn);
        EXPECT_CODE(nxdtls_conn_init(&l.client.conn, cfg, meta + off, need - 1, l.client.reasm,
                                     sizeof l.client.reasm),
                    NX_INVALID_PARAMETERS);
    }
    /* The default tables (docs/netx-api.md 10 C8: small per-session metadata). */
    EXPECT(nxdtls_metadata_size(&nx_crypto_tls_ciphers) <= 4000);
    EXPECT(nxdtls_metadata_size(&nx_crypto_tls_ciphers_ecc) <= 4000);
    printf("sizeof established state %zu, handshake state %zu; metadata %zu "
           "(nx_crypto_tls_ciphers), %zu (_ecc)\n",
           sizeof(struct dtls_conn), sizeof(struct dtls_hs),
           nxdtls_metadata_size(&nx_crypto_tls_ciphers),
           nxdtls_metadata_size(&nx_crypto_tls_ciphers_ecc));

    EXPECT_CODE(nxdtls_conn_init(NULL, cfg, meta, need, l.client.reasm, 1024), NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, NULL, meta, need, l.client.reasm, 1024),
                NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, cfg, NULL, need, l.client.reasm, 1024),
                NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, cfg, meta, need, NULL, 1024), NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, cfg, meta, need, l.client.reasm, 511),
                NX_INVALID_PARAMETERS);
    nxdtls_config bad = *cfg;
    bad.role = 2;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_INVALID_PARAMETERS);
    bad = *cfg;
    bad.mtu = NXDTLS_MIN_MTU - 1;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_INVALID_PARAMETERS);
    bad = *cfg;
    bad.crypto = NULL;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_PTR_ERROR);
    bad = *cfg;
    bad.psks = NULL;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_PTR_ERROR);
    bad = *cfg;
    bad.server_name_len = 256;
    bad.server_name = meta;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_INVALID_PARAMETERS);
    NX_SECURE_TLS_PSK_STORE big = l.client.psk[0];
    big.nx_secure_tls_psk_data_size = NX_SECURE_TLS_MAX_PSK_SIZE + 1;
    bad = *cfg;
    bad.psks = &big;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_INVALID_PARAMETERS);
    big = l.client.psk[0];
    big.nx_secure_tls_psk_id_size = NX_SECURE_TLS_MAX_PSK_ID_SIZE + 1;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, need, l.client.reasm, 1024),
                NX_INVALID_PARAMETERS);

    /* A row whose session cipher lacks an operation: refused at init (docs/style.md 2.7). */
    static NX_CRYPTO_METHOD broken;
    broken = crypto_method_aes_128_gcm_16;
    broken.nx_crypto_operation = NULL;
    static NX_SECURE_TLS_CIPHERSUITE_INFO rows[1];
    rows[0] = loop_psk_rows[2];
    rows[0].nx_secure_tls_session_cipher = &broken;
    static NX_SECURE_TLS_CRYPTO table;
    table = loop_psk_table;
    table.nx_secure_tls_ciphersuite_lookup_table = rows;
    table.nx_secure_tls_ciphersuite_lookup_table_size = 1;
    bad = *cfg;
    bad.crypto = &table;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, sizeof meta, l.client.reasm, 1024),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    rows[0] = loop_psk_rows[4];
    static NX_CRYPTO_METHOD broken_mac;
    broken_mac = crypto_method_hmac_sha256;
    broken_mac.nx_crypto_operation = NULL;
    rows[0].nx_secure_tls_hash = &broken_mac;
    EXPECT_CODE(nxdtls_conn_init(&l.client.conn, &bad, meta, sizeof meta, l.client.reasm, 1024),
                NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);

    /* Calls on a connection that was never initialized, or freed. */
    static nxdtls_conn blank;
    memset(&blank, 0, sizeof blank);
    uint8_t buf[64];
    size_t n = 7;
    uint8_t *cur = buf, *app = NULL;
    size_t rem = 0, app_len = 0;
    EXPECT_CODE(nxdtls_conn_connect(&blank, 0), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_input(&blank, 0, &cur, &rem, &app, &app_len),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_output(&blank, 0, buf, sizeof buf, &n),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT(n == 0);
    EXPECT_CODE(nxdtls_conn_write(&blank, buf, 1, buf, sizeof buf, &n),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_timeout(&blank, 0), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_close(&blank), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_error(&blank), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT(nxdtls_conn_next_timeout(&blank) == UINT64_MAX);
    EXPECT(nxdtls_conn_ciphersuite(&blank) == NULL && !nxdtls_conn_is_established(&blank));
    EXPECT_CODE(nxdtls_conn_input(&blank, 0, NULL, &rem, &app, &app_len), NX_PTR_ERROR);

    /* State rules: connect once, clients only; no data before the handshake; close needs a start. */
    loop_setup(&l, 10);
    EXPECT_OK(loop_init_peers(&l));
    EXPECT_CODE(nxdtls_conn_close(&l.client.conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT_CODE(nxdtls_conn_connect(&l.server.conn, 0), NX_SECURE_TLS_INVALID_STATE);
    EXPECT_OK(nxdtls_conn_connect(&l.client.conn, l.now));
    EXPECT_CODE(nxdtls_conn_connect(&l.client.conn, l.now), NX_SECURE_TLS_INVALID_STATE);
    EXPECT_CODE(nxdtls_conn_write(&l.client.conn, buf, 1, buf, sizeof buf, &n),
                NX_SECURE_TLS_SESSION_UNINITIALIZED);
    EXPECT(nxdtls_conn_next_timeout(&l.client.conn) == l.now + 1000);
    EXPECT(nxdtls_conn_next_timeout(&l.server.conn) == UINT64_MAX);
    /* A datagram too small for one record is refused without losing the flight. */
    EXPECT_CODE(nxdtls_conn_output(&l.client.conn, l.now, buf, 20, &n),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    EXPECT(n == 0);
    loop_pump(&l);
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT_CODE(nxdtls_conn_write(&l.client.conn, buf, NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH + 1, buf,
                                  sizeof buf, &n),
                NX_INVALID_PARAMETERS);
    EXPECT_CODE(nxdtls_conn_write(&l.client.conn, buf, 40, buf, 40, &n),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* Sequence numbers are never reused or wrapped (RFC 6347 4.1). */
    struct dtls_conn *c = dtls_conn_of(&l.client.conn);
    c->wr[c->wr_epoch & 1].seq = ((uint64_t)1 << 48) - 1;
    EXPECT_OK(nxdtls_conn_write(&l.client.conn, buf, 1, buf, sizeof buf, &n));
    EXPECT_CODE(nxdtls_conn_write(&l.client.conn, buf, 1, buf, sizeof buf, &n), NX_NOT_SUCCESSFUL);
    loop_free(&l);
    /* Freed: every call reports an uninitialized session. */
    EXPECT_CODE(nxdtls_conn_error(&l.client.conn), NX_SECURE_TLS_SESSION_UNINITIALIZED);
}

int main(void)
{
    tables();
    handlers();
    init_rules();
    return test_finish("dtls/conn_table");
}
