/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_server.c: DTLS servers (see nx_secure_dtls_server.h).
 *
 * Memory (docs/netx-api.md 3.3): the session buffer holds N = size / sizeof(NX_SECURE_DTLS_SESSION) slots. The
 * metadata buffer is carved, 8-aligned, into the N engine connections, the engine's hash index, and N
 * equal metadata shares; the reassembly buffer into N equal shares. nx_secure_tls_metadata_size_calculate
 * counts a connection and an index share per session, so N times its answer is always enough.
 *
 * Slots are never freed behind the application's back (docs/netx-api.md 7.4): a failed handshake, a peer's
 * close_notify or a retransmission timeout only changes the slot's state and calls error_notify or
 * disconnect_notify (and, on an established slot, receive_notify as NetX does, so that the application's
 * next receive returns the close or error code); the slot is free again after session_end, session_reset
 * or server_stop. */
#include "nx_secure_dtls_server.h"

#include <stddef.h>
#include <string.h>

#include "netx_dtls.h"
#include "netx_ip.h"
#include "netx_udp.h"
#include "nx_secure_dtls_session.h"
#include "threadx/tx_clock.h"
#include "x509/x509_store.h"

#define NETX_ALIGN8(p) (((uintptr_t)(p) + 7u) & ~(uintptr_t)7u)

/* netx_dtls_server_cert_share is one slot's share of the client-certificate buffer: an equal part, a
 * multiple of 8 so every share has the alignment of the first. */
static size_t netx_dtls_server_cert_share(ULONG buffer_size, UINT slots)
{
    return slots != 0 ? ((size_t)buffer_size / slots) & ~(size_t)7u : 0;
}

/* Callbacks collected under the locks and run after they are dropped. */
#define NETX_DTLS_CALLS 32

enum netx_dtls_call_kind { CALL_CONNECT, CALL_RECEIVE, CALL_DISCONNECT, CALL_ERROR };

struct netx_dtls_call {
    enum netx_dtls_call_kind kind;
    NX_SECURE_DTLS_SESSION *session;
    UINT code;
    NXD_ADDRESS address;
    UINT port;
};

struct netx_dtls_calls {
    struct netx_dtls_call call[NETX_DTLS_CALLS];
    size_t count;
};

static bool netx_dtls_call_add(struct netx_dtls_calls *c, enum netx_dtls_call_kind kind,
                               NX_SECURE_DTLS_SESSION *s, UINT code)
{
    if (c->count == NETX_DTLS_CALLS) {
        return false;
    }
    struct netx_dtls_call *call = &c->call[c->count++];
    memset(call, 0, sizeof *call);
    call->kind = kind;
    call->session = s;
    call->code = code;
    if (s != NULL) {
        call->address = s->nx_secure_dtls_remote_ip_address;
        call->port = s->nx_secure_dtls_remote_port;
    }
    return true;
}

/* The application's callbacks, as netx_dtls_calls_run copies them under the server lock. */
struct netx_dtls_notify {
    UINT (*connect)(NX_SECURE_DTLS_SESSION *session, NXD_ADDRESS *address, UINT port);
    UINT (*receive)(NX_SECURE_DTLS_SESSION *session);
    UINT (*disconnect)(NX_SECURE_DTLS_SESSION *session);
    UINT (*error)(NX_SECURE_DTLS_SESSION *session, UINT code);
};

static void netx_dtls_calls_run(NX_SECURE_DTLS_SERVER *server, struct netx_dtls_calls *c)
{
    if (c->count == 0) {
        return;
    }
    /* nx_secure_dtls_server_notify_set may run on another thread at any time: take the pointers
     * under the lock it writes them under, and call them with no lock held (netx_dtls.h). */
    netx_dtls_server_lock(server);
    struct netx_dtls_notify notify = {.connect = server->nx_secure_dtls_connect_notify,
                                      .receive = server->nx_secure_dtls_receive_notify,
                                      .disconnect = server->nx_secure_dtls_disconnect_notify,
                                      .error = server->nx_secure_dtls_error_notify};
    netx_dtls_server_unlock(server);
    for (size_t i = 0; i < c->count; i++) {
        struct netx_dtls_call *call = &c->call[i];
        switch (call->kind) {
        case CALL_CONNECT:
            if (notify.connect != NULL) {
                (void)notify.connect(call->session, &call->address, call->port);
            }
            break;
        case CALL_RECEIVE:
            if (notify.receive != NULL) {
                (void)notify.receive(call->session);
            }
            break;
        case CALL_DISCONNECT:
            if (notify.disconnect != NULL) {
                (void)notify.disconnect(call->session);
            }
            break;
        case CALL_ERROR:
            if (notify.error != NULL) {
                (void)notify.error(call->session, call->code);
            }
            break;
        }
    }
    c->count = 0;
}

