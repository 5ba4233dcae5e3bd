/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls.h: DTLS constants and the session and server control blocks (docs/netx-api.md 1.4, 2.1, 2.2).
 * Applications allocate these and take sizeof() of them; the members docs/netx-api.md names are public, the
 * rest belong to the facade (src/netx). */
#ifndef NX_SECURE_DTLS_H
#define NX_SECURE_DTLS_H

#include "nx_secure_tls.h"
#include "nxdtls.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NX_SECURE_DTLS_VERSION_MAJOR         0xFE
#define NX_SECURE_DTLS_VERSION_MINOR_1_0     0xFF
#define NX_SECURE_DTLS_VERSION_MINOR_1_2     0xFD
#define NX_SECURE_DTLS_VERSION_1_0           0xFEFF
#define NX_SECURE_DTLS_VERSION_1_2           0xFEFD
#define NX_SECURE_DTLS_RECORD_HEADER_SIZE    13
#define NX_SECURE_DTLS_HANDSHAKE_HEADER_SIZE 12
#ifndef NX_SECURE_DTLS_COOKIE_LENGTH
#define NX_SECURE_DTLS_COOKIE_LENGTH 32
#endif
#ifndef NX_SECURE_DTLS_MAX_COOKIE_LENGTH
#define NX_SECURE_DTLS_MAX_COOKIE_LENGTH 255
#endif
#ifndef NX_SECURE_DTLS_RETRANSMIT_TIMEOUT
#define NX_SECURE_DTLS_RETRANSMIT_TIMEOUT NX_IP_PERIODIC_RATE
#endif
#ifndef NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_TIMEOUT
#define NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_TIMEOUT (60 * NX_IP_PERIODIC_RATE)
#endif
#ifndef NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_RETRIES
#define NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_RETRIES 10
#endif
#ifndef NX_SECURE_DTLS_RETRANSMIT_RETRY_SHIFT
#define NX_SECURE_DTLS_RETRANSMIT_RETRY_SHIFT 1
#endif
/* Event flags of NetX's DTLS retransmit thread (kept for code that names them). */
#define NX_SECURE_DTLS_ALL_EVENTS     ((ULONG)0xFFFFFFFF)
#define NX_SECURE_DTLS_PERIODIC_EVENT ((ULONG)0x00000001)

struct NX_SECURE_DTLS_SERVER_STRUCT;

/* NX_SECURE_DTLS_SESSION: one DTLS association (client, or a server slot). */
typedef struct NX_SECURE_DTLS_SESSION_STRUCT {
    NX_SECURE_TLS_SESSION nx_secure_dtls_tls_session;
    NX_UDP_SOCKET *nx_secure_dtls_udp_socket;
    NXD_ADDRESS nx_secure_dtls_remote_ip_address;
    UINT nx_secure_dtls_remote_port;
    UINT nx_secure_dtls_local_port;
    UINT nx_secure_dtls_session_in_use;
    struct NX_SECURE_DTLS_SERVER_STRUCT *nx_secure_dtls_server_parent;

    /* private: the facade's (src/netx) */
    ULONG nx_secure_dtls_id;
    struct NX_SECURE_DTLS_SESSION_STRUCT *nx_secure_dtls_created_next;
    nxdtls_config nx_secure_dtls_config; /* standalone sessions; server slots use the server's */
    nxdtls_conn *nx_secure_dtls_conn;    /* carved from the metadata buffer */
    VOID *nx_secure_dtls_metadata;       /* the engine's share of the metadata buffer */
    ULONG nx_secure_dtls_metadata_size;
    UCHAR *nx_secure_dtls_reassembly;
    UINT nx_secure_dtls_reassembly_size;
    UCHAR *nx_secure_dtls_remote_cert_buffer;
    ULONG nx_secure_dtls_remote_cert_buffer_size;
    UINT nx_secure_dtls_remote_certs_number;
    UINT nx_secure_dtls_slot;    /* index in the server's session buffer */
    UINT nx_secure_dtls_state;   /* NETX_DTLS_IDLE, ... (src/netx/netx_dtls.h) */
    UINT nx_secure_dtls_error;   /* sticky code of a failed session */
    UINT nx_secure_dtls_started; /* server slot: the application called server_session_start */
    UINT nx_secure_dtls_waiting; /* a thread is blocked in start, receive or end */
    UINT nx_secure_dtls_start_waiting; /* that thread is in a start service */
    UINT nx_secure_dtls_close_sent;    /* our close_notify is queued or sent */
    ULONG nx_secure_dtls_generation;   /* bumped by every reset */
    USHORT nx_secure_dtls_protocol_version;
    NX_PACKET *nx_secure_dtls_queue_head; /* decrypted application records, one per packet */
    NX_PACKET *nx_secure_dtls_queue_tail;
    ULONG nx_secure_dtls_queue_count;
    NX_PACKET *nx_secure_dtls_raw_head; /* server slot: datagrams that arrived before start */
    NX_PACKET *nx_secure_dtls_raw_tail;
    ULONG nx_secure_dtls_raw_count;
    ULONG nx_secure_dtls_dropped; /* records dropped: no packet for them, queue full */
    pthread_mutex_t nx_secure_dtls_lock;
    pthread_cond_t nx_secure_dtls_cond;
} NX_SECURE_DTLS_SESSION;

