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
#define NX_SUCCESS              ((UINT)0x00)
#define NX_NO_PACKET            ((UINT)0x01)
#define NX_UNDERFLOW            ((UINT)0x02)
#define NX_OVERFLOW             ((UINT)0x03)
#define NX_NO_MAPPING           ((UINT)0x04)
#define NX_DELETED              ((UINT)0x05)
#define NX_POOL_ERROR           ((UINT)0x06)
#define NX_PTR_ERROR            ((UINT)0x07)
#define NX_WAIT_ERROR           ((UINT)0x08)
#define NX_SIZE_ERROR           ((UINT)0x09)
#define NX_OPTION_ERROR         ((UINT)0x0A)
#define NX_DELETE_ERROR         ((UINT)0x10)
#define NX_CALLER_ERROR         ((UINT)0x11)
#define NX_INVALID_PACKET       ((UINT)0x12)
#define NX_INVALID_SOCKET       ((UINT)0x13)
#define NX_NOT_ENABLED          ((UINT)0x14)
#define NX_ALREADY_ENABLED      ((UINT)0x15)
#define NX_ENTRY_NOT_FOUND      ((UINT)0x16)
#define NX_NO_MORE_ENTRIES      ((UINT)0x17)
#define NX_ARP_TIMER_ERROR      ((UINT)0x18)
#define NX_RESERVED_CODE0       ((UINT)0x19)
#define NX_WAIT_ABORTED         ((UINT)0x1A)
#define NX_IP_INTERNAL_ERROR    ((UINT)0x20)
#define NX_IP_ADDRESS_ERROR     ((UINT)0x21)
#define NX_ALREADY_BOUND        ((UINT)0x22)
#define NX_PORT_UNAVAILABLE     ((UINT)0x23)
#define NX_NOT_BOUND            ((UINT)0x24)
#define NX_RESERVED_CODE1       ((UINT)0x25)
#define NX_SOCKET_UNBOUND       ((UINT)0x26)
#define NX_NOT_CREATED          ((UINT)0x27)
#define NX_SOCKETS_BOUND        ((UINT)0x28)
#define NX_NO_RESPONSE          ((UINT)0x29)
#define NX_POOL_DELETED         ((UINT)0x30)
#define NX_ALREADY_RELEASED     ((UINT)0x31)
#define NX_RESERVED_CODE2       ((UINT)0x32)
#define NX_MAX_LISTEN           ((UINT)0x33)
#define NX_DUPLICATE_LISTEN     ((UINT)0x34)
#define NX_NOT_CLOSED           ((UINT)0x35)
#define NX_NOT_LISTEN_STATE     ((UINT)0x36)
#define NX_IN_PROGRESS          ((UINT)0x37)
#define NX_NOT_CONNECTED        ((UINT)0x38)
#define NX_WINDOW_OVERFLOW      ((UINT)0x39)
#define NX_ALREADY_SUSPENDED    ((UINT)0x40)
#define NX_DISCONNECT_FAILED    ((UINT)0x41)
#define NX_STILL_BOUND          ((UINT)0x42)
#define NX_NOT_SUCCESSFUL       ((UINT)0x43)
#define NX_UNHANDLED_COMMAND    ((UINT)0x44)
#define NX_NO_FREE_PORTS        ((UINT)0x45)
#define NX_INVALID_PORT         ((UINT)0x46)
#define NX_INVALID_RELISTEN     ((UINT)0x47)
#define NX_CONNECTION_PENDING   ((UINT)0x48)
#define NX_TX_QUEUE_DEPTH       ((UINT)0x49)
#define NX_NOT_IMPLEMENTED      ((UINT)0x4A)
#define NX_NOT_SUPPORTED        ((UINT)0x4B)
#define NX_INVALID_INTERFACE    ((UINT)0x4C)
#define NX_INVALID_PARAMETERS   ((UINT)0x4D)
#define NX_NOT_FOUND            ((UINT)0x4E)
#define NX_CANNOT_START         ((UINT)0x4F)
#define NX_NO_INTERFACE_ADDRESS ((UINT)0x50)
#define NX_INVALID_MTU_DATA     ((UINT)0x51)
#define NX_DUPLICATED_ENTRY     ((UINT)0x52)
#define NX_PACKET_OFFSET_ERROR  ((UINT)0x53)
#define NX_OPTION_HEADER_ERROR  ((UINT)0x54)
#define NX_CONTINUE             ((UINT)0x55)
#define NX_TCPIP_OFFLOAD_ERROR  ((UINT)0x56)

