/* SPDX-License-Identifier: MIT */
/* udp_test.c: NX_IP and NetX UDP sockets over the host's sockets (docs/netx-api.md 5.3): every service's
 * success path and documented failure codes, round trips over 127.0.0.1 and ::1, chained datagrams,
 * queue_maximum drops, receive timeouts, pool exhaustion on receive, notify callbacks and concurrent use.
 * Only loopback; ports are ephemeral (NX_ANY_PORT) or taken from them. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "netx_peek.h"
#include "nx_api.h"
#include "test.h"

static CHAR name[] = "udp_test";
static uint64_t pool_memory[16384];
static uint64_t small_memory[1024];
static NX_PACKET_POOL pool;
static NX_PACKET_POOL small_pool;
static NX_IP ip;

static NXD_ADDRESS v4(ULONG a)
{
    NXD_ADDRESS x;
    memset(&x, 0, sizeof x);
    x.nxd_ip_version = NX_IP_VERSION_V4;
    x.nxd_ip_address.v4 = a;
    return x;
}

static NXD_ADDRESS v6_loopback(void)
{
    NXD_ADDRESS x;
    memset(&x, 0, sizeof x);
    x.nxd_ip_version = NX_IP_VERSION_V6;
    x.nxd_ip_address.v6[3] = 1;
    return x;
}

/* send_text sends a short datagram from s to addr:port. */
static UINT send_text(NX_UDP_SOCKET *s, NXD_ADDRESS *addr, UINT port, const char *text)
{
    NX_PACKET *p = NULL;
    UINT st = nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT);
    if (st != NX_SUCCESS) {
        return st;
    }
    st = nx_packet_data_append(p, (VOID *)(uintptr_t)text, (ULONG)strlen(text), &pool, NX_NO_WAIT);
    if (st == NX_SUCCESS) {
        st = nxd_udp_socket_send(s, p, addr, port);
    }
    if (st != NX_SUCCESS) {
        (void)nx_packet_release(p);
    }
    return st;
}

/* expect_text receives one datagram and checks its payload. */
static void expect_text(NX_UDP_SOCKET *s, const char *text, ULONG wait)
{
    NX_PACKET *p = NULL;
    EXPECT_OK(nx_udp_socket_receive(s, &p, wait));
    if (p == NULL) {
        return;
    }
    char buf[256];
    ULONG n = 0;
    EXPECT_OK(nx_packet_data_retrieve(p, buf, &n));
    EXPECT(n == strlen(text));
    EXPECT_MEM(buf, text, strlen(text));
    EXPECT_OK(nx_packet_release(p));
}

static void wait_dropped(NX_IP *i, ULONG count)
{
    for (int k = 0; k < 500 && netx_peek_ip_dropped(i) < count; k++) {
        (void)tx_thread_sleep(1);
    }
}

