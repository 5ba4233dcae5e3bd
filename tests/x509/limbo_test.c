/* SPDX-License-Identifier: MIT */
/* limbo_test: runs the x509-limbo suite (C2SP/x509-limbo, tests/vectors/x509/limbo/, converted by
 * limbo_to_lines.py) through x509_chain_verify, x509_dns_check (RFC 9525: no common-name fallback) and
 * x509_crl_check. Cases whose features we do not support are skipped with a reason and counted apart;
 * the test FAILS on any false accept in scope (a case expected to fail that we accept). False rejects
 * are listed and counted in the pass rate. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_crl.h"
#include "x509/x509_dns.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

#define DEFAULT_TIME 1735689600u /* 2025-01-01T00:00:00Z, inside every undated case's validity */
#define LINE_MAX_BYTES (1u << 20)
#define MAX_ITEMS 512

struct item {
    uint8_t *der;
    size_t len;
};

struct limbo_case {
    char id[160];
    char expected[16];
    char kind[16];
    char time[32];
    char depth[16];
    char features[256];
    char name_kind[8];
    char name[256];
    char eku[128];
    char ku[128];
    struct item trusted[MAX_ITEMS];
    size_t n_trusted;
    struct item inter[MAX_ITEMS];
    size_t n_inter;
    struct item crl[MAX_ITEMS];
    size_t n_crl;
    struct item leaf;
};

/* Reasons for skipping, by feature or id prefix. Each is a capability nxdtls does not have, or a
 * profile (CA/Browser Forum "webpki") that differs from RFC 5280, which is what we validate. */
struct skip_rule {
    const char *match; /* "feature:NAME" or an id prefix */
    const char *reason;
};

/* clang-format off */
static const struct skip_rule skip_rules[] = {
    {"feature:pedantic-webpki-eku", "pedantic CABF profile"},
    {"feature:pedantic-webpki-subscriber-key", "pedantic CABF profile"},
    {"feature:pedantic-serial-number", "pedantic CABF profile"},
    {"feature:pedantic-public-suffix-wildcard", "needs the public suffix list"},
    {"feature:pedantic-rfc5280", "pedantic RFC 5280"},
    {"feature:rfc5280-incompatible-with-webpki", "webpki-only semantics"},
    {"feature:name-constraint-dn", "name constraints not implemented"},
    {"feature:has-policy-constraints", "certificate policies not implemented"},
    {"rfc5280::nc::", "name constraints not implemented"},
    {"webpki::nc::", "name constraints not implemented"},
    {"pathological::nc-dos-", "name constraints not implemented"},
    {"cve::cve-2025-61727", "name constraints not implemented"},
    {"rfc5280::pc::", "certificate policies not implemented"},
    /* CABF BR rules on how CAs must issue, not path validation rules of RFC 5280. */
    {"webpki::aki::", "CABF profile: AKI form on roots"},
    {"webpki::cn::", "CABF profile: CN must copy a SAN"},
    {"webpki::v1-cert", "CABF profile: leaf must be v3"},
    {"webpki::ee-basicconstraints-ca", "CABF profile: leaf must not be a CA"},
    {"webpki::ca-as-leaf", "CABF profile: leaf must not be a CA"},
    {"webpki::san::san-critical-with-nonempty-subject", "CABF profile: SAN criticality"},
    /* RFC 5280 6.1.1(d): a trust anchor is its name and key; nxdtls, like NetX and OpenSSL, does not
     * require its basicConstraints to be critical (docs/security.md). Intermediates still must. */
    {"rfc5280::root-non-critical-basic-constraints", "trust anchor taken as given (RFC 5280 6.1.1 d)"},
};
/* clang-format on */

#define MAX_REASONS 32
static const char *reason_names[MAX_REASONS];
static unsigned reason_counts[MAX_REASONS];

static void count_reason(const char *reason)
{
    for (size_t i = 0; i < MAX_REASONS; i++) {
        if (reason_names[i] == NULL || strcmp(reason_names[i], reason) == 0) {
            reason_names[i] = reason;
            reason_counts[i]++;
            return;
        }
    }
}

