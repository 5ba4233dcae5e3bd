/* SPDX-License-Identifier: MIT */
#include "tool_x509.h"

#include <stdio.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: nxdtls x509 verify CERT [--chain FILE] --ca FILE [--host NAME] "
                    "[--time UNIXTIME]\n");
}

int tool_x509_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "verify") != 0) {
        usage();
        return 2;
    }
    /* Skeleton: verification lands with src/x509. */
    fprintf(stderr, "nxdtls x509 verify: not implemented yet\n");
    return 1;
}

/* Until tools/main.c (the dispatcher, another engineer's file) lands, this weak main keeps the
 * nxdtls executable linking; the strong main in tools/main.c replaces it. To be removed then. */
int main(int argc, char **argv) __attribute__((weak));
int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "x509") == 0) {
        return tool_x509_main(argc - 1, argv + 1);
    }
    fprintf(stderr, "usage: nxdtls x509 ...\n");
    return 2;
}
