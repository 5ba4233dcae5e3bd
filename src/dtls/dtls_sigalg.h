/* SPDX-License-Identifier: MIT */
/* dtls_sigalg.h: TLS 1.2 signature schemes (RFC 5246 7.4.1.4.1 SignatureAndHashAlgorithm, RFC 8446 4.2.3 names
 * and the rsa_pss_rsae code points) and signing/verifying a digest with a certificate's key.
 *
 * The methods come from the table's X.509 rows (docs/netx-api.md 6.3): a scheme names the row whose identifier is the
 * same algorithm (rsa_pkcs1_sha256 -> NX_SECURE_TLS_X509_TYPE_RSA_SHA_256), whose public-key method signs or
 * verifies and whose hash method digests. So an application's own RSA or ECDSA method is what runs, and a table
 * without X.509 rows has no signature scheme at all.
 *
 * Sets of schemes travel as masks: bit i is dtls_sigalgs[i]. */
#ifndef NXD_DTLS_SIGALG_H
#define NXD_DTLS_SIGALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nxdtls.h"

#define DTLS_SIGALG_RSA   1 /* RSASSA-PKCS1-v1_5 */
#define DTLS_SIGALG_ECDSA 3
#define DTLS_SIGALG_RSA_PSS \
    8 /* RSASSA-PSS with an rsaEncryption key (rsa_pss_rsae_*), verification only */

/* The largest signature we make or accept: an 8192-bit RSA signature (crypto_sig.h). */
#define DTLS_SIG_MAX 1024

struct dtls_sigalg {
    uint16_t scheme;  /* IANA SignatureScheme: hash << 8 | signature for the TLS 1.2 pairs */
    uint8_t kind;     /* DTLS_SIGALG_* */
    uint8_t offer;    /* listed in our signature_algorithms and CertificateRequest */
    uint8_t can_sign; /* we sign with it */
    UINT hash_alg;    /* NX_CRYPTO_HASH_* */
    UINT x509_id;     /* NX_SECURE_TLS_X509_TYPE_* of the table row giving the methods */
};

/* dtls_sigalgs: every scheme we know, offered ones first in our preference order. */
extern const struct dtls_sigalg dtls_sigalgs[];
extern const size_t dtls_sigalg_count;

/* DTLS_SIGALG_OFFERED is the mask of the schemes we offer; DTLS_SIGALG_LEGACY the {sha1,rsa} and {sha1,ecdsa}
 * pair a TLS 1.2 peer that sent no signature_algorithms is assumed to support (RFC 5246 7.4.1.4.1). */
uint16_t dtls_sigalg_offered(void);
uint16_t dtls_sigalg_legacy(void);

/* dtls_sigalg_find returns the scheme's entry and sets *index (may be NULL), or returns NULL for an unknown one. */
const struct dtls_sigalg *dtls_sigalg_find(uint16_t scheme, size_t *index);

/* dtls_sigalg_fits_key returns true when the scheme's kind matches the certificate's public key (RSA keys for
 * PKCS#1 and rsa_pss_rsae, EC keys for ECDSA). */
bool dtls_sigalg_fits_key(const struct dtls_sigalg *alg, const NX_SECURE_X509_CERT *cert);

/* dtls_sigalg_methods finds the table's X.509 row for alg and gives its public-key and hash methods. Returns
 * NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM when the table has no such row (or it lacks a method). */
NXD_MUST_USE UINT dtls_sigalg_methods(const NX_SECURE_TLS_CRYPTO *table,
                                      const struct dtls_sigalg *alg, const NX_CRYPTO_METHOD **pub,
                                      const NX_CRYPTO_METHOD **hash);

/* dtls_sigalg_choose picks the scheme to sign with key: one we can sign with, in peer_mask, fitting the key and,
 * when want_hash is not 0, hashing with want_hash. For an EC key the hash matching the curve size comes first.
 * Returns NULL when there is none. */
const struct dtls_sigalg *dtls_sigalg_choose(const NX_SECURE_X509_CERT *key, uint16_t peer_mask,
                                             UINT want_hash);

/* dtls_sigalg_curve returns the curve row for an EC certificate's named curve: the configured row (cfg->curves)
 * when there is one, else nxdtls's (crypto_curve_for); NULL when unknown. */
const NX_CRYPTO_METHOD *dtls_sigalg_curve(const nxdtls_config *cfg,
                                          const NX_SECURE_X509_CERT *cert);

/* dtls_sigalg_digest hashes the n pieces (data[i], len[i]) with alg's hash method from the table into out (at
 * least 64 bytes), running one use of the method in area. *out_len gets the digest size. */
NXD_MUST_USE UINT dtls_sigalg_digest(const NX_SECURE_TLS_CRYPTO *table,
                                     const struct dtls_sigalg *alg, void *area, size_t area_size,
                                     const uint8_t *const *data, const size_t *len, size_t n,
                                     uint8_t out[64], size_t *out_len);

/* dtls_sigalg_sign signs digest with key's private key (an identity certificate with a parsed RSA or EC key),
 * through the table's method for alg, in area. sig gets the signature (RSA: modulus size; ECDSA: DER) and
 * *sig_len its size. Returns NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM (no method, scheme does not fit the
 * key or cannot sign), NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE (no parsed private key: hardware and user-defined
 * key types are not supported), or the method's failure. */
NXD_MUST_USE UINT dtls_sigalg_sign(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                                   const NX_SECURE_X509_CERT *key, const uint8_t *digest,
                                   size_t digest_len, void *area, size_t area_size, uint8_t *sig,
                                   size_t sig_cap, size_t *sig_len);

/* dtls_sigalg_verify checks that signer's public key made sig over digest with alg. Returns NX_SUCCESS,
 * NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM (no method, or the scheme does not fit the key), or
 * NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR for any signature that does not verify (docs/netx-api.md 6.6: every
 * non-zero status of the method). */
NXD_MUST_USE UINT dtls_sigalg_verify(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                                     const NX_SECURE_X509_CERT *signer, const uint8_t *digest,
                                     size_t digest_len, const uint8_t *sig, size_t sig_len,
                                     void *area, size_t area_size);

#endif /* NXD_DTLS_SIGALG_H */
