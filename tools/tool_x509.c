/* SPDX-License-Identifier: MIT */
/* tool_x509: `nxdtls x509 verify CERT [--chain FILE] --ca FILE [--host NAME] [--time UNIXTIME]
 * [--purpose server|client] [--crl FILE] [--allow-self-signed] [--allow-legacy-certs]`.
 * Files are PEM (several CERTIFICATE blocks allowed: CERT's first is the leaf, the rest intermediates)
 * or DER. Prints OK or the code's name and value, exits 0 (valid), 1 (not valid, or a file that cannot be
 * read, named with the reason on stderr) or 2 (usage). The tool may use stdio and the heap; the library
 * does not. */
#include "tool_x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto_tables.h"
#include "tool_codes.h"
#include "tool_file.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_crl.h"
#include "x509/x509_dns.h"
#include "x509/x509_pem.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

#define MAX_CRLS 8

/* cert_set: the certificates of some files, each structure on the heap (the store links them). */
struct cert_set {
    NX_SECURE_X509_CERT **certs;
    uint8_t **ders;
    size_t count;
    size_t capacity;
};

static int set_grow(struct cert_set *set)
{
    if (set->count < set->capacity) {
        return 0;
    }
    size_t next = set->capacity != 0 ? 2 * set->capacity : 16;
    NX_SECURE_X509_CERT **certs = realloc(set->certs, next * sizeof *certs);
    if (certs != NULL) {
        set->certs = certs;
    }
    uint8_t **ders = certs != NULL ? realloc(set->ders, next * sizeof *ders) : NULL;
    if (ders == NULL) {
        return -1;
    }
    set->ders = ders;
    set->capacity = next;
    return 0;
}

/* load_certs adds every certificate of a PEM or DER file to set. Returns 0; the parse code (> 0) of a
 * certificate that does not parse; or -1 for a file error (printed, naming the file). */
static long load_certs(const char *what, const char *path, struct cert_set *set)
{
    size_t len;
    uint8_t *text = tool_file_read(what, path, &len);
    size_t pos = 0;
    size_t found = 0;
    long result = 0;

    if (text == NULL) {
        return -1;
    }
    int pem = tool_file_is_pem(text, len);
    for (;;) {
        uint8_t *der = malloc(len + 1);
        size_t der_len = 0;
        UINT status = NX_SUCCESS;
        if (der == NULL || set_grow(set) != 0) {
            fprintf(stderr, "nxdtls x509: %s '%s': out of memory\n", what, path);
            free(der);
            result = -1;
            break;
        }
        if (!pem) {
            memcpy(der, text, len); /* no PEM block: the file is one DER certificate */
            der_len = len;
            pos = len;
        } else {
            status = x509_pem_next(text, len, &pos, "CERTIFICATE", der, len + 1, &der_len);
        }
        if (status == NX_SECURE_X509_CERTIFICATE_NOT_FOUND && found != 0) {
            free(der);
            break;
        }
        if (status != NX_SUCCESS) {
            fprintf(stderr, "nxdtls x509: %s '%s': no readable -----BEGIN CERTIFICATE----- block\n",
                    what, path);
            free(der);
            result = -1;
            break;
        }
        NX_SECURE_X509_CERT *cert = calloc(1, sizeof *cert);
        status = cert != NULL ? x509_certificate_parse(cert, der, der_len) : NX_NOT_SUCCESSFUL;
        if (status != NX_SUCCESS) {
            fprintf(stderr, "nxdtls x509: %s '%s': certificate %zu does not parse\n", what, path,
                    found + 1);
            free(cert);
            free(der);
            result = (long)status;
            break;
        }
        set->certs[set->count] = cert;
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
        free(set->certs[i]);
        free(set->ders[i]);
    }
    free(set->certs);
    free(set->ders);
    memset(set, 0, sizeof *set);
}

static int report(UINT status)
{
    if (status == NX_SUCCESS) {
        printf("OK\n");
        return TOOL_EXIT_OK;
    }
    printf("%s (0x%X)\n", tool_code_name(status), status);
    return TOOL_EXIT_FAILURE;
}

