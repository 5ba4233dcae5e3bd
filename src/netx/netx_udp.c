/* SPDX-License-Identifier: MIT */
/* netx_udp.c: NetX UDP sockets over OS sockets (see netx_udp.h for the address-family rules).
 * Return codes follow NetX's error-checking layer: a NULL or uncreated socket is NX_PTR_ERROR, a socket
 * of an IP without nx_udp_enable NX_NOT_ENABLED, then the state errors (NX_ALREADY_BOUND, NX_NOT_BOUND,
 * NX_STILL_BOUND, NX_PORT_UNAVAILABLE, NX_NO_FREE_PORTS, NX_INVALID_PORT, NX_IP_ADDRESS_ERROR). */
#include "netx_udp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "netx_board.h"
#include "netx_ip.h"
#include "netx_packet.h"
#include "netx_registry.h"
#include "nxdtls.h"
#include "threadx/tx_clock.h"
#include "threadx/tx_wait.h"

#define NETX_UDP_MAX_IOV 64 /* packets one datagram may span; more is dropped */
#define NETX_UDP_READ_BURST \
    64 /* datagrams read per readiness event before other sockets get a turn */

static struct netx_registry nx_udp_created =
    NETX_REGISTRY_INIT(NX_UDP_SOCKET, nx_udp_socket_created_next);

bool netx_udp_socket_valid(NX_UDP_SOCKET *socket_ptr)
{
    return socket_ptr != NULL && socket_ptr->nx_udp_socket_id == NX_UDP_ID &&
           netx_registry_contains(&nx_udp_created, socket_ptr);
}

/* netx_udp_to_sockaddr converts a NetX address (host order) for a socket of the given family. */
static UINT netx_udp_to_sockaddr(int family, const NXD_ADDRESS *a, UINT port,
                                 struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (a->nxd_ip_version == NX_IP_VERSION_V4) {
        ULONG v4 = a->nxd_ip_address.v4;
        if (v4 == 0) {
            return NX_IP_ADDRESS_ERROR;
        }
        if (family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)(void *)ss;
            sin->sin_family = AF_INET;
            sin->sin_port = htons((uint16_t)port);
            sin->sin_addr.s_addr = htonl(v4);
            *len = sizeof *sin;
        } else {
            /* RFC 4291 2.5.5.2: IPv4-mapped IPv6 address ::ffff:a.b.c.d on the dual-stack socket. */
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;
            sin6->sin6_family = AF_INET6;
            sin6->sin6_port = htons((uint16_t)port);
            sin6->sin6_addr.s6_addr[10] = 0xFF;
            sin6->sin6_addr.s6_addr[11] = 0xFF;
            uint32_t be = htonl(v4);
            memcpy(&sin6->sin6_addr.s6_addr[12], &be, 4);
            *len = sizeof *sin6;
        }
        return NX_SUCCESS;
    }
    if (a->nxd_ip_version == NX_IP_VERSION_V6 && family == AF_INET6) {
        const ULONG *w = a->nxd_ip_address.v6;
        if ((w[0] | w[1] | w[2] | w[3]) == 0) {
            return NX_IP_ADDRESS_ERROR;
        }
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        for (int i = 0; i < 4; i++) {
            uint32_t be = htonl(w[i]);
            memcpy(&sin6->sin6_addr.s6_addr[4 * i], &be, 4);
        }
        *len = sizeof *sin6;
        return NX_SUCCESS;
    }
    return NX_IP_ADDRESS_ERROR;
}

/* netx_udp_from_sockaddr converts a received source address; v4-mapped IPv6 becomes IPv4. */
static void netx_udp_from_sockaddr(const struct sockaddr_storage *ss, NXD_ADDRESS *a, USHORT *port)
{
    memset(a, 0, sizeof *a);
    *port = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)ss;
        a->nxd_ip_version = NX_IP_VERSION_V4;
        a->nxd_ip_address.v4 = ntohl(sin->sin_addr.s_addr);
        *port = ntohs(sin->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)ss;
        uint32_t w[4];
        memcpy(w, sin6->sin6_addr.s6_addr, sizeof w);
        *port = ntohs(sin6->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
            a->nxd_ip_version = NX_IP_VERSION_V4;
            a->nxd_ip_address.v4 = ntohl(w[3]);
        } else {
            a->nxd_ip_version = NX_IP_VERSION_V6;
            for (int i = 0; i < 4; i++) {
                a->nxd_ip_address.v6[i] = ntohl(w[i]);
            }
        }
    }
}

