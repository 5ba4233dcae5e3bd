/* SPDX-License-Identifier: MIT */
/* bench_main.c: nxdtls_bench, nxdtls against OpenSSL's DTLS (and Mbed TLS when built with it) in one run.
 *
 *   nxdtls_bench                 timing tables, then the instruction table (needs valgrind)
 *   nxdtls_bench --timing        rates only: median of --runs runs of at least --ms ms of thread CPU time each
 *   nxdtls_bench --table         heap calls, session bytes and callgrind instruction counts (the README table)
 *   nxdtls_bench --quick         one tiny iteration of every figure of every stack (the smoke test)
 *   nxdtls_bench --measure IMPL FIGURE REPS   one figure under callgrind (what --table runs, one process each)
 *
 * docs/performance.md describes the method and how to read the output. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "bench.h"
#include "bench_figures.h"
#include "bench_heap.h"
#include "bench_workers.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_TOGGLE_COLLECT
#endif

/* clang-format off */
const struct bench_suite_info bench_suites[BENCH_SUITE_COUNT] = {
    [BENCH_PSK_CCM8]    = {"psk-ccm8",    0xC0A8, "PSK-AES128-CCM8",               BENCH_CERT_NONE},
    [BENCH_PSK_GCM]     = {"psk-gcm",     0x00A8, "PSK-AES128-GCM-SHA256",         BENCH_CERT_NONE},
    [BENCH_PSK_CBC]     = {"psk-cbc",     0x00AE, "PSK-AES128-CBC-SHA256",         BENCH_CERT_NONE},
    [BENCH_ECDHE_ECDSA] = {"ecdhe-ecdsa", 0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", BENCH_CERT_EC},
    [BENCH_ECDHE_RSA]   = {"ecdhe-rsa",   0xC02F, "ECDHE-RSA-AES128-GCM-SHA256",   BENCH_CERT_RSA},
    [BENCH_RSA]         = {"rsa",         0x002F, "AES128-SHA",                    BENCH_CERT_RSA},
};
/* clang-format on */

const uint8_t bench_psk_key[BENCH_PSK_KEY_LEN] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                                  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

void bench_pki_path(char *out, size_t cap, const char *file)
{
    snprintf(out, cap, "%s/%s", NXDTLS_BENCH_PKI_DIR, file);
}

int bench_fail(const char *stack, const char *what, long code)
{
    fprintf(stderr, "bench: %s: %s (%ld / 0x%lx)\n", stack, what, code, (unsigned long)code);
    return -1;
}

struct options {
    int timing;
    int table;
    int quick;
    int runs;
    int ms;
    int cpu;
};

static int setup_all(void)
{
    for (int i = 0; i < IMPL_COUNT; i++) {
        const struct bench_stack *s = bench_impl_stack((enum bench_impl)i);
        if (s != NULL && s->setup() != 0) {
            fprintf(stderr, "bench: %s: setup failed\n", s->name);
            return -1;
        }
    }
    return 0;
}

static void teardown_all(void)
{
    for (int i = 0; i < IMPL_COUNT; i++) {
        const struct bench_stack *s = bench_impl_stack((enum bench_impl)i);
        if (s != NULL) {
            s->teardown();
        }
    }
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* rate_of returns the median operations per second of opt->runs runs, or 0 when the figure failed. */
static double rate_of(const struct options *opt, enum bench_impl impl, const struct bench_fig *fig)
{
    struct bench_runner r;
    if (bench_runner_prepare(&r, impl, fig) != 0 || bench_runner_run(&r, 1) != 0) {
        bench_runner_finish(&r);
        return 0;
    }
    /* Calibrate: double n until one run takes at least a tenth of the wanted time. */
    unsigned n = 1;
    double took = 0;
    while (n < (1u << 24)) {
        double t0 = cpu_seconds();
        if (bench_runner_run(&r, n) != 0) {
            bench_runner_finish(&r);
            return 0;
        }
        took = cpu_seconds() - t0;
        if (took * 1000.0 >= opt->ms / 10.0) {
            break;
        }
        n *= 2;
    }
    double per_run = took > 0 ? (double)n / took * opt->ms / 1000.0 : (double)n;
    unsigned ops = per_run < 1 ? 1 : (unsigned)per_run;
    double rates[64];
    int runs = opt->runs < 64 ? opt->runs : 64;
    for (int i = 0; i < runs; i++) {
        double t0 = cpu_seconds();
        if (bench_runner_run(&r, ops) != 0) {
            bench_runner_finish(&r);
            return 0;
        }
        double dt = cpu_seconds() - t0;
        rates[i] = dt > 0 ? (double)ops / dt : 0;
    }
    bench_runner_finish(&r);
    qsort(rates, (size_t)runs, sizeof rates[0], compare_double);
    return rates[runs / 2];
}

static void print_rate(double v)
{
    if (v <= 0) {
        printf(" %12s |", "n/a");
    } else {
        printf(" %12.0f |", v);
    }
}

static void print_ratio(double a, double b)
{
    if (a <= 0 || b <= 0) {
        printf(" %8s |", "");
    } else {
        printf(" %7.2fx |", a / b);
    }
}

static int have_impl(enum bench_impl impl)
{
    return impl == IMPL_EVP || bench_impl_stack(impl) != NULL;
}

static void timing(const struct options *opt)
{
    printf("\n## Rates (operations per second of one core's CPU time, median of %d runs)\n\n",
           opt->runs);
    printf("| figure | nxdtls | OpenSSL | nxdtls/OpenSSL |%s%s\n",
           have_impl(IMPL_MBEDTLS) ? " Mbed TLS | nxdtls/Mbed TLS |" : "",
           " raw EVP | nxdtls/EVP |");
    printf("|---|---:|---:|---:|%s---:|---:|\n", have_impl(IMPL_MBEDTLS) ? "---:|---:|" : "");
    for (size_t i = 0; i < bench_fig_count; i++) {
        const struct bench_fig *fig = &bench_figs[i];
        double v[IMPL_COUNT] = {0};
        for (int k = 0; k < IMPL_COUNT; k++) {
            if (have_impl((enum bench_impl)k) && bench_impl_has((enum bench_impl)k, fig)) {
                v[k] = rate_of(opt, (enum bench_impl)k, fig);
            }
        }
        printf("| %s |", fig->name);
        print_rate(v[IMPL_NXDTLS]);
        print_rate(v[IMPL_OPENSSL]);
        print_ratio(v[IMPL_NXDTLS], v[IMPL_OPENSSL]);
        if (have_impl(IMPL_MBEDTLS)) {
            print_rate(v[IMPL_MBEDTLS]);
            print_ratio(v[IMPL_NXDTLS], v[IMPL_MBEDTLS]);
        }
        print_rate(v[IMPL_EVP]);
        print_ratio(v[IMPL_NXDTLS], v[IMPL_EVP]);
        printf("\n");
        fflush(stdout);
    }
    printf(
        "\nhs: full handshakes (both endpoints), hs-hvr: with a HelloVerifyRequest exchange; rec: "
        "records sealed by the client and opened by the server; lookup: datagrams routed to one "
        "of N sessions.\n");
}

/* heap_calls returns libcrypto heap calls per operation (after one warm-up), or -1. */
static double heap_calls(enum bench_impl impl, const struct bench_fig *fig, unsigned n)
{
    struct bench_runner r;
    double per = -1;
    if (bench_runner_prepare(&r, impl, fig) == 0 && bench_runner_run(&r, 1) == 0) {
        uint64_t before = bench_heap_calls();
        if (bench_runner_run(&r, n) == 0) {
            per = (double)(bench_heap_calls() - before) / n;
        }
    }
    bench_runner_finish(&r);
    return per;
}

/* session_bytes returns what the server endpoint of an established pair holds, or 0. */
static size_t session_bytes(enum bench_impl impl, enum bench_suite suite, size_t *storage,
                            size_t *heap)
{
    const struct bench_stack *s = bench_impl_stack(impl);
    *storage = 0;
    *heap = 0;
    if (s == NULL) {
        return 0;
    }
    /* One pair first, so that libcrypto's one-time caches are not charged to the measured one. */
    void *warm = s->pair_open(suite);
    void *pair = s->pair_open(suite);
    if (pair != NULL) {
        s->session_bytes(pair, storage, heap);
    }
    s->pair_close(pair);
    s->pair_close(warm);
    return *storage + *heap;
}

/* callgrind_count runs `self --measure` under callgrind and returns instructions per operation, or -1. */
static double callgrind_count(enum bench_impl impl, const struct bench_fig *fig, unsigned reps)
{
    char out[] = "/tmp/nxdtls-bench-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0) {
        return -1;
    }
    close(fd);
    char out_arg[64];
    char reps_arg[16];
    snprintf(out_arg, sizeof out_arg, "--callgrind-out-file=%s", out);
    snprintf(reps_arg, sizeof reps_arg, "%u", reps);
    char self[4096];
    ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (self_len <= 0) {
        unlink(out);
        return -1;
    }
    self[self_len] = '\0';
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("valgrind", "valgrind", "-q", "--tool=callgrind", "--instr-atstart=no",
               "--collect-atstart=no", out_arg, self, "--measure", bench_impl_names[impl],
               fig->name, reps_arg, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        unlink(out);
        return -1;
    }
    FILE *f = fopen(out, "r");
    double total = -1;
    char line[512];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "totals:", 7) == 0 || (total < 0 && strncmp(line, "summary:", 8) == 0)) {
            total = strtod(strchr(line, ':') + 1, NULL);
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    unlink(out);
    return total < 0 ? -1 : total / reps;
}

