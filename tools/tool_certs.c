/* SPDX-License-Identifier: MIT */
#include "tool_certs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_codes.h"
#include "tool_file.h"
#include "x509/x509_cert.h"
#include "x509/x509_key.h"
#include "x509/x509_pem.h"
#include "x509/x509_store.h"

/* A code tool_certs_add_der returns when the heap runs out (it has no NetX code of its own). */
#define OUT_OF_MEMORY NX_NOT_SUCCESSFUL

/* grow makes room for one more pointer in a growing array. */
static int grow(void *array_ptr, size_t count, size_t *capacity)
{
    void **array = array_ptr;
    if (count < *capacity) {
        return 0;
    }
    size_t next = *capacity != 0 ? 2 * *capacity : 16;
    void *bigger = realloc(*array, next * sizeof(void *));
    if (bigger == NULL) {
        return -1;
    }
    *array = bigger;
    *capacity = next;
    return 0;
}

/* keep copies n bytes into a block the set owns and returns it, or NULL. */
static uint8_t *keep(struct tool_certs *c, const uint8_t *p, size_t n)
{
    if (grow(&c->blocks, c->block_count, &c->block_capacity) != 0) {
        return NULL;
    }
    uint8_t *b = malloc(n != 0 ? n : 1);
    if (b != NULL) {
        if (n != 0) {
            memcpy(b, p, n);
        }
        c->blocks[c->block_count++] = b;
    }
    return b;
}

UINT tool_certs_add_der(struct tool_certs *c, int trusted, const uint8_t *der, size_t len,
                        const uint8_t *key, size_t key_len, UINT key_type)
{
    if (grow(&c->certs, c->cert_count, &c->cert_capacity) != 0) {
        return OUT_OF_MEMORY;
    }
    NX_SECURE_X509_CERT *cert = calloc(1, sizeof *cert);
    uint8_t *d = cert != NULL ? keep(c, der, len) : NULL;
    if (d == NULL) {
        free(cert);
        return OUT_OF_MEMORY;
    }
    UINT st = x509_certificate_parse(cert, d, len);
    if (st == NX_SUCCESS && key != NULL) {
        uint8_t *k = keep(c, key, key_len);
        st = k != NULL ? x509_key_parse(cert, k, key_len, key_type) : OUT_OF_MEMORY;
    }
    if (st == NX_SUCCESS) {
        st = x509_store_add(&c->store, trusted ? X509_STORE_TRUSTED : X509_STORE_LOCAL, cert,
                            (UINT)(c->cert_count + 1));
    }
    if (st != NX_SUCCESS) {
        free(cert);
        return st;
    }
    c->certs[c->cert_count++] = cert;
    c->has_identity |= key != NULL;
    c->has_trusted |= trusted;
    return NX_SUCCESS;
}

/* key_type_for gives the NetX key type constant for a certificate's key (PKCS #8 keys parse with either). */
static UINT key_type_for(const uint8_t *der, size_t len)
{
    NX_SECURE_X509_CERT probe;
    return x509_certificate_parse(&probe, der, len) == NX_SUCCESS &&
                   probe.nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC
               ? NX_SECURE_X509_KEY_TYPE_EC_DER
               : NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER;
}

static void say_code(const char *what, const char *path, const char *problem, UINT st)
{
    fprintf(stderr, "nxdtls: %s '%s': %s: %s (0x%X)\n", what, path, problem, tool_code_name(st),
            (unsigned)st);
}

/* add_one adds one certificate of a file and explains a failure naming the file (and the key file). */
static int add_one(struct tool_certs *c, const char *what, const char *path, size_t index,
                   int trusted, const uint8_t *der, size_t der_len, const uint8_t *key,
                   size_t key_len, const char *key_path)
{
    UINT st = tool_certs_add_der(c, trusted, der, der_len, key, key_len,
                                 key != NULL ? key_type_for(der, der_len) : 0);
    if (st == NX_SUCCESS) {
        return 0;
    }
    NX_SECURE_X509_CERT probe;
    char problem[160];
    if (st == OUT_OF_MEMORY) {
        fprintf(stderr, "nxdtls: %s '%s': out of memory\n", what, path);
    } else if (x509_certificate_parse(&probe, der, der_len) != NX_SUCCESS) {
        snprintf(problem, sizeof problem,
                 "certificate %zu is not an X.509 certificate nxdtls can read", index + 1);
        say_code(what, path, problem, st);
    } else if (key != NULL) {
        fprintf(stderr,
                "nxdtls: private key file '%s' does not parse or does not match the certificate in "
                "'%s': %s (0x%X)\n",
                key_path, path, tool_code_name(st), (unsigned)st);
    } else {
        snprintf(problem, sizeof problem, "certificate %zu cannot be stored", index + 1);
        say_code(what, path, problem, st);
    }
    return -1;
}

