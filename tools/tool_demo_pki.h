/* SPDX-License-Identifier: MIT */
/* tool_demo_pki: the throwaway test PKI `nxdtls demo` generates in memory for its certificate scenarios, so the
 * demo needs no file and works on a fresh clone: a P-256 root, an intermediate, and two leaves (a server named
 * localhost / 127.0.0.1 and a client), valid from an hour ago for a day. Made with OpenSSL's libcrypto (the
 * tool is not the library); every certificate is what nxdtls's chain check asks of a real one (RFC 5280 CA
 * flags, key usages, key identifiers). */
#ifndef NXDTLS_TOOL_DEMO_PKI_H
#define NXDTLS_TOOL_DEMO_PKI_H

#include <stddef.h>
#include <stdint.h>

struct tool_demo_der {
    uint8_t *data; /* heap (OPENSSL_malloc) */
    size_t len;
};

struct tool_demo_pki {
    struct tool_demo_der root, inter, server, server_key, client,
        client_key; /* certificates DER; keys RFC 5915 */
};

/* tool_demo_pki_make fills pki. Returns 0, or -1 after printing why. */
int tool_demo_pki_make(struct tool_demo_pki *pki);

/* tool_demo_pki_free releases what tool_demo_pki_make made (also after a failure). */
void tool_demo_pki_free(struct tool_demo_pki *pki);

#endif
