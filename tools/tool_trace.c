/* SPDX-License-Identifier: MIT */
/* tool_trace: the engine's log entries turned into the tool's trace lines and handshake summary (see
 * tool_trace.h). Certificates are shown with OpenSSL's printers: the tool may use libcrypto directly, the
 * library only through its method table. */
#include "tool_trace.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "tool_config.h"
#include "tool_session.h"

/* printable copies up to cap-1 bytes of peer-supplied text, anything unprintable as '.'. */
static void printable(char *dst, size_t cap, const uint8_t *p, size_t n)
{
    size_t k = 0;
    for (; p != NULL && k < n && k + 1 < cap; k++) {
        dst[k] = p[k] >= 0x20 && p[k] < 0x7F ? (char)p[k] : '.';
    }
    dst[k] = '\0';
}

/* collect keeps what the summary needs from an entry. */
static void collect(struct tool_summary *sum, const nxdtls_log_entry *e, int client)
{
    if (e->kind == NXDTLS_LOG_MESSAGE) {
        switch (e->type) {
        case 1: /* ClientHello: a new handshake starts, whatever the last one had */
            if (e->sent == client) {
                memset(sum, 0, sizeof *sum);
                printable(sum->server_name, sizeof sum->server_name, e->server_name,
                          e->server_name_len);
            }
            break;
        case 2: /* ServerHello */
            sum->suite = e->ciphersuite;
            sum->sni_acknowledged = (e->extensions & NXDTLS_EXT_SERVER_NAME) != 0;
            break;
        case 11: /* Certificate */
            if (e->sent == client && e->certificates != 0) {
                sum->client_certificate = 1;
            }
            break;
        case 12: /* ServerKeyExchange */
            sum->group = e->group != 0 ? e->group : sum->group;
            sum->scheme = e->signature_scheme;
            if (e->psk_hint != NULL) {
                printable(sum->psk_hint, sizeof sum->psk_hint, e->psk_hint, e->psk_hint_len);
                sum->has_psk_hint = 1;
            }
            break;
        case 16: /* ClientKeyExchange */
            if (e->psk_identity != NULL) {
                printable(sum->psk_identity, sizeof sum->psk_identity, e->psk_identity,
                          e->psk_identity_len);
                sum->has_psk_identity = 1;
            }
            break;
        default:
            break;
        }
    } else if (e->kind == NXDTLS_LOG_HANDSHAKE_DONE) {
        sum->suite = e->ciphersuite;
        sum->group = e->group != 0 ? e->group : sum->group;
        sum->ems = (e->extensions & NXDTLS_EXT_EXTENDED_MASTER_SECRET) != 0;
        sum->secure_renegotiation = (e->extensions & NXDTLS_EXT_RENEGOTIATION_INFO) != 0;
        sum->renegotiation = e->renegotiation;
    }
}

/* shown returns the verbosity at which the tool prints an entry of the engine (0: never; the tool reports
 * handshake completion and failures in its own words). */
static int shown(const nxdtls_log_entry *e)
{
    switch (e->kind) {
    case NXDTLS_LOG_ALERT:
        return TOOL_VERBOSE_EVENTS;
    case NXDTLS_LOG_MESSAGE:
    case NXDTLS_LOG_CHANGE_CIPHER:
    case NXDTLS_LOG_RETRANSMIT:
        return TOOL_VERBOSE_MESSAGES;
    case NXDTLS_LOG_RECORD:
    case NXDTLS_LOG_DROPPED:
        return TOOL_VERBOSE_RECORDS;
    default:
        return 0;
    }
}

static void on_entry(void *ctx, const nxdtls_conn *conn, const nxdtls_log_entry *entry)
{
    struct tool_trace *trace = ctx;
    struct tool_session *s = trace->find(trace->owner, conn);
    if (s == NULL) {
        return;
    }
    collect(&s->summary, entry, s->is_client);
    int level = shown(entry);
    if (level != 0 && s->verbose >= level) {
        tool_session_log(s, "%s", entry->text);
    }
}

void tool_trace_attach(nxdtls_config *cfg, struct tool_trace *trace, tool_session_find_fn find,
                       void *owner, int verbose)
{
    trace->find = find;
    trace->owner = owner;
    trace->verbose = verbose;
    cfg->log = on_entry;
    cfg->log_ctx = trace;
    cfg->log_level = verbose >= TOOL_VERBOSE_RECORDS ? NXDTLS_LOG_RECORDS : NXDTLS_LOG_MESSAGES;
}

/* print_name writes an X509_NAME on one line, RFC 2253 style. */
static void print_name(BIO *out, const char *label, const X509_NAME *name)
{
    BIO_printf(out, "    %-24s", label);
    X509_NAME_print_ex(out, name, 0, XN_FLAG_RFC2253);
    BIO_printf(out, "\n");
}

