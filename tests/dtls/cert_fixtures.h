/* SPDX-License-Identifier: MIT */
/* cert_fixtures.h: the committed test PKI (tests/vectors/x509/pki, scripts/make-test-pki.sh) loaded into
 * NX_SECURE_X509_CERT structures for the engine's certificate tests (header only, static functions).
 *
 * RSA-2048: rsa-root -> rsa-int -> rsa-leaf (key), rsa-leaf-badsig (same key, signature flipped), expired-leaf;
 * P-256: ec-root -> ec-int -> ec-leaf (key), ec384-leaf (P-384 key); rogue-root -> rogue-leaf. Leaves name
 * localhost and are valid 2024..2099. */
#ifndef NXDTLS_TEST_CERT_FIXTURES_H
#define NXDTLS_TEST_CERT_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include "nx_secure_x509.h"
#include "test.h"
#include "x509/x509_cert.h"
#include "x509/x509_key.h"
#include "x509/x509_store.h"

#define FIX_DER_MAX 4096

struct fix_cert {
    NX_SECURE_X509_CERT cert;
    uint8_t der[FIX_DER_MAX];
    uint8_t key[FIX_DER_MAX];
    size_t der_len;
    size_t key_len;
};

/* fix_load_from parses vectors/x509/<dir>/<name>.der into f, with <dir>/<key_name>.key.der as its private key
 * when key_name is not NULL (type NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER or _EC_DER). Returns NX_SUCCESS or the
 * failure. */
static inline UINT fix_load_from(struct fix_cert *f, const char *dir, const char *name,
                                 const char *key_name, UINT key_type)
{
    char path[256];
    memset(f, 0, sizeof *f);
    snprintf(path, sizeof path, "vectors/x509/%s/%s.der", dir, name);
    long n = test_read_file(path, f->der, sizeof f->der);
    if (n <= 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return NX_NOT_SUCCESSFUL;
    }
    f->der_len = (size_t)n;
    UINT status = x509_certificate_parse(&f->cert, f->der, f->der_len);
    if (status != NX_SUCCESS || key_name == NULL) {
        return status;
    }
    snprintf(path, sizeof path, "vectors/x509/%s/%s.key.der", dir, key_name);
    n = test_read_file(path, f->key, sizeof f->key);
    if (n <= 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return NX_NOT_SUCCESSFUL;
    }
    f->key_len = (size_t)n;
    return x509_key_parse(&f->cert, f->key, f->key_len, key_type);
}

/* fix_load is fix_load_from for the test PKI of scripts/make-test-pki.sh (vectors/x509/pki). */
static inline UINT fix_load(struct fix_cert *f, const char *name, const char *key_name,
                            UINT key_type)
{
    return fix_load_from(f, "pki", name, key_name, key_type);
}

/* fix_borrow_key makes f an identity certificate with the private key members of donor, whatever f's own
 * public key is: a certificate the peer must refuse before anything made with the key is checked. The RSA CRT
 * primes are left out, so that signing with the wrong modulus still runs (and makes a useless signature). */
static inline void fix_borrow_key(struct fix_cert *f, const struct fix_cert *donor)
{
    const NX_SECURE_X509_CERT *d = &donor->cert;
    NX_SECURE_X509_CERT *c = &f->cert;
    c->nx_secure_x509_private_key = d->nx_secure_x509_private_key;
    c->nx_secure_x509_private_key_length = d->nx_secure_x509_private_key_length;
    c->nx_secure_x509_private_key_type = d->nx_secure_x509_private_key_type;
    c->nx_secure_x509_private_key_scalar = d->nx_secure_x509_private_key_scalar;
    c->nx_secure_x509_private_key_scalar_length = d->nx_secure_x509_private_key_scalar_length;
    c->nx_secure_x509_certificate_is_identity_cert = NX_TRUE;
}

#endif /* NXDTLS_TEST_CERT_FIXTURES_H */
