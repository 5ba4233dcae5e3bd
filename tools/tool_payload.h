/* SPDX-License-Identifier: MIT */
/* tool_payload: exact bytes on the command line and in files (`--hex`, `--file`), and received records shown
 * as hex (`--hexdump`), for protocols such as CoAP whose messages are binary. */
#ifndef NXDTLS_TOOL_PAYLOAD_H
#define NXDTLS_TOOL_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The largest --file payload: 64 records of 16384 bytes. */
#define TOOL_PAYLOAD_FILE_MAX (64u * 16384u)

/* tool_payload: bytes to send once, owned (heap) when filled by the functions below. */
struct tool_payload {
    uint8_t *data;
    size_t len;
    int set; /* 0: none given; 1: bytes owned here (--hex, --file); 2: --message's text, not owned */
};

/* tool_hex_decode decodes hex_len hex digits (even, upper or lower case) into out, which holds hex_len / 2
 * bytes. Returns 0, or -1 when hex_len is odd or a character is not a hex digit. */
int tool_hex_decode(const char *hex, size_t hex_len, uint8_t *out);

/* tool_payload_hex sets p to the bytes of HEX (spaces and colons between bytes are allowed: "40 01 12 34").
 * Returns 0, or TOOL_OPT_USAGE after printing why (naming opt). */
int tool_payload_hex(struct tool_payload *p, const char *opt, const char *hex);

/* tool_payload_file sets p to the bytes of the file at path (at most TOOL_PAYLOAD_FILE_MAX). Returns 0, or
 * TOOL_OPT_FAILED after printing the file and why it cannot be used. */
int tool_payload_file(struct tool_payload *p, const char *path);

/* tool_payload_text sets p to the bytes of text, not copied. */
void tool_payload_text(struct tool_payload *p, const char *text);

/* tool_payload_free releases what tool_payload_hex or _file allocated. */
void tool_payload_free(struct tool_payload *p);

/* tool_hexdump_record writes one received record to f as one line of lowercase hex digits (no separators,
 * so that `xxd -r -p` restores the bytes) and flushes f. */
void tool_hexdump_record(FILE *f, const uint8_t *data, size_t len);

#endif
