/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_suite.h"

#include <stdbool.h>
#include <stddef.h>

static UINT alg_of(const NX_CRYPTO_METHOD *m)
{
    return m == NULL ? 0 : m->nx_crypto_algorithm;
}

unsigned dtls_suite_kx(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    if (suite == NULL) {
        return DTLS_KX_NONE;
    }
    UINT auth = alg_of(suite->nx_secure_tls_public_auth);
    if (auth == NX_CRYPTO_KEY_EXCHANGE_PSK) {
        return DTLS_KX_PSK;
    }
    bool rsa_auth = auth == NX_CRYPTO_KEY_EXCHANGE_RSA || auth == NX_CRYPTO_DIGITAL_SIGNATURE_RSA;
    switch (alg_of(suite->nx_secure_tls_public_cipher)) {
    case NX_CRYPTO_KEY_EXCHANGE_RSA:
        return rsa_auth ? DTLS_KX_RSA : DTLS_KX_NONE;
    case NX_CRYPTO_KEY_EXCHANGE_ECDHE:
        return rsa_auth || auth == NX_CRYPTO_DIGITAL_SIGNATURE_ECDSA ? DTLS_KX_ECDHE : DTLS_KX_NONE;
    default:
        return DTLS_KX_NONE;
    }
}

UINT dtls_suite_cert_key(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    unsigned kx = dtls_suite_kx(suite);
    if (kx != DTLS_KX_RSA && kx != DTLS_KX_ECDHE) {
        return 0;
    }
    return alg_of(suite->nx_secure_tls_public_auth) == NX_CRYPTO_DIGITAL_SIGNATURE_ECDSA
               ? NX_SECURE_TLS_X509_TYPE_EC
               : NX_SECURE_TLS_X509_TYPE_RSA;
}