/* verify_args: the command line of `x509 verify`, applied in order; a file error or a certificate that
 * does not parse stops the parse with its result in status. */
struct verify_args {
    struct cert_set leaf_set;
    struct cert_set chain_set;
    struct cert_set ca_set;
    const char *cert_path;
    const char *host;
    const char *crl_paths[MAX_CRLS];
    size_t n_crl;
    uint64_t now;
    unsigned flags;
    long status; /* 0; > 0 a parse code to report; -1 a file error */
};

/* A file that cannot be used, or a certificate that does not parse, stops the parse as a failure (not a
 * usage error); verify() reports status. */
static int loaded(struct verify_args *a, long status)
{
    a->status = status;
    return status == 0 ? 0 : TOOL_OPT_FAILED;
}

static int opt_chain(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    return loaded(a, load_certs("chain file", value, &a->chain_set));
}

static int opt_ca(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    return loaded(a, load_certs("CA file", value, &a->ca_set));
}

static int opt_host(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    a->host = value;
    return 0;
}

static int opt_crl(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    if (a->n_crl == MAX_CRLS) {
        fprintf(stderr, "nxdtls x509: at most %d --crl\n", MAX_CRLS);
        return -1;
    }
    a->crl_paths[a->n_crl++] = value;
    return 0;
}

static int opt_time(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    unsigned long long t;
    if (tool_parse_u64(value, &t) != 0) {
        fprintf(stderr, "nxdtls x509: %s wants UNIX time in seconds (e.g. 1735689600), got '%s'\n",
                opt, value);
        return -1;
    }
    a->now = t;
    return 0;
}

static int opt_purpose(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    if (strcmp(value, "server") == 0) {
        a->flags |= X509_CHAIN_SERVER_AUTH;
    } else if (strcmp(value, "client") == 0) {
        a->flags |= X509_CHAIN_CLIENT_AUTH;
    } else {
        fprintf(stderr, "nxdtls x509: %s wants 'server' or 'client', got '%s'\n", opt, value);
        return -1;
    }
    return 0;
}

static int opt_allow_self_signed(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    (void)value;
    a->flags |= X509_CHAIN_ALLOW_SELF_SIGNED;
    return 0;
}

static int opt_allow_legacy_certs(void *ctx, const char *opt, const char *value)
{
    struct verify_args *a = ctx;
    (void)opt;
    (void)value;
    a->flags |= X509_CHAIN_ALLOW_LEGACY;
    return 0;
}

static int verify_positional(void *ctx, const char *arg)
{
    struct verify_args *a = ctx;
    if (a->cert_path != NULL) {
        fprintf(stderr, "nxdtls x509: unexpected argument '%s' (CERT is '%s')\n", arg,
                a->cert_path);
        return -1;
    }
    a->cert_path = arg;
    return loaded(a, load_certs("certificate file", arg, &a->leaf_set));
}

