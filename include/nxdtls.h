/* SPDX-License-Identifier: MIT */
/* nxdtls.h: the native, sans-I/O DTLS 1.2 engine API (docs/design.md "The engine contract").
 *
 * The engine owns no socket, no clock, no heap and no global state. The caller feeds it received datagrams
 * with the current time in milliseconds and asks it for datagrams to send, decrypted application data,
 * events and the next timer deadline. Every function returns a NetX status (UINT; 0 = NX_SUCCESS) and
 * passes results through out-parameters. All memory is the caller's:
 *   - nxdtls_conn: the established-session state (small, fixed size, embeddable by value);
 *   - a metadata buffer: crypto method areas and the handshake-only state (nxdtls_metadata_size), in two
 *     parts: the session part an established association keeps (its record ciphers' areas,
 *     nxdtls_session_metadata_size) and the handshake part (nxdtls_handshake_metadata_size);
 *   - a reassembly buffer: incoming handshake reassembly and the outgoing flight kept for retransmission.
 * A connection of nxdtls_conn_init owns all of it. A server's slots may instead share the handshake part and
 * the reassembly buffer through a pool sized to the handshakes that run at once (nxdtls_server_init_pooled),
 * so that an established association holds only nxdtls_conn and its session part.
 * The same engine runs under the NetX facade (src/netx), the nxdtls tool, an application's own event loop,
 * and the simulated network of the tests. */
#ifndef NXDTLS_H
#define NXDTLS_H

#include <stddef.h>
#include <stdint.h>

#include "nx_secure_tls.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NXDTLS_API __attribute__((visibility("default")))
#else
#define NXDTLS_API
#endif

/* The library's version (semantic versioning; CMakeLists.txt reads it from here). */
#define NXDTLS_VERSION_MAJOR  0
#define NXDTLS_VERSION_MINOR  1
#define NXDTLS_VERSION_PATCH  0
#define NXDTLS_VERSION_STRING "0.1.0"

#define NXDTLS_ROLE_CLIENT 0
#define NXDTLS_ROLE_SERVER 1

/* Event bits returned by nxdtls_conn_events. */
#define NXDTLS_EVENT_HANDSHAKE_DONE \
    0x01u                               /* the (re)handshake completed; application data may flow */
#define NXDTLS_EVENT_CLOSE_NOTIFY 0x02u /* the peer sent close_notify */
#define NXDTLS_EVENT_ALERT        0x04u /* the peer sent a fatal alert (see nxdtls_conn_alert) */
#define NXDTLS_EVENT_FAILED       0x08u /* the connection failed; nxdtls_conn_error gives the code */

/* Output buffers. nxdtls_conn_output writes at most the configured MTU (NXDTLS_DEFAULT_MTU when 0);
 * nxdtls_conn_write writes len + at most NXDTLS_RECORD_OVERHEAD_MAX bytes (record header, explicit IV or
 * nonce, MAC or tag, CBC padding). A buffer of NXDTLS_MAX_DATAGRAM bytes holds any record
 * nxdtls_conn_write makes (len <= 16384) and any datagram nxdtls_conn_output makes with an MTU up to it. */
#define NXDTLS_RECORD_OVERHEAD_MAX \
    144 /* 96, plus a CID of NXDTLS_CID_PEER_MAX and its inner type */
#define NXDTLS_MAX_DATAGRAM (16384 + NXDTLS_RECORD_OVERHEAD_MAX)

/* Defaults of RFC 6347 4.2.4 and docs/netx-api.md 1.4. */
#define NXDTLS_DEFAULT_MTU                1400
#define NXDTLS_MIN_MTU                    256
#define NXDTLS_DEFAULT_RETRANSMIT_MS      1000
#define NXDTLS_DEFAULT_RETRANSMIT_MAX_MS  60000
#define NXDTLS_DEFAULT_RETRANSMIT_RETRIES 10

/* Hostile-network defaults (docs/security.md). */
#define NXDTLS_DEFAULT_HALF_OPEN_PER_ADDRESS     4 /* server: unfinished handshakes per IP address */
#define NXDTLS_DEFAULT_RENEGOTIATION_INTERVAL_MS 10000 /* one peer-started renegotiation per 10 s */

/* nxdtls_random_fn fills out with len random bytes; returns NX_SUCCESS or a failure code. */
typedef UINT (*nxdtls_random_fn)(void *ctx, uint8_t *out, size_t len);

/* nxdtls_keylog_fn receives one NSS key log line ("CLIENT_RANDOM <hex> <hex>", no newline). */
typedef void (*nxdtls_keylog_fn)(void *ctx, const char *line);

struct nxdtls_conn;
struct nxdtls_addr;

/* ---- Connection ID (RFC 9146; docs/cid.md) ----
 * With nxdtls_config.cid_length N (1..NXDTLS_CID_MAX) a connection offers (client) or accepts (server) the
 * connection_id extension and asks the peer to put an N-byte CID in every protected record it sends; the
 * peer's own choice (up to NXDTLS_CID_PEER_MAX bytes, or none) goes into ours. A CID record is routed by
 * its CID, not by the source address, so a client whose NAT binding changed keeps its session. A server's
 * CIDs (at least NXDTLS_SERVER_CID_MIN bytes) are: one route byte (nxdtls_server_set_worker: the worker or
 * server that owns the session, for dispatchers and load balancers), the slot index (3 bytes, big-endian),
 * then random bytes: unique among the server's live sessions and unpredictable. */
#define NXDTLS_CID_MAX        32 /* our own CID */
#define NXDTLS_CID_PEER_MAX   32 /* the longest peer CID we send with */
#define NXDTLS_SERVER_CID_MIN 6  /* route byte, 3 slot bytes, at least 2 random bytes */

