/* SPDX-License-Identifier: MIT */
/* bench_openssl.c: OpenSSL's DTLS 1.2 (libssl) in the same process model as nxdtls.
 *
 * Each endpoint's BIO is a custom datagram BIO over two bench_queues. The settings match nxdtls's where they
 * change the work done: MTU 1400 without querying the socket, DTLS 1.2 only, extended master secret (both
 * default), no session cache and no tickets (nxdtls does no resumption, every handshake is full), P-256 for
 * ECDHE, PKCS#1 and ECDSA signatures with SHA-256 (what nxdtls signs with), the client verifying the server's
 * chain and host name and sending SNI. The cookie exchange uses OpenSSL's own state machine with HMAC-SHA256
 * cookie callbacks; its retransmission timer is set to a minute so a slow run (valgrind) never retransmits. */
#include "bench_openssl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>

#include "bench.h"
#include "bench_heap.h"
#include "bench_queue.h"

#define GUARD_ROUNDS 64

struct link {
    struct bench_queue *rx;
    struct bench_queue *tx;
};

struct pair {
    SSL *client;
    SSL *server;
    struct bench_queue to_server;
    struct bench_queue to_client;
    struct link client_link;
    struct link server_link;
    int64_t server_heap;
};

static BIO_METHOD *dgram_method;
static SSL_CTX *client_ctx[BENCH_SUITE_COUNT];
static SSL_CTX *server_ctx[BENCH_SUITE_COUNT];
static SSL_CTX *hvr_ctx[BENCH_SUITE_COUNT];
static struct pair *scratch;
static const uint8_t cookie_secret[16] = {0x63, 0x6f, 0x6f, 0x6b, 0x69, 0x65};
static const uint8_t peer_addr[6] = {127, 0, 0, 1, 0x9c, 0x40};

static int fail_ssl(const char *what)
{
    unsigned long e = ERR_get_error();
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    fprintf(stderr, "bench: openssl: %s: %s\n", what, text);
    ERR_clear_error();
    return -1;
}

static int dgram_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static int dgram_write(BIO *b, const char *data, int len)
{
    struct link *l = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    if (bench_queue_push(l->tx, (const uint8_t *)data, (size_t)len) != 0) {
        return -1;
    }
    return len;
}

static int dgram_read(BIO *b, char *out, int cap)
{
    struct link *l = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    size_t len = 0;
    uint8_t *d = bench_queue_peek(l->rx, &len);
    if (d == NULL) {
        BIO_set_retry_read(b);
        return -1;
    }
    size_t n = len < (size_t)cap ? len : (size_t)cap; /* a datagram too long is cut, as UDP does */
    memcpy(out, d, n);
    bench_queue_pop(l->rx);
    return (int)n;
}

static long dgram_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b, (void)num, (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_CTRL_DGRAM_QUERY_MTU:
    case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
        return BENCH_MTU;
    default:
        return 0;
    }
}

static unsigned int psk_client_cb(SSL *ssl, const char *hint, char *identity,
                                  unsigned int max_identity_len, unsigned char *key,
                                  unsigned int max_key_len)
{
    (void)ssl, (void)hint;
    if (max_identity_len < sizeof BENCH_PSK_IDENTITY || max_key_len < BENCH_PSK_KEY_LEN) {
        return 0;
    }
    memcpy(identity, BENCH_PSK_IDENTITY, sizeof BENCH_PSK_IDENTITY);
    memcpy(key, bench_psk_key, BENCH_PSK_KEY_LEN);
    return BENCH_PSK_KEY_LEN;
}

static unsigned int psk_server_cb(SSL *ssl, const char *identity, unsigned char *key,
                                  unsigned int max_key_len)
{
    (void)ssl;
    if (strcmp(identity, BENCH_PSK_IDENTITY) != 0 || max_key_len < BENCH_PSK_KEY_LEN) {
        return 0;
    }
    memcpy(key, bench_psk_key, BENCH_PSK_KEY_LEN);
    return BENCH_PSK_KEY_LEN;
}

/* The cookie is HMAC-SHA256(secret, peer address), as a stateless server's would be. */
static int cookie_make(SSL *ssl, unsigned char *cookie, unsigned int *len)
{
    (void)ssl;
    return HMAC(EVP_sha256(), cookie_secret, sizeof cookie_secret, peer_addr, sizeof peer_addr,
                cookie, len) != NULL;
}

static int cookie_check(SSL *ssl, const unsigned char *cookie, unsigned int len)
{
    unsigned char want[EVP_MAX_MD_SIZE];
    unsigned int want_len = 0;
    return cookie_make(ssl, want, &want_len) && want_len == len &&
           CRYPTO_memcmp(want, cookie, len) == 0;
}

static unsigned int long_timer(SSL *ssl, unsigned int timer_us)
{
    (void)ssl, (void)timer_us;
    return 60u * 1000u * 1000u;
}

