/* SPDX-License-Identifier: MIT */
/* dtls_session_fuzz.c: two-party session fuzzing (docs/security.md). A real client and a real server nxdtls_conn run a
 * whole session, handshake and application data, over a network the fuzzer controls: every datagram in flight
 * is delivered, dropped, duplicated, deferred, bit-flipped, overwritten, truncated, extended, reflected to its
 * sender, merged with the next one or preceded by an old one replayed; between datagrams the clock moves, the
 * applications send data, either side renegotiates, or forged datagrams are injected. Both roles receive
 * mutated input in every run.
 *
 * Invariants, checked in every run (a violation aborts, which libFuzzer reports as a crash):
 *  1. no crash, leak or undefined behaviour (ASan, UBSan);
 *  2. no acceptance of modified data: every application record either side delivers is byte-exact one of the
 *     messages the other side's application wrote, each at most once (no forgery, no replay);
 *  3. completion or a documented failure: after the script, the network turns faithful and the clock runs
 *     until both sides settle. Then each side is established or has failed with a code of `documented[]`
 *     below (fuzz/README.md lists them) and the meaning each has; a side with neither may only be a server
 *     that never got a valid ClientHello of a client that failed. When both are established they agree on
 *     the suite and the peer's certificate, and a message each way arrives intact (the keys agree).
 *
 * Determinism (a crash input replays exactly): hello randoms, cookie secrets and CBC IVs come from each side's
 * seeded nxdtls_random_fn (RSA key transport padding too), ECDHE key pairs from the seeded generator of
 * fuzz_crypto.h's table, which also makes ECDSA signatures deterministic and memoizes RSA, ECDSA verification
 * and ECDH results.
 *
 * Input: a configuration byte, then one action byte per event (see act_on_datagram and act_when_idle).
 * Configuration: bit 0 server cookies (nxdtls_server in front of the server connection); bit 1 MTU 256; bits
 * 2..4 suite (PSK: 0..5 one of the six PSK suites, 6..7 all offered; certificates: 0..3 ECDHE_ECDSA, 4..5
 * ECDHE_RSA, 6 RSA key transport, 7 those and three more offered; a client certificate is RSA for odd
 * numbers, ECDSA for even); bit 5
 * certificate suites; bit 6 (certificates) the server requires a client certificate, (PSK) the client
 * without extended_master_secret; bit 7 (certificates) P-256 before X25519 in both lists, (PSK) the server
 * without extended_master_secret.
 * Seeds (fuzz/corpus/dtls_session_fuzz/): every configuration with a faithful network; generate with
 *   cc -std=c11 -D_GNU_SOURCE -DDTLS_SESSION_FUZZ_SEEDS -Iinclude -Isrc -Itests/lib -Itests/dtls \
 *      fuzz/dtls_session_fuzz.c <build>/tests/libnxdtls_testlib.a <build>/libnxdtls.a -lcrypto -o seeds
 *   ./seeds fuzz/corpus/dtls_session_fuzz
 * Recommended -max_len=4096. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/dtls/cert_loop.h"
#include "base/wire.h"
#include "fuzz_crypto.h"

#define QUEUE_MAX   48   /* datagrams in flight */
#define HISTORY_MAX 16   /* delivered datagrams kept for replays */
#define DGRAM_CAP   1600 /* MTU 1400 and the garbage a script may append */
#define MSG_MAX     16   /* application messages per direction */
#define STEPS_MAX   1024 /* script events per run */
#define SETTLE_ROUNDS \
    400 /* timer firings in the faithful phase (retransmissions give up long before) */

static NX_SECURE_TLS_CRYPTO fuzz_table;

/* ---- the session ---- */

/* The codes a side may fail with under a hostile network: what a peer's (or the network's) bytes can cause, each
 * a NetX code with its alert in docs/netx-api.md 7.8 (fuzz/README.md groups them). Anything else (NX_PTR_ERROR,
 * NX_NOT_SUCCESSFUL, NX_SECURE_TLS_INVALID_STATE, metadata or crypto-routine failures, a crypto layer code) would
 * mean the engine lost track of its own state, and is a violation. X.509 codes 0x181..0x1A6 (a certificate
 * that does not parse or verify) are accepted as a range. */
