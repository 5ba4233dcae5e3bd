/* SPDX-License-Identifier: MIT */
/* netx_ip.c: NX_IP instances, nx_udp_enable, the no-op enables and the I/O thread (see netx_ip.h).
 * Linux: the poll set is an epoll instance and the wake-up an eventfd. */
#include "netx_ip.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "netx_packet.h"
#include "netx_registry.h"
#include "netx_udp.h"
#include "nx_udp.h"
#include "nxdtls.h"
#include "threadx/tx_clock.h"

#define NETX_IP_EVENTS 32

static struct netx_registry nx_ip_created = NETX_REGISTRY_INIT(NX_IP, nx_ip_created_next);

/* The NX_IP whose I/O thread this is, or NULL on every other thread. */
static _Thread_local NX_IP *netx_ip_current;

bool netx_ip_valid(NX_IP *ip)
{
    return ip != NULL && ip->nx_ip_id == NX_IP_ID && netx_registry_contains(&nx_ip_created, ip);
}

bool netx_ip_on_io_thread(void)
{
    return netx_ip_current != NULL;
}

bool netx_ip_is_io_thread_of(const NX_IP *ip)
{
    return netx_ip_current == ip;
}

void netx_ip_inject(NX_IP *ip, NX_PACKET *packet)
{
    packet->nx_packet_queue_next = NULL;
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    if (ip->nx_ip_injected_tail != NULL) {
        ip->nx_ip_injected_tail->nx_packet_queue_next = packet;
    } else {
        ip->nx_ip_injected_head = packet;
    }
    ip->nx_ip_injected_tail = packet;
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    netx_ip_wake(ip);
}

/* netx_ip_take_injected takes the datagrams other threads handed to _nx_udp_packet_receive. */
static NX_PACKET *netx_ip_take_injected(NX_IP *ip)
{
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    NX_PACKET *head = ip->nx_ip_injected_head;
    ip->nx_ip_injected_head = NULL;
    ip->nx_ip_injected_tail = NULL;
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    return head;
}

static void netx_ip_release_chain(NX_PACKET *p)
{
    while (p != NULL) {
        NX_PACKET *next = p->nx_packet_queue_next;
        p->nx_packet_queue_next = NULL;
        (void)nx_packet_release(p);
        p = next;
    }
}

void netx_ip_wake(NX_IP *ip)
{
    uint64_t one = 1;
    /* A full counter (EAGAIN) already means "wake up". */
    ssize_t n = write(ip->nx_ip_wake_fd, &one, sizeof one);
    (void)n;
}

bool netx_ip_watch(NX_IP *ip, NX_UDP_SOCKET *socket_ptr)
{
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = socket_ptr;
    return epoll_ctl(ip->nx_ip_epoll_fd, EPOLL_CTL_ADD, socket_ptr->nx_udp_socket_fd, &ev) == 0;
}

void netx_ip_unwatch(NX_IP *ip, NX_UDP_SOCKET *socket_ptr)
{
    (void)epoll_ctl(ip->nx_ip_epoll_fd, EPOLL_CTL_DEL, socket_ptr->nx_udp_socket_fd, NULL);
    ip->nx_ip_generation++;
}

void netx_ip_quiesce(NX_IP *ip)
{
    if (netx_ip_current == ip) {
        return;
    }
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    ULONG64 seen = ip->nx_ip_iteration;
    netx_ip_wake(ip);
    while (ip->nx_ip_iteration == seen && ip->nx_ip_thread_running) {
        (void)pthread_cond_wait(&ip->nx_ip_cond, &ip->nx_ip_lock);
    }
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
}

/* netx_ip_run_timers runs the due timer callbacks of bound sockets; returns the earliest next deadline. */
static uint64_t netx_ip_run_timers(NX_IP *ip)
{
    uint64_t next = UINT64_MAX;
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    ULONG generation = ip->nx_ip_generation;
    NX_UDP_SOCKET *s = ip->nx_ip_udp_sockets;
    while (s != NULL) {
        ULONG64 (*timer)(NX_UDP_SOCKET *, ULONG64) = s->nx_udp_socket_timer_callback;
        bool bound = s->nx_udp_socket_bound != 0;
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        if (timer != NULL && bound) {
            uint64_t due = timer(s, txp_time_ms());
            next = due < next ? due : next;
        }
        (void)pthread_mutex_lock(&ip->nx_ip_lock);
        if (ip->nx_ip_generation != generation) {
            /* A callback unlinked a socket: start over on the next loop. */
            next = 0;
            break;
        }
        s = s->nx_udp_socket_next;
    }
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    return next;
}

