/* SPDX-License-Identifier: MIT */
/* netx_dtls.h: what the nx_secure_dtls_* services share: session states, validity checks, the session lock
 * discipline, and the one routine that moves a received datagram through the engine.
 *
 * Who drives a session's engine (nxdtls_conn):
 *   - a client session: the application thread inside start, receive or end, reading its UDP socket;
 *   - a server slot: the IP's I/O thread, which routes every datagram of the server's socket and feeds it
 *     to the slot's connection, and runs the slots' retransmission timers; application threads only wait
 *     on the session's condition variable. Datagrams that arrive before the application calls
 *     nx_secure_dtls_server_session_start are kept (raw queue) and fed by that call.
 * Every touch of a connection happens under the session's lock. Lock order: server lock, then session
 * lock, then socket lock. Application callbacks run with no lock held, except two that run inside the
 * engine, on the thread that drives the handshake (docs/netx-api.md 7.9): the time function and the
 * certificate callback.
 *
 * The certificate callback rule. While an application's certificate callback runs, its thread holds the
 * session's lock (and, for a server slot, the server's). The lock helpers below know it (a per-thread
 * note made by the trampoline), so on that thread:
 *   - services that only read or change settings work and skip the locks the thread already holds:
 *     nx_secure_x509_* (they take no session at all), nx_secure_tls_session_alert_value_get,
 *     nx_secure_tls_session_time_function_set / _certificate_callback_set / _sni_extension_set,
 *     nx_secure_dtls_session_client_info_get, *_psk_add, *_certificate_add, *_ecc_initialize,
 *     the server's notify_set and x509_client_verify_configure / _disable;
 *   - services that would re-enter the engine running the callback, free what it uses, or wait for the
 *     thread itself return NX_CALLER_ERROR for that session (and its server): start, receive, send, end,
 *     reset, delete, *_certificate_remove, server start / stop / delete.
 * Other sessions are not affected. The time function must not call any nx_secure_* service.
 *
 * Decrypted application records go, one record per packet of the IP's default pool, to the session's
 * plaintext queue; nx_secure_dtls_session_receive hands them out. */
#ifndef NETX_DTLS_H
#define NETX_DTLS_H

#include <stdbool.h>
#include <stdint.h>

#include "nx_secure_dtls_api.h"

/* NETX_DTLS_ID marks a created DTLS session or server ("DTLS" / "DSRV"). */
#define NETX_DTLS_SESSION_ID ((ULONG)0x44544C53)
#define NETX_DTLS_SERVER_ID  ((ULONG)0x44535256)

/* Session states. */
#define NETX_DTLS_IDLE 0 /* created or reset: no peer, no handshake */
#define NETX_DTLS_HANDSHAKE \
    1 /* handshake running (client start, or a server slot taken by a peer) */
#define NETX_DTLS_ESTABLISHED 2
#define NETX_DTLS_CLOSED      3 /* the peer sent close_notify */
#define NETX_DTLS_FAILED      4 /* nx_secure_dtls_error holds the code */

/* The largest datagram the facade handles: one record of 2^14 bytes plus its protection. */
#define NETX_DTLS_MAX_DATAGRAM (16384 + 2048)

/* Plaintext records queued per session before new ones are dropped (the application reads too slowly). */
#define NETX_DTLS_QUEUE_MAX 64
/* Datagrams kept for a server slot before its application calls server_session_start. */
#define NETX_DTLS_RAW_MAX 16

/* What one pass of the engine produced, for the callbacks to run once the locks are dropped. */
struct netx_dtls_result {
    unsigned records; /* application records queued */
    bool established; /* the handshake completed now */
    bool closed;      /* the peer's close_notify arrived now */
    bool peer_closed; /* ... not as the answer to ours: the peer ended the session */
    bool failed;      /* the session failed now */
    UINT error;       /* its code */
};

