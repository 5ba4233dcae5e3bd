/* SPDX-License-Identifier: MIT */
/* tool_commands: the stdin lines that are commands rather than data. */
#include "tool_commands.h"

#include <string.h>

enum tool_command_kind tool_line_command(const uint8_t *line, size_t len)
{
    /* The line without its end of line ("\n" or "\r\n"). */
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
        len--;
    }
    if ((len == 1 && line[0] == 'R') || (len == 11 && memcmp(line, "renegotiate", 11) == 0)) {
        return TOOL_LINE_RENEGOTIATE;
    }
    return TOOL_LINE_DATA;
}