static unsigned reps_for(const struct bench_fig *fig)
{
    switch (fig->kind) {
    case FIG_HANDSHAKE:
        return 4;
    case FIG_RECORDS:
        return 1000;
    default:
        return 10000;
    }
}

static void format_count(char *out, size_t cap, double v)
{
    if (v < 0) {
        snprintf(out, cap, "n/a");
    } else if (v >= 1e6) {
        snprintf(out, cap, "%.2fM", v / 1e6);
    } else if (v >= 1e5) {
        snprintf(out, cap, "%.0fk", v / 1e3);
    } else {
        long n = (long)(v + 0.5);
        if (n >= 1000) {
            snprintf(out, cap, "%ld,%03ld", n / 1000, n % 1000);
        } else {
            snprintf(out, cap, "%ld", n);
        }
    }
}

struct row {
    const char *label;
    double v[IMPL_COUNT];
    char target[64];
    int met;
};

static void print_row(const struct row *r)
{
    char a[32], b[32], c[32];
    format_count(a, sizeof a, r->v[IMPL_NXDTLS]);
    format_count(b, sizeof b, r->v[IMPL_OPENSSL]);
    format_count(c, sizeof c, r->v[IMPL_MBEDTLS]);
    printf("| %s | %s | %s |", r->label, a, b);
    if (have_impl(IMPL_MBEDTLS)) {
        printf(" %s |", c);
    }
    printf(" %s | %s |\n", r->target, r->met ? "met" : "NOT MET");
}