NXDTLS_API UINT nx_udp_socket_create(NX_IP *ip_ptr, NX_UDP_SOCKET *socket_ptr, CHAR *name,
                                     ULONG type_of_service, ULONG fragment, UINT time_to_live,
                                     ULONG queue_maximum)
{
    /* Type of service, fragmentation and TTL are left to the host's defaults. */
    (void)type_of_service;
    (void)fragment;
    (void)time_to_live;
    if (socket_ptr == NULL || !netx_ip_valid(ip_ptr) || netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    if (!ip_ptr->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    memset(socket_ptr, 0, sizeof *socket_ptr);
    socket_ptr->nx_udp_socket_name = name;
    socket_ptr->nx_udp_socket_ip_ptr = ip_ptr;
    socket_ptr->nx_udp_socket_fd = -1;
    socket_ptr->nx_udp_socket_queue_maximum = queue_maximum;
    (void)pthread_mutex_init(&socket_ptr->nx_udp_socket_lock, NULL);
    txp_cond_init(&socket_ptr->nx_udp_socket_cond);
    socket_ptr->nx_udp_socket_id = NX_UDP_ID;
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    socket_ptr->nx_udp_socket_next = ip_ptr->nx_ip_udp_sockets;
    ip_ptr->nx_ip_udp_sockets = socket_ptr;
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    (void)netx_registry_add(&nx_udp_created, socket_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_udp_socket_delete(NX_UDP_SOCKET *socket_ptr)
{
    if (!netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    NX_IP *ip = socket_ptr->nx_udp_socket_ip_ptr;
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    if (socket_ptr->nx_udp_socket_bound) {
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        return NX_STILL_BOUND;
    }
    for (NX_UDP_SOCKET **link = &ip->nx_ip_udp_sockets; *link != NULL;
         link = &(*link)->nx_udp_socket_next) {
        if (*link == socket_ptr) {
            *link = socket_ptr->nx_udp_socket_next;
            break;
        }
    }
    ip->nx_ip_generation++;
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    (void)netx_registry_remove(&nx_udp_created, socket_ptr);
    netx_ip_quiesce(ip);

    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    socket_ptr->nx_udp_socket_id = 0;
    (void)pthread_cond_broadcast(&socket_ptr->nx_udp_socket_cond);
    while (socket_ptr->nx_udp_socket_waiters != 0) {
        (void)pthread_cond_wait(&socket_ptr->nx_udp_socket_cond, &socket_ptr->nx_udp_socket_lock);
    }
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    (void)pthread_cond_destroy(&socket_ptr->nx_udp_socket_cond);
    (void)pthread_mutex_destroy(&socket_ptr->nx_udp_socket_lock);
    return NX_SUCCESS;
}

/* netx_udp_open makes the OS socket for the IP and binds it to port (0: ephemeral). Returns the fd, or
 * -1 with *err set (EADDRINUSE when the port is taken). *board is true when the IP's address is not the
 * host's and the socket serves every address instead (netx_board.h). */
static int netx_udp_open(const NX_IP *ip, UINT port, int *family, int *err, bool *board)
{
    *board = false;
    if (ip->nx_ip_address != 0) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            *err = errno;
            return -1;
        }
        struct sockaddr_in sin;
        memset(&sin, 0, sizeof sin);
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)port);
        sin.sin_addr.s_addr = htonl(ip->nx_ip_address);
        if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0) {
            *family = AF_INET;
            return fd;
        }
        *err = errno;
        (void)close(fd);
        if (*err != EADDRNOTAVAIL) {
            return -1;
        }
        /* Not an address of this host (a board's address): serve on every address instead. */
        *board = true;
    }
    int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        int off = 0;
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
        struct sockaddr_in6 sin6;
        memset(&sin6, 0, sizeof sin6);
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)port);
        sin6.sin6_addr = in6addr_any;
        if (bind(fd, (struct sockaddr *)&sin6, sizeof sin6) == 0) {
            *family = AF_INET6;
            return fd;
        }
        *err = errno;
        (void)close(fd);
        return -1;
    }
    /* No IPv6 on this host: IPv4 wildcard. */
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0) {
        *family = AF_INET;
        return fd;
    }
    *err = errno;
    (void)close(fd);
    return -1;
}

