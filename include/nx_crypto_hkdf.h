/* SPDX-License-Identifier: MIT */
/* nx_crypto_hkdf.h: NetX ships this header for HKDF (TLS 1.3), which nxdtls does not implement (DTLS 1.2 with the suites of
 * README's table needs none of it; docs/porting.md). It exists so that code including it compiles; a method
 * of it that the code uses is missing at link time, rather than present and wrong. */
#ifndef NX_CRYPTO_HKDF_H
#define NX_CRYPTO_HKDF_H

#include "nx_crypto.h"

#endif /* NX_CRYPTO_HKDF_H */
