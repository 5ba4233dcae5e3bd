/* SPDX-License-Identifier: MIT */
#include "bench_workers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nx_crypto.h"
#include "nxdtls.h"
#include "x509/x509_cert.h"
#include "x509/x509_key.h"
#include "x509/x509_store.h"

#define SLOTS       4
#define REASM       16384
#define DGRAM_MAX   4096
#define FILE_MAX    4096
#define ROUNDS      64 /* datagram exchanges a handshake may take */
#define MAX_WORKERS 64

struct cert_file {
    NX_SECURE_X509_CERT cert;
    uint8_t der[FILE_MAX];
    uint8_t key[FILE_MAX];
};

/* One worker: its own server, its own client endpoint, its own copy of the credentials. */
struct worker {
    unsigned index;
    enum bench_suite suite;
    const uint8_t *cookie_secret;
    atomic_int *go;
    atomic_int *stop;
    unsigned long handshakes;
    double cpu_seconds; /* the thread's CPU time while it ran handshakes */
    int failed;
    pthread_t thread;
    /* credentials and configuration */
    struct cert_file leaf, inter, root;
    NX_SECURE_X509_CERTIFICATE_STORE local, trust;
    NX_SECURE_TLS_PSK_STORE psk;
    uint16_t suite_code;
    nxdtls_config scfg, ccfg;
    /* server */
    nxdtls_server server;
    nxdtls_conn conns[SLOTS];
    uint8_t *smeta, *sreasm, *slot_index;
    size_t smeta_each;
    /* client */
    nxdtls_conn client;
    uint8_t *cmeta, *creasm, *remote;
    size_t cmeta_size;
    uint8_t dgram[DGRAM_MAX];
};

static ULONG fixed_time(void)
{
    return 1750000000u; /* inside the test PKI's validity (bench_nxdtls.c) */
}

static int load(const char *name, uint8_t *buf, size_t *len)
{
    char path[512];
    bench_pki_path(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -1;
    }
    *len = fread(buf, 1, FILE_MAX, f);
    fclose(f);
    return *len > 0 && *len < FILE_MAX ? 0 : -1;
}

static int load_cert(struct cert_file *c, const char *name, int with_key)
{
    char file[128];
    size_t n = 0;
    snprintf(file, sizeof file, "%s.der", name);
    if (load(file, c->der, &n) != 0 || x509_certificate_parse(&c->cert, c->der, n) != NX_SUCCESS) {
        return -1;
    }
    if (!with_key) {
        return 0;
    }
    snprintf(file, sizeof file, "%s.key.der", name);
    return load(file, c->key, &n) == 0 &&
                   x509_key_parse(&c->cert, c->key, n, NX_SECURE_X509_KEY_TYPE_EC_DER) == NX_SUCCESS
               ? 0
               : -1;
}

static void base_config(nxdtls_config *cfg, const struct worker *w, uint8_t role)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->role = role;
    cfg->ciphersuites = &w->suite_code;
    cfg->ciphersuite_count = 1;
    cfg->mtu = BENCH_MTU;
    cfg->time_function = fixed_time;
    /* RFC 9146 as the tool's workers run it: 8-byte server CIDs with the worker's number, 4-byte client
     * CIDs. */
    cfg->cid_length = role == NXDTLS_ROLE_SERVER ? 8 : 4;
}

