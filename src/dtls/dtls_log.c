/* SPDX-License-Identifier: MIT */
/* dtls_log: builds the entries of nxdtls_config.log (see dtls_log.h). Message fields are read with the wire
 * reader (RFC 5246 7.4, RFC 6347 4.3.2, RFC 4279 2, RFC 8422 5.4, 5.7); the text line is formatted on the
 * stack and never holds key material. */
#include "dtls/dtls_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/wire.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_names.h"
#include "dtls/dtls_suite.h"

#define LOG_LINE 768

/* line: the entry's text, truncated with "..." when a message has more fields than fit. */
struct line {
    char text[LOG_LINE];
    size_t len;
};

__attribute__((format(printf, 2, 3))) static void put(struct line *l, const char *fmt, ...)
{
    if (l->len >= sizeof l->text - 1) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if ((size_t)n >= sizeof l->text - l->len) {
        l->len = sizeof l->text - 1;
        memcpy(l->text + sizeof l->text - 4, "...", 3);
        return;
    }
    l->len += (size_t)n;
}

/* put_text appends up to 64 bytes of peer-supplied text, printable ASCII only (anything else as '.'). */
static void put_text(struct line *l, const uint8_t *p, size_t n)
{
    char safe[68];
    size_t k = 0;
    for (; k < n && k < 64; k++) {
        safe[k] = p[k] >= 0x20 && p[k] < 0x7F ? (char)p[k] : '.';
    }
    safe[k] = '\0';
    put(l, "%s%s", safe, n > 64 ? "..." : "");
}

static void put_version(struct line *l, uint16_t version)
{
    if (version == 0xFEFDu) {
        put(l, " version=DTLS1.2");
    } else if (version == 0xFEFFu) {
        put(l, " version=DTLS1.0");
    } else {
        put(l, " version=0x%04X", (unsigned)version);
    }
}

static void emit(struct dtls_conn *c, nxdtls_log_entry *e, struct line *l)
{
    e->text = l->text;
    c->cfg->log(c->cfg->log_ctx, (const nxdtls_conn *)(const void *)c, e);
}

static void begin(nxdtls_log_entry *e, struct line *l, uint8_t level, uint8_t kind, bool sent)
{
    memset(e, 0, sizeof *e);
    e->level = level;
    e->kind = kind;
    e->sent = sent ? 1 : 0;
    l->len = 0;
    l->text[0] = '\0';
}

static uint8_t ext_bit(uint16_t type)
{
    switch (type) {
    case DTLS_EXT_SERVER_NAME:
        return NXDTLS_EXT_SERVER_NAME;
    case DTLS_EXT_SUPPORTED_GROUPS:
        return NXDTLS_EXT_SUPPORTED_GROUPS;
    case DTLS_EXT_EC_POINT_FORMATS:
        return NXDTLS_EXT_EC_POINT_FORMATS;
    case DTLS_EXT_SIGNATURE_ALGORITHMS:
        return NXDTLS_EXT_SIGNATURE_ALGORITHMS;
    case DTLS_EXT_EXTENDED_MASTER_SECRET:
        return NXDTLS_EXT_EXTENDED_MASTER_SECRET;
    case DTLS_EXT_RENEGOTIATION_INFO:
        return NXDTLS_EXT_RENEGOTIATION_INFO;
    case 54: /* RFC 9146 3, dtls_cid.h DTLS_EXT_CONNECTION_ID */
        return NXDTLS_EXT_CONNECTION_ID;
    default:
        return NXDTLS_EXT_OTHER;
    }
}

/* server_name: RFC 6066 3, the first host_name of a ClientHello's list. */
static void server_name(nxdtls_log_entry *e, struct line *l, struct wire_rd data)
{
    struct wire_rd list;
    uint8_t name_type;
    struct wire_rd host;
    if (!wire_get_vec(&data, 2, &list) || !wire_get_u8(&list, &name_type) || name_type != 0 ||
        !wire_get_vec(&list, 2, &host)) {
        return;
    }
    e->server_name = host.p;
    e->server_name_len = host.len;
    put(l, "(");
    put_text(l, host.p, host.len);
    put(l, ")");
}

