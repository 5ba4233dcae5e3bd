/* SPDX-License-Identifier: MIT */
/* bench_mbedtls.h: Mbed TLS's DTLS as a benchmarked stack (struct bench_stack bench_mbedtls, in bench.h),
 * compiled only when CMake finds libmbedtls-dev (NXDTLS_BENCH_MBEDTLS). */
#ifndef NXDTLS_BENCH_MBEDTLS_H
#define NXDTLS_BENCH_MBEDTLS_H

#include "bench.h"

#endif /* NXDTLS_BENCH_MBEDTLS_H */