/* netx_dtls_server_results turns one engine pass on a slot into callbacks (docs/netx-api.md 7.9);
 * from_datagram: the pass fed a received datagram (not a timer). */
static void netx_dtls_server_results(NX_SECURE_DTLS_SESSION *s, const struct netx_dtls_result *r,
                                     struct netx_dtls_calls *c, bool was_established,
                                     bool from_datagram)
{
    if (r->records != 0 && (s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED ||
                            s->nx_secure_dtls_state == NETX_DTLS_CLOSED)) {
        for (unsigned i = 0; i < r->records; i++) {
            if (!netx_dtls_call_add(c, CALL_RECEIVE, s, 0)) {
                break;
            }
        }
    }
    if (from_datagram && was_established && r->records == 0 && (r->peer_closed || r->failed)) {
        /* NetX calls receive_notify for every datagram that reaches an established session
         * (_nx_secure_dtls_receive_callback), a close_notify or a fatal alert included: the application
         * learns of the end from its next receive, which returns the close or error code. */
        (void)netx_dtls_call_add(c, CALL_RECEIVE, s, 0);
    }
    if (r->peer_closed) {
        /* Not when the close_notify answers the application's own session_end. */
        (void)netx_dtls_call_add(c, CALL_DISCONNECT, s, 0);
    }
    /* A handshake failure goes to the thread in server_session_start when there is one. */
    if (r->failed && (was_established || !s->nx_secure_dtls_start_waiting)) {
        (void)netx_dtls_call_add(c, CALL_ERROR, s, r->error);
    }
    if (r->records != 0 || r->closed || r->failed || r->established) {
        (void)pthread_cond_broadcast(&s->nx_secure_dtls_cond);
    }
}

/* netx_dtls_server_note_timer lowers the server's earliest deadline after a slot's engine ran
 * (server lock held); returns true when it moved earlier. */
static bool netx_dtls_server_note_timer(NX_SECURE_DTLS_SERVER *server, NX_SECURE_DTLS_SESSION *s)
{
    if (s->nx_secure_dtls_state != NETX_DTLS_HANDSHAKE &&
        s->nx_secure_dtls_state != NETX_DTLS_ESTABLISHED) {
        return false;
    }
    uint64_t t = nxdtls_conn_next_timeout(s->nx_secure_dtls_conn);
    if (t < server->nx_dtls_server_next_timer) {
        server->nx_dtls_server_next_timer = t;
        return true;
    }
    return false;
}

/* netx_dtls_raw_push keeps a datagram for a slot whose application has not called start yet. */
static bool netx_dtls_raw_push(NX_SECURE_DTLS_SESSION *s, NX_PACKET *p)
{
    if (s->nx_secure_dtls_raw_count >= NETX_DTLS_RAW_MAX) {
        return false;
    }
    p->nx_packet_queue_next = NULL;
    if (s->nx_secure_dtls_raw_tail != NULL) {
        s->nx_secure_dtls_raw_tail->nx_packet_queue_next = p;
    } else {
        s->nx_secure_dtls_raw_head = p;
    }
    s->nx_secure_dtls_raw_tail = p;
    s->nx_secure_dtls_raw_count++;
    return true;
}

/* netx_dtls_server_slot_certs gives a slot's connection its share of the client-certificate buffer
 * (docs/netx-api.md 3.3: the buffer is divided equally among the N slots, each share into certs_per_session
 * slots), when client verification is configured (server lock held). The engine reads the chain into it;
 * without it a client's Certificate fails with NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED. */
static void netx_dtls_server_slot_certs(NX_SECURE_DTLS_SERVER *server, NX_SECURE_DTLS_SESSION *s)
{
    UCHAR *buffer = server->nx_dtls_server_client_certs_buffer;
    if (buffer == NULL || server->nx_dtls_server_client_certs_per_session == 0) {
        return;
    }
    size_t each = netx_dtls_server_cert_share(server->nx_dtls_server_client_certs_buffer_size,
                                              server->nx_dtls_server_sessions_count);
    (void)nxdtls_conn_set_remote_certificates(s->nx_secure_dtls_conn,
                                              buffer + (size_t)s->nx_secure_dtls_slot * each, each,
                                              server->nx_dtls_server_client_certs_per_session);
}

