/* SPDX-License-Identifier: MIT */
/* tool_stdin: line framing for the client and the server, which send one record per stdin line so that
 * a line typed (or piped) arrives at the peer as one unit, as s_client and gnutls-cli do. */
#include "tool_stdin.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int tool_stdin_read(struct tool_stdin *in, tool_line_fn fn, void *ctx)
{
    ssize_t n;
    do {
        n = read(STDIN_FILENO, in->data + in->len, sizeof in->data - in->len);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return 0;
    }
    if (n <= 0) {
        if (in->len > 0) {
            fn(ctx, in->data, in->len);
            in->len = 0;
        }
        return 1;
    }
    in->len += (size_t)n;
    size_t start = 0;
    for (size_t k = 0; k < in->len; k++) {
        if (in->data[k] == '\n') {
            fn(ctx, in->data + start, k + 1 - start);
            start = k + 1;
        }
    }
    if (start == 0 && in->len == sizeof in->data) {
        fn(ctx, in->data, in->len);
        start = in->len;
    }
    memmove(in->data, in->data + start, in->len - start);
    in->len -= start;
    return 0;
}
