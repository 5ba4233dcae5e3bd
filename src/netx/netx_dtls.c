/* SPDX-License-Identifier: MIT */
/* netx_dtls.c: the glue every nx_secure_dtls_* service shares (see netx_dtls.h). It moves bytes between
 * the UDP socket, the engine and the packet queues, and turns engine events into session states; the
 * protocol itself is the engine's (include/nxdtls.h). */
#include "netx_dtls.h"

#include <string.h>

#include "netx_registry.h"
#include "nx_ip.h"
#include "nx_packet.h"
#include "nx_udp.h"

static struct netx_registry netx_dtls_sessions =
    NETX_REGISTRY_INIT(NX_SECURE_DTLS_SESSION, nx_secure_dtls_created_next);
static struct netx_registry netx_dtls_servers =
    NETX_REGISTRY_INIT(NX_SECURE_DTLS_SERVER, nx_dtls_server_created_next);

bool netx_dtls_session_register(NX_SECURE_DTLS_SESSION *s)
{
    return netx_registry_add(&netx_dtls_sessions, s);
}

void netx_dtls_session_unregister(NX_SECURE_DTLS_SESSION *s)
{
    (void)netx_registry_remove(&netx_dtls_sessions, s);
}

bool netx_dtls_session_registered(NX_SECURE_DTLS_SESSION *s)
{
    return netx_registry_contains(&netx_dtls_sessions, s);
}

bool netx_dtls_server_register(NX_SECURE_DTLS_SERVER *s)
{
    return netx_registry_add(&netx_dtls_servers, s);
}

void netx_dtls_server_unregister(NX_SECURE_DTLS_SERVER *s)
{
    (void)netx_registry_remove(&netx_dtls_servers, s);
}

bool netx_dtls_server_valid(NX_SECURE_DTLS_SERVER *s)
{
    return s != NULL && s->nx_dtls_server_id == NETX_DTLS_SERVER_ID &&
           netx_registry_contains(&netx_dtls_servers, s);
}

bool netx_dtls_session_valid(NX_SECURE_DTLS_SESSION *s)
{
    if (s == NULL || s->nx_secure_dtls_id != NETX_DTLS_SESSION_ID ||
        s->nx_secure_dtls_tls_session.nx_secure_tls_id != NX_SECURE_TLS_ID) {
        return false;
    }
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    if (server == NULL) {
        return netx_registry_contains(&netx_dtls_sessions, s);
    }
    /* A server slot lives as long as its server: it must be one of the server's own blocks. */
    uintptr_t first = (uintptr_t)server->nx_dtls_server_sessions;
    uintptr_t at = (uintptr_t)s;
    return netx_dtls_server_valid(server) && at >= first &&
           (at - first) / sizeof(NX_SECURE_DTLS_SESSION) < server->nx_dtls_server_sessions_count &&
           (at - first) % sizeof(NX_SECURE_DTLS_SESSION) == 0;
}

nxdtls_config *netx_dtls_config(NX_SECURE_DTLS_SESSION *s)
{
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    return server != NULL ? &server->nx_dtls_server_config : &s->nx_secure_dtls_config;
}

/* netx_dtls_store_used returns true when a store holds a local or trusted certificate. */
static bool netx_dtls_store_used(const NX_SECURE_X509_CERTIFICATE_STORE *store)
{
    return store->nx_secure_x509_local_certificates != NULL ||
           store->nx_secure_x509_trusted_certificates != NULL;
}

void netx_dtls_config_refresh(NX_SECURE_DTLS_SESSION *s)
{
    NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
    nxdtls_config *cfg = netx_dtls_config(s);
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    NX_SECURE_TLS_CREDENTIALS *cred = netx_dtls_credentials(s);
    cfg->psks = cred->nx_secure_tls_psk_count != 0 ? cred->nx_secure_tls_psk_store : NULL;
    cfg->psk_count = cred->nx_secure_tls_psk_count;
    /* The remote lists are the engine's: pass the store whenever it could be needed. */
    cfg->certificates = netx_dtls_store_used(&cred->nx_secure_tls_certificate_store) ||
                                s->nx_secure_dtls_remote_certs_number != 0
                            ? &cred->nx_secure_tls_certificate_store
                            : NULL;
    if (tls->nx_secure_tls_sni_extension_set) {
        cfg->server_name = tls->nx_secure_tls_sni_extension_server_name.nx_secure_x509_dns_name;
        cfg->server_name_len =
            tls->nx_secure_tls_sni_extension_server_name.nx_secure_x509_dns_name_length;
    } else if (server == NULL) {
        cfg->server_name = NULL;
        cfg->server_name_len = 0;
    }
    if (tls->nx_secure_tls_ecc_supported_groups != NULL) {
        cfg->groups = tls->nx_secure_tls_ecc_supported_groups;
        cfg->group_count = tls->nx_secure_tls_ecc_supported_groups_count;
        cfg->curves = tls->nx_secure_tls_ecc_curves;
    }
    /* A server's slots share one configuration: a setting made on any slot applies to all of them. */
    if (tls->nx_secure_tls_session_time_function != NULL || server == NULL) {
        cfg->time_function = tls->nx_secure_tls_session_time_function;
    }
}

