/* SPDX-License-Identifier: MIT */
/* crypto_random.h: the default random source (OpenSSL RAND_bytes). The engine takes randomness through
 * nxdtls_random_fn (include/nxdtls.h); this is the function used when the application gives none. */
#ifndef NXD_CRYPTO_RANDOM_H
#define NXD_CRYPTO_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* crypto_random fills out with len bytes from OpenSSL's DRBG (ctx is unused; the signature is
 * nxdtls_random_fn's). Returns NX_CRYPTO_SUCCESS, NX_CRYPTO_PTR_ERROR (out NULL with len > 0) or
 * NX_CRYPTO_NOT_SUCCESSFUL (the DRBG failed; out is then zeroed). */
NXD_MUST_USE UINT crypto_random(void *ctx, uint8_t *out, size_t len);

#endif /* NXD_CRYPTO_RANDOM_H */
