/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_CONFIG_H
#define NXDTLS_TOOL_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nxdtls.h"
#include "tool_args.h"
#include "tool_certs.h"
#include "tool_psk.h"

#define TOOL_MAX_PSKS   16
#define TOOL_MAX_SUITES 32
#define TOOL_MAX_CAS    32

/* Remote-certificate storage per connection (nxdtls_conn_set_remote_certificates): slots of about 4 KiB. */
#define TOOL_REMOTE_CERTS      6
#define TOOL_REMOTE_CERTS_SIZE (TOOL_REMOTE_CERTS * 4608)

/* Reassembly bytes per connection: the largest handshake message we accept plus our largest flight; PSK
 * needs about 1 KiB, certificate chains (later) several. */
#define TOOL_REASSEMBLY_SIZE 32768

/* Verbosity levels of -v, -vv, -vvv. */
#define TOOL_VERBOSE_EVENTS   1 /* handshake start and end, alerts, close, failures */
#define TOOL_VERBOSE_MESSAGES 2 /* every handshake message and alert with its fields */
#define TOOL_VERBOSE_RECORDS  3 /* every record in and out */

/* tool_options: what the client and the server share on the command line. */
struct tool_options {
    NX_SECURE_TLS_PSK_STORE psks[TOOL_MAX_PSKS];
    size_t psk_count;
    const char *psk_hint;             /* --psk-hint: server sends it, client matches it */
    uint16_t suites[TOOL_MAX_SUITES]; /* --ciphers, in the order given; empty = default */
    size_t suite_count;
    uint16_t mtu;            /* --mtu, 0 = engine default */
    const char *servername;  /* --servername (client) */
    const char *keylog_path; /* --keylog */
    FILE *keylog;            /* opened by tool_config_build */
    int verbose;             /* -v count: TOOL_VERBOSE_* */
    const char *cert_path;   /* --cert: our certificate (PEM chain, leaf first, or DER) */
    const char *key_path;    /* --key: its private key (PEM or DER; RSA or EC) */
    const char *ca_paths[TOOL_MAX_CAS]; /* --ca, repeatable: trusted certificates */
    size_t ca_count;
    int verify_client;      /* --verify-client (server) */
    int allow_legacy_certs; /* --allow-legacy-certs: RSA < 2048 bits, SHA-1/MD5 certificate signatures */
    struct tool_certs certs; /* loaded by tool_config_build (or filled by the demo before it) */
    const char *psk_file;    /* --psk-file (server) */
    struct tool_psk_table psk_table;   /* its identities, loaded when the option is read */
    struct tool_psk_client psk_client; /* the client callback's context (tool_psk.h) */
    int cid_set;                       /* --cid given: RFC 9146 connection ID */
    uint8_t cid_length;                /* --cid N: our CID length; 0 = an empty CID (send-only) */
};

/* Option tables the client and the server share; their context is a struct tool_options. */
/* --psk, --psk-hint, --psk-file, --cert, --key, --ca, --allow-legacy-certs */
extern const struct tool_opt tool_credential_opts[];
extern const struct tool_opt tool_connection_opts[]; /* --ciphers, --mtu, --cid, --keylog, -v.. */

/* tool_opt_verbose applies -v (one level more), -vv, -vvv or --verbose to the int at ctx (at most
 * TOOL_VERBOSE_RECORDS); subcommands without a struct tool_options (the demo) use it too. */
int tool_opt_verbose(void *ctx, const char *opt, const char *value);

/* tool_suite_name returns the IANA name of a suite ("TLS_PSK_WITH_AES_128_CCM_8"), or "unknown". */
const char *tool_suite_name(uint16_t id);

/* tool_crypto_table returns the method table the tool hands the engine: the ECC table, which has every
 * suite the library has. */
const NX_SECURE_TLS_CRYPTO *tool_crypto_table(void);

/* tool_config_build fills cfg for role from opts: the crypto table, the suites (--ciphers, or every
 * suite of the table the configured credentials can use), PSKs with the hint, certificates (--cert/--key,
 * --ca; a client checks the server's name against --servername), --verify-client, MTU, SNI, and the key log
 * (opened in append mode). Returns TOOL_EXIT_OK; TOOL_EXIT_USAGE after printing a usage error (missing
 * or conflicting options; the caller adds the short usage); or TOOL_EXIT_FAILURE after printing which file
 * could not be used and why. opts must outlive cfg. */
int tool_config_build(struct tool_options *opts, uint8_t role, nxdtls_config *cfg);

/* tool_config_release closes the key log and frees the certificates. */
void tool_config_release(struct tool_options *opts);

/* tool_ulong_time returns UNIX time in seconds, for nxdtls_config.time_function. */
ULONG tool_unix_time(VOID);

#endif
