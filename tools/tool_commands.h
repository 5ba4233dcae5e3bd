/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_COMMANDS_H
#define NXDTLS_TOOL_COMMANDS_H

#include <stddef.h>
#include <stdint.h>

/* Commands a line of the client's or the server's stdin may be (like s_client's R), unless
 * --no-commands makes every line data. */
enum tool_command_kind {
    TOOL_LINE_DATA,        /* an ordinary line: send it */
    TOOL_LINE_RENEGOTIATE, /* "R" or "renegotiate": start a secure renegotiation */
};

/* tool_line_command says what a stdin line (newline included or not) is. */
enum tool_command_kind tool_line_command(const uint8_t *line, size_t len);

#endif
