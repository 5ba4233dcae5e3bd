/* SPDX-License-Identifier: MIT */
/* hostile_peer: the attacks of docs/security.md against a running `nxdtls server` over loopback, for
 * hostile_server_test.sh and the figures of docs/security.md. A real DTLS client (the engine) on a UDP socket
 * plays the victim or the attacker; "spoofed" datagrams are sent from the victim's own socket, which is what a
 * spoofer's look like to the server. PSK identity "id", key 000102...0f.
 *
 *   hostile_peer amplify PORT N     a client gets as far as the server's flight to its cookie'd hello, then N
 *                                   forged fragments of that hello go out (header-only and whole-but-forged);
 *                                   prints the bytes the server sent back in the next 600 ms (before its own
 *                                   retransmission timer), and the bytes per spoofed datagram.
 *   hostile_peer fill PORT N HOSTS  N handshakes from 127.0.0.2 .. 127.0.0.(1+HOSTS), each stopping after its
 *                                   cookie'd hello (real addresses); prints "filled" and holds the sockets
 *                                   until stdin closes.
 *   hostile_peer replay PORT        a client completes a handshake (its cookie'd hello captured), restarts
 *                                   from the same address:port and completes again, echoes "one"; the first
 *                                   hello is replayed; the live session must still echo "two". Exit 0 if so.
 *   hostile_peer flood PORT N       N cookieless ClientHellos from 64 sockets on 127.0.0.2..9 (new source
 *                                   ports every 2048), paced by the server's answers; prints how many were
 *                                   sent and answered (HelloVerifyRequests).
 * Exit status: 0 success, 1 failure, 2 usage. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nx_crypto.h"
#include "nxdtls.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

#define DGRAM 2048

struct peer {
    int fd;
    struct sockaddr_in server;
    nxdtls_config cfg;
    NX_SECURE_TLS_PSK_STORE psk;
    nxdtls_conn conn;
    _Alignas(16) uint8_t meta[8192];
    uint8_t reasm[4096];
    uint8_t echo[256];
    size_t echo_len;
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int udp_socket(const char *ip)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = 0;
    if (fd < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("hostile_peer: socket");
        exit(1);
    }
    return fd;
}

static void peer_open(struct peer *p, int fd, unsigned port)
{
    memset(p, 0, sizeof *p);
    p->fd = fd;
    p->server.sin_family = AF_INET;
    p->server.sin_port = htons((uint16_t)port);
    p->server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    memcpy(p->psk.nx_secure_tls_psk_id, "id", 2);
    p->psk.nx_secure_tls_psk_id_size = 2;
    for (int i = 0; i < 16; i++) {
        p->psk.nx_secure_tls_psk_data[i] = (UCHAR)i;
    }
    p->psk.nx_secure_tls_psk_data_size = 16;
    p->cfg.role = NXDTLS_ROLE_CLIENT;
    p->cfg.crypto = &nx_crypto_tls_ciphers;
    p->cfg.psks = &p->psk;
    p->cfg.psk_count = 1;
    if (nxdtls_conn_init(&p->conn, &p->cfg, p->meta, sizeof p->meta, p->reasm, sizeof p->reasm) !=
            NX_SUCCESS ||
        nxdtls_conn_connect(&p->conn, now_ms()) != NX_SUCCESS) {
        fprintf(stderr, "hostile_peer: cannot start a client\n");
        exit(1);
    }
}

static void peer_close(struct peer *p)
{
    nxdtls_conn_free(&p->conn);
    close(p->fd);
    free(p);
}

static void send_raw(struct peer *p, const uint8_t *d, size_t n)
{
    (void)sendto(p->fd, d, n, 0, (struct sockaddr *)&p->server, sizeof p->server);
}

/* flush sends what the connection has queued; returns the last datagram sent in last (when not NULL). */
static void flush(struct peer *p, uint8_t *last, size_t *last_len)
{
    for (int guard = 0; guard < 64; guard++) {
        uint8_t d[DGRAM];
        size_t n = 0;
        if (nxdtls_conn_output(&p->conn, now_ms(), d, sizeof d, &n) != NX_SUCCESS || n == 0) {
            return;
        }
        send_raw(p, d, n);
        if (last != NULL) {
            memcpy(last, d, n);
            *last_len = n;
        }
    }
}

