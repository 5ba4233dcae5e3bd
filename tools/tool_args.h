/* SPDX-License-Identifier: MIT */
/* tool_args: table-driven command lines for every subcommand. A subcommand describes itself once
 * (struct tool_command) and lists its options in groups of struct tool_opt; the same tables drive the
 * parser, `--help` and the short usage printed after a usage error. Adding an option is adding one row
 * (and its apply function) to a table; adding a subcommand is one struct tool_command and one line in
 * main.c's command list. */
#ifndef NXDTLS_TOOL_ARGS_H
#define NXDTLS_TOOL_ARGS_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses of every subcommand. */
#define TOOL_EXIT_OK 0
#define TOOL_EXIT_FAILURE \
    1 /* handshake, protocol, verification or file failure; the reason was printed */
#define TOOL_EXIT_USAGE 2 /* bad command line; the reason and a short usage were printed */

/* tool_opt_fn applies one option to the group's context. value is NULL for a flag. Returns 0; or
 * TOOL_OPT_USAGE after printing why the value is wrong (the parser then prints the short usage: exit
 * status 2); or TOOL_OPT_FAILED after printing why something the option names cannot be used, a file
 * say (no usage: exit status 1). */
#define TOOL_OPT_USAGE  (-1)
#define TOOL_OPT_FAILED (-2)
typedef int (*tool_opt_fn)(void *ctx, const char *opt, const char *value);

/* tool_opt: one option. The parser accepts `--name VALUE` and `--name=VALUE` for options with a value. */
struct tool_opt {
    const char *name;    /* "--psk", or a short-only spelling such as "-vv" */
    const char *alias;   /* another spelling ("-v" for "--verbose"), or NULL */
    const char *metavar; /* the value's name in help ("IDENTITY:HEXKEY"); NULL for a flag */
    const char *help;    /* one line for --help; NULL hides the row (it still parses) */
    tool_opt_fn apply;
};

/* tool_opt_group: a titled table of options (terminated by a row whose name is NULL) and the context its
 * apply functions receive. */
struct tool_opt_group {
    const char *title;
    const struct tool_opt *opts;
    void *ctx;
};

/* tool_command: a subcommand as `nxdtls --help` and `nxdtls NAME --help` show it. */
struct tool_command {
    const char *name;     /* "client", or "x509 verify" for a nested one */
    const char *synopsis; /* what follows the name in the usage line: "ADDR:PORT [OPTIONS]" */
    const char *summary;  /* one line for the top-level help */
    const char *details;  /* text printed by --help after the synopsis and before the options */
    int (*main)(int argc, char **argv); /* argv[0] is the subcommand's name */
};

/* tool_positional_fn receives each argument that is not an option. Returns as a tool_opt_fn does. */
typedef int (*tool_positional_fn)(void *ctx, const char *arg);

/* Results of tool_args_parse. */
#define TOOL_ARGS_OK    0 /* every argument applied */
#define TOOL_ARGS_HELP  1 /* -h/--help: the help was printed to stdout; exit TOOL_EXIT_OK */
#define TOOL_ARGS_USAGE 2 /* a usage error: the reason and the short usage are on stderr */
#define TOOL_ARGS_FAILED \
    3 /* an option's file (or the like) cannot be used: the reason is on stderr; exit TOOL_EXIT_FAILURE */

/* tool_args_parse walks argv[1..argc-1] (argv[0] is the subcommand): options are looked up in groups, in
 * order; "--" ends the options; anything else goes to positional (NULL: an unexpected argument is a usage
 * error). Returns TOOL_ARGS_OK, TOOL_ARGS_HELP, TOOL_ARGS_USAGE or TOOL_ARGS_FAILED. */
int tool_args_parse(const struct tool_command *cmd, const struct tool_opt_group *groups,
                    size_t group_count, int argc, char **argv, tool_positional_fn positional,
                    void *positional_ctx);

/* tool_args_help prints the whole help of a command (synopsis, details, every visible option) to f. */
void tool_args_help(FILE *f, const struct tool_command *cmd, const struct tool_opt_group *groups,
                    size_t group_count);

/* tool_args_exit turns a tool_args_parse result other than TOOL_ARGS_OK into the exit status. */
int tool_args_exit(int parsed);

/* tool_usage_error prints "nxdtls CMD: MESSAGE", the short usage and a pointer to --help to stderr and
 * returns TOOL_EXIT_USAGE, for usage errors found after parsing (a missing argument, options that do not
 * go together). */
int tool_usage_error(const struct tool_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* tool_short_usage prints "usage: nxdtls CMD SYNOPSIS" and "Run 'nxdtls CMD --help' ..." to f. */
void tool_short_usage(FILE *f, const struct tool_command *cmd);

/* tool_parse_uint reads a decimal number in [min, max]. Returns 0, or -1 when text is not one. */
int tool_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *out);

/* tool_parse_u64 reads a decimal number that fits 64 bits. Returns 0, or -1 when text is not one. */
int tool_parse_u64(const char *text, unsigned long long *out);

#endif