static double instr(enum bench_impl impl, const char *fig_name)
{
    const struct bench_fig *fig = bench_fig_find(fig_name);
    if (!have_impl(impl) || !bench_impl_has(impl, fig)) {
        return -1;
    }
    return callgrind_count(impl, fig, reps_for(fig));
}

static void table(void)
{
    struct row rows[8];
    memset(rows, 0, sizeof rows);
    static const char *const hs[4] = {"hs:psk-ccm8", "hs:ecdhe-ecdsa", "hs:ecdhe-rsa", "hs:rsa"};
    static const char *const hs_label[4] = {
        "PSK-AES128-CCM8 handshake, instructions", "ECDHE-ECDSA P-256 handshake, instructions",
        "ECDHE-RSA-2048 handshake, instructions", "RSA key transport (AES128-SHA), instructions"};
    static const double hs_factor[4] = {0, 0.7, 0.9, 0.9};
    for (int i = 0; i < 4; i++) {
        struct row *r = &rows[i];
        r->label = hs_label[i];
        for (int k = 0; k < IMPL_EVP; k++) {
            r->v[k] = instr((enum bench_impl)k, hs[i]);
        }
        if (hs_factor[i] == 0) {
            snprintf(r->target, sizeof r->target, "<= 300k");
            r->met = r->v[IMPL_NXDTLS] >= 0 && r->v[IMPL_NXDTLS] <= 300e3;
        } else {
            snprintf(r->target, sizeof r->target, "<= %.1fx OpenSSL", hs_factor[i]);
            r->met = r->v[IMPL_NXDTLS] >= 0 && r->v[IMPL_OPENSSL] > 0 &&
                     r->v[IMPL_NXDTLS] <= hs_factor[i] * r->v[IMPL_OPENSSL];
        }
    }
    struct row *rec = &rows[4];
    rec->label = "AES-128-GCM 64-byte record (seal + open), instructions";
    for (int k = 0; k < IMPL_COUNT; k++) {
        rec->v[k] = instr((enum bench_impl)k, "rec:gcm-64");
    }
    char evp[32];
    format_count(evp, sizeof evp, rec->v[IMPL_EVP]);
    snprintf(rec->target, sizeof rec->target, "<= 6,200 (raw EVP: %s)", evp);
    rec->met = rec->v[IMPL_NXDTLS] >= 0 && rec->v[IMPL_NXDTLS] <= 6200;

    struct row *heap = &rows[5];
    heap->label = "libcrypto heap calls per PSK handshake (pair)";
    struct row *cbc = &rows[6];
    cbc->label = "heap calls per CBC record";
    struct row *mem = &rows[7];
    mem->label = "memory held by one established PSK-CCM8 session (conn + metadata + reassembly + "
                 "libcrypto)";
    for (int k = 0; k < IMPL_EVP; k++) {
        /* Mbed TLS does not allocate through libcrypto: its heap is not counted. */
        int counted = k != IMPL_MBEDTLS && have_impl((enum bench_impl)k);
        int sized = have_impl((enum bench_impl)k);
        heap->v[k] =
            counted ? heap_calls((enum bench_impl)k, bench_fig_find("hs:psk-ccm8"), 4) : -1;
        cbc->v[k] =
            counted ? heap_calls((enum bench_impl)k, bench_fig_find("rec:cbc-64"), 1000) : -1;
        size_t storage = 0;
        size_t bytes = 0;
        mem->v[k] =
            sized ? (double)session_bytes((enum bench_impl)k, BENCH_PSK_CCM8, &storage, &bytes)
                  : -1;
    }
    snprintf(heap->target, sizeof heap->target, "<= 40");
    heap->met = heap->v[IMPL_NXDTLS] >= 0 && heap->v[IMPL_NXDTLS] <= 40;
    snprintf(cbc->target, sizeof cbc->target, "0");
    cbc->met = cbc->v[IMPL_NXDTLS] == 0;
    snprintf(mem->target, sizeof mem->target, "<= 3,500 B");
    mem->met = mem->v[IMPL_NXDTLS] > 0 && mem->v[IMPL_NXDTLS] <= 3500;

    printf(
        "\n## Instructions (valgrind callgrind, one warm operation, both endpoints), heap calls, "
        "memory\n\n");
    printf("| figure | nxdtls | OpenSSL %s |%s target | |\n", OPENSSL_VERSION_STR,
           have_impl(IMPL_MBEDTLS) ? " Mbed TLS |" : "");
    printf("|---|---:|---:|%s---:|---|\n", have_impl(IMPL_MBEDTLS) ? "---:|" : "");
    for (int i = 0; i < 8; i++) {
        print_row(&rows[i]);
    }

    printf("\n## Bytes held by one established session (server endpoint)\n\n");
    printf("| suite | nxdtls caller storage | nxdtls libcrypto heap | nxdtls total | OpenSSL heap "
           "|%s\n",
           have_impl(IMPL_MBEDTLS) ? " Mbed TLS heap (pair / 2) |" : "");
    printf("|---|---:|---:|---:|---:|%s\n", have_impl(IMPL_MBEDTLS) ? "---:|" : "");
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        size_t st = 0, hp = 0, os_st = 0, os_hp = 0, mb_st = 0, mb_hp = 0;
        size_t total = session_bytes(IMPL_NXDTLS, (enum bench_suite)i, &st, &hp);
        size_t os_total = session_bytes(IMPL_OPENSSL, (enum bench_suite)i, &os_st, &os_hp);
        printf("| %s | %zu | %zu | %zu | %zu |", bench_suites[i].label, st, hp, total, os_total);
        if (have_impl(IMPL_MBEDTLS)) {
            printf(" %zu |", session_bytes(IMPL_MBEDTLS, (enum bench_suite)i, &mb_st, &mb_hp));
        }
        printf("\n");
    }

    printf("\n## Other instruction counts\n\n| figure | nxdtls | OpenSSL |%s raw EVP |\n",
           have_impl(IMPL_MBEDTLS) ? " Mbed TLS |" : "");
    printf("|---|---:|---:|%s---:|\n", have_impl(IMPL_MBEDTLS) ? "---:|" : "");
    static const char *const more[] = {
        "hs:psk-gcm",   "hs:psk-cbc",  "hs-hvr:psk-ccm8", "hs-hvr:ecdhe-ecdsa", "rec:gcm-256",
        "rec:gcm-1400", "rec:ccm8-64", "rec:cbc-64",      "lookup:10",          "lookup:100000"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        char v[IMPL_COUNT][32];
        for (int k = 0; k < IMPL_COUNT; k++) {
            format_count(v[k], sizeof v[k], instr((enum bench_impl)k, more[i]));
        }
        printf("| %s | %s | %s |", more[i], v[IMPL_NXDTLS], v[IMPL_OPENSSL]);
        if (have_impl(IMPL_MBEDTLS)) {
            printf(" %s |", v[IMPL_MBEDTLS]);
        }
        printf(" %s |\n", v[IMPL_EVP]);
        fflush(stdout);
    }
}