static void *netx_ip_thread(void *arg)
{
    NX_IP *ip = arg;
    netx_ip_current = ip;
    struct epoll_event events[NETX_IP_EVENTS];
    uint64_t next_timer = 0;
    for (;;) {
        (void)pthread_mutex_lock(&ip->nx_ip_lock);
        bool stop = ip->nx_ip_stop != 0;
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        if (stop) {
            break;
        }
        int timeout_ms = -1;
        if (next_timer != UINT64_MAX) {
            uint64_t now = txp_time_ms();
            uint64_t wait = next_timer > now ? next_timer - now : 0;
            timeout_ms = wait > 1000u ? 1000 : (int)wait;
        }
        int n = epoll_wait(ip->nx_ip_epoll_fd, events, NETX_IP_EVENTS, timeout_ms);
        (void)pthread_mutex_lock(&ip->nx_ip_lock);
        ULONG generation = ip->nx_ip_generation;
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == NULL) {
                uint64_t count;
                ssize_t got = read(ip->nx_ip_wake_fd, &count, sizeof count);
                (void)got;
                continue;
            }
            (void)pthread_mutex_lock(&ip->nx_ip_lock);
            bool same = ip->nx_ip_generation == generation;
            (void)pthread_mutex_unlock(&ip->nx_ip_lock);
            if (!same) {
                /* epoll is level-triggered: whatever is left is reported again next loop. */
                break;
            }
            netx_udp_socket_readable(events[i].data.ptr);
        }
        for (NX_PACKET *p = netx_ip_take_injected(ip); p != NULL;) {
            NX_PACKET *next = p->nx_packet_queue_next;
            p->nx_packet_queue_next = NULL;
            netx_udp_deliver(ip, p);
            p = next;
        }
        next_timer = netx_ip_run_timers(ip);

        (void)pthread_mutex_lock(&ip->nx_ip_lock);
        ip->nx_ip_iteration++;
        (void)pthread_cond_broadcast(&ip->nx_ip_cond);
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    }
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    ip->nx_ip_thread_running = 0;
    (void)pthread_cond_broadcast(&ip->nx_ip_cond);
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    netx_ip_current = NULL;
    return NULL;
}

NXDTLS_API VOID nx_system_initialize(VOID)
{
    /* Nothing to set up: every object is initialized by its create service. Starting the clock here
     * makes tx_time_get count from system start, as on a board. */
    (void)txp_time_ms();
}

/* netx_ip_driver_request sends one command to an interface's link driver, as NetX's IP thread does. */
static void netx_ip_driver_request(NX_IP *ip, UINT index, UINT command)
{
    NX_INTERFACE *iface = &ip->nx_ip_interface[index];
    VOID (*driver)(NX_IP_DRIVER *) = iface->nx_interface_link_driver_entry;
    if (driver == NULL) {
        return;
    }
    NX_IP_DRIVER request;
    memset(&request, 0, sizeof request);
    request.nx_ip_driver_command = command;
    request.nx_ip_driver_status = NX_NOT_SUCCESSFUL;
    request.nx_ip_driver_ptr = ip;
    request.nx_ip_driver_interface = iface;
    driver(&request);
}

