/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_CONFIG_H
#define NXDTLS_TOOL_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nxdtls.h"
#include "tool_certs.h"

#define TOOL_MAX_PSKS   16
#define TOOL_MAX_SUITES 32
#define TOOL_MAX_CAS    8

/* Remote-certificate storage per connection (nxdtls_conn_set_remote_certificates): slots of about 4 KiB. */
#define TOOL_REMOTE_CERTS      6
#define TOOL_REMOTE_CERTS_SIZE (TOOL_REMOTE_CERTS * 4608)

/* Reassembly bytes per connection: the largest handshake message we accept plus our largest flight; PSK
 * needs about 1 KiB, certificate chains (later) several. */
#define TOOL_REASSEMBLY_SIZE 32768

/* Exit statuses of every subcommand. */
#define TOOL_EXIT_OK      0
#define TOOL_EXIT_FAILURE 1 /* handshake or protocol failure; the NetX code was printed */
#define TOOL_EXIT_USAGE   2 /* bad command line; a usage message was printed */

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
    int verbose;             /* -v */
    const char *cert_path;   /* --cert: our certificate (PEM chain, leaf first, or DER) */
    const char *key_path;    /* --key: its private key (PEM or DER; RSA or EC) */
    const char *ca_paths[TOOL_MAX_CAS]; /* --ca, repeatable: trusted certificates */
    size_t ca_count;
    int verify_client;       /* --verify-client (server) */
    struct tool_certs certs; /* loaded by tool_config_build (or filled by the demo before it) */
};

/* tool_parse_uint reads a decimal number in [min, max]. Returns 0, or -1 when text is not one. */
int tool_parse_uint(const char *text, unsigned long min, unsigned long max, unsigned long *out);

/* tool_common_option consumes argv[*i] (and its value) when it is an option every role takes
 * (--psk, --psk-hint, --ciphers, --mtu, --keylog, --servername, --cert, --key, --ca, --verify-client, -v),
 * advancing *i past it. Returns 1 when consumed, 0 when the option is not a common one, -1 after printing a
 * usage error to stderr. */
int tool_common_option(struct tool_options *opts, int argc, char **argv, int *i);

/* tool_suite_name returns the IANA name of a suite ("TLS_PSK_WITH_AES_128_CCM_8"), or "unknown". */
const char *tool_suite_name(uint16_t id);

/* tool_crypto_table returns the method table the tool hands the engine: the ECC table, which has every
 * suite the library has. */
const NX_SECURE_TLS_CRYPTO *tool_crypto_table(void);

/* tool_config_build fills cfg for role from opts: the crypto table, the suites (--ciphers, or every
 * suite of the table the configured credentials can use), PSKs with the hint, certificates (--cert/--key,
 * --ca; a client checks the server's name against --servername), --verify-client, MTU, SNI, and the key log
 * (opened in append mode). Returns 0, or -1 after printing why to stderr (exit status 2). opts must
 * outlive cfg. */
int tool_config_build(struct tool_options *opts, uint8_t role, nxdtls_config *cfg);

/* tool_config_release closes the key log and frees the certificates. */
void tool_config_release(struct tool_options *opts);

/* tool_ulong_time returns UNIX time in seconds, for nxdtls_config.time_function. */
ULONG tool_unix_time(VOID);

#endif