/* Link driver commands (NX_IP_DRIVER nx_ip_driver_command); docs/porting.md says which ones nxdtls issues. */
#define NX_LINK_PACKET_SEND          0
#define NX_LINK_INITIALIZE           1
#define NX_LINK_ENABLE               2
#define NX_LINK_DISABLE              3
#define NX_LINK_PACKET_BROADCAST     4
#define NX_LINK_ARP_SEND             5
#define NX_LINK_ARP_RESPONSE_SEND    6
#define NX_LINK_RARP_SEND            7
#define NX_LINK_MULTICAST_JOIN       8
#define NX_LINK_MULTICAST_LEAVE      9
#define NX_LINK_GET_STATUS           10
#define NX_LINK_GET_SPEED            11
#define NX_LINK_GET_DUPLEX_TYPE      12
#define NX_LINK_GET_ERROR_COUNT      13
#define NX_LINK_GET_RX_COUNT         14
#define NX_LINK_GET_TX_COUNT         15
#define NX_LINK_GET_ALLOC_ERRORS     16
#define NX_LINK_UNINITIALIZE         17
#define NX_LINK_DEFERRED_PROCESSING  18
#define NX_LINK_INTERFACE_ATTACH     19
#define NX_LINK_SET_PHYSICAL_ADDRESS 20
#define NX_INTERFACE_CAPABILITY_GET  21
#define NX_INTERFACE_CAPABILITY_SET  22
#define NX_LINK_INTERFACE_DETACH     23
#define NX_LINK_FACTORY_ADDRESS_GET  24
#define NX_LINK_RX_ENABLE            25
#define NX_LINK_RX_DISABLE           26
#define NX_LINK_GET_INTERFACE_TYPE   28
#define NX_LINK_USER_COMMAND         50

/* nx_ip_status_check bits. */
#define NX_IP_INITIALIZE_DONE        ((ULONG)0x0001)
#define NX_IP_ADDRESS_RESOLVED       ((ULONG)0x0002)
#define NX_IP_LINK_ENABLED           ((ULONG)0x0004)
#define NX_IP_ARP_ENABLED            ((ULONG)0x0008)
#define NX_IP_UDP_ENABLED            ((ULONG)0x0010)
#define NX_IP_TCP_ENABLED            ((ULONG)0x0020)
#define NX_IP_IGMP_ENABLED           ((ULONG)0x0040)
#define NX_IP_RARP_COMPLETE          ((ULONG)0x0080)
#define NX_IP_INTERFACE_LINK_ENABLED ((ULONG)0x0100)

/* Interfaces of an NX_IP: the primary one (index 0) and the loopback one, as NetX Duo builds by default. */
#define NX_MAX_PHYSICAL_INTERFACES 1
#define NX_MAX_IP_INTERFACES       (NX_MAX_PHYSICAL_INTERFACES + 1)
#define NX_LOOPBACK_INTERFACE      NX_MAX_PHYSICAL_INTERFACES
/* IPv6 addresses an NX_IP records (nxd_ipv6_address_set), NetX Duo's default of three per interface; fixed,
 * as it sizes NX_IP. */
#define NX_MAX_IPV6_ADDRESSES (NX_MAX_PHYSICAL_INTERFACES * 3)

/* NetX Duo's version (the API nxdtls follows). */
#define AZURE_RTOS_NETXDUO
#define NETXDUO_MAJOR_VERSION 6
#define NETXDUO_MINOR_VERSION 4
#define NETXDUO_PATCH_VERSION 2
#define __PRODUCT_NETXDUO__
#define __NETXDUO_MAJOR_VERSION__ NETXDUO_MAJOR_VERSION
#define __NETXDUO_MINOR_VERSION__ NETXDUO_MINOR_VERSION

#define NX_NO_WAIT         ((ULONG)0)
#define NX_WAIT_FOREVER    ((ULONG)0xFFFFFFFFUL)
#define NX_NULL            0
#define NX_TRUE            1
#define NX_FALSE           0
#define NX_ANY_PORT        0
#define NX_MAX_PORT        0xFFFF
#define NX_IP_NORMAL       ((ULONG)0x00000000)
#define NX_FRAGMENT_OKAY   ((ULONG)0x00000000)
#define NX_DONT_FRAGMENT   ((ULONG)0x00004000)
#define NX_IP_TIME_TO_LIVE ((UINT)0x80)
#define NX_IP_VERSION_V4   0x4
#define NX_IP_VERSION_V6   0x6
#define NX_PHYSICAL_HEADER 16
#define NX_IPv4_PACKET     36
#define NX_IPv4_UDP_PACKET 44
#define NX_IPv6_PACKET     56
#define NX_IPv6_UDP_PACKET 64
#define NX_UDP_PACKET      NX_IPv6_UDP_PACKET
#define NX_RECEIVE_PACKET  0

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

struct NX_IP_DRIVER_STRUCT;