/* nxdtls_cid_peer_fn is the optional return-routability hook of RFC 9146 6: nxdtls_server_peer_update asks
 * it before moving a session to a new address (an authenticated CID record, newer than any before, came
 * from there). Return nonzero to move now; 0 to keep the old address (the application may check the new
 * one, e.g. with a request it must answer, and call nxdtls_server_peer_update again later). */
typedef int (*nxdtls_cid_peer_fn)(void *ctx, struct nxdtls_conn *conn,
                                  const struct nxdtls_addr *old_peer,
                                  const struct nxdtls_addr *new_peer);

/* nxdtls_certificate_fn is called once the peer's chain has verified (and, on a client with server_name,
 * matched the name), with the peer's leaf; the peer's other certificates are nxdtls_conn_peer_certificate.
 * Returning anything but NX_SUCCESS ends the handshake with that code and the alert docs/netx-api.md 7.8 maps it
 * to (internal_error for codes it does not list). The pointers are valid during the call. In a renegotiation
 * (nxdtls_conn_is_established is true) a leaf other than the established session's is refused unless this
 * callback accepts it (nxdtls_conn_peer_changed tells it so); without a callback the change is refused. */
typedef ULONG (*nxdtls_certificate_fn)(void *ctx, struct nxdtls_conn *conn,
                                       NX_SECURE_X509_CERT *leaf);

/* PSK limits (RFC 4279 allows more; these are NetX's buffers, docs/netx-api.md 1.4). */
#define NXDTLS_PSK_KEY_MAX      NX_SECURE_TLS_MAX_PSK_SIZE    /* 64 bytes */
#define NXDTLS_PSK_IDENTITY_MAX NX_SECURE_TLS_MAX_PSK_ID_SIZE /* 128 bytes, identities and hints */

/* nxdtls_psk_server_fn finds the key of a client's PSK identity (RFC 4279 2) when the static entries
 * (nxdtls_config.psks) have none: a server for a fleet keeps its thousands of identities in its own table,
 * database or secure element. It writes the key into key (a buffer of key_capacity = NXDTLS_PSK_KEY_MAX bytes
 * that the library provides and wipes after use) and its length into *key_len, and returns NX_SUCCESS; or it
 * returns NX_SECURE_TLS_NO_MATCHING_PSK for an identity it does not know (the handshake fails with that code
 * and the alert unknown_psk_identity), or any other code to fail the handshake with it. A key of 0 bytes
 * counts as unknown; a *key_len above key_capacity fails with NX_SECURE_TLS_NO_MORE_PSK_SPACE. identity
 * (at most NXDTLS_PSK_IDENTITY_MAX bytes, not NUL-terminated) is valid during the call only. Called once per
 * handshake, while the connection's ClientKeyExchange is processed, from the thread feeding the datagram. */
typedef UINT (*nxdtls_psk_server_fn)(void *ctx, struct nxdtls_conn *conn, const uint8_t *identity,
                                     size_t identity_len, uint8_t *key, size_t key_capacity,
                                     size_t *key_len);

/* nxdtls_psk_client_fn chooses the client's PSK from the server's identity hint (hint_len 0: the server sent
 * none). It writes the identity to send (at most identity_capacity = NXDTLS_PSK_IDENTITY_MAX bytes) and the
 * key (at most key_capacity = NXDTLS_PSK_KEY_MAX bytes) into the library's buffers, which are wiped after use,
 * and returns NX_SUCCESS, or a code that fails the handshake (NX_SECURE_TLS_NO_MATCHING_PSK: no key for this
 * server). Lengths above the capacities fail with NX_SECURE_TLS_NO_MORE_PSK_SPACE, a 0-byte key with
 * NX_SECURE_TLS_NO_MATCHING_PSK. A hint longer than NXDTLS_PSK_IDENTITY_MAX cannot be kept for the call: the
 * handshake fails with NX_SECURE_TLS_NO_MATCHING_PSK without calling. nxdtls_psk_choose applies the standard
 * rule to a list of entries. */
typedef UINT (*nxdtls_psk_client_fn)(void *ctx, struct nxdtls_conn *conn, const uint8_t *hint,
                                     size_t hint_len, uint8_t *identity, size_t identity_capacity,
                                     size_t *identity_len, uint8_t *key, size_t key_capacity,
                                     size_t *key_len);

/* ---- Logging (optional): what the engine does, for traces like `nxdtls client -vv` ----
 * With nxdtls_config.log set, the engine calls it for each entry at or below log_level; without it, a log
 * hook costs one pointer test. Entries describe what happened in this connection, in order. */
#define NXDTLS_LOG_EVENTS 1 /* handshake completed, connection failed, alerts sent and received */
#define NXDTLS_LOG_MESSAGES \
    2 /* and every handshake message and ChangeCipherSpec, with its fields */
#define NXDTLS_LOG_RECORDS \
    3 /* and every record sent or received, and each record dropped with why */

/* What an entry reports (nxdtls_log_entry.kind). */
#define NXDTLS_LOG_HANDSHAKE_DONE \
    1                       /* EVENTS: the negotiated parameters are in the entry's fields */
#define NXDTLS_LOG_FAILED 2 /* EVENTS: status ended the connection */
#define NXDTLS_LOG_ALERT  3 /* EVENTS: an alert (type = description, alert_level) */
#define NXDTLS_LOG_MESSAGE \
    4 /* MESSAGES: a handshake message (type = HandshakeType), length = body */
#define NXDTLS_LOG_CHANGE_CIPHER 5 /* MESSAGES: ChangeCipherSpec */
#define NXDTLS_LOG_RETRANSMIT    6 /* MESSAGES: our last flight is sent again (RFC 6347 4.2.4) */
#define NXDTLS_LOG_RECORD        7 /* RECORDS: a record (type = ContentType, epoch, seq, length) */
#define NXDTLS_LOG_DROPPED       8 /* RECORDS: a received record dropped silently (RFC 6347 4.1.2.7) */

