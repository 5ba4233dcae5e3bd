/* SPDX-License-Identifier: MIT */
/* netx_dtls.c: the glue every nx_secure_dtls_* service shares (see netx_dtls.h). It moves bytes between
 * the UDP socket, the engine and the packet queues, and turns engine events into session states; the
 * protocol itself is the engine's (include/nxdtls.h). */
#include "netx_dtls.h"

#include <string.h>
#include <time.h>

#include "netx_ip.h"
#include "netx_packet.h"
#include "netx_registry.h"
#include "netx_udp.h"
#include "x509/x509_store.h"

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

void netx_dtls_config_refresh(NX_SECURE_DTLS_SESSION *s)
{
    NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
    nxdtls_config *cfg = netx_dtls_config(s);
    NX_SECURE_DTLS_SERVER *server = s->nx_secure_dtls_server_parent;
    NX_SECURE_TLS_CREDENTIALS *cred = netx_dtls_credentials(s);
    cfg->psks = cred->nx_secure_tls_psk_count != 0 ? cred->nx_secure_tls_psk_store : NULL;
    cfg->psk_count = cred->nx_secure_tls_psk_count;
    /* The engine reads the local and trusted lists; an empty store offers and verifies nothing. */
    cfg->certificates = &cred->nx_secure_tls_certificate_store;
    if (server != NULL) {
        /* A server's slots share one configuration: a setting made on any slot applies to all of them
         * (the certificate callback stays per slot: netx_dtls_server_certificate_callback). */
        if (tls->nx_secure_tls_ecc_supported_groups != NULL) {
            cfg->groups = tls->nx_secure_tls_ecc_supported_groups;
            cfg->group_count = tls->nx_secure_tls_ecc_supported_groups_count;
            cfg->curves = tls->nx_secure_tls_ecc_curves;
        }
        if (tls->nx_secure_tls_session_time_function != NULL) {
            cfg->time_function = tls->nx_secure_tls_session_time_function;
        }
        return;
    }
    if (tls->nx_secure_tls_sni_extension_set) {
        cfg->server_name = tls->nx_secure_tls_sni_extension_server_name.nx_secure_x509_dns_name;
        cfg->server_name_len =
            tls->nx_secure_tls_sni_extension_server_name.nx_secure_x509_dns_name_length;
    } else {
        cfg->server_name = NULL;
        cfg->server_name_len = 0;
    }
    /* docs/netx-api.md 10 C12: without ecc_initialize the engine uses the table's curves (groups NULL). */
    cfg->groups = tls->nx_secure_tls_ecc_supported_groups;
    cfg->group_count = tls->nx_secure_tls_ecc_supported_groups_count;
    cfg->curves = tls->nx_secure_tls_ecc_curves;
    /* docs/netx-api.md 10 D4: no time function set means the system clock, so expiry is checked. */
    cfg->time_function = tls->nx_secure_tls_session_time_function != NULL
                             ? tls->nx_secure_tls_session_time_function
                             : netx_dtls_system_time;
    cfg->certificate_callback = netx_dtls_certificate_callback;
    cfg->certificate_callback_ctx = s;
}

ULONG netx_dtls_system_time(VOID)
{
    time_t now = time(NULL);
    return now > 0 ? (ULONG)now : 0;
}