void netx_dtls_addr_from(nxdtls_addr *out, const NXD_ADDRESS *a, UINT port)
{
    memset(out, 0, sizeof *out);
    out->port = (uint16_t)port;
    if (a->nxd_ip_version == NX_IP_VERSION_V6) {
        out->family = 6;
        for (int i = 0; i < 4; i++) {
            ULONG w = a->nxd_ip_address.v6[i];
            out->ip[4 * i] = (uint8_t)(w >> 24);
            out->ip[4 * i + 1] = (uint8_t)(w >> 16);
            out->ip[4 * i + 2] = (uint8_t)(w >> 8);
            out->ip[4 * i + 3] = (uint8_t)w;
        }
    } else {
        ULONG w = a->nxd_ip_address.v4;
        out->family = 4;
        out->ip[0] = (uint8_t)(w >> 24);
        out->ip[1] = (uint8_t)(w >> 16);
        out->ip[2] = (uint8_t)(w >> 8);
        out->ip[3] = (uint8_t)w;
    }
}

bool netx_dtls_peer_is(const NX_SECURE_DTLS_SESSION *s, const NXD_ADDRESS *a, UINT port)
{
    const NXD_ADDRESS *peer = &s->nx_secure_dtls_remote_ip_address;
    if (port != s->nx_secure_dtls_remote_port || a->nxd_ip_version != peer->nxd_ip_version) {
        return false;
    }
    if (a->nxd_ip_version == NX_IP_VERSION_V6) {
        return memcmp(a->nxd_ip_address.v6, peer->nxd_ip_address.v6,
                      sizeof peer->nxd_ip_address.v6) == 0;
    }
    return a->nxd_ip_address.v4 == peer->nxd_ip_address.v4;
}

UINT netx_dtls_flush(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms)
{
    uint8_t out[NETX_DTLS_MAX_DATAGRAM];
    UINT status = NX_SUCCESS;
    for (int guard = 0; guard < 256; guard++) {
        size_t len = 0;
        if (nxdtls_conn_output(s->nx_secure_dtls_conn, now_ms, out, sizeof out, &len) !=
                NX_SUCCESS ||
            len == 0) {
            break;
        }
        if (s->nx_secure_dtls_udp_socket == NULL ||
            netx_udp_send_bytes(s->nx_secure_dtls_udp_socket, out, len,
                                &s->nx_secure_dtls_remote_ip_address,
                                s->nx_secure_dtls_remote_port) != NX_SUCCESS) {
            /* NetX maps every UDP send failure to this code. */
            status = NX_SECURE_TLS_TCP_SEND_FAILED;
        }
    }
    return status;
}

void netx_dtls_wake(NX_SECURE_DTLS_SESSION *s)
{
    (void)pthread_cond_broadcast(&s->nx_secure_dtls_cond);
    /* A client thread waits on its socket, not on the session: wake it there too. */
    NX_UDP_SOCKET *sock = s->nx_secure_dtls_udp_socket;
    if (sock != NULL && s->nx_secure_dtls_server_parent == NULL && netx_udp_socket_valid(sock)) {
        (void)pthread_mutex_lock(&sock->nx_udp_socket_lock);
        (void)pthread_cond_broadcast(&sock->nx_udp_socket_cond);
        (void)pthread_mutex_unlock(&sock->nx_udp_socket_lock);
    }
}