/* Hello extensions, as bits of nxdtls_log_entry.extensions. */
#define NXDTLS_EXT_SERVER_NAME            0x01u /* RFC 6066 3 */
#define NXDTLS_EXT_SUPPORTED_GROUPS       0x02u /* RFC 8422 5.1.1 */
#define NXDTLS_EXT_EC_POINT_FORMATS       0x04u /* RFC 8422 5.1.2 */
#define NXDTLS_EXT_SIGNATURE_ALGORITHMS   0x08u /* RFC 5246 7.4.1.4.1 */
#define NXDTLS_EXT_EXTENDED_MASTER_SECRET 0x10u /* RFC 7627 */
#define NXDTLS_EXT_RENEGOTIATION_INFO     0x20u /* RFC 5746 (or the SCSV in a ClientHello) */
#define NXDTLS_EXT_CONNECTION_ID          0x40u /* RFC 9146 3 */
#define NXDTLS_EXT_OTHER                  0x80u /* any other extension */

/* nxdtls_log_entry: one log entry. Pointers are valid during the call only. Fields a message does not
 * carry are 0 or NULL. */
typedef struct nxdtls_log_entry {
    uint8_t level; /* NXDTLS_LOG_EVENTS, _MESSAGES or _RECORDS */
    uint8_t kind;  /* NXDTLS_LOG_HANDSHAKE_DONE ... NXDTLS_LOG_DROPPED */
    uint8_t sent;  /* 1: we sent it; 0: we received it */
    uint8_t
        type; /* MESSAGE: HandshakeType; ALERT: AlertDescription; RECORD, DROPPED: ContentType */
    uint8_t alert_level;   /* ALERT: 1 warning, 2 fatal */
    uint8_t extensions;    /* hellos: NXDTLS_EXT_* present; HANDSHAKE_DONE: negotiated ones */
    uint8_t renegotiation; /* HANDSHAKE_DONE: this handshake renegotiated an association */
    uint8_t certificates;  /* Certificate: certificates in the message */
    uint16_t epoch;        /* RECORD, DROPPED */
    uint16_t version;      /* hellos, RECORD: the protocol version field (0xFEFD = DTLS 1.2) */
    uint16_t ciphersuite;  /* ServerHello, HANDSHAKE_DONE */
    uint16_t group;        /* ServerKeyExchange (ECDHE), HANDSHAKE_DONE: the ECDHE group (IANA) */
    uint16_t signature_scheme;   /* ServerKeyExchange, CertificateVerify: the scheme used (IANA) */
    uint64_t seq;                /* RECORD, DROPPED: the record sequence number */
    size_t length;               /* MESSAGE: body bytes; RECORD: fragment bytes */
    UINT status;                 /* FAILED: the code that ended the connection */
    const uint8_t *psk_identity; /* ClientKeyExchange (PSK suites) */
    size_t psk_identity_len;
    const uint8_t *psk_hint; /* ServerKeyExchange (PSK suites): the server's identity hint */
    size_t psk_hint_len;
    const uint8_t *server_name; /* ClientHello: the SNI host name */
    size_t server_name_len;
    const char
        *text; /* the entry as one line of text: "recv ServerHello version=DTLS1.2 suite=... ems" */
    const uint8_t
        *cid; /* RECORD: the CID of a tls12_cid record (RFC 9146), type is then its real type */
    size_t cid_len;
} nxdtls_log_entry;

/* nxdtls_log_fn receives one entry. It runs inside the engine call that produced it: it may read the
 * connection (nxdtls_conn_ciphersuite, nxdtls_conn_peer_certificate, ...) but not drive it. */
typedef void (*nxdtls_log_fn)(void *ctx, const struct nxdtls_conn *conn,
                              const nxdtls_log_entry *entry);

/* nxdtls_config: settings shared by any number of connections (a server's slots share one). The
 * connection keeps a pointer to it: it and everything it points to must outlive the connections.
 *
 * Certificates (docs/netx-api.md 7.7): `certificates` holds our identities (local list: certificates with their
 * private key, plus any intermediates to send after them) and the trust anchors (trusted list). A client
 * offers the certificate suites when it has a trusted certificate or no PSK, and verifies the server's
 * chain against the trusted list (serverAuth), then the name when server_name is set, then the callback.
 * A server presents the first local identity whose key suits the negotiated suite (RSA for *_RSA_*, EC for
 * *_ECDSA_*), preferring one that names the client's SNI host; with verify_client it sends a
 * CertificateRequest and requires a chain that verifies (clientAuth) and a valid CertificateVerify. Validity
 * periods are checked at time_function()'s time; without a time_function verification fails with
 * NX_SECURE_TLS_INVALID_STATE unless certificate_time_unchecked says to skip the check. Received chains go
 * into the slots given with nxdtls_conn_set_remote_certificates. */
