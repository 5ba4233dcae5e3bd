/* SPDX-License-Identifier: MIT */
/* log_test.c: the engine's log hooks (nxdtls_config.log). A PSK handshake with an identity hint and SNI,
 * traced at each level on both sides: which entries arrive, in which order, with which typed fields (the
 * hello's SNI and extensions, the suite, the hint, the identity, the negotiated EMS and secure renegotiation),
 * and what the levels filter; alerts and close_notify; a failure (wrong key) with its status; dropped records
 * with a reason. Without a callback nothing is called (the other engine tests run that way). */
#include "dtls_loop.h"
#include "test.h"

#define MAX_ENTRIES 256

struct seen {
    uint8_t kind;
    uint8_t sent;
    uint8_t type;
    uint8_t level;
    uint8_t extensions;
    uint8_t alert_level;
    uint16_t ciphersuite;
    UINT status;
    char server_name[64];
    char psk_identity[64];
    char psk_hint[64];
    char text[800];
};

struct log {
    struct seen e[MAX_ENTRIES];
    size_t count;
    const nxdtls_conn *conn;
    int wrong_conn;
};

static void copy_text(char *dst, size_t cap, const uint8_t *p, size_t n)
{
    size_t k = n < cap - 1 ? n : cap - 1;
    if (p != NULL && k != 0) {
        memcpy(dst, p, k);
    }
    dst[p != NULL ? k : 0] = '\0';
}

static void on_log(void *ctx, const nxdtls_conn *conn, const nxdtls_log_entry *entry)
{
    struct log *log = ctx;
    log->wrong_conn |= conn != log->conn;
    if (log->count == MAX_ENTRIES) {
        return;
    }
    struct seen *s = &log->e[log->count++];
    memset(s, 0, sizeof *s);
    s->kind = entry->kind;
    s->sent = entry->sent;
    s->type = entry->type;
    s->level = entry->level;
    s->extensions = entry->extensions;
    s->alert_level = entry->alert_level;
    s->ciphersuite = entry->ciphersuite;
    s->status = entry->status;
    copy_text(s->server_name, sizeof s->server_name, entry->server_name, entry->server_name_len);
    copy_text(s->psk_identity, sizeof s->psk_identity, entry->psk_identity, entry->psk_identity_len);
    copy_text(s->psk_hint, sizeof s->psk_hint, entry->psk_hint, entry->psk_hint_len);
    snprintf(s->text, sizeof s->text, "%s", entry->text != NULL ? entry->text : "");
}

/* find returns the index of the first entry of kind/sent/type at or after from, or -1. */
static int find(const struct log *log, size_t from, uint8_t kind, int sent, int type)
{
    for (size_t i = from; i < log->count; i++) {
        const struct seen *s = &log->e[i];
        if (s->kind == kind && (sent < 0 || s->sent == sent) && (type < 0 || s->type == type)) {
            return (int)i;
        }
    }
    return -1;
}

static size_t count_kind(const struct log *log, uint8_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < log->count; i++) {
        n += log->e[i].kind == kind;
    }
    return n;
}

static struct loop l;
static struct log client_log;
static struct log server_log;

static void setup(uint8_t client_level, uint8_t server_level)
{
    loop_setup(&l, 7);
    memset(&client_log, 0, sizeof client_log);
    memset(&server_log, 0, sizeof server_log);
    loop_psk_set(&l.client.psk[0], "secret-key-0123", "client-1", "hint-A");
    loop_psk_set(&l.server.psk[0], "secret-key-0123", "client-1", "hint-A");
    static const char sni[] = "device.example";
    l.client.cfg.server_name = (const uint8_t *)sni;
    l.client.cfg.server_name_len = sizeof sni - 1;
    l.client.cfg.log = on_log;
    l.client.cfg.log_ctx = &client_log;
    l.client.cfg.log_level = client_level;
    l.server.cfg.log = on_log;
    l.server.cfg.log_ctx = &server_log;
    l.server.cfg.log_level = server_level;
    client_log.conn = &l.client.conn;
    server_log.conn = &l.server.conn;
}