static void test_ip(void)
{
    static NX_IP other;
    static NX_PACKET_POOL never;
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1536, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_packet_pool_create(&small_pool, name, 256, small_memory, sizeof small_memory));
    EXPECT_CODE(nx_ip_create(NULL, name, 0, 0, &pool, NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_ip_create(&other, name, 0, 0, NULL, NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_ip_create(&other, name, 0, 0, &never, NULL, NULL, 0, 1), NX_PTR_ERROR);
    EXPECT_CODE(nx_ip_delete(&other), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_enable(&other), NX_PTR_ERROR);

    EXPECT_OK(nx_ip_create(&ip, name, 0, 0xFFFFFF00, &pool, NULL, NULL, 0, 1));
    EXPECT(ip.nx_ip_default_packet_pool == &pool);
    EXPECT_CODE(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1), NX_PTR_ERROR);
    ULONG status = 0;
    EXPECT_CODE(nx_ip_status_check(&ip, NX_IP_INITIALIZE_DONE, NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_ip_status_check(&other, NX_IP_INITIALIZE_DONE, &status, NX_NO_WAIT),
                NX_PTR_ERROR);
    EXPECT_OK(nx_ip_status_check(&ip, NX_IP_INITIALIZE_DONE, &status, NX_NO_WAIT));
    EXPECT((status & NX_IP_INITIALIZE_DONE) != 0);

    /* Sockets need UDP enabled first. */
    NX_UDP_SOCKET s;
    memset(&s, 0, sizeof s);
    EXPECT_CODE(
        nx_udp_socket_create(&ip, &s, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4),
        NX_NOT_ENABLED);
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_CODE(nx_udp_enable(&ip), NX_ALREADY_ENABLED);

    EXPECT_OK(nx_arp_enable(&ip, NULL, 0));
    EXPECT_OK(nx_icmp_enable(&ip));
    EXPECT_OK(nx_ip_fragment_enable(&ip));
    EXPECT_OK(nxd_ipv6_enable(&ip));
    EXPECT_OK(nxd_icmp_enable(&ip));
    EXPECT_CODE(nx_icmp_enable(NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_arp_enable(&other, NULL, 0), NX_PTR_ERROR);
}

static void test_socket_codes(void)
{
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    NX_UDP_SOCKET never;
    memset(&never, 0, sizeof never);
    NX_PACKET *p = NULL;
    UINT port = 0;

    EXPECT_CODE(
        nx_udp_socket_create(NULL, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4),
        NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_create(&ip, NULL, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                     NX_IP_TIME_TO_LIVE, 4),
                NX_PTR_ERROR);
    EXPECT_OK(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4));
    EXPECT(a.nx_udp_socket_ip_ptr == &ip);
    EXPECT_CODE(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4),
        NX_PTR_ERROR);
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4));

    /* Unbound state. */
    EXPECT_CODE(nx_udp_socket_unbind(&a), NX_NOT_BOUND);
    EXPECT_CODE(nx_udp_socket_port_get(&a, &port), NX_NOT_BOUND);
    EXPECT_CODE(nx_udp_socket_receive(&a, &p, NX_NO_WAIT), NX_NOT_BOUND);
    NXD_ADDRESS lo = v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_CODE(send_text(&a, &lo, 9, "x"), NX_NOT_BOUND);

    /* Pointer errors on every service. */
    EXPECT_CODE(nx_udp_socket_bind(NULL, 0, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_bind(&never, 0, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_unbind(&never), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_delete(&never), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_delete(NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_port_get(&a, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_port_get(&never, &port), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_receive(&a, NULL, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_receive(&never, &p, NX_NO_WAIT), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_receive_notify(&never, NULL), NX_PTR_ERROR);
    EXPECT_CODE(nx_udp_socket_send(&never, NULL, 1, 1), NX_PTR_ERROR);
    EXPECT_CODE(nxd_udp_socket_send(&a, NULL, &lo, 1), NX_PTR_ERROR);
    ULONG src4 = 0;
    NXD_ADDRESS src;
    EXPECT_CODE(nx_udp_source_extract(NULL, &src4, &port), NX_PTR_ERROR);
    EXPECT_CODE(nxd_udp_source_extract(NULL, &src, &port), NX_PTR_ERROR);

    /* Bind. */
    EXPECT_CODE(nx_udp_socket_bind(&a, 0x10000, NX_NO_WAIT), NX_INVALID_PORT);
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_port_get(&a, &port));
    EXPECT(port != 0 && port <= NX_MAX_PORT);
    EXPECT(a.nx_udp_socket_port == port);
    EXPECT_CODE(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT), NX_ALREADY_BOUND);
    EXPECT_CODE(nx_udp_socket_bind(&b, port, NX_NO_WAIT), NX_PORT_UNAVAILABLE);
    ULONG t0 = tx_time_get();
    EXPECT_CODE(nx_udp_socket_bind(&b, port, 3), NX_PORT_UNAVAILABLE);
    EXPECT(tx_time_get() - t0 >= 3);
    EXPECT_CODE(nx_udp_socket_delete(&a), NX_STILL_BOUND);

    /* Send argument checks on a bound socket. */
    NX_PACKET *q = NULL;
    EXPECT_OK(nx_packet_allocate(&pool, &q, NX_UDP_PACKET, NX_NO_WAIT));
    EXPECT_OK(nx_packet_data_append(q, name, 3, &pool, NX_NO_WAIT));
    EXPECT_CODE(nx_udp_socket_send(&a, q, 0, 9), NX_IP_ADDRESS_ERROR);
    EXPECT_CODE(nx_udp_socket_send(&a, q, IP_ADDRESS(127, 0, 0, 1), 0x10000), NX_INVALID_PORT);
    NXD_ADDRESS bad = lo;
    bad.nxd_ip_version = 5;
    EXPECT_CODE(nxd_udp_socket_send(&a, q, &bad, 9), NX_IP_ADDRESS_ERROR);
    NXD_ADDRESS zero6 = v6_loopback();
    zero6.nxd_ip_address.v6[3] = 0;
    EXPECT_CODE(nxd_udp_socket_send(&a, q, &zero6, 9), NX_IP_ADDRESS_ERROR);
    /* A packet that was not received has no source. */
    EXPECT_CODE(nx_udp_source_extract(q, &src4, &port), NX_INVALID_PACKET);
    EXPECT_CODE(nxd_udp_source_extract(q, &src, &port), NX_INVALID_PACKET);
    EXPECT_OK(nx_packet_release(q));

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_CODE(nx_udp_socket_unbind(&a), NX_NOT_BOUND);
    EXPECT_OK(nx_udp_socket_bind(&b, port, NX_NO_WAIT)); /* free again */
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT_CODE(nx_ip_delete(&ip), NX_SOCKETS_BOUND);
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_CODE(nx_udp_socket_delete(&a), NX_PTR_ERROR);
    EXPECT_OK(nx_udp_socket_delete(&b));
}

struct binder {
    NX_UDP_SOCKET *socket;
    UINT port;
    UINT status;
};

static void *bind_waiting(void *arg)
{
    struct binder *b = arg;
    b->status = nx_udp_socket_bind(b->socket, b->port, NX_WAIT_FOREVER);
    return NULL;
}

static void test_bind_waits(void)
{
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    EXPECT_OK(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4));
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 4));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    struct binder w = {&b, a.nx_udp_socket_port, 0xFFFF};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, bind_waiting, &w) == 0);
    (void)tx_thread_sleep(3); /* let it find the port taken; the result does not depend on this */
    EXPECT_OK(nx_udp_socket_unbind(&a));
    pthread_join(th, NULL);
    EXPECT_OK(w.status);
    EXPECT(b.nx_udp_socket_port == w.port);
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
}

