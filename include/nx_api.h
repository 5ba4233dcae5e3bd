/* SPDX-License-Identifier: MIT */
/* nx_api.h: the NetX Duo subset a DTLS application uses (docs/netx-api.md section 5), over POSIX.
 * An NX_IP is "this host", an NX_UDP_SOCKET wraps one OS UDP socket, packets live in the caller's pools.
 * Members documented in docs/netx-api.md 5.2 are public; members marked private belong to the facade. */
#ifndef NX_API_H
#define NX_API_H

#include "nx_port.h"
#include "tx_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NetX Duo status codes (values from NetX Duo's nx_api.h, docs/netx-api.md 5.1). */
#define NX_SUCCESS             ((UINT)0x00)
#define NX_NO_PACKET           ((UINT)0x01)
#define NX_PTR_ERROR           ((UINT)0x07)
#define NX_SIZE_ERROR          ((UINT)0x09)
#define NX_CALLER_ERROR        ((UINT)0x11)
#define NX_INVALID_PACKET      ((UINT)0x12)
#define NX_INVALID_SOCKET      ((UINT)0x13)
#define NX_NOT_ENABLED         ((UINT)0x14)
#define NX_ALREADY_ENABLED     ((UINT)0x15)
#define NX_WAIT_ABORTED        ((UINT)0x1A)
#define NX_IP_ADDRESS_ERROR    ((UINT)0x21)
#define NX_ALREADY_BOUND       ((UINT)0x22)
#define NX_PORT_UNAVAILABLE    ((UINT)0x23)
#define NX_NOT_BOUND           ((UINT)0x24)
#define NX_NOT_CREATED         ((UINT)0x27)
#define NX_SOCKETS_BOUND       ((UINT)0x28)
#define NX_ALREADY_RELEASED    ((UINT)0x31)
#define NX_NOT_CONNECTED       ((UINT)0x38)
#define NX_ALREADY_SUSPENDED   ((UINT)0x40)
#define NX_STILL_BOUND         ((UINT)0x42)
#define NX_NOT_SUCCESSFUL      ((UINT)0x43)
#define NX_NO_FREE_PORTS       ((UINT)0x45)
#define NX_INVALID_PORT        ((UINT)0x46)
#define NX_NOT_IMPLEMENTED     ((UINT)0x4A)
#define NX_NOT_SUPPORTED       ((UINT)0x4B)
#define NX_INVALID_PARAMETERS  ((UINT)0x4D)
#define NX_PACKET_OFFSET_ERROR ((UINT)0x53)
#define NX_CONTINUE            ((UINT)0x55)

#define NX_NO_WAIT            ((ULONG)0)
#define NX_WAIT_FOREVER       ((ULONG)0xFFFFFFFFUL)
#define NX_NULL               0
#define NX_TRUE               1
#define NX_FALSE              0
#define NX_ANY_PORT           0
#define NX_MAX_PORT           0xFFFF
#define NX_IP_PERIODIC_RATE   100
#define NX_IP_NORMAL          ((ULONG)0x00000000)
#define NX_FRAGMENT_OKAY      ((ULONG)0x00000000)
#define NX_DONT_FRAGMENT      ((ULONG)0x00004000)
#define NX_IP_TIME_TO_LIVE    ((UINT)0x80)
#define NX_IP_VERSION_V4      0x4
#define NX_IP_VERSION_V6      0x6
#define NX_IP_INITIALIZE_DONE ((ULONG)0x0001)
#define NX_PHYSICAL_HEADER    16
#define NX_IPv4_PACKET        36
#define NX_IPv4_UDP_PACKET    44
#define NX_IPv6_PACKET        56
#define NX_IPv6_UDP_PACKET    64
#define NX_UDP_PACKET         NX_IPv6_UDP_PACKET
#define NX_RECEIVE_PACKET     0

#define IP_ADDRESS(a, b, c, d) \
    ((((ULONG)(a)) << 24) | (((ULONG)(b)) << 16) | (((ULONG)(c)) << 8) | ((ULONG)(d)))
#define NX_PARAMETER_NOT_USED(p) ((void)(p))

/* NXD_ADDRESS: an IPv4 or IPv6 address in host byte order; v6[0] holds the most significant word. */
typedef struct NXD_ADDRESS_STRUCT {
    ULONG nxd_ip_version;
    union {
        ULONG v4;
        ULONG v6[4];
    } nxd_ip_address;
} NXD_ADDRESS;

