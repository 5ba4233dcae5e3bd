/* SPDX-License-Identifier: MIT */
#include "tool_demo_pki.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* add_ext adds one extension written in OpenSSL's configuration syntax. */
static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    int ok = ext != NULL && X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

static int der_of_cert(X509 *cert, struct tool_demo_der *out)
{
    unsigned char *p = NULL;
    int len = i2d_X509(cert, &p);
    if (len <= 0) {
        return 0;
    }
    out->data = p;
    out->len = (size_t)len;
    return 1;
}

static int der_of_key(EVP_PKEY *key, struct tool_demo_der *out)
{
    unsigned char *p = NULL;
    int len = i2d_PrivateKey(key, &p); /* an EC key: the RFC 5915 ECPrivateKey NetX calls EC_DER */
    if (len <= 0) {
        return 0;
    }
    out->data = p;
    out->len = (size_t)len;
    return 1;
}

/* make_cert issues a certificate for key named cn by issuer (NULL: self-signed) with the given extensions
 * (NULL-terminated nid/value pairs). */
static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       const int *nids, const char *const *values)
{
    X509 *cert = X509_new();
    BIGNUM *serial = BN_new();
    int ok = cert != NULL && serial != NULL && X509_set_version(cert, 2) == 1 &&
             BN_rand(serial, 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 &&
             BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) != NULL &&
             X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != NULL &&
             X509_gmtime_adj(X509_getm_notAfter(cert), 86400) != NULL &&
             X509_set_pubkey(cert, key) == 1;
    X509_NAME *name = ok ? X509_get_subject_name(cert) : NULL;
    ok = ok && name != NULL &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1,
                                    0) == 1 &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"nxdtls demo",
                                    -1, -1, 0) == 1 &&
         X509_set_issuer_name(cert, issuer != NULL ? X509_get_subject_name(issuer) : name) == 1;
    for (size_t i = 0; ok && nids[i] != 0; i++) {
        ok = add_ext(cert, issuer != NULL ? issuer : cert, nids[i], values[i]);
    }
    ok = ok && X509_sign(cert, issuer_key, EVP_sha256()) > 0;
    BN_free(serial);
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

int tool_demo_pki_make(struct tool_demo_pki *pki)
{
    memset(pki, 0, sizeof *pki);
    EVP_PKEY *root_key = EVP_EC_gen("P-256");
    EVP_PKEY *inter_key = EVP_EC_gen("P-256");
    EVP_PKEY *server_key = EVP_EC_gen("P-256");
    EVP_PKEY *client_key = EVP_EC_gen("P-256");
    X509 *root = NULL, *inter = NULL, *server = NULL, *client = NULL;
    int ok = root_key != NULL && inter_key != NULL && server_key != NULL && client_key != NULL;

    static const int root_nids[] = {NID_basic_constraints, NID_key_usage,
                                    NID_subject_key_identifier, 0};
    static const char *const root_values[] = {"critical,CA:TRUE", "critical,keyCertSign,cRLSign",
                                              "hash"};
    static const int inter_nids[] = {NID_basic_constraints, NID_key_usage,
                                     NID_subject_key_identifier, NID_authority_key_identifier, 0};
    static const char *const inter_values[] = {
        "critical,CA:TRUE,pathlen:0", "critical,keyCertSign,cRLSign", "hash", "keyid:always"};
    static const int leaf_nids[] = {NID_basic_constraints,
                                    NID_key_usage,
                                    NID_ext_key_usage,
                                    NID_subject_alt_name,
                                    NID_subject_key_identifier,
                                    NID_authority_key_identifier,
                                    0};
    static const char *const server_values[] = {"critical,CA:FALSE",
                                                "critical,digitalSignature",
                                                "serverAuth",
                                                "DNS:localhost,IP:127.0.0.1",
                                                "hash",
                                                "keyid:always"};
    static const char *const client_values[] = {"critical,CA:FALSE",
                                                "critical,digitalSignature",
                                                "clientAuth",
                                                "DNS:nxdtls-demo-client",
                                                "hash",
                                                "keyid:always"};
    if (ok) {
        root = make_cert(root_key, "nxdtls demo root", NULL, root_key, root_nids, root_values);
        inter = root != NULL ? make_cert(inter_key, "nxdtls demo intermediate", root, root_key,
                                         inter_nids, inter_values)
                             : NULL;
        server = inter != NULL ? make_cert(server_key, "localhost", inter, inter_key, leaf_nids,
                                           server_values)
                               : NULL;
        client = inter != NULL ? make_cert(client_key, "nxdtls-demo-client", inter, inter_key,
                                           leaf_nids, client_values)
                               : NULL;
        ok = client != NULL && server != NULL;
    }
    ok = ok && der_of_cert(root, &pki->root) && der_of_cert(inter, &pki->inter) &&
         der_of_cert(server, &pki->server) && der_of_cert(client, &pki->client) &&
         der_of_key(server_key, &pki->server_key) && der_of_key(client_key, &pki->client_key);
    if (!ok) {
        fprintf(stderr, "nxdtls: demo: cannot generate the test PKI (OpenSSL: %s)\n",
                ERR_reason_error_string(ERR_get_error()));
    }
    X509_free(root);
    X509_free(inter);
    X509_free(server);
    X509_free(client);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(inter_key);
    EVP_PKEY_free(server_key);
    EVP_PKEY_free(client_key);
    if (!ok) {
        tool_demo_pki_free(pki);
        return -1;
    }
    return 0;
}

void tool_demo_pki_free(struct tool_demo_pki *pki)
{
    struct tool_demo_der *all[] = {&pki->root,       &pki->inter,  &pki->server,
                                   &pki->server_key, &pki->client, &pki->client_key};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (all[i]->data != NULL) {
            OPENSSL_cleanse(all[i]->data, all[i]->len);
        }
        OPENSSL_free(all[i]->data);
        all[i]->data = NULL;
        all[i]->len = 0;
    }
}