static const char *skip_reason(const struct limbo_case *c)
{
    for (size_t i = 0; i < NXD_ARRAY_LEN(skip_rules); i++) {
        const char *m = skip_rules[i].match;
        if (strncmp(m, "feature:", 8) == 0) {
            const char *f = strstr(c->features, m + 8);
            size_t n = strlen(m + 8);
            if (f != NULL && (f[n] == ',' || f[n] == '\0') && (f == c->features || f[-1] == ',')) {
                return skip_rules[i].reason;
            }
        } else if (strncmp(c->id, m, strlen(m)) == 0) {
            return skip_rules[i].reason;
        }
    }
    return NULL;
}

static int b64(int ch)
{
    if (ch >= 'A' && ch <= 'Z') {
        return ch - 'A';
    }
    if (ch >= 'a' && ch <= 'z') {
        return ch - 'a' + 26;
    }
    if (ch >= '0' && ch <= '9') {
        return ch - '0' + 52;
    }
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

static struct item decode(const char *text)
{
    size_t n = strlen(text);
    struct item it = {malloc(n * 3 / 4 + 4), 0};
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64((unsigned char)text[i]);
        if (v < 0) {
            continue;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            it.der[it.len++] = (uint8_t)(acc >> bits);
        }
    }
    return it;
}

static void free_case(struct limbo_case *c)
{
    for (size_t i = 0; i < c->n_trusted; i++) {
        free(c->trusted[i].der);
    }
    for (size_t i = 0; i < c->n_inter; i++) {
        free(c->inter[i].der);
    }
    for (size_t i = 0; i < c->n_crl; i++) {
        free(c->crl[i].der);
    }
    free(c->leaf.der);
    memset(c, 0, sizeof *c);
}

static uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];

/* run_case returns true when nxdtls accepts the peer. */
static bool run_case(const struct limbo_case *c, const char **why)
{
    const NX_SECURE_X509_CRYPTO *table = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table;
    size_t table_size = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size;
    static NX_SECURE_X509_CERT trusted[MAX_ITEMS];
    static NX_SECURE_X509_CERT inter[MAX_ITEMS];
    static const NX_SECURE_X509_CERT *inter_ptr[MAX_ITEMS];
    NX_SECURE_X509_CERTIFICATE_STORE store;
    NX_SECURE_X509_CERT leaf;
    size_t n_inter = 0;

    memset(&store, 0, sizeof store);
    for (size_t i = 0; i < c->n_trusted; i++) {
        /* A trust anchor we cannot parse is simply not trusted. */
        if (x509_certificate_parse(&trusted[i], c->trusted[i].der, c->trusted[i].len) == NX_SUCCESS) {
            EXPECT_OK(x509_store_add(&store, X509_STORE_TRUSTED, &trusted[i], (UINT)(i + 1)));
        }
    }
    for (size_t i = 0; i < c->n_inter; i++) {
        if (x509_certificate_parse(&inter[n_inter], c->inter[i].der, c->inter[i].len) == NX_SUCCESS) {
            inter_ptr[n_inter] = &inter[n_inter];
            n_inter++;
        }
    }
    UINT status = x509_certificate_parse(&leaf, c->leaf.der, c->leaf.len);
    if (status != NX_SUCCESS) {
        *why = "leaf parse";
        return false;
    }
    unsigned flags = 0;
    if (strstr(c->eku, "serverAuth") != NULL) {
        flags |= X509_CHAIN_SERVER_AUTH;
    }
    if (strstr(c->eku, "clientAuth") != NULL) {
        flags |= X509_CHAIN_CLIENT_AUTH;
    }
    if (c->depth[0] != '-') {
        unsigned d = (unsigned)strtoul(c->depth, NULL, 10);
        if (d < X509_CHAIN_MAX_DEPTH) {
            flags |= X509_CHAIN_MAX_INTERMEDIATES(d);
        }
    }
    uint64_t now = c->time[0] == '-' ? DEFAULT_TIME : strtoull(c->time, NULL, 10);
    status = x509_chain_verify(table, table_size, &store, &leaf, inter_ptr, n_inter, now, flags, scratch,
                               sizeof scratch);
    if (status != NX_SUCCESS) {
        static char code[64];
        snprintf(code, sizeof code, "chain 0x%x", status);
        *why = code;
        return false;
    }
    if (strstr(c->ku, "digitalSignature") != NULL && leaf.nx_secure_x509_key_usage_present &&
        (leaf.nx_secure_x509_key_usage & NX_SECURE_X509_KEY_USAGE_DIGITAL_SIGNATURE) == 0) {
        *why = "key usage";
        return false;
    }
    if (c->name_kind[0] != '\0' &&
        x509_dns_check(&leaf, (const UCHAR *)c->name, strlen(c->name), 0) != NX_SUCCESS) {
        *why = "name";
        return false;
    }
    for (size_t i = 0; i < n_inter; i++) {
        EXPECT_OK(x509_store_push(&store, X509_STORE_REMOTE, &inter[i]));
    }
    for (size_t i = 0; i < c->n_crl; i++) {
        status = x509_crl_check(table, table_size, c->crl[i].der, c->crl[i].len, &store, &leaf, scratch,
                                sizeof scratch);
        /* A CRL of another issuer does not apply; any other failure fails closed. */
        if (status != NX_SUCCESS && status != NX_SECURE_X509_CRL_ISSUER_MISMATCH) {
            static char code[64];
            snprintf(code, sizeof code, "crl 0x%x", status);
            *why = code;
            return false;
        }
    }
    *why = "accepted";
    return true;
}