static void handshake_messages(void)
{
    setup(NXDTLS_LOG_MESSAGES, NXDTLS_LOG_RECORDS);
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    EXPECT(!client_log.wrong_conn && !server_log.wrong_conn);

    /* Client: its flights and the server's, in order, then the completion. */
    const struct log *c = &client_log;
    int ch = find(c, 0, NXDTLS_LOG_MESSAGE, 1, 1);
    int sh = find(c, 0, NXDTLS_LOG_MESSAGE, 0, 2);
    int ske = find(c, 0, NXDTLS_LOG_MESSAGE, 0, 12);
    int shd = find(c, 0, NXDTLS_LOG_MESSAGE, 0, 14);
    int cke = find(c, 0, NXDTLS_LOG_MESSAGE, 1, 16);
    int ccs_out = find(c, 0, NXDTLS_LOG_CHANGE_CIPHER, 1, -1);
    int fin_out = find(c, 0, NXDTLS_LOG_MESSAGE, 1, 20);
    int ccs_in = find(c, 0, NXDTLS_LOG_CHANGE_CIPHER, 0, -1);
    int fin_in = find(c, 0, NXDTLS_LOG_MESSAGE, 0, 20);
    int done = find(c, 0, NXDTLS_LOG_HANDSHAKE_DONE, -1, -1);
    EXPECT(ch >= 0 && sh > ch && ske > sh && shd > ske && cke > shd && ccs_out > cke &&
           fin_out > ccs_out && ccs_in > fin_out && fin_in > ccs_in && done > fin_in);
    if (done < 0 || ch < 0 || sh < 0 || ske < 0 || cke < 0) {
        return;
    }
    EXPECT(strcmp(c->e[ch].server_name, "device.example") == 0);
    EXPECT((c->e[ch].extensions & NXDTLS_EXT_SERVER_NAME) != 0);
    EXPECT((c->e[ch].extensions & NXDTLS_EXT_EXTENDED_MASTER_SECRET) != 0);
    EXPECT((c->e[ch].extensions & NXDTLS_EXT_RENEGOTIATION_INFO) != 0);
    EXPECT(strstr(c->e[ch].text, "sent ClientHello") != NULL);
    EXPECT(strstr(c->e[ch].text, "server_name(device.example)") != NULL);
    EXPECT(c->e[sh].ciphersuite == TLS_PSK_WITH_AES_128_CCM_8);
    EXPECT(strstr(c->e[sh].text, "suite=TLS_PSK_WITH_AES_128_CCM_8") != NULL);
    EXPECT((c->e[sh].extensions & NXDTLS_EXT_EXTENDED_MASTER_SECRET) != 0);
    EXPECT(strcmp(c->e[ske].psk_hint, "hint-A") == 0);
    EXPECT(strcmp(c->e[cke].psk_identity, "client-1") == 0);
    EXPECT(c->e[done].ciphersuite == TLS_PSK_WITH_AES_128_CCM_8);
    EXPECT((c->e[done].extensions & NXDTLS_EXT_EXTENDED_MASTER_SECRET) != 0);
    EXPECT((c->e[done].extensions & NXDTLS_EXT_RENEGOTIATION_INFO) != 0);
    EXPECT(c->e[done].level == NXDTLS_LOG_EVENTS);
    EXPECT(c->e[ch].level == NXDTLS_LOG_MESSAGES);
    /* MESSAGES level: no record entries on the client. */
    EXPECT(count_kind(c, NXDTLS_LOG_RECORD) == 0);

    /* Server at RECORDS: records both ways, and the client's hello with its SNI. */
    const struct log *s = &server_log;
    int sch = find(s, 0, NXDTLS_LOG_MESSAGE, 0, 1);
    EXPECT(sch >= 0 && strcmp(s->e[sch].server_name, "device.example") == 0);
    EXPECT(find(s, 0, NXDTLS_LOG_RECORD, 1, 22) >= 0);
    EXPECT(find(s, 0, NXDTLS_LOG_RECORD, 0, 22) >= 0);
    EXPECT(find(s, 0, NXDTLS_LOG_RECORD, 0, 20) >= 0);
    EXPECT(find(s, 0, NXDTLS_LOG_HANDSHAKE_DONE, -1, -1) >= 0);

    /* A record that does not authenticate is dropped and logged with the reason (server at RECORDS). */
    size_t before = server_log.count;
    uint8_t junk[40] = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 99, 0, 27};
    loop_deliver(&l, &l.server, junk, sizeof junk);
    int dropped = find(s, before, NXDTLS_LOG_DROPPED, 0, -1);
    EXPECT(dropped >= 0 && strstr(s->e[dropped].text, "does not authenticate") != NULL);
    /* Data and close: application records logged, close_notify sent and received as alerts. */
    EXPECT_OK(loop_send(&l, &l.client, "ping", 4));
    EXPECT(find(s, 0, NXDTLS_LOG_RECORD, 0, 23) >= 0);
    EXPECT_OK(nxdtls_conn_close(&l.client.conn));
    loop_pump(&l);
    int alert_out = find(c, 0, NXDTLS_LOG_ALERT, 1, 0);
    int alert_in = find(s, 0, NXDTLS_LOG_ALERT, 0, 0);
    EXPECT(alert_out >= 0 && alert_in >= 0);
    if (alert_in >= 0) {
        EXPECT(s->e[alert_in].alert_level == 1);
        EXPECT(strstr(s->e[alert_in].text, "close_notify") != NULL);
    }
    loop_free(&l);
}