/* receive_one waits up to wait_ms for a datagram and feeds it; returns its length (0: none). */
static size_t receive_one(struct peer *p, int wait_ms)
{
    struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
    if (poll(&pfd, 1, wait_ms) <= 0) {
        return 0;
    }
    uint8_t d[DGRAM];
    ssize_t n = recv(p->fd, d, sizeof d, 0);
    if (n <= 0) {
        return 0;
    }
    uint8_t *cursor = d;
    size_t remaining = (size_t)n;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        if (nxdtls_conn_input(&p->conn, now_ms(), &cursor, &remaining, &app, &app_len) !=
            NX_SUCCESS) {
            break;
        }
        if (app_len != 0 && app_len <= sizeof p->echo) {
            memcpy(p->echo, app, app_len);
            p->echo_len = app_len;
        }
    }
    return (size_t)n;
}

/* run drives the connection until done(p) or the deadline; returns done(p). */
static int run(struct peer *p, int (*done)(struct peer *), uint64_t deadline)
{
    flush(p, NULL, NULL);
    while (!done(p) && now_ms() < deadline && nxdtls_conn_error(&p->conn) == NX_SUCCESS) {
        uint64_t t = nxdtls_conn_next_timeout(&p->conn);
        uint64_t now = now_ms();
        int wait = t <= now ? 0 : (int)(t - now > 50 ? 50 : t - now);
        (void)receive_one(p, wait);
        if (nxdtls_conn_next_timeout(&p->conn) <= now_ms()) {
            (void)nxdtls_conn_timeout(&p->conn, now_ms());
        }
        flush(p, NULL, NULL);
    }
    return done(p);
}

static int established(struct peer *p)
{
    return nxdtls_conn_is_established(&p->conn);
}

static int echoed(struct peer *p)
{
    return p->echo_len != 0;
}

static int echo(struct peer *p, const char *text)
{
    uint8_t d[DGRAM];
    size_t n = 0;
    p->echo_len = 0;
    if (nxdtls_conn_write(&p->conn, (const uint8_t *)text, strlen(text), d, sizeof d, &n) !=
        NX_SUCCESS) {
        return 0;
    }
    send_raw(p, d, n);
    return run(p, echoed, now_ms() + 2000) && p->echo_len == strlen(text) &&
           memcmp(p->echo, text, p->echo_len) == 0;
}

/* cookie_hello runs the cookie exchange: the HelloVerifyRequest arrives, the cookie'd hello goes out (kept in
 * hello). */
static int cookie_hello(struct peer *p, uint8_t *hello, size_t *hello_len)
{
    flush(p, NULL, NULL);
    uint64_t deadline = now_ms() + 3000;
    while (now_ms() < deadline) {
        if (receive_one(p, 100) != 0) {
            *hello_len = 0;
            flush(p, hello, hello_len);
            return *hello_len != 0;
        }
    }
    return 0;
}

