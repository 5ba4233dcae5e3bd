/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_X509_H
#define NXDTLS_TOOL_X509_H

#include "tool_args.h"

extern const struct tool_command tool_x509_command;
extern const struct tool_command tool_x509_verify_command;

/* tool_x509_main runs `nxdtls x509 ...`; argv[0] is "x509". It returns the process exit status:
 * 0 when the requested check passed, 1 when it failed (or a file could not be read), 2 on a usage
 * error. */
int tool_x509_main(int argc, char **argv);

#endif