typedef struct nxdtls_config {
    uint8_t role;                       /* NXDTLS_ROLE_CLIENT or NXDTLS_ROLE_SERVER */
    const NX_SECURE_TLS_CRYPTO *crypto; /* method table: nx_crypto_tls_ciphers(_ecc) or the app's */
    const uint16_t *ciphersuites;       /* preference order; NULL = the table's row order */
    size_t ciphersuite_count;
    const NX_SECURE_TLS_PSK_STORE
        *psks; /* PSK entries (RFC 4279); selection per docs/netx-api.md 7.6 */
    size_t psk_count;
    NX_SECURE_X509_CERTIFICATE_STORE *certificates; /* local and trusted certificates, or NULL */
    const uint8_t *server_name; /* client: SNI and the name the server's certificate must match */
    size_t server_name_len;
    const USHORT *groups; /* named groups in preference order; NULL = table defaults */
    size_t group_count;
    const NX_CRYPTO_METHOD **curves; /* curves[i] implements groups[i] */
    uint16_t mtu;                    /* largest datagram sent (UDP payload), >= 256; 0 = 1400 */
    uint32_t retransmit_initial_ms;  /* 0 = NXDTLS_DEFAULT_RETRANSMIT_MS */
    uint32_t retransmit_max_ms;      /* 0 = NXDTLS_DEFAULT_RETRANSMIT_MAX_MS */
    uint8_t retransmit_retries;      /* 0 = NXDTLS_DEFAULT_RETRANSMIT_RETRIES */
    uint8_t disable_cookies;         /* server: answer ClientHello without HelloVerifyRequest */
    uint8_t disable_extended_master_secret;
    uint8_t verify_client;   /* server: request and require a client certificate */
    nxdtls_random_fn random; /* NULL = the crypto layer's RNG (OpenSSL RAND_bytes) */
    void *random_ctx;
    ULONG (*time_function)(VOID); /* UNIX seconds for hello randoms and certificate validity */
    nxdtls_keylog_fn keylog;      /* optional NSS key log sink */
    void *keylog_ctx;
    nxdtls_certificate_fn certificate_callback; /* optional check of the peer's verified leaf */
    void *certificate_callback_ctx;
    uint8_t
        certificate_time_unchecked; /* do not check validity periods (a device without a clock) */
    uint8_t allow_self_signed;      /* accept a self-signed peer certificate that is itself trusted
                                            * (run-time NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES) */
    /* accept legacy cryptography in the peer's chain, refused by default: RSA keys under 2048 bits
     * (SP 800-131A) and SHA-1/MD5 signatures below the trust anchor (RFC 9155). For old fleets only; the
     * build macro NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES (an nxdtls addition) does the same for all. */
    uint8_t allow_legacy_certificates;
    uint8_t
        disable_renegotiation; /* refuse renegotiation with a no_renegotiation warning (always the
                                            * case when built with NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION) */
    /* PSK beyond the static entries (docs/netx-api.md 7.6). A server looks an identity up in psks first, then
     * asks psk_server_callback; a client with psk_client_callback asks it and ignores psks. Either callback
     * alone is enough to offer and accept the PSK suites. */
    nxdtls_psk_server_fn psk_server_callback;
    nxdtls_psk_client_fn psk_client_callback;
    void *psk_callback_ctx;
    const uint8_t *psk_hint; /* server: the identity hint to send; NULL = entry 0's hint (NetX) */
    size_t psk_hint_len;     /* at most NXDTLS_PSK_IDENTITY_MAX */
    nxdtls_log_fn log;       /* optional trace of the connection (NXDTLS_LOG_*) */
    void *log_ctx;
    uint8_t log_level; /* the most detailed level passed to log; 0 = NXDTLS_LOG_EVENTS */
    /* Hostile networks (docs/security.md). */
    uint32_t
        renegotiation_interval_ms; /* least time between two renegotiations the peer starts; sooner
                                         * ones get a no_renegotiation warning. 0 = 10 s (the default) */
    uint32_t idle_timeout_ms; /* an established connection that received no authenticated record for
                               * this long sends close_notify and fails with NX_NO_PACKET; 0 = never */
    uint32_t max_half_open;   /* server: slots held by unfinished handshakes; 0 = every slot */
    uint16_t max_half_open_per_address; /* server: per IP address; 0 = 4 */
    uint8_t
        no_half_open_eviction; /* server: refuse a newcomer when full (NetX) instead of ending the
                                    * oldest unfinished handshake */
    /* RFC 9146 connection ID (see "Connection ID" above). cid_length 0 with cid_empty 0: no connection_id
     * extension (the default). cid_length N: our CID has N bytes (a server's at least NXDTLS_SERVER_CID_MIN).
     * cid_empty (with cid_length 0): offer/accept the extension with an empty CID: we put the peer's CID in
     * what we send and receive RFC 6347 records. */
    uint8_t cid_length;
    uint8_t cid_empty;
    nxdtls_cid_peer_fn cid_peer_check; /* server: optional return-routability hook (RFC 9146 6) */
    void *cid_peer_check_ctx;
} nxdtls_config;

/* NXDTLS_CONN_SIZE is the storage an established connection needs; the engine checks it at build time. */
#define NXDTLS_CONN_SIZE 1472

/* nxdtls_conn: one DTLS association. Opaque; embed by value, initialize with nxdtls_conn_init. */
typedef struct nxdtls_conn {
    union {
        uint64_t align_;
        void *align_ptr_;
        uint8_t bytes[NXDTLS_CONN_SIZE];
    } opaque;
} nxdtls_conn;

/* nxdtls_metadata_size returns the metadata bytes one connection needs with this table (every method
 * area, rounded, plus the handshake-only state): nxdtls_session_metadata_size plus
 * nxdtls_handshake_metadata_size, less one alignment slack. */
NXDTLS_API size_t nxdtls_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto);

/* nxdtls_session_metadata_size returns the part of the metadata an established association keeps: the method
 * areas of its current record ciphers (and their HMACs when the table has CBC suites), with 7 bytes of
 * alignment slack. */
NXDTLS_API size_t nxdtls_session_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto);

/* nxdtls_handshake_metadata_size returns the part only handshakes use (handshake state, transcript, PRF,
 * key exchange and signature areas, a renegotiation's pending ciphers), with 7 bytes of alignment slack. */
NXDTLS_API size_t nxdtls_handshake_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto);