static const UINT documented[] = {
    NX_NO_PACKET,                             /* retransmissions exhausted (RFC 6347 4.2.4.1) */
    NX_SECURE_TLS_ALERT_RECEIVED,             /* the peer sent a fatal alert */
    NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED,      /* the peer closed (a forged close is not possible) */
    NX_SECURE_TLS_UNKNOWN_CIPHERSUITE,        /* 0x105 */
    NX_SECURE_TLS_UNSUPPORTED_CIPHER,         /* 0x106 the server chose a suite we did not offer */
    NX_SECURE_TLS_HANDSHAKE_FAILURE,          /* 0x107 */
    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH,   /* 0x10A a malformed handshake message */
    NX_SECURE_TLS_INVALID_SERVER_CERT,        /* 0x10C */
    NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER,  /* 0x10D */
    NX_SECURE_TLS_NO_SUPPORTED_CIPHERS,       /* 0x10E */
    NX_SECURE_TLS_UNKNOWN_TLS_VERSION,        /* 0x10F */
    NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION,    /* 0x110 */
    NX_SECURE_TLS_INVALID_CERTIFICATE,        /* 0x112 */
    NX_SECURE_TLS_FINISHED_HASH_FAILURE,      /* 0x115 Finished did not verify */
    NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM, /* 0x116 */
    NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED,      /* 0x117 */
    NX_SECURE_TLS_BAD_COMPRESSION_METHOD,            /* 0x118 */
    NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT,          /* 0x11A */
    NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND,      /* 0x11B */
    NX_SECURE_TLS_NO_MATCHING_PSK,                   /* 0x126 PSK identity not found (RFC 4279) */
    NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE,        /* 0x12B */
    NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE,           /* 0x12D a chain longer than the slots */
    NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED,          /* 0x12E */
    NX_SECURE_TLS_UNSUPPORTED_FEATURE,               /* 0x130 */
    NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE,        /* 0x131 CertificateVerify did not verify */
    NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED, /* 0x132 */
    NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR,     /* 0x133 bad renegotiation_info (RFC 5746) */
    NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL,           /* 0x135 a message too big to reassemble */
    NX_SECURE_TLS_EXTENSION_NOT_FOUND,               /* 0x136 */
    NX_SECURE_TLS_SNI_EXTENSION_INVALID,             /* 0x137 */
    NX_SECURE_TLS_RENEGOTIATION_FAILURE,             /* 0x13A */
    NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT,             /* 0x13D */
    NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE,             /* 0x14B */
    NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT,            /* 0x14C */
    NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM,   /* 0x14D */
    NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR,      /* 0x14E ServerKeyExchange signature */
    NX_SECURE_TLS_UNEXPECTED_MESSAGE,                /* 0x14F */
    NX_SECURE_TLS_AEAD_DECRYPT_FAIL,                 /* 0x150 */
    NX_SECURE_TLS_RECORD_OVERFLOW,                   /* 0x151 */
};

struct dgram {
    uint8_t to_server;
    uint8_t deferred;
    uint16_t len;
    uint8_t data[DGRAM_CAP];
};

struct side_log {
    uint8_t sent[MSG_MAX][64]; /* what this side's application wrote */
    uint8_t sent_len[MSG_MAX];
    uint8_t delivered[MSG_MAX]; /* what of it the other side delivered */
    unsigned count;
};

struct session {
    struct loop l;
    /* With cookies the server is nxdtls_server (its stateless HelloVerifyRequest, RFC 6347 4.2.1) over one
     * slot, which takes the place of l.server.conn once a cookie'd ClientHello routes to it. */
    int routed;
    nxdtls_server server;
    nxdtls_conn *slot_conn; /* NULL until a slot is taken */
    int idle;               /* the event being decided is an idle one (for the seed generator) */
    struct dgram queue[QUEUE_MAX]; /* a ring: queue_head is the oldest */
    size_t queue_head, queued;
    struct dgram history[HISTORY_MAX];
    size_t history_next;
    struct side_log log[2]; /* [0] client, [1] server */
    struct wire_rd script;
    int cert_mode;
    unsigned writes;
};

/* The server holds an ECDSA (P-256) and an RSA identity; a client, one or the other. */
static struct cert_side client_ec, client_rsa, server_side;
static struct fix_cert server_rsa, server_rsa_int;
static _Alignas(8) uint8_t remote_slots[2][4 * 2600];
static int pki_state; /* 0 not loaded, 1 loaded, -1 failed */
static uint16_t suite_choice[1];
/* 0..6 one suite each; 7 all ten offered. */
static const uint16_t cert_suites[10] = {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    TLS_RSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    TLS_RSA_WITH_AES_128_CBC_SHA,
    TLS_RSA_WITH_AES_256_CBC_SHA256,
};
static const USHORT groups_x25519_first[2] = {0x001D, 0x0017};
static const USHORT groups_p256_first[2] = {0x0017, 0x001D};
static const NX_CRYPTO_METHOD *curves_x25519_first[2] = {&crypto_method_ec_x25519,
                                                         &crypto_method_ec_secp256};
