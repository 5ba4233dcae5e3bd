/* SPDX-License-Identifier: MIT */
/* tool_args: the option parser and help printer every subcommand shares (see tool_args.h). */
#include "tool_args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Width of the option column in --help; longer spellings put their help on the next line. */
#define HELP_COLUMN 30

static const struct tool_opt *find_opt(const struct tool_opt_group *groups, size_t group_count,
                                       const char *name, size_t name_len, void **ctx)
{
    for (size_t g = 0; g < group_count; g++) {
        for (const struct tool_opt *o = groups[g].opts; o != NULL && o->name != NULL; o++) {
            int hit = strlen(o->name) == name_len && strncmp(o->name, name, name_len) == 0;
            hit |= o->alias != NULL && strlen(o->alias) == name_len &&
                   strncmp(o->alias, name, name_len) == 0;
            if (hit) {
                *ctx = groups[g].ctx;
                return o;
            }
        }
    }
    return NULL;
}

void tool_short_usage(FILE *f, const struct tool_command *cmd)
{
    fprintf(f, "usage: nxdtls %s %s\n", cmd->name, cmd->synopsis);
    fprintf(f, "Run 'nxdtls %s --help' for every option.\n", cmd->name);
}

int tool_usage_error(const struct tool_command *cmd, const char *fmt, ...)
{
    fprintf(stderr, "nxdtls %s: ", cmd->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    tool_short_usage(stderr, cmd);
    return TOOL_EXIT_USAGE;
}

void tool_args_help(FILE *f, const struct tool_command *cmd, const struct tool_opt_group *groups,
                    size_t group_count)
{
    fprintf(f, "usage: nxdtls %s %s\n", cmd->name, cmd->synopsis);
    if (cmd->summary != NULL) {
        fprintf(f, "\n%s\n", cmd->summary);
    }
    if (cmd->details != NULL) {
        fprintf(f, "\n%s", cmd->details);
    }
    for (size_t g = 0; g < group_count; g++) {
        fprintf(f, "\n%s:\n", groups[g].title);
        for (const struct tool_opt *o = groups[g].opts; o != NULL && o->name != NULL; o++) {
            if (o->help == NULL) {
                continue;
            }
            char left[96];
            snprintf(left, sizeof left, "%s%s%s%s%s", o->alias != NULL ? o->alias : "",
                     o->alias != NULL ? ", " : "", o->name, o->metavar != NULL ? " " : "",
                     o->metavar != NULL ? o->metavar : "");
            if (strlen(left) + 2 < HELP_COLUMN) {
                fprintf(f, "  %-*s%s\n", HELP_COLUMN - 2, left, o->help);
            } else {
                fprintf(f, "  %s\n  %-*s%s\n", left, HELP_COLUMN - 2, "", o->help);
            }
        }
    }
    if (group_count == 0) {
        fprintf(f, "\nOptions:\n");
    }
    fprintf(f, "  %-*s%s\n", HELP_COLUMN - 2, "-h, --help", "print this help and exit");
}

int tool_args_parse(const struct tool_command *cmd, const struct tool_opt_group *groups,
                    size_t group_count, int argc, char **argv, tool_positional_fn positional,
                    void *positional_ctx)
{
    int options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int is_option = !options_done && arg[0] == '-' && arg[1] != '\0';
        if (!is_option) {
            if (positional == NULL) {
                tool_usage_error(cmd, "unexpected argument '%s'", arg);
                return TOOL_ARGS_USAGE;
            }
            int rc = positional(positional_ctx, arg);
            if (rc == TOOL_OPT_FAILED) {
                return TOOL_ARGS_FAILED;
            }
            if (rc != 0) {
                tool_short_usage(stderr, cmd);
                return TOOL_ARGS_USAGE;
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            tool_args_help(stdout, cmd, groups, group_count);
            return TOOL_ARGS_HELP;
        }
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        size_t name_len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        void *ctx = NULL;
        const struct tool_opt *o = find_opt(groups, group_count, arg, name_len, &ctx);
        if (o == NULL) {
            tool_usage_error(cmd, "unknown option '%.*s'", (int)name_len, arg);
            return TOOL_ARGS_USAGE;
        }
        const char *value = NULL;
        if (o->metavar != NULL) {
            if (eq != NULL) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                tool_usage_error(cmd, "%s needs a value (%s)", o->name, o->metavar);
                return TOOL_ARGS_USAGE;
            }
        } else if (eq != NULL) {
            tool_usage_error(cmd, "%s takes no value", o->name);
            return TOOL_ARGS_USAGE;
        }
        int rc = o->apply(ctx, o->name, value);
        if (rc == TOOL_OPT_FAILED) {
            return TOOL_ARGS_FAILED;
        }
        if (rc != 0) {
            tool_short_usage(stderr, cmd);
            return TOOL_ARGS_USAGE;
        }
    }
    return TOOL_ARGS_OK;
}

int tool_args_exit(int parsed)
{
    switch (parsed) {
    case TOOL_ARGS_OK:
    case TOOL_ARGS_HELP:
        return TOOL_EXIT_OK;
    case TOOL_ARGS_FAILED:
        return TOOL_EXIT_FAILURE;
    default:
        return TOOL_EXIT_USAGE;
    }
}

int tool_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *out)
{
    if (text == NULL || *text < '0' || *text > '9') {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || value < min || value > max) {
        return -1;
    }
    *out = value;
    return 0;
}

int tool_parse_u64(const char *text, unsigned long long *out)
{
    if (text == NULL || *text < '0' || *text > '9') {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0') {
        return -1;
    }
    *out = value;
    return 0;
}
