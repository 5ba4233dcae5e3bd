/* SPDX-License-Identifier: MIT */
/* bench_openssl.h: OpenSSL's DTLS as a benchmarked stack (struct bench_stack bench_openssl, in bench.h). */
#ifndef NXDTLS_BENCH_OPENSSL_H
#define NXDTLS_BENCH_OPENSSL_H

#include "bench.h"

#endif /* NXDTLS_BENCH_OPENSSL_H */
