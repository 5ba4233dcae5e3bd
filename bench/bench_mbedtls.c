/* SPDX-License-Identifier: MIT */
/* bench_mbedtls.c: Mbed TLS 2.28's DTLS 1.2 in the same process model (built when libmbedtls-dev is there).
 *
 * Settings follow OpenSSL's and nxdtls's in the benchmark: MTU 1400, DTLS 1.2 only, extended master secret,
 * no session tickets, P-256, SHA-256 signatures, the client verifying the server's chain and host name. The
 * cookie server uses Mbed TLS's own cookie module (HMAC-SHA224 under a random key), the way its examples do:
 * on MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED the server context is reset and the handshake goes on. The
 * retransmission timer callbacks never report expiry. Mbed TLS allocates with calloc/free, not through
 * libcrypto, so its heap calls are not counted; its session bytes are the process heap's growth (mallinfo2)
 * for the pair, halved. */
#include "bench_mbedtls.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/x509_crt.h>

#include "bench.h"
#include "bench_queue.h"

#define GUARD_ROUNDS 64
#define FILE_MAX     4096

struct endpoint {
    mbedtls_ssl_context ssl;
    struct bench_queue *rx;
    struct bench_queue *tx;
    int timer_set;
};

struct pair {
    struct endpoint client;
    struct endpoint server;
    struct bench_queue to_server;
    struct bench_queue to_client;
    size_t heap;
};

static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;
static mbedtls_ssl_cookie_ctx cookies;
static mbedtls_x509_crt chain_ec, chain_rsa, roots;
static mbedtls_pk_context key_ec, key_rsa;
static mbedtls_ssl_config client_conf[BENCH_SUITE_COUNT], server_conf[BENCH_SUITE_COUNT],
    hvr_conf[BENCH_SUITE_COUNT];
static int suite_lists[BENCH_SUITE_COUNT][2];
static const mbedtls_ecp_group_id curves[] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};
static const int hashes[] = {MBEDTLS_MD_SHA256, MBEDTLS_MD_NONE};
static const unsigned char transport_id[6] = {127, 0, 0, 1, 0x9c, 0x40};
static struct pair *scratch;

static int fail_mbed(const char *what, int code)
{
    char text[160];
    mbedtls_strerror(code, text, sizeof text);
    fprintf(stderr, "bench: mbedtls: %s: %s (-0x%04x)\n", what, text, (unsigned)-code);
    return -1;
}

static int send_cb(void *ctx, const unsigned char *buf, size_t len)
{
    struct endpoint *e = ctx;
    return bench_queue_push(e->tx, buf, len) == 0 ? (int)len : MBEDTLS_ERR_SSL_WANT_WRITE;
}