static int amplify(unsigned port, unsigned n)
{
    struct peer *p = calloc(1, sizeof *p);
    peer_open(p, udp_socket("127.0.0.1"), port);
    uint8_t hello[DGRAM];
    size_t hello_len = 0;
    if (!cookie_hello(p, hello, &hello_len) || hello_len < 25) {
        fprintf(stderr, "hostile_peer: no cookie exchange\n");
        peer_close(p);
        return 1;
    }
    /* The server's flight to the cookie'd hello: take it all (100 ms of quiet ends it). */
    size_t flight = 0;
    for (size_t got; (got = receive_one(p, 100)) != 0;) {
        flight += got;
    }
    uint32_t msg_len = ((uint32_t)hello[14] << 16) | ((uint32_t)hello[15] << 8) | hello[16];
    uint16_t msg_seq = (uint16_t)((hello[17] << 8) | hello[18]);
    uint64_t start = now_ms();
    for (unsigned i = 0; i < n; i++) {
        uint8_t d[DGRAM];
        /* Record header: handshake, DTLS 1.2, epoch 0, a fresh sequence number. */
        uint8_t hdr[13] = {22, 0xFE, 0xFD, 0, 0, 0, 0, 0, (uint8_t)(i >> 8), (uint8_t)i, 0, 0, 12};
        memcpy(d, hdr, 13);
        /* Handshake header: ClientHello, its length and message_seq, fragment 0 of length 0. */
        uint8_t frag[12] = {1,        (uint8_t)(msg_len >> 16), (uint8_t)(msg_len >> 8),
                            (uint8_t)msg_len, (uint8_t)(msg_seq >> 8), (uint8_t)msg_seq,
                            0,        0,
                            0,        0,
                            0,        0};
        memcpy(d + 13, frag, 12);
        size_t len = 25;
        if (i % 2 == 1 && 25 + msg_len <= sizeof d) {
            /* Every other one: the whole message, forged bytes (a spoofer does not know the real ones). */
            d[12] = (uint8_t)(12 + msg_len);
            d[11] = (uint8_t)((12 + msg_len) >> 8);
            d[22] = (uint8_t)(msg_len >> 16);
            d[23] = (uint8_t)(msg_len >> 8);
            d[24] = (uint8_t)msg_len;
            for (uint32_t k = 0; k < msg_len; k++) {
                d[25 + k] = (uint8_t)(k * 29 + i);
            }
            len = 25 + msg_len;
        }
        send_raw(p, d, len);
    }
    size_t back = 0;
    unsigned datagrams = 0;
    while (now_ms() < start + 600) {
        struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
        if (poll(&pfd, 1, 20) > 0) {
            uint8_t d[DGRAM];
            ssize_t got = recv(p->fd, d, sizeof d, 0);
            if (got > 0) {
                back += (size_t)got;
                datagrams++;
            }
        }
    }
    printf("flight %zu bytes; %u spoofed datagrams -> %u datagrams, %zu bytes back (%.3f bytes per "
           "spoofed datagram)\n",
           flight, n, datagrams, back, n != 0 ? (double)back / n : 0.0);
    peer_close(p);
    return 0;
}

static int fill(unsigned port, unsigned n, unsigned hosts)
{
    struct peer *peers = calloc(n, sizeof *peers);
    unsigned ok = 0;
    for (unsigned i = 0; i < n; i++) {
        char ip[32];
        snprintf(ip, sizeof ip, "127.0.0.%u", 2 + i % hosts);
        peer_open(&peers[i], udp_socket(ip), port);
        uint8_t hello[DGRAM];
        size_t hello_len = 0;
        ok += (unsigned)cookie_hello(&peers[i], hello, &hello_len);
    }
    printf("filled %u of %u\n", ok, n);
    fflush(stdout);
    char buf[64];
    while (read(STDIN_FILENO, buf, sizeof buf) > 0) {
    }
    for (unsigned i = 0; i < n; i++) {
        nxdtls_conn_free(&peers[i].conn);
        close(peers[i].fd);
    }
    free(peers);
    return ok == n ? 0 : 1;
}

static int replay(unsigned port)
{
    struct peer *p = calloc(1, sizeof *p);
    int fd = udp_socket("127.0.0.1");
    peer_open(p, fd, port);
    uint8_t captured[DGRAM];
    size_t captured_len = 0;
    if (!cookie_hello(p, captured, &captured_len) || !run(p, established, now_ms() + 3000)) {
        fprintf(stderr, "hostile_peer: first handshake failed\n");
        peer_close(p);
        return 1;
    }
    /* The client restarts from the same address:port. */
    nxdtls_conn_free(&p->conn);
    peer_open(p, fd, port);
    if (!run(p, established, now_ms() + 3000) || !echo(p, "one")) {
        fprintf(stderr, "hostile_peer: second handshake or its echo failed\n");
        peer_close(p);
        return 1;
    }
    /* The captured hello of the first association, replayed. */
    send_raw(p, captured, captured_len);
    (void)receive_one(p, 300); /* whatever comes back goes to the live connection, which ignores it */
    int live = echo(p, "two");
    printf("replayed hello: live session %s\n", live ? "still echoes" : "lost its address");
    peer_close(p);
    return live ? 0 : 1;
}

