/* SPDX-License-Identifier: MIT */
/* dtls_cid_test.c: the nxdtls extensions nxdtls_dtls_server_connection_id_set and
 * nxdtls_dtls_session_connection_id_set (include/nxdtls_netx.h, RFC 9146) through the NetX facade over
 * loopback. A device (the native engine on plain sockets, so it can change its source port as a NAT would)
 * keeps its session with a NetX server across 20 port changes, each line echoed to its new port, and the
 * session's client_info follows it; a NetX client session negotiates CIDs with the NetX server; argument and
 * state checks. */
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netx_harness.h"
#include "nxdtls.h"
#include "nxdtls_netx.h"

#define POOL_PACKETS 256

static uint64_t server_pool_memory[POOL_PACKETS * 1700 / 8];
static uint64_t client_pool_memory[POOL_PACKETS * 1700 / 8];
static NX_PACKET_POOL server_pool;
static NX_PACKET_POOL client_pool;
static NX_IP server_ip;
static NX_IP client_ip;
static CHAR name[] = "dtls_cid_test";
static struct harness_server hs;
static UINT server_port;

struct device {
    nxdtls_config cfg;
    NX_SECURE_TLS_PSK_STORE psk;
    nxdtls_conn conn;
    _Alignas(16) uint8_t meta[16384];
    uint8_t reasm[4096];
    int fd;
    uint8_t got[256];
    size_t got_len;
};

static int udp_to_server(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)server_port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static uint16_t local_port(int fd)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    memset(&sin, 0, sizeof sin);
    (void)getsockname(fd, (struct sockaddr *)&sin, &len);
    return ntohs(sin.sin_port);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void flush(struct device *d)
{
    for (int i = 0; i < 16; i++) {
        uint8_t out[2048];
        size_t len = 0;
        if (nxdtls_conn_output(&d->conn, now_ms(), out, sizeof out, &len) != NX_SUCCESS ||
            len == 0) {
            return;
        }
        (void)send(d->fd, out, len, 0);
    }
}

/* pump waits up to 5 s for datagrams and feeds them until cond holds. */
static void pump(struct device *d, int (*cond)(struct device *))
{
    uint64_t end = now_ms() + 5000;
    while (!cond(d) && now_ms() < end) {
        struct pollfd p = {.fd = d->fd, .events = POLLIN};
        if (poll(&p, 1, 50) > 0) {
            uint8_t in[2048];
            ssize_t n = recv(d->fd, in, sizeof in, 0);
            uint8_t *cursor = in;
            size_t remaining = n > 0 ? (size_t)n : 0;
            while (remaining > 0) {
                uint8_t *app = NULL;
                size_t app_len = 0;
                if (nxdtls_conn_input(&d->conn, now_ms(), &cursor, &remaining, &app, &app_len) !=
                    NX_SUCCESS) {
                    return;
                }
                if (app_len != 0 && d->got_len + app_len <= sizeof d->got) {
                    memcpy(d->got + d->got_len, app, app_len);
                    d->got_len += app_len;
                }
            }
            flush(d);
        }
        if (now_ms() >= nxdtls_conn_next_timeout(&d->conn)) {
            (void)nxdtls_conn_timeout(&d->conn, now_ms());
            flush(d);
        }
    }
}

static int established(struct device *d)
{
    return nxdtls_conn_is_established(&d->conn);
}

static size_t want_len;
static int got_echo(struct device *d)
{
    return d->got_len >= want_len;
}