/* netx_ip_interfaces_set fills the primary and loopback interfaces (NetX Duo's defaults). */
static void netx_ip_interfaces_set(NX_IP *ip, CHAR *name, ULONG address, ULONG mask,
                                   VOID (*driver)(NX_IP_DRIVER *))
{
    NX_INTERFACE *primary = &ip->nx_ip_interface[0];
    primary->nx_interface_name = name;
    primary->nx_interface_valid = NX_TRUE;
    primary->nx_interface_link_up =
        NX_TRUE; /* the host's interfaces are up; a driver may say else */
    primary->nx_interface_ip_instance = ip;
    primary->nx_interface_ip_address = address;
    primary->nx_interface_ip_network_mask = mask;
    primary->nx_interface_ip_network = address & mask;
    primary->nx_interface_ip_mtu_size = 1500; /* Ethernet's, until a driver sets its own */
    primary->nx_interface_link_driver_entry = driver;
    static const CHAR loopback_name[] = "Internal IP Loopback";
    NX_INTERFACE *loopback = &ip->nx_ip_interface[NX_LOOPBACK_INTERFACE];
    loopback->nx_interface_name = loopback_name;
    loopback->nx_interface_valid = NX_TRUE;
    loopback->nx_interface_link_up = NX_TRUE;
    loopback->nx_interface_ip_instance = ip;
    loopback->nx_interface_ip_address = IP_ADDRESS(127, 0, 0, 1);
    loopback->nx_interface_ip_network_mask = IP_ADDRESS(255, 0, 0, 0);
    loopback->nx_interface_ip_network = IP_ADDRESS(127, 0, 0, 0);
    loopback->nx_interface_ip_mtu_size = 65535;
}

NXDTLS_API UINT nx_ip_create(NX_IP *ip_ptr, CHAR *name, ULONG ip_address, ULONG network_mask,
                             NX_PACKET_POOL *default_pool, VOID (*ip_link_driver)(NX_IP_DRIVER *),
                             VOID *memory_ptr, ULONG memory_size, UINT priority)
{
    /* The IP thread's stack and priority of a board have no meaning here: the I/O thread is a POSIX
     * thread (docs/porting.md). */
    (void)memory_ptr;
    (void)memory_size;
    (void)priority;
    if (ip_ptr == NULL || !netx_packet_pool_valid(default_pool) || netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    memset(ip_ptr, 0, sizeof *ip_ptr);
    ip_ptr->nx_ip_name = name;
    ip_ptr->nx_ip_default_packet_pool = default_pool;
    netx_ip_interfaces_set(ip_ptr, name, ip_address, network_mask, ip_link_driver);
    ip_ptr->nx_ip_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    ip_ptr->nx_ip_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ip_ptr->nx_ip_epoll_fd < 0 || ip_ptr->nx_ip_wake_fd < 0) {
        goto fail;
    }
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = NULL;
    if (epoll_ctl(ip_ptr->nx_ip_epoll_fd, EPOLL_CTL_ADD, ip_ptr->nx_ip_wake_fd, &ev) != 0) {
        goto fail;
    }
    (void)pthread_mutex_init(&ip_ptr->nx_ip_lock, NULL);
    txp_cond_init(&ip_ptr->nx_ip_cond);
    ip_ptr->nx_ip_thread_running = 1;
    ip_ptr->nx_ip_id = NX_IP_ID;
    if (pthread_create(&ip_ptr->nx_ip_thread, NULL, netx_ip_thread, ip_ptr) != 0) {
        ip_ptr->nx_ip_id = 0;
        (void)pthread_cond_destroy(&ip_ptr->nx_ip_cond);
        (void)pthread_mutex_destroy(&ip_ptr->nx_ip_lock);
        goto fail;
    }
    (void)netx_registry_add(&nx_ip_created, ip_ptr);
    /* NetX's IP thread initializes and enables each interface's driver; here the creator does, before
     * nx_ip_create returns. */
    netx_ip_driver_request(ip_ptr, 0, NX_LINK_INITIALIZE);
    netx_ip_driver_request(ip_ptr, 0, NX_LINK_ENABLE);
    return NX_SUCCESS;

fail:
    if (ip_ptr->nx_ip_epoll_fd >= 0) {
        (void)close(ip_ptr->nx_ip_epoll_fd);
    }
    if (ip_ptr->nx_ip_wake_fd >= 0) {
        (void)close(ip_ptr->nx_ip_wake_fd);
    }
    memset(ip_ptr, 0, sizeof *ip_ptr);
    return NX_NOT_SUCCESSFUL;
}