/* u16_list: a list of 16-bit codes (groups, signature schemes) named by name_of. */
static void u16_list(struct line *l, struct wire_rd data, const char *(*name_of)(uint16_t))
{
    struct wire_rd list;
    uint16_t v;
    if (!wire_get_vec(&data, 2, &list)) {
        return;
    }
    put(l, "(");
    for (bool first = true; wire_get_u16(&list, &v); first = false) {
        put(l, "%s%s", first ? "" : ",", name_of(v));
    }
    put(l, ")");
}

/* extensions describes a hello's extension block (absent: nothing). */
static void extensions(nxdtls_log_entry *e, struct line *l, struct wire_rd *r, bool client)
{
    struct wire_rd block;
    if (wire_done(r) || !wire_get_vec(r, 2, &block)) {
        return;
    }
    put(l, " extensions=");
    bool first = true;
    while (!wire_done(&block)) {
        uint16_t type;
        struct wire_rd data;
        if (!wire_get_u16(&block, &type) || !wire_get_vec(&block, 2, &data)) {
            put(l, "%s(malformed)", first ? "" : ",");
            return;
        }
        e->extensions = (uint8_t)(e->extensions | ext_bit(type));
        const char *name = dtls_names_extension(type);
        if (strcmp(name, "unknown") == 0) {
            put(l, "%s%u", first ? "" : ",", (unsigned)type);
        } else {
            put(l, "%s%s", first ? "" : ",", name);
        }
        if (client && type == DTLS_EXT_SERVER_NAME) {
            server_name(e, l, data);
        } else if (client && type == DTLS_EXT_SUPPORTED_GROUPS) {
            u16_list(l, data, nxdtls_group_name);
        } else if (client && type == DTLS_EXT_SIGNATURE_ALGORITHMS) {
            u16_list(l, data, nxdtls_signature_scheme_name);
        }
        first = false;
    }
}

static void client_hello(nxdtls_log_entry *e, struct line *l, struct wire_rd r)
{
    uint16_t version;
    struct wire_rd session_id;
    struct wire_rd cookie;
    struct wire_rd suites;
    struct wire_rd compression;
    if (!wire_get_u16(&r, &version) || !wire_skip(&r, 32) || !wire_get_vec(&r, 1, &session_id) ||
        !wire_get_vec(&r, 1, &cookie) || !wire_get_vec(&r, 2, &suites) ||
        !wire_get_vec(&r, 1, &compression)) {
        put(l, " (malformed)");
        return;
    }
    e->version = version;
    put_version(l, version);
    put(l, " session_id=%zu cookie=%zu suites=", session_id.len, cookie.len);
    uint16_t suite;
    for (bool first = true; wire_get_u16(&suites, &suite); first = false) {
        if (suite == 0x00FFu) {
            e->extensions |= NXDTLS_EXT_RENEGOTIATION_INFO; /* RFC 5746 3.3: the SCSV */
        }
        put(l, "%s%s", first ? "" : ",", nxdtls_ciphersuite_name(suite));
    }
    extensions(e, l, &r, true);
}

static void server_hello(nxdtls_log_entry *e, struct line *l, struct wire_rd r)
{
    uint16_t version;
    struct wire_rd session_id;
    uint16_t suite;
    uint8_t compression;
    if (!wire_get_u16(&r, &version) || !wire_skip(&r, 32) || !wire_get_vec(&r, 1, &session_id) ||
        !wire_get_u16(&r, &suite) || !wire_get_u8(&r, &compression)) {
        put(l, " (malformed)");
        return;
    }
    e->version = version;
    e->ciphersuite = suite;
    put_version(l, version);
    put(l, " session_id=%zu suite=%s (0x%04X)", session_id.len, nxdtls_ciphersuite_name(suite),
        (unsigned)suite);
    extensions(e, l, &r, false);
}

