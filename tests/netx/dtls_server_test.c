/* SPDX-License-Identifier: MIT */
/* dtls_server_test.c: the DTLS server under load, through the NetX facade over loopback.
 *   - 64 slots, 64 concurrent client threads handshake and exchange data; a 65th client is refused
 *     (error_notify(NULL, NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS), the client sees the internal_error
 *     alert) while the 64 others go on unaffected;
 *   - 1,000 connect/echo/close cycles leave the packet pools' available counts and the slot counts
 *     where they started;
 *   - ClientHellos from many source ports, without a cookie or with a forged one, take no slot and
 *     call no connect_notify (decision D3), each getting a HelloVerifyRequest. */
#include "netx_harness.h"

#define CLIENTS      64
#define POOL_PACKETS 1024

static uint64_t server_pool_memory[POOL_PACKETS * 1700 / 8];
static uint64_t client_pool_memory[POOL_PACKETS * 1700 / 8];
static NX_PACKET_POOL server_pool;
static NX_PACKET_POOL client_pool;
static NX_IP server_ip;
static NX_IP client_ip;
static CHAR name[] = "dtls_server_test";
static struct harness_server hs;
static struct harness_client clients[CLIENTS + 1];
static UINT server_port;

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int phase; /* 0: handshake, 1: all connected, 2: after the refusal */
static int connected;

struct client_job {
    struct harness_client *c;
    int index;
    UINT result;
    unsigned echoes;
};

static void wait_phase(int p)
{
    pthread_mutex_lock(&gate_lock);
    while (phase < p) {
        pthread_cond_wait(&gate_cond, &gate_lock);
    }
    pthread_mutex_unlock(&gate_lock);
}

static void set_phase(int p)
{
    pthread_mutex_lock(&gate_lock);
    phase = p;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
}

static unsigned echo_round(struct client_job *j, NXD_ADDRESS *to, int round)
{
    char msg[48];
    int n = snprintf(msg, sizeof msg, "client %d round %d", j->index, round);
    if (harness_send(&j->c->session, &client_pool, msg, (ULONG)n, to, server_port) != NX_SUCCESS) {
        return 0;
    }
    return harness_receive(&j->c->session, msg, (ULONG)n, 10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS
               ? 1u
               : 0u;
}

static void *client_thread(void *arg)
{
    struct client_job *j = arg;
    NXD_ADDRESS to =
        j->index % 2 == 0 ? harness_v4(IP_ADDRESS(127, 0, 0, 1)) : harness_v6_loopback();
    j->result = nx_secure_dtls_client_session_start(&j->c->session, &j->c->socket, &to, server_port,
                                                    30 * NX_IP_PERIODIC_RATE);
    if (j->result == NX_SUCCESS) {
        for (int r = 0; r < 3; r++) {
            j->echoes += echo_round(j, &to, r);
        }
    }
    pthread_mutex_lock(&gate_lock);
    connected++;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    wait_phase(2);
    if (j->result == NX_SUCCESS) {
        for (int r = 3; r < 6; r++) {
            j->echoes += echo_round(j, &to, r);
        }
        if (nx_secure_dtls_session_end(&j->c->session, 10 * NX_IP_PERIODIC_RATE) != NX_SUCCESS) {
            j->result = NX_NOT_SUCCESSFUL;
        }
    }
    return NULL;
}

static void test_64_clients(void)
{
    struct client_job jobs[CLIENTS];
    pthread_t th[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        EXPECT_OK(harness_client_open(&clients[i], &client_ip, harness_key, sizeof harness_key));
        jobs[i] = (struct client_job){&clients[i], i, 0xFFFF, 0};
    }
    for (int i = 0; i < CLIENTS; i++) {
        EXPECT(pthread_create(&th[i], NULL, client_thread, &jobs[i]) == 0);
    }
    pthread_mutex_lock(&gate_lock);
    while (connected < CLIENTS) {
        pthread_cond_wait(&gate_cond, &gate_lock);
    }
    pthread_mutex_unlock(&gate_lock);
    set_phase(1);
    unsigned ok = 0;
    for (int i = 0; i < CLIENTS; i++) {
        ok += jobs[i].result == NX_SUCCESS && jobs[i].echoes == 3 ? 1u : 0u;
    }
    EXPECT(ok == CLIENTS);
    EXPECT(harness_slots_in_use(&hs) == CLIENTS);
    EXPECT(harness_get(&hs, &hs.connects) == CLIENTS);

    /* The 65th: refused after its cookie exchange with the plaintext internal_error alert. */
    struct harness_client *extra = &clients[CLIENTS];
    EXPECT_OK(harness_client_open(extra, &client_ip, harness_key, sizeof harness_key));
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    unsigned refused = harness_get(&hs, &hs.errors_no_slot);
    EXPECT_CODE(nx_secure_dtls_client_session_start(&extra->session, &extra->socket, &lo,
                                                    server_port, 10 * NX_IP_PERIODIC_RATE),
                NX_SECURE_TLS_ALERT_RECEIVED);
    UINT level = 0;
    UINT value = 0;
    EXPECT_OK(nx_secure_tls_session_alert_value_get(&extra->session.nx_secure_dtls_tls_session,
                                                    &level, &value));
    EXPECT(level == 2 && value == 80); /* fatal internal_error (docs/netx-api.md 7.4 step 4) */
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.errors_no_slot) > refused);
    EXPECT(harness_get(&hs, &hs.errors_no_slot) == refused + 1);
    EXPECT(harness_get(&hs, &hs.connects) == CLIENTS);
    EXPECT(harness_slots_in_use(&hs) == CLIENTS);
    EXPECT_OK(nx_secure_dtls_session_reset(&extra->session));
    harness_client_close(extra);

    /* The others are unaffected: three more echoes each, then a clean close. */
    set_phase(2);
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(th[i], NULL);
    }
    ok = 0;
    for (int i = 0; i < CLIENTS; i++) {
        ok += jobs[i].result == NX_SUCCESS && jobs[i].echoes == 6 ? 1u : 0u;
        harness_client_close(&clients[i]);
    }
    EXPECT(ok == CLIENTS);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
    EXPECT(netx_peek_server_active(&hs.server) == 0);
}