static const NX_CRYPTO_METHOD *curves_p256_first[2] = {&crypto_method_ec_secp256,
                                                       &crypto_method_ec_x25519};

static nxdtls_conn slot_conns[1];
static _Alignas(8) uint8_t slot_meta[LOOP_META_MAX];
static uint8_t slot_reasm[LOOP_REASM];
static _Alignas(8) uint8_t slot_index[4096];
static const nxdtls_addr client_addr = {.family = 4, .port = 5684, .ip = {127, 0, 0, 1}};

/* conn_of is a side's connection: NULL for a routed server before its slot is taken. */
static nxdtls_conn *conn_of(const struct session *s, int server)
{
    struct session *m = (struct session *)(uintptr_t)s;
    if (!server) {
        return &m->l.client.conn;
    }
    return s->routed ? m->slot_conn : &m->l.server.conn;
}

/* up: the side completed a handshake and has not failed since (is_established stays true after a failure). */
static bool up(const struct session *s, int server)
{
    const nxdtls_conn *c = conn_of(s, server);
    return c != NULL && nxdtls_conn_is_established(c) && nxdtls_conn_error(c) == NX_SUCCESS;
}

static UINT error_of(const struct session *s, int server)
{
    const nxdtls_conn *c = conn_of(s, server);
    return c != NULL ? nxdtls_conn_error(c) : NX_SUCCESS;
}

static uint64_t timer_of(const struct session *s, int server)
{
    const nxdtls_conn *c = conn_of(s, server);
    return c != NULL ? nxdtls_conn_next_timeout(c) : UINT64_MAX;
}

static void violation(const char *what, const struct session *s)
{
    fprintf(stderr, "dtls_session_fuzz: invariant violated: %s (client 0x%X %s, server 0x%X %s)\n",
            what, error_of(s, 0), up(s, 0) ? "established" : "not established", error_of(s, 1),
            up(s, 1) ? "established" : "not established");
    abort();
}

static int load_pki(void)
{
    if (pki_state == 0) {
        UINT st = cert_side_load(&client_ec, ID_EC);
        st = st != NX_SUCCESS ? st : cert_side_load(&client_rsa, ID_RSA);
        st = st != NX_SUCCESS ? st : cert_side_load(&server_side, ID_EC);
        st = st != NX_SUCCESS ? st
                              : fix_load(&server_rsa, "rsa-leaf", "rsa-leaf",
                                         NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER);
        st = st != NX_SUCCESS ? st : fix_load(&server_rsa_int, "rsa-int", NULL, 0);
        st = st != NX_SUCCESS
                 ? st
                 : x509_store_add(&server_side.store, X509_STORE_LOCAL, &server_rsa.cert, 20);
        st = st != NX_SUCCESS
                 ? st
                 : x509_store_add(&server_side.store, X509_STORE_LOCAL, &server_rsa_int.cert, 21);
        pki_state = st == NX_SUCCESS ? 1 : -1;
    }
    return pki_state == 1;
}