/* netx_dtls_server_datagram routes and processes one datagram of the server's socket (I/O thread). */
static void netx_dtls_server_datagram(NX_SECURE_DTLS_SERVER *server, NX_PACKET *p,
                                      struct netx_dtls_calls *calls)
{
    uint8_t scratch[NETX_DTLS_MAX_DATAGRAM];
    uint8_t *data = NULL;
    size_t len = 0;
    NXD_ADDRESS src;
    UINT port = 0;
    if (nxd_udp_source_extract(p, &src, &port) != NX_SUCCESS ||
        !netx_dtls_linearize(p, scratch, sizeof scratch, &data, &len)) {
        (void)nx_packet_release(p);
        return;
    }
    nxdtls_addr peer;
    netx_dtls_addr_from(&peer, &src, port);
    bool kept = false;
    (void)pthread_mutex_lock(&server->nx_dtls_server_lock);
    if (!server->nx_dtls_server_started) {
        (void)pthread_mutex_unlock(&server->nx_dtls_server_lock);
        (void)nx_packet_release(p);
        return;
    }
    uint64_t now = txp_time_ms();
    nxdtls_route route;
    if (nxdtls_server_route(&server->nx_dtls_server_engine, now, &peer, data, len, &route) !=
        NX_SUCCESS) {
        route.kind = NXDTLS_ROUTE_DROP;
    }
    NX_SECURE_DTLS_SESSION *s = NULL;
    if ((route.kind == NXDTLS_ROUTE_NEW || route.kind == NXDTLS_ROUTE_SESSION) &&
        route.slot < server->nx_dtls_server_sessions_count) {
        s = &server->nx_dtls_server_sessions[route.slot];
    }
    switch (route.kind) {
    case NXDTLS_ROUTE_REPLY:
    case NXDTLS_ROUTE_FULL:
        /* A HelloVerifyRequest, or the internal_error alert of a full server: no state kept. */
        (void)netx_udp_send_bytes(&server->nx_dtls_server_udp_socket, route.reply, route.reply_len,
                                  &src, port);
        if (route.kind == NXDTLS_ROUTE_FULL) {
            server->nx_dtls_server_refused++;
        }
        break;
    case NXDTLS_ROUTE_NEW:
        if (s == NULL) {
            break;
        }
        /* The client proved its address with a cookie (decision D3): the slot is its own from now on. */
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        netx_dtls_release_queues(s);
        s->nx_secure_dtls_remote_ip_address = src;
        s->nx_secure_dtls_remote_port = port;
        s->nx_secure_dtls_local_port = server->nx_dtls_server_udp_socket.nx_udp_socket_port;
        s->nx_secure_dtls_session_in_use = NX_TRUE;
        s->nx_secure_dtls_state = NETX_DTLS_HANDSHAKE;
        s->nx_secure_dtls_tls_session.nx_secure_tls_socket_type = NX_SECURE_TLS_SESSION_TYPE_SERVER;
        s->nx_secure_dtls_error = NX_SUCCESS;
        s->nx_secure_dtls_started = 0;
        s->nx_secure_dtls_close_sent = 0;
        netx_dtls_server_slot_certs(server, s);
        kept = netx_dtls_raw_push(s, p);
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
        (void)netx_dtls_call_add(calls, CALL_CONNECT, s, 0);
        break;
    case NXDTLS_ROUTE_SESSION:
        if (s == NULL) {
            break;
        }
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        if (!s->nx_secure_dtls_session_in_use) {
            /* nothing: a slot the application freed */
        } else if (!s->nx_secure_dtls_started) {
            kept = netx_dtls_raw_push(s, p);
        } else {
            bool was_established = s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED;
            struct netx_dtls_result r = {0};
            netx_dtls_input(s, now, data, len, &r);
            int moved = 0;
            if (route.by_cid &&
                nxdtls_server_peer_update(&server->nx_dtls_server_engine, route.slot, &peer,
                                          &moved) == NX_SUCCESS &&
                moved) {
                /* RFC 9146 6 (nxdtls_netx.h): the client's new address, once its record authenticated. */
                s->nx_secure_dtls_remote_ip_address = src;
                s->nx_secure_dtls_remote_port = port;
            }
            netx_dtls_server_results(s, &r, calls, was_established, true);
            (void)netx_dtls_server_note_timer(server, s);
        }
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
        break;
    default:
        break;
    }
    (void)pthread_mutex_unlock(&server->nx_dtls_server_lock);
    if (route.kind == NXDTLS_ROUTE_FULL) {
        /* NetX's call, with its NULL session (docs/netx-api.md 7.4 step 4). */
        (void)netx_dtls_call_add(calls, CALL_ERROR, NULL, NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS);
    }
    if (!kept) {
        (void)nx_packet_release(p);
    }
}

static NX_SECURE_DTLS_SERVER *netx_dtls_server_of(NX_UDP_SOCKET *sock)
{
    return (NX_SECURE_DTLS_SERVER *)(void *)((uint8_t *)sock - offsetof(NX_SECURE_DTLS_SERVER,
                                                                        nx_dtls_server_udp_socket));
}