struct NX_PACKET_POOL_STRUCT;
struct NX_IP_STRUCT;
struct NX_UDP_SOCKET_STRUCT;

/* NX_PACKET: one header followed by the pool's payload_size bytes of data area. */
typedef struct NX_PACKET_STRUCT {
    struct NX_PACKET_POOL_STRUCT *nx_packet_pool_owner;
    struct NX_PACKET_STRUCT *nx_packet_queue_next;
    struct NX_PACKET_STRUCT *nx_packet_next; /* chain; NULL for DTLS data */
    struct NX_PACKET_STRUCT *nx_packet_last;
    UCHAR *nx_packet_data_start;
    UCHAR *nx_packet_data_end;
    UCHAR *nx_packet_prepend_ptr;
    UCHAR *nx_packet_append_ptr;
    ULONG nx_packet_length; /* total bytes in the chain */
    UCHAR nx_packet_ip_version;
    /* private */
    UCHAR nx_packet_allocated;
    USHORT nx_packet_source_port;
    NXD_ADDRESS nx_packet_source_address; /* nxd_ip_version 0: not a received datagram */
} NX_PACKET;

/* NX_PACKET_POOL: fixed-size packets carved from the caller's memory. */
typedef struct NX_PACKET_POOL_STRUCT {
    CHAR *nx_packet_pool_name;
    ULONG nx_packet_pool_available;
    ULONG nx_packet_pool_total;
    ULONG nx_packet_pool_empty_requests;
    ULONG nx_packet_pool_invalid_releases;
    ULONG nx_packet_pool_payload_size;
    /* private */
    ULONG nx_packet_pool_id;
    UCHAR *nx_packet_pool_start;
    ULONG nx_packet_pool_size;
    ULONG nx_packet_pool_stride;
    NX_PACKET *nx_packet_pool_free_list;
    ULONG nx_packet_pool_waiters;
    struct NX_PACKET_POOL_STRUCT *nx_packet_pool_created_next;
    pthread_mutex_t nx_packet_pool_lock;
    pthread_cond_t nx_packet_pool_cond;
} NX_PACKET_POOL;

/* NX_IP_DRIVER: declared so that nx_ip_create's driver parameter type exists; never used on POSIX. */
typedef struct NX_IP_DRIVER_STRUCT {
    UINT nx_ip_driver_command;
    UINT nx_ip_driver_status;
    struct NX_IP_STRUCT *nx_ip_driver_ptr;
} NX_IP_DRIVER;

/* NX_IP: this host. Owns the I/O thread that polls its UDP sockets. */
typedef struct NX_IP_STRUCT {
    ULONG nx_ip_id;
    CHAR *nx_ip_name;
    NX_PACKET_POOL *nx_ip_default_packet_pool;
    /* private */
    ULONG nx_ip_address;
    UINT nx_ip_udp_enabled;
    struct NX_UDP_SOCKET_STRUCT *nx_ip_udp_sockets; /* created sockets of this IP */
    struct NX_IP_STRUCT *nx_ip_created_next;
    ULONG nx_ip_generation;  /* bumped whenever a socket leaves the poll set */
    ULONG nx_ip_dropped;     /* datagrams dropped: pool empty or queue full */
    ULONG64 nx_ip_iteration; /* I/O thread loops completed */
    pthread_mutex_t nx_ip_lock;
    pthread_cond_t nx_ip_cond;
    pthread_t nx_ip_thread;
    int nx_ip_thread_running;
    int nx_ip_stop;
    int nx_ip_epoll_fd;
    int nx_ip_wake_fd;
} NX_IP;

/* NX_UDP_SOCKET: one OS UDP socket and the queue of datagrams received on it. */
typedef struct NX_UDP_SOCKET_STRUCT {
    ULONG nx_udp_socket_id;
    CHAR *nx_udp_socket_name;
    UINT nx_udp_socket_port;
    NX_IP *nx_udp_socket_ip_ptr;
    /* private */
    int nx_udp_socket_fd;     /* -1 while unbound */
    int nx_udp_socket_family; /* AF_INET or AF_INET6 (dual-stack) */
    UINT nx_udp_socket_bound;
    ULONG nx_udp_socket_queue_maximum;
    ULONG nx_udp_socket_receive_count;
    ULONG nx_udp_socket_waiters;
    NX_PACKET *nx_udp_socket_receive_head;
    NX_PACKET *nx_udp_socket_receive_tail;
    VOID (*nx_udp_receive_callback)(struct NX_UDP_SOCKET_STRUCT *socket_ptr);
    /* Facade hook run by the I/O thread: services timers due at now_ms, returns the next deadline. */
    /* clang-format off */
    ULONG64 (*nx_udp_socket_timer_callback)(struct NX_UDP_SOCKET_STRUCT *socket_ptr, ULONG64 now_ms);
    /* clang-format on */
    VOID *nx_udp_socket_reserved_ptr;
    struct NX_UDP_SOCKET_STRUCT *nx_udp_socket_next; /* the IP's list of created sockets */
    struct NX_UDP_SOCKET_STRUCT *nx_udp_socket_created_next;
    pthread_mutex_t nx_udp_socket_lock;
    pthread_cond_t nx_udp_socket_cond;
} NX_UDP_SOCKET;

