/* SPDX-License-Identifier: MIT */
/* netx_peek.h: reads of facade internals a test checks while other threads (the IP's I/O thread, a
 * server's application thread, a blocked receiver) may be writing them. Each read takes the lock the
 * facade writes the field under (src/netx/netx_dtls.h gives the lock order), so a test neither races
 * with the library nor reads a torn or stale value; ThreadSanitizer builds stay quiet for the tests' own
 * accesses and report only the library's. */
#ifndef NETX_PEEK_H
#define NETX_PEEK_H

#include <pthread.h>
#include <stddef.h>

#include "nx_api.h"
#include "nx_secure_dtls_api.h"

#if defined(__SANITIZE_THREAD__)
#define NETX_PEEK_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NETX_PEEK_TSAN 1
#endif
#endif

#ifdef NETX_PEEK_TSAN
/* __tsan_default_options is ThreadSanitizer's hook for its options (TSAN_OPTIONS still wins). With the
 * default history (2) it often cannot restore the stack of the earlier access of a race between the
 * I/O thread and an application thread that loops for long, and then drops the report silently (seen
 * with clang 14: known races of the facade went unreported in most runs). Each test executable
 * includes this header from its one source file, so the definition is made once. */
const char *__tsan_default_options(void);
__attribute__((visibility("default"))) const char *__tsan_default_options(void)
{
    return "history_size=7";
}
#endif

/* netx_peek_pool_available returns how many packets of pool are free. */
static inline ULONG netx_peek_pool_available(NX_PACKET_POOL *pool)
{
    pthread_mutex_lock(&pool->nx_packet_pool_lock);
    ULONG v = pool->nx_packet_pool_available;
    pthread_mutex_unlock(&pool->nx_packet_pool_lock);
    return v;
}

/* netx_peek_pool_waiters returns how many threads wait in nx_packet_allocate on pool. */
static inline ULONG netx_peek_pool_waiters(NX_PACKET_POOL *pool)
{
    pthread_mutex_lock(&pool->nx_packet_pool_lock);
    ULONG v = pool->nx_packet_pool_waiters;
    pthread_mutex_unlock(&pool->nx_packet_pool_lock);
    return v;
}

/* netx_peek_ip_dropped returns how many datagrams the IP's I/O thread dropped. */
static inline ULONG netx_peek_ip_dropped(NX_IP *ip)
{
    pthread_mutex_lock(&ip->nx_ip_lock);
    ULONG v = ip->nx_ip_dropped;
    pthread_mutex_unlock(&ip->nx_ip_lock);
    return v;
}

/* netx_peek_socket_queued returns how many datagrams wait in the socket's receive queue. */
static inline ULONG netx_peek_socket_queued(NX_UDP_SOCKET *s)
{
    pthread_mutex_lock(&s->nx_udp_socket_lock);
    ULONG v = s->nx_udp_socket_receive_count;
    pthread_mutex_unlock(&s->nx_udp_socket_lock);
    return v;
}

/* netx_peek_socket_waiters returns how many threads are blocked on the socket. */
static inline ULONG netx_peek_socket_waiters(NX_UDP_SOCKET *s)
{
    pthread_mutex_lock(&s->nx_udp_socket_lock);
    ULONG v = s->nx_udp_socket_waiters;
    pthread_mutex_unlock(&s->nx_udp_socket_lock);
    return v;
}

/* netx_peek_in_use returns the session's nx_secure_dtls_session_in_use (a server slot: taken). */
static inline UINT netx_peek_in_use(NX_SECURE_DTLS_SESSION *s)
{
    pthread_mutex_lock(&s->nx_secure_dtls_lock);
    UINT v = s->nx_secure_dtls_session_in_use;
    pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    return v;
}

/* netx_peek_waiting returns true while a thread is blocked in start, receive or end on the session. */
static inline UINT netx_peek_waiting(NX_SECURE_DTLS_SESSION *s)
{
    pthread_mutex_lock(&s->nx_secure_dtls_lock);
    UINT v = s->nx_secure_dtls_waiting;
    pthread_mutex_unlock(&s->nx_secure_dtls_lock);
    return v;
}

/* netx_peek_server_active returns how many slots the server's engine holds (its address index). */
static inline size_t netx_peek_server_active(NX_SECURE_DTLS_SERVER *server)
{
    pthread_mutex_lock(&server->nx_dtls_server_lock);
    size_t v = nxdtls_server_active(&server->nx_dtls_server_engine);
    pthread_mutex_unlock(&server->nx_dtls_server_lock);
    return v;
}

/* netx_peek_semaphore_waiters / netx_peek_mutex_waiters: threads blocked in tx_*_get (the info services
 * read them under the ThreadX port's kernel lock). */
static inline ULONG netx_peek_semaphore_waiters(TX_SEMAPHORE *s)
{
    ULONG v = 0;
    (void)tx_semaphore_info_get(s, NULL, NULL, NULL, &v, NULL);
    return v;
}

static inline ULONG netx_peek_mutex_waiters(TX_MUTEX *m)
{
    ULONG v = 0;
    (void)tx_mutex_info_get(m, NULL, NULL, NULL, NULL, &v, NULL);
    return v;
}

#endif /* NETX_PEEK_H */