static int flood(unsigned port, unsigned n)
{
    /* A minimal DTLS 1.0-framed ClientHello (RFC 6347 4.2.1), no cookie, one PSK suite. */
    uint8_t d[128];
    size_t len = 0;
    const uint8_t rec[13] = {22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(d, rec, 13);
    len = 13 + 12;
    d[len++] = 0xFE;
    d[len++] = 0xFD;
    for (int i = 0; i < 32; i++) {
        d[len++] = (uint8_t)i;
    }
    d[len++] = 0; /* session_id */
    d[len++] = 0; /* cookie */
    d[len++] = 0;
    d[len++] = 2;
    d[len++] = 0xC0;
    d[len++] = 0xA8;
    d[len++] = 1;
    d[len++] = 0;
    size_t body = len - 25;
    d[11] = (uint8_t)((12 + body) >> 8);
    d[12] = (uint8_t)(12 + body);
    const uint8_t hs[12] = {1, 0, 0, (uint8_t)body, 0, 0, 0, 0, 0, 0, 0, (uint8_t)body};
    memcpy(d + 13, hs, 12);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned sent = 0;
    unsigned long answers = 0;
    int fds[64];
    for (unsigned k = 0; k < 64; k++) {
        char ip[32];
        snprintf(ip, sizeof ip, "127.0.0.%u", 2 + k % 8);
        fds[k] = udp_socket(ip);
    }
    for (unsigned i = 0; i < n; i++) {
        if (i % 2048 == 0 && i != 0) {
            /* New source ports now and then: close and reopen the sockets. */
            for (unsigned k = 0; k < 64; k++) {
                close(fds[k]);
                char ip[32];
                snprintf(ip, sizeof ip, "127.0.0.%u", 2 + k % 8);
                fds[k] = udp_socket(ip);
            }
        }
        d[27] = (uint8_t)i; /* a different random each time */
        d[28] = (uint8_t)(i >> 8);
        d[29] = (uint8_t)(i >> 16);
        while (sendto(fds[i % 64], d, len, 0, (struct sockaddr *)&to, sizeof to) < 0 &&
               (errno == ENOBUFS || errno == EAGAIN)) {
        }
        sent++;
        /* Paced by the answers (each socket sent one hello of this batch): every hello reaches the server
         * instead of overflowing the socket buffers. */
        if (i % 64 == 63) {
            for (unsigned k = 0; k < 64; k++) {
                struct pollfd pfd = {.fd = fds[k], .events = POLLIN};
                uint8_t r[256];
                if (poll(&pfd, 1, 50) > 0 && recv(fds[k], r, sizeof r, MSG_DONTWAIT) > 0) {
                    answers++;
                }
            }
        }
    }
    for (unsigned k = 0; k < 64; k++) {
        close(fds[k]);
    }
    printf("flooded %u cookieless ClientHellos, %lu HelloVerifyRequests came back\n", sent, answers);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "amplify") == 0) {
        return amplify((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
    }
    if (argc >= 5 && strcmp(argv[1], "fill") == 0) {
        return fill((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]), (unsigned)atoi(argv[4]));
    }
    if (argc >= 3 && strcmp(argv[1], "replay") == 0) {
        return replay((unsigned)atoi(argv[2]));
    }
    if (argc >= 4 && strcmp(argv[1], "flood") == 0) {
        return flood((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
    }
    fprintf(stderr, "usage: hostile_peer amplify PORT N | fill PORT N HOSTS | replay PORT | flood "
                    "PORT N\n");
    return 2;
}
