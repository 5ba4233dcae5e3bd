/* SPDX-License-Identifier: MIT */
/* x509_sig.h: checking a signature made by a certificate's key, through the NX_SECURE_X509_CRYPTO
 * rows the caller passes (docs/netx-api.md 6.3, 6.6), so an application's own RSA/ECDSA/hash method is what
 * runs. The row is the one whose nx_secure_x509_crypto_identifier equals the signature algorithm's
 * NX_SECURE_TLS_X509_TYPE_* id; its hash method digests the signed bytes, its public cipher method
 * checks the signature: PKCS #1 v1.5 over a raw-RSA method, RSA-PSS over an RSA-PSS method
 * (crypto_sig.h convention), ECDSA with the signer's named curve. */
#ifndef NXD_X509_SIG_H
#define NXD_X509_SIG_H

#include <stddef.h>

#include "base/status.h"
#include "nx_secure_x509.h"

/* X509_SIG_SCRATCH_MIN is a scratch size that fits nxdtls's own methods; a table holding bigger methods
 * needs the sum of its largest hash and public-cipher metadata sizes plus 16. */
#define X509_SIG_SCRATCH_MIN 4096u

/* struct x509_signed describes signed data: the bytes, the signature (BIT STRING contents) and the
 * signature algorithm as x509_sigalg_parse returned it. */
struct x509_signed {
    const UCHAR *data;
    size_t data_len;
    const UCHAR *sig;
    size_t sig_len;
    UINT sig_id;     /* NX_SECURE_TLS_X509_TYPE_RSA_SHA_256, ... */
    UINT hash_alg;   /* NX_CRYPTO_HASH_* */
    USHORT salt_len; /* RSA-PSS */
};

/* x509_sig_verify checks that signer's public key made `what`. scratch (scratch_size bytes, any
 * alignment) holds the hash and public-cipher metadata areas, one after the other.
 * Returns NX_SUCCESS;
 * NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM (0x1A3): unknown algorithm, or no row for it in the table;
 * NX_SECURE_X509_WRONG_SIGNATURE_METHOD (0x19A): the algorithm does not fit the signer's key type;
 * NX_SECURE_X509_MISSING_CRYPTO_ROUTINE (0x1AA): the row lacks a method or an operation;
 * NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE (0x13F): scratch too small for the row's methods;
 * NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED (0x1A4): the signature does not verify (any non-zero
 * status of the method, docs/netx-api.md 6.6). */
NXD_MUST_USE UINT x509_sig_verify(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                  const NX_SECURE_X509_CERT *signer, const struct x509_signed *what,
                                  void *scratch, size_t scratch_size);

#endif /* NXD_X509_SIG_H */
