/* SPDX-License-Identifier: MIT */
/* mbedtls_peer: a DTLS 1.2 client or server written against Mbed TLS 2.28 (Debian's libmbedtls-dev), the
 * stack of many embedded devices. Debian ships the library without its example programs, so the interop
 * tests (tests/interop/mbedtls_test.sh) drive this instead.
 *
 *   mbedtls_peer client HOST PORT [options]   handshake, send --send TEXT, print the one record that comes
 *                                             back on stdout, send close_notify, exit 0
 *   mbedtls_peer server HOST PORT [options]   print "listening" on stderr, take one client (with
 *                                             HelloVerifyRequest cookies unless --no-cookie), print the
 *                                             first record on stdout, send it back, wait for the client's
 *                                             close_notify, answer it, exit 0
 * options: --psk ID:HEX  --ciphers IANA_NAME[,IANA_NAME...]  --ca FILE  --cert FILE --key FILE
 *          --servername NAME (client: SNI and the name checked)  --verify-client (server)  --mtu N
 *          --no-cookie (server)  --send TEXT (client)  --timeout MS (whole run; default 8000)
 * Any failure prints the Mbed TLS error and exits 1; a bad command line exits 2. */
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/timing.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct args {
    int server;
    const char *host;
    const char *port;
    const char *psk;
    const char *ciphers;
    const char *ca;
    const char *cert;
    const char *key;
    const char *servername;
    const char *send;
    int verify_client;
    int no_cookie;
    unsigned mtu;
    unsigned timeout_ms;
};

struct peer {
    mbedtls_net_context listen_fd;
    mbedtls_net_context fd;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_ssl_cookie_ctx cookies;
    mbedtls_timing_delay_context timer;
    mbedtls_x509_crt ca;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    int suites[32];
    unsigned char psk[64];
    size_t psk_len;
};

static int fail(const char *what, int ret)
{
    char text[160];
    mbedtls_strerror(ret, text, sizeof text);
    fprintf(stderr, "mbedtls_peer: %s: -0x%04X %s\n", what, (unsigned)-ret, text);
    return 1;
}

static int usage(const char *why)
{
    fprintf(stderr, "mbedtls_peer: %s\nusage: mbedtls_peer client|server HOST PORT [options]\n", why);
    return 2;
}

static int parse_args(int argc, char **argv, struct args *a)
{
    if (argc < 4 || (strcmp(argv[1], "client") != 0 && strcmp(argv[1], "server") != 0)) {
        return usage("client or server, HOST and PORT first");
    }
    a->server = strcmp(argv[1], "server") == 0;
    a->host = argv[2];
    a->port = argv[3];
    a->timeout_ms = 8000;
    for (int i = 4; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--verify-client") == 0) {
            a->verify_client = 1;
            continue;
        }
        if (strcmp(o, "--no-cookie") == 0) {
            a->no_cookie = 1;
            continue;
        }
        if (v == NULL) {
            return usage("an option lacks its value");
        }
        i++;
        if (strcmp(o, "--psk") == 0) {
            a->psk = v;
        } else if (strcmp(o, "--ciphers") == 0) {
            a->ciphers = v;
        } else if (strcmp(o, "--ca") == 0) {
            a->ca = v;
        } else if (strcmp(o, "--cert") == 0) {
            a->cert = v;
        } else if (strcmp(o, "--key") == 0) {
            a->key = v;
        } else if (strcmp(o, "--servername") == 0) {
            a->servername = v;
        } else if (strcmp(o, "--send") == 0) {
            a->send = v;
        } else if (strcmp(o, "--mtu") == 0) {
            a->mtu = (unsigned)strtoul(v, NULL, 10);
        } else if (strcmp(o, "--timeout") == 0) {
            a->timeout_ms = (unsigned)strtoul(v, NULL, 10);
        } else {
            return usage("unknown option");
        }
    }
    return 0;
}