int main(void)
{
    FILE *f = fopen("vectors/x509/limbo/limbo.lines", "r");
    char *line = malloc(LINE_MAX_BYTES);
    struct limbo_case *c = calloc(1, sizeof *c);
    unsigned total = 0, skipped = 0, skipped_agree = 0, in_scope = 0, passed = 0, false_accepts = 0, false_rejects = 0;

    if (f == NULL || line == NULL || c == NULL) {
        fprintf(stderr, "cannot open vectors/x509/limbo/limbo.lines\n");
        return 1;
    }
    while (fgets(line, (int)LINE_MAX_BYTES, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        char *arg = line[0] != '\0' && line[1] == ' ' ? line + 2 : line + 1;
        switch (line[0]) {
        case 'C':
            free_case(c);
            if (sscanf(arg, "%159s %15s %15s %31s %15s %255s", c->id, c->expected, c->kind, c->time, c->depth,
                       c->features) != 6) {
                fprintf(stderr, "bad case line\n");
                return 1;
            }
            break;
        case 'N':
            if (sscanf(arg, "%7s %255s", c->name_kind, c->name) != 2) {
                c->name_kind[0] = '\0';
            }
            break;
        case 'E':
            snprintf(c->eku, sizeof c->eku, "%s", arg);
            break;
        case 'K':
            snprintf(c->ku, sizeof c->ku, "%s", arg);
            break;
        case 'T':
            if (c->n_trusted < MAX_ITEMS) {
                c->trusted[c->n_trusted++] = decode(arg);
            }
            break;
        case 'I':
            if (c->n_inter < MAX_ITEMS) {
                c->inter[c->n_inter++] = decode(arg);
            }
            break;
        case 'R':
            if (c->n_crl < MAX_ITEMS) {
                c->crl[c->n_crl++] = decode(arg);
            }
            break;
        case 'L':
            c->leaf = decode(arg);
            break;
        case '.': {
            total++;
            const char *reason = skip_reason(c);
            if (reason != NULL) {
                /* Run it anyway, for information only: it is not counted as a pass or a failure. */
                const char *ignored = "";
                skipped++;
                skipped_agree += run_case(c, &ignored) == (strcmp(c->expected, "SUCCESS") == 0) ? 1u : 0u;
                count_reason(reason);
                break;
            }
            in_scope++;
            const char *why = "";
            bool accepted = run_case(c, &why);
            bool want = strcmp(c->expected, "SUCCESS") == 0;
            if (accepted == want) {
                passed++;
                test_passed++;
            } else if (accepted) {
                false_accepts++;
                test_failed++;
                fprintf(stderr, "FALSE ACCEPT %s\n", c->id);
            } else {
                false_rejects++;
                printf("false reject %s (%s)\n", c->id, why);
            }
            break;
        }
        default:
            break;
        }
    }
    fclose(f);
    free_case(c);
    free(c);
    free(line);
    printf("limbo: %u cases, %u in scope, %u passed (%.1f%%), %u false rejects, %u false accepts, %u skipped\n",
           total, in_scope, passed, in_scope ? 100.0 * passed / in_scope : 0.0, false_rejects, false_accepts, skipped);
    printf("  (of the skipped cases, %u would give the expected result anyway; not counted)\n", skipped_agree);
    for (size_t i = 0; i < MAX_REASONS && reason_names[i] != NULL; i++) {
        printf("  skipped %3u: %s\n", reason_counts[i], reason_names[i]);
    }
    EXPECT(total == 208);
    return test_finish("x509/limbo");
}
