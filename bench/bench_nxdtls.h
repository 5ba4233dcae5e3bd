/* SPDX-License-Identifier: MIT */
/* bench_nxdtls.h: the nxdtls stack of the benchmark (struct bench_stack bench_nxdtls, in bench.h) and the
 * server lookup figure, which only nxdtls has: nxdtls_server_route's cost per datagram of a known peer
 * among many sessions. */
#ifndef NXDTLS_BENCH_NXDTLS_H
#define NXDTLS_BENCH_NXDTLS_H

#include <stddef.h>

struct bench_lookup;

/* bench_lookup_open makes a server of `sessions` slots, each bound to its own address (a ClientHello from
 * each, cookies off). Needs bench_nxdtls.setup to have run. NULL on failure. */
struct bench_lookup *bench_lookup_open(size_t sessions);

/* bench_lookup_run routes n application-data datagrams, each from one of the bound addresses. */
int bench_lookup_run(struct bench_lookup *l, unsigned n);

void bench_lookup_close(struct bench_lookup *l);

#endif /* NXDTLS_BENCH_NXDTLS_H */
