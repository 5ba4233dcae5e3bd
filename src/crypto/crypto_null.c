/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_null.h"

#include "crypto/crypto_meta.h"

/* clang-format off */
#define MARKER_ROW(alg)                                                                             \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,                               \
     .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = 0,                         \
     .nx_crypto_init = NULL, .nx_crypto_cleanup = NULL, .nx_crypto_operation = NULL}

/* AEAD suites' MAC slot and PSK suites' public-cipher slot. */
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_null = MARKER_ROW(NX_CRYPTO_ENCRYPTION_NULL);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_none = MARKER_ROW(NX_CRYPTO_NONE);
/* The engine builds the PSK premaster itself (RFC 4279 2); the row only says "PSK". */
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_auth_psk = MARKER_ROW(NX_CRYPTO_KEY_EXCHANGE_PSK);
/* clang-format on */