static int worker_setup(struct worker *w)
{
    w->suite_code = bench_suites[w->suite].iana;
    base_config(&w->scfg, w, NXDTLS_ROLE_SERVER);
    base_config(&w->ccfg, w, NXDTLS_ROLE_CLIENT);
    if (bench_suites[w->suite].cert == BENCH_CERT_NONE) {
        memcpy(w->psk.nx_secure_tls_psk_data, bench_psk_key, BENCH_PSK_KEY_LEN);
        w->psk.nx_secure_tls_psk_data_size = BENCH_PSK_KEY_LEN;
        memcpy(w->psk.nx_secure_tls_psk_id, BENCH_PSK_IDENTITY, sizeof BENCH_PSK_IDENTITY - 1);
        w->psk.nx_secure_tls_psk_id_size = sizeof BENCH_PSK_IDENTITY - 1;
        w->scfg.crypto = w->ccfg.crypto = &nx_crypto_tls_ciphers;
        w->scfg.psks = w->ccfg.psks = &w->psk;
        w->scfg.psk_count = w->ccfg.psk_count = 1;
    } else {
        if (load_cert(&w->leaf, "ec-leaf", 1) != 0 || load_cert(&w->inter, "ec-int", 0) != 0 ||
            load_cert(&w->root, "ec-root", 0) != 0 ||
            x509_store_add(&w->local, X509_STORE_LOCAL, &w->leaf.cert, 1) != NX_SUCCESS ||
            x509_store_add(&w->local, X509_STORE_LOCAL, &w->inter.cert, 2) != NX_SUCCESS ||
            x509_store_add(&w->trust, X509_STORE_TRUSTED, &w->root.cert, 1) != NX_SUCCESS) {
            return bench_fail("workers", "the EC test PKI", 0);
        }
        w->scfg.crypto = w->ccfg.crypto = &nx_crypto_tls_ciphers_ecc;
        w->scfg.certificates = &w->local;
        w->ccfg.certificates = &w->trust;
        w->ccfg.server_name = (const uint8_t *)BENCH_SERVER_NAME;
        w->ccfg.server_name_len = sizeof BENCH_SERVER_NAME - 1;
    }
    w->smeta_each = (nxdtls_metadata_size(w->scfg.crypto) + 15u) & ~(size_t)15u;
    size_t index_size = nxdtls_server_index_size(SLOTS);
    w->cmeta_size = nxdtls_metadata_size(w->ccfg.crypto);
    w->smeta = aligned_alloc(16, SLOTS * w->smeta_each);
    w->sreasm = malloc(SLOTS * REASM);
    w->slot_index = malloc(index_size);
    w->cmeta = malloc(w->cmeta_size);
    w->creasm = malloc(REASM);
    w->remote = malloc(4 * 2600);
    if (w->smeta == NULL || w->sreasm == NULL || w->slot_index == NULL || w->cmeta == NULL ||
        w->creasm == NULL || w->remote == NULL) {
        return bench_fail("workers", "out of memory", 0);
    }
    UINT st = nxdtls_server_init(&w->server, &w->scfg, w->conns, SLOTS, w->smeta, w->smeta_each,
                                 w->sreasm, REASM, w->slot_index, index_size, 1000);
    if (st == NX_SUCCESS) {
        st = nxdtls_server_set_worker(&w->server, (uint8_t)w->index);
    }
    if (st == NX_SUCCESS) {
        st = nxdtls_server_set_cookie_secret(&w->server, w->cookie_secret, 1000);
    }
    return st == NX_SUCCESS ? 0 : bench_fail("workers", "nxdtls_server_init", (long)st);
}

static void worker_free(struct worker *w)
{
    for (size_t k = 0; k < SLOTS; k++) {
        nxdtls_addr a;
        if (nxdtls_server_peer(&w->server, k, &a) == NX_SUCCESS) {
            (void)nxdtls_server_release(&w->server, k);
        }
    }
    free(w->smeta);
    free(w->sreasm);
    free(w->slot_index);
    free(w->cmeta);
    free(w->creasm);
    free(w->remote);
}

/* feed gives a datagram to a connection and returns -1 if the connection failed. */
static int feed(nxdtls_conn *conn, uint8_t *d, size_t len)
{
    uint8_t *cursor = d;
    size_t remaining = len;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(conn, 1000, &cursor, &remaining, &app, &app_len) != NX_SUCCESS) {
            return -1;
        }
    }
    return 0;
}