static void setup(struct session *s, uint8_t config)
{
    if (fuzz_table.nx_secure_tls_ciphersuite_lookup_table == NULL) {
        fuzz_crypto_table(&nx_crypto_tls_ciphers_ecc, &fuzz_table);
    }
    fuzz_crypto_reset(0x5e55105e);
    loop_setup(&s->l, 7);
    s->queued = 0;
    s->queue_head = 0;
    s->history_next = 0;
    s->writes = 0;
    memset(s->log, 0, sizeof s->log);
    struct loop *l = &s->l;
    s->cert_mode = (config & 0x20) != 0 && load_pki();
    struct loop_peer *p[2] = {&l->client, &l->server};
    for (int i = 0; i < 2; i++) {
        p[i]->cfg.crypto = &fuzz_table;
        /* A short retransmission budget: a flight is given up after 4 tries 1, 2, 4, 4 s apart (RFC 6347
         * 4.2.4.1 leaves the numbers to the implementation), so a dead run settles in few timer rounds. */
        p[i]->cfg.retransmit_initial_ms = 1000;
        p[i]->cfg.retransmit_max_ms = 4000;
        p[i]->cfg.retransmit_retries = 4;
        p[i]->cfg.mtu = (config & 2) ? NXDTLS_MIN_MTU : 0;
    }
    s->routed = (config & 1) != 0;
    s->slot_conn = NULL;
    l->server.cfg.disable_cookies = s->routed ? 0 : 1;
    unsigned suite = (config >> 2) & 7;
    if (s->cert_mode) {
        /* An RSA client certificate with odd suite numbers, an ECDSA one with even. */
        struct cert_side *sides[2] = {(suite & 1) ? &client_rsa : &client_ec, &server_side};
        for (int i = 0; i < 2; i++) {
            p[i]->cfg.psks = NULL;
            p[i]->cfg.psk_count = 0;
            p[i]->cfg.certificates = &sides[i]->store;
            p[i]->cfg.time_function = cert_time;
            p[i]->cfg.groups = (config & 0x80) ? groups_p256_first : groups_x25519_first;
            p[i]->cfg.curves = (config & 0x80) ? curves_p256_first : curves_x25519_first;
            p[i]->cfg.group_count = 2;
        }
        l->client.cfg.server_name = (const uint8_t *)"localhost";
        l->client.cfg.server_name_len = 9;
        l->server.cfg.verify_client = (config & 0x40) ? 1 : 0;
        suite_choice[0] = cert_suites[suite % 7];
        l->client.cfg.ciphersuites = suite < 7 ? suite_choice : cert_suites;
        l->client.cfg.ciphersuite_count =
            suite < 7 ? 1 : sizeof cert_suites / sizeof cert_suites[0];
    } else {
        l->client.cfg.disable_extended_master_secret = (config & 0x40) ? 1 : 0;
        l->server.cfg.disable_extended_master_secret = (config & 0x80) ? 1 : 0;
        if (suite < 6) {
            suite_choice[0] = loop_psk_rows[suite].nx_secure_tls_ciphersuite;
            l->client.cfg.ciphersuites = suite_choice;
            l->client.cfg.ciphersuite_count = 1;
        }
    }
}

static UINT start(struct session *s)
{
    struct loop *l = &s->l;
    UINT st = loop_init_peers(l);
    if (st == NX_SUCCESS && s->cert_mode) {
        st = nxdtls_conn_set_remote_certificates(&l->client.conn, remote_slots[0],
                                                 sizeof remote_slots[0], 4);
        st = st != NX_SUCCESS ? st
                              : nxdtls_conn_set_remote_certificates(
                                    &l->server.conn, remote_slots[1], sizeof remote_slots[1], 4);
    }
    if (st == NX_SUCCESS && s->routed) {
        nxdtls_conn_free(&l->server.conn);
        st = nxdtls_server_init(&s->server, &l->server.cfg, slot_conns, 1, slot_meta,
                                sizeof slot_meta, slot_reasm, sizeof slot_reasm, slot_index,
                                sizeof slot_index, l->now);
    }
    return st != NX_SUCCESS ? st : nxdtls_conn_connect(&l->client.conn, l->now);
}

/* deliver feeds one datagram to a side and checks every application record it yields (invariant 2). */
static void push(struct session *s, const struct dgram *d);
/* With DTLS_SESSION_FUZZ_TRACE set (tracing), an FNV-1a digest of every datagram delivered: two runs of an
 * input print the same digest when the session is deterministic. */
static uint64_t wire_digest;
static int tracing;