/* NX_SECURE_DTLS_SERVER: many sessions on one UDP port. */
typedef struct NX_SECURE_DTLS_SERVER_STRUCT {
    NX_IP *nx_dtls_server_ip_ptr;
    NX_UDP_SOCKET nx_dtls_server_udp_socket;
    NX_SECURE_DTLS_SESSION *nx_dtls_server_sessions;
    UINT nx_dtls_server_sessions_count;
    UINT nx_dtls_server_listen_port;
    ULONG nx_dtls_server_timeout;
    /* clang-format off */
    UINT (*nx_secure_dtls_connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address,
                                          UINT port);
    /* clang-format on */
    UINT (*nx_secure_dtls_receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session);
    UINT (*nx_secure_dtls_disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session);
    UINT (*nx_secure_dtls_error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code);

    /* private: the facade's (src/netx) */
    ULONG nx_dtls_server_id;
    struct NX_SECURE_DTLS_SERVER_STRUCT *nx_dtls_server_created_next;
    UINT nx_dtls_server_started;
    nxdtls_server nx_dtls_server_engine;
    nxdtls_config nx_dtls_server_config;
    /* PSKs and certificates shared by the slots */
    NX_SECURE_TLS_CREDENTIALS nx_dtls_server_credentials;
    const NX_SECURE_TLS_CRYPTO *nx_dtls_server_crypto_table;
    nxdtls_conn *nx_dtls_server_conns; /* carved from the metadata buffer */
    UCHAR *nx_dtls_server_metadata;
    ULONG nx_dtls_server_metadata_each;
    UCHAR *nx_dtls_server_reassembly;
    UINT nx_dtls_server_reassembly_each;
    UCHAR *nx_dtls_server_client_certs_buffer;
    ULONG nx_dtls_server_client_certs_buffer_size;
    UINT nx_dtls_server_client_certs_per_session;
    USHORT nx_dtls_server_protocol_version;
    ULONG64 nx_dtls_server_next_timer; /* earliest engine deadline of any slot (ms), or all ones */
    ULONG nx_dtls_server_refused;      /* ClientHellos refused for want of a free slot */
    /* nxdtls extension (nxdtls_netx.h): the application's PSK lookup, asked after the server's entries */
    /* clang-format off */
    UINT (*nx_dtls_server_psk_lookup)(struct NX_SECURE_DTLS_SESSION_STRUCT *dtls_session, const UCHAR *identity,
                                      UINT identity_length, UCHAR *key, UINT key_size, UINT *key_length);
    /* clang-format on */
    pthread_mutex_t nx_dtls_server_lock;
} NX_SECURE_DTLS_SERVER;

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_DTLS_H */
