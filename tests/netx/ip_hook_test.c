/* SPDX-License-Identifier: MIT */
/* ip_hook_test.c: NX_IP as NetX Duo drivers and tests use it. nx_ip_interface[] carries each interface's
 * address, mask, network and link state; nx_ip_create sends the driver NX_LINK_INITIALIZE then
 * NX_LINK_ENABLE and nx_ip_delete NX_LINK_UNINITIALIZE, and a link the driver reports down shows in
 * nx_ip_status_check. Every received datagram goes through nx_ip_udp_packet_receive with its UDP header at
 * nx_packet_prepend_ptr (RFC 768 fields, network order); a test's hook drops, duplicates (nx_packet_copy),
 * reorders and corrupts datagrams and passes the rest to the saved _nx_udp_packet_receive, from the I/O
 * thread or from its own thread; and a DTLS handshake and echo complete through a hook that drops,
 * duplicates and reorders. Loopback only, ephemeral ports. */
#include <pthread.h>
#include <string.h>

#include "netx_harness.h"
#include "netx_peek.h"
#include "nx_api.h"
#include "nx_udp.h"
#include "test.h"

static CHAR name[] = "ip_hook_test";
static uint64_t pool_memory[32768];
static NX_PACKET_POOL pool;
static NX_IP ip;

/* The driver records the commands it gets; it can report the link down. */
static UINT driver_commands[8];
static UINT driver_count;
static UINT driver_link_down;
static NX_IP *driver_ip;
static NX_INTERFACE *driver_interface;

static VOID test_driver(NX_IP_DRIVER *request)
{
    if (driver_count < 8) {
        driver_commands[driver_count] = request->nx_ip_driver_command;
    }
    driver_count++;
    driver_ip = request->nx_ip_driver_ptr;
    driver_interface = request->nx_ip_driver_interface;
    if (request->nx_ip_driver_command == NX_LINK_ENABLE && driver_link_down) {
        request->nx_ip_driver_interface->nx_interface_link_up = NX_FALSE;
    }
    request->nx_ip_driver_status = NX_SUCCESS;
}

static void test_interfaces(void)
{
    static NX_IP other;
    EXPECT_OK(nx_ip_create(&other, name, IP_ADDRESS(192, 168, 7, 9), 0xFFFFFF00UL, &pool,
                           test_driver, NX_NULL, 0, 1));
    EXPECT(driver_count == 2 && driver_commands[0] == NX_LINK_INITIALIZE &&
           driver_commands[1] == NX_LINK_ENABLE);
    EXPECT(driver_ip == &other && driver_interface == &other.nx_ip_interface[0]);
    NX_INTERFACE *i0 = &other.nx_ip_interface[0];
    EXPECT(i0->nx_interface_valid && i0->nx_interface_link_up &&
           i0->nx_interface_ip_address == IP_ADDRESS(192, 168, 7, 9) &&
           i0->nx_interface_ip_network_mask == 0xFFFFFF00UL &&
           i0->nx_interface_ip_network == IP_ADDRESS(192, 168, 7, 0) &&
           i0->nx_interface_ip_instance == &other &&
           i0->nx_interface_link_driver_entry == test_driver && i0->nx_interface_ip_mtu_size > 0);
    EXPECT(other.nx_ip_address == IP_ADDRESS(192, 168, 7, 9)); /* NetX's shorthand */
    NX_INTERFACE *lo = &other.nx_ip_interface[NX_LOOPBACK_INTERFACE];
    EXPECT(lo->nx_interface_valid && lo->nx_interface_ip_address == IP_ADDRESS(127, 0, 0, 1));
    ULONG address = 0, mask = 0, status = 0;
    EXPECT_OK(nx_ip_address_get(&other, &address, &mask));
    EXPECT(address == IP_ADDRESS(192, 168, 7, 9) && mask == 0xFFFFFF00UL);
    EXPECT_OK(nx_ip_address_set(&other, IP_ADDRESS(10, 0, 0, 2), 0xFF000000UL));
    EXPECT_OK(nx_ip_interface_address_get(&other, 0, &address, &mask));
    EXPECT(address == IP_ADDRESS(10, 0, 0, 2) && other.nx_ip_network == IP_ADDRESS(10, 0, 0, 0));
    EXPECT_CODE(nx_ip_interface_address_get(&other, NX_MAX_IP_INTERFACES, &address, &mask),
                NX_INVALID_INTERFACE);
    EXPECT_CODE(nx_ip_address_get(&other, NX_NULL, &mask), NX_PTR_ERROR);
    EXPECT_OK(nx_ip_status_check(&other, NX_IP_LINK_ENABLED, &status, NX_NO_WAIT));
    EXPECT((status & NX_IP_LINK_ENABLED) != 0);
    EXPECT_OK(nx_ip_delete(&other));
    EXPECT(driver_count == 3 && driver_commands[2] == NX_LINK_UNINITIALIZE);

    /* A driver that brings the link up as down. */
    driver_count = 0;
    driver_link_down = 1;
    EXPECT_OK(nx_ip_create(&other, name, IP_ADDRESS(10, 1, 1, 1), 0xFFFFFF00UL, &pool, test_driver,
                           NX_NULL, 0, 1));
    EXPECT(!other.nx_ip_interface[0].nx_interface_link_up);
    EXPECT_CODE(nx_ip_status_check(&other, NX_IP_LINK_ENABLED, &status, NX_NO_WAIT),
                NX_NOT_SUCCESSFUL);
    EXPECT_OK(nx_ip_status_check(&other, NX_IP_INITIALIZE_DONE, &status, NX_NO_WAIT));
    EXPECT_OK(nx_ip_delete(&other));
    driver_link_down = 0;
}

