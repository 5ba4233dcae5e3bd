/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_transfer.c: start, receive, send, end and packet allocation.
 *
 * A client session is driven by the calling thread: it sends what the engine queues, waits on its UDP
 * socket until the next datagram or the engine's next timer, whichever comes first, and feeds datagrams
 * from the peer (others are dropped, docs/netx-api.md 3.2). A server slot is driven by the IP's I/O thread
 * (nx_secure_dtls_server.c); here its callers only wait on the session. wait_option is in ticks and bounds
 * the whole call; NX_WAIT_FOREVER leaves only the engine's retransmission limit (docs/netx-api.md 7.2). */
#include "nx_secure_dtls_transfer.h"

#include <string.h>

#include "netx_dtls.h"
#include "netx_ip.h"
#include "netx_packet.h"
#include "netx_udp.h"
#include "nx_secure_dtls_server.h"
#include "threadx/tx_clock.h"
#include "threadx/tx_wait.h"

/* Headroom of nx_secure_dtls_packet_allocate: UDP/IP headers, the record header and an explicit IV. */
#define NETX_DTLS_HEADROOM (NX_UDP_PACKET + NX_SECURE_DTLS_RECORD_HEADER_SIZE + 16)

static ULONG netx_dtls_generation(NX_SECURE_DTLS_SESSION *s)
{
    return __atomic_load_n(&s->nx_secure_dtls_generation, __ATOMIC_ACQUIRE);
}

/* netx_dtls_wait_datagram waits on the client's socket for the next datagram until d. Returns NX_SUCCESS
 * with *out, NX_NO_PACKET at the deadline, NX_NOT_BOUND, or NX_SECURE_TLS_SESSION_UNINITIALIZED when the
 * session was reset meanwhile. */
static UINT netx_dtls_wait_datagram(NX_SECURE_DTLS_SESSION *s, NX_UDP_SOCKET *sock, ULONG gen,
                                    const struct txp_deadline *d, NX_PACKET **out)
{
    *out = NULL;
    UINT status = NX_SUCCESS;
    (void)pthread_mutex_lock(&sock->nx_udp_socket_lock);
    sock->nx_udp_socket_waiters++;
    for (;;) {
        if (netx_dtls_generation(s) != gen) {
            status = NX_SECURE_TLS_SESSION_UNINITIALIZED;
            break;
        }
        if (!sock->nx_udp_socket_bound || sock->nx_udp_socket_id != NX_UDP_ID) {
            status = NX_NOT_BOUND;
            break;
        }
        *out = netx_udp_socket_dequeue(sock);
        if (*out != NULL) {
            break;
        }
        enum txp_wake wake = txp_cond_wait(&sock->nx_udp_socket_cond, &sock->nx_udp_socket_lock, d);
        if (wake == TXP_WAKE_ABORT) {
            status = NX_WAIT_ABORTED;
            break;
        }
        if (wake == TXP_WAKE_TIMEOUT && sock->nx_udp_socket_receive_head == NULL) {
            status = NX_NO_PACKET;
            break;
        }
    }
    sock->nx_udp_socket_waiters--;
    if (sock->nx_udp_socket_id != NX_UDP_ID) {
        (void)pthread_cond_broadcast(&sock->nx_udp_socket_cond);
    }
    (void)pthread_mutex_unlock(&sock->nx_udp_socket_lock);
    return status;
}

/* netx_dtls_feed feeds one datagram to a client session if it comes from the peer (session lock taken
 * here); a standalone server session without a peer adopts the sender of the first datagram. */
static void netx_dtls_feed(NX_SECURE_DTLS_SESSION *s, ULONG gen, NX_PACKET *p)
{
    uint8_t scratch[NETX_DTLS_MAX_DATAGRAM];
    NXD_ADDRESS src;
    UINT port = 0;
    uint8_t *data = NULL;
    size_t len = 0;
    if (nxd_udp_source_extract(p, &src, &port) == NX_SUCCESS &&
        netx_dtls_linearize(p, scratch, sizeof scratch, &data, &len)) {
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        if (netx_dtls_generation(s) == gen) {
            if (!s->nx_secure_dtls_session_in_use) {
                s->nx_secure_dtls_remote_ip_address = src;
                s->nx_secure_dtls_remote_port = port;
                s->nx_secure_dtls_session_in_use = NX_TRUE;
            }
            if (netx_dtls_peer_is(s, &src, port)) {
                struct netx_dtls_result r = {0};
                netx_dtls_input(s, txp_time_ms(), data, len, &r);
            }
        }
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    }
    (void)nx_packet_release(p);
}

