/* SPDX-License-Identifier: MIT */
/* crypto_sha.h: the SHA-1/256/384/512 hash methods (crypto_method_sha1, _sha256, _sha384, _sha512,
 * declared in nx_crypto.h). Their areas hold the whole hash state inline, with no pointer, so a copy of
 * the area made with memcpy is an independent hash (the transcript fork of docs/netx-api.md 6.6 "Hash"). */
#ifndef NXD_CRYPTO_SHA_H
#define NXD_CRYPTO_SHA_H

#include "nx_crypto.h"

#endif /* NXD_CRYPTO_SHA_H */