/* measure is the child of callgrind_count: set up, warm up uninstrumented, then count reps operations. */
static int measure(const char *impl_name, const char *fig_name, const char *reps_text)
{
    const struct bench_fig *fig = bench_fig_find(fig_name);
    int impl = -1;
    for (int k = 0; k < IMPL_COUNT; k++) {
        if (strcmp(bench_impl_names[k], impl_name) == 0) {
            impl = k;
        }
    }
    unsigned reps = (unsigned)strtoul(reps_text, NULL, 10);
    if (fig == NULL || impl < 0 || reps == 0) {
        fprintf(stderr, "bench: unknown figure or implementation\n");
        return 2;
    }
    if (setup_all() != 0) {
        return 1;
    }
    struct bench_runner r;
    if (bench_runner_prepare(&r, (enum bench_impl)impl, fig) != 0 || bench_runner_run(&r, 2) != 0) {
        return 1;
    }
    CALLGRIND_START_INSTRUMENTATION;
    int rc = bench_runner_run(&r, 1); /* instrumented, not collected: warms callgrind's caches */
    CALLGRIND_TOGGLE_COLLECT;
    rc |= bench_runner_run(&r, reps);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_STOP_INSTRUMENTATION;
    bench_runner_finish(&r);
    teardown_all();
    return rc == 0 ? 0 : 1;
}