NXDTLS_API UINT nx_ip_delete(NX_IP *ip_ptr)
{
    if (!netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    if (netx_ip_current == ip_ptr) {
        return NX_CALLER_ERROR; /* the I/O thread cannot join itself */
    }
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    bool busy = ip_ptr->nx_ip_udp_sockets != NULL;
    if (!busy) {
        ip_ptr->nx_ip_stop = 1;
    }
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    if (busy) {
        return NX_SOCKETS_BOUND; /* NetX: every socket must be deleted first */
    }
    (void)netx_registry_remove(&nx_ip_created, ip_ptr);
    netx_ip_wake(ip_ptr);
    (void)pthread_join(ip_ptr->nx_ip_thread, NULL);
    netx_ip_release_chain(netx_ip_take_injected(ip_ptr));
    netx_ip_driver_request(ip_ptr, 0, NX_LINK_UNINITIALIZE);
    ip_ptr->nx_ip_id = 0;
    (void)close(ip_ptr->nx_ip_epoll_fd);
    (void)close(ip_ptr->nx_ip_wake_fd);
    (void)pthread_cond_destroy(&ip_ptr->nx_ip_cond);
    (void)pthread_mutex_destroy(&ip_ptr->nx_ip_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_ip_status_check(NX_IP *ip_ptr, ULONG needed_status, ULONG *actual_status,
                                   ULONG wait_option)
{
    (void)wait_option;
    if (actual_status == NULL || !netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    /* The host's stack is up: every status a board waits for (address, ...) is already true, except a
     * link the driver reported down. */
    ULONG actual = needed_status | NX_IP_INITIALIZE_DONE;
    if (!ip_ptr->nx_ip_interface[0].nx_interface_link_up) {
        actual &= ~(NX_IP_LINK_ENABLED | NX_IP_INTERFACE_LINK_ENABLED);
    }
    *actual_status = actual;
    return (actual & needed_status) == needed_status ? NX_SUCCESS : NX_NOT_SUCCESSFUL;
}

NXDTLS_API UINT nx_ip_address_get(NX_IP *ip_ptr, ULONG *ip_address, ULONG *network_mask)
{
    return nx_ip_interface_address_get(ip_ptr, 0, ip_address, network_mask);
}

NXDTLS_API UINT nx_ip_interface_address_get(NX_IP *ip_ptr, UINT interface_index, ULONG *ip_address,
                                            ULONG *network_mask)
{
    if (ip_address == NULL || network_mask == NULL || !netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    if (interface_index >= NX_MAX_IP_INTERFACES) {
        return NX_INVALID_INTERFACE;
    }
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    *ip_address = ip_ptr->nx_ip_interface[interface_index].nx_interface_ip_address;
    *network_mask = ip_ptr->nx_ip_interface[interface_index].nx_interface_ip_network_mask;
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_ip_address_set(NX_IP *ip_ptr, ULONG ip_address, ULONG network_mask)
{
    if (!netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    /* Sockets bound from now on use the new address (see netx_udp.h). */
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    NX_INTERFACE *primary = &ip_ptr->nx_ip_interface[0];
    primary->nx_interface_ip_address = ip_address;
    primary->nx_interface_ip_network_mask = network_mask;
    primary->nx_interface_ip_network = ip_address & network_mask;
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_udp_enable(NX_IP *ip_ptr)
{
    if (!netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    UINT status = ip_ptr->nx_ip_udp_enabled ? NX_ALREADY_ENABLED : NX_SUCCESS;
    if (!ip_ptr->nx_ip_udp_enabled) {
        /* As NetX Duo's nx_udp_enable: received datagrams go through this hook (nx_udp.h). */
        __atomic_store_n(&ip_ptr->nx_ip_udp_packet_receive, _nx_udp_packet_receive,
                         __ATOMIC_RELEASE);
    }
    ip_ptr->nx_ip_udp_enabled = 1;
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return status;
}

/* ARP, ICMP, fragmentation and IPv6 are the host's business: these succeed so NetX start-up code runs. */
NXDTLS_API UINT nx_arp_enable(NX_IP *ip_ptr, VOID *arp_cache_memory, ULONG arp_cache_size)
{
    (void)arp_cache_memory;
    (void)arp_cache_size;
    return netx_ip_valid(ip_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}

NXDTLS_API UINT nx_icmp_enable(NX_IP *ip_ptr)
{
    return netx_ip_valid(ip_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}

NXDTLS_API UINT nx_ip_fragment_enable(NX_IP *ip_ptr)
{
    return netx_ip_valid(ip_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}

NXDTLS_API UINT nxd_ipv6_enable(NX_IP *ip_ptr)
{
    return netx_ip_valid(ip_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}

NXDTLS_API UINT nxd_icmp_enable(NX_IP *ip_ptr)
{
    return netx_ip_valid(ip_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}
