/* SPDX-License-Identifier: MIT */
/* main: `nxdtls SUBCOMMAND ...` dispatch. Each subcommand lives in its own file, describes itself with a
 * struct tool_command (tool_args.h) and returns the exit status: 0 success, 1 failure (the reason is on
 * stderr), 2 usage error. A new subcommand is one more row in `commands`. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nxdtls.h"
#include "tool_args.h"
#include "tool_client.h"
#include "tool_demo.h"
#include "tool_server.h"
#include "tool_x509.h"

static const struct tool_command *const commands[] = {
    &tool_client_command,
    &tool_server_command,
    &tool_x509_command,
    &tool_demo_command,
};

static void usage(FILE *f)
{
    fprintf(f, "usage: nxdtls COMMAND [OPTIONS]\n"
               "       nxdtls --version\n\n"
               "nxdtls speaks DTLS 1.2 (RFC 6347) with PSK and certificate suites.\n\n"
               "Commands:\n");
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        fprintf(f, "  %-10s%s\n", commands[k]->name, commands[k]->summary);
    }
    fprintf(f, "  %-10s%s\n", "help",
            "this text, or `nxdtls help COMMAND` for a command's options");
    fprintf(f, "\nRun 'nxdtls COMMAND --help' for a command's options. Exit status: 0 success,\n"
               "1 failure (the reason and the NetX code are on stderr), 2 usage error.\n");
}

static const struct tool_command *find_command(const char *name)
{
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        if (strcmp(commands[k]->name, name) == 0) {
            return commands[k];
        }
    }
    return NULL;
}

static void version(void)
{
    printf("nxdtls %s (%s)\n", NXDTLS_VERSION_STRING, OpenSSL_version(OPENSSL_VERSION));
}

/* keep_std_fds opens /dev/null on any of fds 0, 1, 2 the caller closed (`nxdtls client ... <&-`): otherwise
 * the first socket takes fd 0 and the client polls its own socket as stdin, waiting forever for an end of
 * input that never comes. A closed stdin then reads as an empty one. */
static void keep_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) {
            continue;
        }
        int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened >= 0 && opened != fd) {
            /* a lower descriptor was free after all; this one stays taken by /dev/null below */
            (void)dup2(opened, fd);
            close(opened);
        }
    }
}

int main(int argc, char **argv)
{
    keep_std_fds();
    if (argc < 2) {
        fprintf(stderr, "nxdtls: which command?\n");
        usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    const struct tool_command *c = find_command(cmd);
    if (c != NULL) {
        return c->main(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        version();
        return TOOL_EXIT_OK;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        if (argc >= 3 && strcmp(argv[2], "help") != 0 && strcmp(argv[2], "--help") != 0 &&
            strcmp(argv[2], "-h") != 0) {
            /* `nxdtls help client` is `nxdtls client --help`; `nxdtls help help` is this text. */
            const struct tool_command *about = find_command(argv[2]);
            if (about == NULL) {
                fprintf(stderr, "nxdtls: no command '%s'\n", argv[2]);
                usage(stderr);
                return TOOL_EXIT_USAGE;
            }
            static char help_flag[] = "--help";
            char *help_argv[] = {argv[2], help_flag, NULL};
            return about->main(2, help_argv);
        }
        usage(stdout);
        return TOOL_EXIT_OK;
    }
    fprintf(stderr, "nxdtls: unknown command '%s'\n", cmd);
    usage(stderr);
    return TOOL_EXIT_USAGE;
}
