/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_STDIN_H
#define NXDTLS_TOOL_STDIN_H

#include <stddef.h>
#include <stdint.h>

#include "nx_secure_tls.h"

/* tool_stdin: stdin cut into lines for one record each. */
struct tool_stdin {
    uint8_t data[NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH];
    size_t len;
};

/* tool_line_fn receives one line, its newline included (the last line of the input may lack one; a
 * line longer than a record arrives in record-sized pieces). */
typedef void (*tool_line_fn)(void *ctx, const uint8_t *line, size_t len);

/* tool_stdin_read reads once from fd 0 (call it when poll says readable) and hands every complete line
 * to fn. Returns 1 at end of input (after handing over the unterminated rest), else 0. */
int tool_stdin_read(struct tool_stdin *in, tool_line_fn fn, void *ctx);

#endif
