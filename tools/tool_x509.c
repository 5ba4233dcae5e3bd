/* SPDX-License-Identifier: MIT */
/* tool_x509: `nxdtls x509 verify CERT [--chain FILE] --ca FILE [--host NAME] [--time UNIXTIME]
 * [--purpose server|client] [--crl FILE] [--allow-self-signed]`.
 * Files are PEM (several CERTIFICATE blocks allowed: CERT's first is the leaf, the rest intermediates)
 * or DER. Prints OK or the code's name and value, exits 0 (valid), 1 (not valid) or 2 (usage or file
 * errors). The tool may use stdio and the heap; the library does not. */
#include "tool_x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto_tables.h"
#include "tool_codes.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_crl.h"
#include "x509/x509_dns.h"
#include "x509/x509_pem.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

#define MAX_CERTS 64
#define MAX_FILE  (1u << 20)

struct cert_set {
    NX_SECURE_X509_CERT certs[MAX_CERTS];
    uint8_t *ders[MAX_CERTS];
    size_t count;
};

static void usage(void)
{
    fprintf(
        stderr,
        "usage: nxdtls x509 verify CERT [--chain FILE] --ca FILE [--host NAME] [--time UNIXTIME]\n"
        "                          [--purpose server|client] [--crl FILE] [--allow-self-signed]\n"
        "  files are PEM or DER; --chain, --ca and --crl may be repeated\n");
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = malloc(MAX_FILE);
    size_t n = 0;

    if (f == NULL || buf == NULL) {
        fprintf(stderr, "nxdtls x509: cannot read %s\n", path);
        if (f != NULL) {
            fclose(f);
        }
        free(buf);
        return NULL;
    }
    n = fread(buf, 1, MAX_FILE, f);
    fclose(f);
    if (n == MAX_FILE) {
        fprintf(stderr, "nxdtls x509: %s is too large\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* load_certs adds every certificate of a PEM or DER file to set; returns 0 or the parse code, or -1 for
 * a file error. */
static long load_certs(const char *path, struct cert_set *set)
{
    size_t len;
    uint8_t *text = read_file(path, &len);
    size_t pos = 0;
    size_t found = 0;
    long result = 0;

    if (text == NULL) {
        return -1;
    }
    for (;;) {
        uint8_t *der = malloc(len + 1);
        size_t der_len = 0;
        UINT status = x509_pem_next(text, len, &pos, "CERTIFICATE", der, len + 1, &der_len);
        if (status == NX_SECURE_X509_CERTIFICATE_NOT_FOUND && found == 0) {
            /* No PEM block: the file is one DER certificate. */
            memcpy(der, text, len);
            der_len = len;
            status = NX_SUCCESS;
            pos = len;
        } else if (status == NX_SECURE_X509_CERTIFICATE_NOT_FOUND) {
            free(der);
            break;
        }
        if (status != NX_SUCCESS || set->count == MAX_CERTS) {
            fprintf(stderr, "nxdtls x509: %s: bad PEM or too many certificates\n", path);
            free(der);
            result = status != NX_SUCCESS ? (long)status : -1;
            break;
        }
        status = x509_certificate_parse(&set->certs[set->count], der, der_len);
        if (status != NX_SUCCESS) {
            fprintf(stderr, "nxdtls x509: %s: certificate %zu does not parse\n", path, found + 1);
            free(der);
            result = (long)status;
            break;
        }
        set->ders[set->count++] = der;
        found++;
        if (pos >= len) {
            break;
        }
    }
    free(text);
    return result;
}

static void free_set(struct cert_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->ders[i]);
    }
    set->count = 0;
}

static int report(UINT status)
{
    if (status == NX_SUCCESS) {
        printf("OK\n");
        return 0;
    }
    printf("%s (0x%X)\n", tool_code_name(status), status);
    return 1;
}

static int verify(int argc, char **argv)
{
    static struct cert_set leaf_set;
    static struct cert_set chain_set;
    static struct cert_set ca_set;
    static uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];
    const char *cert_path = NULL;
    const char *host = NULL;
    const char *crl_paths[8];
    size_t n_crl = 0;
    uint64_t now = (uint64_t)time(NULL);
    unsigned flags = 0;
    int exit_code = 2;
    long status = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--chain") == 0 && v != NULL) {
            status = load_certs(v, &chain_set);
            i++;
        } else if (strcmp(a, "--ca") == 0 && v != NULL) {
            status = load_certs(v, &ca_set);
            i++;
        } else if (strcmp(a, "--host") == 0 && v != NULL) {
            host = v;
            i++;
        } else if (strcmp(a, "--crl") == 0 && v != NULL && n_crl < NXD_ARRAY_LEN(crl_paths)) {
            crl_paths[n_crl++] = v;
            i++;
        } else if (strcmp(a, "--time") == 0 && v != NULL) {
            char *end;
            now = strtoull(v, &end, 10);
            if (*end != '\0') {
                usage();
                goto out;
            }
            i++;
        } else if (strcmp(a, "--purpose") == 0 && v != NULL) {
            flags |= strcmp(v, "server") == 0   ? X509_CHAIN_SERVER_AUTH
                     : strcmp(v, "client") == 0 ? X509_CHAIN_CLIENT_AUTH
                                                : 0;
            if (strcmp(v, "server") != 0 && strcmp(v, "client") != 0) {
                usage();
                goto out;
            }
            i++;
        } else if (strcmp(a, "--allow-self-signed") == 0) {
            flags |= X509_CHAIN_ALLOW_SELF_SIGNED;
        } else if (a[0] != '-' && cert_path == NULL) {
            cert_path = a;
            status = load_certs(a, &leaf_set);
        } else {
            usage();
            goto out;
        }
        if (status < 0) {
            goto out;
        }
        if (status > 0) {
            exit_code = report((UINT)status);
            goto out;
        }
    }
    if (cert_path == NULL || ca_set.count == 0 || leaf_set.count == 0) {
        usage();
        goto out;
    }

    NX_SECURE_X509_CERTIFICATE_STORE store;
    const NX_SECURE_X509_CERT *inter[2 * MAX_CERTS];
    size_t n_inter = 0;
    memset(&store, 0, sizeof store);
    for (size_t i = 0; i < ca_set.count; i++) {
        if (x509_store_add(&store, X509_STORE_TRUSTED, &ca_set.certs[i], (UINT)(i + 1)) !=
            NX_SUCCESS) {
            goto out;
        }
    }
    for (size_t i = 1; i < leaf_set.count; i++) {
        inter[n_inter++] = &leaf_set.certs[i];
    }
    for (size_t i = 0; i < chain_set.count; i++) {
        inter[n_inter++] = &chain_set.certs[i];
    }
    const NX_SECURE_X509_CRYPTO *table = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table;
    size_t table_size = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size;
    const NX_SECURE_X509_CERT *leaf = &leaf_set.certs[0];
    UINT result = x509_chain_verify(table, table_size, &store, leaf, inter, n_inter, now, flags,
                                    scratch, sizeof scratch);
    if (result == NX_SUCCESS && host != NULL) {
        result = x509_dns_check(leaf, (const UCHAR *)host, strlen(host), 0);
    }
    for (size_t i = 0; i < n_inter; i++) {
        NX_SECURE_X509_CERT *c = (NX_SECURE_X509_CERT *)(uintptr_t)inter[i];
        if (c->nx_secure_x509_store_owner == NX_NULL &&
            x509_store_push(&store, X509_STORE_REMOTE, c) != NX_SUCCESS) {
            goto out;
        }
    }
    for (size_t i = 0; result == NX_SUCCESS && i < n_crl; i++) {
        size_t len;
        uint8_t *text = read_file(crl_paths[i], &len);
        size_t pos = 0;
        size_t der_len = 0;
        if (text == NULL) {
            goto out;
        }
        uint8_t *der = malloc(len + 1);
        if (x509_pem_next(text, len, &pos, "X509 CRL", der, len + 1, &der_len) != NX_SUCCESS) {
            memcpy(der, text, len);
            der_len = len;
        }
        result =
            x509_crl_check(table, table_size, der, der_len, &store, leaf, scratch, sizeof scratch);
        if (result == NX_SECURE_X509_CRL_ISSUER_MISMATCH) {
            result = NX_SUCCESS; /* a CRL of another CA says nothing about this certificate */
        }
        free(der);
        free(text);
    }
    exit_code = report(result);
out:
    free_set(&leaf_set);
    free_set(&chain_set);
    free_set(&ca_set);
    return exit_code;
}

int tool_x509_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "verify") != 0) {
        usage();
        return 2;
    }
    return verify(argc - 1, argv + 1);
}
