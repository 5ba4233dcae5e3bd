/* SPDX-License-Identifier: MIT */
/* wolfssl_peer: a DTLS 1.2 client or server written against wolfSSL 5.5 (Debian's libwolfssl-dev), a stack
 * common on microcontrollers. Debian ships the library without example programs, so the interop tests
 * (tests/interop/wolfssl_test.sh) drive this instead. Same command line as mbedtls_peer:
 *
 *   wolfssl_peer client HOST PORT [options]   handshake, send --send TEXT, print the one record that comes
 *                                             back on stdout, send close_notify, exit 0
 *   wolfssl_peer server HOST PORT [options]   print "listening" on stderr, take one client (wolfSSL's DTLS
 *                                             server always answers the first ClientHello with a
 *                                             HelloVerifyRequest), print the first record on stdout, send
 *                                             it back, wait for the client's close_notify, exit 0
 * options: --ciphers IANA_NAME[:IANA_NAME...]  --ca FILE  --cert FILE --key FILE  --servername NAME (client:
 *          SNI and the name checked)  --verify-client (server)  --send TEXT (client)
 * Debian's build has no plain-PSK suites and no static-RSA key exchange (only (EC)DHE and DHE/ECDHE-PSK) and
 * no DTLS MTU setting, so this peer takes certificates only. Any failure prints wolfSSL's error and exits 1;
 * a bad command line exits 2. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct args {
    int server;
    const char *host;
    const char *port;
    const char *ciphers;
    const char *ca;
    const char *cert;
    const char *key;
    const char *servername;
    const char *send;
    int verify_client;
};

static int usage(const char *why)
{
    fprintf(stderr, "wolfssl_peer: %s\nusage: wolfssl_peer client|server HOST PORT [options]\n", why);
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
    for (int i = 4; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--verify-client") == 0) {
            a->verify_client = 1;
            continue;
        }
        if (v == NULL) {
            return usage("an option lacks its value");
        }
        i++;
        if (strcmp(o, "--ciphers") == 0) {
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
        } else {
            return usage("unknown option (this wolfSSL build has no PSK suites and no DTLS MTU)");
        }
    }
    return 0;
}

static int fail_ssl(WOLFSSL *ssl, const char *what, int ret)
{
    int err = ssl != NULL ? wolfSSL_get_error(ssl, ret) : ret;
    char text[WOLFSSL_MAX_ERROR_SZ];
    wolfSSL_ERR_error_string((unsigned long)err, text);
    fprintf(stderr, "wolfssl_peer: %s: %d %s\n", what, err, text);
    return 1;
}

static int resolve(const char *host, const char *port, struct sockaddr_storage *out,
                   socklen_t *out_len)
{
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &list) != 0 || list == NULL) {
        fprintf(stderr, "wolfssl_peer: cannot use %s port %s\n", host, port);
        return -1;
    }
    memcpy(out, list->ai_addr, list->ai_addrlen);
    *out_len = list->ai_addrlen;
    freeaddrinfo(list);
    return 0;
}

static int configure(WOLFSSL_CTX *ctx, const struct args *a)
{
    if (a->ciphers != NULL && wolfSSL_CTX_set_cipher_list(ctx, a->ciphers) != WOLFSSL_SUCCESS) {
        fprintf(stderr, "wolfssl_peer: suites %s are not in this wolfSSL build\n", a->ciphers);
        return 2;
    }
    if (a->ca != NULL &&
        wolfSSL_CTX_load_verify_locations(ctx, a->ca, NULL) != WOLFSSL_SUCCESS) {
        fprintf(stderr, "wolfssl_peer: cannot load --ca %s\n", a->ca);
        return 1;
    }
    if (a->cert != NULL &&
        (wolfSSL_CTX_use_certificate_chain_file(ctx, a->cert) != WOLFSSL_SUCCESS ||
         wolfSSL_CTX_use_PrivateKey_file(ctx, a->key, WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS)) {
        fprintf(stderr, "wolfssl_peer: cannot load --cert %s / --key %s\n", a->cert,
                a->key != NULL ? a->key : "(none)");
        return 1;
    }
    int mode = WOLFSSL_VERIFY_NONE;
    if (a->server && a->verify_client) {
        mode = WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    } else if (!a->server && a->ca != NULL) {
        mode = WOLFSSL_VERIFY_PEER;
    }
    wolfSSL_CTX_set_verify(ctx, mode, NULL);
    return 0;
}

/* open_socket binds (server) or connects (client) a UDP socket; a server then waits for the first datagram
 * and connects the socket to its sender, as wolfSSL's own DTLS examples do. */