/* netx_dtls_drive_once services the engine's timer, then waits for one datagram until the timer or the
 * deadline and feeds it. Returns NX_SUCCESS when something may have changed, NX_NO_PACKET when the
 * deadline passed with nothing to do, NX_NOT_BOUND, or NX_SECURE_TLS_SESSION_UNINITIALIZED (reset). */
static UINT netx_dtls_drive_once(NX_SECURE_DTLS_SESSION *s, ULONG gen,
                                 const struct txp_deadline *dl)
{
    (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
    if (netx_dtls_generation(s) != gen) {
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    struct netx_dtls_result r = {0};
    uint64_t next = netx_dtls_timer(s, txp_time_ms(), &r);
    /* Read under the lock: a start on another thread sets it (under the same lock). */
    NX_UDP_SOCKET *sock = s->nx_secure_dtls_udp_socket;
    (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    if (r.failed) {
        return NX_SUCCESS;
    }
    uint64_t until = dl->forever ? UINT64_MAX : dl->end_ms;
    struct txp_deadline d = txp_deadline_at_ms(next < until ? next : until);
    NX_PACKET *p = NULL;
    UINT status = netx_dtls_wait_datagram(s, sock, gen, &d, &p);
    if (status == NX_NO_PACKET) {
        return txp_deadline_expired(dl) ? NX_NO_PACKET
                                        : NX_SUCCESS; /* else the engine's timer is due */
    }
    if (status != NX_SUCCESS) {
        return status;
    }
    netx_dtls_feed(s, gen, p);
    return NX_SUCCESS;
}

/* netx_dtls_drive runs a standalone session's engine until its state leaves while_state, the deadline
 * passes (NX_NO_PACKET), or the session is reset. Returns NX_SUCCESS when the state moved on. */
static UINT netx_dtls_drive(NX_SECURE_DTLS_SESSION *s, ULONG gen, UINT while_state,
                            const struct txp_deadline *dl)
{
    for (;;) {
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        bool same = netx_dtls_generation(s) == gen;
        UINT state = s->nx_secure_dtls_state;
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
        if (!same) {
            return NX_SECURE_TLS_SESSION_UNINITIALIZED;
        }
        if (state != while_state) {
            return NX_SUCCESS;
        }
        UINT status = netx_dtls_drive_once(s, gen, dl);
        if (status != NX_SUCCESS) {
            return status;
        }
    }
}

/* netx_dtls_enter marks a thread about to block on s; NX_ALREADY_SUSPENDED when another one is. */
static UINT netx_dtls_enter(NX_SECURE_DTLS_SESSION *s, bool start)
{
    UINT status = NX_SUCCESS;
    (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
    if (s->nx_secure_dtls_waiting != 0) {
        status = NX_ALREADY_SUSPENDED;
    } else {
        s->nx_secure_dtls_waiting = 1;
        s->nx_secure_dtls_start_waiting = start;
    }
    (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    return status;
}

static void netx_dtls_leave(NX_SECURE_DTLS_SESSION *s)
{
    (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
    s->nx_secure_dtls_waiting = 0;
    s->nx_secure_dtls_start_waiting = 0;
    (void)pthread_cond_broadcast(&s->nx_secure_dtls_cond);
    (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
}

/* netx_dtls_handshake starts a standalone session's handshake (client, or legacy server) and drives it. */
static UINT netx_dtls_handshake(NX_SECURE_DTLS_SESSION *s, NX_UDP_SOCKET *sock,
                                const NXD_ADDRESS *peer, UINT port, bool client, ULONG wait_option)
{
    UINT local_port = 0;
    if (nx_udp_socket_port_get(sock, &local_port) != NX_SUCCESS) {
        return NX_SECURE_TLS_TCP_SEND_FAILED; /* NetX reports an unbound socket by the send failing */
    }
    if ((wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) || netx_dtls_in_callback(s)) {
        return NX_CALLER_ERROR;
    }
    UINT status = netx_dtls_enter(s, true);
    if (status != NX_SUCCESS) {
        return status;
    }
    struct txp_deadline dl = txp_deadline_from_ticks(wait_option);
    (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
    if (s->nx_secure_dtls_state != NETX_DTLS_IDLE) {
        /* Starting again without a reset: the old association is dropped first. */
        nxdtls_conn_free(s->nx_secure_dtls_conn);
        netx_dtls_release_queues(s);
        s->nx_secure_dtls_state = NETX_DTLS_IDLE;
        s->nx_secure_dtls_tls_session.nx_secure_tls_local_session_active = NX_FALSE;
        s->nx_secure_dtls_tls_session.nx_secure_tls_remote_session_active = NX_FALSE;
    }
    s->nx_secure_dtls_close_sent = 0;
    s->nx_secure_dtls_error = NX_SUCCESS;
    ULONG gen = s->nx_secure_dtls_generation;
    s->nx_secure_dtls_udp_socket = sock;
    s->nx_secure_dtls_local_port = local_port;
    if (peer != NULL) {
        s->nx_secure_dtls_remote_ip_address = *peer;
        s->nx_secure_dtls_remote_port = port;
        s->nx_secure_dtls_session_in_use = NX_TRUE;
    } else {
        s->nx_secure_dtls_session_in_use = NX_FALSE; /* a legacy server adopts its first peer */
    }
    netx_dtls_config_refresh(s);
    nxdtls_config *cfg = &s->nx_secure_dtls_config;
    cfg->role = client ? NXDTLS_ROLE_CLIENT : NXDTLS_ROLE_SERVER;
    /* A lone server session has no stateless routing in front of it (docs/netx-api.md 3.2, legacy start). */
    cfg->disable_cookies = client ? 0 : 1;
    uint64_t now = txp_time_ms();
    status = nxdtls_conn_init(s->nx_secure_dtls_conn, cfg, s->nx_secure_dtls_metadata,
                              s->nx_secure_dtls_metadata_size, s->nx_secure_dtls_reassembly,
                              s->nx_secure_dtls_reassembly_size);
    if (status == NX_SUCCESS && s->nx_secure_dtls_remote_certs_number != 0) {
        /* docs/netx-api.md 3.2: the peer's chain goes into the session's remote-certificate buffer. */
        status = nxdtls_conn_set_remote_certificates(
            s->nx_secure_dtls_conn, s->nx_secure_dtls_remote_cert_buffer,
            s->nx_secure_dtls_remote_cert_buffer_size, s->nx_secure_dtls_remote_certs_number);
        if (status != NX_SUCCESS) {
            nxdtls_conn_free(s->nx_secure_dtls_conn);
        }
    }
    if (status == NX_SUCCESS) {
        s->nx_secure_dtls_state = NETX_DTLS_HANDSHAKE;
        s->nx_secure_dtls_tls_session.nx_secure_tls_socket_type =
            client ? NX_SECURE_TLS_SESSION_TYPE_CLIENT : NX_SECURE_TLS_SESSION_TYPE_SERVER;
        if (client) {
            status = nxdtls_conn_connect(s->nx_secure_dtls_conn, now);
            if (status == NX_SUCCESS) {
                status = netx_dtls_flush(s, now);
            }
        }
        if (status != NX_SUCCESS) {
            s->nx_secure_dtls_state = NETX_DTLS_FAILED;
            s->nx_secure_dtls_error = status;
        }
    }
    (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    if (status == NX_SUCCESS) {
        status = netx_dtls_drive(s, gen, NETX_DTLS_HANDSHAKE, &dl);
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        if (status == NX_SUCCESS) {
            status = s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED ? NX_SUCCESS
                                                                      : s->nx_secure_dtls_error;
        } else if (status == NX_NO_PACKET && netx_dtls_generation(s) == gen) {
            s->nx_secure_dtls_state = NETX_DTLS_FAILED;
            s->nx_secure_dtls_error = NX_NO_PACKET;
        }
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    }
    netx_dtls_leave(s);
    return status;
}

NXDTLS_API UINT nx_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                    NX_UDP_SOCKET *udp_socket,
                                                    NXD_ADDRESS *ip_address, UINT port,
                                                    UINT wait_option)
{
    if (dtls_session == NULL || udp_socket == NULL || ip_address == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session) ||
        dtls_session->nx_secure_dtls_server_parent != NULL) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (!netx_udp_socket_valid(udp_socket)) {
        return NX_PTR_ERROR;
    }
    /* An unbound socket: netx_dtls_handshake returns NX_SECURE_TLS_TCP_SEND_FAILED. */
    return netx_dtls_handshake(dtls_session, udp_socket, ip_address, port, true, wait_option);
}

NXDTLS_API UINT nx_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                             NX_UDP_SOCKET *udp_socket, UINT is_client,
                                             UINT wait_option)
{
    if (dtls_session == NULL || udp_socket == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session) ||
        dtls_session->nx_secure_dtls_server_parent != NULL) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (!netx_udp_socket_valid(udp_socket)) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_in_callback(dtls_session)) {
        return NX_CALLER_ERROR; /* its lock is this thread's: the callback rule of netx_dtls.h */
    }
    UINT local_port = 0;
    if (nx_udp_socket_port_get(udp_socket, &local_port) != NX_SUCCESS) {
        return NX_SECURE_TLS_TCP_SEND_FAILED;
    }
    if (is_client) {
        /* The peer is the one a previous start or send stored. */
        (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
        NXD_ADDRESS peer = dtls_session->nx_secure_dtls_remote_ip_address;
        UINT port = dtls_session->nx_secure_dtls_remote_port;
        (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
        if (peer.nxd_ip_version == 0 || port == 0) {
            return NX_NOT_CONNECTED;
        }
        return netx_dtls_handshake(dtls_session, udp_socket, &peer, port, true, wait_option);
    }
    return netx_dtls_handshake(dtls_session, udp_socket, NULL, 0, false, wait_option);
}

NXDTLS_API UINT nx_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                    UINT wait_option)
{
    if (dtls_session == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session) ||
        dtls_session->nx_secure_dtls_server_parent == NULL ||
        dtls_session->nx_secure_dtls_udp_socket == NULL) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if ((wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) ||
        netx_dtls_in_callback(dtls_session)) {
        return NX_CALLER_ERROR;
    }
    UINT status = netx_dtls_enter(dtls_session, true);
    if (status != NX_SUCCESS) {
        return status;
    }
    struct txp_deadline dl = txp_deadline_from_ticks(wait_option);
    status = netx_dtls_server_slot_begin(dtls_session);
    if (status == NX_SUCCESS) {
        (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
        ULONG gen = dtls_session->nx_secure_dtls_generation;
        for (;;) {
            if (dtls_session->nx_secure_dtls_generation != gen ||
                !dtls_session->nx_secure_dtls_session_in_use) {
                status = NX_SECURE_TLS_SESSION_UNINITIALIZED;
                break;
            }
            UINT state = dtls_session->nx_secure_dtls_state;
            if (state != NETX_DTLS_HANDSHAKE) {
                status =
                    state == NETX_DTLS_FAILED ? dtls_session->nx_secure_dtls_error : NX_SUCCESS;
                break;
            }
            enum txp_wake wake = txp_cond_wait(&dtls_session->nx_secure_dtls_cond,
                                               &dtls_session->nx_secure_dtls_lock, &dl);
            if (wake == TXP_WAKE_ABORT) {
                status = NX_WAIT_ABORTED;
                break;
            }
            if (wake == TXP_WAKE_TIMEOUT &&
                dtls_session->nx_secure_dtls_state == NETX_DTLS_HANDSHAKE) {
                /* The handshake goes on in the I/O thread; a failure is reported by error_notify. */
                status = NX_NO_PACKET;
                break;
            }
        }
        (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
    }
    netx_dtls_leave(dtls_session);
    return status;
}

/* netx_dtls_take hands out the first queued record; session lock held. */
static NX_PACKET *netx_dtls_take(NX_SECURE_DTLS_SESSION *s)
{
    NX_PACKET *p = s->nx_secure_dtls_queue_head;
    if (p != NULL) {
        s->nx_secure_dtls_queue_head = p->nx_packet_queue_next;
        if (s->nx_secure_dtls_queue_head == NULL) {
            s->nx_secure_dtls_queue_tail = NULL;
        }
        s->nx_secure_dtls_queue_count--;
        p->nx_packet_queue_next = NULL;
    }
    return p;
}

/* netx_dtls_receive_status is what receive returns when nothing is queued; NX_CONTINUE: wait. */
static UINT netx_dtls_receive_status(const NX_SECURE_DTLS_SESSION *s)
{
    switch (s->nx_secure_dtls_state) {
    case NETX_DTLS_ESTABLISHED:
        return NX_CONTINUE;
    case NETX_DTLS_CLOSED:
        return NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED;
    case NETX_DTLS_FAILED:
        return s->nx_secure_dtls_error;
    default:
        return NX_SECURE_TLS_SESSION_UNINITIALIZED; /* the first handshake has not completed */
    }
}

NXDTLS_API UINT nx_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                               NX_PACKET **packet_ptr_ptr, ULONG wait_option)
{
    if (dtls_session == NULL || packet_ptr_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    *packet_ptr_ptr = NULL;
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if ((wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) ||
        netx_dtls_in_callback(dtls_session)) {
        return NX_CALLER_ERROR;
    }
    bool blocking = wait_option != NX_NO_WAIT;
    if (blocking) {
        UINT st = netx_dtls_enter(dtls_session, false);
        if (st != NX_SUCCESS) {
            return st;
        }
    }
    struct txp_deadline dl = txp_deadline_from_ticks(wait_option);
    bool server_slot = dtls_session->nx_secure_dtls_server_parent != NULL;
    UINT status;
    (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
    ULONG gen = dtls_session->nx_secure_dtls_generation;
    for (;;) {
        if (dtls_session->nx_secure_dtls_generation != gen) {
            status = NX_SECURE_TLS_SESSION_UNINITIALIZED;
            break;
        }
        NX_PACKET *p = netx_dtls_take(dtls_session);
        if (p != NULL) {
            *packet_ptr_ptr = p;
            status = NX_SUCCESS;
            break;
        }
        status = netx_dtls_receive_status(dtls_session);
        if (status != NX_CONTINUE) {
            break;
        }
        if (server_slot) {
            /* The I/O thread queues the slot's records. */
            enum txp_wake wake = txp_cond_wait(&dtls_session->nx_secure_dtls_cond,
                                               &dtls_session->nx_secure_dtls_lock, &dl);
            if (wake == TXP_WAKE_ABORT) {
                status = NX_WAIT_ABORTED;
                break;
            }
            if (wake == TXP_WAKE_TIMEOUT && dtls_session->nx_secure_dtls_queue_head == NULL) {
                status = NX_NO_PACKET;
                break;
            }
            continue;
        }
        /* A client reads its socket itself; a NO_WAIT call takes only what is already there. */
        (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
        status = netx_dtls_drive_once(dtls_session, gen, &dl);
        (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
        if (status != NX_SUCCESS && dtls_session->nx_secure_dtls_queue_head == NULL) {
            break;
        }
    }
    (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
    if (blocking) {
        netx_dtls_leave(dtls_session);
    }
    return status;
}

/* netx_dtls_send seals the packet's bytes as one record to the peer and sends it; releases the packet on
 * success only (docs/netx-api.md 3.2). */
static UINT netx_dtls_send(NX_SECURE_DTLS_SESSION *s, NX_PACKET *packet, const NXD_ADDRESS *addr,
                           UINT port)
{
    uint8_t out[NETX_DTLS_MAX_DATAGRAM];
    if (netx_dtls_in_callback(s)) {
        return NX_CALLER_ERROR; /* the handshake is running: nothing may be sent yet */
    }
    netx_dtls_lock(s);
    UINT status = NX_SUCCESS;
    if (s->nx_secure_dtls_state != NETX_DTLS_ESTABLISHED) {
        status = NX_SECURE_TLS_SESSION_UNINITIALIZED; /* no handshake yet, or closed, or failed */
    } else if (addr != NULL && !netx_dtls_peer_is(s, addr, port)) {
        status = NX_SECURE_TLS_SEND_ADDRESS_MISMATCH;
    } else if (packet->nx_packet_next != NULL ||
               packet->nx_packet_length > NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH ||
               packet->nx_packet_append_ptr < packet->nx_packet_prepend_ptr ||
               (ULONG)(packet->nx_packet_append_ptr - packet->nx_packet_prepend_ptr) !=
                   packet->nx_packet_length) {
        status =
            NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL; /* chained or oversized: one record per packet */
    } else {
        size_t len = 0;
        status = nxdtls_conn_write(s->nx_secure_dtls_conn, packet->nx_packet_prepend_ptr,
                                   packet->nx_packet_length, out, sizeof out, &len);
        if (status == NX_SUCCESS &&
            netx_udp_send_bytes(s->nx_secure_dtls_udp_socket, out, len,
                                &s->nx_secure_dtls_remote_ip_address,
                                s->nx_secure_dtls_remote_port) != NX_SUCCESS) {
            status = NX_SECURE_TLS_TCP_SEND_FAILED;
        }
    }
    netx_dtls_unlock(s);
    if (status == NX_SUCCESS) {
        (void)nx_packet_release(packet);
    }
    return status;
}

NXDTLS_API UINT nx_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                            NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address,
                                            UINT port)
{
    if (dtls_session == NULL || packet_ptr == NULL || ip_address == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    return netx_dtls_send(dtls_session, packet_ptr, ip_address, port);
}

NXDTLS_API UINT nx_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                                   NX_PACKET *packet_ptr)
{
    if (dtls_session == NULL || packet_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    return netx_dtls_send(dtls_session, packet_ptr, NULL, 0);
}

NXDTLS_API UINT nx_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option)
{
    if (dtls_session == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (netx_dtls_in_callback(dtls_session)) {
        return NX_CALLER_ERROR;
    }
    bool server_slot = dtls_session->nx_secure_dtls_server_parent != NULL;
    if (server_slot) {
        /* The I/O thread takes a free slot for a new peer under this lock. */
        (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
        bool in_use = dtls_session->nx_secure_dtls_session_in_use != NX_FALSE;
        (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
        if (!in_use) {
            return NX_SECURE_TLS_SESSION_UNINITIALIZED;
        }
    }
    if (wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) {
        return NX_CALLER_ERROR;
    }
    struct txp_deadline dl = txp_deadline_from_ticks(wait_option);
    UINT status = NX_SUCCESS;

    /* RFC 5246 7.2.1: send close_notify under the current epoch, then wait for the peer's. */
    netx_dtls_lock(dtls_session);
    ULONG gen = dtls_session->nx_secure_dtls_generation;
    bool wait_reply = dtls_session->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED;
    if (wait_reply) {
        netx_dtls_release_queues(dtls_session);
        uint64_t now = txp_time_ms();
        dtls_session->nx_secure_dtls_close_sent = 1;
        status = nxdtls_conn_close(dtls_session->nx_secure_dtls_conn);
        if (status == NX_SUCCESS) {
            status = netx_dtls_flush(dtls_session, now);
        }
        wait_reply = status == NX_SUCCESS;
    }
    netx_dtls_unlock(dtls_session);

    if (wait_reply) {
        status = NX_SECURE_TLS_NO_CLOSE_RESPONSE; /* decision D1 unless the peer answers in time */
        if (server_slot) {
            (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
            while (dtls_session->nx_secure_dtls_generation == gen &&
                   dtls_session->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED) {
                if (txp_cond_wait(&dtls_session->nx_secure_dtls_cond,
                                  &dtls_session->nx_secure_dtls_lock, &dl) != TXP_WAKE_SIGNAL) {
                    break;
                }
            }
            UINT state = dtls_session->nx_secure_dtls_state;
            (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
            if (state == NETX_DTLS_CLOSED || state == NETX_DTLS_FAILED) {
                status = NX_SUCCESS; /* the peer's close_notify, or any alert from it */
            }
        } else {
            UINT st = netx_dtls_drive(dtls_session, gen, NETX_DTLS_ESTABLISHED, &dl);
            if (st == NX_SUCCESS) {
                status = NX_SUCCESS;
            } else if (st == NX_NOT_BOUND) {
                status = NX_NOT_BOUND;
            }
        }
    }
    (void)nx_secure_dtls_session_reset(dtls_session);
    return status;
}

NXDTLS_API UINT nx_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session,
                                               NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr,
                                               ULONG wait_option)
{
    if (dtls_session == NULL || pool_ptr == NULL || packet_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (!netx_packet_pool_valid(pool_ptr)) {
        return NX_PTR_ERROR;
    }
    if (pool_ptr->nx_packet_pool_payload_size < NETX_DTLS_HEADROOM + 2) {
        return NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL;
    }
    if (wait_option != NX_NO_WAIT && netx_ip_on_io_thread()) {
        return NX_CALLER_ERROR;
    }
    if (nx_packet_allocate(pool_ptr, packet_ptr, NETX_DTLS_HEADROOM, wait_option) != NX_SUCCESS) {
        return NX_SECURE_TLS_ALLOCATE_PACKET_FAILED; /* NetX hides NX_NO_PACKET behind this code */
    }
    return NX_SUCCESS;
}
