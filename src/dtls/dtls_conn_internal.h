/* SPDX-License-Identifier: MIT */
/* dtls_conn_internal.h: the real structures behind nxdtls_conn, shared by the engine's own files.
 *
 * A connection's memory comes in three parts, all the caller's:
 *   - struct dtls_conn (inside nxdtls_conn): what an established association needs: the record ciphers of
 *     the current and previous epoch per direction, sequence numbers, replay windows, the last flight's
 *     descriptors (a final flight is kept a while after completion, RFC 6347 4.2.4), error and alert state.
 *   - the metadata (dtls_meta.h): a session part (the method areas of the current epoch's record ciphers)
 *     and a handshake part: struct dtls_hs, everything only a handshake needs (randoms, master secret,
 *     transcript, reassembly bookkeeping) and its method areas. struct dtls_hs is wiped when the handshake
 *     ends, so an established session holds no handshake secret.
 *   - the reassembly buffer: the last flight we sent at its front, incoming reassembly behind it.
 * The handshake part and the reassembly buffer go together ("scratch"): a connection of nxdtls_conn_init owns
 * them for its life; a slot of a pooled server (nxdtls_server_init_pooled) takes them from the server's pool
 * when a handshake starts and gives them back once it is over and no flight is kept (dtls_conn_settle).
 *
 * Epoch slots: read and write state of epoch e live in slot e & 1, so the current and the previous (or the
 * pending) epoch coexist, which retransmitted epoch-0 records and a later renegotiation both need. */
#ifndef NXD_DTLS_CONN_INTERNAL_H
#define NXD_DTLS_CONN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "dtls/dtls_cert_msg.h"
#include "dtls/dtls_cert_request.h"
#include "dtls/dtls_cid.h"
#include "dtls/dtls_ecdhe.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_meta.h"
#include "dtls/dtls_pool.h"
#include "dtls/dtls_reasm.h"
#include "dtls/dtls_record.h"
#include "dtls/dtls_replay.h"
#include "dtls/dtls_sigalg.h"
#include "dtls/dtls_transcript.h"
#include "nxdtls.h"

/* Handshake message types (RFC 5246 7.4, RFC 6347 4.3.2). DTLS_HT_CLIENT_HELLO, _SERVER_HELLO and
 * _HELLO_VERIFY_REQUEST come from dtls_hello.h. */
#define DTLS_HT_HELLO_REQUEST       0
#define DTLS_HT_CERTIFICATE         11
#define DTLS_HT_SERVER_KEY_EXCHANGE 12
#define DTLS_HT_CERTIFICATE_REQUEST 13
#define DTLS_HT_SERVER_HELLO_DONE   14
#define DTLS_HT_CERTIFICATE_VERIFY  15
#define DTLS_HT_CLIENT_KEY_EXCHANGE 16
#define DTLS_HT_FINISHED            20
/* DTLS_MSG_CCS is ChangeCipherSpec as a pseudo message type of the transition tables (not a handshake type). */
#define DTLS_MSG_CCS 256u

#define DTLS_RANDOM_LEN 32
#define DTLS_MASTER_LEN 48
#define DTLS_VERIFY_LEN 12
#define DTLS_MAX_COOKIE 255
#define DTLS_MAX_HASH   48   /* SHA-384, the largest PRF hash of a DTLS 1.2 suite */
#define DTLS_FLIGHT_MAX 6    /* messages in one flight (a certificate flight has five) */
#define DTLS_FRAG_MAX   1024 /* handshake body bytes per record; a datagram holds several records */
#define DTLS_REASM_MIN  256 /* reassembly space left behind the largest flight we accept to build */

