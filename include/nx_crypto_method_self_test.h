/* SPDX-License-Identifier: MIT */
/* nx_crypto_method_self_test.h: NetX ships this header for NetX's crypto self tests, which nxdtls does not implement (DTLS 1.2 with the suites of
 * README's table needs none of it; docs/porting.md). It exists so that code including it compiles; a method
 * of it that the code uses is missing at link time, rather than present and wrong. */
#ifndef NX_CRYPTO_METHOD_SELF_TEST_H
#define NX_CRYPTO_METHOD_SELF_TEST_H

#include "nx_crypto.h"

#endif /* NX_CRYPTO_METHOD_SELF_TEST_H */
