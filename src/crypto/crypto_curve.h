/* SPDX-License-Identifier: MIT */
/* crypto_curve.h: the named-curve rows (crypto_method_ec_secp256/384/521, _x25519; docs/netx-api.md 6.6
 * "EC curve rows") and what nxdtls's EC methods need to know about each curve. */
#ifndef NXD_CRYPTO_CURVE_H
#define NXD_CRYPTO_CURVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_crypto.h"

/* crypto_curve_for returns the curve row for NX_CRYPTO_EC_SECP256R1 / _SECP384R1 / _SECP521R1 /
 * _X25519, or NULL for any other id. */
const NX_CRYPTO_METHOD *crypto_curve_for(UINT ec_algorithm);

/* struct crypto_curve describes one curve nxdtls's ECDH/ECDSA methods support. */
struct crypto_curve {
    UINT algorithm;         /* NX_CRYPTO_EC_*; low 16 bits = IANA NamedGroup */
    const char *group_name; /* OpenSSL group / key type name */
    uint16_t field_bytes;   /* coordinate (and shared secret) size; X25519: 32 */
    bool montgomery;        /* X25519: raw little-endian u, no 04||X||Y point */
};

/* crypto_curve_info returns the description for an NX_CRYPTO_EC_* id, or NULL when unsupported. Any
 * row (nxdtls's or NetX's) is recognised by its nx_crypto_algorithm alone. */
const struct crypto_curve *crypto_curve_info(UINT ec_algorithm);

#endif /* NXD_CRYPTO_CURVE_H */