static unsigned notified;
static void count_notify(NX_UDP_SOCKET *s)
{
    (void)s;
    __atomic_add_fetch(&notified, 1, __ATOMIC_SEQ_CST);
}

static void round_trip(NXD_ADDRESS *to)
{
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    EXPECT_OK(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_bind(&b, NX_ANY_PORT, NX_NO_WAIT));
    notified = 0;
    EXPECT_OK(nx_udp_socket_receive_notify(&b, count_notify));

    EXPECT_OK(send_text(&a, to, b.nx_udp_socket_port, "hello"));
    NX_PACKET *p = NULL;
    EXPECT_OK(nx_udp_socket_receive(&b, &p, 5 * NX_IP_PERIODIC_RATE));
    if (p != NULL) {
        EXPECT(p->nx_packet_length == 5);
        EXPECT_MEM(p->nx_packet_prepend_ptr, "hello", 5);
        NXD_ADDRESS src;
        UINT sport = 0;
        EXPECT_OK(nxd_udp_source_extract(p, &src, &sport));
        EXPECT(src.nxd_ip_version == to->nxd_ip_version);
        EXPECT_MEM(&src.nxd_ip_address, &to->nxd_ip_address, sizeof src.nxd_ip_address.v6);
        EXPECT(sport == a.nx_udp_socket_port);
        ULONG src4 = 0;
        if (to->nxd_ip_version == NX_IP_VERSION_V4) {
            EXPECT_OK(nx_udp_source_extract(p, &src4, &sport));
            EXPECT(src4 == to->nxd_ip_address.v4);
        } else {
            EXPECT_CODE(nx_udp_source_extract(p, &src4, &sport), NX_INVALID_PACKET);
        }
        /* Echo the received packet itself, as NetX echo servers do. */
        EXPECT_OK(nxd_udp_socket_send(&b, p, &src, sport));
    }
    expect_text(&a, "hello", 5 * NX_IP_PERIODIC_RATE);
    EXPECT(__atomic_load_n(&notified, __ATOMIC_SEQ_CST) == 1);

    /* A datagram larger than one packet arrives as a chain. */
    static uint8_t big[3000];
    for (size_t i = 0; i < sizeof big; i++) {
        big[i] = (uint8_t)(i * 13);
    }
    NX_PACKET *q = NULL;
    EXPECT_OK(nx_packet_allocate(&pool, &q, NX_UDP_PACKET, NX_NO_WAIT));
    EXPECT_OK(nx_packet_data_append(q, big, sizeof big, &pool, NX_NO_WAIT));
    EXPECT(q->nx_packet_next != NULL);
    EXPECT_OK(nxd_udp_socket_send(&a, q, to, b.nx_udp_socket_port));
    EXPECT_OK(nx_udp_socket_receive(&b, &p, 5 * NX_IP_PERIODIC_RATE));
    if (p != NULL) {
        static uint8_t back[3000];
        ULONG n = 0;
        EXPECT(p->nx_packet_length == sizeof big);
        EXPECT(p->nx_packet_next != NULL);
        EXPECT_OK(nx_packet_data_retrieve(p, back, &n));
        EXPECT(n == sizeof big);
        EXPECT_MEM(back, big, sizeof big);
        EXPECT_OK(nx_packet_release(p));
    }

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
}

