/* SPDX-License-Identifier: MIT */
/* readme_figures_test: the sizes README.md states are the sizes of this build. A user sizes static buffers
 * and pools from them (the NetX metadata per session, the native connection object, output buffers), so a
 * change that moves one must move README with it. Each figure is found by the words before it; a phrase
 * that is gone fails too, so a rewrite of README cannot drop a figure unnoticed. Runs in tests/
 * (README.md is ../README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_secure_dtls_api.h"
#include "nxdtls.h"
#include "test.h"

static char readme[256 * 1024];

/* figure_after returns the number (digits and thousands commas) that follows the first occurrence of
 * `words` in README.md, skipping up to 40 other characters (a line break included) before its first digit;
 * -1 when the words or a number right after them are missing. */
static long figure_after(const char *words)
{
    const char *at = strstr(readme, words);
    if (at == NULL) {
        return -1;
    }
    const char *p = at + strlen(words);
    const char *limit = p + 40;
    while (*p != '\0' && p < limit && (*p < '0' || *p > '9')) {
        p++;
    }
    if (*p < '0' || *p > '9') {
        return -1;
    }
    long v = 0;
    for (; (*p >= '0' && *p <= '9') || (*p == ',' && p[1] >= '0' && p[1] <= '9'); p++) {
        if (*p != ',') {
            v = v * 10 + (*p - '0');
        }
    }
    return v;
}

static void check(const char *words, long actual)
{
    long stated = figure_after(words);
    if (stated == actual) {
        test_passed++;
        printf("ok   - README \"%s\" %ld\n", words, actual);
    } else {
        test_failed++;
        printf("FAIL - README \"%s\" says %ld, this build has %ld\n", words, stated, actual);
    }
}

int main(void)
{
    FILE *f = fopen("../README.md", "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open ../README.md (run from tests/)\n");
        return 1;
    }
    size_t n = fread(readme, 1, sizeof readme - 1, f);
    fclose(f);
    readme[n] = '\0';
    EXPECT(n > 0 && n < sizeof readme - 1);

    ULONG netx_meta = 0;
    EXPECT_OK(nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers, &netx_meta));
    check("`nx_secure_tls_metadata_size_calculate` asks", (long)netx_meta);
    ULONG netx_meta_ecc = 0;
    EXPECT_OK(nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers_ecc, &netx_meta_ecc));
    check("with `nx_crypto_tls_ciphers` and", (long)netx_meta_ecc);
    check("`sizeof(NX_SECURE_DTLS_SESSION)` is", (long)sizeof(NX_SECURE_DTLS_SESSION));
    check("nxdtls_conn conn;", (long)sizeof(nxdtls_conn));
    check("nxdtls_metadata_size(cfg.crypto) =", (long)nxdtls_metadata_size(&nx_crypto_tls_ciphers));
    check("An output buffer of `NXDTLS_MAX_DATAGRAM` bytes", (long)NXDTLS_MAX_DATAGRAM);
    check("An established connection's state (`nxdtls_conn`) is", (long)sizeof(nxdtls_conn));
    check("(`nxdtls_session_metadata_size`,",
          (long)nxdtls_session_metadata_size(&nx_crypto_tls_ciphers));
    check("(`nxdtls_handshake_metadata_size`,",
          (long)nxdtls_handshake_metadata_size(&nx_crypto_tls_ciphers));
    return test_finish("readme_figures");
}
