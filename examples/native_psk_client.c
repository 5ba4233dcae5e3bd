/* SPDX-License-Identifier: MIT */
/* native_psk_client: a DTLS 1.2 PSK client on the native engine (nxdtls.h) and plain POSIX sockets, the
 * smallest complete program of the sans-I/O API:
 *
 *     native_psk_client [-v] HOST PORT IDENTITY HEXKEY [MESSAGE]
 *
 * It connects, sends MESSAGE (default "hello") as one record, prints the first record that comes back, sends
 * close_notify and exits 0; on failure it prints the status name and exits 1. With -v the engine's log
 * callback traces every handshake message. Try it against `nxdtls server --psk IDENTITY:HEXKEY --echo`.
 *
 * The loop is the whole contract of the engine: feed it every datagram (nxdtls_conn_input), send every
 * datagram it queues (nxdtls_conn_output), call nxdtls_conn_timeout at nxdtls_conn_next_timeout, and read
 * nxdtls_conn_events once after each of these calls. All memory is ours: the connection by value, the
 * metadata and reassembly buffers, one datagram buffer of NXDTLS_MAX_DATAGRAM bytes. */
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nxdtls.h"

#define METADATA_SIZE   8192
#define REASSEMBLY_SIZE 4096
#define GIVE_UP_MS      10000u

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static ULONG unix_time(VOID)
{
    return (ULONG)time(NULL);
}

static void trace(void *ctx, const nxdtls_conn *conn, const nxdtls_log_entry *entry)
{
    (void)ctx;
    (void)conn;
    fprintf(stderr, "native_psk_client: %s\n", entry->text);
}

/* connect_udp returns a UDP socket connected to host:port, or -1. */
static int connect_udp(const char *host, const char *port)
{
    struct addrinfo hints;
    struct addrinfo *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(host, port, &hints, &found) != 0) {
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = found; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    return fd;
}

/* parse_psk fills entry with the identity and the hex key; returns 0 or -1. */
static int parse_psk(const char *identity, const char *hex, NX_SECURE_TLS_PSK_STORE *entry)
{
    size_t id_len = strlen(identity);
    size_t hex_len = strlen(hex);
    memset(entry, 0, sizeof *entry);
    if (id_len == 0 || id_len > sizeof entry->nx_secure_tls_psk_id || hex_len == 0 ||
        hex_len % 2 != 0 || hex_len / 2 > sizeof entry->nx_secure_tls_psk_data) {
        return -1;
    }
    for (size_t k = 0; k < hex_len / 2; k++) {
        unsigned byte;
        if (sscanf(hex + 2 * k, "%2x", &byte) != 1) {
            return -1;
        }
        entry->nx_secure_tls_psk_data[k] = (UCHAR)byte;
    }
    memcpy(entry->nx_secure_tls_psk_id, identity, id_len);
    entry->nx_secure_tls_psk_id_size = (UINT)id_len;
    entry->nx_secure_tls_psk_data_size = (UINT)(hex_len / 2);
    return 0;
}