/* set_suites turns IANA names (TLS_PSK_WITH_AES_128_CCM_8) into Mbed TLS's ids (its names use '-'). */
static int set_suites(struct peer *p, const char *list)
{
    size_t n = 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *name = strtok_r(buf, ",", &save); name != NULL;
         name = strtok_r(NULL, ",", &save)) {
        for (char *c = name; *c != '\0'; c++) {
            *c = *c == '_' ? '-' : *c;
        }
        int id = mbedtls_ssl_get_ciphersuite_id(name);
        if (id == 0 || n + 1 >= sizeof p->suites / sizeof p->suites[0]) {
            fprintf(stderr, "mbedtls_peer: suite %s is not in this Mbed TLS build\n", name);
            return -1;
        }
        p->suites[n++] = id;
    }
    p->suites[n] = 0;
    mbedtls_ssl_conf_ciphersuites(&p->conf, p->suites);
    return 0;
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static int set_psk(struct peer *p, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    if (colon == NULL) {
        return -1;
    }
    size_t hex_len = strlen(colon + 1);
    if (hex_len == 0 || hex_len % 2 != 0 || hex_len / 2 > sizeof p->psk) {
        return -1;
    }
    for (size_t i = 0; i < hex_len / 2; i++) {
        int hi = hex_value(colon[1 + 2 * i]);
        int lo = hex_value(colon[2 + 2 * i]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        p->psk[i] = (unsigned char)(hi << 4 | lo);
    }
    p->psk_len = hex_len / 2;
    return mbedtls_ssl_conf_psk(&p->conf, p->psk, p->psk_len, (const unsigned char *)arg,
                                (size_t)(colon - arg));
}

static int configure(struct peer *p, const struct args *a)
{
    int ret = mbedtls_ctr_drbg_seed(&p->drbg, mbedtls_entropy_func, &p->entropy,
                                    (const unsigned char *)"nxdtls-interop", 14);
    if (ret != 0) {
        return fail("ctr_drbg_seed", ret);
    }
    ret = mbedtls_ssl_config_defaults(&p->conf,
                                      a->server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        return fail("ssl_config_defaults", ret);
    }
    /* DTLS 1.2 only (RFC 6347). */
    mbedtls_ssl_conf_min_version(&p->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_rng(&p->conf, mbedtls_ctr_drbg_random, &p->drbg);
    mbedtls_ssl_conf_read_timeout(&p->conf, a->timeout_ms);
    mbedtls_ssl_conf_handshake_timeout(&p->conf, 500, 4000);
    if (a->ciphers != NULL && set_suites(p, a->ciphers) != 0) {
        return 2;
    }
    if (a->psk != NULL && set_psk(p, a->psk) != 0) {
        fprintf(stderr, "mbedtls_peer: --psk wants ID:HEXKEY\n");
        return 2;
    }
    if (a->ca != NULL) {
        ret = mbedtls_x509_crt_parse_file(&p->ca, a->ca);
        if (ret < 0) {
            return fail("--ca", ret);
        }
        mbedtls_ssl_conf_ca_chain(&p->conf, &p->ca, NULL);
    }
    if (a->cert != NULL) {
        ret = mbedtls_x509_crt_parse_file(&p->cert, a->cert);
        if (ret != 0) {
            return fail("--cert", ret);
        }
        ret = mbedtls_pk_parse_keyfile(&p->key, a->key, NULL);
        if (ret != 0) {
            return fail("--key", ret);
        }
        ret = mbedtls_ssl_conf_own_cert(&p->conf, &p->cert, &p->key);
        if (ret != 0) {
            return fail("ssl_conf_own_cert", ret);
        }
    }
    if (a->server) {
        mbedtls_ssl_conf_authmode(&p->conf, a->verify_client ? MBEDTLS_SSL_VERIFY_REQUIRED
                                                             : MBEDTLS_SSL_VERIFY_NONE);
        if (!a->no_cookie) {
            ret = mbedtls_ssl_cookie_setup(&p->cookies, mbedtls_ctr_drbg_random, &p->drbg);
            if (ret != 0) {
                return fail("ssl_cookie_setup", ret);
            }
            mbedtls_ssl_conf_dtls_cookies(&p->conf, mbedtls_ssl_cookie_write,
                                          mbedtls_ssl_cookie_check, &p->cookies);
        } else {
            mbedtls_ssl_conf_dtls_cookies(&p->conf, NULL, NULL, NULL);
        }
    } else {
        mbedtls_ssl_conf_authmode(&p->conf, a->ca != NULL ? MBEDTLS_SSL_VERIFY_REQUIRED
                                                          : MBEDTLS_SSL_VERIFY_NONE);
    }
    ret = mbedtls_ssl_setup(&p->ssl, &p->conf);
    if (ret != 0) {
        return fail("ssl_setup", ret);
    }
    if (a->servername != NULL) {
        ret = mbedtls_ssl_set_hostname(&p->ssl, a->servername);
        if (ret != 0) {
            return fail("ssl_set_hostname", ret);
        }
    }
    if (a->mtu != 0) {
        mbedtls_ssl_set_mtu(&p->ssl, (uint16_t)a->mtu);
    }
    mbedtls_ssl_set_timer_cb(&p->ssl, &p->timer, mbedtls_timing_set_delay,
                             mbedtls_timing_get_delay);
    return 0;
}

/* server_handshake accepts one client. A ClientHello without a valid cookie gets a HelloVerifyRequest
 * (MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED): the session starts over on the same connected socket, so the
 * client's second ClientHello is not lost between two sockets. */
static int server_handshake(struct peer *p, const struct args *a)
{
    int ret = mbedtls_net_bind(&p->listen_fd, a->host, a->port, MBEDTLS_NET_PROTO_UDP);
    if (ret != 0) {
        return fail("net_bind", ret);
    }
    fprintf(stderr, "mbedtls_peer: listening on %s:%s\n", a->host, a->port);
    unsigned char ip[16];
    size_t ip_len = 0;
    ret = mbedtls_net_accept(&p->listen_fd, &p->fd, ip, sizeof ip, &ip_len);
    if (ret != 0) {
        return fail("net_accept", ret);
    }
    mbedtls_ssl_set_bio(&p->ssl, &p->fd, mbedtls_net_send, mbedtls_net_recv,
                        mbedtls_net_recv_timeout);
    for (int round = 0; round < 4; round++) {
        ret = mbedtls_ssl_set_client_transport_id(&p->ssl, ip, ip_len);
        if (ret != 0) {
            return fail("ssl_set_client_transport_id", ret);
        }
        do {
            ret = mbedtls_ssl_handshake(&p->ssl);
        } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
        if (ret != MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
            break;
        }
        fprintf(stderr, "mbedtls_peer: HelloVerifyRequest sent\n");
        mbedtls_ssl_session_reset(&p->ssl);
    }
    return ret == 0 ? 0 : fail("handshake", ret);
}

static int client_handshake(struct peer *p, const struct args *a)
{
    int ret = mbedtls_net_connect(&p->fd, a->host, a->port, MBEDTLS_NET_PROTO_UDP);
    if (ret != 0) {
        return fail("net_connect", ret);
    }
    mbedtls_ssl_set_bio(&p->ssl, &p->fd, mbedtls_net_send, mbedtls_net_recv,
                        mbedtls_net_recv_timeout);
    do {
        ret = mbedtls_ssl_handshake(&p->ssl);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    return ret == 0 ? 0 : fail("handshake", ret);
}

static int read_record(struct peer *p, unsigned char *buf, size_t cap, size_t *len)
{
    int ret;
    do {
        ret = mbedtls_ssl_read(&p->ssl, buf, cap);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (ret < 0) {
        return ret;
    }
    *len = (size_t)ret;
    return 0;
}

static int write_record(struct peer *p, const unsigned char *buf, size_t len)
{
    int ret;
    do {
        ret = mbedtls_ssl_write(&p->ssl, buf, len);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    return ret < 0 ? ret : 0;
}

static int run(struct peer *p, const struct args *a)
{
    int ret = a->server ? server_handshake(p, a) : client_handshake(p, a);
    if (ret != 0) {
        return ret;
    }
    fprintf(stderr, "mbedtls_peer: handshake done: %s\n", mbedtls_ssl_get_ciphersuite(&p->ssl));
    static unsigned char buf[16384];
    size_t len = 0;
    if (a->server) {
        ret = read_record(p, buf, sizeof buf, &len);
        if (ret != 0) {
            return fail("read", ret);
        }
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
        ret = write_record(p, buf, len);
        if (ret != 0) {
            return fail("write", ret);
        }
        /* The client ends the session: its close_notify, answered with ours (RFC 5246 7.2.1). */
        size_t more = 0;
        ret = read_record(p, buf, sizeof buf, &more);
        if (ret != MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            return fail("waiting for close_notify", ret != 0 ? ret : -1);
        }
        (void)mbedtls_ssl_close_notify(&p->ssl);
        fprintf(stderr, "mbedtls_peer: close_notify received\n");
        return 0;
    }
    const char *text = a->send != NULL ? a->send : "hello from mbedtls_peer\n";
    ret = write_record(p, (const unsigned char *)text, strlen(text));
    if (ret != 0) {
        return fail("write", ret);
    }
    ret = read_record(p, buf, sizeof buf, &len);
    if (ret != 0) {
        return fail("read", ret);
    }
    fwrite(buf, 1, len, stdout);
    fflush(stdout);
    ret = mbedtls_ssl_close_notify(&p->ssl);
    return ret == 0 ? 0 : fail("close_notify", ret);
}

int main(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc != 0) {
        return rc;
    }
    static struct peer p;
    mbedtls_net_init(&p.listen_fd);
    mbedtls_net_init(&p.fd);
    mbedtls_entropy_init(&p.entropy);
    mbedtls_ctr_drbg_init(&p.drbg);
    mbedtls_ssl_init(&p.ssl);
    mbedtls_ssl_config_init(&p.conf);
    mbedtls_ssl_cookie_init(&p.cookies);
    mbedtls_x509_crt_init(&p.ca);
    mbedtls_x509_crt_init(&p.cert);
    mbedtls_pk_init(&p.key);
    rc = configure(&p, &a);
    if (rc == 0) {
        rc = run(&p, &a);
    }
    mbedtls_net_free(&p.fd);
    mbedtls_net_free(&p.listen_fd);
    mbedtls_ssl_free(&p.ssl);
    mbedtls_ssl_config_free(&p.conf);
    mbedtls_ssl_cookie_free(&p.cookies);
    mbedtls_x509_crt_free(&p.ca);
    mbedtls_x509_crt_free(&p.cert);
    mbedtls_pk_free(&p.key);
    mbedtls_ctr_drbg_free(&p.drbg);
    mbedtls_entropy_free(&p.entropy);
    return rc;
}
