/* SPDX-License-Identifier: MIT */
#include "tool_psk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_args.h"
#include "tool_payload.h"
#include "tool_session.h"

/* psk_text: an identity and key parsed from IDENTITY:HEXKEY. */
struct psk_text {
    uint8_t identity[NXDTLS_PSK_IDENTITY_MAX];
    uint8_t key[NXDTLS_PSK_KEY_MAX];
    size_t identity_len;
    size_t key_len;
};

/* parse_entry reads IDENTITY:HEXKEY (len bytes at text) into out; errors start with where ("--psk" or
 * "FILE:LINE") and show the identity, never the key. Returns 0 or -1. */
static int parse_entry(const char *where, const char *text, size_t len, struct psk_text *out)
{
    const char *colon = NULL;
    for (size_t i = len; i > 0; i--) {
        if (text[i - 1] == ':') {
            colon = &text[i - 1];
            break;
        }
    }
    if (colon == NULL) {
        fprintf(stderr, "nxdtls: %s wants IDENTITY:HEXKEY (the key in hex after the last ':')\n",
                where);
        return -1;
    }
    size_t id_len = (size_t)(colon - text);
    const char *hex = colon + 1;
    size_t hex_len = len - id_len - 1;
    if (id_len > sizeof out->identity) {
        fprintf(stderr, "nxdtls: %s: the identity is %zu bytes, at most %zu are allowed\n", where,
                id_len, sizeof out->identity);
        return -1;
    }
    if (hex_len == 0) {
        fprintf(stderr, "nxdtls: %s: the key of '%.*s' is empty\n", where, (int)id_len, text);
        return -1;
    }
    if (hex_len % 2 != 0) {
        fprintf(stderr, "nxdtls: %s: the key of '%.*s' has an odd number of hex digits (%zu)\n",
                where, (int)id_len, text, hex_len);
        return -1;
    }
    if (hex_len / 2 > sizeof out->key) {
        fprintf(stderr, "nxdtls: %s: the key of '%.*s' is %zu bytes, at most %zu are allowed\n",
                where, (int)id_len, text, hex_len / 2, sizeof out->key);
        return -1;
    }
    if (tool_hex_decode(hex, hex_len, out->key) != 0) {
        fprintf(stderr, "nxdtls: %s: the key of '%.*s' is not hex (0-9, a-f)\n", where, (int)id_len,
                text);
        return -1;
    }
    memcpy(out->identity, text, id_len);
    out->identity_len = id_len;
    out->key_len = hex_len / 2;
    return 0;
}

int tool_psk_parse(const char *opt, const char *arg, NX_SECURE_TLS_PSK_STORE *out)
{
    struct psk_text t;
    if (parse_entry(opt, arg, strlen(arg), &t) != 0) {
        return TOOL_OPT_USAGE;
    }
    if (t.key_len < TOOL_PSK_SHORT_KEY) {
        fprintf(
            stderr,
            "nxdtls: warning: %s: the key of '%.*s' is %zu bytes; keys under %d bytes (128 bits) "
            "can be guessed from a recorded handshake\n",
            opt, (int)t.identity_len, (const char *)t.identity, t.key_len, TOOL_PSK_SHORT_KEY);
    }
    memset(out, 0, sizeof *out);
    memcpy(out->nx_secure_tls_psk_id, t.identity, t.identity_len);
    out->nx_secure_tls_psk_id_size = (UINT)t.identity_len;
    memcpy(out->nx_secure_tls_psk_data, t.key, t.key_len);
    out->nx_secure_tls_psk_data_size = (UINT)t.key_len;
    memset(&t, 0, sizeof t);
    return 0;
}

/* compare_identity orders identities as bytes, a prefix before its extensions. */
static int compare_identity(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    size_t n = a_len < b_len ? a_len : b_len;
    int c = n != 0 ? memcmp(a, b, n) : 0;
    if (c != 0) {
        return c;
    }
    return a_len < b_len ? -1 : a_len > b_len;
}

static int compare_rows(const void *a, const void *b)
{
    const struct tool_psk_row *x = a;
    const struct tool_psk_row *y = b;
    return compare_identity(x->identity, x->identity_len, y->identity, y->identity_len);
}

/* add_row appends one row, growing the array. Returns 0 or -1 (out of memory). */
static int add_row(struct tool_psk_table *t, size_t *cap, const struct psk_text *e)
{
    if (t->count == *cap) {
        size_t more = *cap != 0 ? *cap * 2 : 256;
        struct tool_psk_row *rows = realloc(t->rows, more * sizeof *rows);
        if (rows == NULL) {
            return -1;
        }
        t->rows = rows;
        *cap = more;
    }
    struct tool_psk_row *r = &t->rows[t->count++];
    memset(r, 0, sizeof *r);
    memcpy(r->identity, e->identity, e->identity_len);
    r->identity_len = (uint16_t)e->identity_len;
    memcpy(r->key, e->key, e->key_len);
    r->key_len = (uint8_t)e->key_len;
    return 0;
}

/* read_rows parses every line of f into t. Returns 0 or -1 after printing why. */
static int read_rows(FILE *f, const char *path, struct tool_psk_table *t, size_t *short_keys)
{
    char *line = NULL;
    size_t line_cap = 0;
    size_t cap = 0;
    unsigned long number = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &line_cap, f)) >= 0) {
        number++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            len--;
        }
        if (len == 0 || line[0] == '#') {
            continue;
        }
        char where[512];
        snprintf(where, sizeof where, "%s:%lu", path, number);
        struct psk_text e;
        if (parse_entry(where, line, len, &e) != 0) {
            rc = -1;
        } else if (add_row(t, &cap, &e) != 0) {
            fprintf(stderr, "nxdtls: out of memory\n");
            rc = -1;
        } else if (e.key_len < TOOL_PSK_SHORT_KEY) {
            (*short_keys)++;
        }
        memset(&e, 0, sizeof e);
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "nxdtls: --psk-file '%s': read error\n", path);
        rc = -1;
    }
    if (line != NULL) {
        memset(line, 0, line_cap);
    }
    free(line);
    return rc;
}

