/* SPDX-License-Identifier: MIT */
/* x509_chain.h: certification path building and validation (RFC 5280 6.1, with the restrictions
 * below), the check the DTLS engine runs on a peer's Certificate message.
 *
 * From the leaf, issuers are searched depth first among the trusted certificates of the store (first)
 * and the intermediates the peer sent, by byte-exact issuer/subject Name compare (x509_name.h); a
 * candidate whose subjectKeyIdentifier differs from the child's authorityKeyIdentifier is tried only
 * after the others (key identifiers are a hint, never a reason to reject). A candidate is used only if
 * it is valid at `now`, is a v3 CA (basicConstraints critical with cA TRUE), has keyCertSign when it has
 * keyUsage, respects every pathLenConstraint above it (self-issued intermediates do not count), carries no
 * nameConstraints (not implemented: such a path is refused, never accepted unchecked) and its key verifies
 * the child's signature through the caller's NX_SECURE_X509_CRYPTO table. The path ends successfully at the
 * first candidate that is itself in the trusted store (a root or an intermediate). A trust anchor is taken
 * as given (RFC 5280 6.1.1(d)), as NetX and OpenSSL do: a self-issued v1 root, or a v3 root whose
 * basicConstraints cA is not marked critical, anchors a path; its validity, keyUsage, pathLenConstraint
 * and key size are still checked, and a v3 anchor needs basicConstraints cA. Unless X509_CHAIN_LAX_KEY_IDS:
 * every certificate on the path that is not self-issued has an authorityKeyIdentifier keyIdentifier and
 * every CA a subjectKeyIdentifier (RFC 5280 4.2.1.1, 4.2.1.2), except a v1 anchor and its child.
 *
 * Legacy cryptography is refused unless X509_CHAIN_ALLOW_LEGACY is given or the library was built with
 * NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES (an nxdtls addition, not a NetX macro): RSA keys under 2048 bits
 * anywhere on the path, leaf and anchor included (SP 800-131A Rev. 2), and SHA-1 or MD5 signatures on any
 * certificate below the trust anchor (RFC 9155; an anchor's self-signature is not checked).
 *
 * Bounded work: at most X509_CHAIN_MAX_DEPTH certificates above the leaf, and at most
 * X509_CHAIN_MAX_WORK candidate checks (each at most one signature verification) per call, whatever the
 * input; no recursion. Cycles are cut by refusing a certificate already on the path. */
#ifndef NXD_X509_CHAIN_H
#define NXD_X509_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_secure_x509.h"

#define X509_CHAIN_MAX_DEPTH 8u  /* certificates above the leaf, trust anchor included */
#define X509_CHAIN_MAX_WORK  64u /* candidate issuer checks per call */

/* Flags for x509_chain_verify. */
#define X509_CHAIN_ALLOW_SELF_SIGNED 0x01u /* run-time NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES */
#define X509_CHAIN_SERVER_AUTH       0x02u /* the leaf's extendedKeyUsage must allow serverAuth */
#define X509_CHAIN_CLIENT_AUTH       0x04u /* the leaf's extendedKeyUsage must allow clientAuth */
#define X509_CHAIN_NO_TIME           0x08u /* no clock: validity periods are not checked */
#define X509_CHAIN_ALLOW_LEGACY \
    0x10u /* accept RSA keys of 1024-2047 bits and SHA-1/MD5 signatures */
#define X509_CHAIN_LAX_KEY_IDS 0x20u /* do not require AKI/SKI */
/* X509_CHAIN_MAX_INTERMEDIATES(n) limits the path to n intermediates that are not self-issued
 * (0..X509_CHAIN_MAX_DEPTH - 1); without it the limit is X509_CHAIN_MAX_DEPTH - 1. */
#define X509_CHAIN_MAX_INTERMEDIATES(n) ((((unsigned)(n) + 1u) & 0xFFu) << 8)

/* x509_chain_verify validates leaf against the trusted list of store, using the n certificates at
 * intermediates (any order, unrelated ones allowed, NULL entries ignored). now_seconds is the time in
 * seconds since 1970 (UTC). scratch is the metadata area for one hash and one public-key method
 * (x509_sig.h; X509_SIG_SCRATCH_MIN fits nxdtls's methods).
 *
 * A self-signed leaf (subject == issuer and its own key verifies it) is accepted only when
 * NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES was defined when the library was built or the flag
 * X509_CHAIN_ALLOW_SELF_SIGNED is given, AND the same certificate (same DER) is in the trusted list,
 * and it is valid at now (docs/netx-api.md 1.3).
 *
 * Returns (codes the engine can return as they are; docs/netx-api.md 7.8 gives their alerts):
 * NX_SUCCESS;
 * NX_SECURE_X509_CERTIFICATE_EXPIRED (0x193) / NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID (0x194): the
 *   leaf, or the only issuer found, is outside its validity period;
 * NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT (0x11A): a self-signed leaf that is not accepted (above);
 * NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11B): no candidate issuer at some step (untrusted
 *   root, missing intermediate);
 * NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED (0x117): the issuer found does not verify the signature;
 * NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM (0x116): a signature algorithm the table has no row for, or a
 *   SHA-1 or MD5 signature below the anchor while legacy certificates are refused;
 * NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (0x10D): an RSA key under 2048 bits on the path (leaf, intermediate
 *   or anchor) while legacy certificates are refused;
 * NX_SECURE_X509_MISSING_CRYPTO_ROUTINE (0x1AA), NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE (0x13F);
 * NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND (0x19F): the leaf's extendedKeyUsage lacks the purpose asked;
 * NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C): an issuer is not a CA, lacks keyCertSign, breaks a
 *   pathLenConstraint or the depth limit, has name constraints, a key identifier is
 *   missing, or the work bound ran out;
 * NX_PTR_ERROR: leaf or store NULL.
 * When several paths were tried and all failed, the code is that of the first failure seen. */
NXD_MUST_USE UINT x509_chain_verify(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                    const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                    const NX_SECURE_X509_CERT *leaf,
                                    const NX_SECURE_X509_CERT *const *intermediates, size_t n,
                                    uint64_t now_seconds, unsigned flags, void *scratch,
                                    size_t scratch_size);

/* X509_CHAIN_MAX_REMOTE bounds the intermediates x509_chain_verify_remote takes from the store. */
#define X509_CHAIN_MAX_REMOTE 16u

/* x509_chain_verify_remote is x509_chain_verify with the intermediates taken from the store's remote
 * list (the certificates the peer sent, as the engine files them; the leaf itself, if listed, is
 * skipped; beyond X509_CHAIN_MAX_REMOTE entries the rest are ignored). Same codes. */
NXD_MUST_USE UINT x509_chain_verify_remote(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                           const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                           const NX_SECURE_X509_CERT *leaf, uint64_t now_seconds,
                                           unsigned flags, void *scratch, size_t scratch_size);

/* x509_chain_check_time returns NX_SUCCESS, NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID or
 * NX_SECURE_X509_CERTIFICATE_EXPIRED for one certificate at now (both bounds inclusive, RFC 5280
 * 4.1.2.5). */
NXD_MUST_USE UINT x509_chain_check_time(const NX_SECURE_X509_CERT *cert, uint64_t now_seconds);

/* x509_chain_signed_by checks that issuer's key made child's signature (x509_sig_verify's codes). */
NXD_MUST_USE UINT x509_chain_signed_by(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                       const NX_SECURE_X509_CERT *child,
                                       const NX_SECURE_X509_CERT *issuer, void *scratch,
                                       size_t scratch_size);

#endif /* NXD_X509_CHAIN_H */
