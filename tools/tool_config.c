/* SPDX-License-Identifier: MIT */
/* tool_config: the command-line options the client and the server share, and how they become an
 * nxdtls_config: suite names, PSK entries, MTU, key log. */
#include "tool_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto_tables.h"
#include "tool_psk.h"

enum suite_kind { KIND_PSK, KIND_CERT };

struct suite_name {
    uint16_t id;
    const char *name;
    enum suite_kind kind;
};

/* IANA "TLS Cipher Suites" registry: the suites nxdtls has or may get (RFC 4279, 5487, 5288, 5289, 6655,
 * 7251, 5246). Only those present in the crypto table can be selected. */
/* clang-format off */
static const struct suite_name suite_names[] = {
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8",              KIND_PSK},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM",                KIND_PSK},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256",         KIND_PSK},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384",         KIND_PSK},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256",         KIND_PSK},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA",            KIND_PSK},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",      KIND_CERT},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",        KIND_CERT},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", KIND_CERT},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", KIND_CERT},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", KIND_CERT},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",    KIND_CERT},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",   KIND_CERT},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",   KIND_CERT},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",   KIND_CERT},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",      KIND_CERT},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256",         KIND_CERT},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384",         KIND_CERT},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256",         KIND_CERT},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256",         KIND_CERT},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA",            KIND_CERT},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",            KIND_CERT},
};
/* clang-format on */

static const struct suite_name *suite_by_id(uint16_t id)
{
    for (size_t i = 0; i < sizeof suite_names / sizeof suite_names[0]; i++) {
        if (suite_names[i].id == id) {
            return &suite_names[i];
        }
    }
    return NULL;
}

const char *tool_suite_name(uint16_t id)
{
    const struct suite_name *s = suite_by_id(id);
    return s != NULL ? s->name : "unknown";
}

const NX_SECURE_TLS_CRYPTO *tool_crypto_table(void)
{
    return &nx_crypto_tls_ciphers_ecc;
}

static int table_has(const NX_SECURE_TLS_CRYPTO *table, uint16_t id)
{
    if (table == NULL) {
        return 0;
    }
    for (USHORT i = 0; i < table->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        if (table->nx_secure_tls_ciphersuite_lookup_table[i].nx_secure_tls_ciphersuite == id) {
            return 1;
        }
    }
    return 0;
}

static int parse_ciphers(struct tool_options *opts, const char *list)
{
    const char *p = list;
    opts->suite_count = 0;
    while (1) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        const struct suite_name *found = NULL;
        for (size_t i = 0; i < sizeof suite_names / sizeof suite_names[0]; i++) {
            if (strlen(suite_names[i].name) == len && strncmp(suite_names[i].name, p, len) == 0) {
                found = &suite_names[i];
            }
        }
        if (found == NULL) {
            fprintf(stderr, "nxdtls: unknown cipher suite '%.*s' (IANA names, e.g. %s)\n", (int)len,
                    p, suite_names[0].name);
            return -1;
        }
        if (!table_has(tool_crypto_table(), found->id)) {
            fprintf(stderr, "nxdtls: cipher suite %s is not supported by this build\n",
                    found->name);
            return -1;
        }
        if (opts->suite_count == TOOL_MAX_SUITES) {
            fprintf(stderr, "nxdtls: more than %d cipher suites\n", TOOL_MAX_SUITES);
            return -1;
        }
        opts->suites[opts->suite_count++] = found->id;
        if (comma == NULL) {
            return 0;
        }
        p = comma + 1;
    }
}

static int opt_psk(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    if (opts->psk_count == TOOL_MAX_PSKS) {
        fprintf(stderr, "nxdtls: at most %d --psk\n", TOOL_MAX_PSKS);
        return -1;
    }
    int rc = tool_psk_parse(opt, value, &opts->psks[opts->psk_count]);
    if (rc != 0) {
        return rc;
    }
    opts->psk_count++;
    return 0;
}

static int opt_psk_file(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    opts->psk_file = value;
    return tool_psk_file_load(value, &opts->psk_table);
}

static int opt_psk_hint(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    if (strlen(value) > NX_SECURE_TLS_MAX_PSK_ID_SIZE) {
        fprintf(stderr, "nxdtls: --psk-hint longer than %d bytes\n", NX_SECURE_TLS_MAX_PSK_ID_SIZE);
        return -1;
    }
    opts->psk_hint = value;
    return 0;
}