/* print_certificate writes subject, issuer and validity of one DER certificate, and its PEM when pem. */
static void print_certificate(BIO *out, const NX_SECURE_X509_CERT *cert, size_t index, int pem)
{
    const unsigned char *p = cert->nx_secure_x509_certificate_raw_data;
    X509 *x = d2i_X509(NULL, &p, (long)cert->nx_secure_x509_certificate_raw_data_length);
    if (x == NULL) {
        BIO_printf(out, "    certificate %zu: %u bytes that OpenSSL cannot print\n", index,
                   cert->nx_secure_x509_certificate_raw_data_length);
        return;
    }
    char label[48];
    snprintf(label, sizeof label, "certificate %zu", index);
    print_name(out, index == 0 ? "peer certificate" : label, X509_get_subject_name(x));
    print_name(out, "  issuer", X509_get_issuer_name(x));
    BIO_printf(out, "    %-24s", "  valid");
    ASN1_TIME_print(out, X509_get0_notBefore(x));
    BIO_printf(out, " to ");
    ASN1_TIME_print(out, X509_get0_notAfter(x));
    BIO_printf(out, "\n");
    if (pem) {
        PEM_write_bio_X509(out, x);
    }
    X509_free(x);
}

static void row(BIO *out, const char *label, const char *value)
{
    BIO_printf(out, "    %-24s%s\n", label, value);
}

void tool_trace_handshake_done(struct tool_session *s)
{
    if (s->verbose < TOOL_VERBOSE_EVENTS && !s->showcerts) {
        return;
    }
    const struct tool_summary *sum = &s->summary;
    BIO *out = BIO_new_fp(stderr, BIO_NOCLOSE);
    if (out == NULL) {
        return;
    }
    char text[256];
    BIO_printf(out, "nxdtls: %s: %s summary\n", s->label,
               sum->renegotiation ? "renegotiation" : "handshake");
    row(out, "protocol", "DTLS 1.2");
    snprintf(text, sizeof text, "%s (0x%04X)", nxdtls_ciphersuite_name(sum->suite),
             (unsigned)sum->suite);
    row(out, "cipher suite", text);
    int psk = strstr(nxdtls_ciphersuite_name(sum->suite), "_PSK_") != NULL;
    if (sum->group != 0) {
        row(out, "key exchange group", nxdtls_group_name(sum->group));
    }
    if (sum->scheme != 0) {
        row(out, "signature scheme", nxdtls_signature_scheme_name(sum->scheme));
    }
    row(out, "extended master secret", sum->ems ? "yes (RFC 7627)" : "no");
    row(out, "renegotiation_info",
        sum->secure_renegotiation ? "yes: secure renegotiation (RFC 5746)" : "no");
    const uint8_t *own_cid = NULL;
    const uint8_t *peer_cid = NULL;
    size_t own_len = 0;
    size_t peer_len = 0;
    if (nxdtls_conn_cid(s->conn, &own_cid, &own_len, &peer_cid, &peer_len) == NX_SUCCESS) {
        /* RFC 9146: what each direction's records carry (an empty CID: RFC 6347 records). */
        char own_hex[2 * NXDTLS_CID_MAX + 1] = "empty";
        char peer_hex[2 * NXDTLS_CID_PEER_MAX + 1] = "empty";
        for (size_t i = 0; i < own_len; i++) {
            snprintf(own_hex + 2 * i, sizeof own_hex - 2 * i, "%02x", own_cid[i]);
        }
        for (size_t i = 0; i < peer_len; i++) {
            snprintf(peer_hex + 2 * i, sizeof peer_hex - 2 * i, "%02x", peer_cid[i]);
        }
        snprintf(text, sizeof text, "ours %s, the peer's %s (RFC 9146)", own_hex, peer_hex);
        row(out, "connection ID", text);
    }
    if (sum->server_name[0] != '\0') {
        snprintf(text, sizeof text, "%s (%s)", sum->server_name,
                 sum->sni_acknowledged ? "acknowledged" : "not acknowledged");
        row(out, "server name (SNI)", text);
    } else {
        row(out, "server name (SNI)", "none");
    }
    if (psk) {
        snprintf(text, sizeof text, "\"%s\"", sum->psk_hint);
        row(out, "PSK identity hint", sum->has_psk_hint ? text : "none");
        snprintf(text, sizeof text, "\"%s\"", sum->psk_identity);
        row(out, "PSK identity", sum->has_psk_identity ? text : "unknown");
    }
    for (size_t i = 0;; i++) {
        const NX_SECURE_X509_CERT *cert = nxdtls_conn_peer_certificate(s->conn, i);
        if (cert == NULL) {
            if (i == 0 && !psk) {
                row(out, "peer certificate", "none");
            }
            break;
        }
        /* Without --showcerts the leaf is enough; with it, the whole chain with its PEM. */
        if (i > 0 && !s->showcerts) {
            continue;
        }
        print_certificate(out, cert, i, s->showcerts);
    }
    if (psk) {
        row(out, "authentication", "the pre-shared key");
    } else if (s->is_client) {
        snprintf(text, sizeof text, "server chain verified against --ca; %s%s%s",
                 s->checked_name != NULL ? "host name " : "host name not checked",
                 s->checked_name != NULL ? s->checked_name : "",
                 s->checked_name != NULL ? " matched" : " (--no-verify-host, or an IP address)");
        row(out, "authentication", text);
    } else {
        row(out, "authentication",
            sum->client_certificate ? "client certificate verified against --ca"
                                    : "server certificate only (no client certificate)");
    }
    BIO_free(out);
}
