/* SPDX-License-Identifier: MIT */
/* dtls_suite.h: what a ciphersuite row asks of the handshake, read from its methods (docs/netx-api.md 6.6 "How the
 * engine reads a suite row"): the key exchange from public_cipher, the certificate's key from public_auth. */
#ifndef NXD_DTLS_SUITE_H
#define NXD_DTLS_SUITE_H

#include "nx_secure_tls.h"

#define DTLS_KX_NONE  0 /* a row the handshake cannot run */
#define DTLS_KX_PSK   1
#define DTLS_KX_RSA   2 /* RSA key transport (RFC 5246 7.4.7.1) */
#define DTLS_KX_ECDHE 3 /* ephemeral ECDH signed by the certificate's key (RFC 8422) */

/* dtls_suite_kx returns the row's DTLS_KX_*. */
unsigned dtls_suite_kx(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_suite_cert_key returns the key a server certificate needs for the row: NX_SECURE_TLS_X509_TYPE_RSA,
 * NX_SECURE_TLS_X509_TYPE_EC, or 0 for a row without certificates. */
UINT dtls_suite_cert_key(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

#endif /* NXD_DTLS_SUITE_H */
