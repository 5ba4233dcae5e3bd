/* SPDX-License-Identifier: MIT */
/* tool_psk: the tool's pre-shared keys. `--psk IDENTITY:HEXKEY` becomes a static entry (NetX's PSK store);
 * `--psk-file FILE` loads a server's table of many identities, served through the engine's server callback
 * (nxdtls_config.psk_server_callback); the client chooses its entry through the client callback, which
 * applies the engine's rule (nxdtls_psk_choose) and shows the server's identity hint with -v. */
#ifndef NXDTLS_TOOL_PSK_H
#define NXDTLS_TOOL_PSK_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

struct tool_session;

/* Keys shorter than this many bytes (128 bits) draw a warning: they can be guessed offline from one
 * recorded handshake. */
#define TOOL_PSK_SHORT_KEY 16

/* tool_psk_row: one identity of a --psk-file. */
struct tool_psk_row {
    uint8_t identity[NXDTLS_PSK_IDENTITY_MAX];
    uint8_t key[NXDTLS_PSK_KEY_MAX];
    uint16_t identity_len;
    uint8_t key_len;
};

/* tool_psk_table: a --psk-file, sorted by identity for binary search. */
struct tool_psk_table {
    struct tool_psk_row *rows;
    size_t count;
};

/* tool_psk_client: what the client callback needs: the --psk entries and, once the session exists, where
 * -v lines go (NULL: no log). */
struct tool_psk_client {
    const NX_SECURE_TLS_PSK_STORE *entries;
    size_t count;
    const struct tool_session *log;
};

/* tool_psk_parse reads IDENTITY:HEXKEY (the key is after the last ':', so identities may contain ':') into
 * out, hint empty. Errors name opt and never print the key. A key shorter than TOOL_PSK_SHORT_KEY bytes
 * draws a warning on stderr. Returns 0, or TOOL_OPT_USAGE after printing why. */
int tool_psk_parse(const char *opt, const char *arg, NX_SECURE_TLS_PSK_STORE *out);

/* tool_psk_file_load reads FILE: one IDENTITY:HEXKEY a line; blank lines and lines starting with '#' are
 * skipped, CRLF line ends accepted. Every identity must be distinct. One warning counts the keys shorter than
 * TOOL_PSK_SHORT_KEY bytes. Returns 0, or TOOL_OPT_FAILED after printing FILE:LINE and why. */
int tool_psk_file_load(const char *path, struct tool_psk_table *table);

/* tool_psk_table_free releases a table (wiping its keys). */
void tool_psk_table_free(struct tool_psk_table *table);

/* tool_psk_table_lookup is an nxdtls_psk_server_fn over a struct tool_psk_table (ctx). */
UINT tool_psk_table_lookup(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                           size_t identity_len, uint8_t *key, size_t key_capacity, size_t *key_len);

/* tool_psk_client_choose is an nxdtls_psk_client_fn over a struct tool_psk_client (ctx): the entry
 * nxdtls_psk_choose picks, with a -v line naming the server's hint and the identity used. */
UINT tool_psk_client_choose(void *ctx, struct nxdtls_conn *conn, const uint8_t *hint,
                            size_t hint_len, uint8_t *identity, size_t identity_capacity,
                            size_t *identity_len, uint8_t *key, size_t key_capacity,
                            size_t *key_len);

#endif
