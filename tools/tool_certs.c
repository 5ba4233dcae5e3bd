/* SPDX-License-Identifier: MIT */
#include "tool_certs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_codes.h"
#include "x509/x509_cert.h"
#include "x509/x509_key.h"
#include "x509/x509_pem.h"
#include "x509/x509_store.h"

#define FILE_MAX (1u << 20)

/* read_file returns a heap block with the file's bytes (NUL-terminated, not counted), or NULL. */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "nxdtls: cannot open '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = malloc(FILE_MAX + 1);
    size_t n = buf != NULL ? fread(buf, 1, FILE_MAX + 1, f) : 0;
    fclose(f);
    if (buf == NULL || n > FILE_MAX) {
        fprintf(stderr, "nxdtls: '%s' is too large (or out of memory)\n", path);
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static int is_pem(const uint8_t *text, size_t len)
{
    static const char begin[] = "-----BEGIN ";
    for (size_t i = 0; i + sizeof begin - 1 <= len; i++) {
        if (memcmp(text + i, begin, sizeof begin - 1) == 0) {
            return 1;
        }
    }
    return 0;
}

/* keep takes ownership of a heap block for the set's lifetime. */
static int keep(struct tool_certs *c, uint8_t *block)
{
    if (c->block_count == sizeof c->blocks / sizeof c->blocks[0]) {
        fprintf(stderr, "nxdtls: too many certificates (at most %d)\n", TOOL_MAX_CERTS);
        free(block);
        return -1;
    }
    c->blocks[c->block_count++] = block;
    return 0;
}

static uint8_t *copy(const uint8_t *p, size_t n)
{
    uint8_t *b = malloc(n != 0 ? n : 1);
    if (b != NULL && n != 0) {
        memcpy(b, p, n);
    }
    return b;
}

int tool_certs_add_der(struct tool_certs *c, int trusted, const uint8_t *der, size_t len,
                       const uint8_t *key, size_t key_len, UINT key_type)
{
    if (c->cert_count == TOOL_MAX_CERTS) {
        fprintf(stderr, "nxdtls: too many certificates (at most %d)\n", TOOL_MAX_CERTS);
        return -1;
    }
    uint8_t *d = copy(der, len);
    if (d == NULL || keep(c, d) != 0) {
        return -1;
    }
    NX_SECURE_X509_CERT *cert = &c->certs[c->cert_count];
    UINT st = x509_certificate_parse(cert, d, len);
    if (st != NX_SUCCESS) {
        fprintf(stderr, "nxdtls: a certificate does not parse: %s (0x%x)\n", tool_code_name(st),
                st);
        return -1;
    }
    if (key != NULL) {
        uint8_t *k = copy(key, key_len);
        if (k == NULL || keep(c, k) != 0) {
            return -1;
        }
        st = x509_key_parse(cert, k, key_len, key_type);
        if (st != NX_SUCCESS) {
            fprintf(stderr,
                    "nxdtls: the private key does not parse or does not match the certificate: %s "
                    "(0x%x)\n",
                    tool_code_name(st), st);
            return -1;
        }
    }
    st = x509_store_add(&c->store, trusted ? X509_STORE_TRUSTED : X509_STORE_LOCAL, cert,
                        (UINT)(c->cert_count + 1));
    if (st != NX_SUCCESS) {
        fprintf(stderr, "nxdtls: cannot file a certificate: %s (0x%x)\n", tool_code_name(st), st);
        return -1;
    }
    c->cert_count++;
    c->has_identity |= key != NULL;
    c->has_trusted |= trusted;
    return 0;
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

/* for_each_cert calls add for every certificate of a file, in order. */
static int for_each_cert(struct tool_certs *c, const char *path, int trusted, const uint8_t *key,
                         size_t key_len)
{
    size_t len = 0;
    uint8_t *text = read_file(path, &len);
    if (text == NULL) {
        return -1;
    }
    int rc = 0;
    size_t count = 0;
    if (!is_pem(text, len)) {
        rc = tool_certs_add_der(c, trusted, text, len, key, key_len,
                                key != NULL ? key_type_for(text, len) : 0);
        count = rc == 0;
    } else {
        uint8_t *der = malloc(len + 1);
        size_t pos = 0;
        size_t der_len = 0;
        while (rc == 0 && der != NULL &&
               x509_pem_next(text, len, &pos, "CERTIFICATE", der, len + 1, &der_len) ==
                   NX_SUCCESS) {
            const uint8_t *k = count == 0 ? key : NULL;
            rc = tool_certs_add_der(c, trusted, der, der_len, k, key_len,
                                    k != NULL ? key_type_for(der, der_len) : 0);
            count += rc == 0;
        }
        free(der);
    }
    free(text);
    if (rc == 0 && count == 0) {
        fprintf(stderr, "nxdtls: no certificate in '%s'\n", path);
        rc = -1;
    }
    return rc;
}

/* read_key returns the DER of the first private key in a PEM or DER file (heap), or NULL. */
static uint8_t *read_key(const char *path, size_t *out_len)
{
    size_t len = 0;
    uint8_t *text = read_file(path, &len);
    if (text == NULL || !is_pem(text, len)) {
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
    fprintf(stderr, "nxdtls: no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in '%s'\n",
            path);
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
    int rc = for_each_cert(c, cert_path, 0, key, key_len);
    free(key);
    return rc;
}

int tool_certs_load_trusted(struct tool_certs *c, const char *path)
{
    return for_each_cert(c, path, 1, NULL, 0);
}

void tool_certs_free(struct tool_certs *c)
{
    for (size_t i = 0; i < c->block_count; i++) {
        free(c->blocks[i]);
    }
    memset(c, 0, sizeof *c);
}
