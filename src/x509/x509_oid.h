/* SPDX-License-Identifier: MIT */
/* x509_oid.h: the object identifiers the X.509 layer knows, mapped to NetX's NX_SECURE_TLS_X509_TYPE_*
 * numbers (and, for curves and hashes, to NX_CRYPTO_* algorithm ids). One const table; OIDs are
 * compared as their DER contents octets. */
#ifndef NXD_X509_OID_H
#define NXD_X509_OID_H

#include <stdint.h>

#include "base/wire.h"
#include "nx_secure_x509.h"

/* What an OID names; a lookup only matches rows of the kind asked for. */
enum x509_oid_kind {
    X509_OID_SIGNATURE,     /* signatureAlgorithm: id = NX_SECURE_TLS_X509_TYPE_RSA_SHA_256, ... */
    X509_OID_PUBLIC_KEY,    /* SubjectPublicKeyInfo algorithm: NX_SECURE_TLS_X509_TYPE_RSA or _EC */
    X509_OID_CURVE,         /* named curve: id = NX_CRYPTO_EC_SECP256R1, ... */
    X509_OID_HASH,          /* hash (RSA-PSS parameters): id = NX_CRYPTO_HASH_SHA256, ... */
    X509_OID_MGF,           /* RSA-PSS mask generation function: id 1 = MGF1 */
    X509_OID_ATTRIBUTE,     /* Name attribute: NX_SECURE_TLS_X509_TYPE_COMMON_NAME, ... */
    X509_OID_EXTENSION,     /* certificate extension: NX_SECURE_TLS_X509_TYPE_KEY_USAGE, ... */
    X509_OID_CRL_EXTENSION, /* CRL and CRL entry extensions: X509_CRL_EXT_* */
    X509_OID_KEY_PURPOSE /* extendedKeyUsage purpose: NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH, ... */
};

/* CRL extension ids (RFC 5280 5.2, 5.3); not NetX numbers. */
#define X509_CRL_EXT_NUMBER             1
#define X509_CRL_EXT_DELTA_INDICATOR    2
#define X509_CRL_EXT_ISSUING_DP         3
#define X509_CRL_EXT_AUTHORITY_KEY_ID   4
#define X509_CRL_EXT_REASON_CODE        5
#define X509_CRL_EXT_INVALIDITY_DATE    6
#define X509_CRL_EXT_CERTIFICATE_ISSUER 7
#define X509_CRL_EXT_ISSUER_ALT_NAME    8
#define X509_CRL_EXT_FRESHEST_CRL       9

/* x509_oid_lookup returns the id of the row of `kind` whose OID is exactly the bytes of oid, or 0
 * (NX_SECURE_TLS_X509_TYPE_UNKNOWN) when none is. */
UINT x509_oid_lookup(struct wire_rd oid, enum x509_oid_kind kind);

#endif /* NXD_X509_OID_H */