static SSL_CTX *ctx_new(enum bench_suite suite, int server, int cookies)
{
    const struct bench_suite_info *info = &bench_suites[suite];
    SSL_CTX *ctx = SSL_CTX_new(server ? DTLS_server_method() : DTLS_client_method());
    if (ctx == NULL) {
        fail_ssl("SSL_CTX_new");
        return NULL;
    }
    char path[512];
    /* Writable copies: these OpenSSL macros cast their string argument to char *. */
    char groups[] = "P-256";
    char sigalgs[] = "ECDSA+SHA256:RSA+SHA256";
    int ok = SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) == 1 &&
             SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) == 1 &&
             SSL_CTX_set_cipher_list(ctx, info->openssl) == 1 &&
             SSL_CTX_set1_groups_list(ctx, groups) == 1 &&
             SSL_CTX_set1_sigalgs_list(ctx, sigalgs) == 1;
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU);
    if (info->cert == BENCH_CERT_NONE) {
        if (server) {
            SSL_CTX_set_psk_server_callback(ctx, psk_server_cb);
        } else {
            SSL_CTX_set_psk_client_callback(ctx, psk_client_cb);
        }
    } else if (server) {
        const char *stem = info->cert == BENCH_CERT_EC ? "ec" : "rsa";
        char file[64];
        snprintf(file, sizeof file, "%s-chain.pem", stem);
        bench_pki_path(path, sizeof path, file);
        ok = ok && SSL_CTX_use_certificate_chain_file(ctx, path) == 1;
        snprintf(file, sizeof file, "%s-leaf.key.pem", stem);
        bench_pki_path(path, sizeof path, file);
        ok = ok && SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM) == 1 &&
             SSL_CTX_check_private_key(ctx) == 1;
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        bench_pki_path(path, sizeof path, "ec-root.pem");
        ok = ok && SSL_CTX_load_verify_locations(ctx, path, NULL) == 1;
        bench_pki_path(path, sizeof path, "rsa-root.pem");
        ok = ok && SSL_CTX_load_verify_locations(ctx, path, NULL) == 1;
    }
    if (cookies) {
        SSL_CTX_set_options(ctx, SSL_OP_COOKIE_EXCHANGE);
        SSL_CTX_set_cookie_generate_cb(ctx, cookie_make);
        SSL_CTX_set_cookie_verify_cb(ctx, cookie_check);
    }
    if (!ok) {
        fail_ssl(info->openssl);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static int os_setup(void)
{
    dgram_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "bench datagram");
    if (dgram_method == NULL || BIO_meth_set_create(dgram_method, dgram_create) != 1 ||
        BIO_meth_set_write(dgram_method, dgram_write) != 1 ||
        BIO_meth_set_read(dgram_method, dgram_read) != 1 ||
        BIO_meth_set_ctrl(dgram_method, dgram_ctrl) != 1) {
        return fail_ssl("BIO_meth_new");
    }
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        client_ctx[i] = ctx_new((enum bench_suite)i, 0, 0);
        server_ctx[i] = ctx_new((enum bench_suite)i, 1, 0);
        hvr_ctx[i] = ctx_new((enum bench_suite)i, 1, 1);
        if (client_ctx[i] == NULL || server_ctx[i] == NULL || hvr_ctx[i] == NULL) {
            return -1;
        }
    }
    scratch = calloc(1, sizeof *scratch);
    return scratch != NULL ? 0 : -1;
}

static void os_teardown(void)
{
    for (int i = 0; i < BENCH_SUITE_COUNT; i++) {
        SSL_CTX_free(client_ctx[i]);
        SSL_CTX_free(server_ctx[i]);
        SSL_CTX_free(hvr_ctx[i]);
    }
    BIO_meth_free(dgram_method);
    free(scratch);
}

static SSL *endpoint_new(SSL_CTX *ctx, struct link *l, int server)
{
    SSL *ssl = SSL_new(ctx);
    BIO *bio = BIO_new(dgram_method);
    if (ssl == NULL || bio == NULL) {
        SSL_free(ssl);
        BIO_free(bio);
        fail_ssl("SSL_new");
        return NULL;
    }
    BIO_set_data(bio, l);
    SSL_set_bio(ssl, bio, bio);
    SSL_set_mtu(ssl, BENCH_MTU);
    DTLS_set_timer_cb(ssl, long_timer);
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        char host[] = BENCH_SERVER_NAME; /* SSL_set_tlsext_host_name casts it to void * */
        SSL_set_connect_state(ssl);
        if (SSL_get_SSL_CTX(ssl) != NULL && SSL_CTX_get_verify_mode(ctx) != SSL_VERIFY_NONE &&
            (SSL_set_tlsext_host_name(ssl, host) != 1 ||
             SSL_set1_host(ssl, BENCH_SERVER_NAME) != 1)) {
            SSL_free(ssl);
            fail_ssl("SSL_set1_host");
            return NULL;
        }
    }
    return ssl;
}