/* netx_dtls_server_receive is the server socket's receive notify: drain the queue (I/O thread). */
static VOID netx_dtls_server_receive(NX_UDP_SOCKET *sock)
{
    NX_SECURE_DTLS_SERVER *server = netx_dtls_server_of(sock);
    struct netx_dtls_calls calls;
    calls.count = 0;
    for (;;) {
        (void)pthread_mutex_lock(&sock->nx_udp_socket_lock);
        NX_PACKET *p = netx_udp_socket_dequeue(sock);
        (void)pthread_mutex_unlock(&sock->nx_udp_socket_lock);
        if (p == NULL) {
            break;
        }
        netx_dtls_server_datagram(server, p, &calls);
        if (calls.count > NETX_DTLS_CALLS / 2) {
            netx_dtls_calls_run(server, &calls);
        }
    }
    netx_dtls_calls_run(server, &calls);
}

/* netx_dtls_server_timer is the socket's timer hook: the slots' retransmissions (I/O thread). */
static ULONG64 netx_dtls_server_timer(NX_UDP_SOCKET *sock, ULONG64 now)
{
    NX_SECURE_DTLS_SERVER *server = netx_dtls_server_of(sock);
    struct netx_dtls_calls calls;
    calls.count = 0;
    (void)pthread_mutex_lock(&server->nx_dtls_server_lock);
    if (!server->nx_dtls_server_started || now < server->nx_dtls_server_next_timer) {
        uint64_t next =
            server->nx_dtls_server_started ? server->nx_dtls_server_next_timer : UINT64_MAX;
        (void)pthread_mutex_unlock(&server->nx_dtls_server_lock);
        return next;
    }
    uint64_t next = UINT64_MAX;
    for (UINT i = 0; i < server->nx_dtls_server_sessions_count; i++) {
        NX_SECURE_DTLS_SESSION *s = &server->nx_dtls_server_sessions[i];
        if (calls.count + 4 > NETX_DTLS_CALLS) {
            next = now; /* more to do once these callbacks ran */
            break;
        }
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        if (s->nx_secure_dtls_session_in_use && s->nx_secure_dtls_started) {
            bool was_established = s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED;
            struct netx_dtls_result r = {0};
            uint64_t t = netx_dtls_timer(s, now, &r);
            netx_dtls_server_results(s, &r, &calls, was_established, false);
            next = t < next ? t : next;
        }
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    }
    server->nx_dtls_server_next_timer = next;
    (void)pthread_mutex_unlock(&server->nx_dtls_server_lock);
    netx_dtls_calls_run(server, &calls);
    return next;
}

