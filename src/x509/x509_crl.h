/* SPDX-License-Identifier: MIT */
/* x509_crl.h: certificate revocation lists (RFC 5280 5), checked against one certificate. */
#ifndef NXD_X509_CRL_H
#define NXD_X509_CRL_H

#include <stddef.h>

#include "base/status.h"
#include "nx_secure_x509.h"

/* x509_crl_check parses the DER CRL (len bytes at crl) and decides whether it revokes cert:
 * - the CRL's issuer must be byte-identical to cert's issuer, else NX_SECURE_X509_CRL_ISSUER_MISMATCH
 *   (0x197);
 * - the CRL must be signed by a certificate of store's trusted or remote list whose subject is that
 *   issuer (through the caller's NX_SECURE_X509_CRYPTO table): none with that subject gives
 *   NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11B), none whose key verifies gives
 *   NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED (0x198); a signer with keyUsage but without cRLSign gives
 *   NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C);
 * - a v2 CRL must carry a non-critical cRLNumber (RFC 5280 5.2.3); a critical CRL or entry extension we
 *   do not process (delta CRLs, issuingDistributionPoint, indirect CRLs) makes the CRL unusable:
 *   NX_SECURE_X509_INVALID_EXTENSIONS (0x191), as does a duplicate extension;
 * - then the serial number is looked up: NX_SECURE_X509_CRL_CERTIFICATE_REVOKED (0x199) when listed,
 *   NX_SUCCESS when not.
 * DER errors give the DER reader's codes (0x182, 0x189, ...). thisUpdate/nextUpdate are parsed but not
 * compared with a clock (the NetX service has no time parameter). */
NXD_MUST_USE UINT x509_crl_check(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                                 const UCHAR *crl, size_t len,
                                 const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                 const NX_SECURE_X509_CERT *cert, void *scratch,
                                 size_t scratch_size);

#endif /* NXD_X509_CRL_H */