/* handshake runs one full handshake through the worker's server; the client's port differs each time. */
static int handshake(struct worker *w, uint16_t port)
{
    nxdtls_addr peer = {.family = 4, .port = port, .ip = {127, 0, 0, 1}};
    if (nxdtls_conn_init(&w->client, &w->ccfg, w->cmeta, w->cmeta_size, w->creasm, REASM) !=
            NX_SUCCESS ||
        nxdtls_conn_set_remote_certificates(&w->client, w->remote, 4 * 2600, 4) != NX_SUCCESS ||
        nxdtls_conn_connect(&w->client, 1000) != NX_SUCCESS) {
        return -1;
    }
    size_t slot = NXDTLS_NO_SLOT;
    int done = 0;
    for (int round = 0; round < ROUNDS && !done; round++) {
        size_t len = 0;
        int moved = 0;
        while (nxdtls_conn_output(&w->client, 1000, w->dgram, sizeof w->dgram, &len) ==
                   NX_SUCCESS &&
               len != 0) {
            nxdtls_route r;
            if (nxdtls_server_route(&w->server, 1000, &peer, w->dgram, len, &r) != NX_SUCCESS) {
                return -1;
            }
            if (r.kind == NXDTLS_ROUTE_REPLY) {
                uint8_t reply[256];
                memcpy(reply, r.reply, r.reply_len);
                if (feed(&w->client, reply, r.reply_len) != 0) {
                    return -1;
                }
            } else if (r.kind == NXDTLS_ROUTE_NEW || r.kind == NXDTLS_ROUTE_SESSION) {
                slot = r.slot;
                moved = 1;
                if (feed(r.conn, w->dgram, len) != 0) {
                    return -1;
                }
            }
        }
        if (slot != NXDTLS_NO_SLOT) {
            nxdtls_conn *sc = &w->conns[slot];
            while (nxdtls_conn_output(sc, 1000, w->dgram, sizeof w->dgram, &len) == NX_SUCCESS &&
                   len != 0) {
                moved = 1;
                if (feed(&w->client, w->dgram, len) != 0) {
                    return -1;
                }
            }
            done = nxdtls_conn_is_established(&w->client) && nxdtls_conn_is_established(sc);
        }
        if (!moved && !done) {
            return -1;
        }
    }
    nxdtls_conn_free(&w->client);
    if (slot != NXDTLS_NO_SLOT) {
        (void)nxdtls_server_release(&w->server, slot);
    }
    return done ? 0 : -1;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    while (!atomic_load(w->go)) {
        sched_yield();
    }
    double cpu0 = thread_cpu();
    uint16_t port = 1024;
    while (!atomic_load(w->stop)) {
        if (handshake(w, port) != 0) {
            w->failed = 1;
            break;
        }
        w->handshakes++;
        port = port == 65535 ? 1024 : (uint16_t)(port + 1);
    }
    w->cpu_seconds = thread_cpu() - cpu0;
    return NULL;
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double last_busy;    /* the last run's CPU time of its workers over (wall time x workers) */
static double last_per_cpu; /* the last run's handshakes per CPU-second of its workers */

double bench_workers_rate(enum bench_suite suite, unsigned workers, unsigned ms)
{
    if (workers == 0 || workers > MAX_WORKERS) {
        return -1;
    }
    struct worker *w = calloc(workers, sizeof *w);
    if (w == NULL) {
        return -1;
    }
    static const uint8_t secret[32] = {0x5e, 0xc2, 0xe7};
    atomic_int go = 0, stop = 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned started = 0;
    int failed = 0;
    for (unsigned i = 0; i < workers; i++) {
        w[i].index = i;
        w[i].suite = suite;
        w[i].cookie_secret = secret;
        w[i].go = &go;
        w[i].stop = &stop;
        if (worker_setup(&w[i]) != 0) {
            failed = 1;
            break;
        }
    }
    for (unsigned i = 0; i < workers && !failed; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (cpus >= (long)workers) {
            /* One worker per processor, as the kernel would spread busy workers anyway: pinned, so the
             * figure does not depend on the scheduler's placement (and escapes the main thread's pin). */
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET((int)i, &set);
            pthread_attr_setaffinity_np(&attr, sizeof set, &set);
        }
        if (pthread_create(&w[i].thread, &attr, worker_main, &w[i]) != 0) {
            failed = 1;
        } else {
            started++;
        }
        pthread_attr_destroy(&attr);
    }
    double t0 = wall_seconds();
    atomic_store(&go, 1);
    struct timespec nap = {.tv_sec = ms / 1000u, .tv_nsec = (long)(ms % 1000u) * 1000000L};
    if (!failed) {
        nanosleep(&nap, NULL);
    }
    atomic_store(&stop, 1);
    unsigned long total = 0;
    double cpu = 0;
    for (unsigned i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        total += w[i].handshakes;
        cpu += w[i].cpu_seconds;
        failed |= w[i].failed;
    }
    double elapsed = wall_seconds() - t0;
    last_busy = elapsed > 0 ? cpu / (elapsed * workers) : 0;
    last_per_cpu = cpu > 0 ? (double)total / cpu : 0;
    for (unsigned i = 0; i < workers; i++) {
        worker_free(&w[i]);
    }
    free(w);
    return failed || elapsed <= 0 ? -1 : (double)total / elapsed;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* median_rate also returns the median share of their cores the workers got (1.0: the machine was quiet). */
static double median_rate(enum bench_suite suite, unsigned workers, unsigned runs, unsigned ms,
                          double *busy, double *per_cpu)
{
    double v[32], b[32], c[32];
    runs = runs > 32 ? 32 : runs;
    for (unsigned r = 0; r < runs; r++) {
        v[r] = bench_workers_rate(suite, workers, ms);
        b[r] = last_busy;
        c[r] = last_per_cpu;
        if (v[r] < 0) {
            return -1;
        }
    }
    qsort(v, runs, sizeof v[0], cmp);
    qsort(b, runs, sizeof b[0], cmp);
    qsort(c, runs, sizeof c[0], cmp);
    *busy = b[runs / 2];
    *per_cpu = c[runs / 2];
    return v[runs / 2];
}

int bench_workers_table(unsigned workers, unsigned runs, unsigned ms)
{
    static const enum bench_suite suites[] = {BENCH_ECDHE_ECDSA, BENCH_PSK_CCM8};
    double load[3] = {0};
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
            load[0] = load[1] = load[2] = -1;
        }
        fclose(f);
    }
    printf("\nServer workers (nxdtls server --workers N): handshakes/s of N nxdtls_server workers, "
           "one per\n"
           "thread, HelloVerifyRequest and RFC 9146 CIDs included, client in the same thread; "
           "median of %u\n"
           "runs of %u ms; %ld processors online, load average before: %.2f %.2f %.2f\n\n",
           runs, ms, sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2]);
    printf("| suite | 1 worker | %u workers | ratio | CPU share 1 / %u | per CPU-second 1 / %u |\n"
           "|---|---:|---:|---:|---:|---:|\n",
           workers, workers, workers);
    int rc = 0;
    double least = 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        double busy1 = 0, busyn = 0, cpu1 = 0, cpun = 0;
        double one = median_rate(suites[i], 1, runs, ms, &busy1, &cpu1);
        double many = median_rate(suites[i], workers, runs, ms, &busyn, &cpun);
        if (one <= 0 || many <= 0) {
            printf("| %s | failed | | | | |\n", bench_suites[suites[i]].label);
            rc = -1;
            continue;
        }
        printf("| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.0f / %.0f |\n",
               bench_suites[suites[i]].label, one, many, many / one, busy1, busyn, cpu1, cpun);
        least = busy1 < least ? busy1 : least;
        least = busyn < least ? busyn : least;
    }
    /* CPU share: the workers' CPU time over wall time x workers. Below about 0.95 other processes took the
     * cores, and the ratio says more about them than about nxdtls. Per CPU-second: handshakes per second of
     * the workers' own CPU time; equal for 1 and N workers when they share nothing that costs CPU (waiting
     * on a lock costs none, so only a quiet machine's ratio shows that). */
    if (least < 0.95) {
        printf("\nThe workers got only %.0f%% of their cores (other processes ran): measure on a "
               "quiet "
               "machine.\n",
               100 * least);
    }
    fflush(stdout);
    return rc;
}