UINT netx_dtls_server_slot_begin(NX_SECURE_DTLS_SESSION *s)
{
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    struct netx_dtls_calls calls;
    calls.count = 0;
    uint8_t scratch[NETX_DTLS_MAX_DATAGRAM];
    netx_dtls_lock(s);
    if (!s->nx_secure_dtls_session_in_use) {
        netx_dtls_unlock(s);
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (s->nx_secure_dtls_started && (s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED ||
                                      s->nx_secure_dtls_state == NETX_DTLS_CLOSED)) {
        /* NetX's _nx_secure_dtls_session_start finds the handshake finished and returns its initial
         * status: a completed session cannot be started again. */
        netx_dtls_unlock(s);
        return NX_NOT_SUCCESSFUL;
    }
    bool wake = false;
    if (!s->nx_secure_dtls_started) {
        s->nx_secure_dtls_started = 1;
        /* Nothing was fed yet: verification configured since the slot was taken applies too. */
        netx_dtls_server_slot_certs(server, s);
        NX_PACKET *p = s->nx_secure_dtls_raw_head;
        s->nx_secure_dtls_raw_head = NULL;
        s->nx_secure_dtls_raw_tail = NULL;
        s->nx_secure_dtls_raw_count = 0;
        while (p != NULL) {
            NX_PACKET *next = p->nx_packet_queue_next;
            p->nx_packet_queue_next = NULL;
            uint8_t *data = NULL;
            size_t len = 0;
            if (netx_dtls_linearize(p, scratch, sizeof scratch, &data, &len)) {
                bool was_established = s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED;
                struct netx_dtls_result r = {0};
                netx_dtls_input(s, txp_time_ms(), data, len, &r);
                netx_dtls_server_results(s, &r, &calls, was_established, true);
            }
            (void)nx_packet_release(p);
            p = next;
        }
        wake = netx_dtls_server_note_timer(server, s);
    }
    netx_dtls_unlock(s);
    if (wake) {
        netx_ip_wake(server->nx_dtls_server_ip_ptr);
    }
    netx_dtls_calls_run(server, &calls);
    return NX_SUCCESS;
}

/* netx_dtls_server_refresh points the shared configuration at the server's credentials. */
static void netx_dtls_server_refresh(NX_SECURE_DTLS_SERVER *server)
{
    NX_SECURE_TLS_CREDENTIALS *cred = &server->nx_dtls_server_credentials;
    nxdtls_config *cfg = &server->nx_dtls_server_config;
    cfg->psks = cred->nx_secure_tls_psk_count != 0 ? cred->nx_secure_tls_psk_store : NULL;
    cfg->psk_count = cred->nx_secure_tls_psk_count;
    /* The engine picks the identity by suite from the local list (docs/netx-api.md 7.7) and verifies client
     * chains against the trusted list. */
    cfg->certificates = &cred->nx_secure_tls_certificate_store;
}

NXDTLS_API UINT nx_secure_dtls_server_create(
    NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port, ULONG timeout,
    VOID *session_buffer, UINT session_buffer_size, const NX_SECURE_TLS_CRYPTO *crypto_table,
    VOID *crypto_metadata_buffer, ULONG crypto_metadata_size, UCHAR *packet_reassembly_buffer,
    UINT packet_reassembly_buffer_size,
    UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address,
                           UINT port),
    UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session))
{
    if (server_ptr == NULL || ip_ptr == NULL || session_buffer == NULL || crypto_table == NULL ||
        crypto_metadata_buffer == NULL || packet_reassembly_buffer == NULL ||
        connect_notify == NULL || receive_notify == NULL || netx_dtls_server_valid(server_ptr) ||
        !netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    size_t n = session_buffer_size / sizeof(NX_SECURE_DTLS_SESSION);
    NX_SECURE_DTLS_SESSION *sessions = session_buffer;
    for (size_t i = 0; i < n; i++) {
        if (netx_dtls_session_valid(&sessions[i]) || netx_dtls_session_registered(&sessions[i])) {
            return NX_PTR_ERROR; /* a slot is a live session already */
        }
    }
    if (n == 0 || port > NX_MAX_PORT) {
        return NX_INVALID_PARAMETERS;
    }
    /* Metadata: connections, then the engine's index, then N equal engine shares. */
    uintptr_t conns_at = NETX_ALIGN8(crypto_metadata_buffer);
    size_t index_size = nxdtls_server_index_size(n);
    uintptr_t index_at = NETX_ALIGN8(conns_at + n * sizeof(nxdtls_conn));
    uintptr_t meta_at = NETX_ALIGN8(index_at + index_size);
    uintptr_t end = (uintptr_t)crypto_metadata_buffer + crypto_metadata_size;
    size_t meta_each = meta_at < end ? ((end - meta_at) / n) & ~(size_t)7u : 0;
    if (meta_each == 0 || meta_each < nxdtls_metadata_size(crypto_table)) {
        return NX_INVALID_PARAMETERS;
    }
    size_t reasm_each = packet_reassembly_buffer_size / n;
    if (reasm_each == 0) {
        return NX_INVALID_PARAMETERS;
    }

    memset(server_ptr, 0, sizeof *server_ptr);
    /* A datagram queue of a few per slot absorbs a burst of handshakes without dropping them. */
    ULONG queue = (ULONG)(n * 4 + 16);
    UINT status = nx_udp_socket_create(ip_ptr, &server_ptr->nx_dtls_server_udp_socket, NULL,
                                       NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, queue);
    if (status != NX_SUCCESS) {
        return status;
    }
    server_ptr->nx_dtls_server_ip_ptr = ip_ptr;
    server_ptr->nx_dtls_server_sessions = sessions;
    server_ptr->nx_dtls_server_sessions_count = (UINT)n;
    server_ptr->nx_dtls_server_listen_port = port;
    server_ptr->nx_dtls_server_timeout = timeout;
    server_ptr->nx_secure_dtls_connect_notify = connect_notify;
    server_ptr->nx_secure_dtls_receive_notify = receive_notify;
    server_ptr->nx_dtls_server_crypto_table = crypto_table;
    server_ptr->nx_dtls_server_conns = (nxdtls_conn *)conns_at;
    server_ptr->nx_dtls_server_metadata = (UCHAR *)meta_at;
    server_ptr->nx_dtls_server_metadata_each = (ULONG)meta_each;
    server_ptr->nx_dtls_server_reassembly = packet_reassembly_buffer;
    server_ptr->nx_dtls_server_reassembly_each = (UINT)reasm_each;
    server_ptr->nx_dtls_server_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
    server_ptr->nx_dtls_server_next_timer = UINT64_MAX;
    nxdtls_config *cfg = &server_ptr->nx_dtls_server_config;
    cfg->role = NXDTLS_ROLE_SERVER;
    cfg->crypto = crypto_table;
    cfg->retransmit_initial_ms = (uint32_t)txp_ticks_to_ms(NX_SECURE_DTLS_RETRANSMIT_TIMEOUT);
    cfg->retransmit_max_ms = (uint32_t)txp_ticks_to_ms(NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_TIMEOUT);
    cfg->retransmit_retries = NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_RETRIES;
    /* docs/netx-api.md 10 D4 until a slot's time_function_set; the slots' certificate callbacks. */
    cfg->time_function = netx_dtls_system_time;
    cfg->certificate_callback = netx_dtls_server_certificate_callback;
    cfg->certificate_callback_ctx = server_ptr;
    /* docs/netx-api.md 7.4: the slots are the application's until it ends them, so the engine may not end an
     * unfinished handshake to make room (a full table refuses, as NetX does). */
    cfg->no_half_open_eviction = 1;
    netx_dtls_server_refresh(server_ptr);
    status = nxdtls_server_init(&server_ptr->nx_dtls_server_engine, cfg,
                                server_ptr->nx_dtls_server_conns, n, (uint8_t *)meta_at, meta_each,
                                packet_reassembly_buffer, reasm_each, (void *)index_at, index_size,
                                txp_time_ms());
    if (status != NX_SUCCESS) {
        (void)nx_udp_socket_delete(&server_ptr->nx_dtls_server_udp_socket);
        memset(server_ptr, 0, sizeof *server_ptr);
        return status;
    }
    for (size_t i = 0; i < n; i++) {
        NX_SECURE_DTLS_SESSION *s = &sessions[i];
        memset(s, 0, sizeof *s);
        NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
        tls->nx_secure_tls_crypto_table = crypto_table;
        tls->nx_secure_tls_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
        tls->nx_secure_tls_dtls_session = s;
        s->nx_secure_dtls_udp_socket = &server_ptr->nx_dtls_server_udp_socket;
        s->nx_secure_dtls_server_parent = server_ptr;
        s->nx_secure_dtls_conn = &server_ptr->nx_dtls_server_conns[i];
        s->nx_secure_dtls_metadata = (VOID *)(meta_at + i * meta_each);
        s->nx_secure_dtls_metadata_size = (ULONG)meta_each;
        s->nx_secure_dtls_reassembly = packet_reassembly_buffer + i * reasm_each;
        s->nx_secure_dtls_reassembly_size = (UINT)reasm_each;
        s->nx_secure_dtls_slot = (UINT)i;
        s->nx_secure_dtls_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
        (void)pthread_mutex_init(&s->nx_secure_dtls_lock, NULL);
        txp_cond_init(&s->nx_secure_dtls_cond);
        tls->nx_secure_tls_id = NX_SECURE_TLS_ID;
        s->nx_secure_dtls_id = NETX_DTLS_SESSION_ID;
    }
    (void)pthread_mutex_init(&server_ptr->nx_dtls_server_lock, NULL);
    (void)nx_udp_socket_receive_notify(&server_ptr->nx_dtls_server_udp_socket,
                                       netx_dtls_server_receive);
    server_ptr->nx_dtls_server_id = NETX_DTLS_SERVER_ID;
    (void)netx_dtls_server_register(server_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_server_in_callback(server_ptr)) {
        return NX_CALLER_ERROR; /* a slot's handshake is running on this thread (netx_dtls.h) */
    }
    (void)pthread_mutex_lock(&server_ptr->nx_dtls_server_lock);
    bool started = server_ptr->nx_dtls_server_started != 0;
    (void)pthread_mutex_unlock(&server_ptr->nx_dtls_server_lock);
    if (started) {
        return NX_STILL_BOUND;
    }
    netx_dtls_server_unregister(server_ptr);
    for (UINT i = 0; i < server_ptr->nx_dtls_server_sessions_count; i++) {
        NX_SECURE_DTLS_SESSION *s = &server_ptr->nx_dtls_server_sessions[i];
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
        s->nx_secure_dtls_id = 0;
        s->nx_secure_dtls_tls_session.nx_secure_tls_id = 0;
        __atomic_add_fetch(&s->nx_secure_dtls_generation, 1, __ATOMIC_RELEASE);
        (void)pthread_cond_broadcast(&s->nx_secure_dtls_cond);
        while (s->nx_secure_dtls_waiting != 0) {
            (void)pthread_cond_wait(&s->nx_secure_dtls_cond, &s->nx_secure_dtls_lock);
        }
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
        (void)pthread_cond_destroy(&s->nx_secure_dtls_cond);
        (void)pthread_mutex_destroy(&s->nx_secure_dtls_lock);
    }
    (void)nx_udp_socket_delete(&server_ptr->nx_dtls_server_udp_socket);
    netx_dtls_store_release(
        &server_ptr->nx_dtls_server_credentials.nx_secure_tls_certificate_store);
    server_ptr->nx_dtls_server_id = 0;
    (void)pthread_mutex_destroy(&server_ptr->nx_dtls_server_lock);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_server_in_callback(server_ptr)) {
        return NX_CALLER_ERROR;
    }
    (void)pthread_mutex_lock(&server_ptr->nx_dtls_server_lock);
    if (server_ptr->nx_dtls_server_started) {
        (void)pthread_mutex_unlock(&server_ptr->nx_dtls_server_lock);
        return NX_ALREADY_BOUND;
    }
    server_ptr->nx_dtls_server_started = 1;
    server_ptr->nx_dtls_server_next_timer = UINT64_MAX;
    (void)pthread_mutex_unlock(&server_ptr->nx_dtls_server_lock);
    /* docs/netx-api.md 10 C18: the server's timeout is the bind wait, nothing else. */
    UINT status = nx_udp_socket_bind(&server_ptr->nx_dtls_server_udp_socket,
                                     server_ptr->nx_dtls_server_listen_port,
                                     server_ptr->nx_dtls_server_timeout);
    if (status != NX_SUCCESS) {
        (void)pthread_mutex_lock(&server_ptr->nx_dtls_server_lock);
        server_ptr->nx_dtls_server_started = 0;
        (void)pthread_mutex_unlock(&server_ptr->nx_dtls_server_lock);
        return status;
    }
    netx_udp_set_timer(&server_ptr->nx_dtls_server_udp_socket, netx_dtls_server_timer);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_server_in_callback(server_ptr)) {
        return NX_CALLER_ERROR; /* stopping waits for the thread that runs the callback */
    }
    (void)pthread_mutex_lock(&server_ptr->nx_dtls_server_lock);
    bool started = server_ptr->nx_dtls_server_started != 0;
    server_ptr->nx_dtls_server_started = 0;
    (void)pthread_mutex_unlock(&server_ptr->nx_dtls_server_lock);
    if (!started) {
        return NX_NOT_BOUND;
    }
    /* Unbinding waits for the I/O thread to leave the dispatch; then no engine runs for any slot. */
    netx_udp_set_timer(&server_ptr->nx_dtls_server_udp_socket, NULL);
    (void)nx_udp_socket_unbind(&server_ptr->nx_dtls_server_udp_socket);
    for (UINT i = 0; i < server_ptr->nx_dtls_server_sessions_count; i++) {
        NX_SECURE_DTLS_SESSION *s = &server_ptr->nx_dtls_server_sessions[i];
        netx_dtls_lock(s);
        if (s->nx_secure_dtls_session_in_use) {
            (void)nxdtls_server_release(&server_ptr->nx_dtls_server_engine, i);
        }
        netx_dtls_session_clear(s); /* waiting threads return NX_SECURE_TLS_SESSION_UNINITIALIZED */
        netx_dtls_unlock(s);
    }
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code))
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server_ptr);
    server_ptr->nx_secure_dtls_disconnect_notify = disconnect_notify;
    server_ptr->nx_secure_dtls_error_notify = error_notify;
    netx_dtls_server_unlock(server_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nxdtls_secure_dtls_server_idle_timeout_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                                           ULONG timeout)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    uint64_t ms = txp_ticks_to_ms(timeout);
    netx_dtls_server_lock(server_ptr);
    server_ptr->nx_dtls_server_config.idle_timeout_ms = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
    server_ptr->nx_dtls_server_next_timer = 0; /* every slot's deadline is looked at again */
    netx_dtls_server_unlock(server_ptr);
    netx_ip_wake(server_ptr->nx_dtls_server_ip_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                              UCHAR *pre_shared_key, UINT psk_length,
                                              UCHAR *psk_identity, UINT identity_length,
                                              UCHAR *hint, UINT hint_length)
{
    if (!netx_dtls_server_valid(server_ptr) || pre_shared_key == NULL || psk_identity == NULL ||
        (hint == NULL && hint_length != 0)) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server_ptr);
    UINT status = netx_dtls_psk_store(&server_ptr->nx_dtls_server_credentials, pre_shared_key,
                                      psk_length, psk_identity, identity_length, hint, hint_length);
    netx_dtls_server_refresh(server_ptr);
    netx_dtls_server_unlock(server_ptr);
    return status;
}