/* The chaos hook: what it does to the n-th datagram it sees. */
enum hook_action { PASS, DROP, DUPLICATE, HOLD, CORRUPT, CHECK };

struct hook_state {
    pthread_mutex_t lock;
    VOID (*saved)(NX_IP *, NX_PACKET *);
    enum hook_action plan[16]; /* beyond: PASS */
    unsigned seen;
    NX_PACKET *held;
    /* CHECK: what the header said */
    ULONG src_port, dst_port, udp_length, total_length, ip_version;
};
static struct hook_state hook = {.lock = PTHREAD_MUTEX_INITIALIZER};

static VOID chaos_hook(NX_IP *ip_ptr, NX_PACKET *p)
{
    pthread_mutex_lock(&hook.lock);
    unsigned n = __atomic_fetch_add(&hook.seen, 1, __ATOMIC_ACQ_REL);
    enum hook_action a = n < 16 ? hook.plan[n] : PASS;
    NX_PACKET *release_held = NULL;
    if (a != HOLD && hook.held != NULL) {
        release_held = hook.held; /* reorder: the held one goes after this one */
        hook.held = NULL;
    }
    if (a == CHECK) {
        ULONG w[2];
        memcpy(w, p->nx_packet_prepend_ptr, sizeof w);
        NX_CHANGE_ULONG_ENDIAN(w[0]);
        NX_CHANGE_ULONG_ENDIAN(w[1]);
        hook.src_port = w[0] >> 16;
        hook.dst_port = w[0] & 0xFFFF;
        hook.udp_length = w[1] >> 16;
        hook.total_length = p->nx_packet_length;
        hook.ip_version = p->nx_packet_ip_version;
    }
    if (a == HOLD) {
        hook.held = p;
    }
    pthread_mutex_unlock(&hook.lock);
    switch (a) {
    case DROP:
        (void)nx_packet_release(p);
        break;
    case DUPLICATE: {
        NX_PACKET *copy = NULL;
        if (nx_packet_copy(p, &copy, ip_ptr->nx_ip_default_packet_pool, NX_NO_WAIT) ==
            NX_SUCCESS) {
            hook.saved(ip_ptr, copy);
        }
        hook.saved(ip_ptr, p);
        break;
    }
    case CORRUPT:
        p->nx_packet_append_ptr[-1] ^= 0x20; /* the payload's last byte */
        hook.saved(ip_ptr, p);
        break;
    case HOLD:
        break;
    default:
        hook.saved(ip_ptr, p);
        break;
    }
    if (release_held != NULL) {
        hook.saved(ip_ptr, release_held);
    }
}

static void hook_install(const enum hook_action *plan, size_t n)
{
    pthread_mutex_lock(&hook.lock);
    memset(hook.plan, 0, sizeof hook.plan);
    memcpy(hook.plan, plan, n * sizeof plan[0]);
    __atomic_store_n(&hook.seen, 0, __ATOMIC_RELEASE);
    if (ip.nx_ip_udp_packet_receive != chaos_hook) {
        hook.saved = ip.nx_ip_udp_packet_receive; /* the original, kept across plans */
    }
    pthread_mutex_unlock(&hook.lock);
    __atomic_store_n(&ip.nx_ip_udp_packet_receive, chaos_hook, __ATOMIC_RELEASE);
}