/* nxdtls_conn_init prepares a connection in caller storage. metadata must hold nxdtls_metadata_size
 * bytes (any alignment); reassembly (at least 512 bytes) holds the last flight we sent at its front
 * and incoming handshake reassembly behind it: the largest message expected plus its 1/8 coverage
 * bitmap plus our largest flight (1 KiB is enough for PSK; 2 KiB leaves room for long identities, SNI
 * and 255-byte cookies; certificate suites need the chains). A server connection starts waiting for
 * a ClientHello. Returns NX_SUCCESS, NX_PTR_ERROR, NX_INVALID_PARAMETERS (a size, role, MTU or PSK
 * entry out of range) or NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE (a table row lacks a function the
 * engine needs). Nothing is sent. */
NXDTLS_API UINT nxdtls_conn_init(nxdtls_conn *conn, const nxdtls_config *config, void *metadata,
                                 size_t metadata_size, uint8_t *reassembly, size_t reassembly_size);

/* nxdtls_conn_set_remote_certificates gives a connection the storage for the peer's certificate chain
 * (docs/netx-api.md 3.2): size bytes at buffer are cut into count slots, each an NX_SECURE_X509_CERT followed by
 * room for one certificate's DER (about 2 KiB a certificate is enough). A client using certificate suites
 * and a server with verify_client need it; without it a received Certificate fails the handshake with
 * NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED. Call after nxdtls_conn_init (a server: after nxdtls_server_route
 * gave NXDTLS_ROUTE_NEW, before feeding the datagram) and before the peer's Certificate arrives; the buffer
 * must outlive the connection. Returns NX_SUCCESS, NX_PTR_ERROR, NX_SECURE_TLS_SESSION_UNINITIALIZED,
 * NX_INVALID_PARAMETERS (a slot would hold less than NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE DER bytes). */
NXDTLS_API UINT nxdtls_conn_set_remote_certificates(nxdtls_conn *conn, void *buffer, size_t size,
                                                    size_t count);

/* nxdtls_conn_peer_certificate returns certificate index of the peer's verified chain as received (0 is the
 * leaf), or NULL past its end or before one was received. It stays valid until the next handshake on the
 * connection (a renegotiation refills the slots) or nxdtls_conn_free. */
NXDTLS_API NX_SECURE_X509_CERT *nxdtls_conn_peer_certificate(const nxdtls_conn *conn, size_t index);

/* nxdtls_conn_peer_changed returns nonzero while a renegotiation presents a peer leaf that differs from the
 * established session's (meant for the certificate callback), else 0. */
NXDTLS_API int nxdtls_conn_peer_changed(const nxdtls_conn *conn);

/* nxdtls_conn_connect starts a client handshake: the ClientHello is queued for nxdtls_conn_output. */
NXDTLS_API UINT nxdtls_conn_connect(nxdtls_conn *conn, uint64_t now_ms);

/* nxdtls_conn_renegotiate starts a secure renegotiation (RFC 5746) of an established association: a client
 * sends a new ClientHello, a server a HelloRequest. Application data keeps flowing meanwhile;
 * NXDTLS_EVENT_HANDSHAKE_DONE is raised again when it completes. Returns NX_SUCCESS,
 * NX_SECURE_TLS_SESSION_UNINITIALIZED (not established), NX_SECURE_TLS_INVALID_STATE (a handshake is running),
 * NX_SECURE_TLS_RENEGOTIATION_FAILURE (the peer did not negotiate RFC 5746, or renegotiation is disabled). */
NXDTLS_API UINT nxdtls_conn_renegotiate(nxdtls_conn *conn, uint64_t now_ms);

/* nxdtls_conn_input processes records of one received datagram, starting at *cursor with *remaining
 * bytes, decrypting in place. It returns after the first application-data record, with *app_data and
 * *app_len pointing at its plaintext inside the datagram, or when the datagram is consumed
 * (*remaining == 0, *app_len == 0). Call again while *remaining > 0. Invalid records are dropped and
 * counted (RFC 6347 4.1.2.7). Returns NX_SUCCESS, or the fatal code that ended the connection
 * (handshake failure, NX_SECURE_TLS_ALERT_RECEIVED, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, ...). */
NXDTLS_API UINT nxdtls_conn_input(nxdtls_conn *conn, uint64_t now_ms, uint8_t **cursor,
                                  size_t *remaining, uint8_t **app_data, size_t *app_len);

/* nxdtls_conn_output writes the next datagram the connection wants sent (flight fragments, alerts)
 * into out and sets *out_len; *out_len == 0 means nothing is pending. */
NXDTLS_API UINT nxdtls_conn_output(nxdtls_conn *conn, uint64_t now_ms, uint8_t *out,
                                   size_t capacity, size_t *out_len);

/* nxdtls_conn_next_timeout returns the absolute time (ms) at which nxdtls_conn_timeout must be called,
 * or UINT64_MAX when no timer runs. */
NXDTLS_API uint64_t nxdtls_conn_next_timeout(const nxdtls_conn *conn);

/* nxdtls_conn_timeout handles an expired timer: the last flight is queued again (RFC 6347 4.2.4) and
 * the timeout doubles up to the cap. After the configured retries it fails with NX_NO_PACKET, except for
 * an unanswered renegotiation request (our ClientHello or HelloRequest on an established association),
 * which is given up while the association goes on. */
NXDTLS_API UINT nxdtls_conn_timeout(nxdtls_conn *conn, uint64_t now_ms);

/* nxdtls_conn_write seals len bytes (<= 16384) as one application-data record into the datagram out.
 * Returns NX_SUCCESS, NX_SECURE_TLS_SESSION_UNINITIALIZED (no established session, or close_notify
 * sent or received), NX_INVALID_PARAMETERS (len > 16384), NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL,
 * NX_NOT_SUCCESSFUL (sequence numbers exhausted), or the code that ended the connection. */