/* Connection-level states: the transition tables' states (dtls_hs_client.c, dtls_hs_server.c). */
enum dtls_state {
    DTLS_ST_IDLE = 0,
    DTLS_CLI_WAIT_HELLO,    /* ClientHello sent: HelloVerifyRequest or ServerHello next */
    DTLS_CLI_AFTER_HELLO,   /* ServerHello received */
    DTLS_CLI_AFTER_SKE,     /* ServerKeyExchange received */
    DTLS_CLI_WAIT_CCS,      /* our ClientKeyExchange/ChangeCipherSpec/Finished sent */
    DTLS_CLI_WAIT_FINISHED, /* server ChangeCipherSpec received */
    DTLS_CLI_DONE,
    DTLS_SRV_WAIT_HELLO,    /* server connection waiting for the (cookie'd) ClientHello */
    DTLS_SRV_WAIT_CKE,      /* ServerHello..ServerHelloDone sent */
    DTLS_SRV_WAIT_CCS,      /* ClientKeyExchange received */
    DTLS_SRV_WAIT_FINISHED, /* client ChangeCipherSpec received */
    DTLS_SRV_DONE,
    DTLS_CLI_AFTER_CERT,     /* server Certificate received */
    DTLS_CLI_AFTER_CERT_REQ, /* CertificateRequest received */
    DTLS_SRV_AFTER_CERT,     /* client Certificate received (we asked for it) */
    DTLS_SRV_AFTER_CKE, /* ClientKeyExchange after a client Certificate: CertificateVerify next */
    DTLS_STATE_COUNT
};

/* One message of the flight we sent last; its body lives in the reassembly buffer's front. */
struct dtls_flight_msg {
    uint32_t off;     /* body offset in the reassembly buffer */
    uint32_t len;     /* body bytes (CCS: 1) */
    uint16_t msg_seq; /* handshake message_seq (unused for CCS) */
    uint16_t epoch;   /* epoch its records are sent in */
    uint8_t ct;       /* DTLS_CT_HANDSHAKE or DTLS_CT_CHANGE_CIPHER_SPEC */
    uint8_t msg_type; /* handshake type */
};

#define DTLS_TIMER_NONE       0
#define DTLS_TIMER_RETRANSMIT 1 /* awaiting the peer's next flight (RFC 6347 4.2.4) */
#define DTLS_TIMER_LINGER     2 /* final flight kept to answer a retransmitted previous flight */

struct dtls_flight {
    struct dtls_flight_msg msg[DTLS_FLIGHT_MAX];
    uint32_t used;        /* bytes of the reassembly buffer the flight occupies */
    uint32_t cursor_off;  /* output cursor: next byte of msg[cursor_msg] to send */
    uint32_t timeout_ms;  /* current retransmission timeout */
    uint64_t deadline_ms; /* UINT64_MAX when no timer runs */
    uint8_t count;
    uint8_t cursor_msg;
    uint8_t sending; /* records of it are queued for nxdtls_conn_output */
    uint8_t timer;   /* DTLS_TIMER_* */
    uint8_t retries; /* retransmissions since the flight was built */
    uint64_t
        sent_ms; /* when the flight was last queued: a peer's retransmission is answered at most once
                       * per retransmission period (docs/security.md) */
};

struct dtls_epoch_rd {
    struct dtls_cipher cipher;
    struct dtls_replay replay;
    uint16_t epoch;
    uint8_t live; /* records of this epoch are accepted */
};

struct dtls_epoch_wr {
    struct dtls_cipher cipher;
    uint64_t seq; /* next record sequence number (48 bits) */
    uint16_t epoch;
    uint8_t live;
};