static void hook_remove(void)
{
    __atomic_store_n(&ip.nx_ip_udp_packet_receive, hook.saved, __ATOMIC_RELEASE);
}

static UINT send_text(NX_UDP_SOCKET *s, UINT port, const char *text)
{
    NX_PACKET *p = NULL;
    UINT st = nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT);
    if (st == NX_SUCCESS) {
        st = nx_packet_data_append(p, (VOID *)(uintptr_t)text, (ULONG)strlen(text), &pool,
                                   NX_NO_WAIT);
    }
    if (st == NX_SUCCESS) {
        st = nx_udp_socket_send(s, p, IP_ADDRESS(127, 0, 0, 1), port);
    }
    if (st != NX_SUCCESS && p != NULL) {
        (void)nx_packet_release(p);
    }
    return st;
}

/* next_text receives one datagram into buf (NUL-terminated); "" on timeout. */
static void next_text(NX_UDP_SOCKET *s, char *buf, size_t cap, ULONG wait)
{
    buf[0] = 0;
    NX_PACKET *p = NULL;
    if (nx_udp_socket_receive(s, &p, wait) != NX_SUCCESS) {
        return;
    }
    ULONG n = 0;
    if (p->nx_packet_length < cap) {
        (void)nx_packet_data_retrieve(p, buf, &n);
        buf[n] = 0;
    }
    (void)nx_packet_release(p);
}

/* inject_thread hands a datagram to _nx_udp_packet_receive from a thread that is not the I/O thread. */
static void *inject_thread(void *arg)
{
    NX_PACKET *p = arg;
    _nx_udp_packet_receive(&ip, p);
    return NULL;
}

static void test_udp_hook(void)
{
    static NX_UDP_SOCKET a, b;
    EXPECT(ip.nx_ip_udp_packet_receive == _nx_udp_packet_receive); /* set by nx_udp_enable */
    EXPECT_OK(nx_udp_socket_create(&ip, &a, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, 0x80, 16));
    EXPECT_OK(nx_udp_socket_create(&ip, &b, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY, 0x80, 16));
    EXPECT_OK(nx_udp_socket_bind(&a, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_bind(&b, NX_ANY_PORT, NX_NO_WAIT));
    EXPECT_OK(nx_udp_socket_checksum_disable(&a));
    EXPECT_OK(nx_udp_socket_checksum_enable(&a));
    UINT pa = 0, pb = 0;
    EXPECT_OK(nx_udp_socket_port_get(&a, &pa));
    EXPECT_OK(nx_udp_socket_port_get(&b, &pb));
    char buf[64];

    /* The header the hook sees; then drop, duplicate, hold (reorder), corrupt. */
    static const enum hook_action plan[] = {CHECK, DROP, DUPLICATE, HOLD, PASS, CORRUPT};
    hook_install(plan, sizeof plan / sizeof plan[0]);
    const char *texts[] = {"zero", "one", "two", "three", "four", "five"};
    for (int i = 0; i < 6; i++) {
        EXPECT_OK(send_text(&a, pb, texts[i]));
        /* One at a time, so the hook sees them in this order. */
        HARNESS_WAIT_UNTIL(__atomic_load_n(&hook.seen, __ATOMIC_ACQUIRE) == (unsigned)i + 1);
    }
    const char *want[] = {"zero", "two", "two", "four", "three", "fivE"};
    for (int i = 0; i < 6; i++) {
        next_text(&b, buf, sizeof buf, 5 * NX_IP_PERIODIC_RATE);
        EXPECT(strcmp(buf, want[i]) == 0);
    }
    next_text(&b, buf, sizeof buf, NX_NO_WAIT);
    EXPECT(buf[0] == 0); /* "one" was dropped */
    EXPECT(hook.src_port == pa && hook.dst_port == pb && hook.udp_length == 8 + 4 &&
           hook.total_length == 8 + 4 && hook.ip_version == NX_IP_VERSION_V4);

    /* Held by the hook and handed back from another thread: the I/O thread delivers it. */
    static const enum hook_action hold[] = {HOLD};
    hook_install(hold, 1);
    EXPECT_OK(send_text(&a, pb, "late"));
    HARNESS_WAIT_UNTIL(__atomic_load_n(&hook.seen, __ATOMIC_ACQUIRE) == 1);
    pthread_mutex_lock(&hook.lock);
    NX_PACKET *held = hook.held;
    hook.held = NULL;
    pthread_mutex_unlock(&hook.lock);
    hook_remove();
    EXPECT(held != NULL);
    /* A source extract works on it as on any received datagram, after delivery. */
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, inject_thread, held) == 0);
    pthread_join(th, NULL);
    next_text(&b, buf, sizeof buf, 5 * NX_IP_PERIODIC_RATE);
    EXPECT(strcmp(buf, "late") == 0);

    /* Datagrams a hook mangles past use: no socket on the port, a header longer than the data. */
    NX_PACKET *p = NULL;
    EXPECT_OK(nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT));
    ULONG hdr[2] = {(ULONG)(1000u << 16 | 9u), (ULONG)((8u + 3u) << 16)}; /* port 9: nobody */
    NX_CHANGE_ULONG_ENDIAN(hdr[0]);
    NX_CHANGE_ULONG_ENDIAN(hdr[1]);
    EXPECT_OK(nx_packet_data_append(p, hdr, sizeof hdr, &pool, NX_NO_WAIT));
    EXPECT_OK(nx_packet_data_append(p, (VOID *)(uintptr_t) "abc", 3, &pool, NX_NO_WAIT));
    ULONG free_before = netx_peek_pool_available(&pool);
    _nx_udp_packet_receive(&ip, p);
    EXPECT_OK(nx_packet_allocate(&pool, &p, NX_UDP_PACKET, NX_NO_WAIT));
    hdr[0] = (ULONG)(1000u << 16 | pb);
    hdr[1] = (ULONG)(200u << 16);
    NX_CHANGE_ULONG_ENDIAN(hdr[0]);
    NX_CHANGE_ULONG_ENDIAN(hdr[1]);
    EXPECT_OK(nx_packet_data_append(p, hdr, sizeof hdr, &pool, NX_NO_WAIT));
    _nx_udp_packet_receive(&ip, p);
    HARNESS_WAIT_UNTIL(netx_peek_pool_available(&pool) == free_before + 1);
    next_text(&b, buf, sizeof buf, NX_NO_WAIT);
    EXPECT(buf[0] == 0);

    EXPECT_OK(nx_udp_socket_unbind(&a));
    EXPECT_OK(nx_udp_socket_unbind(&b));
    EXPECT_OK(nx_udp_socket_delete(&a));
    EXPECT_OK(nx_udp_socket_delete(&b));
}