static void hello_verify_request(nxdtls_log_entry *e, struct line *l, struct wire_rd r)
{
    uint16_t version;
    struct wire_rd cookie;
    if (!wire_get_u16(&r, &version) || !wire_get_vec(&r, 1, &cookie)) {
        put(l, " (malformed)");
        return;
    }
    e->version = version;
    put_version(l, version);
    put(l, " cookie=%zu", cookie.len);
}

static void certificate(nxdtls_log_entry *e, struct line *l, struct wire_rd r)
{
    struct wire_rd list;
    if (!wire_get_vec(&r, 3, &list)) {
        put(l, " (malformed)");
        return;
    }
    struct wire_rd one;
    size_t count = 0;
    put(l, " certificates=");
    while (wire_get_vec(&list, 3, &one)) {
        put(l, "%s%zu", count == 0 ? "" : ",", one.len);
        count++;
    }
    put(l, "%s bytes", count == 0 ? "none," : "");
    e->certificates = (uint8_t)(count > 255 ? 255 : count);
}

/* signature: SignatureAndHashAlgorithm and the signature (RFC 5246 4.7, 7.4.1.4.1). */
static void signature(nxdtls_log_entry *e, struct line *l, struct wire_rd *r)
{
    uint16_t scheme;
    struct wire_rd sig;
    if (!wire_get_u16(r, &scheme) || !wire_get_vec(r, 2, &sig)) {
        return;
    }
    e->signature_scheme = scheme;
    put(l, " signature=%s (0x%04X) %zu bytes", nxdtls_signature_scheme_name(scheme),
        (unsigned)scheme, sig.len);
}

static void server_key_exchange(struct dtls_conn *c, nxdtls_log_entry *e, struct line *l,
                                struct wire_rd r)
{
    unsigned kx = c->suite != NULL ? dtls_suite_kx(c->suite) : DTLS_KX_NONE;
    if (kx == DTLS_KX_PSK) {
        struct wire_rd hint;
        if (wire_get_vec(&r, 2, &hint)) {
            e->psk_hint = hint.len != 0 ? hint.p : NULL;
            e->psk_hint_len = hint.len;
            put(l, " psk_identity_hint=\"");
            put_text(l, hint.p, hint.len);
            put(l, "\"");
        }
        return;
    }
    uint8_t curve_type;
    uint16_t group;
    struct wire_rd point;
    if (kx != DTLS_KX_ECDHE || !wire_get_u8(&r, &curve_type) || curve_type != 3 ||
        !wire_get_u16(&r, &group) || !wire_get_vec(&r, 1, &point)) {
        return;
    }
    e->group = group;
    put(l, " group=%s (%u) public=%zu bytes", nxdtls_group_name(group), (unsigned)group, point.len);
    signature(e, l, &r);
}

static void certificate_request(nxdtls_log_entry *e, struct line *l, struct wire_rd r)
{
    struct wire_rd types;
    struct wire_rd schemes;
    struct wire_rd cas;
    (void)e;
    if (!wire_get_vec(&r, 1, &types) || !wire_get_vec(&r, 2, &schemes) ||
        !wire_get_vec(&r, 2, &cas)) {
        put(l, " (malformed)");
        return;
    }
    put(l, " certificate_types=%zu signature_algorithms=", types.len);
    uint16_t scheme;
    for (bool first = true; wire_get_u16(&schemes, &scheme); first = false) {
        put(l, "%s%s", first ? "" : ",", nxdtls_signature_scheme_name(scheme));
    }
    put(l, " certificate_authorities=%zu bytes", cas.len);
}