/* quick runs every figure of every implementation once: the smoke test. */
static int quick(void)
{
    int failures = 0;
    for (size_t i = 0; i < bench_fig_count; i++) {
        const struct bench_fig *fig = &bench_figs[i];
        if (fig->kind == FIG_LOOKUP && fig->sessions > 10) {
            continue;
        }
        for (int k = 0; k < IMPL_COUNT; k++) {
            if (!have_impl((enum bench_impl)k) || !bench_impl_has((enum bench_impl)k, fig)) {
                continue;
            }
            struct bench_runner r;
            int rc = bench_runner_prepare(&r, (enum bench_impl)k, fig);
            rc = rc != 0 ? rc : bench_runner_run(&r, 1);
            bench_runner_finish(&r);
            printf("%-20s %-8s %s\n", fig->name, bench_impl_names[k], rc == 0 ? "ok" : "FAILED");
            failures += rc != 0;
        }
    }
    return failures == 0 ? 0 : 1;
}

static void pin(int cpu)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) {
        return;
    }
    if (cpu < 0) {
        for (int i = CPU_SETSIZE - 1; i >= 0; i--) {
            if (CPU_ISSET(i, &allowed)) {
                cpu = i;
                break;
            }
        }
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) == 0) {
        printf("pinned to CPU %d\n", cpu);
    } else {
        printf("could not pin to CPU %d: %s\n", cpu, strerror(errno));
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: nxdtls_bench [--timing] [--table] [--quick] [--runs N] [--ms N] "
                    "[--cpu N]\n       nxdtls_bench --measure IMPL FIGURE REPS\n"
                    "       nxdtls_bench --workers N [--runs N] [--ms N]\n");
}