/* netx_dtls_session_valid returns true when s is a created session (standalone or a live server slot). */
bool netx_dtls_session_valid(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_server_valid returns true when s is a created server. */
bool netx_dtls_server_valid(NX_SECURE_DTLS_SERVER *s);

/* netx_dtls_session_register / _unregister maintain the created list of standalone sessions. */
bool netx_dtls_session_register(NX_SECURE_DTLS_SESSION *s);
void netx_dtls_session_unregister(NX_SECURE_DTLS_SESSION *s);
bool netx_dtls_session_registered(NX_SECURE_DTLS_SESSION *s);
bool netx_dtls_server_register(NX_SECURE_DTLS_SERVER *s);
void netx_dtls_server_unregister(NX_SECURE_DTLS_SERVER *s);

/* netx_dtls_config returns the engine configuration the session runs with (its own, or its server's). */
nxdtls_config *netx_dtls_config(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_config_refresh copies the TLS-level settings of the session (PSKs, certificates, SNI,
 * groups, time function, version) into the configuration it runs with. */
void netx_dtls_config_refresh(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_addr_from converts a NetX address and port to the engine's form. */
void netx_dtls_addr_from(nxdtls_addr *out, const NXD_ADDRESS *a, UINT port);

/* netx_dtls_addr_equal returns true when a:port is the session's peer. */
bool netx_dtls_peer_is(const NX_SECURE_DTLS_SESSION *s, const NXD_ADDRESS *a, UINT port);

/* netx_dtls_flush sends every datagram the connection has pending to the peer (session lock held).
 * Returns NX_SUCCESS or NX_SECURE_TLS_TCP_SEND_FAILED. */
UINT netx_dtls_flush(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms);

/* netx_dtls_input feeds one datagram (len bytes at data, decrypted in place) to the connection, queues
 * its application records as packets, sends what the engine answers, and updates the session state
 * (session lock held). */
void netx_dtls_input(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms, uint8_t *data, size_t len,
                     struct netx_dtls_result *r);

/* netx_dtls_timer services the connection's timer if due (session lock held); returns the next
 * deadline (UINT64_MAX: none). */
uint64_t netx_dtls_timer(NX_SECURE_DTLS_SESSION *s, uint64_t now_ms, struct netx_dtls_result *r);

/* netx_dtls_linearize returns the datagram in packet p as one contiguous span: the packet's own bytes
 * when it is not chained, else a copy in scratch (cap bytes). Returns false when it does not fit. */
bool netx_dtls_linearize(NX_PACKET *p, uint8_t *scratch, size_t cap, uint8_t **data, size_t *len);

/* netx_dtls_release_queues releases every queued packet of the session (session lock held). */
void netx_dtls_release_queues(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_session_clear forgets the peer and the connection state, keeping configuration and
 * credentials (session lock held); wakes waiters. Used by reset and server_stop. */
void netx_dtls_session_clear(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_store_release unlinks every certificate of a store (its structures may then be added to
 * another session's store: docs/netx-api.md 1.5, they are the caller's again once the session is deleted). */
void netx_dtls_store_release(NX_SECURE_X509_CERTIFICATE_STORE *store);

/* netx_dtls_wake wakes the threads waiting on the session (session lock held). */
void netx_dtls_wake(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_credentials returns the credentials the session's handshakes use: a server slot shares its
 * server's (PSKs and certificates added to any slot apply to all). */
NX_SECURE_TLS_CREDENTIALS *netx_dtls_credentials(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_lock takes what guards the session's engine: its server's lock (slots share the server's
 * configuration and credentials), then its own. netx_dtls_unlock releases both. Locks the calling
 * thread holds for a certificate callback are skipped (the rule above), here and in the helpers below. */
void netx_dtls_lock(NX_SECURE_DTLS_SESSION *s);
void netx_dtls_unlock(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_session_lock / _unlock take and release the session's own lock only. */
void netx_dtls_session_lock(NX_SECURE_DTLS_SESSION *s);
void netx_dtls_session_unlock(NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_server_lock / _unlock take and release a server's lock. */
void netx_dtls_server_lock(NX_SECURE_DTLS_SERVER *server);
void netx_dtls_server_unlock(NX_SECURE_DTLS_SERVER *server);

/* netx_dtls_in_callback returns true when the calling thread is inside the certificate callback of s's
 * handshake: a service that would re-enter or free s's engine must return NX_CALLER_ERROR. */
bool netx_dtls_in_callback(const NX_SECURE_DTLS_SESSION *s);

/* netx_dtls_server_in_callback returns true when the calling thread is inside the certificate callback of
 * a slot of server (it holds the server's lock). */
bool netx_dtls_server_in_callback(const NX_SECURE_DTLS_SERVER *server);

/* netx_dtls_certificate_callback is the engine's certificate callback of a standalone session (ctx: the
 * NX_SECURE_DTLS_SESSION); netx_dtls_server_certificate_callback that of a server's slots (ctx: the
 * NX_SECURE_DTLS_SERVER). Each calls the application's callback of the session, if any, with
 * &session->nx_secure_dtls_tls_session and the peer's leaf; while it runs, the session's certificate
 * store shows the peer's chain as its remote certificates (and, on a server slot, the server's local
 * and trusted certificates), so nx_secure_x509_crl_revocation_check finds a received issuer. */
ULONG netx_dtls_certificate_callback(void *ctx, struct nxdtls_conn *conn,
                                     NX_SECURE_X509_CERT *leaf);
ULONG netx_dtls_server_certificate_callback(void *ctx, struct nxdtls_conn *conn,
                                            NX_SECURE_X509_CERT *leaf);

/* netx_dtls_server_psk_callback is the engine's PSK server callback of a server's slots when the
 * application set one with nxdtls_dtls_server_psk_callback_set (ctx: the NX_SECURE_DTLS_SERVER): it calls
 * the application's lookup with the slot's session, which is locked as during the certificate callback. */
UINT netx_dtls_server_psk_callback(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                                   size_t identity_len, uint8_t *key, size_t key_capacity,
                                   size_t *key_len);

/* netx_dtls_system_time is the time function of a session the application gave none (docs/netx-api.md 10
 * D4): the system clock in UNIX seconds, so certificate validity is checked by default. */
ULONG netx_dtls_system_time(VOID);

/* netx_dtls_remote_slots_fit returns true when size bytes at buffer cut into count slots leave each at
 * least NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE bytes of DER room, by the rule of
 * nxdtls_conn_set_remote_certificates (8-aligned start and stride, an NX_SECURE_X509_CERT head). */
bool netx_dtls_remote_slots_fit(const void *buffer, size_t size, size_t count);

/* Per-slot bytes metadata_size_calculate adds for the server's index (nxdtls_server_index_size). */
#define NETX_DTLS_INDEX_SHARE 128
#endif /* NETX_DTLS_H */