static void test_queue_and_timeouts(void)
{
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    NXD_ADDRESS lo = v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 3));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_bind(&b, NX_ANY_PORT, NX_NO_WAIT));

    /* Receive timeouts, in ticks. */
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_udp_socket_receive(&b, &p, NX_NO_WAIT), NX_NO_PACKET);
    ULONG t0 = tx_time_get();
    EXPECT_CODE(nx_udp_socket_receive(&b, &p, 5), NX_NO_PACKET);
    EXPECT(tx_time_get() - t0 >= 5);
    EXPECT(p == NULL);

    /* queue_maximum 3: of five datagrams the first three are kept, the extra two dropped. */
    ULONG dropped = netx_peek_ip_dropped(&ip);
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "one"));
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "two"));
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "three"));
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "four"));
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "five"));
    wait_dropped(&ip, dropped + 2);
    EXPECT(netx_peek_ip_dropped(&ip) == dropped + 2);
    EXPECT(netx_peek_socket_queued(&b) == 3);
    expect_text(&b, "one", NX_NO_WAIT);
    expect_text(&b, "two", NX_NO_WAIT);
    expect_text(&b, "three", NX_NO_WAIT);
    EXPECT_CODE(nx_udp_socket_receive(&b, &p, NX_NO_WAIT), NX_NO_PACKET);

    /* Unbind releases what is queued back to the pool. */
    ULONG avail = netx_peek_pool_available(&pool);
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "left"));
    for (int k = 0; k < 500 && netx_peek_socket_queued(&b) == 0; k++) {
        (void)tx_thread_sleep(1);
    }
    EXPECT(netx_peek_pool_available(&pool) == avail - 1);
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT(netx_peek_pool_available(&pool) == avail);

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
}

struct receiver {
    NX_UDP_SOCKET *socket;
    UINT status;
    NX_PACKET *packet;
};

static void *receive_forever(void *arg)
{
    struct receiver *r = arg;
    r->status = nx_udp_socket_receive(r->socket, &r->packet, NX_WAIT_FOREVER);
    return NULL;
}

static void test_blocking_receive(void)
{
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    NXD_ADDRESS lo = v6_loopback();
    EXPECT_OK(
        nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_bind(&b, NX_ANY_PORT, NX_NO_WAIT));

    /* A datagram wakes a receiver waiting forever. */
    struct receiver r = {&b, 0xFFFF, NULL};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, receive_forever, &r) == 0);
    while (netx_peek_socket_waiters(&b) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(send_text(&a, &lo, b.nx_udp_socket_port, "wake"));
    pthread_join(th, NULL);
    EXPECT_OK(r.status);
    if (r.packet != NULL) {
        EXPECT_OK(nx_packet_release(r.packet));
    }

    /* Unbind wakes a receiver waiting forever with NX_NOT_BOUND. */
    r.status = 0xFFFF;
    r.packet = NULL;
    EXPECT(pthread_create(&th, NULL, receive_forever, &r) == 0);
    while (netx_peek_socket_waiters(&b) == 0) {
        (void)tx_thread_sleep(1);
    }
    EXPECT_OK(nx_udp_socket_unbind(&b));
    pthread_join(th, NULL);
    EXPECT_CODE(r.status, NX_NOT_BOUND);
    EXPECT(r.packet == NULL);

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
}