/* for_each_cert adds every certificate of a file, in order; the first gets the key, if any. */
static int for_each_cert(struct tool_certs *c, const char *what, const char *path, int trusted,
                         const uint8_t *key, size_t key_len, const char *key_path)
{
    size_t len = 0;
    uint8_t *text = tool_file_read(what, path, &len);
    if (text == NULL) {
        return -1;
    }
    int rc = 0;
    size_t count = 0;
    size_t skipped = 0;
    if (!tool_file_is_pem(text, len)) {
        NX_SECURE_X509_CERT probe;
        UINT st = x509_certificate_parse(&probe, text, len);
        if (st != NX_SUCCESS) {
            say_code(what, path,
                     "neither PEM (no -----BEGIN CERTIFICATE-----) nor a DER certificate", st);
            rc = -1;
        } else {
            rc = add_one(c, what, path, 0, trusted, text, len, key, key_len, key_path);
            count = rc == 0;
        }
    } else {
        uint8_t *der = malloc(len + 1);
        size_t pos = 0;
        size_t der_len = 0;
        while (rc == 0 && der != NULL &&
               x509_pem_next(text, len, &pos, "CERTIFICATE", der, len + 1, &der_len) ==
                   NX_SUCCESS) {
            const uint8_t *k = count == 0 ? key : NULL;
            NX_SECURE_X509_CERT probe;
            if (trusted && x509_certificate_parse(&probe, der, der_len) != NX_SUCCESS) {
                skipped++; /* a bundle's certificate this library cannot read: leave it out */
                continue;
            }
            rc = add_one(c, what, path, count + skipped, trusted, der, der_len, k, key_len,
                         key_path);
            count += rc == 0;
        }
        free(der);
        if (rc == 0 && count == 0 && skipped == 0) {
            fprintf(stderr, "nxdtls: %s '%s': no -----BEGIN CERTIFICATE----- block%s\n", what, path,
                    tool_file_has_pem_label(text, len, "PRIVATE KEY") ? " (it holds a private key)"
                                                                      : "");
            rc = -1;
        } else if (rc == 0 && count == 0) {
            fprintf(stderr, "nxdtls: %s '%s': none of its %zu certificates can be read\n", what,
                    path, skipped);
            rc = -1;
        }
    }
    c->skipped += skipped;
    free(text);
    return rc;
}

/* read_key returns the DER of the first private key in a PEM or DER file (heap), or NULL after saying why. */
static uint8_t *read_key(const char *path, size_t *out_len)
{
    static const char what[] = "private key file";
    size_t len = 0;
    uint8_t *text = tool_file_read(what, path, &len);
    if (text == NULL) {
        return NULL;
    }
    if (tool_file_has_pem_label(text, len, "ENCRYPTED PRIVATE KEY") ||
        strstr((const char *)text, "Proc-Type: 4,ENCRYPTED") != NULL) {
        fprintf(
            stderr,
            "nxdtls: %s '%s' is encrypted: encrypted private keys are not supported (decrypt it "
            "first, e.g. openssl pkey -in KEY -out PLAIN)\n",
            what, path);
        free(text);
        return NULL;
    }
    if (!tool_file_is_pem(text, len)) {
        *out_len = len;
        return text;
    }
    static const char *const labels[] = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"};
    uint8_t *der = malloc(len + 1);
    for (size_t i = 0; der != NULL && i < sizeof labels / sizeof labels[0]; i++) {
        size_t pos = 0;
        if (x509_pem_next(text, len, &pos, labels[i], der, len + 1, out_len) == NX_SUCCESS) {
            free(text);
            return der;
        }
    }
    fprintf(stderr, "nxdtls: %s '%s': no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block\n",
            what, path);
    free(der);
    free(text);
    return NULL;
}

int tool_certs_load_identity(struct tool_certs *c, const char *cert_path, const char *key_path)
{
    size_t key_len = 0;
    uint8_t *key = read_key(key_path, &key_len);
    if (key == NULL) {
        return -1;
    }
    int rc = for_each_cert(c, "certificate file", cert_path, 0, key, key_len, key_path);
    memset(key, 0, key_len);
    free(key);
    return rc;
}

int tool_certs_load_trusted(struct tool_certs *c, const char *path)
{
    return for_each_cert(c, "CA file", path, 1, NULL, 0, NULL);
}

void tool_certs_free(struct tool_certs *c)
{
    for (size_t i = 0; i < c->cert_count; i++) {
        free(c->certs[i]);
    }
    for (size_t i = 0; i < c->block_count; i++) {
        free(c->blocks[i]);
    }
    free(c->certs);
    free(c->blocks);
    memset(c, 0, sizeof *c);
}