static void test_cycles(int cycles)
{
    ULONG server_avail = netx_peek_pool_available(&server_pool);
    ULONG client_avail = netx_peek_pool_available(&client_pool);
    unsigned connects = harness_get(&hs, &hs.connects);
    struct harness_client *c = &clients[0];
    EXPECT_OK(harness_client_open(c, &client_ip, harness_key, sizeof harness_key));
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    int good = 0;
    for (int i = 0; i < cycles; i++) {
        if (nx_secure_dtls_client_session_start(&c->session, &c->socket, &lo, server_port,
                                                10 * NX_IP_PERIODIC_RATE) != NX_SUCCESS) {
            (void)nx_secure_dtls_session_reset(&c->session);
            continue;
        }
        if (harness_send(&c->session, &client_pool, "cycle", 5, &lo, server_port) == NX_SUCCESS &&
            harness_receive(&c->session, "cycle", 5, 10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS &&
            nx_secure_dtls_session_end(&c->session, 10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS) {
            good++;
        } else {
            (void)nx_secure_dtls_session_reset(&c->session);
        }
    }
    EXPECT(good == cycles);
    harness_client_close(c);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0 &&
                       netx_peek_pool_available(&server_pool) == server_avail &&
                       netx_peek_pool_available(&client_pool) == client_avail);
    EXPECT(harness_slots_in_use(&hs) == 0);
    EXPECT(netx_peek_server_active(&hs.server) == 0);
    EXPECT(harness_get(&hs, &hs.connects) == connects + (unsigned)cycles);
    EXPECT(netx_peek_pool_available(&server_pool) == server_avail);
    EXPECT(netx_peek_pool_available(&client_pool) == client_avail);
    EXPECT(server_pool.nx_packet_pool_invalid_releases == 0);
    EXPECT(client_pool.nx_packet_pool_invalid_releases == 0);
}

/* A DTLS 1.2 ClientHello record (RFC 6347 4.2.1) offering TLS_PSK_WITH_AES_128_CCM_8, with the given
 * cookie (may be empty). Built by hand: the point is bytes an attacker sends. */
static size_t spoofed_hello(uint8_t *out, const uint8_t *cookie, uint8_t cookie_len, uint8_t salt)
{
    uint8_t body[128];
    size_t n = 0;
    body[n++] = 0xFE;
    body[n++] = 0xFD;
    for (int i = 0; i < 32; i++) {
        body[n++] = (uint8_t)(salt + i);
    }
    body[n++] = 0; /* session_id */
    body[n++] = cookie_len;
    memcpy(body + n, cookie, cookie_len);
    n += cookie_len;
    body[n++] = 0;
    body[n++] = 2;
    body[n++] = 0xC0;
    body[n++] = 0xA8;
    body[n++] = 1; /* compression: null */
    body[n++] = 0;
    size_t m = 0;
    out[m++] = 22; /* handshake */
    out[m++] = 0xFE;
    out[m++] = 0xFD;
    memset(out + m, 0, 8); /* epoch 0, sequence 0 */
    m += 8;
    out[m++] = (uint8_t)((12 + n) >> 8);
    out[m++] = (uint8_t)(12 + n);
    out[m++] = 1; /* client_hello */
    out[m++] = 0;
    out[m++] = (uint8_t)(n >> 8);
    out[m++] = (uint8_t)n;
    out[m++] = 0; /* message_seq 0 */
    out[m++] = 0;
    memset(out + m, 0, 3); /* fragment_offset */
    m += 3;
    out[m++] = 0;
    out[m++] = (uint8_t)(n >> 8);
    out[m++] = (uint8_t)n;
    memcpy(out + m, body, n);
    return m + n;
}

#define SPOOF_PORTS 200

static void test_spoofed_hellos(void)
{
    static NX_UDP_SOCKET sockets[SPOOF_PORTS];
    unsigned connects = harness_get(&hs, &hs.connects);
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    uint8_t forged[32];
    memset(forged, 0xA5, sizeof forged);
    for (int i = 0; i < SPOOF_PORTS; i++) {
        EXPECT_OK(nx_udp_socket_create(&client_ip, &sockets[i], name, NX_IP_NORMAL,
                                       NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4));
        EXPECT_OK(nx_udp_socket_bind(&sockets[i], NX_ANY_PORT, NX_NO_WAIT));
        uint8_t dgram[256];
        size_t len =
            spoofed_hello(dgram, forged, i % 2 == 0 ? 0 : (uint8_t)sizeof forged, (uint8_t)i);
        NX_PACKET *p = NULL;
        EXPECT_OK(nx_packet_allocate(&client_pool, &p, NX_UDP_PACKET, NX_NO_WAIT));
        EXPECT_OK(nx_packet_data_append(p, dgram, (ULONG)len, &client_pool, NX_NO_WAIT));
        EXPECT_OK(nxd_udp_socket_send(&sockets[i], p, &lo, server_port));
    }
    /* Each gets a HelloVerifyRequest (handshake record, message type 3), and no slot. */
    unsigned verify_requests = 0;
    for (int i = 0; i < SPOOF_PORTS; i++) {
        NX_PACKET *p = NULL;
        if (nx_udp_socket_receive(&sockets[i], &p, 5 * NX_IP_PERIODIC_RATE) == NX_SUCCESS) {
            uint8_t head[14];
            ULONG got = 0;
            if (nx_packet_data_extract_offset(p, 0, head, sizeof head, &got) == NX_SUCCESS &&
                got == 14 && head[0] == 22 && head[13] == 3) {
                verify_requests++;
            }
            (void)nx_packet_release(p);
        }
        EXPECT_OK(nx_udp_socket_unbind(&sockets[i]));
        EXPECT_OK(nx_udp_socket_delete(&sockets[i]));
    }
    EXPECT(verify_requests == SPOOF_PORTS);
    EXPECT(harness_get(&hs, &hs.connects) == connects);
    EXPECT(harness_slots_in_use(&hs) == 0);
    EXPECT(netx_peek_server_active(&hs.server) == 0);
}

int main(int argc, char **argv)
{
    int cycles = argc > 1 ? atoi(argv[1]) : 1000;
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
    EXPECT_OK(harness_server_open(&hs, &server_ip, CLIENTS, NX_ANY_PORT));
    harness_set_start_wait(&hs,
                           NX_NO_WAIT); /* handshakes go on in the I/O thread (docs/netx-api.md 7.9) */
    server_port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;

    test_64_clients();
    test_spoofed_hellos();
    test_cycles(cycles);

    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&server_ip));
    EXPECT_OK(nx_ip_delete(&client_ip));
    return test_finish("netx/dtls_server");
}
