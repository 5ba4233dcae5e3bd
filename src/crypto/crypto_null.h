/* SPDX-License-Identifier: MIT */
/* crypto_null.h: the marker rows crypto_method_null, crypto_method_none and crypto_method_auth_psk
 * (declared in nx_crypto.h; docs/netx-api.md 6.6 "PSK and null rows"): no functions, metadata 0, never called. */
#ifndef NXD_CRYPTO_NULL_H
#define NXD_CRYPTO_NULL_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_NULL_H */