static void device_moves(void)
{
    static struct device d;
    memset(&d, 0, sizeof d);
    memcpy(d.psk.nx_secure_tls_psk_data, harness_key, sizeof harness_key);
    d.psk.nx_secure_tls_psk_data_size = sizeof harness_key;
    memcpy(d.psk.nx_secure_tls_psk_id, harness_id, strlen((const char *)harness_id));
    d.psk.nx_secure_tls_psk_id_size = (UINT)strlen((const char *)harness_id);
    d.cfg.role = NXDTLS_ROLE_CLIENT;
    d.cfg.crypto = &nx_crypto_tls_ciphers;
    d.cfg.psks = &d.psk;
    d.cfg.psk_count = 1;
    d.cfg.cid_empty = 1; /* a device asks for no CID of its own: the server's is what routes */
    d.fd = udp_to_server();
    EXPECT(d.fd >= 0);
    EXPECT_OK(nxdtls_conn_init(&d.conn, &d.cfg, d.meta, sizeof d.meta, d.reasm, sizeof d.reasm));
    EXPECT_OK(nxdtls_conn_connect(&d.conn, now_ms()));
    flush(&d);
    pump(&d, established);
    EXPECT(established(&d));
    const uint8_t *own, *peer;
    size_t own_len, peer_len;
    EXPECT_OK(nxdtls_conn_cid(&d.conn, &own, &own_len, &peer, &peer_len));
    EXPECT(own_len == 0 && peer_len == 8);

    unsigned echoed = 0, followed = 0;
    for (int i = 0; i < 21; i++) {
        if (i != 0) {
            close(d.fd); /* the NAT forgot the old binding */
            d.fd = udp_to_server();
        }
        char line[32];
        int n = snprintf(line, sizeof line, "reading %d", i);
        uint8_t out[256];
        size_t len = 0;
        d.got_len = 0;
        want_len = (size_t)n;
        EXPECT_OK(
            nxdtls_conn_write(&d.conn, (const uint8_t *)line, (size_t)n, out, sizeof out, &len));
        (void)send(d.fd, out, len, 0);
        pump(&d, got_echo);
        echoed += d.got_len == (size_t)n && memcmp(d.got, line, (size_t)n) == 0;
        /* The NetX session's client address is the device's new port. */
        for (UINT k = 0; k < hs.slots; k++) {
            NXD_ADDRESS ip;
            UINT port = 0, local = 0;
            if (hs.sessions[k].nx_secure_dtls_session_in_use &&
                nx_secure_dtls_session_client_info_get(&hs.sessions[k], &ip, &port, &local) ==
                    NX_SUCCESS &&
                port == local_port(d.fd)) {
                followed++;
            }
        }
    }
    EXPECT(echoed == 21);
    EXPECT(followed == 21);
    EXPECT(harness_get(&hs, &hs.starts_ok) == 1); /* one handshake for all of it */
    nxdtls_conn_free(&d.conn);
    close(d.fd);
}

/* A NetX client session negotiates CIDs with the NetX server through the facade. */
static void netx_client(void)
{
    static struct harness_client c;
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(harness_client_open(&c, &client_ip, harness_key, sizeof harness_key));
    EXPECT_CODE(nxdtls_dtls_session_connection_id_set(&c.session, 33), NX_INVALID_PARAMETERS);
    EXPECT_OK(nxdtls_dtls_session_connection_id_set(&c.session, 4));
    EXPECT_OK(nx_secure_dtls_client_session_start(&c.session, &c.socket, &lo, server_port,
                                                  10 * NX_IP_PERIODIC_RATE));
    EXPECT_CODE(nxdtls_dtls_session_connection_id_set(&c.session, 4), NX_SECURE_TLS_INVALID_STATE);
    const uint8_t *own, *peer;
    size_t own_len, peer_len;
    EXPECT_OK(nxdtls_conn_cid(c.session.nx_secure_dtls_conn, &own, &own_len, &peer, &peer_len));
    EXPECT(own_len == 4 && peer_len == 8);
    EXPECT_OK(harness_send(&c.session, &client_pool, "via netx", 8, &lo, server_port));
    EXPECT_OK(harness_receive(&c.session, "via netx", 8, 10 * NX_IP_PERIODIC_RATE));
    (void)nx_secure_dtls_session_end(&c.session, 10 * NX_IP_PERIODIC_RATE);
    harness_client_close(&c);
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&server_pool, name, 1600, server_pool_memory,
                                    sizeof server_pool_memory));
    EXPECT_OK(nx_packet_pool_create(&client_pool, name, 1600, client_pool_memory,
                                    sizeof client_pool_memory));
    EXPECT_OK(nx_ip_create(&server_ip, name, 0, 0, &server_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_ip_create(&client_ip, name, 0, 0, &client_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&server_ip));
    EXPECT_OK(nx_udp_enable(&client_ip));
    EXPECT_OK(
        harness_server_create(&hs, &server_ip, 4, NX_ANY_PORT, &nx_crypto_tls_ciphers, 2048, 1));
    EXPECT_CODE(nxdtls_dtls_server_connection_id_set(NULL, 8), NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_dtls_server_connection_id_set(&hs.server, 5), NX_INVALID_PARAMETERS);
    EXPECT_CODE(nxdtls_dtls_server_connection_id_set(&hs.server, 33), NX_INVALID_PARAMETERS);
    EXPECT_OK(nxdtls_dtls_server_connection_id_set(&hs.server, 8));
    EXPECT_OK(harness_server_run(&hs));
    EXPECT_CODE(nxdtls_dtls_server_connection_id_set(&hs.server, 8), NX_SECURE_TLS_INVALID_STATE);
    EXPECT_CODE(nxdtls_dtls_session_connection_id_set(&hs.sessions[0], 4), NX_INVALID_PARAMETERS);
    server_port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;

    device_moves();
    netx_client();

    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&server_ip));
    EXPECT_OK(nx_ip_delete(&client_ip));
    return test_finish("netx/dtls_cid");
}