/* step runs one endpoint's handshake as far as it goes; 1 = done, 0 = waiting, -1 = failed. */
static int step(SSL *ssl, enum bench_owner owner)
{
    bench_heap_owner(owner);
    int rc = SSL_do_handshake(ssl);
    bench_heap_owner(BENCH_OWNER_NONE);
    if (rc == 1) {
        return 1;
    }
    int err = SSL_get_error(ssl, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        return 0;
    }
    return fail_ssl(owner == BENCH_OWNER_CLIENT ? "client handshake" : "server handshake");
}

static int pair_handshake(struct pair *p, enum bench_suite suite, int with_hvr)
{
    bench_queue_reset(&p->to_server);
    bench_queue_reset(&p->to_client);
    p->client_link = (struct link){.rx = &p->to_client, .tx = &p->to_server};
    p->server_link = (struct link){.rx = &p->to_server, .tx = &p->to_client};
    bench_heap_owner(BENCH_OWNER_CLIENT);
    p->client = endpoint_new(client_ctx[suite], &p->client_link, 0);
    bench_heap_owner(BENCH_OWNER_SERVER);
    p->server = endpoint_new(with_hvr ? hvr_ctx[suite] : server_ctx[suite], &p->server_link, 1);
    bench_heap_owner(BENCH_OWNER_NONE);
    if (p->client == NULL || p->server == NULL) {
        return -1;
    }
    int client_done = 0;
    int server_done = 0;
    for (int round = 0; round < GUARD_ROUNDS && !(client_done && server_done); round++) {
        if (!client_done) {
            client_done = step(p->client, BENCH_OWNER_CLIENT);
        }
        if (!server_done && client_done >= 0) {
            server_done = step(p->server, BENCH_OWNER_SERVER);
        }
        if (client_done < 0 || server_done < 0) {
            return -1;
        }
    }
    if (client_done != 1 || server_done != 1) {
        return bench_fail("openssl", "no handshake", 0);
    }
    const SSL_CIPHER *cipher = SSL_get_current_cipher(p->server);
    if (cipher == NULL || SSL_CIPHER_get_protocol_id(cipher) != bench_suites[suite].iana) {
        return bench_fail("openssl", "another suite was negotiated", 0);
    }
    return 0;
}

static void pair_free_ssl(struct pair *p)
{
    bench_heap_owner(BENCH_OWNER_CLIENT);
    SSL_free(p->client);
    bench_heap_owner(BENCH_OWNER_SERVER);
    SSL_free(p->server);
    bench_heap_owner(BENCH_OWNER_NONE);
    p->client = NULL;
    p->server = NULL;
}

static int os_handshake(enum bench_suite suite, int with_hvr)
{
    int rc = pair_handshake(scratch, suite, with_hvr);
    pair_free_ssl(scratch);
    return rc;
}

static void *os_pair_open(enum bench_suite suite)
{
    struct pair *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    int64_t before = bench_heap_live(BENCH_OWNER_SERVER);
    if (pair_handshake(p, suite, 0) != 0) {
        pair_free_ssl(p);
        free(p);
        return NULL;
    }
    p->server_heap = bench_heap_live(BENCH_OWNER_SERVER) - before;
    return p;
}

static int os_records(void *pair, size_t len, unsigned n)
{
    struct pair *p = pair;
    static uint8_t plain[BENCH_DGRAM_MAX];
    static uint8_t got[BENCH_DGRAM_MAX];
    for (unsigned i = 0; i < n; i++) {
        bench_heap_owner(BENCH_OWNER_CLIENT);
        int w = SSL_write(p->client, plain, (int)len);
        bench_heap_owner(BENCH_OWNER_SERVER);
        int r = SSL_read(p->server, got, sizeof got);
        bench_heap_owner(BENCH_OWNER_NONE);
        if (w != (int)len || r != (int)len) {
            return fail_ssl("record");
        }
    }
    return 0;
}

static void os_session_bytes(void *pair, size_t *storage, size_t *heap)
{
    const struct pair *p = pair;
    *storage = 0; /* OpenSSL keeps everything on the heap */
    *heap = p->server_heap > 0 ? (size_t)p->server_heap : 0;
}

static void os_pair_close(void *pair)
{
    struct pair *p = pair;
    if (p != NULL) {
        pair_free_ssl(p);
        free(p);
    }
}

const struct bench_stack bench_openssl = {
    .name = "OpenSSL",
    .setup = os_setup,
    .teardown = os_teardown,
    .handshake = os_handshake,
    .pair_open = os_pair_open,
    .records = os_records,
    .session_bytes = os_session_bytes,
    .pair_close = os_pair_close,
};