static UINT netx_dtls_server_cert_add(NX_SECURE_DTLS_SERVER *server, enum x509_store_list list,
                                      NX_SECURE_X509_CERT *cert, UINT cert_id)
{
    if (!netx_dtls_server_valid(server) || cert == NULL) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server);
    UINT status = x509_store_add(
        &server->nx_dtls_server_credentials.nx_secure_tls_certificate_store, list, cert, cert_id);
    netx_dtls_server_refresh(server);
    netx_dtls_server_unlock(server);
    return status;
}

static UINT netx_dtls_server_cert_remove(NX_SECURE_DTLS_SERVER *server, enum x509_store_list list,
                                         UCHAR *cn, UINT cn_len, UINT cert_id)
{
    if (!netx_dtls_server_valid(server) || (cert_id == 0 && cn == NULL)) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_server_in_callback(server)) {
        return NX_CALLER_ERROR; /* the running handshake may be using the certificate */
    }
    /* The server lock is held by every slot's handshake step: none is using the certificate now. */
    netx_dtls_server_lock(server);
    UINT status =
        x509_store_remove(&server->nx_dtls_server_credentials.nx_secure_tls_certificate_store, list,
                          cn, cn_len, cert_id, NULL);
    netx_dtls_server_refresh(server);
    netx_dtls_server_unlock(server);
    return status;
}

