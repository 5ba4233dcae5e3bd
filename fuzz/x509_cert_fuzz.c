/* SPDX-License-Identifier: MIT */
/* x509_cert_fuzz: certificate, private key, CRL and PEM parsing, and the name and extension services
 * run on whatever parses. Input layout: the whole input is tried as a certificate, a CRL and PEM text;
 * then, when at least 2 bytes, the first two give a split point n: bytes [2, 2+n) are a certificate and
 * the rest its private key, tried under each key type. -max_len 8192 (fuzz/README-x509.md). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "x509/x509_cert.h"
#include "x509/x509_chain.h"
#include "x509/x509_crl.h"
#include "x509/x509_dns.h"
#include "x509/x509_ext.h"
#include "x509/x509_key.h"
#include "x509/x509_pem.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const hosts[] = {"localhost", "a.example.com", "example.com", "127.0.0.1", "::1", "xn--a.b.c"};
static const USHORT ext_ids[] = {NX_SECURE_TLS_X509_TYPE_KEY_USAGE,          NX_SECURE_TLS_X509_TYPE_SUBJECT_ALT_NAME,
                                 NX_SECURE_TLS_X509_TYPE_BASIC_CONSTRAINTS,  NX_SECURE_TLS_X509_TYPE_EXTENDED_KEY_USAGE,
                                 NX_SECURE_TLS_X509_TYPE_AUTHORITY_KEY_ID,   NX_SECURE_TLS_X509_TYPE_SUBJECT_KEY_ID,
                                 NX_SECURE_TLS_X509_TYPE_NAME_CONSTRAINTS,   NX_SECURE_TLS_X509_TYPE_PKIX_AIA};
static const UINT key_types[] = {NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, NX_SECURE_X509_KEY_TYPE_EC_DER,
                                 NX_SECURE_X509_KEY_TYPE_HARDWARE, NX_SECURE_X509_KEY_TYPE_NONE};

static void use_certificate(NX_SECURE_X509_CERT *c)
{
    NX_SECURE_X509_EXTENSION ext;
    USHORT bits;
    volatile UINT sink = 0;

    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        sink += nx_secure_x509_common_name_dns_check(c, (const UCHAR *)hosts[i], (UINT)strlen(hosts[i]));
        sink += x509_dns_check(c, (const UCHAR *)hosts[i], strlen(hosts[i]), 0);
    }
    for (size_t i = 0; i < sizeof ext_ids / sizeof ext_ids[0]; i++) {
        sink += nx_secure_x509_extension_find(c, &ext, ext_ids[i]);
    }
    sink += nx_secure_x509_key_usage_extension_parse(c, &bits);
    sink += nx_secure_x509_extended_key_usage_extension_parse(c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH);
    sink += x509_ext_eku_allows(c, NX_SECURE_TLS_X509_TYPE_PKIX_KP_CLIENT_AUTH) ? 1u : 0u;

    /* Self-signed path: the certificate as its own trust anchor, through the real table. */
    NX_SECURE_X509_CERTIFICATE_STORE store;
    uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];
    memset(&store, 0, sizeof store);
    if (x509_store_add(&store, X509_STORE_TRUSTED, c, 1) == NX_SUCCESS) {
        sink += x509_chain_verify(nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table,
                                  nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size, &store, c, NULL, 0,
                                  1735689600u, X509_CHAIN_ALLOW_SELF_SIGNED, scratch, sizeof scratch);
        (void)x509_store_pop(&store, X509_STORE_TRUSTED);
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NX_SECURE_X509_CERT c;
    NX_SECURE_X509_CERTIFICATE_STORE store;
    uint64_t scratch[X509_SIG_SCRATCH_MIN / 8];
    static uint8_t out[8192];
    size_t pos = 0;
    size_t der_len;
    volatile UINT sink = 0;

    if (x509_certificate_parse(&c, data, size) == NX_SUCCESS) {
        use_certificate(&c);
    }
    memset(&store, 0, sizeof store);
    sink += x509_crl_check(nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table,
                         nx_crypto_tls_ciphers_ecc.nx_secure_tls_x509_cipher_table_size, data, size, &store, &c,
                           scratch, sizeof scratch);
    for (int i = 0; i < 4 && x509_pem_next(data, size, &pos, NULL, out, sizeof out, &der_len) == NX_SUCCESS; i++) {
        NX_SECURE_X509_CERT pem_cert;
        if (x509_certificate_parse(&pem_cert, out, der_len) == NX_SUCCESS) {
            use_certificate(&pem_cert);
        }
    }
    if (size >= 2) {
        size_t n = ((size_t)data[0] << 8) | data[1];
        if (n <= size - 2 && x509_certificate_parse(&c, data + 2, n) == NX_SUCCESS) {
            for (size_t t = 0; t < sizeof key_types / sizeof key_types[0]; t++) {
                NX_SECURE_X509_CERT copy = c;
                sink += x509_key_parse(&copy, data + 2 + n, size - 2 - n, key_types[t]);
            }
        }
    }
    (void)sink;
    return 0;
}