static int recv_cb(void *ctx, unsigned char *buf, size_t cap)
{
    struct endpoint *e = ctx;
    size_t len = 0;
    uint8_t *d = bench_queue_peek(e->rx, &len);
    if (d == NULL) {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    size_t n = len < cap ? len : cap;
    memcpy(buf, d, n);
    bench_queue_pop(e->rx);
    return (int)n;
}

static void timer_set(void *ctx, uint32_t intermediate_ms, uint32_t final_ms)
{
    (void)intermediate_ms;
    ((struct endpoint *)ctx)->timer_set = final_ms != 0;
}

static int timer_get(void *ctx)
{
    return ((struct endpoint *)ctx)->timer_set ? 0 : -1; /* running, never expired; or cancelled */
}

static int load_der(const char *name, unsigned char *buf, size_t *len)
{
    char path[512];
    bench_pki_path(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return bench_fail("mbedtls", path, 0);
    }
    *len = fread(buf, 1, FILE_MAX, f);
    fclose(f);
    return *len == 0 || *len == FILE_MAX ? -1 : 0;
}

static int add_cert(mbedtls_x509_crt *chain, const char *name)
{
    unsigned char der[FILE_MAX];
    size_t len = 0;
    int rc = load_der(name, der, &len);
    rc = rc != 0 ? rc : mbedtls_x509_crt_parse_der(chain, der, len);
    return rc == 0 ? 0 : fail_mbed(name, rc);
}

static int load_key(mbedtls_pk_context *key, const char *name)
{
    unsigned char der[FILE_MAX];
    size_t len = 0;
    int rc = load_der(name, der, &len);
    rc = rc != 0 ? rc : mbedtls_pk_parse_key(key, der, len, NULL, 0);
    return rc == 0 ? 0 : fail_mbed(name, rc);
}

static int conf_init(mbedtls_ssl_config *conf, enum bench_suite suite, int endpoint, int with_hvr)
{
    mbedtls_ssl_config_init(conf);
    int rc = mbedtls_ssl_config_defaults(conf, endpoint, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT);
    if (rc != 0) {
        return fail_mbed("mbedtls_ssl_config_defaults", rc);
    }
    mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_ciphersuites(conf, suite_lists[suite]);
    mbedtls_ssl_conf_curves(conf, curves);
    mbedtls_ssl_conf_sig_hashes(conf, hashes);
    mbedtls_ssl_conf_session_tickets(conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    mbedtls_ssl_conf_handshake_timeout(conf, 60000, 120000);
    const struct bench_suite_info *info = &bench_suites[suite];
    if (info->cert == BENCH_CERT_NONE) {
        rc = mbedtls_ssl_conf_psk(conf, bench_psk_key, BENCH_PSK_KEY_LEN,
                                  (const unsigned char *)BENCH_PSK_IDENTITY,
                                  sizeof BENCH_PSK_IDENTITY - 1);
    } else if (endpoint == MBEDTLS_SSL_IS_SERVER) {
        int ec = info->cert == BENCH_CERT_EC;
        rc = mbedtls_ssl_conf_own_cert(conf, ec ? &chain_ec : &chain_rsa, ec ? &key_ec : &key_rsa);
    } else {
        mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(conf, &roots, NULL);
    }
    if (rc != 0) {
        return fail_mbed(info->label, rc);
    }
    if (endpoint == MBEDTLS_SSL_IS_SERVER) {
        if (with_hvr) {
            mbedtls_ssl_conf_dtls_cookies(conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check,
                                          &cookies);
        } else {
            mbedtls_ssl_conf_dtls_cookies(conf, NULL, NULL, NULL);
        }
    }
    return 0;
}

static int mb_setup(void)
{
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    int rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                   (const unsigned char *)"nxdtls-bench", 12);
    if (rc != 0) {
        return fail_mbed("mbedtls_ctr_drbg_seed", rc);
    }
    mbedtls_ssl_cookie_init(&cookies);
    rc = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &drbg);
    if (rc != 0) {
        return fail_mbed("mbedtls_ssl_cookie_setup", rc);
    }
    mbedtls_x509_crt_init(&chain_ec);
    mbedtls_x509_crt_init(&chain_rsa);
    mbedtls_x509_crt_init(&roots);
    mbedtls_pk_init(&key_ec);
    mbedtls_pk_init(&key_rsa);
    if (add_cert(&chain_ec, "ec-leaf.der") != 0 || add_cert(&chain_ec, "ec-int.der") != 0 ||
        add_cert(&chain_rsa, "rsa-leaf.der") != 0 || add_cert(&chain_rsa, "rsa-int.der") != 0 ||
        add_cert(&roots, "ec-root.der") != 0 || add_cert(&roots, "rsa-root.der") != 0 ||
        load_key(&key_ec, "ec-leaf.key.der") != 0 || load_key(&key_rsa, "rsa-leaf.key.der") != 0) {
        return -1;
    }
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        suite_lists[i][0] = bench_suites[i].iana;
        suite_lists[i][1] = 0;
        if (conf_init(&client_conf[i], (enum bench_suite)i, MBEDTLS_SSL_IS_CLIENT, 0) != 0 ||
            conf_init(&server_conf[i], (enum bench_suite)i, MBEDTLS_SSL_IS_SERVER, 0) != 0 ||
            conf_init(&hvr_conf[i], (enum bench_suite)i, MBEDTLS_SSL_IS_SERVER, 1) != 0) {
            return -1;
        }
    }
    scratch = calloc(1, sizeof *scratch);
    return scratch != NULL ? 0 : -1;
}

static void mb_teardown(void)
{
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        mbedtls_ssl_config_free(&client_conf[i]);
        mbedtls_ssl_config_free(&server_conf[i]);
        mbedtls_ssl_config_free(&hvr_conf[i]);
    }
    mbedtls_x509_crt_free(&chain_ec);
    mbedtls_x509_crt_free(&chain_rsa);
    mbedtls_x509_crt_free(&roots);
    mbedtls_pk_free(&key_ec);
    mbedtls_pk_free(&key_rsa);
    mbedtls_ssl_cookie_free(&cookies);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    free(scratch);
}

static int endpoint_init(struct endpoint *e, const mbedtls_ssl_config *conf, int server)
{
    mbedtls_ssl_init(&e->ssl);
    e->timer_set = 0;
    int rc = mbedtls_ssl_setup(&e->ssl, conf);
    if (rc != 0) {
        return fail_mbed("mbedtls_ssl_setup", rc);
    }
    mbedtls_ssl_set_bio(&e->ssl, e, send_cb, recv_cb, NULL);
    mbedtls_ssl_set_timer_cb(&e->ssl, e, timer_set, timer_get);
    mbedtls_ssl_set_mtu(&e->ssl, BENCH_MTU);
    if (server) {
        rc = mbedtls_ssl_set_client_transport_id(&e->ssl, transport_id, sizeof transport_id);
    } else {
        rc = mbedtls_ssl_set_hostname(&e->ssl, BENCH_SERVER_NAME);
    }
    return rc == 0 ? 0 : fail_mbed("endpoint", rc);
}