NXDTLS_API UINT nxdtls_conn_write(nxdtls_conn *conn, const uint8_t *data, size_t len, uint8_t *out,
                                  size_t capacity, size_t *out_len);

/* nxdtls_conn_close queues a close_notify alert (RFC 5246 7.2.1) for nxdtls_conn_output. */
NXDTLS_API UINT nxdtls_conn_close(nxdtls_conn *conn);

/* nxdtls_conn_events returns the NXDTLS_EVENT_* bits raised since the last call and clears them: reading
 * consumes them, so call it once after each nxdtls_conn_input / _timeout / _output and keep the result.
 * The state itself stays readable (nxdtls_conn_is_established, nxdtls_conn_error, nxdtls_conn_alert). */
NXDTLS_API unsigned nxdtls_conn_events(nxdtls_conn *conn);

/* nxdtls_conn_is_established returns nonzero once the first handshake has completed. */
NXDTLS_API int nxdtls_conn_is_established(const nxdtls_conn *conn);

/* nxdtls_conn_error returns the code that ended the connection, or NX_SUCCESS. */
NXDTLS_API UINT nxdtls_conn_error(const nxdtls_conn *conn);

/* nxdtls_conn_alert gives the level and description of the last alert the peer sent. */
NXDTLS_API void nxdtls_conn_alert(const nxdtls_conn *conn, UINT *level, UINT *description);

/* nxdtls_conn_ciphersuite returns the negotiated suite's row, or NULL before ServerHello. */
NXDTLS_API const NX_SECURE_TLS_CIPHERSUITE_INFO *nxdtls_conn_ciphersuite(const nxdtls_conn *conn);

/* nxdtls_conn_dropped returns how many invalid records were dropped silently. */
NXDTLS_API uint64_t nxdtls_conn_dropped(const nxdtls_conn *conn);

/* nxdtls_conn_cid gives the CIDs negotiated by the last completed handshake (RFC 9146): *own (what the
 * peer puts in records to us) and *peer (what we put in records to it), each NULL with length 0 when that
 * direction uses RFC 6347 records. Returns NX_SUCCESS when connection_id was negotiated,
 * NX_NOT_SUCCESSFUL when not (or before the handshake completed), NX_PTR_ERROR. */
NXDTLS_API UINT nxdtls_conn_cid(const nxdtls_conn *conn, const uint8_t **own, size_t *own_len,
                                const uint8_t **peer, size_t *peer_len);

/* nxdtls_conn_free releases every crypto method context (one cleanup per init) and wipes the
 * connection, its metadata and reassembly buffers. The storage may then be reused or freed. */
NXDTLS_API void nxdtls_conn_free(nxdtls_conn *conn);

/* nxdtls_psk_choose applies the client's rule for static PSK entries (docs/netx-api.md 7.6) to count entries:
 * with a hint (hint_len > 0), the first entry whose hint equals it, else the first entry without a hint (RFC
 * 4279 2 makes the hint advisory: an entry without one serves any server); with no hint, entry 0 (as NetX).
 * Returns NX_SUCCESS with *index, or NX_SECURE_TLS_NO_MATCHING_PSK (no entries; or every entry has a hint and
 * none equals the server's). A client callback can call it to keep the standard rule. */
NXDTLS_API UINT nxdtls_psk_choose(const NX_SECURE_TLS_PSK_STORE *entries, size_t count,
                                  const uint8_t *hint, size_t hint_len, size_t *index);

/* ---- Server: stateless cookies and O(1) demultiplexing of many connections on one port ---- */

/* nxdtls_addr: a peer's transport address, compared as bytes. */
typedef struct nxdtls_addr {
    uint8_t family; /* 4 or 6 */
    uint8_t pad_;
    uint16_t port;  /* host order */
    uint8_t ip[16]; /* IPv4 uses the first 4 bytes; the rest are zero */
} nxdtls_addr;

/* What nxdtls_server_route decided about a datagram. */
#define NXDTLS_ROUTE_DROP    0 /* ignore it */
#define NXDTLS_ROUTE_SESSION 1 /* feed it to conn (an existing association) */
#define NXDTLS_ROUTE_NEW     2 /* a ClientHello with a valid cookie took a free slot: feed it to conn */
#define NXDTLS_ROUTE_REPLY \
    3 /* send reply/reply_len to the peer (HelloVerifyRequest); no state kept */
#define NXDTLS_ROUTE_FULL 4 /* valid cookie but no free slot: send reply (internal_error alert) */
#define NXDTLS_ROUTE_WORKER \
    5 /* a CID record whose route byte names another worker (route.worker): hand the datagram over */

/* NXDTLS_NO_SLOT: no slot (nxdtls_route.slot outside SESSION and NEW, .superseded and .evicted when none). */
#define NXDTLS_NO_SLOT ((size_t)-1)

typedef struct nxdtls_route {
    int kind;
    size_t slot;       /* for SESSION and NEW */
    nxdtls_conn *conn; /* for SESSION and NEW */
    const uint8_t
        *reply; /* for REPLY and FULL: bytes in the server's scratch, valid until next call */
    size_t reply_len;
    size_t
        superseded; /* for NEW: this peer's established association, which the new slot replaces once its
                           * handshake completes (RFC 6347 4.2.8); the app releases it then. Else NO_SLOT. */
    size_t
        evicted; /* for NEW and FULL: a slot whose unfinished handshake the server ended to make room
                           * (docs/security.md); its connection is freed (and may be slot itself, taken again
                           * for this peer): the app forgets what it kept for it. Else NO_SLOT. */
    uint8_t worker; /* for WORKER: the route byte of the datagram's CID */
    uint8_t
        by_cid; /* for SESSION: found by the CID, not the address (call nxdtls_server_peer_update) */
} nxdtls_route;

