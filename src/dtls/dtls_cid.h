/* SPDX-License-Identifier: MIT */
/* dtls_cid.h: Connection ID for DTLS 1.2 (RFC 9146), the connection's side: what was negotiated, which
 * epochs use the tls12_cid record format in each direction, the record format itself (header, inner
 * plaintext, the additional data of RFC 9146 5), and the bookkeeping behind the peer address rule of
 * RFC 9146 6. The extension is dtls_ext_connection_id.c; the server's routing by CID is dtls_server.c's
 * marked CID block; docs/cid.md describes the whole.
 *
 * Each side names the CID it wants to receive (RFC 9146 3): ours is chosen once per connection (a client's
 * at random; a server's by dtls_cid_assign: route byte, slot, random) and offered again on renegotiation;
 * the peer's may change with each handshake, so the send direction keeps it per epoch slot, like the
 * ciphers (dtls_conn_internal.h "Epoch slots"). */
#ifndef NXD_DTLS_CID_H
#define NXD_DTLS_CID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_record.h"
#include "nxdtls.h"

#define DTLS_CT_TLS12_CID      25 /* RFC 9146 10: ContentType tls12_cid */
#define DTLS_EXT_CONNECTION_ID 54 /* RFC 9146 3, 10: ExtensionType connection_id */

/* A server's CID (dtls_cid_assign): route byte, slot index (big-endian), random bytes. */
#define DTLS_CID_SLOT_OFF   1
#define DTLS_CID_SLOT_BYTES 3

struct dtls_cid {
    uint8_t own_len; /* our CID: what the peer puts in the records it sends us */
    uint8_t own[NXDTLS_CID_MAX];
    uint8_t offered;    /* this handshake: our ClientHello carried it / the client's did */
    uint8_t negotiated; /* this handshake: both hellos carried it (RFC 9146 3) */
    uint8_t next_peer_len;
    uint8_t next_peer[NXDTLS_CID_PEER_MAX]; /* the peer's CID from this handshake's hello */
    uint8_t rx_on[2];                       /* per epoch slot: records to us use tls12_cid */
    uint8_t tx_len[2]; /* per epoch slot: the peer's CID length, 0 = RFC 6347 */
    uint8_t tx[2][NXDTLS_CID_PEER_MAX];
    uint8_t newest_by_cid; /* the record that set newest came in the tls12_cid format */
    uint64_t newest; /* (epoch << 48 | seq) + 1 of the newest authenticated protected record */
    uint64_t mark;   /* newest when the server last routed a datagram here (dtls_cid_mark) */
};

struct dtls_conn;

/* dtls_cid_init sets a new connection's CID from its configuration: a random CID of cid_length bytes
 * (a server's is replaced by dtls_cid_assign when nxdtls_server owns the slot). */
NXD_MUST_USE UINT dtls_cid_init(struct dtls_conn *c);

/* dtls_cid_assign gives a server connection the CID route_byte || slot (3 bytes, big-endian) || random,
 * unique among the server's live slots by the slot and unpredictable by the random part. */
NXD_MUST_USE UINT dtls_cid_assign(struct dtls_conn *c, uint8_t route_byte, uint32_t slot);

/* dtls_cid_hello_reset forgets what an earlier handshake negotiated, before a hello's extensions are read. */
void dtls_cid_hello_reset(struct dtls_conn *c);

/* dtls_cid_epoch_keyed applies this handshake's outcome to the epoch slot whose keys were just installed:
 * from that epoch on, records use tls12_cid in each direction where a non-empty CID was negotiated
 * (RFC 9146 3: an empty CID, or no extension, keeps the RFC 6347 format). */
void dtls_cid_epoch_keyed(struct dtls_conn *c, unsigned slot);

/* dtls_cid_tx_len returns the CID length records of this write epoch carry (0: RFC 6347 format). */
static inline size_t dtls_cid_tx_len(const struct dtls_cid *cid, uint16_t epoch)
{
    return epoch == 0 ? 0 : cid->tx_len[epoch & 1u];
}

/* dtls_cid_overhead returns the bytes a record of this write epoch carries beyond dtls_record_overhead:
 * the CID and the inner content type (we send no padding). */
static inline size_t dtls_cid_overhead(const struct dtls_cid *cid, uint16_t epoch)
{
    size_t n = dtls_cid_tx_len(cid, epoch);
    return n != 0 ? n + 1u : 0;
}

/* dtls_cid_seal appends one tls12_cid record (RFC 9146 4) of content type real_type to w. */
NXD_MUST_USE UINT dtls_cid_seal(struct dtls_conn *c, struct dtls_cipher *cipher, uint16_t epoch,
                                uint64_t seq, uint8_t real_type, const uint8_t *plain,
                                size_t plain_len, struct wire_wr *w);

/* dtls_cid_record_next is dtls_record_next knowing the CID format: a tls12_cid record for a connection
 * that receives CIDs is framed with our CID's length after the sequence number (RFC 9146 4); a CID other
 * than ours drops the record (*foreign set, the datagram continues). Returns false when the rest of the
 * datagram cannot be framed. */
bool dtls_cid_record_next(const struct dtls_conn *c, struct wire_rd *datagram,
                          struct dtls_record_hdr *hdr, struct wire_rd *fragment, bool *foreign);

/* dtls_cid_open authenticates and decrypts a tls12_cid record in place and finds its real content type in
 * the inner plaintext (RFC 9146 4: content || real_type || zeros). Returns NX_SUCCESS with *plain,
 * *plain_len, *real_type; or a failure (dropped by the caller). */
NXD_MUST_USE UINT dtls_cid_open(struct dtls_conn *c, struct dtls_cipher *cipher,
                                const struct dtls_record_hdr *hdr, uint8_t *fragment,
                                size_t fragment_len, uint8_t **plain, size_t *plain_len,
                                uint8_t *real_type);

/* dtls_cid_expected: RFC 9146 3, a connection that negotiated a non-empty CID for records to it drops
 * protected records of that epoch in the RFC 6347 format. */
static inline bool dtls_cid_expected(const struct dtls_cid *cid, uint16_t epoch)
{
    return epoch != 0 && cid->rx_on[epoch & 1u] != 0;
}

/* dtls_cid_authenticated notes a protected record that passed authentication and the replay check (RFC 9146
 * 6: the newest one decides whether a new peer address may be taken). */
void dtls_cid_authenticated(struct dtls_cid *cid, uint16_t epoch, uint64_t seq, bool by_cid);

/* dtls_cid_mark / dtls_cid_moved: the server marks a connection when it routes a datagram to it (and when it
 * moved it); moved is true when, since the mark, a tls12_cid record newer than any before authenticated. */
void dtls_cid_mark(struct dtls_cid *cid);
bool dtls_cid_moved(const struct dtls_cid *cid);

/* dtls_cid_parse_route reads a datagram's first record as a tls12_cid record with a CID of cid_len bytes
 * and points *cid at it; false if it is not one. No state. */
bool dtls_cid_parse_route(const uint8_t *datagram, size_t len, size_t cid_len, const uint8_t **cid);

/* dtls_cid_owns: the live connection c has the CID cid (cid_len bytes) as its own. */
bool dtls_cid_owns(const struct dtls_conn *c, const uint8_t *cid, size_t cid_len);

#endif /* NXD_DTLS_CID_H */