/* clang-format off */
static const struct tool_opt verify_opts[] = {
    {"--ca", NULL, "FILE", "trusted certificates (PEM bundle or DER; repeatable; required)", opt_ca},
    {"--chain", NULL, "FILE", "intermediate certificates (repeatable)", opt_chain},
    {"--host", NULL, "NAME", "check the leaf against a DNS name or IP address (RFC 6125)", opt_host},
    {"--time", NULL, "UNIXTIME", "verify at this time (seconds since 1970; default now)", opt_time},
    {"--purpose", NULL, "server|client", "require serverAuth or clientAuth key usage", opt_purpose},
    {"--crl", NULL, "FILE", "a CRL (PEM or DER) to check the leaf against (repeatable)", opt_crl},
    {"--allow-self-signed", NULL, NULL, "accept a self-signed leaf that is itself in --ca", opt_allow_self_signed},
    {"--allow-legacy-certs", NULL, NULL, "accept RSA keys under 2048 bits and SHA-1/MD5 signatures", opt_allow_legacy_certs},
    {NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

static int verify(int argc, char **argv);

const struct tool_command tool_x509_verify_command = {
    .name = "x509 verify",
    .synopsis = "CERT --ca FILE [OPTIONS]",
    .summary = "verify a certificate chain as the DTLS handshake would",
    .details =
        "CERT is PEM or DER; in PEM its first certificate is the leaf and the others "
        "intermediates.\n"
        "Prints OK or the NetX code that refuses the chain. Exit status: 0 valid, 1 not valid (or\n"
        "a file that cannot be read), 2 usage error.\n",
    .main = verify,
};

const struct tool_command tool_x509_command = {
    .name = "x509",
    .synopsis = "verify CERT --ca FILE [OPTIONS]",
    .summary = "certificate utilities (verify)",
    .details = "Subcommands:\n"
               "  verify    verify a certificate chain as the DTLS handshake would\n"
               "Run 'nxdtls x509 verify --help' for its options.\n",
    .main = tool_x509_main,
};

static int verify(int argc, char **argv)
{
    static uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];
    struct verify_args *a = calloc(1, sizeof *a);
    const NX_SECURE_X509_CERT **inter = NULL;
    int exit_code = TOOL_EXIT_USAGE;
    if (a == NULL) {
        fprintf(stderr, "nxdtls x509: out of memory\n");
        return TOOL_EXIT_FAILURE;
    }
    a->now = (uint64_t)time(NULL);
    const struct tool_opt_group groups[] = {{"Options", verify_opts, a}};
    int parsed =
        tool_args_parse(&tool_x509_verify_command, groups, 1, argc, argv, verify_positional, a);
    if (a->status > 0) {
        exit_code = report((UINT)a->status);
        goto out;
    }
    if (a->status < 0) {
        exit_code = TOOL_EXIT_FAILURE;
        goto out;
    }
    if (parsed != TOOL_ARGS_OK) {
        exit_code = tool_args_exit(parsed);
        goto out;
    }
    if (a->cert_path == NULL) {
        exit_code = tool_usage_error(&tool_x509_verify_command, "CERT is missing");
        goto out;
    }
    if (a->ca_set.count == 0) {
        exit_code = tool_usage_error(&tool_x509_verify_command, "--ca FILE is missing");
        goto out;
    }
    exit_code = TOOL_EXIT_FAILURE;
    const uint64_t now = a->now;
    const unsigned flags = a->flags;
    const char *host = a->host;
    const char *const *crl_paths = a->crl_paths;
    const size_t n_crl = a->n_crl;

    NX_SECURE_X509_CERTIFICATE_STORE store;
    size_t n_inter = 0;
    inter = calloc(a->leaf_set.count + a->chain_set.count + 1, sizeof *inter);
    if (inter == NULL) {
        goto out;
    }
    memset(&store, 0, sizeof store);
    for (size_t i = 0; i < a->ca_set.count; i++) {
        if (x509_store_add(&store, X509_STORE_TRUSTED, a->ca_set.certs[i], (UINT)(i + 1)) !=
            NX_SUCCESS) {
            goto out;
        }
    }
    for (size_t i = 1; i < a->leaf_set.count; i++) {
        inter[n_inter++] = a->leaf_set.certs[i];
    }
    for (size_t i = 0; i < a->chain_set.count; i++) {
        inter[n_inter++] = a->chain_set.certs[i];
    }
    const NX_SECURE_X509_CRYPTO *table = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table;
    size_t table_size = nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size;
    const NX_SECURE_X509_CERT *leaf = a->leaf_set.certs[0];
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
        uint8_t *text = tool_file_read("CRL file", crl_paths[i], &len);
        size_t pos = 0;
        size_t der_len = 0;
        if (text == NULL) {
            goto out;
        }
        uint8_t *der = malloc(len + 1);
        if (der == NULL) {
            free(text);
            goto out;
        }
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
    free(inter);
    free_set(&a->leaf_set);
    free_set(&a->chain_set);
    free_set(&a->ca_set);
    free(a);
    return exit_code;
}

int tool_x509_main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
        return verify(argc - 1, argv + 1);
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        tool_args_help(stdout, &tool_x509_command, NULL, 0);
        return TOOL_EXIT_OK;
    }
    if (argc < 2) {
        return tool_usage_error(&tool_x509_command, "which x509 command? (verify)");
    }
    return tool_usage_error(&tool_x509_command, "unknown x509 command '%s' (verify)", argv[1]);
}