/* The handshake-only state, placed in the metadata buffer (dtls_meta) and wiped whole at the end. */
struct dtls_hs {
    struct dtls_reasm reasm;
    struct dtls_transcript transcript;
    struct dtls_meta_layout layout;
    struct dtls_meta_areas areas; /* PRF, public and the four cipher/MAC areas */
    uint8_t client_random[DTLS_RANDOM_LEN];
    uint8_t server_random[DTLS_RANDOM_LEN];
    uint8_t master[DTLS_MASTER_LEN];
    uint8_t
        expect_verify[DTLS_VERIFY_LEN]; /* the peer's Finished, computed at its ChangeCipherSpec */
    uint8_t cookie[DTLS_MAX_COOKIE];
    uint8_t cookie_len;
    uint8_t hvr_count;
    uint8_t psk_index;   /* the PSK entry in use */
    uint8_t offered_ems; /* client: we offered extended_master_secret; server: the client did */
    uint8_t use_ems;     /* both sides: RFC 7627 */
    uint8_t
        peer_reneg; /* the peer signalled RFC 5746: renegotiation_info (or the client the SCSV, 3.6) */
    uint8_t offered_sni;   /* client: we sent server_name */
    uint8_t keys_ready;    /* the next epoch's ciphers are installed */
    uint8_t prf_keyed;     /* the PRF area is keyed with the master secret (dtls_keys.h) */
    uint8_t ext_seen[2];   /* bitmask of extensions seen in the peer's hello (dtls_ext) */
    uint8_t renegotiating; /* this handshake runs on an established association (RFC 5746) */
    uint8_t
        offered_cert; /* client: we offered a certificate suite (signature_algorithms goes along) */
    uint8_t
        offered_ecc; /* client: we offered an ECDHE suite (supported_groups, ec_point_formats) */
    uint8_t peer_formats;      /* server: the client sent ec_point_formats */
    uint8_t peer_sigalgs_sent; /* server: the client sent signature_algorithms */
    uint8_t cert_requested;    /* client: CertificateRequest received; server: sent */
    uint8_t peer_point_len;
    uint16_t
        peer_sigalgs; /* server: the client's schemes; client: the CertificateRequest's (dtls_sigalg) */
    uint16_t group;          /* the ECDHE group */
    uint16_t client_version; /* server: the ClientHello's, checked in the RSA premaster */
    uint32_t
        peer_groups; /* server: the client's supported_groups (dtls_groups bits), 0 when absent */
    const NX_CRYPTO_METHOD *prf; /* the PRF method keyed in areas.prf when prf_keyed */
    const NX_CRYPTO_METHOD
        *kx; /* server: the ECDHE method holding our key pair in areas.kx, or NULL */
    const NX_SECURE_X509_CERT *local_cert; /* the identity we present */
    const struct dtls_sigalg
        *local_alg; /* the scheme it signs with (ServerKeyExchange, CertificateVerify) */
    const uint8_t
        *sni; /* server: the client's host_name, only while its ClientHello is processed */
    size_t sni_len;
    struct dtls_cert_request cert_req; /* client: what the server accepts */
    /* A handshake runs one key exchange: ECDHE and PSK share these bytes. ECDHE: the client's copy of the
     * server's point until its CKE (the server's own key pair stays in its ECDHE area, areas.kx). PSK: a
     * client with a PSK callback keeps the server's identity hint until its CKE. */
    union {
        struct {
            uint8_t peer_point[DTLS_ECDHE_POINT_MAX];
        };
        struct {
            uint16_t psk_hint_len;
            uint8_t psk_hint[NXDTLS_PSK_ID_SIZE_MAX];
        };
    };
    /* Hostile networks (docs/security.md). */
    uint64_t peer_cur_hash[DTLS_FLIGHT_MAX]; /* content hashes of the peer's flight in progress */
    UINT soft_error;      /* the first check unauthenticated input failed since the last progress */
    uint8_t peer_changed; /* renegotiation: the peer's new leaf differs from the session's */
    uint8_t session_leaf_known;
    uint8_t session_leaf[32]; /* renegotiation: SHA-256 of the established peer leaf */
    uint8_t psk_identity[32]; /* SHA-256 of the PSK identity this handshake uses */
};