/* NXDTLS_SERVER_SIZE is the storage of the server object itself (cookie secrets, cookie HMAC area,
 * ClientHello reassembly scratch, reply buffer, alert rate limiter). */
#define NXDTLS_SERVER_SIZE 4096

typedef struct nxdtls_server {
    union {
        uint64_t align_;
        void *align_ptr_;
        uint8_t bytes[NXDTLS_SERVER_SIZE];
    } opaque;
} nxdtls_server;

/* nxdtls_server_index_size returns the bytes of hash index nxdtls_server_init needs for n slots. */
NXDTLS_API size_t nxdtls_server_index_size(size_t slot_count);

/* nxdtls_server_init sets up a server over the caller's slots: conns[slot_count], and per slot
 * metadata_each and reassembly_each bytes carved from metadata and reassembly, plus an index of
 * nxdtls_server_index_size(slot_count) bytes. Slots start free. */
NXDTLS_API UINT nxdtls_server_init(nxdtls_server *server, const nxdtls_config *config,
                                   nxdtls_conn *conns, size_t slot_count, uint8_t *metadata,
                                   size_t metadata_each, uint8_t *reassembly,
                                   size_t reassembly_each, void *index, size_t index_size,
                                   uint64_t now_ms);

/* nxdtls_server_pool_unit_size returns the bytes of one handshake unit of a pooled server: the handshake part
 * of the metadata and reassembly_size bytes of reassembly buffer, with alignment slack. */
NXDTLS_API size_t nxdtls_server_pool_unit_size(const NX_SECURE_TLS_CRYPTO *crypto,
                                               size_t reassembly_size);

/* nxdtls_server_init_pooled sets up a server whose slots keep only what an established association needs:
 * conns[slot_count] and per slot session_each (>= nxdtls_session_metadata_size) bytes carved from
 * session_metadata. Handshakes borrow from a pool of unit_count units of unit_size bytes (>=
 * nxdtls_server_pool_unit_size with at least 512 bytes of reassembly) at units: a slot takes a unit with the
 * ClientHello that starts it and gives it back once its handshake has completed and its final flight is no
 * longer kept for retransmission (RFC 6347 4.2.4: until the peer's first record of the new epoch, or the
 * retransmission timer's end), and takes one again for a renegotiation, which is refused (no_renegotiation)
 * while none is free. A hello that finds no free unit is treated as one that finds no free slot (the oldest
 * unfinished handshake is evicted under the half-open rules, else ROUTE_FULL). Size the pool to the
 * handshakes that run at once, not to the sessions. The rest is as nxdtls_server_init. */
NXDTLS_API UINT nxdtls_server_init_pooled(nxdtls_server *server, const nxdtls_config *config,
                                          nxdtls_conn *conns, size_t slot_count,
                                          uint8_t *session_metadata, size_t session_each,
                                          uint8_t *units, size_t unit_size, size_t unit_count,
                                          void *index, size_t index_size, uint64_t now_ms);

/* nxdtls_server_route finds the connection for a datagram from peer in O(1). A ClientHello from an
 * unknown peer is answered statelessly with a HelloVerifyRequest (cookie = HMAC-SHA256 over the peer
 * address and port and the hello's version, random and session_id, under a rotating secret) until it
 * carries a valid cookie; only then is a slot taken (RFC 6347 4.2.1). Those fields come first in every
 * ClientHello, so a hello fragmented across datagrams is judged by its first fragment: its later
 * fragments then route to the new slot, whose wait for them is bounded by the flight timer. Alerts,
 * datagrams shorter than a record header and anything else from unknown peers are dropped.
 * Slot exhaustion (docs/security.md): slots whose handshake has not completed ("half-open") are bounded
 * per IP address (config max_half_open_per_address, default 4) and in all (max_half_open, default every
 * slot). A newcomer over a bound, or facing a full table, ends the oldest half-open handshake (of its own
 * host when that host has its share) and takes that slot (route.evicted); only when every slot holds an
 * established association is it refused: ROUTE_FULL with a plaintext fatal internal_error alert, at most
 * once per peer per second (otherwise ROUTE_DROP). With config no_half_open_eviction nothing is evicted
 * and no bound applies (NetX's behaviour: a full table refuses).
 * A ClientHello at epoch 0 with a valid cookie and a new client random from the address of a slot in
 * use (RFC 6347 4.2.8: the client restarted): when that slot's handshake had not completed, it is ended
 * and the new hello takes a slot (route.evicted). When it holds an established association, the new one
 * takes a pending slot (route.superseded names the old one) and the old association keeps the address
 * until the new handshake completes with a verified Finished: meanwhile epoch-0 records and handshake
 * records of the epoch the pending one reads go to it, everything else to the old association, so a
 * replayed hello cannot take a live association away. Once completed, the address is the new slot's; the
 * old one waits for the app to release it (releasing the old one earlier hands the address over at once).
 * A ClientHello that repeats the random of the hello that started a slot is a retransmission:
 * ROUTE_SESSION. Returns NX_SUCCESS (see route->kind), NX_PTR_ERROR, or nxdtls_conn_init's failure for a
 * NEW slot (then ROUTE_DROP and the slot stays free). */
NXDTLS_API UINT nxdtls_server_route(nxdtls_server *server, uint64_t now_ms, const nxdtls_addr *peer,
                                    const uint8_t *datagram, size_t len, nxdtls_route *route);

/* nxdtls_server_peer gives the address a slot is bound to. */
NXDTLS_API UINT nxdtls_server_peer(const nxdtls_server *server, size_t slot, nxdtls_addr *peer);