static void events_only(void)
{
    setup(NXDTLS_LOG_EVENTS, 0); /* 0 means EVENTS too */
    EXPECT_OK(loop_handshake(&l));
    EXPECT(count_kind(&client_log, NXDTLS_LOG_MESSAGE) == 0);
    EXPECT(count_kind(&client_log, NXDTLS_LOG_CHANGE_CIPHER) == 0);
    EXPECT(count_kind(&client_log, NXDTLS_LOG_RECORD) == 0);
    EXPECT(count_kind(&client_log, NXDTLS_LOG_HANDSHAKE_DONE) == 1);
    EXPECT(count_kind(&server_log, NXDTLS_LOG_HANDSHAKE_DONE) == 1);
    EXPECT(count_kind(&server_log, NXDTLS_LOG_MESSAGE) == 0);
    for (size_t i = 0; i < client_log.count; i++) {
        EXPECT(client_log.e[i].level == NXDTLS_LOG_EVENTS);
    }
    loop_free(&l);
}

static void failure(void)
{
    setup(NXDTLS_LOG_EVENTS, NXDTLS_LOG_EVENTS);
    loop_psk_set(&l.server.psk[0], "another-key-456", "client-1", "hint-A");
    EXPECT_OK(loop_handshake(&l));
    loop_settle(&l); /* the Finished that does not authenticate is reported at the timer */
    EXPECT(!nxdtls_conn_is_established(&l.client.conn));
    /* The server cannot verify the client's Finished: it logs the failure and the alert it sends; the
     * client logs the alert it receives and its own failure. */
    int failed = find(&server_log, 0, NXDTLS_LOG_FAILED, -1, -1);
    EXPECT(failed >= 0 && server_log.e[failed].status == NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    if (failed >= 0) {
        EXPECT(strstr(server_log.e[failed].text, "NX_SECURE_TLS_FINISHED_HASH_FAILURE") != NULL);
    }
    int sent = find(&server_log, 0, NXDTLS_LOG_ALERT, 1, -1);
    EXPECT(sent >= 0 && server_log.e[sent].alert_level == 2);
    int got = find(&client_log, 0, NXDTLS_LOG_ALERT, 0, -1);
    EXPECT(got >= 0 && client_log.e[got].alert_level == 2);
    int cfailed = find(&client_log, 0, NXDTLS_LOG_FAILED, -1, -1);
    EXPECT(cfailed >= 0 && client_log.e[cfailed].status == NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(count_kind(&client_log, NXDTLS_LOG_HANDSHAKE_DONE) == 0);
    loop_free(&l);
}

int main(void)
{
    handshake_messages();
    events_only();
    failure();
    return test_finish("log");
}
