/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_DEMO_H
#define NXDTLS_TOOL_DEMO_H

#include "tool_args.h"

extern const struct tool_command tool_demo_command;

/* tool_demo_main runs `nxdtls demo [-v]` (argv[0] is "demo"): every scenario in turn, each a server and
 * a client in this process over loopback UDP. Returns 0 when every scenario completed cleanly, else 1. */
int tool_demo_main(int argc, char **argv);

#endif