/* nxdtls_server_release frees a slot: its connection is freed (wiped) and its address forgotten. */
NXDTLS_API UINT nxdtls_server_release(nxdtls_server *server, size_t slot);

/* nxdtls_server_active returns how many slots are in use. */
NXDTLS_API size_t nxdtls_server_active(const nxdtls_server *server);

/* ---- Server: Connection ID routing and many workers (RFC 9146; docs/cid.md) ----
 * With config->cid_length set, nxdtls_server_route finds the session of a tls12_cid record by its CID in
 * O(1) (the slot is in the CID), whatever the source address, and returns ROUTE_SESSION with by_cid set.
 * The session's address changes only through nxdtls_server_peer_update, after the datagram was fed. */

/* nxdtls_server_set_worker sets the route byte this server puts first in its CIDs (default 0). A datagram
 * whose CID names another route byte is ROUTE_WORKER: a process running one server per worker (one socket
 * each, SO_REUSEPORT) hands it to that worker, which routes it itself. Call before the first slot is
 * taken. Returns NX_SUCCESS or NX_PTR_ERROR. */
NXDTLS_API UINT nxdtls_server_set_worker(nxdtls_server *server, uint8_t worker);

/* nxdtls_server_set_cookie_secret makes the HelloVerifyRequest cookie secrets derive from a 32-byte master
 * secret and the time (HMAC-SHA256(secret, "nxdtls cookie" || period), periods of 60 s of now_ms), instead
 * of drawing them at random: servers given the same secret and clock (the workers of one process, or a
 * fleet behind one address with synchronized clocks) accept each other's cookies, so a client's two hellos
 * may reach different ones. Returns NX_SUCCESS, NX_PTR_ERROR or the HMAC's failure. */
NXDTLS_API UINT nxdtls_server_set_cookie_secret(nxdtls_server *server, const uint8_t secret[32],
                                                uint64_t now_ms);

/* nxdtls_server_peer_update applies RFC 9146 6 after a datagram that nxdtls_server_route sent to slot was
 * fed to its connection: when that datagram held a tls12_cid record that authenticated and is newer (epoch,
 * sequence number) than every record before it, and peer differs from the slot's address, the slot moves
 * to peer (after config->cid_peer_check agrees, if set); replayed, reordered or forged records move
 * nothing. *moved (may be NULL) says whether it moved. Returns NX_SUCCESS, NX_PTR_ERROR,
 * NX_INVALID_PARAMETERS (slot not in use). */
NXDTLS_API UINT nxdtls_server_peer_update(nxdtls_server *server, size_t slot,
                                          const nxdtls_addr *peer, int *moved);

/* nxdtls_cid_route_byte reads the route byte of a datagram whose first record is a tls12_cid record with a
 * CID of cid_length bytes issued by an nxdtls server: for a dispatcher or a load balancer that steers by
 * it. Returns NX_SUCCESS, or NX_NOT_SUCCESSFUL when the datagram does not start with such a record. */
NXDTLS_API UINT nxdtls_cid_route_byte(const uint8_t *datagram, size_t len, size_t cid_length,
                                      uint8_t *route_byte);

/* ---- Default method tables, names and descriptions ---- */

/* The method tables nxdtls provides (docs/netx-api.md 6.3, 6.4). The NetX headers do not declare them (a NetX
 * application declares them itself, `extern const`, as NetX samples do); nxdtls.h does, for native users.
 * nx_crypto_tls_ciphers: the RSA and PSK suites; nx_crypto_tls_ciphers_ecc: the ECDHE suites first, then
 * every suite of nx_crypto_tls_ciphers. nx_crypto_ecc_supported_groups (IANA NamedGroup codes) and
 * nx_crypto_ecc_curves (the method of each, same order) have nx_crypto_ecc_supported_groups_size rows. */
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

/* nxdtls_version returns the library's version, "MAJOR.MINOR.PATCH" (NXDTLS_VERSION_STRING of the build).
 */
NXDTLS_API const char *nxdtls_version(void);

/* nxdtls_status_name returns the NetX name of a status code, e.g. "NX_SECURE_TLS_ALERT_RECEIVED" for
 * 0x114, or "UNKNOWN_STATUS" for a value no header defines. Where NetX gives one value two names
 * (0x127 is also NX_SECURE_TLS_SESSION_CLOSED) the first one of the headers is returned. */
NXDTLS_API const char *nxdtls_status_name(UINT status);

/* nxdtls_status_description returns a short English description of a status code ("the peer sent a fatal
 * alert"), or "unknown status code". Both strings are static. */
NXDTLS_API const char *nxdtls_status_description(UINT status);

/* Names of protocol values (static strings; "unknown" for values nxdtls does not know):
 * nxdtls_ciphersuite_name: IANA cipher suite names ("TLS_PSK_WITH_AES_128_CCM_8");
 * nxdtls_alert_name: AlertDescription names of RFC 5246 7.2 and later RFCs ("handshake_failure");
 * nxdtls_group_name: NamedGroup names ("secp256r1", "x25519");
 * nxdtls_signature_scheme_name: SignatureScheme names of RFC 8446 4.2.3 ("ecdsa_secp256r1_sha256");
 * nxdtls_message_name: HandshakeType names ("ClientHello"). */
NXDTLS_API const char *nxdtls_ciphersuite_name(uint16_t suite);
NXDTLS_API const char *nxdtls_alert_name(uint8_t description);
NXDTLS_API const char *nxdtls_group_name(uint16_t group);
NXDTLS_API const char *nxdtls_signature_scheme_name(uint16_t scheme);
NXDTLS_API const char *nxdtls_message_name(uint8_t handshake_type);

#ifdef __cplusplus
}
#endif

#endif /* NXDTLS_H */