static void test_bound_address_and_pool_exhaustion(void)
{
    /* An IP with the host's 127.0.0.1 binds IPv4 sockets there: IPv6 destinations are refused. */
    static NX_IP ip4;
    NX_UDP_SOCKET a;
    NX_UDP_SOCKET b;
    EXPECT_OK(nx_ip_create(&ip4, name, IP_ADDRESS(127, 0, 0, 1), 0xFF000000, &small_pool, NULL,
                           NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip4));
    EXPECT_OK(nx_udp_socket_create(&ip4, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    NXD_ADDRESS six = v6_loopback();
    EXPECT_CODE(send_text(&a, &six, 9, "x"), NX_IP_ADDRESS_ERROR);

    /* Datagrams arriving while the IP's pool is empty are dropped, not queued. */
    EXPECT_OK(
        nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(nx_udp_socket_bind(&b, NX_ANY_PORT, NX_NO_WAIT));
    NX_PACKET *held[64];
    ULONG total = small_pool.nx_packet_pool_total;
    EXPECT(total <= 64);
    for (ULONG i = 0; i < total; i++) {
        EXPECT_OK(nx_packet_allocate(&small_pool, &held[i], 0, NX_NO_WAIT));
    }
    NXD_ADDRESS lo = v4(IP_ADDRESS(127, 0, 0, 1));
    ULONG dropped = netx_peek_ip_dropped(&ip4);
    EXPECT_OK(send_text(&b, &lo, a.nx_udp_socket_port, "lost"));
    wait_dropped(&ip4, dropped + 1);
    EXPECT(netx_peek_ip_dropped(&ip4) == dropped + 1);
    NX_PACKET *p = NULL;
    EXPECT_CODE(nx_udp_socket_receive(&a, &p, NX_NO_WAIT), NX_NO_PACKET);
    for (ULONG i = 0; i < total; i++) {
        EXPECT_OK(nx_packet_release(held[i]));
    }
    EXPECT_OK(send_text(&b, &lo, a.nx_udp_socket_port, "kept"));
    expect_text(&a, "kept", 5 * NX_IP_PERIODIC_RATE);

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
    EXPECT_OK(nx_ip_delete(&ip4));

    /* A board address the host does not have still works: the socket serves every address. */
    EXPECT_OK(
        nx_ip_create(&ip4, name, IP_ADDRESS(192, 0, 2, 77), 0xFFFFFF00, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip4));
    EXPECT_OK(nx_udp_socket_create(&ip4, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 8));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(send_text(&a, &lo, a.nx_udp_socket_port, "self"));
    expect_text(&a, "self", 5 * NX_IP_PERIODIC_RATE);
    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_ip_delete(&ip4));
    EXPECT_CODE(nx_ip_delete(&ip4), NX_PTR_ERROR);
}

#define PAIRS  4
#define ROUNDS 200

struct pair {
    NX_UDP_SOCKET s;
    UINT peer_port;
    unsigned received;
    unsigned send_failed; /* checked by the main thread: the test kit's counters are not shared */
};

static struct pair pairs[PAIRS * 2];

static void *ping(void *arg)
{
    struct pair *me = arg;
    NXD_ADDRESS lo = v4(IP_ADDRESS(127, 0, 0, 1));
    for (int i = 0; i < ROUNDS; i++) {
        if (send_text(&me->s, &lo, me->peer_port, "ping") != NX_SUCCESS) {
            me->send_failed++;
        }
        NX_PACKET *p = NULL;
        if (nx_udp_socket_receive(&me->s, &p, 5 * NX_IP_PERIODIC_RATE) == NX_SUCCESS) {
            me->received++;
            (void)nx_packet_release(p);
        }
    }
    return NULL;
}

static void test_concurrency(void)
{
    ULONG avail = pool.nx_packet_pool_available;
    for (int i = 0; i < PAIRS * 2; i++) {
        memset(&pairs[i], 0, sizeof pairs[i]);
        EXPECT_OK(nx_udp_socket_create(&ip, &pairs[i].s, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                       NX_IP_TIME_TO_LIVE, 2 * ROUNDS));
        EXPECT_OK(nx_udp_socket_bind(&pairs[i].s, NX_ANY_PORT, NX_NO_WAIT));
    }
    for (int i = 0; i < PAIRS * 2; i++) {
        pairs[i].peer_port = pairs[i ^ 1].s.nx_udp_socket_port;
    }
    pthread_t th[PAIRS * 2];
    for (int i = 0; i < PAIRS * 2; i++) {
        EXPECT(pthread_create(&th[i], NULL, ping, &pairs[i]) == 0);
    }
    for (int i = 0; i < PAIRS * 2; i++) {
        pthread_join(th[i], NULL);
    }
    for (int i = 0; i < PAIRS * 2; i++) {
        /* Loopback does not lose datagrams at this rate; each side got every ping of its peer. */
        EXPECT(pairs[i].received == ROUNDS);
        EXPECT(pairs[i].send_failed == 0);
        EXPECT_OK(nx_udp_socket_unbind(&pairs[i].s));
        EXPECT_OK(nx_udp_socket_delete(&pairs[i].s));
    }
    EXPECT(pool.nx_packet_pool_available == avail);
}

int main(void)
{
    nx_system_initialize();
    test_ip();
    test_socket_codes();
    test_bind_waits();
    NXD_ADDRESS lo4 = v4(IP_ADDRESS(127, 0, 0, 1));
    NXD_ADDRESS lo6 = v6_loopback();
    round_trip(&lo4);
    round_trip(&lo6);
    test_queue_and_timeouts();
    test_blocking_receive();
    test_bound_address_and_pool_exhaustion();
    test_concurrency();
    EXPECT_OK(nx_ip_delete(&ip));
    EXPECT(pool.nx_packet_pool_available == pool.nx_packet_pool_total);
    return test_finish("netx/udp");
}