/* ---- Server workers (bench_workers.c) ----
 * Run in a process of their own (`self --workers N`): their threads must not share the heap counters of
 * bench_heap, which count one thread's allocations. */
static int workers_main(int argc, char **argv)
{
    unsigned long n = strtoul(argv[2], NULL, 10);
    unsigned runs = 5;
    unsigned ms = 1000;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--runs") == 0) {
            runs = (unsigned)atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--ms") == 0) {
            ms = (unsigned)atoi(argv[i + 1]);
        }
    }
    if (n < 1 || n > 64 || runs < 1 || ms < 1) {
        usage();
        return 2;
    }
    return bench_workers_table((unsigned)n, runs, ms) == 0 ? 0 : 1;
}

/* run_workers runs `self --workers N` and waits for it; N is the number of processors, at least 2. */
static int run_workers(unsigned runs, unsigned ms)
{
    char self[4096];
    ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (self_len <= 0) {
        return -1;
    }
    self[self_len] = '\0';
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    char n[24], r[16], m[16];
    snprintf(n, sizeof n, "%ld", cpus < 2 ? 2L : (cpus > 64 ? 64L : cpus));
    snprintf(r, sizeof r, "%u", runs);
    snprintf(m, sizeof m, "%u", ms);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "--workers", n, "--runs", r, "--ms", m, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--workers") == 0) {
        return workers_main(argc, argv);
    }
    if (argc == 5 && strcmp(argv[1], "--measure") == 0) {
        /* libcrypto's own allocator, so the counting costs no instruction. */
        return measure(argv[2], argv[3], argv[4]);
    }
    if (bench_heap_install() != 0) {
        fprintf(stderr, "bench: CRYPTO_set_mem_functions refused\n");
        return 1;
    }
    struct options opt = {.runs = 5, .ms = 300, .cpu = -1};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--timing") == 0) {
            opt.timing = 1;
        } else if (strcmp(argv[i], "--table") == 0) {
            opt.table = 1;
        } else if (strcmp(argv[i], "--quick") == 0) {
            opt.quick = 1;
        } else if (i + 1 < argc && strcmp(argv[i], "--runs") == 0) {
            opt.runs = atoi(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--ms") == 0) {
            opt.ms = atoi(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--cpu") == 0) {
            opt.cpu = atoi(argv[++i]);
        } else {
            usage();
            return 2;
        }
    }
    if (opt.runs < 1 || opt.ms < 1) {
        usage();
        return 2;
    }
    if (!opt.timing && !opt.table && !opt.quick) {
        opt.timing = 1;
        opt.table = 1;
    }
    if (setup_all() != 0) {
        return 1;
    }
    int rc = 0;
    if (opt.quick) {
        rc = quick();
        /* The workers' smoke test: a few handshakes on two threads, each suite. */
        double one = bench_workers_rate(BENCH_PSK_CCM8, 2, 30);
        double two = bench_workers_rate(BENCH_ECDHE_ECDSA, 2, 30);
        printf("%-20s %-8s %s\n", "workers", "nxdtls", one > 0 && two > 0 ? "ok" : "FAILED");
        rc = one > 0 && two > 0 ? rc : 1;
    } else {
        printf("nxdtls_bench: %s; MTU %d; both endpoints in one thread\n", OPENSSL_VERSION_TEXT,
               BENCH_MTU);
        pin(opt.cpu);
        if (opt.timing) {
            timing(&opt);
        }
        if (opt.table) {
            table();
        }
        if (opt.timing && run_workers((unsigned)opt.runs, 1000) != 0) {
            fprintf(stderr, "bench: the workers figure failed\n");
            rc = 1;
        }
    }
    teardown_all();
    return rc;
}
