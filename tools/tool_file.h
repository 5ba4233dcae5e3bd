/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_FILE_H
#define NXDTLS_TOOL_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The largest file the tool reads (certificate bundles, keys, CRLs): far above any real one. */
#define TOOL_FILE_MAX (64u << 20)

/* tool_file_read returns a heap block with the whole file (NUL-terminated; the NUL is not counted in
 * *len), or NULL after printing "nxdtls: WHAT 'PATH': REASON" to stderr, where the reason is the
 * system's (no such file, permission denied), "is a directory", "is not a regular file", "is empty" or
 * "is larger than 64 MiB". what names the file's role: "certificate file", "CA file". */
uint8_t *tool_file_read(const char *what, const char *path, size_t *len);

/* tool_file_is_pem returns nonzero when the bytes hold a "-----BEGIN " line. */
int tool_file_is_pem(const uint8_t *text, size_t len);

/* tool_file_has_pem_label returns nonzero when the bytes hold "-----BEGIN LABEL-----". */
int tool_file_has_pem_label(const uint8_t *text, size_t len, const char *label);

#endif