VOID nx_system_initialize(VOID);
UINT nx_packet_pool_create(NX_PACKET_POOL *pool_ptr, CHAR *name, ULONG payload_size,
                           VOID *memory_ptr, ULONG memory_size);
UINT nx_packet_pool_delete(NX_PACKET_POOL *pool_ptr);
UINT nx_packet_allocate(NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr, ULONG packet_type,
                        ULONG wait_option);
UINT nx_packet_release(NX_PACKET *packet_ptr);
UINT nx_packet_data_append(NX_PACKET *packet_ptr, VOID *data_start, ULONG data_size,
                           NX_PACKET_POOL *pool_ptr, ULONG wait_option);
UINT nx_packet_data_retrieve(NX_PACKET *packet_ptr, VOID *buffer_start, ULONG *bytes_copied);
UINT nx_packet_data_extract_offset(NX_PACKET *packet_ptr, ULONG offset, VOID *buffer_start,
                                   ULONG buffer_length, ULONG *bytes_copied);
UINT nx_packet_length_get(NX_PACKET *packet_ptr, ULONG *length);
UINT nx_ip_create(NX_IP *ip_ptr, CHAR *name, ULONG ip_address, ULONG network_mask,
                  NX_PACKET_POOL *default_pool, VOID (*ip_link_driver)(NX_IP_DRIVER *),
                  VOID *memory_ptr, ULONG memory_size, UINT priority);
UINT nx_ip_delete(NX_IP *ip_ptr);
UINT nx_ip_status_check(NX_IP *ip_ptr, ULONG needed_status, ULONG *actual_status,
                        ULONG wait_option);
UINT nx_udp_enable(NX_IP *ip_ptr);
UINT nx_udp_socket_create(NX_IP *ip_ptr, NX_UDP_SOCKET *socket_ptr, CHAR *name,
                          ULONG type_of_service, ULONG fragment, UINT time_to_live,
                          ULONG queue_maximum);
UINT nx_udp_socket_bind(NX_UDP_SOCKET *socket_ptr, UINT port, ULONG wait_option);
UINT nx_udp_socket_unbind(NX_UDP_SOCKET *socket_ptr);
UINT nx_udp_socket_delete(NX_UDP_SOCKET *socket_ptr);
UINT nx_udp_socket_port_get(NX_UDP_SOCKET *socket_ptr, UINT *port_ptr);
UINT nx_udp_socket_receive(NX_UDP_SOCKET *socket_ptr, NX_PACKET **packet_ptr, ULONG wait_option);
UINT nx_udp_socket_send(NX_UDP_SOCKET *socket_ptr, NX_PACKET *packet_ptr, ULONG ip_address,
                        UINT port);
UINT nxd_udp_socket_send(NX_UDP_SOCKET *socket_ptr, NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address,
                         UINT port);
UINT nx_udp_source_extract(NX_PACKET *packet_ptr, ULONG *ip_address, UINT *port);
UINT nxd_udp_source_extract(NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address, UINT *port);
UINT nx_udp_socket_receive_notify(NX_UDP_SOCKET *socket_ptr,
                                  VOID (*udp_receive_notify)(NX_UDP_SOCKET *socket_ptr));

/* Accepted as no-ops returning NX_SUCCESS, so NetX initialization code runs unchanged. */
UINT nx_arp_enable(NX_IP *ip_ptr, VOID *arp_cache_memory, ULONG arp_cache_size);
UINT nx_icmp_enable(NX_IP *ip_ptr);
UINT nx_ip_fragment_enable(NX_IP *ip_ptr);
UINT nxd_ipv6_enable(NX_IP *ip_ptr);
UINT nxd_icmp_enable(NX_IP *ip_ptr);

#ifdef __cplusplus
}
#endif

#endif /* NX_API_H */
