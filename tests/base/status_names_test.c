/* SPDX-License-Identifier: MIT */
/* status_names_test: nxdtls_status_name and nxdtls_status_description. Every NX_* code of
 * vectors/netx_return_codes.tsv has a name that is its own (or, where NetX gives the value two names, the
 * other one) and a description; unknown values get the fallback strings; nxdtls_version matches
 * NXDTLS_VERSION_STRING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nxdtls.h"
#include "test.h"

static char tsv[32768];

int main(void)
{
    long n = test_read_file("vectors/netx_return_codes.tsv", (uint8_t *)tsv, sizeof tsv - 1);
    EXPECT(n > 0);
    if (n <= 0) {
        return test_finish("status_names");
    }
    tsv[n] = '\0';
    size_t checked = 0;
    for (char *line = strtok(tsv, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char name[96];
        unsigned long value;
        if (line[0] == '#' || sscanf(line, "%95s %lx", name, &value) != 2) {
            continue;
        }
        if (strncmp(name, "TX_", 3) == 0) {
            continue; /* ThreadX codes share NX values; the names are NetX's */
        }
        const char *got = nxdtls_status_name((UINT)value);
        const char *description = nxdtls_status_description((UINT)value);
        /* Several names for one value (NX_SUCCESS and NX_SECURE_TLS_SUCCESS, aliases): the name returned
         * must be a real one with the same value, which the tsv lists too. */
        int known = strcmp(got, name) == 0;
        if (!known) {
            char needle[112];
            snprintf(needle, sizeof needle, "\n%s\t", got);
            /* strtok cut the buffer; look the name up in a fresh read. */
            static char again[32768];
            long m = test_read_file("vectors/netx_return_codes.tsv", (uint8_t *)again,
                                    sizeof again - 1);
            again[m > 0 ? m : 0] = '\0';
            const char *at = strstr(again, needle);
            known = at != NULL && strtoul(at + strlen(needle), NULL, 16) == value;
        }
        if (!known) {
            fprintf(stderr, "0x%lx: tsv says %s, nxdtls_status_name says %s\n", value, name, got);
        }
        EXPECT(known);
        EXPECT(strcmp(description, "unknown status code") != 0 && description[0] != '\0');
        checked++;
    }
    EXPECT(checked > 150);
    EXPECT(strcmp(nxdtls_status_name(0x114), "NX_SECURE_TLS_ALERT_RECEIVED") == 0);
    EXPECT(strcmp(nxdtls_status_description(0x114), "the peer sent a fatal alert") == 0);
    EXPECT(strcmp(nxdtls_status_name(0x7777), "UNKNOWN_STATUS") == 0);
    EXPECT(strcmp(nxdtls_status_description(0x7777), "unknown status code") == 0);
    EXPECT(strcmp(nxdtls_version(), NXDTLS_VERSION_STRING) == 0);
    return test_finish("status_names");
}