/* NX_INTERFACE: one interface of an NX_IP (NetX Duo's members). Index 0 is the primary interface with the
 * address and mask given to nx_ip_create; NX_LOOPBACK_INTERFACE is 127.0.0.1/8. The host's stack carries
 * the datagrams; nx_interface_link_up starts true and the driver may change it. */
typedef struct NX_INTERFACE_STRUCT {
    const CHAR *nx_interface_name;
    UCHAR nx_interface_valid;
    UCHAR nx_interface_address_mapping_needed;
    UCHAR nx_interface_link_up;
    UCHAR nx_interface_link_status_change;
    struct NX_IP_STRUCT *nx_interface_ip_instance;
    ULONG nx_interface_physical_address_msw;
    ULONG nx_interface_physical_address_lsw;
    ULONG nx_interface_ip_address;
    ULONG nx_interface_ip_network_mask;
    ULONG nx_interface_ip_network;
    ULONG nx_interface_ip_mtu_size;
    VOID *nx_interface_additional_link_info;
    VOID (*nx_interface_link_driver_entry)(struct NX_IP_DRIVER_STRUCT *driver_request);
} NX_INTERFACE;

/* NXD_IPV6_ADDRESS: one IPv6 address of an NX_IP (NetX Duo's members). nxd_ipv6_address_set records it; the
 * host's stack owns the addresses the datagrams really use (docs/porting.md). */
typedef struct NXD_IPV6_ADDRESS_STRUCT {
    UCHAR nxd_ipv6_address_valid;
    UCHAR nxd_ipv6_address_type; /* NX_IP_VERSION_V6 */
    UCHAR nxd_ipv6_address_state;
    UCHAR nxd_ipv6_address_prefix_length;
    NX_INTERFACE *nxd_ipv6_address_attached;
    ULONG nxd_ipv6_address[4];
    struct NXD_IPV6_ADDRESS_STRUCT *nxd_ipv6_address_next;
    UCHAR nxd_ipv6_address_DupAddrDetectTransmit;
    UCHAR nxd_ipv6_address_ConfigurationMethod;
    UCHAR nxd_ipv6_address_index;
    UCHAR nxd_ipv6_address_reserved;
} NXD_IPV6_ADDRESS;

/* NetX Duo's IPv6 address states and configuration methods. */
#define NX_IPV6_ADDR_STATE_UNKNOWN     0x00
#define NX_IPV6_ADDR_STATE_TENTATIVE   0x01
#define NX_IPV6_ADDR_STATE_PREFERRED   0x02
#define NX_IPV6_ADDR_STATE_DEPRECATED  0x03
#define NX_IPV6_ADDR_STATE_VALID       0x04
#define NX_IPV6_ADDRESS_NOT_CONFIGURED 0
#define NX_IPV6_ADDRESS_MANUAL_CONFIG  1

/* NX_IP_DRIVER: a request to a link driver (NetX Duo's members). nxdtls sends NX_LINK_INITIALIZE and
 * NX_LINK_ENABLE from nx_ip_create and NX_LINK_UNINITIALIZE from nx_ip_delete; packets never go through
 * the driver (the host's sockets carry them: docs/porting.md). */
typedef struct NX_IP_DRIVER_STRUCT {
    UINT nx_ip_driver_command;
    UINT nx_ip_driver_status;
    ULONG nx_ip_driver_physical_address_msw;
    ULONG nx_ip_driver_physical_address_lsw;
    NX_PACKET *nx_ip_driver_packet;
    ULONG *nx_ip_driver_return_ptr;
    struct NX_IP_STRUCT *nx_ip_driver_ptr;
    NX_INTERFACE *nx_ip_driver_interface;
} NX_IP_DRIVER;

/* NX_IP: this host. Owns the I/O thread that polls its UDP sockets. Every received UDP datagram goes to
 * nx_ip_udp_packet_receive (set by nx_udp_enable to _nx_udp_packet_receive, nx_udp.h) as a packet whose
 * nx_packet_prepend_ptr is at the UDP header, as in NetX Duo; a test may put its own function there and pass
 * the datagrams it keeps to the saved one (docs/porting.md). */
typedef struct NX_IP_STRUCT {
    ULONG nx_ip_id;
    CHAR *nx_ip_name;
    NX_PACKET_POOL *nx_ip_default_packet_pool;
    NX_INTERFACE nx_ip_interface[NX_MAX_IP_INTERFACES];
    VOID (*nx_ip_udp_packet_receive)(struct NX_IP_STRUCT *ip_ptr, NX_PACKET *packet_ptr);
    NXD_IPV6_ADDRESS nx_ipv6_address[NX_MAX_IPV6_ADDRESSES];
    /* private */
    UINT nx_ip_udp_enabled;
    struct NX_UDP_SOCKET_STRUCT *nx_ip_udp_sockets; /* created sockets of this IP */
    struct NX_IP_STRUCT *nx_ip_created_next;
    ULONG nx_ip_generation;  /* bumped whenever a socket leaves the poll set */
    ULONG nx_ip_dropped;     /* datagrams dropped: pool empty or queue full */
    ULONG64 nx_ip_iteration; /* I/O thread loops completed */
    NX_PACKET
    *nx_ip_injected_head; /* datagrams handed to _nx_udp_packet_receive off the I/O thread */
    NX_PACKET *nx_ip_injected_tail;
    pthread_mutex_t nx_ip_lock;
    pthread_cond_t nx_ip_cond;
    pthread_t nx_ip_thread;
    int nx_ip_thread_running;
    int nx_ip_stop;
    int nx_ip_epoll_fd;
    int nx_ip_wake_fd;
} NX_IP;

