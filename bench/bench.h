/* SPDX-License-Identifier: MIT */
/* bench.h: what the benchmark's parts share (docs/performance.md "Method").
 *
 * The benchmark runs nxdtls, OpenSSL's DTLS and (when built with it) Mbed TLS in one process model: both
 * endpoints of an association live in this process and thread, datagrams move through in-memory queues
 * (bench_queue), the MTU is 1400, every handshake is a full one on freshly initialised connection objects,
 * and both sides' work is counted. Each stack implements struct bench_stack; bench_main.c measures them the
 * same way: CPU time (timing mode), libcrypto heap calls (bench_heap), bytes held per session, and
 * instruction counts under valgrind's callgrind (callgrind mode). */
#ifndef NXDTLS_BENCH_H
#define NXDTLS_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MTU 1400

/* The suites measured, one per key exchange family (and the three PSK record protections). */
enum bench_suite {
    BENCH_PSK_CCM8,    /* TLS_PSK_WITH_AES_128_CCM_8 */
    BENCH_PSK_GCM,     /* TLS_PSK_WITH_AES_128_GCM_SHA256 */
    BENCH_PSK_CBC,     /* TLS_PSK_WITH_AES_128_CBC_SHA256 */
    BENCH_ECDHE_ECDSA, /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, P-256 */
    BENCH_ECDHE_RSA,   /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, P-256, RSA-2048 */
    BENCH_RSA,         /* TLS_RSA_WITH_AES_128_CBC_SHA (RSA key transport), RSA-2048 */
    BENCH_SUITE_COUNT
};

enum bench_cert { BENCH_CERT_NONE, BENCH_CERT_EC, BENCH_CERT_RSA };

struct bench_suite_info {
    const char *label;   /* short name used on the command line and in tables */
    uint16_t iana;       /* the suite's code point */
    const char *openssl; /* OpenSSL's name for it */
    enum bench_cert cert;
};

extern const struct bench_suite_info bench_suites[BENCH_SUITE_COUNT];

/* The PSK both sides share, and the names the certificate suites use. */
#define BENCH_PSK_IDENTITY "bench-client"
#define BENCH_PSK_KEY_LEN  16
extern const uint8_t bench_psk_key[BENCH_PSK_KEY_LEN];
#define BENCH_SERVER_NAME "localhost"

/* bench_pki_path writes the path of a file of the committed test PKI (tests/vectors/x509/pki). */
void bench_pki_path(char *out, size_t cap, const char *file);

/* One DTLS implementation under test. Every function returns 0 on success, -1 on failure (with a message
 * on stderr). Objects that outlive one handshake (contexts, configurations, stores) are made in setup. */
struct bench_stack {
    const char *name;
    int (*setup)(void);
    void (*teardown)(void);
    /* handshake creates both endpoints, runs one full handshake (hvr: with a HelloVerifyRequest exchange)
     * and frees them. */
    int (*handshake)(enum bench_suite suite, int hvr);
    /* pair_open makes an established pair; records sends n records of len bytes client to server. */
    void *(*pair_open)(enum bench_suite suite);
    int (*records)(void *pair, size_t len, unsigned n);
    /* session_bytes: what the server endpoint of an open pair holds; caller storage and heap separately. */
    void (*session_bytes)(void *pair, size_t *storage, size_t *heap);
    void (*pair_close)(void *pair);
};

extern const struct bench_stack bench_nxdtls;
extern const struct bench_stack bench_openssl;
#ifdef NXDTLS_BENCH_MBEDTLS
extern const struct bench_stack bench_mbedtls;
#endif

/* bench_fail prints a failure and returns -1. */
int bench_fail(const char *stack, const char *what, long code);

#endif /* NXDTLS_BENCH_H */
