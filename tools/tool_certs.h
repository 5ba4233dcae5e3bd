/* SPDX-License-Identifier: MIT */
/* tool_certs: the certificates of `nxdtls client` / `server` / `demo` (--cert, --key, --ca): PEM or DER files,
 * or DER already in memory (the demo's generated PKI), parsed into one NX_SECURE_X509_CERTIFICATE_STORE: our
 * identity (the first certificate of --cert, with --key) and the rest of its chain in the local list, every
 * certificate of each --ca in the trusted list. The set grows as needed (a system CA bundle holds well over a
 * hundred certificates): every certificate and DER block is its own heap allocation, so the store's links
 * never move. The library itself takes no heap; this is the tool's convenience. */
#ifndef NXDTLS_TOOL_CERTS_H
#define NXDTLS_TOOL_CERTS_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

struct tool_certs {
    NX_SECURE_X509_CERTIFICATE_STORE store;
    NX_SECURE_X509_CERT **certs; /* heap structures linked into store */
    size_t cert_count;
    size_t cert_capacity;
    uint8_t **blocks; /* heap copies of DER certificates and keys */
    size_t block_count;
    size_t block_capacity;
    size_t skipped; /* trusted certificates this library cannot parse, left out of the store */
    int has_identity;
    int has_trusted;
};

/* tool_certs_load_identity reads the certificate file (PEM: one or more CERTIFICATE blocks, the leaf first;
 * or one DER certificate) and the key file (PEM: PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY; or DER,
 * PKCS #1, RFC 5915 or PKCS #8), RSA or EC; encrypted keys are refused with a message saying so. Returns 0,
 * or -1 after printing which file is wrong and why. */
int tool_certs_load_identity(struct tool_certs *c, const char *cert_path, const char *key_path);

/* tool_certs_load_trusted adds every certificate of a PEM file (or the one of a DER file) as trusted. In a
 * PEM bundle a certificate the library cannot parse (an unsupported key type, say) is skipped and counted
 * in c->skipped; a file that yields no certificate at all is an error. Returns 0, or -1 after printing
 * which file is wrong and why. */
int tool_certs_load_trusted(struct tool_certs *c, const char *path);

/* tool_certs_add_der adds one DER certificate (copied) to the local list (with its DER key when key is not
 * NULL: NX_SECURE_X509_KEY_TYPE_* of key_type) or, with trusted, to the trusted list. Returns NX_SUCCESS,
 * or the code of the parse or store failure (nothing printed). */
UINT tool_certs_add_der(struct tool_certs *c, int trusted, const uint8_t *der, size_t len,
                        const uint8_t *key, size_t key_len, UINT key_type);

/* tool_certs_free releases the copies; the set is then empty. */
void tool_certs_free(struct tool_certs *c);

#endif