NXDTLS_API UINT nx_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                            NX_SECURE_X509_CERT *certificate,
                                                            UINT cert_id)
{
    return netx_dtls_server_cert_add(server_ptr, X509_STORE_LOCAL, certificate, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                               UCHAR *common_name,
                                                               UINT common_name_length,
                                                               UINT cert_id)
{
    return netx_dtls_server_cert_remove(server_ptr, X509_STORE_LOCAL, common_name,
                                        common_name_length, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                              NX_SECURE_X509_CERT *certificate,
                                                              UINT cert_id)
{
    return netx_dtls_server_cert_add(server_ptr, X509_STORE_TRUSTED, certificate, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_server_trusted_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                                 UCHAR *common_name,
                                                                 UINT common_name_length,
                                                                 UINT cert_id)
{
    return netx_dtls_server_cert_remove(server_ptr, X509_STORE_TRUSTED, common_name,
                                        common_name_length, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_server_x509_client_verify_configure(
    NX_SECURE_DTLS_SERVER *server_ptr, UINT certs_per_session, UCHAR *certs_buffer,
    ULONG buffer_size)
{
    if (!netx_dtls_server_valid(server_ptr) || certs_buffer == NULL) {
        return NX_PTR_ERROR;
    }
    UINT n = server_ptr->nx_dtls_server_sessions_count;
    /* Every share starts at the buffer's alignment (netx_dtls_server_cert_share), so share 0 fitting
     * means all of them fit. */
    if (certs_per_session == 0 || buffer_size == 0 || n == 0 ||
        !netx_dtls_remote_slots_fit(certs_buffer, netx_dtls_server_cert_share(buffer_size, n),
                                    certs_per_session)) {
        return NX_INVALID_PARAMETERS;
    }
    netx_dtls_server_lock(server_ptr);
    server_ptr->nx_dtls_server_client_certs_buffer = certs_buffer;
    server_ptr->nx_dtls_server_client_certs_buffer_size = buffer_size;
    server_ptr->nx_dtls_server_client_certs_per_session = certs_per_session;
    server_ptr->nx_dtls_server_config.verify_client = 1;
    netx_dtls_server_unlock(server_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server_ptr);
    server_ptr->nx_dtls_server_config.verify_client = 0;
    server_ptr->nx_dtls_server_client_certs_buffer = NULL;
    server_ptr->nx_dtls_server_client_certs_buffer_size = 0;
    server_ptr->nx_dtls_server_client_certs_per_session = 0;
    netx_dtls_server_unlock(server_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                                     const USHORT *supported_groups,
                                                     USHORT supported_group_count,
                                                     const NX_CRYPTO_METHOD **curves)
{
    if (!netx_dtls_server_valid(server_ptr) ||
        (supported_group_count != 0 && (supported_groups == NULL || curves == NULL))) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server_ptr);
    nxdtls_config *cfg = &server_ptr->nx_dtls_server_config;
    cfg->groups = supported_group_count != 0 ? supported_groups : NULL;
    cfg->group_count = supported_group_count;
    cfg->curves = supported_group_count != 0 ? curves : NULL;
    netx_dtls_server_unlock(server_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_server_protocol_version_override(NX_SECURE_DTLS_SERVER *dtls_server,
                                                                USHORT protocol_version)
{
    if (!netx_dtls_server_valid(dtls_server)) {
        return NX_PTR_ERROR;
    }
    if (protocol_version == NX_SECURE_DTLS_VERSION_1_0) {
        return NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION;
    }
    if (protocol_version != NX_SECURE_DTLS_VERSION_1_2) {
        return NX_PTR_ERROR;
    }
    dtls_server->nx_dtls_server_protocol_version = protocol_version;
    return NX_SUCCESS;
}