static int opt_cert(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    opts->cert_path = value;
    return 0;
}

static int opt_key(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    opts->key_path = value;
    return 0;
}

static int opt_ca(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    if (opts->ca_count == TOOL_MAX_CAS) {
        fprintf(stderr, "nxdtls: at most %d --ca (a file may hold any number of certificates)\n",
                TOOL_MAX_CAS);
        return -1;
    }
    opts->ca_paths[opts->ca_count++] = value;
    return 0;
}

static int opt_ciphers(void *ctx, const char *opt, const char *value)
{
    (void)opt;
    return parse_ciphers(ctx, value);
}

static int opt_mtu(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    unsigned long mtu;
    (void)opt;
    if (tool_parse_uint(value, NXDTLS_MIN_MTU, 65535, &mtu) != 0) {
        fprintf(stderr, "nxdtls: --mtu wants %d..65535, got '%s'\n", NXDTLS_MIN_MTU, value);
        return -1;
    }
    opts->mtu = (uint16_t)mtu;
    return 0;
}

static int opt_cid(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    unsigned long n;
    if (tool_parse_uint(value, 0, NXDTLS_CID_MAX, &n) != 0) {
        fprintf(stderr, "nxdtls: %s wants 0..%d, got '%s'\n", opt, NXDTLS_CID_MAX, value);
        return -1;
    }
    opts->cid_set = 1;
    opts->cid_length = (uint8_t)n;
    return 0;
}

static int opt_allow_legacy_certs(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    (void)value;
    opts->allow_legacy_certs = 1;
    return 0;
}

static int opt_keylog(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    (void)opt;
    opts->keylog_path = value;
    return 0;
}

int tool_opt_verbose(void *ctx, const char *opt, const char *value)
{
    int *verbose = ctx;
    (void)value;
    /* "-vv" and "-vvv" count their letters; "--verbose" and "-v" count one. */
    int add = opt[1] == 'v' ? (int)strlen(opt) - 1 : 1;
    *verbose += add;
    if (*verbose > TOOL_VERBOSE_RECORDS) {
        *verbose = TOOL_VERBOSE_RECORDS;
    }
    return 0;
}

static int opt_verbose(void *ctx, const char *opt, const char *value)
{
    struct tool_options *opts = ctx;
    return tool_opt_verbose(&opts->verbose, opt, value);
}

/* clang-format off */
const struct tool_opt tool_credential_opts[] = {
    {"--psk", NULL, "IDENTITY:HEXKEY", "a pre-shared key (repeatable; the key is after the last colon)", opt_psk},
    {"--psk-hint", NULL, "HINT", "server: the identity hint it sends; client: use the --psk only with this hint", opt_psk_hint},
    {"--psk-file", NULL, "FILE", "server: IDENTITY:HEXKEY lines, any number, looked up per handshake", opt_psk_file},
    {"--cert", NULL, "FILE", "our certificate chain, leaf first (PEM or DER, RSA or EC)", opt_cert},
    {"--key", NULL, "FILE", "the private key of --cert (PEM or DER; not encrypted)", opt_key},
    {"--ca", NULL, "FILE", "trusted certificates (PEM bundle or DER; repeatable)", opt_ca},
    {"--allow-legacy-certs", NULL, NULL, "accept peer chains with RSA keys under 2048 bits or SHA-1/MD5 signatures", opt_allow_legacy_certs},
    {NULL, NULL, NULL, NULL, NULL},
};

