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