/* A DTLS PSK handshake and echo through a hook that drops, duplicates and reorders (RFC 6347 4.2.4
 * retransmissions and 4.1.2.6 replay protection absorb them). */
static void test_dtls_through_hook(void)
{
    static struct harness_server hs;
    static struct harness_client c;
    EXPECT_OK(harness_server_open(&hs, &ip, 2, NX_ANY_PORT));
    UINT port = 0;
    EXPECT_OK(nx_udp_socket_port_get(&hs.server.nx_dtls_server_udp_socket, &port));
    EXPECT_OK(harness_client_open(&c, &ip, harness_key, sizeof harness_key));
    static const enum hook_action plan[] = {DROP, PASS, DUPLICATE, HOLD, PASS, DROP,
                                            DUPLICATE, HOLD, PASS, PASS, DUPLICATE};
    hook_install(plan, sizeof plan / sizeof plan[0]);
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    EXPECT_OK(nx_secure_dtls_client_session_start(&c.session, &c.socket, &lo, port,
                                                  20 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(harness_send(&c.session, &pool, "through", 7, &lo, port));
    EXPECT_OK(harness_receive(&c.session, "through", 7, 20 * NX_IP_PERIODIC_RATE));
    EXPECT_OK(nx_secure_dtls_session_end(&c.session, 5 * NX_IP_PERIODIC_RATE));
    EXPECT(__atomic_load_n(&hook.seen, __ATOMIC_ACQUIRE) >= 6);
    hook_remove();
    pthread_mutex_lock(&hook.lock);
    if (hook.held != NULL) {
        (void)nx_packet_release(hook.held);
        hook.held = NULL;
    }
    pthread_mutex_unlock(&hook.lock);
    harness_client_close(&c);
    harness_server_close(&hs);
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    test_interfaces();
    EXPECT_OK(nx_ip_create(&ip, name, IP_ADDRESS(127, 0, 0, 1), 0xFF000000UL, &pool, NX_NULL,
                           NX_NULL, 0, 1));
    EXPECT(ip.nx_ip_udp_packet_receive == NX_NULL); /* until nx_udp_enable */
    EXPECT_OK(nx_udp_enable(&ip));
    test_udp_hook();
    test_dtls_through_hook();
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/ip_hook");
}