bool netx_dtls_remote_slots_fit(const void *buffer, size_t size, size_t count)
{
    if (count == 0) {
        return true;
    }
    if (buffer == NULL) {
        return false;
    }
    /* The rule of nxdtls_conn_set_remote_certificates (include/nxdtls.h), so a buffer accepted at create
     * is never refused when a handshake starts. */
    size_t skip = (size_t)((8u - ((uintptr_t)buffer & 7u)) & 7u);
    if (size <= skip) {
        return false;
    }
    size_t head = (sizeof(NX_SECURE_X509_CERT) + 7u) & ~(size_t)7u;
    size_t stride = ((size - skip) / count) & ~(size_t)7u;
    return stride >= head + NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE;
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

void netx_dtls_store_release(NX_SECURE_X509_CERTIFICATE_STORE *store)
{
    static const enum x509_store_list lists[] = {X509_STORE_LOCAL, X509_STORE_TRUSTED,
                                                 X509_STORE_REMOTE, X509_STORE_FREE};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        while (x509_store_pop(store, lists[i]) != NULL) {
        }
    }
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
        tls->nx_secure_tls_local_session_active = NX_TRUE;
        tls->nx_secure_tls_remote_session_active = NX_TRUE;
        r->established = true;
    }
    if (((ev & NXDTLS_EVENT_CLOSE_NOTIFY) != 0 || status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) &&
        s->nx_secure_dtls_state == NETX_DTLS_ESTABLISHED) {
        s->nx_secure_dtls_state = NETX_DTLS_CLOSED;
        r->closed = true;
        r->peer_closed = !s->nx_secure_dtls_close_sent;
        /* RFC 5246 7.2.1: answer the peer's close_notify with ours, once (docs/netx-api.md 7.5). */
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
    tls->nx_secure_tls_socket_type = NX_SECURE_TLS_SESSION_TYPE_NONE;
    tls->nx_secure_tls_local_session_active = NX_FALSE;
    tls->nx_secure_tls_remote_session_active = NX_FALSE;
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

/* What the calling thread holds while it runs an application's certificate callback: the session whose
 * engine called it and that session's server (NULL for a standalone session). Per thread, so another
 * thread's calls take the locks as usual (the rule in netx_dtls.h). */
struct netx_dtls_held {
    const NX_SECURE_DTLS_SESSION *session;
    const NX_SECURE_DTLS_SERVER *server;
};

static _Thread_local struct netx_dtls_held netx_dtls_held;

bool netx_dtls_in_callback(const NX_SECURE_DTLS_SESSION *s)
{
    return s != NULL && netx_dtls_held.session == s;
}

bool netx_dtls_server_in_callback(const NX_SECURE_DTLS_SERVER *server)
{
    return server != NULL && netx_dtls_held.server == server;
}

void netx_dtls_server_lock(NX_SECURE_DTLS_SERVER *server)
{
    if (netx_dtls_held.server != server) {
        (void)pthread_mutex_lock(&server->nx_dtls_server_lock);
    }
}

void netx_dtls_server_unlock(NX_SECURE_DTLS_SERVER *server)
{
    if (netx_dtls_held.server != server) {
        (void)pthread_mutex_unlock(&server->nx_dtls_server_lock);
    }
}

void netx_dtls_session_lock(NX_SECURE_DTLS_SESSION *s)
{
    if (netx_dtls_held.session != s) {
        (void)pthread_mutex_lock(&s->nx_secure_dtls_lock);
    }
}

void netx_dtls_session_unlock(NX_SECURE_DTLS_SESSION *s)
{
    if (netx_dtls_held.session != s) {
        (void)pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    }
}

void netx_dtls_lock(NX_SECURE_DTLS_SESSION *s)
{
    if (s->nx_secure_dtls_server_parent != NULL) {
        netx_dtls_server_lock(s->nx_secure_dtls_server_parent);
    }
    netx_dtls_session_lock(s);
}

void netx_dtls_unlock(NX_SECURE_DTLS_SESSION *s)
{
    netx_dtls_session_unlock(s);
    if (s->nx_secure_dtls_server_parent != NULL) {
        netx_dtls_server_unlock(s->nx_secure_dtls_server_parent);
    }
}

/* The lists of a store, saved while a callback borrows the store. */
struct netx_dtls_lists {
    NX_SECURE_X509_CERT *local;
    NX_SECURE_X509_CERT *remote;
    NX_SECURE_X509_CERT *trusted;
};

/* netx_dtls_chain_show links the peer's certificates, leaf first, as the store's remote list. They are the
 * engine's slots (nxdtls_conn_peer_certificate), in no other list; netx_dtls_chain_hide unlinks them. */
static void netx_dtls_chain_show(NX_SECURE_X509_CERTIFICATE_STORE *store, const nxdtls_conn *conn)
{
    NX_SECURE_X509_CERT **link = &store->nx_secure_x509_remote_certificates;
    *link = NULL;
    for (size_t i = 0; i < 256; i++) {
        NX_SECURE_X509_CERT *c = nxdtls_conn_peer_certificate(conn, i);
        if (c == NULL) {
            break;
        }
        c->nx_secure_x509_next_certificate = NULL;
        c->nx_secure_x509_store_owner = store;
        *link = c;
        link = &c->nx_secure_x509_next_certificate;
    }
}

static void netx_dtls_chain_hide(NX_SECURE_X509_CERTIFICATE_STORE *store)
{
    NX_SECURE_X509_CERT *c = store->nx_secure_x509_remote_certificates;
    for (size_t i = 0; c != NULL && i < 256; i++) {
        NX_SECURE_X509_CERT *next = c->nx_secure_x509_next_certificate;
        c->nx_secure_x509_next_certificate = NULL;
        c->nx_secure_x509_store_owner = NULL;
        c = next;
    }
    store->nx_secure_x509_remote_certificates = NULL;
}

/* netx_dtls_callback_run calls the application's certificate callback fn for session s (whose engine, on
 * this thread, holds s's locks) with the leaf; shared is the store the handshake verified with when it is
 * not the session's own (a server slot). */
static ULONG netx_dtls_callback_run(NX_SECURE_DTLS_SESSION *s,
                                    NX_SECURE_TLS_CERTIFICATE_CALLBACK fn,
                                    const NX_SECURE_X509_CERTIFICATE_STORE *shared,
                                    NX_SECURE_X509_CERT *leaf)
{
    NX_SECURE_TLS_SESSION *tls = &s->nx_secure_dtls_tls_session;
    NX_SECURE_X509_CERTIFICATE_STORE *store =
        &tls->nx_secure_tls_credentials.nx_secure_tls_certificate_store;
    struct netx_dtls_lists saved = {.local = store->nx_secure_x509_local_certificates,
                                    .remote = store->nx_secure_x509_remote_certificates,
                                    .trusted = store->nx_secure_x509_trusted_certificates};
    if (shared != NULL && shared != store) {
        /* NetX gives every slot its own store; here the slots share the server's. Let the slot's store
         * show the server's lists for the call (heads only: nothing is relinked). */
        store->nx_secure_x509_local_certificates = shared->nx_secure_x509_local_certificates;
        store->nx_secure_x509_trusted_certificates = shared->nx_secure_x509_trusted_certificates;
    }
    netx_dtls_chain_show(store, s->nx_secure_dtls_conn);
    struct netx_dtls_held outer = netx_dtls_held;
    netx_dtls_held.session = s;
    netx_dtls_held.server = s->nx_secure_dtls_server_parent;
    ULONG verdict = fn(tls, leaf);
    netx_dtls_held = outer;
    netx_dtls_chain_hide(store);
    if (shared != NULL && shared != store) {
        store->nx_secure_x509_local_certificates = saved.local;
        store->nx_secure_x509_trusted_certificates = saved.trusted;
    }
    store->nx_secure_x509_remote_certificates = saved.remote;
    return verdict;
}

ULONG netx_dtls_certificate_callback(void *ctx, struct nxdtls_conn *conn, NX_SECURE_X509_CERT *leaf)
{
    NX_SECURE_DTLS_SESSION *s = ctx;
    if (s == NULL || conn != s->nx_secure_dtls_conn) {
        return NX_SUCCESS; /* not ours: nothing to ask */
    }
    NX_SECURE_TLS_CERTIFICATE_CALLBACK fn =
        s->nx_secure_dtls_tls_session.nx_secure_tls_session_certificate_callback;
    return fn != NULL ? netx_dtls_callback_run(s, fn, NULL, leaf) : NX_SUCCESS;
}

/* server_slot_of returns the slot of server whose engine is conn, or NULL. */
static NX_SECURE_DTLS_SESSION *server_slot_of(NX_SECURE_DTLS_SERVER *server,
                                              const struct nxdtls_conn *conn)
{
    if (server == NULL || server->nx_dtls_server_conns == NULL) {
        return NULL;
    }
    uintptr_t first = (uintptr_t)server->nx_dtls_server_conns;
    uintptr_t at = (uintptr_t)conn;
    if (at < first || (at - first) % sizeof(nxdtls_conn) != 0 ||
        (at - first) / sizeof(nxdtls_conn) >= server->nx_dtls_server_sessions_count) {
        return NULL;
    }
    return &server->nx_dtls_server_sessions[(at - first) / sizeof(nxdtls_conn)];
}

UINT netx_dtls_server_psk_callback(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                                   size_t identity_len, uint8_t *key, size_t key_capacity,
                                   size_t *key_len)
{
    NX_SECURE_DTLS_SERVER *server = ctx;
    NX_SECURE_DTLS_SESSION *s = server_slot_of(server, conn);
    if (s == NULL || server->nx_dtls_server_psk_lookup == NULL) {
        return NX_SECURE_TLS_NO_MATCHING_PSK;
    }
    /* The engine bounds both: identities to NXDTLS_PSK_ID_SIZE_MAX, the key buffer to
     * NXDTLS_PSK_SIZE_MAX. */
    UINT length = 0;
    struct netx_dtls_held outer = netx_dtls_held;
    netx_dtls_held.session = s;
    netx_dtls_held.server = server;
    UINT status = server->nx_dtls_server_psk_lookup(s, identity, (UINT)identity_len, key,
                                                    (UINT)key_capacity, &length);
    netx_dtls_held = outer;
    *key_len = length;
    return status;
}

ULONG netx_dtls_server_certificate_callback(void *ctx, struct nxdtls_conn *conn,
                                            NX_SECURE_X509_CERT *leaf)
{
    NX_SECURE_DTLS_SERVER *server = ctx;
    NX_SECURE_DTLS_SESSION *s = server_slot_of(server, conn);
    if (s == NULL) {
        return NX_SUCCESS;
    }
    /* docs/netx-api.md 3.4: applications set the callback on every slot. A slot without one uses the first
     * slot's that has one, as the slots share every other setting. The slots' callbacks are written under
     * the server's lock, which this thread holds. */
    NX_SECURE_TLS_CERTIFICATE_CALLBACK fn =
        s->nx_secure_dtls_tls_session.nx_secure_tls_session_certificate_callback;
    for (UINT i = 0; fn == NULL && i < server->nx_dtls_server_sessions_count; i++) {
        fn = server->nx_dtls_server_sessions[i]
                 .nx_secure_dtls_tls_session.nx_secure_tls_session_certificate_callback;
    }
    return fn != NULL
               ? netx_dtls_callback_run(
                     s, fn, &server->nx_dtls_server_credentials.nx_secure_tls_certificate_store,
                     leaf)
               : NX_SUCCESS;
}