static void deliver(struct session *s, int to_server, const uint8_t *data, size_t len)
{
    struct side_log *from = &s->log[to_server ? 0 : 1];
    uint8_t buf[DGRAM_CAP];
    if (len > sizeof buf) {
        len = sizeof buf;
    }
    memcpy(buf, data, len); /* the engine decrypts in place */
    for (size_t i = 0; tracing && i < len; i++) {
        wire_digest = (wire_digest ^ data[i]) * 0x100000001B3u;
    }
    if (s->history_next < SIZE_MAX) {
        struct dgram *h = &s->history[s->history_next++ % HISTORY_MAX];
        h->to_server = (uint8_t)to_server;
        h->len = (uint16_t)len;
        memcpy(h->data, data, len);
    }
    nxdtls_conn *conn = conn_of(s, to_server);
    if (to_server && s->routed) {
        nxdtls_route route;
        if (nxdtls_server_route(&s->server, s->l.now, &client_addr, buf, len, &route) !=
            NX_SUCCESS) {
            return;
        }
        if (route.kind == NXDTLS_ROUTE_REPLY || route.kind == NXDTLS_ROUTE_FULL) {
            struct dgram r = {.to_server = 0, .len = (uint16_t)route.reply_len};
            if (route.reply_len <= sizeof r.data) {
                memcpy(r.data, route.reply, route.reply_len);
                push(s, &r);
            }
            return;
        }
        if (route.kind == NXDTLS_ROUTE_NEW) {
            if (s->slot_conn != NULL) {
                violation("a second slot for the one client", s);
            }
            s->slot_conn = route.conn;
            if (s->cert_mode &&
                nxdtls_conn_set_remote_certificates(route.conn, remote_slots[1],
                                                    sizeof remote_slots[1], 4) != NX_SUCCESS) {
                return;
            }
        } else if (route.kind != NXDTLS_ROUTE_SESSION) {
            return;
        }
        conn = route.conn;
    }
    uint8_t *cursor = buf;
    size_t remaining = len;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        UINT st = nxdtls_conn_input(conn, s->l.now, &cursor, &remaining, &app, &app_len);
        if (st != NX_SUCCESS) {
            break;
        }
        if (app_len == 0) {
            continue;
        }
        bool found = false;
        for (unsigned i = 0; i < from->count && !found; i++) {
            if (!from->delivered[i] && from->sent_len[i] == app_len &&
                memcmp(from->sent[i], app, app_len) == 0) {
                from->delivered[i] = 1;
                found = true;
            }
        }
        if (!found) {
            violation("application data that the peer never sent, or delivered twice", s);
        }
    }
    (void)nxdtls_conn_events(conn);
}

/* queued_at is the i-th datagram in flight, oldest first. */
static struct dgram *queued_at(struct session *s, size_t i)
{
    return &s->queue[(s->queue_head + i) % QUEUE_MAX];
}

/* collect moves what both engines queued into the network. */
static void collect(struct session *s)
{
    for (int i = 0; i < 2; i++) {
        nxdtls_conn *conn = conn_of(s, i);
        if (conn == NULL) {
            continue;
        }
        for (int guard = 0; guard < 64; guard++) {
            uint8_t out[DGRAM_CAP];
            size_t n = 0;
            if (nxdtls_conn_output(conn, s->l.now, out, sizeof out, &n) != NX_SUCCESS || n == 0) {
                break;
            }
            if (s->queued < QUEUE_MAX) {
                struct dgram *d = queued_at(s, s->queued++);
                d->to_server = (uint8_t)(i == 0);
                d->deferred = 0;
                d->len = (uint16_t)n;
                memcpy(d->data, out, n);
            }
        }
        (void)nxdtls_conn_events(conn);
    }
}

static struct dgram *pop(struct session *s, struct dgram *out)
{
    if (s->queued == 0) {
        return NULL;
    }
    *out = s->queue[s->queue_head];
    s->queue_head = (s->queue_head + 1) % QUEUE_MAX;
    s->queued--;
    return out;
}

static void push(struct session *s, const struct dgram *d)
{
    if (s->queued < QUEUE_MAX) {
        *queued_at(s, s->queued++) = *d;
    }
}

/* app_write makes side `from` write its next message (unique bytes) and queues the record. The script may
 * write MSG_MAX - 1 messages a side: the last one is check_end's. */
static void app_write(struct session *s, int from_server, unsigned limit)
{
    nxdtls_conn *conn = conn_of(s, from_server);
    struct side_log *log = &s->log[from_server ? 1 : 0];
    if (log->count >= limit || !up(s, from_server)) {
        return;
    }
    uint8_t msg[64];
    size_t len = 12 + (s->writes * 7) % 48;
    for (size_t i = 0; i < len; i++) {
        msg[i] = (uint8_t)((from_server ? 0xA0 : 0x10) + log->count + i * 31);
    }
    msg[0] = from_server ? 'S' : 'C';
    msg[1] = (uint8_t)log->count;
    struct dgram d = {.to_server = (uint8_t)!from_server};
    size_t n = 0;
    if (nxdtls_conn_write(conn, msg, len, d.data, sizeof d.data, &n) != NX_SUCCESS || n == 0) {
        return;
    }
    memcpy(log->sent[log->count], msg, len);
    log->sent_len[log->count] = (uint8_t)len;
    log->count++;
    s->writes++;
    d.len = (uint16_t)n;
    push(s, &d);
}

