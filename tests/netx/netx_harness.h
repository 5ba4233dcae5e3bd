/* SPDX-License-Identifier: MIT */
/* netx_harness.h: what the DTLS facade tests share: a packet pool and IP, a PSK client, and a server
 * application written the NetX way (callbacks post to an event queue; one application thread runs
 * server_session_start and echoes what it receives). Loopback only, ephemeral ports. */
#ifndef NETX_HARNESS_H
#define NETX_HARNESS_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netx_peek.h"
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "test.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

static UCHAR harness_key[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                              0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
static UCHAR harness_id[] = "Client_identity";
static UCHAR harness_hint[] = "hint";

static inline NXD_ADDRESS harness_v4(ULONG a)
{
    NXD_ADDRESS x;
    memset(&x, 0, sizeof x);
    x.nxd_ip_version = NX_IP_VERSION_V4;
    x.nxd_ip_address.v4 = a;
    return x;
}

static inline NXD_ADDRESS harness_v6_loopback(void)
{
    NXD_ADDRESS x;
    memset(&x, 0, sizeof x);
    x.nxd_ip_version = NX_IP_VERSION_V6;
    x.nxd_ip_address.v6[3] = 1;
    return x;
}

/* A client: session, socket and buffers in one block. */
struct harness_client {
    NX_SECURE_DTLS_SESSION session;
    NX_UDP_SOCKET socket;
    uint64_t metadata[8192 / 8];
    UCHAR reassembly[4096];
};

static inline UINT harness_client_open(struct harness_client *c, NX_IP *ip, const UCHAR *key,
                                       UINT key_len)
{
    memset(c, 0, sizeof *c);
    UINT st = nx_udp_socket_create(ip, &c->socket, NULL, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 16);
    if (st == NX_SUCCESS) {
        st = nx_udp_socket_bind(&c->socket, NX_ANY_PORT, NX_NO_WAIT);
    }
    if (st == NX_SUCCESS) {
        st = nx_secure_dtls_session_create(&c->session, &nx_crypto_tls_ciphers, c->metadata,
                                           sizeof c->metadata, c->reassembly, sizeof c->reassembly,
                                           0, NULL, 0);
    }
    if (st == NX_SUCCESS) {
        st = nx_secure_dtls_psk_add(&c->session, (UCHAR *)(uintptr_t)key, key_len, harness_id,
                                    (UINT)strlen((const char *)harness_id), harness_hint, 4);
    }
    return st;
}

static inline void harness_client_close(struct harness_client *c)
{
    (void)nx_secure_dtls_session_delete(&c->session);
    (void)nx_udp_socket_unbind(&c->socket);
    (void)nx_udp_socket_delete(&c->socket);
}

/* harness_send sends text over a session (client: to its server). */
static inline UINT harness_send(NX_SECURE_DTLS_SESSION *s, NX_PACKET_POOL *pool, const void *data,
                                ULONG len, NXD_ADDRESS *to, UINT port)
{
    NX_PACKET *p = NULL;
    UINT st = nx_secure_dtls_packet_allocate(s, pool, &p, NX_IP_PERIODIC_RATE);
    if (st != NX_SUCCESS) {
        return st;
    }
    st = nx_packet_data_append(p, (VOID *)(uintptr_t)data, len, pool, NX_IP_PERIODIC_RATE);
    if (st == NX_SUCCESS) {
        st = to != NULL ? nx_secure_dtls_session_send(s, p, to, port)
                        : nx_secure_dtls_server_session_send(s, p);
    }
    if (st != NX_SUCCESS) {
        (void)nx_packet_release(p);
    }
    return st;
}

/* harness_receive receives one record and compares it with want. */
static inline UINT harness_receive(NX_SECURE_DTLS_SESSION *s, const void *want, ULONG len,
                                   ULONG wait)
{
    NX_PACKET *p = NULL;
    UINT st = nx_secure_dtls_session_receive(s, &p, wait);
    if (st != NX_SUCCESS) {
        return st;
    }
    uint8_t buf[2048];
    ULONG got = 0;
    UINT r = nx_packet_data_retrieve(p, buf, &got);
    (void)nx_packet_release(p);
    if (r != NX_SUCCESS || got != len || memcmp(buf, want, len) != 0) {
        return NX_NOT_SUCCESSFUL;
    }
    return NX_SUCCESS;
}

/* ---- An echo server application: callbacks post events; one thread serves them. ---- */

#define HARNESS_EVENTS 4096

enum harness_event_kind { EV_CONNECT, EV_RECEIVE, EV_DISCONNECT, EV_ERROR, EV_STOP };

struct harness_event {
    enum harness_event_kind kind;
    NX_SECURE_DTLS_SESSION *session;
    UINT code;
};

struct harness_server {
    NX_SECURE_DTLS_SERVER server;
    NX_SECURE_DTLS_SESSION *sessions;
    UINT slots;
    void *metadata;
    UCHAR *reassembly;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct harness_event events[HARNESS_EVENTS];
    size_t head, tail;
    /* counters and start_wait: under lock (harness_get, harness_set_start_wait), as the callbacks
     * write them on the I/O thread and the application thread reads start_wait */
    unsigned connects, receives, disconnects, errors, errors_no_slot, starts_ok, starts_failed,
        ends;
    UINT last_start_error;
    UINT last_start_status; /* of the last server_session_start, success included */
    ULONG start_wait;
};

static struct harness_server *harness_current;

static inline void harness_post(enum harness_event_kind kind, NX_SECURE_DTLS_SESSION *s, UINT code)
{
    struct harness_server *h = harness_current;
    pthread_mutex_lock(&h->lock);
    switch (kind) {
    case EV_CONNECT:
        h->connects++;
        break;
    case EV_RECEIVE:
        h->receives++;
        break;
    case EV_DISCONNECT:
        h->disconnects++;
        break;
    case EV_ERROR:
        h->errors++;
        if (s == NULL && code == NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS) {
            h->errors_no_slot++;
        }
        break;
    default:
        break;
    }
    if ((h->tail + 1) % HARNESS_EVENTS != h->head) {
        h->events[h->tail].kind = kind;
        h->events[h->tail].session = s;
        h->events[h->tail].code = code;
        h->tail = (h->tail + 1) % HARNESS_EVENTS;
    }
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

static inline UINT harness_connect_notify(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *a, UINT port)
{
    (void)a;
    (void)port;
    harness_post(EV_CONNECT, s, 0);
    return NX_SUCCESS;
}

static inline UINT harness_receive_notify(NX_SECURE_DTLS_SESSION *s)
{
    harness_post(EV_RECEIVE, s, 0);
    return NX_SUCCESS;
}

static inline UINT harness_disconnect_notify(NX_SECURE_DTLS_SESSION *s)
{
    harness_post(EV_DISCONNECT, s, 0);
    return NX_SUCCESS;
}

static inline UINT harness_error_notify(NX_SECURE_DTLS_SESSION *s, UINT code)
{
    harness_post(EV_ERROR, s, code);
    return NX_SUCCESS;
}

static void *harness_server_thread(void *arg)
{
    struct harness_server *h = arg;
    NX_PACKET_POOL *pool = h->server.nx_dtls_server_ip_ptr->nx_ip_default_packet_pool;
    for (;;) {
        pthread_mutex_lock(&h->lock);
        while (h->head == h->tail) {
            pthread_cond_wait(&h->cond, &h->lock);
        }
        struct harness_event ev = h->events[h->head];
        h->head = (h->head + 1) % HARNESS_EVENTS;
        ULONG start_wait = h->start_wait;
        pthread_mutex_unlock(&h->lock);
        if (ev.kind == EV_STOP) {
            return NULL;
        }
        if (ev.kind == EV_CONNECT) {
            UINT st = nx_secure_dtls_server_session_start(ev.session, start_wait);
            pthread_mutex_lock(&h->lock);
            h->last_start_status = st;
            if (st == NX_SUCCESS) {
                h->starts_ok++;
            } else {
                h->starts_failed++;
                h->last_start_error = st;
            }
            pthread_mutex_unlock(&h->lock);
            if (st != NX_SUCCESS && st != NX_NO_PACKET) {
                (void)nx_secure_dtls_session_reset(
                    ev.session); /* docs/netx-api.md 8.2: free a failed slot */
            }
        } else if (ev.kind == EV_RECEIVE) {
            NX_PACKET *p = NULL;
            UINT st = nx_secure_dtls_session_receive(ev.session, &p, NX_NO_WAIT);
            if (st == NX_SUCCESS) {
                /* Echo: the received packet's bytes in a new packet. */
                uint8_t buf[2048];
                ULONG n = 0;
                (void)nx_packet_data_retrieve(p, buf, &n);
                (void)nx_packet_release(p);
                (void)harness_send(ev.session, pool, buf, n, NULL, 0);
            }
            /* NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED: this harness ends the slot on disconnect_notify
             * (nxdtls's extra); a NetX-style server ends it here instead (netx/echo_server_test.c). */
        } else if (ev.kind == EV_DISCONNECT) {
            /* The peer closed: free the slot (our close_notify answer was already sent). */
            UINT st = nx_secure_dtls_session_end(ev.session, NX_NO_WAIT);
            pthread_mutex_lock(&h->lock);
            if (st == NX_SUCCESS) {
                h->ends++;
            }
            pthread_mutex_unlock(&h->lock);
        } else if (ev.kind == EV_ERROR && ev.session != NULL) {
            (void)nx_secure_dtls_session_reset(ev.session);
        }
    }
}

/* harness_server_create creates (does not start) an echo server with n slots on ip over table, each slot
 * with reassembly_each bytes of reassembly; with_psk adds the harness PSK. Certificates and other settings
 * go in before harness_server_run. */
static inline UINT harness_server_create(struct harness_server *h, NX_IP *ip, UINT slots, UINT port,
                                         const NX_SECURE_TLS_CRYPTO *table, UINT reassembly_each,
                                         int with_psk)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    harness_current = h;
    h->slots = slots;
    h->start_wait = 10 * NX_IP_PERIODIC_RATE;
    ULONG meta = 0;
    (void)nx_secure_tls_metadata_size_calculate(table, &meta);
    static NX_SECURE_DTLS_SESSION session_store[256];
    static uint64_t meta_store[256 * 6000 / 8];
    static UCHAR reasm_store[256 * 2048];
    if (slots > 256 || meta > 6000 || (size_t)slots * reassembly_each > sizeof reasm_store) {
        return NX_NOT_SUCCESSFUL;
    }
    h->sessions = session_store;
    UINT st = nx_secure_dtls_server_create(
        &h->server, ip, port, NX_IP_PERIODIC_RATE, session_store,
        slots * (UINT)sizeof(NX_SECURE_DTLS_SESSION), table, meta_store, slots * meta, reasm_store,
        slots * reassembly_each, harness_connect_notify, harness_receive_notify);
    if (st != NX_SUCCESS) {
        return st;
    }
    st = nx_secure_dtls_server_notify_set(&h->server, harness_disconnect_notify,
                                          harness_error_notify);
    if (st == NX_SUCCESS && with_psk) {
        st = nx_secure_dtls_server_psk_add(&h->server, harness_key, sizeof harness_key, harness_id,
                                           (UINT)strlen((const char *)harness_id), harness_hint, 4);
    }
    return st;
}

/* harness_server_run starts a created server and its application thread. */
static inline UINT harness_server_run(struct harness_server *h)
{
    UINT st = nx_secure_dtls_server_start(&h->server);
    if (st == NX_SUCCESS) {
        pthread_create(&h->thread, NULL, harness_server_thread, h);
    }
    return st;
}

/* harness_server_open creates and starts a PSK echo server with n slots on ip. */
static inline UINT harness_server_open(struct harness_server *h, NX_IP *ip, UINT slots, UINT port)
{
    UINT st = harness_server_create(h, ip, slots, port, &nx_crypto_tls_ciphers, 2048, 1);
    return st == NX_SUCCESS ? harness_server_run(h) : st;
}

static inline void harness_server_close(struct harness_server *h)
{
    harness_post(EV_STOP, NULL, 0);
    pthread_join(h->thread, NULL);
    EXPECT_OK(nx_secure_dtls_server_stop(&h->server));
    EXPECT_OK(nx_secure_dtls_server_delete(&h->server));
}

/* harness_get reads one of the server application's counters (a field of h) under its lock. */
static inline unsigned harness_get(struct harness_server *h, const unsigned *counter)
{
    pthread_mutex_lock(&h->lock);
    unsigned v = *counter;
    pthread_mutex_unlock(&h->lock);
    return v;
}

/* harness_set_start_wait sets the wait option the application passes to server_session_start. */
static inline void harness_set_start_wait(struct harness_server *h, ULONG wait)
{
    pthread_mutex_lock(&h->lock);
    h->start_wait = wait;
    pthread_mutex_unlock(&h->lock);
}

/* harness_slots_in_use counts the server's slots an application would see as taken. */
static inline unsigned harness_slots_in_use(struct harness_server *h)
{
    unsigned n = 0;
    for (UINT i = 0; i < h->server.nx_dtls_server_sessions_count; i++) {
        n += netx_peek_in_use(&h->server.nx_dtls_server_sessions[i]) ? 1u : 0u;
    }
    return n;
}

/* harness_wait_until polls a condition for up to 10 s (bounded waiting, no timing assertion). */
#define HARNESS_WAIT_UNTIL(cond)                                               \
    do {                                                                       \
        for (int harness_i_ = 0; harness_i_ < 1000 && !(cond); harness_i_++) { \
            (void)tx_thread_sleep(1);                                          \
        }                                                                      \
    } while (0)

#endif /* NETX_HARNESS_H */
