/* SPDX-License-Identifier: MIT */
/* nx_crypto_tls_prf_sha512.h: NetX ships this header for the TLS PRF with SHA-512, which nxdtls does not implement (DTLS 1.2 with the suites of
 * README's table needs none of it; docs/porting.md). It exists so that code including it compiles; a method
 * of it that the code uses is missing at link time, rather than present and wrong. */
#ifndef NX_CRYPTO_TLS_PRF_SHA512_H
#define NX_CRYPTO_TLS_PRF_SHA512_H

#include "nx_crypto.h"

#endif /* NX_CRYPTO_TLS_PRF_SHA512_H */
