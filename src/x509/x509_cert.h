/* SPDX-License-Identifier: MIT */
/* x509_cert.h: parsing one DER certificate (RFC 5280 4.1) into an NX_SECURE_X509_CERT that points into
 * the DER (zero copy), and the public nx_secure_x509_certificate_initialize (docs/netx-api.md 4.1). */
#ifndef NXD_X509_CERT_H
#define NXD_X509_CERT_H

#include <stddef.h>

#include "base/status.h"
#include "base/wire.h"
#include "nx_secure_x509.h"

/* x509_certificate_parse zeroes *cert and parses the DER certificate of exactly len bytes at der,
 * which must stay unchanged and alive as long as *cert is used. It returns NX_SUCCESS or the precise
 * code of the first problem: 0x186 top level not a SEQUENCE; DER errors 0x181 0x182 0x183 0x188 0x189
 * 0x190; 0x18F bad version; 0x19A outer and inner signature algorithms differ; 0x196 bad time; 0x184 no
 * public key; 0x185 malformed or out-of-range public key (RSA 1024-4096 bits, a multiple of 8; EC P-256,
 * P-384, P-521 uncompressed); 0x1A1 unsupported public key algorithm or explicit curve; 0x191
 * extension errors (see x509_ext.h). On failure *cert is left zeroed. */
NXD_MUST_USE UINT x509_certificate_parse(NX_SECURE_X509_CERT *cert, const UCHAR *der, size_t len);

/* x509_sigalg_parse reads an AlgorithmIdentifier (the SEQUENCE contents) of a signature: *id is an
 * NX_SECURE_TLS_X509_TYPE_* signature id (0 when unknown, which is not an error), *hash the
 * NX_CRYPTO_HASH_* it uses and *salt_len the RSA-PSS salt length. RSA-PSS is accepted with SHA-256,
 * -384 or -512, MGF1 over the same hash and trailer 1 (RFC 4055 3.1); other PSS parameters give
 * NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM. */
NXD_MUST_USE UINT x509_sigalg_parse(struct wire_rd alg, UINT *id, UINT *hash, USHORT *salt_len);

/* x509_spki_parse reads a SubjectPublicKeyInfo (the SEQUENCE contents) into the public-key members of
 * *cert (algorithm, key, exponent, curve, bits); codes as x509_certificate_parse. */
NXD_MUST_USE UINT x509_spki_parse(struct wire_rd spki, NX_SECURE_X509_CERT *cert);

#endif /* NXD_X509_CERT_H */