/* fire advances the clock to the earlier timer of the two sides (1 s when neither has one) and fires it. */
static int fire(struct session *s)
{
    uint64_t a = timer_of(s, 0);
    uint64_t b = timer_of(s, 1);
    uint64_t next = a < b ? a : b;
    if (next == UINT64_MAX) {
        s->l.now += 1000;
        return 0;
    }
    if (next > s->l.now) {
        s->l.now = next;
    }
    for (int i = 0; i < 2; i++) {
        if (conn_of(s, i) != NULL) {
            (void)nxdtls_conn_timeout(conn_of(s, i), s->l.now);
        }
    }
    return 1;
}

#ifdef DTLS_SESSION_FUZZ_SEEDS
static uint8_t seed_policy(struct session *s, uint8_t fallback);
#endif

static uint8_t next_byte(struct session *s, uint8_t fallback)
{
    uint8_t b;
#ifdef DTLS_SESSION_FUZZ_SEEDS
    if (s->script.len == 0) {
        return seed_policy(s, fallback);
    }
#endif
    return wire_get_u8(&s->script, &b) ? b : fallback;
}

static size_t next_offset(struct session *s, size_t len)
{
    uint16_t v = 0;
    v = (uint16_t)(next_byte(s, 0) << 8);
    v = (uint16_t)(v | next_byte(s, 0));
    return len != 0 ? v % len : 0;
}

/* act_on_datagram: the action byte's low nibble decides what the network does with datagram d. */
static void act_on_datagram(struct session *s, struct dgram *d, uint8_t a)
{
    switch (a & 15) {
    case 6: /* lost */
        return;
    case 7: /* duplicated: now and again later */
        push(s, d);
        break;
    case 8: /* deferred behind what is queued (reordering), at most 4 times */
        if (d->deferred < 4) {
            d->deferred++;
            push(s, d);
            return;
        }
        break;
    case 9: { /* a bit pattern flipped */
        size_t off = next_offset(s, d->len);
        uint8_t x = next_byte(s, 1);
        if (d->len != 0) {
            d->data[off] ^= x != 0 ? x : 1;
        }
        break;
    }
    case 10: { /* a byte overwritten */
        size_t off = next_offset(s, d->len);
        if (d->len != 0) {
            d->data[off] = next_byte(s, 0);
        }
        break;
    }
    case 11: /* truncated */
        d->len = (uint16_t)(d->len != 0 ? next_byte(s, 0) % d->len : 0);
        break;
    case 12: { /* garbage appended */
        uint8_t n = next_byte(s, 0) & 63;
        for (uint8_t i = 0; i < n && d->len < DGRAM_CAP; i++) {
            d->data[d->len++] = next_byte(s, 0);
        }
        break;
    }
    case 13: /* reflected to its sender */
        d->to_server = (uint8_t)!d->to_server;
        break;
    case 14: { /* an old datagram replayed first */
        size_t have = s->history_next < HISTORY_MAX ? s->history_next : HISTORY_MAX;
        if (have != 0) {
            struct dgram *h = &s->history[next_byte(s, 0) % have];
            struct dgram copy = *h;
            deliver(s, copy.to_server, copy.data, copy.len);
        }
        break;
    }
    case 15: /* merged with the next queued datagram of the same direction */
        for (size_t i = 0; i < s->queued; i++) {
            struct dgram *o = queued_at(s, i);
            if (o->to_server == d->to_server && (size_t)d->len + o->len <= DGRAM_CAP) {
                memcpy(d->data + d->len, o->data, o->len);
                d->len = (uint16_t)(d->len + o->len);
                for (size_t j = i; j + 1 < s->queued; j++) {
                    *queued_at(s, j) = *queued_at(s, j + 1);
                }
                s->queued--;
                break;
            }
        }
        break;
    default: /* 0..5: delivered as sent */
        break;
    }
    deliver(s, d->to_server, d->data, d->len);
}

/* act_when_idle: what happens when nothing is in flight. */
static void act_when_idle(struct session *s, uint8_t a)
{
    switch (a & 7) {
    case 3:
        app_write(s, 0, MSG_MAX - 1);
        break;
    case 4:
        app_write(s, 1, MSG_MAX - 1);
        break;
    case 5:
        (void)nxdtls_conn_renegotiate(&s->l.client.conn, s->l.now);
        break;
    case 6:
        if (conn_of(s, 1) != NULL) {
            (void)nxdtls_conn_renegotiate(conn_of(s, 1), s->l.now);
        }
        break;
    case 7: { /* a forged datagram from the script */
        struct dgram d = {.to_server = (uint8_t)(a >> 3 & 1)};
        uint8_t n = next_byte(s, 0);
        for (uint8_t i = 0; i < n; i++) {
            d.data[d.len++] = next_byte(s, 0);
        }
        deliver(s, d.to_server, d.data, d.len);
        break;
    }
    default: /* 0..2: time passes to the next timer */
        (void)fire(s);
        break;
    }
}