/* flush sends every datagram the connection has queued. */
static UINT flush(nxdtls_conn *conn, int fd, uint8_t *buf)
{
    for (;;) {
        size_t len = 0;
        UINT status = nxdtls_conn_output(conn, now_ms(), buf, NXDTLS_MAX_DATAGRAM, &len);
        if (status != NX_SUCCESS || len == 0) {
            return status;
        }
        if (send(fd, buf, len, 0) < 0) {
            return NX_NOT_CONNECTED;
        }
    }
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    argv += verbose;
    argc -= verbose;
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: native_psk_client [-v] HOST PORT IDENTITY HEXKEY [MESSAGE]\n");
        return 2;
    }
    const char *message = argc == 6 ? argv[5] : "hello";
    static NX_SECURE_TLS_PSK_STORE psk;
    if (parse_psk(argv[3], argv[4], &psk) != 0) {
        fprintf(stderr, "native_psk_client: bad identity or hex key\n");
        return 2;
    }
    int fd = connect_udp(argv[1], argv[2]);
    if (fd < 0) {
        fprintf(stderr, "native_psk_client: cannot reach %s port %s\n", argv[1], argv[2]);
        return 1;
    }

    /* The configuration: the default table (declared by nxdtls.h), our one PSK, the clock for the hello. */
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.role = NXDTLS_ROLE_CLIENT;
    cfg.crypto = &nx_crypto_tls_ciphers;
    cfg.psks = &psk;
    cfg.psk_count = 1;
    cfg.time_function = unix_time;
    if (verbose) {
        cfg.log = trace;
        cfg.log_level = NXDTLS_LOG_MESSAGES;
    }

    static nxdtls_conn conn;
    static _Alignas(16) uint8_t metadata[METADATA_SIZE];
    static uint8_t reassembly[REASSEMBLY_SIZE];
    static uint8_t datagram[NXDTLS_MAX_DATAGRAM];
    if (nxdtls_metadata_size(cfg.crypto) > sizeof metadata) {
        fprintf(stderr, "native_psk_client: METADATA_SIZE is too small for this table\n");
        close(fd);
        return 1;
    }
    UINT status =
        nxdtls_conn_init(&conn, &cfg, metadata, sizeof metadata, reassembly, sizeof reassembly);
    if (status == NX_SUCCESS) {
        status = nxdtls_conn_connect(&conn, now_ms());
    }
    int sent_message = 0;
    int got_reply = 0;
    uint64_t give_up = now_ms() + GIVE_UP_MS;
    while (status == NX_SUCCESS && !got_reply) {
        status = flush(&conn, fd, datagram);
        if (status != NX_SUCCESS) {
            break;
        }
        unsigned events = nxdtls_conn_events(&conn); /* read once: reading clears them */
        if ((events & NXDTLS_EVENT_FAILED) != 0) {
            status = nxdtls_conn_error(&conn);
            break;
        }
        if ((events & NXDTLS_EVENT_HANDSHAKE_DONE) != 0 && !sent_message) {
            const NX_SECURE_TLS_CIPHERSUITE_INFO *suite = nxdtls_conn_ciphersuite(&conn);
            fprintf(stderr, "native_psk_client: connected, %s\n",
                    nxdtls_ciphersuite_name((uint16_t)suite->nx_secure_tls_ciphersuite));
            size_t len = 0;
            status = nxdtls_conn_write(&conn, (const uint8_t *)message, strlen(message), datagram,
                                       sizeof datagram, &len);
            if (status == NX_SUCCESS && send(fd, datagram, len, 0) < 0) {
                status = NX_NOT_CONNECTED;
            }
            sent_message = 1;
            continue;
        }
        uint64_t now = now_ms();
        if (now >= give_up) {
            status = NX_NO_PACKET;
            break;
        }
        uint64_t deadline = nxdtls_conn_next_timeout(&conn);
        uint64_t until = deadline < give_up ? deadline : give_up;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int wait_ms = until > now ? (int)(until - now) : 0;
        int ready = poll(&pfd, 1, wait_ms);
        if (ready > 0) {
            ssize_t n = recv(fd, datagram, sizeof datagram, 0);
            if (n < 0) {
                status = NX_NOT_CONNECTED; /* ICMP port unreachable on a connected socket */
                break;
            }
            uint8_t *cursor = datagram;
            size_t remaining = (size_t)n;
            while (status == NX_SUCCESS && remaining > 0) {
                uint8_t *app = NULL;
                size_t app_len = 0;
                status = nxdtls_conn_input(&conn, now_ms(), &cursor, &remaining, &app, &app_len);
                if (status == NX_SUCCESS && app_len > 0) {
                    printf("%.*s\n", (int)app_len, (const char *)app);
                    got_reply = 1;
                }
            }
        } else if (nxdtls_conn_next_timeout(&conn) <= now_ms()) {
            status = nxdtls_conn_timeout(&conn, now_ms());
        }
    }
    if (status == NX_SUCCESS) {
        /* RFC 5246 7.2.1: say goodbye; the engine queues close_notify for the next output. */
        status = nxdtls_conn_close(&conn);
        if (status == NX_SUCCESS) {
            status = flush(&conn, fd, datagram);
        }
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "native_psk_client: %s (0x%X): %s\n", nxdtls_status_name(status),
                (unsigned)status, nxdtls_status_description(status));
    }
    nxdtls_conn_free(&conn);
    close(fd);
    return status == NX_SUCCESS ? 0 : 1;
}
