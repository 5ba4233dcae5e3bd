/* SPDX-License-Identifier: MIT */
/* bench_workers.h: handshakes per second of nxdtls servers run as N workers, one per thread, as
 * `nxdtls server --workers N` runs them (tools/tool_workers.c): each worker has its own nxdtls_server (its
 * own slots, CIDs carrying its number, the cookie secret shared by all) and serves complete handshakes, the
 * HelloVerifyRequest exchange included; the client of each handshake is an nxdtls_conn in the same thread,
 * so a worker's thread does both endpoints' work (the other figures count it the same way). Nothing is
 * shared between workers but libcrypto, so the rate with N workers on N idle cores should be close to N
 * times the rate with one. */
#ifndef NXDTLS_BENCH_WORKERS_H
#define NXDTLS_BENCH_WORKERS_H

#include "bench.h"

/* bench_workers_rate runs `workers` threads (each pinned to its own processor when there are enough) for
 * ms milliseconds of wall time and returns the handshakes per second of all of them together, or -1. */
double bench_workers_rate(enum bench_suite suite, unsigned workers, unsigned ms);

/* bench_workers_table prints handshakes/s with 1 and with `workers` workers for ECDHE-ECDSA and PSK, and the
 * ratio, taking the median of `runs` runs of `ms` ms each. Returns 0, or -1 when a run failed. */
int bench_workers_table(unsigned workers, unsigned runs, unsigned ms);

#endif
