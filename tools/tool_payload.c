/* SPDX-License-Identifier: MIT */
#include "tool_payload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_args.h"

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int tool_hex_decode(const char *hex, size_t hex_len, uint8_t *out)
{
    if (hex_len % 2 != 0) {
        return -1;
    }
    for (size_t k = 0; k < hex_len / 2; k++) {
        int hi = hex_digit(hex[2 * k]);
        int lo = hex_digit(hex[2 * k + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[k] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int tool_payload_hex(struct tool_payload *p, const char *opt, const char *hex)
{
    size_t n = strlen(hex);
    char *digits = malloc(n + 1);
    uint8_t *bytes = malloc(n / 2 + 1);
    if (digits == NULL || bytes == NULL) {
        free(digits);
        free(bytes);
        fprintf(stderr, "nxdtls: out of memory\n");
        return TOOL_OPT_FAILED;
    }
    /* Separators may sit between bytes only: "40 01" and "40:01" are two bytes, "4 001" is a mistake. */
    size_t count = 0;
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        if (hex[i] == ' ' || hex[i] == ':') {
            bad = count % 2 != 0;
        } else {
            digits[count++] = hex[i];
        }
    }
    if (bad || count == 0 || tool_hex_decode(digits, count, bytes) != 0) {
        fprintf(stderr,
                "nxdtls: %s wants bytes as pairs of hex digits (\"40011234\" or \"40 01 12 34\"), "
                "got '%s'\n",
                opt, hex);
        free(digits);
        free(bytes);
        return TOOL_OPT_USAGE;
    }
    free(digits);
    tool_payload_free(p);
    p->data = bytes;
    p->len = count / 2;
    p->set = 1;
    return 0;
}

int tool_payload_file(struct tool_payload *p, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "nxdtls: --file '%s': %s\n", path, strerror(errno));
        return TOOL_OPT_FAILED;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fprintf(stderr, "nxdtls: --file '%s': is a directory or cannot be read\n", path);
        fclose(f);
        return TOOL_OPT_FAILED;
    }
    uint8_t *bytes = malloc(TOOL_PAYLOAD_FILE_MAX + 1);
    if (bytes == NULL) {
        fclose(f);
        fprintf(stderr, "nxdtls: out of memory\n");
        return TOOL_OPT_FAILED;
    }
    size_t len = fread(bytes, 1, TOOL_PAYLOAD_FILE_MAX + 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed || len > TOOL_PAYLOAD_FILE_MAX) {
        fprintf(stderr, "nxdtls: --file '%s': %s\n", path,
                failed ? "read error" : "larger than 1 MiB");
        free(bytes);
        return TOOL_OPT_FAILED;
    }
    tool_payload_free(p);
    p->data = bytes;
    p->len = len;
    p->set = 1;
    return 0;
}

void tool_payload_text(struct tool_payload *p, const char *text)
{
    tool_payload_free(p);
    p->data = (uint8_t *)(uintptr_t)text;
    p->len = strlen(text);
    p->set = 2; /* not owned */
}

void tool_payload_free(struct tool_payload *p)
{
    if (p->set == 1) {
        free(p->data);
    }
    p->data = NULL;
    p->len = 0;
    p->set = 0;
}

void tool_hexdump_record(FILE *f, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        fputc(digits[data[i] >> 4], f);
        fputc(digits[data[i] & 15], f);
    }
    fputc('\n', f);
    fflush(f);
}