int tool_psk_file_load(const char *path, struct tool_psk_table *table)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "nxdtls: --psk-file '%s': %s\n", path, strerror(errno));
        return TOOL_OPT_FAILED;
    }
    struct tool_psk_table t = {NULL, 0};
    size_t short_keys = 0;
    int rc = read_rows(f, path, &t, &short_keys);
    fclose(f);
    if (rc == 0 && t.count == 0) {
        fprintf(stderr, "nxdtls: --psk-file '%s': no IDENTITY:HEXKEY line\n", path);
        rc = -1;
    }
    if (rc == 0) {
        qsort(t.rows, t.count, sizeof t.rows[0], compare_rows);
        for (size_t i = 1; i < t.count && rc == 0; i++) {
            if (compare_rows(&t.rows[i - 1], &t.rows[i]) == 0) {
                fprintf(stderr, "nxdtls: --psk-file '%s': identity '%.*s' appears twice\n", path,
                        (int)t.rows[i].identity_len, (const char *)t.rows[i].identity);
                rc = -1;
            }
        }
    }
    if (rc != 0) {
        tool_psk_table_free(&t);
        return TOOL_OPT_FAILED;
    }
    if (short_keys != 0) {
        fprintf(
            stderr,
            "nxdtls: warning: --psk-file '%s': %zu of %zu keys are under %d bytes (128 bits) and "
            "can be guessed from a recorded handshake\n",
            path, short_keys, t.count, TOOL_PSK_SHORT_KEY);
    }
    tool_psk_table_free(table);
    *table = t;
    return 0;
}

void tool_psk_table_free(struct tool_psk_table *table)
{
    if (table->rows != NULL) {
        memset(table->rows, 0, table->count * sizeof table->rows[0]);
    }
    free(table->rows);
    table->rows = NULL;
    table->count = 0;
}

UINT tool_psk_table_lookup(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                           size_t identity_len, uint8_t *key, size_t key_capacity, size_t *key_len)
{
    const struct tool_psk_table *t = ctx;
    (void)conn;
    size_t lo = 0;
    size_t hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct tool_psk_row *r = &t->rows[mid];
        int c = compare_identity(identity, identity_len, r->identity, r->identity_len);
        if (c == 0) {
            if (r->key_len > key_capacity) {
                return NX_SECURE_TLS_NO_MORE_PSK_SPACE;
            }
            memcpy(key, r->key, r->key_len);
            *key_len = r->key_len;
            return NX_SUCCESS;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NX_SECURE_TLS_NO_MATCHING_PSK;
}

/* printable writes len bytes into out (cap bytes) with anything outside printable ASCII, and the quote and
 * backslash, as \xHH: hints and identities are arbitrary bytes. */
static const char *printable(const uint8_t *p, size_t len, char *out, size_t cap)
{
    size_t at = 0;
    for (size_t i = 0; i < len && at + 5 < cap; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
            out[at++] = (char)p[i];
        } else {
            at += (size_t)snprintf(out + at, cap - at, "\\x%02x", p[i]);
        }
    }
    out[at] = '\0';
    return out;
}

UINT tool_psk_client_choose(void *ctx, struct nxdtls_conn *conn, const uint8_t *hint,
                            size_t hint_len, uint8_t *identity, size_t identity_capacity,
                            size_t *identity_len, uint8_t *key, size_t key_capacity,
                            size_t *key_len)
{
    const struct tool_psk_client *c = ctx;
    (void)conn;
    char hint_text[4 * NXDTLS_PSK_IDENTITY_MAX + 8];
    printable(hint, hint_len, hint_text, sizeof hint_text);
    size_t index;
    UINT status = nxdtls_psk_choose(c->entries, c->count, hint, hint_len, &index);
    if (status != NX_SUCCESS) {
        if (c->log != NULL) {
            tool_session_log(c->log,
                             "PSK identity hint from the server: \"%s\"; no --psk for it (each has "
                             "another --psk-hint)",
                             hint_text);
        }
        return status;
    }
    const NX_SECURE_TLS_PSK_STORE *e = &c->entries[index];
    if (e->nx_secure_tls_psk_id_size > identity_capacity ||
        e->nx_secure_tls_psk_data_size > key_capacity) {
        return NX_SECURE_TLS_NO_MORE_PSK_SPACE;
    }
    memcpy(identity, e->nx_secure_tls_psk_id, e->nx_secure_tls_psk_id_size);
    *identity_len = e->nx_secure_tls_psk_id_size;
    memcpy(key, e->nx_secure_tls_psk_data, e->nx_secure_tls_psk_data_size);
    *key_len = e->nx_secure_tls_psk_data_size;
    if (c->log != NULL) {
        char id_text[4 * NXDTLS_PSK_IDENTITY_MAX + 8];
        printable(e->nx_secure_tls_psk_id, e->nx_secure_tls_psk_id_size, id_text, sizeof id_text);
        if (hint_len != 0) {
            tool_session_log(c->log, "PSK identity hint from the server: \"%s\"; identity \"%s\"",
                             hint_text, id_text);
        } else {
            tool_session_log(c->log, "no PSK identity hint from the server; identity \"%s\"",
                             id_text);
        }
    }
    return NX_SUCCESS;
}