/* The established state: the nxdtls_conn bytes. */
struct dtls_conn {
    const nxdtls_config *cfg;
    uint8_t *session; /* session part of the metadata, 8-aligned (dtls_meta.h) */
    uint8_t *scratch; /* handshake part, 8-aligned, or NULL while a pooled slot holds none */
    uint8_t *reasm_buf;
    size_t reasm_size;
    struct dtls_pool *pool; /* a pooled server slot's pool, else NULL (the scratch is owned) */
    uint32_t pool_unit;     /* the unit held, DTLS_POOL_NONE when none */
    uint32_t session_size;  /* bytes of the session part */
    uint32_t scratch_size;  /* bytes of the handshake part */
    uint16_t cipher_area;   /* bytes of one cipher area and of one MAC area (dtls_meta_layout) */
    uint16_t mac_area;
    uint8_t
        rekey; /* DTLS_REKEY_*: that direction's current cipher is keyed in the handshake part */
    struct dtls_hs *hs; /* NULL outside a handshake */
    const NX_SECURE_TLS_CIPHERSUITE_INFO *suite;
    struct dtls_epoch_rd rd[2];
    struct dtls_epoch_wr wr[2];
    struct dtls_flight flight;
    uint64_t dropped;
    uint64_t in_rec_seq; /* record sequence number of the record being processed */
    UINT error;          /* sticky: the code that ended the connection */
    uint32_t magic;
    uint16_t rd_epoch;
    uint16_t wr_epoch;
    uint16_t next_send_seq; /* message_seq of our next handshake message */
    uint16_t next_recv_seq; /* message_seq we expect next */
    uint16_t
        peer_prev_lo; /* the peer's previous flight is message_seq [peer_prev_lo, peer_cur_lo) */
    uint16_t peer_cur_lo;
    uint16_t mtu;
    uint8_t role;
    uint8_t state; /* enum dtls_state */
    uint8_t events;
    uint8_t established;
    uint8_t alert_level; /* last alert received */
    uint8_t alert_desc;
    uint8_t out_alert_pending;
    uint8_t out_alert_level;
    uint8_t out_alert_desc;
    uint8_t close_sent;
    uint8_t close_received;
    uint8_t client_verify[DTLS_VERIFY_LEN]; /* kept for RFC 5746 secure renegotiation */
    uint8_t server_verify[DTLS_VERIFY_LEN];
    uint8_t secure_reneg; /* both sides signalled RFC 5746 in the handshake that established us */
    uint8_t peer_cert_count; /* certificates of the peer's chain in peer_slots (leaf first) */
    uint8_t
        cookie_len; /* client: the last HelloVerifyRequest cookie, sent again when renegotiating */
    uint8_t cookie[DTLS_MAX_COOKIE];
    struct dtls_cert_slots peer_slots; /* the caller's remote-certificate slots */
    /* Hostile networks (docs/security.md): the peer's previous flight by content, for RFC 6347 4.2.4. */
    uint64_t peer_prev_hash[DTLS_FLIGHT_MAX]; /* hashes of the messages peer_prev_lo.. */
    uint64_t rtx_hash;    /* running hash of a previous-flight message arriving again, in order */
    uint32_t rtx_covered; /* its bytes seen from offset 0 */
    uint32_t rtx_len;
    uint16_t rtx_seq;
    uint8_t rtx_type;
    uint8_t rtx_active;
    uint8_t peer_prev_known; /* bit i: peer_prev_hash[i] is set */
    uint8_t session_ems; /* the established session used extended_master_secret (RFC 7627 5.3) */
    uint8_t session_psk; /* the established session authenticated with a PSK */
    uint8_t peer_reneg_seen; /* the peer started a renegotiation before, at peer_reneg_ms */
    uint64_t peer_reneg_ms;
    uint64_t last_rx_ms; /* the last authenticated record from the peer (idle timeout) */
    uint8_t session_psk_identity[32]; /* SHA-256 of the established session's PSK identity */
    struct dtls_cid cid;              /* RFC 9146 connection ID (dtls_cid.h) */
};

#define DTLS_CONN_MAGIC  0x4E58444Cu /* "NXDL" */
#define DTLS_REKEY_READ  0x01u
#define DTLS_REKEY_WRITE 0x02u

_Static_assert(sizeof(struct dtls_conn) <= NXDTLS_CONN_SIZE,
               "struct dtls_conn must fit nxdtls_conn");
_Static_assert(_Alignof(struct dtls_conn) <= _Alignof(nxdtls_conn), "nxdtls_conn alignment");

static inline struct dtls_conn *dtls_conn_of(nxdtls_conn *conn)
{
    return (struct dtls_conn *)(void *)conn->opaque.bytes;
}

static inline const struct dtls_conn *dtls_conn_of_const(const nxdtls_conn *conn)
{
    return (const struct dtls_conn *)(const void *)conn->opaque.bytes;
}

#endif /* NXD_DTLS_CONN_INTERNAL_H */