const struct tool_opt tool_connection_opts[] = {
    {"--ciphers", NULL, "LIST", "comma-separated IANA suite names, in preference order", opt_ciphers},
    {"--mtu", NULL, "N", "largest datagram to send (256..65535; default 1400)", opt_mtu},
    {"--cid", NULL, "N", "RFC 9146 connection ID: ask the peer for N-byte CIDs (0: none, but use the peer's; a server needs 0 or 6..32)", opt_cid},
    {"--keylog", NULL, "FILE", "append NSS key log lines for Wireshark (mode 0600; default $SSLKEYLOGFILE)", opt_keylog},
    {"--verbose", "-v", NULL, "trace on stderr; -vv and -vvv say more", opt_verbose},
    {"-vv", NULL, NULL, NULL, opt_verbose},
    {"-vvv", NULL, NULL, NULL, opt_verbose},
    {NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

static void keylog_line(void *ctx, const char *line)
{
    FILE *f = ctx;
    fprintf(f, "%s\n", line);
    fflush(f);
}

ULONG tool_unix_time(VOID)
{
    return (ULONG)time(NULL);
}

/* load_certificates reads --cert/--key and --ca into opts->certs. */
static int load_certificates(struct tool_options *opts)
{
    if (opts->cert_path != NULL &&
        tool_certs_load_identity(&opts->certs, opts->cert_path, opts->key_path) != 0) {
        return TOOL_EXIT_FAILURE;
    }
    for (size_t i = 0; i < opts->ca_count; i++) {
        if (tool_certs_load_trusted(&opts->certs, opts->ca_paths[i]) != 0) {
            return TOOL_EXIT_FAILURE;
        }
    }
    return TOOL_EXIT_OK;
}

/* open_keylog opens the key log for appending, creating it readable by its owner only: it holds the
 * secrets that decrypt every recorded session. */
static FILE *open_keylog(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return NULL;
    }
    FILE *f = fdopen(fd, "a");
    if (f == NULL) {
        close(fd);
    }
    return f;
}

int tool_config_build(struct tool_options *opts, uint8_t role, nxdtls_config *cfg)
{
    const NX_SECURE_TLS_CRYPTO *table = tool_crypto_table();
    if ((opts->cert_path == NULL) != (opts->key_path == NULL)) {
        fprintf(stderr, "nxdtls: --cert and --key go together\n");
        return TOOL_EXIT_USAGE;
    }
    /* Paths given, or certificates loaded already (the demo's generated PKI). */
    int have_certs = role == NXDTLS_ROLE_SERVER
                         ? opts->cert_path != NULL || opts->certs.has_identity
                         : opts->ca_count != 0 || opts->certs.has_trusted;
    if (opts->psk_file != NULL && role != NXDTLS_ROLE_SERVER) {
        fprintf(stderr,
                "nxdtls: --psk-file is for servers; a client takes --psk IDENTITY:HEXKEY\n");
        return TOOL_EXIT_USAGE;
    }
    int have_psk = opts->psk_count != 0 || opts->psk_table.count != 0;
    if (!have_psk && !have_certs) {
        fprintf(stderr, "nxdtls: no credentials: give --psk IDENTITY:HEXKEY, or %s\n",
                role == NXDTLS_ROLE_SERVER ? "--cert FILE --key FILE" : "--ca FILE");
        return TOOL_EXIT_USAGE;
    }
    if (opts->verify_client && role == NXDTLS_ROLE_SERVER && opts->ca_count == 0 &&
        !opts->certs.has_trusted) {
        fprintf(stderr,
                "nxdtls: --verify-client needs --ca (the CAs client certificates must lead to)\n");
        return TOOL_EXIT_USAGE;
    }
    int rc = load_certificates(opts);
    if (rc != TOOL_EXIT_OK) {
        return rc;
    }
    if (opts->certs.skipped != 0) {
        /* A system bundle may hold certificates of key types nxdtls does not read; they cannot anchor a
         * chain nxdtls accepts anyway. */
        fprintf(stderr, "nxdtls: note: %zu CA certificates skipped (not readable by nxdtls)\n",
                opts->certs.skipped);
    }
    int certs = role == NXDTLS_ROLE_SERVER ? opts->certs.has_identity : opts->certs.has_trusted;

    memset(cfg, 0, sizeof *cfg);
    cfg->role = role;
    cfg->crypto = table;

    if (opts->suite_count == 0) {
        /* Default: every suite of the table, in its order, that the given credentials can run. Offering a
         * certificate suite with only a PSK would let a peer pick a handshake we cannot finish. */
        for (USHORT r = 0; r < table->nx_secure_tls_ciphersuite_lookup_table_size; r++) {
            uint16_t id =
                table->nx_secure_tls_ciphersuite_lookup_table[r].nx_secure_tls_ciphersuite;
            const struct suite_name *s = suite_by_id(id);
            int usable = s != NULL && (s->kind == KIND_PSK ? have_psk : certs);
            if (usable && opts->suite_count < TOOL_MAX_SUITES) {
                opts->suites[opts->suite_count++] = id;
            }
        }
        if (opts->suite_count == 0) {
            fprintf(stderr, "nxdtls: the crypto table has no suite for these credentials\n");
            return TOOL_EXIT_USAGE;
        }
    }
    cfg->ciphersuites = opts->suites;
    cfg->ciphersuite_count = opts->suite_count;

    if (opts->psk_hint != NULL) {
        /* A client uses an entry with a hint only for servers that send that hint; an entry without one
         * serves any server (docs/netx-api.md 7.6). */
        size_t n = strlen(opts->psk_hint);
        for (size_t k = 0; k < opts->psk_count; k++) {
            memcpy(opts->psks[k].nx_secure_tls_psk_id_hint, opts->psk_hint, n);
            opts->psks[k].nx_secure_tls_psk_id_hint_size = (UINT)n;
        }
        if (role == NXDTLS_ROLE_SERVER) {
            cfg->psk_hint = (const uint8_t *)opts->psk_hint;
            cfg->psk_hint_len = n;
        }
    }
    cfg->psks = opts->psk_count != 0 ? opts->psks : NULL;
    cfg->psk_count = opts->psk_count;
    if (role == NXDTLS_ROLE_SERVER && opts->psk_table.count != 0) {
        /* --psk entries first, then the file (nxdtls_config.psk_server_callback). */
        cfg->psk_server_callback = tool_psk_table_lookup;
        cfg->psk_callback_ctx = &opts->psk_table;
    } else if (role == NXDTLS_ROLE_CLIENT && opts->psk_count != 0) {
        /* The engine's rule through the callback, which shows the server's hint with -v. */
        opts->psk_client.entries = opts->psks;
        opts->psk_client.count = opts->psk_count;
        cfg->psk_client_callback = tool_psk_client_choose;
        cfg->psk_callback_ctx = &opts->psk_client;
    }
    if (opts->certs.cert_count != 0) {
        cfg->certificates = &opts->certs.store;
    }
    cfg->verify_client = (uint8_t)(role == NXDTLS_ROLE_SERVER && opts->verify_client);
    cfg->allow_legacy_certificates = (uint8_t)(opts->allow_legacy_certs != 0);
    cfg->mtu = opts->mtu;
    if (opts->cid_set) {
        /* RFC 9146: a server's CIDs hold its worker and slot (NXDTLS_SERVER_CID_MIN bytes at least). */
        if (role == NXDTLS_ROLE_SERVER && opts->cid_length != 0 &&
            opts->cid_length < NXDTLS_SERVER_CID_MIN) {
            fprintf(stderr, "nxdtls: --cid: a server's CIDs have 0 or %d..%d bytes\n",
                    NXDTLS_SERVER_CID_MIN, NXDTLS_CID_MAX);
            return TOOL_EXIT_USAGE;
        }
        cfg->cid_length = opts->cid_length;
        cfg->cid_empty = (uint8_t)(opts->cid_length == 0);
    }
    if (opts->servername != NULL) {
        cfg->server_name = (const uint8_t *)opts->servername;
        cfg->server_name_len = strlen(opts->servername);
    }
    cfg->time_function = tool_unix_time;

    /* --keylog wins; otherwise the SSLKEYLOGFILE convention of NSS, OpenSSL and GnuTLS. */
    const char *keylog_env = getenv("SSLKEYLOGFILE");
    if (opts->keylog_path == NULL && keylog_env != NULL && keylog_env[0] != '\0') {
        opts->keylog_path = keylog_env;
    }
    if (opts->keylog_path != NULL) {
        opts->keylog = open_keylog(opts->keylog_path);
        if (opts->keylog == NULL) {
            fprintf(stderr, "nxdtls: cannot open key log file '%s': %s\n", opts->keylog_path,
                    strerror(errno));
            return TOOL_EXIT_FAILURE;
        }
        cfg->keylog = keylog_line;
        cfg->keylog_ctx = opts->keylog;
    }
    return TOOL_EXIT_OK;
}

void tool_config_release(struct tool_options *opts)
{
    if (opts->keylog != NULL) {
        fclose(opts->keylog);
        opts->keylog = NULL;
    }
    tool_certs_free(&opts->certs);
    tool_psk_table_free(&opts->psk_table);
}