NXDTLS_API UINT nx_udp_socket_bind(NX_UDP_SOCKET *socket_ptr, UINT port, ULONG wait_option)
{
    if (!netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    NX_IP *ip = socket_ptr->nx_udp_socket_ip_ptr;
    if (!ip->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    if (port > NX_MAX_PORT) {
        return NX_INVALID_PORT;
    }
    /* The IP lock makes bind/unbind of one socket atomic against each other. */
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    if (socket_ptr->nx_udp_socket_bound) {
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        return NX_ALREADY_BOUND;
    }
    struct txp_deadline deadline = txp_deadline_from_ticks(wait_option);
    int family = AF_INET;
    int err = 0;
    int fd;
    bool board = false;
    for (;;) {
        fd = netx_udp_open(ip, port, &family, &err, &board);
        if (fd >= 0 || err != EADDRINUSE || port == NX_ANY_PORT ||
            txp_deadline_expired(&deadline)) {
            break;
        }
        /* NetX suspends the binder until the port is free; the host gives no signal, so poll per tick. */
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        (void)tx_thread_sleep(1);
        (void)pthread_mutex_lock(&ip->nx_ip_lock);
        if (socket_ptr->nx_udp_socket_bound) {
            (void)pthread_mutex_unlock(&ip->nx_ip_lock);
            return NX_ALREADY_BOUND;
        }
    }
    if (fd < 0) {
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        if (port == NX_ANY_PORT) {
            return NX_NO_FREE_PORTS;
        }
        return NX_PORT_UNAVAILABLE;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    NXD_ADDRESS ignored;
    USHORT bound_port = (USHORT)port;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        netx_udp_from_sockaddr(&ss, &ignored, &bound_port);
    }
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    socket_ptr->nx_udp_socket_fd = fd;
    socket_ptr->nx_udp_socket_family = family;
    socket_ptr->nx_udp_socket_port = bound_port;
    socket_ptr->nx_udp_socket_bound = 1;
    socket_ptr->nx_udp_socket_board_address = board ? ip->nx_ip_address : 0;
    if (board) {
        netx_board_bound(ip->nx_ip_address);
    }
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    bool watched = netx_ip_watch(ip, socket_ptr);
    if (!watched) {
        (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
        socket_ptr->nx_udp_socket_bound = 0;
        socket_ptr->nx_udp_socket_fd = -1;
        socket_ptr->nx_udp_socket_board_address = 0;
        socket_ptr->nx_udp_socket_port = 0;
        (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
        (void)close(fd);
    }
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    return watched ? NX_SUCCESS : NX_NOT_SUCCESSFUL;
}

NXDTLS_API UINT nx_udp_socket_unbind(NX_UDP_SOCKET *socket_ptr)
{
    if (!netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    NX_IP *ip = socket_ptr->nx_udp_socket_ip_ptr;
    if (!ip->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    if (!socket_ptr->nx_udp_socket_bound) {
        (void)pthread_mutex_unlock(&ip->nx_ip_lock);
        return NX_NOT_BOUND;
    }
    netx_ip_unwatch(ip, socket_ptr);
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    socket_ptr->nx_udp_socket_bound = 0;
    socket_ptr->nx_udp_socket_board_address = 0;
    int fd = socket_ptr->nx_udp_socket_fd;
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);

    /* The I/O thread may be reading this fd in the loop it is in: close only after that loop. */
    netx_ip_quiesce(ip);

    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    NX_PACKET *queued = socket_ptr->nx_udp_socket_receive_head;
    socket_ptr->nx_udp_socket_receive_head = NULL;
    socket_ptr->nx_udp_socket_receive_tail = NULL;
    socket_ptr->nx_udp_socket_receive_count = 0;
    socket_ptr->nx_udp_socket_fd = -1;
    socket_ptr->nx_udp_socket_port = 0;
    /* Threads blocked in receive wake and return NX_NOT_BOUND. */
    (void)pthread_cond_broadcast(&socket_ptr->nx_udp_socket_cond);
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    (void)close(fd);
    while (queued != NULL) {
        NX_PACKET *next = queued->nx_packet_queue_next;
        queued->nx_packet_queue_next = NULL;
        (void)nx_packet_release(queued);
        queued = next;
    }
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_udp_socket_port_get(NX_UDP_SOCKET *socket_ptr, UINT *port_ptr)
{
    if (port_ptr == NULL || !netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    if (!socket_ptr->nx_udp_socket_ip_ptr->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    UINT status = socket_ptr->nx_udp_socket_bound ? NX_SUCCESS : NX_NOT_BOUND;
    *port_ptr = socket_ptr->nx_udp_socket_port;
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    return status;
}

NX_PACKET *netx_udp_socket_dequeue(NX_UDP_SOCKET *socket_ptr)
{
    NX_PACKET *p = socket_ptr->nx_udp_socket_receive_head;
    if (p != NULL) {
        socket_ptr->nx_udp_socket_receive_head = p->nx_packet_queue_next;
        if (socket_ptr->nx_udp_socket_receive_head == NULL) {
            socket_ptr->nx_udp_socket_receive_tail = NULL;
        }
        socket_ptr->nx_udp_socket_receive_count--;
        p->nx_packet_queue_next = NULL;
    }
    return p;
}

NXDTLS_API UINT nx_udp_socket_receive(NX_UDP_SOCKET *socket_ptr, NX_PACKET **packet_ptr,
                                      ULONG wait_option)
{
    if (packet_ptr == NULL || !netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    *packet_ptr = NULL;
    if (!socket_ptr->nx_udp_socket_ip_ptr->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    if (wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) {
        return NX_CALLER_ERROR; /* would stall the thread that fills the queue (docs/netx-api.md 7.9) */
    }
    struct txp_deadline deadline = txp_deadline_from_ticks(wait_option);
    UINT status = NX_SUCCESS;
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    socket_ptr->nx_udp_socket_waiters++;
    for (;;) {
        if (!socket_ptr->nx_udp_socket_bound || socket_ptr->nx_udp_socket_id != NX_UDP_ID) {
            status = NX_NOT_BOUND;
            break;
        }
        NX_PACKET *p = netx_udp_socket_dequeue(socket_ptr);
        if (p != NULL) {
            *packet_ptr = p;
            break;
        }
        enum txp_wake wake = txp_cond_wait(&socket_ptr->nx_udp_socket_cond,
                                           &socket_ptr->nx_udp_socket_lock, &deadline);
        if (wake == TXP_WAKE_ABORT) {
            status = NX_WAIT_ABORTED; /* tx_thread_wait_abort, as NetX */
            break;
        }
        if (wake == TXP_WAKE_TIMEOUT && socket_ptr->nx_udp_socket_receive_head == NULL) {
            status = NX_NO_PACKET;
            break;
        }
    }
    socket_ptr->nx_udp_socket_waiters--;
    if (socket_ptr->nx_udp_socket_id != NX_UDP_ID) {
        (void)pthread_cond_broadcast(&socket_ptr->nx_udp_socket_cond);
    }
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    return status;
}

/* netx_udp_sendmsg sends the iovecs to addr:port over the socket's fd (socket lock held). */
static UINT netx_udp_sendmsg(NX_UDP_SOCKET *socket_ptr, struct iovec *iov, size_t iovcnt,
                             const NXD_ADDRESS *addr, UINT port)
{
    if (!socket_ptr->nx_udp_socket_bound) {
        return NX_NOT_BOUND;
    }
    struct sockaddr_storage ss;
    socklen_t len = 0;
    NXD_ADDRESS to = *addr;
    ULONG mark = 0;
    (void)netx_board_route(&to, socket_ptr->nx_udp_socket_board_address, &mark);
    UINT status = netx_udp_to_sockaddr(socket_ptr->nx_udp_socket_family, &to, port, &ss, &len);
    if (status != NX_SUCCESS) {
        return status;
    }
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &ss;
    msg.msg_namelen = len;
    msg.msg_iov = iov;
    msg.msg_iovlen = iovcnt;
    /* Between board sockets the source is the marker, so the receiver can name the sender's board
     * address (netx_board.h). IP_PKTINFO also applies to a dual-stack socket sending to a v4-mapped
     * address (Linux ip_cmsg_send). */
    union {
        struct cmsghdr align;
        uint8_t bytes[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } control;
    if (mark != 0) {
        memset(&control, 0, sizeof control);
        msg.msg_control = control.bytes;
        msg.msg_controllen = sizeof control.bytes;
        struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
        cm->cmsg_level = IPPROTO_IP;
        cm->cmsg_type = IP_PKTINFO;
        cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
        struct in_pktinfo info;
        memset(&info, 0, sizeof info);
        info.ipi_spec_dst.s_addr = htonl(mark);
        memcpy(CMSG_DATA(cm), &info, sizeof info);
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        if (sendmsg(socket_ptr->nx_udp_socket_fd, &msg, MSG_NOSIGNAL) >= 0) {
            return NX_SUCCESS;
        }
        /* A full send buffer: the datagram is lost on a board too; one retry after yielding is enough. */
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            break;
        }
    }
    return NX_NOT_SUCCESSFUL;
}

UINT netx_udp_send_bytes(NX_UDP_SOCKET *socket_ptr, const uint8_t *data, size_t len,
                         const NXD_ADDRESS *addr, UINT port)
{
    struct iovec iov = {.iov_base = (void *)(uintptr_t)data, .iov_len = len};
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    UINT status = netx_udp_sendmsg(socket_ptr, &iov, 1, addr, port);
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    return status;
}

NXDTLS_API UINT nxd_udp_socket_send(NX_UDP_SOCKET *socket_ptr, NX_PACKET *packet_ptr,
                                    NXD_ADDRESS *ip_address, UINT port)
{
    if (packet_ptr == NULL || ip_address == NULL || !netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    if (!socket_ptr->nx_udp_socket_ip_ptr->nx_ip_udp_enabled) {
        return NX_NOT_ENABLED;
    }
    if (ip_address->nxd_ip_version != NX_IP_VERSION_V4 &&
        ip_address->nxd_ip_version != NX_IP_VERSION_V6) {
        return NX_IP_ADDRESS_ERROR;
    }
    if (port > NX_MAX_PORT) {
        return NX_INVALID_PORT;
    }
    if (!packet_ptr->nx_packet_allocated) {
        return NX_INVALID_PACKET;
    }
    struct iovec iov[NETX_UDP_MAX_IOV];
    size_t n = 0;
    for (NX_PACKET *p = packet_ptr; p != NULL; p = p->nx_packet_next) {
        if (n == NETX_UDP_MAX_IOV) {
            return NX_INVALID_PACKET;
        }
        iov[n].iov_base = p->nx_packet_prepend_ptr;
        iov[n].iov_len = (size_t)(p->nx_packet_append_ptr - p->nx_packet_prepend_ptr);
        n++;
    }
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    UINT status = netx_udp_sendmsg(socket_ptr, iov, n, ip_address, port);
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    if (status == NX_SUCCESS) {
        /* As in NetX, a sent packet belongs to the stack, which releases it. */
        (void)nx_packet_release(packet_ptr);
    }
    return status;
}

NXDTLS_API UINT nx_udp_socket_send(NX_UDP_SOCKET *socket_ptr, NX_PACKET *packet_ptr,
                                   ULONG ip_address, UINT port)
{
    NXD_ADDRESS a;
    memset(&a, 0, sizeof a);
    a.nxd_ip_version = NX_IP_VERSION_V4;
    a.nxd_ip_address.v4 = ip_address;
    return nxd_udp_socket_send(socket_ptr, packet_ptr, &a, port);
}

NXDTLS_API UINT nxd_udp_source_extract(NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address, UINT *port)
{
    if (packet_ptr == NULL || ip_address == NULL || port == NULL) {
        return NX_PTR_ERROR;
    }
    if (packet_ptr->nx_packet_source_address.nxd_ip_version == 0) {
        return NX_INVALID_PACKET; /* not a received datagram */
    }
    *ip_address = packet_ptr->nx_packet_source_address;
    *port = packet_ptr->nx_packet_source_port;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_udp_source_extract(NX_PACKET *packet_ptr, ULONG *ip_address, UINT *port)
{
    if (packet_ptr == NULL || ip_address == NULL || port == NULL) {
        return NX_PTR_ERROR;
    }
    if (packet_ptr->nx_packet_source_address.nxd_ip_version != NX_IP_VERSION_V4) {
        return NX_INVALID_PACKET; /* not a received IPv4 datagram */
    }
    *ip_address = packet_ptr->nx_packet_source_address.nxd_ip_address.v4;
    *port = packet_ptr->nx_packet_source_port;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_udp_socket_receive_notify(NX_UDP_SOCKET *socket_ptr,
                                             VOID (*udp_receive_notify)(NX_UDP_SOCKET *socket_ptr))
{
    if (!netx_udp_socket_valid(socket_ptr)) {
        return NX_PTR_ERROR;
    }
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    socket_ptr->nx_udp_receive_callback = udp_receive_notify;
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    return NX_SUCCESS;
}

void netx_udp_set_timer(NX_UDP_SOCKET *socket_ptr, ULONG64 (*timer)(NX_UDP_SOCKET *, ULONG64))
{
    NX_IP *ip = socket_ptr->nx_udp_socket_ip_ptr;
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    socket_ptr->nx_udp_socket_timer_callback = timer;
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    netx_ip_wake(ip);
}

/* netx_udp_count_drop counts a datagram the facade could not queue. */
static void netx_udp_count_drop(NX_IP *ip)
{
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    ip->nx_ip_dropped++;
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
}

/* netx_udp_read_one reads one waiting datagram into a packet chain of the IP's pool, with room for the UDP
 * header in front. Returns false when nothing is waiting; *out is NULL when a datagram was read but
 * dropped. */
static bool netx_udp_read_one(NX_UDP_SOCKET *s, NX_PACKET **out)
{
    *out = NULL;
    NX_IP *ip = s->nx_udp_socket_ip_ptr;
    int fd = s->nx_udp_socket_fd;
    /* Linux: MSG_TRUNC with MSG_PEEK returns the datagram's real length. */
    ssize_t size = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    if (size < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return false;
        }
        /* A queued socket error: reading it clears it. */
        (void)recv(fd, NULL, 0, MSG_DONTWAIT);
        return true;
    }
    NX_PACKET_POOL *pool = ip->nx_ip_default_packet_pool;
    struct iovec iov[NETX_UDP_MAX_IOV];
    NX_PACKET *head = NULL;
    NX_PACKET *tail = NULL;
    size_t n = 0;
    size_t room = 0;
    do {
        NX_PACKET *p = NULL;
        ULONG headroom = head == NULL ? (ULONG)sizeof(NX_UDP_HEADER) : NX_RECEIVE_PACKET;
        if (n == NETX_UDP_MAX_IOV ||
            nx_packet_allocate(pool, &p, headroom, NX_NO_WAIT) != NX_SUCCESS) {
            if (head != NULL) {
                (void)nx_packet_release(head);
            }
            (void)recv(fd, NULL, 0,
                       MSG_DONTWAIT); /* drop it: the pool is empty, as a driver would */
            netx_udp_count_drop(ip);
            return true;
        }
        if (head == NULL) {
            head = p;
        } else {
            tail->nx_packet_next = p;
        }
        tail = p;
        iov[n].iov_base = p->nx_packet_append_ptr;
        iov[n].iov_len = netx_packet_room(p);
        room += iov[n].iov_len;
        n++;
    } while (room < (size_t)size);

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &ss;
    msg.msg_namelen = sizeof ss;
    msg.msg_iov = iov;
    msg.msg_iovlen = n;
    ssize_t got = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (got < 0) {
        (void)nx_packet_release(head);
        return errno != EAGAIN && errno != EWOULDBLOCK;
    }
    size_t left = (size_t)got;
    for (NX_PACKET *p = head; p != NULL; p = p->nx_packet_next) {
        size_t take = left < netx_packet_room(p) ? left : netx_packet_room(p);
        p->nx_packet_append_ptr += take;
        left -= take;
    }
    if (head != tail) {
        head->nx_packet_last = tail;
    }
    netx_udp_from_sockaddr(&ss, &head->nx_packet_source_address, &head->nx_packet_source_port);
    netx_board_source(&head->nx_packet_source_address);
    head->nx_packet_ip_version = (UCHAR)head->nx_packet_source_address.nxd_ip_version;
    /* RFC 768: source port, destination port, length (header included), checksum; network order. */
    size_t udp_length = (size_t)got + sizeof(NX_UDP_HEADER);
    uint32_t words[2] = {
        htonl((uint32_t)head->nx_packet_source_port << 16 | (uint32_t)s->nx_udp_socket_port),
        htonl((uint32_t)(udp_length > 0xFFFFu ? 0xFFFFu : udp_length) << 16)};
    head->nx_packet_prepend_ptr -= sizeof(NX_UDP_HEADER);
    memcpy(head->nx_packet_prepend_ptr, words, sizeof words);
    head->nx_packet_length = (ULONG)udp_length;
    *out = head;
    return true;
}

/* netx_udp_receive_hook is the type of NX_IP's nx_ip_udp_packet_receive. */
typedef VOID (*netx_udp_receive_hook)(NX_IP *ip_ptr, NX_PACKET *packet_ptr);

void netx_udp_socket_readable(NX_UDP_SOCKET *socket_ptr)
{
    NX_IP *ip = socket_ptr->nx_udp_socket_ip_ptr;
    for (int i = 0; i < NETX_UDP_READ_BURST; i++) {
        NX_PACKET *p = NULL;
        if (!netx_udp_read_one(socket_ptr, &p)) {
            return;
        }
        if (p == NULL) {
            continue;
        }
        /* A test may have put its own hook here (nx_udp.h); it runs on this thread. */
        netx_udp_receive_hook hook =
            __atomic_load_n(&ip->nx_ip_udp_packet_receive, __ATOMIC_ACQUIRE);
        if (hook == NULL) {
            (void)nx_packet_release(p);
            netx_udp_count_drop(ip);
            continue;
        }
        hook(ip, p);
    }
}

/* netx_udp_bound_to returns the IP's socket bound to port, or NULL (I/O thread: see netx_ip.h for why the
 * pointer stays good until the end of this loop of the thread). */
static NX_UDP_SOCKET *netx_udp_bound_to(NX_IP *ip, UINT port)
{
    (void)pthread_mutex_lock(&ip->nx_ip_lock);
    NX_UDP_SOCKET *s = ip->nx_ip_udp_sockets;
    while (s != NULL && !(s->nx_udp_socket_bound && s->nx_udp_socket_port == port)) {
        s = s->nx_udp_socket_next;
    }
    (void)pthread_mutex_unlock(&ip->nx_ip_lock);
    return s;
}

/* netx_udp_strip_header checks the UDP header at the packet's front and removes it; false when the header
 * is not whole in the first packet or its length does not fit the datagram. A shorter UDP length than the
 * packet trims a single packet (RFC 768: the length field counts the datagram). */
static bool netx_udp_strip_header(NX_PACKET *p, UINT *port)
{
    if (p->nx_packet_length < sizeof(NX_UDP_HEADER) ||
        (size_t)(p->nx_packet_append_ptr - p->nx_packet_prepend_ptr) < sizeof(NX_UDP_HEADER)) {
        return false;
    }
    uint32_t words[2];
    memcpy(words, p->nx_packet_prepend_ptr, sizeof words);
    uint32_t w0 = ntohl(words[0]);
    uint32_t w1 = ntohl(words[1]);
    ULONG udp_length = w1 >> 16;
    if (udp_length < sizeof(NX_UDP_HEADER) || udp_length > p->nx_packet_length) {
        return false;
    }
    if (udp_length < p->nx_packet_length) {
        if (p->nx_packet_next != NULL) {
            return false;
        }
        p->nx_packet_append_ptr = p->nx_packet_prepend_ptr + udp_length;
        p->nx_packet_length = udp_length;
    }
    *port = (UINT)(w0 & 0xFFFFu);
    p->nx_packet_prepend_ptr += sizeof(NX_UDP_HEADER);
    p->nx_packet_length -= (ULONG)sizeof(NX_UDP_HEADER);
    return true;
}

void netx_udp_deliver(NX_IP *ip, NX_PACKET *p)
{
    UINT port = 0;
    NX_UDP_SOCKET *socket_ptr =
        netx_udp_strip_header(p, &port) ? netx_udp_bound_to(ip, port) : NULL;
    if (socket_ptr == NULL) {
        (void)nx_packet_release(p);
        netx_udp_count_drop(ip);
        return;
    }
    (void)pthread_mutex_lock(&socket_ptr->nx_udp_socket_lock);
    bool queued = socket_ptr->nx_udp_socket_bound &&
                  socket_ptr->nx_udp_socket_receive_count < socket_ptr->nx_udp_socket_queue_maximum;
    if (queued) {
        p->nx_packet_queue_next = NULL;
        if (socket_ptr->nx_udp_socket_receive_tail != NULL) {
            socket_ptr->nx_udp_socket_receive_tail->nx_packet_queue_next = p;
        } else {
            socket_ptr->nx_udp_socket_receive_head = p;
        }
        socket_ptr->nx_udp_socket_receive_tail = p;
        socket_ptr->nx_udp_socket_receive_count++;
        (void)pthread_cond_broadcast(&socket_ptr->nx_udp_socket_cond);
    }
    VOID (*notify)(NX_UDP_SOCKET *) = socket_ptr->nx_udp_receive_callback;
    (void)pthread_mutex_unlock(&socket_ptr->nx_udp_socket_lock);
    if (!queued) {
        /* The queue is full: the newest datagram is dropped (queue_maximum). */
        (void)nx_packet_release(p);
        netx_udp_count_drop(ip);
        return;
    }
    if (notify != NULL) {
        notify(socket_ptr);
    }
}

NXDTLS_API VOID _nx_udp_packet_receive(NX_IP *ip_ptr, NX_PACKET *packet_ptr)
{
    if (packet_ptr == NULL) {
        return;
    }
    if (!netx_ip_valid(ip_ptr)) {
        (void)nx_packet_release(packet_ptr);
        return;
    }
    if (netx_ip_is_io_thread_of(ip_ptr)) {
        netx_udp_deliver(ip_ptr, packet_ptr);
    } else {
        netx_ip_inject(ip_ptr,
                       packet_ptr); /* the socket queues and callbacks belong to the I/O thread */
    }
}

NXDTLS_API UINT nx_udp_socket_checksum_disable(NX_UDP_SOCKET *socket_ptr)
{
    return netx_udp_socket_valid(socket_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}

NXDTLS_API UINT nx_udp_socket_checksum_enable(NX_UDP_SOCKET *socket_ptr)
{
    return netx_udp_socket_valid(socket_ptr) ? NX_SUCCESS : NX_PTR_ERROR;
}