/* NetX Duo's names for the primary interface's members. */
#define nx_ip_address                  nx_ip_interface[0].nx_interface_ip_address
#define nx_ip_network_mask             nx_ip_interface[0].nx_interface_ip_network_mask
#define nx_ip_network                  nx_ip_interface[0].nx_interface_ip_network
#define nx_ip_driver_mtu               nx_ip_interface[0].nx_interface_ip_mtu_size
#define nx_ip_driver_mapping_needed    nx_ip_interface[0].nx_interface_address_mapping_needed
#define nx_ip_driver_link_up           nx_ip_interface[0].nx_interface_link_up
#define nx_ip_arp_physical_address_msw nx_ip_interface[0].nx_interface_physical_address_msw
#define nx_ip_arp_physical_address_lsw nx_ip_interface[0].nx_interface_physical_address_lsw
#define nx_ip_link_driver_entry        nx_ip_interface[0].nx_interface_link_driver_entry
#define nx_ip_additional_link_info     nx_ip_interface[0].nx_interface_additional_link_info

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
    /* its IP's board address (netx_board.h), or 0 */
    ULONG nx_udp_socket_board_address;
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
/* nx_packet_copy copies packet_ptr's data (chain included) into new packets of pool_ptr, with the same
 * headroom before nx_packet_prepend_ptr; a received datagram's copy keeps its source address and port. */
UINT nx_packet_copy(NX_PACKET *packet_ptr, NX_PACKET **new_packet_ptr, NX_PACKET_POOL *pool_ptr,
                    ULONG wait_option);
UINT nx_ip_create(NX_IP *ip_ptr, CHAR *name, ULONG ip_address, ULONG network_mask,
                  NX_PACKET_POOL *default_pool, VOID (*ip_link_driver)(NX_IP_DRIVER *),
                  VOID *memory_ptr, ULONG memory_size, UINT priority);
UINT nx_ip_delete(NX_IP *ip_ptr);
UINT nx_ip_address_get(NX_IP *ip_ptr, ULONG *ip_address, ULONG *network_mask);
UINT nx_ip_address_set(NX_IP *ip_ptr, ULONG ip_address, ULONG network_mask);
UINT nx_ip_interface_address_get(NX_IP *ip_ptr, UINT interface_index, ULONG *ip_address,
                                 ULONG *network_mask);
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
/* The host's stack computes and checks UDP checksums: these succeed and change nothing. */
UINT nx_udp_socket_checksum_disable(NX_UDP_SOCKET *socket_ptr);
UINT nx_udp_socket_checksum_enable(NX_UDP_SOCKET *socket_ptr);

/* Accepted as no-ops returning NX_SUCCESS, so NetX initialization code runs unchanged. */
UINT nx_arp_enable(NX_IP *ip_ptr, VOID *arp_cache_memory, ULONG arp_cache_size);
UINT nx_icmp_enable(NX_IP *ip_ptr);
UINT nx_ip_fragment_enable(NX_IP *ip_ptr);
UINT nxd_ipv6_enable(NX_IP *ip_ptr);
UINT nxd_icmp_enable(NX_IP *ip_ptr);

/* IPv6 addresses: recorded in nx_ipv6_address[] with NetX Duo's checks and codes, as a board's start-up code
 * sets them; sockets use the host's addresses (docs/porting.md). A NULL ip_address makes the link-local
 * address fe80::/64 from the interface's MAC (RFC 4291 2.5.1), as NetX Duo does. */
UINT nxd_ipv6_address_set(NX_IP *ip_ptr, UINT interface_index, NXD_ADDRESS *ip_address,
                          ULONG prefix_length, UINT *address_index);
UINT nxd_ipv6_address_get(NX_IP *ip_ptr, UINT address_index, NXD_ADDRESS *ip_address,
                          ULONG *prefix_length, UINT *interface_index);
UINT nxd_ipv6_address_delete(NX_IP *ip_ptr, UINT address_index);

#ifdef __cplusplus
}
#endif

#endif /* NX_API_H */