static bool documented_code(UINT code)
{
    if (code >= NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED &&
        code <= NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND &&
        code != NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE) {
        return true;
    }
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++) {
        if (documented[i] == code) {
            return true;
        }
    }
    return false;
}

/* settle runs the faithful network: everything queued is delivered and timers fire until no datagram moves and
 * no timer runs on either side (a renegotiation in progress completes or is abandoned). A timer that never
 * stops is a violation too: retransmission gives up after a bounded number of tries (RFC 6347 4.2.4.1). */
static void settle(struct session *s)
{
    for (int round = 0; round < SETTLE_ROUNDS; round++) {
        collect(s);
        struct dgram d;
        bool moved = false;
        while (pop(s, &d) != NULL) {
            deliver(s, d.to_server, d.data, d.len);
            collect(s);
            moved = true;
        }
        if (!moved && timer_of(s, 0) == UINT64_MAX && timer_of(s, 1) == UINT64_MAX) {
            return;
        }
        if (!moved) {
            (void)fire(s);
        }
    }
    violation("timers still running after the retransmission limit", s);
}

static unsigned delivered(const struct side_log *log)
{
    unsigned n = 0;
    for (unsigned i = 0; i < log->count; i++) {
        n += log->delivered[i];
    }
    return n;
}

/* check_end applies invariant 3 once the network has settled. */
static void check_end(struct session *s)
{
    struct loop *l = &s->l;
    bool c_up = up(s, 0);
    bool s_up = up(s, 1);
    UINT c_err = error_of(s, 0);
    UINT s_err = error_of(s, 1);
    if (!c_up && c_err != NX_SUCCESS && !documented_code(c_err)) {
        fprintf(stderr, "client failure code 0x%X\n", c_err);
        violation("a client failure code that is not documented", s);
    }
    if (!s_up && s_err != NX_SUCCESS && !documented_code(s_err)) {
        fprintf(stderr, "server failure code 0x%X\n", s_err);
        violation("a server failure code that is not documented", s);
    }
    if (!c_up && c_err == NX_SUCCESS) {
        violation("the client neither completed nor failed", s);
    }
    if (!s_up && s_err == NX_SUCCESS && c_up) {
        violation("the client completed but the server neither completed nor failed", s);
    }
    if (tracing) {
        fprintf(stderr,
                "session: client %s 0x%X, server %s 0x%X, messages %u/%u and %u/%u, wire %016llx\n",
                c_up ? "up" : "down", c_err, s_up ? "up" : "down", s_err, delivered(&s->log[0]),
                s->log[0].count, delivered(&s->log[1]), s->log[1].count,
                (unsigned long long)wire_digest);
    }
    if (!c_up || !s_up) {
        return;
    }
    const NX_SECURE_TLS_CIPHERSUITE_INFO *a = nxdtls_conn_ciphersuite(&l->client.conn);
    const NX_SECURE_TLS_CIPHERSUITE_INFO *b = nxdtls_conn_ciphersuite(conn_of(s, 1));
    if (a == NULL || b == NULL || a->nx_secure_tls_ciphersuite != b->nx_secure_tls_ciphersuite) {
        violation("the two sides completed with different suites", s);
    }
    if (s->cert_mode) {
        const NX_SECURE_X509_CERT *got = nxdtls_conn_peer_certificate(&l->client.conn, 0);
        const struct fix_cert *want =
            b->nx_secure_tls_public_auth == &fuzz_rsa_method ? &server_rsa : &server_side.leaf;
        if (got == NULL || got->nx_secure_x509_certificate_raw_data_length != want->der_len ||
            memcmp(got->nx_secure_x509_certificate_raw_data, want->der, want->der_len) != 0) {
            violation("the client completed with a server certificate the server does not hold", s);
        }
    }
    /* The keys agree: one more message each way over the faithful network arrives intact. */
    unsigned before[2] = {s->log[0].count, s->log[1].count};
    app_write(s, 0, MSG_MAX);
    app_write(s, 1, MSG_MAX);
    settle(s);
    for (int i = 0; i < 2; i++) {
        if (s->log[i].count != before[i] + 1 || !s->log[i].delivered[before[i]]) {
            violation("a faithful message after completion did not arrive", s);
        }
    }
}

static int script_left(const struct session *s);

