/* SPDX-License-Identifier: MIT */
/* main: `nxdtls SUBCOMMAND ...` dispatch. Each subcommand lives in its own file and returns the exit
 * status: 0 success, 1 handshake/protocol failure (NetX code on stderr), 2 usage error. */
#include <stdio.h>
#include <string.h>

#include "tool_client.h"
#include "tool_config.h"
#include "tool_demo.h"
#include "tool_server.h"
#include "tool_x509.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: nxdtls demo [-v]\n"
        "       nxdtls server [--listen ADDR:PORT] {--psk IDENTITY:HEXKEY... [--psk-hint HINT] |\n"
        "                     --cert FILE --key FILE} [--ca FILE]... [--verify-client]\n"
        "                     [--ciphers LIST] [--mtu N] [--no-cookie] [--echo] [--max-sessions "
        "N]\n"
        "                     [--once] [--keylog FILE] [-v]\n"
        "       nxdtls client ADDR:PORT {--psk IDENTITY:HEXKEY [--psk-hint HINT] | --ca FILE...}\n"
        "                     [--cert FILE --key FILE] [--servername NAME] [--ciphers LIST] [--mtu "
        "N]\n"
        "                     [--keylog FILE] [--timeout MS] [--wait MS] [--message TEXT] [-v]\n"
        "       nxdtls x509 verify CERT [--chain FILE] --ca FILE [--host NAME] [--time UNIXTIME] "
        "...\n"
        "LIST is comma-separated IANA names, e.g. "
        "TLS_PSK_WITH_AES_128_CCM_8,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.\n"
        "`nxdtls SUBCOMMAND --help` says more.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "demo") == 0) {
        return tool_demo_main(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "server") == 0) {
        return tool_server_main(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "client") == 0) {
        return tool_client_main(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "x509") == 0) {
        return tool_x509_main(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return TOOL_EXIT_OK;
    }
    fprintf(stderr, "nxdtls: unknown command '%s'\n", cmd);
    usage(stderr);
    return TOOL_EXIT_USAGE;
}
