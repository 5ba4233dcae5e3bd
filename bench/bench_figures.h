/* SPDX-License-Identifier: MIT */
/* bench_figures.h: the figures the benchmark measures, and a runner that prepares a stack for one figure and
 * performs it n times. Timing mode, the heap counts and callgrind mode all go through the runner, so every
 * mode measures exactly the same work. */
#ifndef NXDTLS_BENCH_FIGURES_H
#define NXDTLS_BENCH_FIGURES_H

#include <stddef.h>

#include "bench.h"
#include "bench_evp.h"
#include "bench_nxdtls.h"

enum bench_fig_kind { FIG_HANDSHAKE, FIG_RECORDS, FIG_LOOKUP };

struct bench_fig {
    const char *name; /* e.g. "hs:psk-ccm8", "hs-hvr:rsa", "rec:gcm-64", "lookup:100000" */
    enum bench_fig_kind kind;
    enum bench_suite suite;
    int hvr;         /* handshakes: with a HelloVerifyRequest exchange */
    size_t len;      /* records: plaintext bytes */
    size_t sessions; /* lookup: sessions on the server */
};

extern const struct bench_fig bench_figs[];
extern const size_t bench_fig_count;

const struct bench_fig *bench_fig_find(const char *name);

/* What performs a figure: a DTLS stack, or the raw EVP ceiling (records of GCM and CCM-8 only). */
enum bench_impl { IMPL_NXDTLS, IMPL_OPENSSL, IMPL_MBEDTLS, IMPL_EVP, IMPL_COUNT };

extern const char *const bench_impl_names[IMPL_COUNT];

/* bench_impl_stack returns the stack of an implementation, NULL for IMPL_EVP or one not built in. */
const struct bench_stack *bench_impl_stack(enum bench_impl impl);

/* bench_impl_has says whether an implementation can perform a figure. */
int bench_impl_has(enum bench_impl impl, const struct bench_fig *fig);

struct bench_runner {
    enum bench_impl impl;
    const struct bench_fig *fig;
    void *pair;
    struct bench_evp *evp;
    struct bench_lookup *lookup;
};

/* bench_runner_prepare sets up what the figure needs (an established pair, keyed contexts, a server of many
 * sessions); the stack's setup must have run. Returns 0 or -1. */
int bench_runner_prepare(struct bench_runner *r, enum bench_impl impl, const struct bench_fig *fig);

/* bench_runner_run performs the figure n times. Returns 0 or -1. */
int bench_runner_run(struct bench_runner *r, unsigned n);

void bench_runner_finish(struct bench_runner *r);

#endif /* NXDTLS_BENCH_FIGURES_H */