/* step: 1 = done, 0 = waiting, -1 = failed. A server that asked for a cookie starts over, as Mbed TLS
 * requires. */
static int step(struct endpoint *e, int server)
{
    int rc = mbedtls_ssl_handshake(&e->ssl);
    if (rc == 0) {
        return 1;
    }
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
        return 0;
    }
    if (server && rc == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
        rc = mbedtls_ssl_session_reset(&e->ssl);
        rc = rc != 0
                 ? rc
                 : mbedtls_ssl_set_client_transport_id(&e->ssl, transport_id, sizeof transport_id);
        return rc == 0 ? 0 : fail_mbed("session reset", rc);
    }
    return fail_mbed(server ? "server handshake" : "client handshake", rc);
}

static int pair_handshake(struct pair *p, enum bench_suite suite, int with_hvr)
{
    bench_queue_reset(&p->to_server);
    bench_queue_reset(&p->to_client);
    p->client.rx = &p->to_client;
    p->client.tx = &p->to_server;
    p->server.rx = &p->to_server;
    p->server.tx = &p->to_client;
    if (endpoint_init(&p->client, &client_conf[suite], 0) != 0 ||
        endpoint_init(&p->server, with_hvr ? &hvr_conf[suite] : &server_conf[suite], 1) != 0) {
        return -1;
    }
    int client_done = 0;
    int server_done = 0;
    for (int round = 0; round < GUARD_ROUNDS && !(client_done && server_done); round++) {
        if (!client_done) {
            client_done = step(&p->client, 0);
        }
        if (!server_done && client_done >= 0) {
            server_done = step(&p->server, 1);
        }
        if (client_done < 0 || server_done < 0) {
            return -1;
        }
    }
    if (client_done != 1 || server_done != 1) {
        return bench_fail("mbedtls", "no handshake", 0);
    }
    return 0;
}

static void pair_free_ssl(struct pair *p)
{
    mbedtls_ssl_free(&p->client.ssl);
    mbedtls_ssl_free(&p->server.ssl);
}

static int mb_handshake(enum bench_suite suite, int with_hvr)
{
    int rc = pair_handshake(scratch, suite, with_hvr);
    pair_free_ssl(scratch);
    return rc;
}

static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

static void *mb_pair_open(enum bench_suite suite)
{
    struct pair *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    size_t before = heap_in_use();
    if (pair_handshake(p, suite, 0) != 0) {
        pair_free_ssl(p);
        free(p);
        return NULL;
    }
    size_t after = heap_in_use();
    p->heap = after > before ? (after - before) / 2 : 0;
    /* Records of 1400 bytes exceed a 1400-byte datagram with their overhead; OpenSSL and nxdtls send them
     * as one datagram anyway, Mbed TLS refuses unless the limit is lifted. */
    mbedtls_ssl_set_mtu(&p->client.ssl, 0);
    mbedtls_ssl_set_mtu(&p->server.ssl, 0);
    return p;
}

static int mb_records(void *pair, size_t len, unsigned n)
{
    struct pair *p = pair;
    static unsigned char plain[BENCH_DGRAM_MAX];
    static unsigned char got[BENCH_DGRAM_MAX];
    for (unsigned i = 0; i < n; i++) {
        int w = mbedtls_ssl_write(&p->client.ssl, plain, len);
        int r = mbedtls_ssl_read(&p->server.ssl, got, sizeof got);
        if (w != (int)len || r != (int)len) {
            return fail_mbed("record", w < 0 ? w : r);
        }
    }
    return 0;
}

static void mb_session_bytes(void *pair, size_t *storage, size_t *heap)
{
    const struct pair *p = pair;
    *storage = 0;
    *heap = p->heap;
}

static void mb_pair_close(void *pair)
{
    struct pair *p = pair;
    if (p != NULL) {
        pair_free_ssl(p);
        free(p);
    }
}

const struct bench_stack bench_mbedtls = {
    .name = "Mbed TLS",
    .setup = mb_setup,
    .teardown = mb_teardown,
    .handshake = mb_handshake,
    .pair_open = mb_pair_open,
    .records = mb_records,
    .session_bytes = mb_session_bytes,
    .pair_close = mb_pair_close,
};