static void finish(struct session *s)
{
    if (s->routed && s->slot_conn != NULL) {
        (void)nxdtls_server_release(&s->server, 0);
    }
    loop_free(&s->l);
}

/* With DTLS_SESSION_FUZZ_TRACE set, the memo counters at exit (how much arithmetic the runs needed). */
__attribute__((destructor)) static void trace_memo(void)
{
    if (getenv("DTLS_SESSION_FUZZ_TRACE") != NULL) {
        fprintf(stderr,
                "memo: RSA %lu hit %lu computed, ECDSA verify %lu/%lu, ECDH %lu/%lu; ECDSA "
                "signatures %lu, "
                "ECDHE key pairs %lu\n",
                fuzz_memo_hits[0], fuzz_memo_misses[0], fuzz_memo_hits[1], fuzz_memo_misses[1],
                fuzz_memo_hits[2], fuzz_memo_misses[2], fuzz_memo_misses[3], fuzz_memo_misses[4]);
    }
}

static void run(const uint8_t *data, size_t size)
{
    static struct session s;
    if (size == 0) {
        return;
    }
    static int checked_env;
    if (!checked_env) {
        checked_env = 1;
        tracing = getenv("DTLS_SESSION_FUZZ_TRACE") != NULL;
    }
    setup(&s, data[0]);
    wire_digest = 0xCBF29CE484222325u;
    s.script = wire_rd_init(data + 1, size - 1);
    if (start(&s) != NX_SUCCESS) {
        finish(&s);
        return;
    }
    for (int step = 0; step < STEPS_MAX && script_left(&s); step++) {
        collect(&s);
        struct dgram d;
        if (pop(&s, &d) != NULL) {
            s.idle = 0;
            act_on_datagram(&s, &d, next_byte(&s, 0));
        } else {
            s.idle = 1;
            act_when_idle(&s, next_byte(&s, 0));
        }
    }
    settle(&s);
    check_end(&s);
    finish(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size);
    return 0;
}

#ifndef DTLS_SESSION_FUZZ_SEEDS
static int script_left(const struct session *s)
{
    return s->script.len != 0;
}
#else
/* The seed generator: runs each configuration with a policy in place of the script and writes the bytes the
 * policy chose, so the seed replays the same session: the server's first datagram lost once (a retransmission),
 * everything else delivered; once established, data both ways, a renegotiation by the client, data, a
 * renegotiation by the server, data. */
static uint8_t seed_script[8192];
static size_t seed_len;
static unsigned seed_stage;
static int seed_dropped;

static uint8_t seed_choose(struct session *s)
{
    bool both = up(s, 0) && up(s, 1);
    if (!s->idle) {
        /* The datagram after the first ClientHello (the server's first) is lost once. */
        if (!seed_dropped && s->history_next == 1) {
            seed_dropped = 1;
            return 6;
        }
        return 0;
    }
    if (!both) {
        return 0; /* time passes: retransmissions */
    }
    static const uint8_t plan[] = {3, 4, 5, 3, 4, 6, 3, 4};
    return seed_stage < sizeof plan ? plan[seed_stage++] : 0;
}

static uint8_t seed_policy(struct session *s, uint8_t fallback)
{
    (void)fallback;
    uint8_t b = seed_choose(s);
    if (seed_len < sizeof seed_script) {
        seed_script[seed_len++] = b;
    }
    return b;
}

static int script_left(const struct session *s)
{
    (void)s;
    return seed_stage < 8 || seed_len < 64;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    for (unsigned c = 0; c < 256; c++) {
        bool cert = (c & 0x20) != 0;
        unsigned suite = (c >> 2) & 7;
        /* Certificates: each suite choice with and without a client certificate, cookies and small MTU (P-256
         * first only with suite 0). PSK: every suite with the cookie/MTU variants; EMS variants with all
         * suites offered. */
        if ((cert && (c & 0x80) != 0 && suite != 0) || (!cert && (c & 0xC0) != 0 && suite != 6)) {
            continue;
        }
        seed_len = 0;
        seed_stage = 0;
        seed_dropped = 0;
        uint8_t config = (uint8_t)c;
        run(&config, 1);
        char path[1024];
        snprintf(path, sizeof path, "%s/seed-%02x", dir, c);
        FILE *fp = fopen(path, "wb");
        if (fp != NULL) {
            fwrite(&config, 1, 1, fp);
            fwrite(seed_script, 1, seed_len, fp);
            fclose(fp);
        }
    }
    return 0;
}
#endif
