/* SPDX-License-Identifier: MIT */
/* x509_key.h: private keys for identity certificates (docs/netx-api.md 4.1). */
#ifndef NXD_X509_KEY_H
#define NXD_X509_KEY_H

#include "base/status.h"
#include "nx_secure_x509.h"

/* x509_key_parse attaches the private key (len bytes at key, kept by pointer: it must outlive the
 * certificate) to the parsed certificate *cert and marks it an identity certificate.
 * - NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER: a DER RSAPrivateKey (RFC 8017 A.1.2) or a PKCS #8
 *   PrivateKeyInfo (RFC 5208) holding one; the certificate's key must be RSA with the same modulus and
 *   public exponent.
 * - NX_SECURE_X509_KEY_TYPE_EC_DER: a DER ECPrivateKey (RFC 5915 3) or a PKCS #8 PrivateKeyInfo holding
 *   one; the certificate's key must be EC on the same curve, and equal the key's publicKey when the key
 *   carries one.
 * - NX_SECURE_X509_KEY_TYPE_HARDWARE and user-defined types (any bit of 0xFFFF0000): stored verbatim.
 * Returns NX_SUCCESS; NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE (0x19D) for KEY_TYPE_NONE, an unknown
 * type, or a key whose algorithm is not the certificate's; NX_SECURE_PKCS1_INVALID_PRIVATE_KEY (0x18A)
 * for a malformed key (RSA or EC) or one that does not match the certificate's public key. On failure
 * *cert's key members are left cleared. */
NXD_MUST_USE UINT x509_key_parse(NX_SECURE_X509_CERT *cert, const UCHAR *key, size_t len,
                                 UINT type);

#endif /* NXD_X509_KEY_H */