static void client_key_exchange(struct dtls_conn *c, nxdtls_log_entry *e, struct line *l,
                                struct wire_rd r)
{
    unsigned kx = c->suite != NULL ? dtls_suite_kx(c->suite) : DTLS_KX_NONE;
    struct wire_rd v;
    if (kx == DTLS_KX_PSK && wire_get_vec(&r, 2, &v)) {
        e->psk_identity = v.p;
        e->psk_identity_len = v.len;
        put(l, " psk_identity=\"");
        put_text(l, v.p, v.len);
        put(l, "\"");
    } else if (kx == DTLS_KX_ECDHE && wire_get_vec(&r, 1, &v)) {
        put(l, " public=%zu bytes", v.len);
    } else if (kx == DTLS_KX_RSA && wire_get_vec(&r, 2, &v)) {
        put(l, " encrypted_premaster=%zu bytes", v.len);
    }
}

void dtls_log_message_(struct dtls_conn *c, bool sent, uint8_t type, const uint8_t *body,
                       size_t len)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_MESSAGES, NXDTLS_LOG_MESSAGE, sent);
    e.type = type;
    e.length = len;
    put(&l, "%s %s len=%zu", sent ? "sent" : "recv", nxdtls_message_name(type), len);
    struct wire_rd r = wire_rd_init(body, len);
    switch (type) {
    case DTLS_HT_CLIENT_HELLO:
        client_hello(&e, &l, r);
        break;
    case DTLS_HT_SERVER_HELLO:
        server_hello(&e, &l, r);
        break;
    case DTLS_HT_HELLO_VERIFY_REQUEST:
        hello_verify_request(&e, &l, r);
        break;
    case DTLS_HT_CERTIFICATE:
        certificate(&e, &l, r);
        break;
    case DTLS_HT_SERVER_KEY_EXCHANGE:
        server_key_exchange(c, &e, &l, r);
        break;
    case DTLS_HT_CERTIFICATE_REQUEST:
        certificate_request(&e, &l, r);
        break;
    case DTLS_HT_CERTIFICATE_VERIFY:
        signature(&e, &l, &r);
        break;
    case DTLS_HT_CLIENT_KEY_EXCHANGE:
        client_key_exchange(c, &e, &l, r);
        break;
    default:
        break; /* HelloRequest, ServerHelloDone: empty; Finished: verify_data only */
    }
    emit(c, &e, &l);
}

void dtls_log_change_cipher_(struct dtls_conn *c, bool sent)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_MESSAGES, NXDTLS_LOG_CHANGE_CIPHER, sent);
    e.type = DTLS_CT_CHANGE_CIPHER_SPEC;
    put(&l, "%s ChangeCipherSpec", sent ? "sent" : "recv");
    emit(c, &e, &l);
}

void dtls_log_alert_(struct dtls_conn *c, bool sent, uint8_t level, uint8_t description)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_EVENTS, NXDTLS_LOG_ALERT, sent);
    e.type = description;
    e.alert_level = level;
    put(&l, "%s alert %s %s (%u)", sent ? "sent" : "recv",
        level == 2 ? "fatal" : (level == 1 ? "warning" : "level?"), nxdtls_alert_name(description),
        (unsigned)description);
    emit(c, &e, &l);
}

void dtls_log_record_(struct dtls_conn *c, bool sent, uint8_t type, uint16_t version,
                      uint16_t epoch, uint64_t seq, size_t len)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_RECORDS, NXDTLS_LOG_RECORD, sent);
    e.type = type;
    e.version = version;
    e.epoch = epoch;
    e.seq = seq;
    e.length = len;
    put(&l, "%s record %s epoch=%u seq=%llu len=%zu", sent ? "sent" : "recv",
        dtls_names_content_type(type), (unsigned)epoch, (unsigned long long)seq, len);
    emit(c, &e, &l);
}

void dtls_log_cid_record_(struct dtls_conn *c, bool sent, uint8_t type, uint16_t epoch,
                          uint64_t seq, size_t len, const uint8_t *cid, size_t cid_len)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_RECORDS, NXDTLS_LOG_RECORD, sent);
    e.type = type;
    e.version = DTLS_VERSION_1_2;
    e.epoch = epoch;
    e.seq = seq;
    e.length = len;
    e.cid = cid;
    e.cid_len = cid_len;
    put(&l, "%s record %s in tls12_cid cid=", sent ? "sent" : "recv",
        dtls_names_content_type(type));
    for (size_t i = 0; i < cid_len; i++) {
        put(&l, "%02x", cid[i]);
    }
    put(&l, " epoch=%u seq=%llu len=%zu", (unsigned)epoch, (unsigned long long)seq, len);
    emit(c, &e, &l);
}

