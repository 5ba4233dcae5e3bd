/* SPDX-License-Identifier: MIT */
#include "bench_figures.h"

#include <string.h>

/* clang-format off */
const struct bench_fig bench_figs[] = {
    {"hs:psk-ccm8",        FIG_HANDSHAKE, BENCH_PSK_CCM8,    0, 0, 0},
    {"hs:psk-gcm",         FIG_HANDSHAKE, BENCH_PSK_GCM,     0, 0, 0},
    {"hs:psk-cbc",         FIG_HANDSHAKE, BENCH_PSK_CBC,     0, 0, 0},
    {"hs:ecdhe-ecdsa",     FIG_HANDSHAKE, BENCH_ECDHE_ECDSA, 0, 0, 0},
    {"hs:ecdhe-rsa",       FIG_HANDSHAKE, BENCH_ECDHE_RSA,   0, 0, 0},
    {"hs:rsa",             FIG_HANDSHAKE, BENCH_RSA,         0, 0, 0},
    {"hs-hvr:psk-ccm8",    FIG_HANDSHAKE, BENCH_PSK_CCM8,    1, 0, 0},
    {"hs-hvr:psk-gcm",     FIG_HANDSHAKE, BENCH_PSK_GCM,     1, 0, 0},
    {"hs-hvr:psk-cbc",     FIG_HANDSHAKE, BENCH_PSK_CBC,     1, 0, 0},
    {"hs-hvr:ecdhe-ecdsa", FIG_HANDSHAKE, BENCH_ECDHE_ECDSA, 1, 0, 0},
    {"hs-hvr:ecdhe-rsa",   FIG_HANDSHAKE, BENCH_ECDHE_RSA,   1, 0, 0},
    {"hs-hvr:rsa",         FIG_HANDSHAKE, BENCH_RSA,         1, 0, 0},
    {"rec:gcm-64",         FIG_RECORDS,   BENCH_PSK_GCM,     0, 64, 0},
    {"rec:gcm-256",        FIG_RECORDS,   BENCH_PSK_GCM,     0, 256, 0},
    {"rec:gcm-1400",       FIG_RECORDS,   BENCH_PSK_GCM,     0, 1400, 0},
    {"rec:ccm8-64",        FIG_RECORDS,   BENCH_PSK_CCM8,    0, 64, 0},
    {"rec:cbc-64",         FIG_RECORDS,   BENCH_PSK_CBC,     0, 64, 0},
    {"lookup:10",          FIG_LOOKUP,    BENCH_PSK_CCM8,    0, 0, 10},
    {"lookup:100000",      FIG_LOOKUP,    BENCH_PSK_CCM8,    0, 0, 100000},
};
/* clang-format on */
const size_t bench_fig_count = sizeof bench_figs / sizeof bench_figs[0];

const char *const bench_impl_names[IMPL_COUNT] = {"nxdtls", "openssl", "mbedtls", "evp"};

const struct bench_fig *bench_fig_find(const char *name)
{
    for (size_t i = 0; i < bench_fig_count; i++) {
        if (strcmp(bench_figs[i].name, name) == 0) {
            return &bench_figs[i];
        }
    }
    return NULL;
}

const struct bench_stack *bench_impl_stack(enum bench_impl impl)
{
    switch (impl) {
    case IMPL_NXDTLS:
        return &bench_nxdtls;
    case IMPL_OPENSSL:
        return &bench_openssl;
    case IMPL_MBEDTLS:
#ifdef NXDTLS_BENCH_MBEDTLS
        return &bench_mbedtls;
#else
        return NULL;
#endif
    default:
        return NULL;
    }
}

int bench_impl_has(enum bench_impl impl, const struct bench_fig *fig)
{
    switch (fig->kind) {
    case FIG_LOOKUP:
        return impl == IMPL_NXDTLS; /* the others have no demultiplexer of their own */
    case FIG_RECORDS:
        if (impl == IMPL_EVP) {
            return fig->suite == BENCH_PSK_GCM || fig->suite == BENCH_PSK_CCM8;
        }
        return bench_impl_stack(impl) != NULL;
    default:
        return bench_impl_stack(impl) != NULL;
    }
}

int bench_runner_prepare(struct bench_runner *r, enum bench_impl impl, const struct bench_fig *fig)
{
    memset(r, 0, sizeof *r);
    r->impl = impl;
    r->fig = fig;
    if (!bench_impl_has(impl, fig)) {
        return -1;
    }
    switch (fig->kind) {
    case FIG_LOOKUP:
        r->lookup = bench_lookup_open(fig->sessions);
        return r->lookup != NULL ? 0 : -1;
    case FIG_RECORDS:
        if (impl == IMPL_EVP) {
            r->evp = bench_evp_open(fig->suite == BENCH_PSK_CCM8);
            return r->evp != NULL ? 0 : -1;
        }
        r->pair = bench_impl_stack(impl)->pair_open(fig->suite);
        return r->pair != NULL ? 0 : -1;
    default:
        return 0;
    }
}

int bench_runner_run(struct bench_runner *r, unsigned n)
{
    const struct bench_fig *fig = r->fig;
    switch (fig->kind) {
    case FIG_LOOKUP:
        return bench_lookup_run(r->lookup, n);
    case FIG_RECORDS:
        if (r->impl == IMPL_EVP) {
            return bench_evp_records(r->evp, fig->len, n);
        }
        return bench_impl_stack(r->impl)->records(r->pair, fig->len, n);
    default:
        for (unsigned i = 0; i < n; i++) {
            if (bench_impl_stack(r->impl)->handshake(fig->suite, fig->hvr) != 0) {
                return -1;
            }
        }
        return 0;
    }
}

void bench_runner_finish(struct bench_runner *r)
{
    if (r->lookup != NULL) {
        bench_lookup_close(r->lookup);
    }
    if (r->evp != NULL) {
        bench_evp_close(r->evp);
    }
    if (r->pair != NULL) {
        bench_impl_stack(r->impl)->pair_close(r->pair);
    }
    memset(r, 0, sizeof *r);
}