/* netx_dtls_queue_record copies one decrypted record into a packet on the plaintext queue. */
static void netx_dtls_queue_record(NX_SECURE_DTLS_SESSION *s, const uint8_t *data, size_t len,
                                   struct netx_dtls_result *r)
{
    NX_UDP_SOCKET *sock = s->nx_secure_dtls_udp_socket;
    NX_PACKET *p = NULL;
    if (s->nx_secure_dtls_queue_count >= NETX_DTLS_QUEUE_MAX || sock == NULL ||
        nx_packet_allocate(sock->nx_udp_socket_ip_ptr->nx_ip_default_packet_pool, &p,
                           NX_RECEIVE_PACKET, NX_NO_WAIT) != NX_SUCCESS) {
        s->nx_secure_dtls_dropped++;
        return;
    }
    if (len != 0 && nx_packet_data_append(p, (VOID *)(uintptr_t)data, (ULONG)len,
                                          sock->nx_udp_socket_ip_ptr->nx_ip_default_packet_pool,
                                          NX_NO_WAIT) != NX_SUCCESS) {
        (void)nx_packet_release(p);
        s->nx_secure_dtls_dropped++;
        return;
    }
    p->nx_packet_ip_version = (UCHAR)s->nx_secure_dtls_remote_ip_address.nxd_ip_version;
    if (s->nx_secure_dtls_queue_tail != NULL) {
        s->nx_secure_dtls_queue_tail->nx_packet_queue_next = p;
    } else {
        s->nx_secure_dtls_queue_head = p;
    }
    s->nx_secure_dtls_queue_tail = p;
    s->nx_secure_dtls_queue_count++;
    r->records++;
}

/* netx_dtls_fail moves the session to FAILED with code (first failure wins). */
static void netx_dtls_fail(NX_SECURE_DTLS_SESSION *s, UINT code, struct netx_dtls_result *r)
{
    if (s->nx_secure_dtls_state == NETX_DTLS_FAILED || s->nx_secure_dtls_state == NETX_DTLS_IDLE) {
        return;
    }
    s->nx_secure_dtls_state = NETX_DTLS_FAILED;
    s->nx_secure_dtls_error = code;
    r->failed = true;
    r->error = code;
}

/* netx_dtls_events turns the engine's events and status into the session's state. */
static void netx_dtls_events(NX_SECURE_DTLS_SESSION *s, UINT status, struct netx_dtls_result *r)
{
    nxdtls_conn *conn = s->nx_secure_dtls_conn;
    NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
    unsigned ev = nxdtls_conn_events(conn);
    if ((ev & (NXDTLS_EVENT_ALERT | NXDTLS_EVENT_CLOSE_NOTIFY)) != 0 ||
        status == NX_SECURE_TLS_ALERT_RECEIVED || status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        UINT level = 0;
        UINT description = 0;
        nxdtls_conn_alert(conn, &level, &description);
        tls->nx_secure_tls_received_alert_level = level;
        tls->nx_secure_tls_received_alert_value = description;
    }
    if ((ev & NXDTLS_EVENT_HANDSHAKE_DONE) != 0 && s->nx_secure_dtls_state == NETX_DTLS_HANDSHAKE) {
        s->nx_secure_dtls_state = NETX_DTLS_ESTABLISHED;
        tls->nx_secure_tls_session_ciphersuite = nxdtls_conn_ciphersuite(conn);
        tls->nx_secure_tls_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
        r->established = true;
    }
    if (((ev & NXDTLS_EVENT_CLOSE_NOTIFY) != 0 || status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) &&
        s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED) {
        s->nx_secure_dtls_state = NETX_DTLS_CLOSED;
        r->closed = true;
        r->peer_closed = !s->nx_secure_dtls_close_sent;
        /* RFC 5246 7.2.1: answer the peer's close_notify with ours, once (NETX_API.md 7.5). */
        if (!s->nx_secure_dtls_close_sent) {
            s->nx_secure_dtls_close_sent = 1;
            (void)nxdtls_conn_close(conn);
        }
        return;
    }
    if (status != NX_SUCCESS && status != NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        netx_dtls_fail(s, status, r);
    } else if ((ev & NXDTLS_EVENT_FAILED) != 0 || (ev & NXDTLS_EVENT_ALERT) != 0) {
        UINT code = nxdtls_conn_error(conn);
        netx_dtls_fail(s, code != NX_SUCCESS ? code : NX_SECURE_TLS_ALERT_RECEIVED, r);
    } else if ((ev & NXDTLS_EVENT_CLOSE_NOTIFY) != 0 ||
               status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        /* close_notify before the handshake finished ends the handshake. */
        netx_dtls_fail(s, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, r);
    }
}

void netx_dtls_input(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms, uint8_t *data, size_t len,
                     struct netx_dtls_result *r)
{
    if (s->nx_secure_dtls_state != NETX_DTLS_HANDSHAKE &&
        s->nx_secure_dtls_state != NETX_DTLS_ESTABLISHED) {
        return; /* closed or failed: the engine has nothing more to say */
    }
    uint8_t *cursor = data;
    size_t remaining = len;
    UINT status = NX_SUCCESS;
    while (remaining > 0) {
        uint8_t *app = NULL;
        size_t app_len = 0;
        status =
            nxdtls_conn_input(s->nx_secure_dtls_conn, now_ms, &cursor, &remaining, &app, &app_len);
        if (app != NULL && (app_len != 0 || status == NX_SUCCESS)) {
            netx_dtls_queue_record(s, app, app_len, r);
        }
        if (status != NX_SUCCESS) {
            break;
        }
    }
    netx_dtls_events(s, status, r);
    (void)netx_dtls_flush(s, now_ms);
}