static int open_socket(const struct args *a, struct sockaddr_storage *peer, socklen_t *peer_len)
{
    struct sockaddr_storage local;
    socklen_t local_len = 0;
    if (resolve(a->host, a->port, &local, &local_len) != 0) {
        return -1;
    }
    int fd = socket(local.ss_family, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("wolfssl_peer: socket");
        return -1;
    }
    if (!a->server) {
        *peer = local;
        *peer_len = local_len;
        if (connect(fd, (struct sockaddr *)peer, *peer_len) != 0) {
            perror("wolfssl_peer: connect");
            close(fd);
            return -1;
        }
        return fd;
    }
    if (bind(fd, (struct sockaddr *)&local, local_len) != 0) {
        perror("wolfssl_peer: bind");
        close(fd);
        return -1;
    }
    fprintf(stderr, "wolfssl_peer: listening on %s:%s\n", a->host, a->port);
    char probe[1];
    *peer_len = sizeof *peer;
    if (recvfrom(fd, probe, sizeof probe, MSG_PEEK, (struct sockaddr *)peer, peer_len) < 0 ||
        connect(fd, (struct sockaddr *)peer, *peer_len) != 0) {
        perror("wolfssl_peer: first datagram");
        close(fd);
        return -1;
    }
    return fd;
}

static int exchange(WOLFSSL *ssl, const struct args *a)
{
    static char buf[16384];
    int ret = a->server ? wolfSSL_accept(ssl) : wolfSSL_connect(ssl);
    if (ret != WOLFSSL_SUCCESS) {
        return fail_ssl(ssl, "handshake", ret);
    }
    fprintf(stderr, "wolfssl_peer: handshake done: %s\n", wolfSSL_get_cipher_name(ssl));
    if (!a->server) {
        const char *text = a->send != NULL ? a->send : "hello from wolfssl_peer\n";
        ret = wolfSSL_write(ssl, text, (int)strlen(text));
        if (ret <= 0) {
            return fail_ssl(ssl, "write", ret);
        }
        ret = wolfSSL_read(ssl, buf, sizeof buf);
        if (ret <= 0) {
            return fail_ssl(ssl, "read", ret);
        }
        fwrite(buf, 1, (size_t)ret, stdout);
        fflush(stdout);
        (void)wolfSSL_shutdown(ssl);
        return 0;
    }
    ret = wolfSSL_read(ssl, buf, sizeof buf);
    if (ret <= 0) {
        return fail_ssl(ssl, "read", ret);
    }
    fwrite(buf, 1, (size_t)ret, stdout);
    fflush(stdout);
    int n = ret;
    ret = wolfSSL_write(ssl, buf, n);
    if (ret <= 0) {
        return fail_ssl(ssl, "write", ret);
    }
    /* The client ends the session with close_notify, which a read reports as ZERO_RETURN. */
    ret = wolfSSL_read(ssl, buf, sizeof buf);
    if (ret > 0 || wolfSSL_get_error(ssl, ret) != WOLFSSL_ERROR_ZERO_RETURN) {
        return fail_ssl(ssl, "waiting for close_notify", ret);
    }
    (void)wolfSSL_shutdown(ssl);
    fprintf(stderr, "wolfssl_peer: close_notify received\n");
    return 0;
}

int main(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc != 0) {
        return rc;
    }
    wolfSSL_Init();
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(a.server ? wolfDTLSv1_2_server_method()
                                                : wolfDTLSv1_2_client_method());
    if (ctx == NULL) {
        fprintf(stderr, "wolfssl_peer: no DTLS 1.2 in this wolfSSL build\n");
        return 1;
    }
    rc = configure(ctx, &a);
    WOLFSSL *ssl = NULL;
    int fd = -1;
    if (rc == 0) {
        ssl = wolfSSL_new(ctx);
        struct sockaddr_storage peer;
        socklen_t peer_len = 0;
        fd = ssl != NULL ? open_socket(&a, &peer, &peer_len) : -1;
        if (fd < 0) {
            rc = 1;
        } else if (wolfSSL_dtls_set_peer(ssl, &peer, peer_len) != WOLFSSL_SUCCESS ||
                   wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS) {
            rc = fail_ssl(ssl, "set_fd", 0);
        } else if (a.servername != NULL &&
                   (wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, a.servername,
                                   (unsigned short)strlen(a.servername)) != WOLFSSL_SUCCESS ||
                    wolfSSL_check_domain_name(ssl, a.servername) != WOLFSSL_SUCCESS)) {
            rc = fail_ssl(ssl, "servername", 0);
        } else {
            rc = exchange(ssl, &a);
        }
    }
    if (ssl != NULL) {
        wolfSSL_free(ssl);
    }
    if (fd >= 0) {
        close(fd);
    }
    wolfSSL_CTX_free(ctx);
    wolfSSL_Cleanup();
    return rc;
}