void dtls_log_dropped_(struct dtls_conn *c, const struct dtls_record_hdr *hdr, const char *why)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_RECORDS, NXDTLS_LOG_DROPPED, false);
    if (hdr != NULL) {
        e.type = hdr->type;
        e.version = hdr->version;
        e.epoch = hdr->epoch;
        e.seq = hdr->seq;
        e.length = hdr->length;
        put(&l, "dropped record %s epoch=%u seq=%llu len=%u: %s",
            dtls_names_content_type(hdr->type), (unsigned)hdr->epoch, (unsigned long long)hdr->seq,
            (unsigned)hdr->length, why);
    } else {
        put(&l, "dropped: %s", why);
    }
    emit(c, &e, &l);
}

void dtls_log_retransmit_(struct dtls_conn *c, uint32_t timeout_ms, unsigned retries)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_MESSAGES, NXDTLS_LOG_RETRANSMIT, true);
    put(&l, "retransmit flight (%u messages), retry %u, next timeout %u ms",
        (unsigned)c->flight.count, retries, (unsigned)timeout_ms);
    emit(c, &e, &l);
}

void dtls_log_handshake_done_(struct dtls_conn *c)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_EVENTS, NXDTLS_LOG_HANDSHAKE_DONE, false);
    const struct dtls_hs *hs = c->hs;
    uint16_t suite = c->suite != NULL ? c->suite->nx_secure_tls_ciphersuite : 0;
    e.ciphersuite = suite;
    e.renegotiation = hs != NULL && hs->renegotiating;
    if (hs != NULL) {
        if (hs->use_ems) {
            e.extensions |= NXDTLS_EXT_EXTENDED_MASTER_SECRET;
        }
        if (hs->peer_reneg) {
            e.extensions |= NXDTLS_EXT_RENEGOTIATION_INFO;
        }
        if (c->suite != NULL && dtls_suite_kx(c->suite) == DTLS_KX_ECDHE) {
            e.group = hs->group;
        }
    }
    put(&l, "%s done: suite=%s (0x%04X) extended_master_secret=%s secure_renegotiation=%s",
        e.renegotiation ? "renegotiation" : "handshake", nxdtls_ciphersuite_name(suite),
        (unsigned)suite, (e.extensions & NXDTLS_EXT_EXTENDED_MASTER_SECRET) != 0 ? "yes" : "no",
        (e.extensions & NXDTLS_EXT_RENEGOTIATION_INFO) != 0 ? "yes" : "no");
    if (e.group != 0) {
        put(&l, " group=%s", nxdtls_group_name(e.group));
    }
    if (c->cid.negotiated) {
        /* RFC 9146: the CIDs each side asked for (empty: that direction sends RFC 6347 records). */
        e.extensions |= NXDTLS_EXT_CONNECTION_ID;
        put(&l, " cid=");
        for (size_t i = 0; i < c->cid.own_len; i++) {
            put(&l, "%02x", c->cid.own[i]);
        }
        put(&l, " peer_cid=");
        for (size_t i = 0; i < c->cid.next_peer_len; i++) {
            put(&l, "%02x", c->cid.next_peer[i]);
        }
    }
    emit(c, &e, &l);
}

void dtls_log_failed_(struct dtls_conn *c, UINT status)
{
    nxdtls_log_entry e;
    struct line l;
    begin(&e, &l, NXDTLS_LOG_EVENTS, NXDTLS_LOG_FAILED, false);
    e.status = status;
    put(&l, "failed: %s (0x%X): %s", nxdtls_status_name(status), (unsigned)status,
        nxdtls_status_description(status));
    emit(c, &e, &l);
}
