/* SPDX-License-Identifier: MIT */
/* crypto_tables.h: nxdtls's default method tables (docs/netx-api.md 6.3, 6.4), for internal users (the
 * engine's defaults, the tools, tests). NetX applications declare these themselves, `extern const`, as NetX
 * samples do, so no NetX header declares them; the native header nxdtls.h does (docs/netx-api.md 10 C15).
 * All are const and exported. */
#ifndef NXD_CRYPTO_TABLES_H
#define NXD_CRYPTO_TABLES_H

#include "nx_secure_tls.h"

/* nx_crypto_tls_ciphers: RSA and PSK suites, preference order 0x009C, 0x003D, 0x003C, 0x002F, 0x0035,
 * 0xC0A8, 0xC0A4, 0x00A8, 0x00A9, 0x00AE, 0x008C. */
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

/* nx_crypto_tls_ciphers_ecc: 0xC02B, 0xC02C, 0xC0AE, 0xC02F, 0xC030, 0xC023, 0xC027, then every row of
 * nx_crypto_tls_ciphers. */
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;

/* nx_crypto_ecc_supported_groups: IANA NamedGroup codes 23 (secp256r1), 29 (x25519), 24 (secp384r1),
 * 25 (secp521r1); nx_crypto_ecc_curves: the curve row of each, same order; nx_crypto_ecc_supported_groups_size:
 * 4. */
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

#endif /* NXD_CRYPTO_TABLES_H */