uint64_t netx_dtls_timer(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms, struct netx_dtls_result *r)
{
    if (s->nx_secure_dtls_state != NETX_DTLS_HANDSHAKE &&
        s->nx_secure_dtls_state != NETX_DTLS_ESTABLISHED) {
        return UINT64_MAX;
    }
    nxdtls_conn *conn = s->nx_secure_dtls_conn;
    if (nxdtls_conn_next_timeout(conn) <= now_ms) {
        UINT status = nxdtls_conn_timeout(conn, now_ms);
        (void)netx_dtls_flush(s, now_ms);
        netx_dtls_events(s, status, r);
        (void)netx_dtls_flush(s, now_ms);
    }
    if (s->nx_secure_dtls_state != NETX_DTLS_HANDSHAKE &&
        s->nx_secure_dtls_state != NETX_DTLS_ESTABLISHED) {
        return UINT64_MAX;
    }
    return nxdtls_conn_next_timeout(conn);
}

bool netx_dtls_linearize(NX_PACKET *p, uint8_t *scratch, size_t cap, uint8_t **data, size_t *len)
{
    if (p->nx_packet_next == NULL) {
        *data = p->nx_packet_prepend_ptr;
        *len = (size_t)(p->nx_packet_append_ptr - p->nx_packet_prepend_ptr);
        return true;
    }
    ULONG copied = 0;
    if (p->nx_packet_length > cap || nx_packet_data_retrieve(p, scratch, &copied) != NX_SUCCESS) {
        return false;
    }
    *data = scratch;
    *len = copied;
    return true;
}

/* netx_dtls_release_list releases a queue of packets linked through nx_packet_queue_next. */
static void netx_dtls_release_list(NX_PACKET *p)
{
    while (p != NULL) {
        NX_PACKET *next = p->nx_packet_queue_next;
        p->nx_packet_queue_next = NULL;
        (void)nx_packet_release(p);
        p = next;
    }
}

void netx_dtls_release_queues(NX_SECURE_DTLS_SESSION *s)
{
    netx_dtls_release_list(s->nx_secure_dtls_queue_head);
    netx_dtls_release_list(s->nx_secure_dtls_raw_head);
    s->nx_secure_dtls_queue_head = NULL;
    s->nx_secure_dtls_queue_tail = NULL;
    s->nx_secure_dtls_queue_count = 0;
    s->nx_secure_dtls_raw_head = NULL;
    s->nx_secure_dtls_raw_tail = NULL;
    s->nx_secure_dtls_raw_count = 0;
}

void netx_dtls_session_clear(NX_SECURE_DTLS_SESSION *s)
{
    netx_dtls_release_queues(s);
    NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
    tls->nx_secure_tls_received_alert_level = 0;
    tls->nx_secure_tls_received_alert_value = 0;
    tls->nx_secure_tls_session_ciphersuite = NULL;
    memset(&s->nx_secure_dtls_remote_ip_address, 0, sizeof s->nx_secure_dtls_remote_ip_address);
    s->nx_secure_dtls_remote_port = 0;
    s->nx_secure_dtls_session_in_use = NX_FALSE;
    s->nx_secure_dtls_state = NETX_DTLS_IDLE;
    s->nx_secure_dtls_error = NX_SUCCESS;
    s->nx_secure_dtls_started = 0;
    s->nx_secure_dtls_close_sent = 0;
    /* Atomic: a client's waiter reads it under its socket's lock only (netx_dtls_wait_datagram). */
    __atomic_add_fetch(&s->nx_secure_dtls_generation, 1, __ATOMIC_RELEASE);
    netx_dtls_wake(s);
}

NX_SECURE_TLS_CREDENTIALS *netx_dtls_credentials(NX_SECURE_DTLS_SESSION *s)
{
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    return server != NULL ? &server->nx_dtls_server_credentials
                          : &s->nx_secure_dtls_tls_session.nx_secure_tls_credentials;
}

void netx_dtls_lock(NX_SECURE_DTLS_SESSION *s)
{
    if (s->nx_secure_dtls_server_parent != NULL) {
        (void)pthread_mutex_lock(&s->nx_secure_dtls_server_parent->nx_dtls_server_lock);
    }
    (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
}

void netx_dtls_unlock(NX_SECURE_DTLS_SESSION *s)
{
    (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    if (s->nx_secure_dtls_server_parent != NULL) {
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_server_parent->nx_dtls_server_lock);
    }
}
