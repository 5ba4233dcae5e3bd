/* SPDX-License-Identifier: MIT */
/* connection_id (RFC 9146 3): extension_data is `opaque cid<0..2^8-1>`, the CID the sender wants to find in
 * the records it receives; an empty one says "use CIDs, but send me none". A client offers it when its
 * configuration enables CIDs (nxdtls_config.cid_length, cid_empty); a server answers only a client that
 * offered it, and only when it enables CIDs itself. A peer's CID longer than NXDTLS_CID_PEER_MAX is more
 * than we keep per epoch: a server then answers without the extension (no CID, RFC 9146 3 leaves the choice
 * to the server), a client fails the handshake.
 *
 * Older drafts of the CID specification used other code points (Mbed TLS 2.x: 254); those are unknown
 * extensions here and ignored like any other (RFC 5246 7.4.1.4). */
#include "dtls/dtls_ext_connection_id.h"

#include <string.h>

#include "dtls/dtls_cid.h"
#include "dtls/dtls_conn_internal.h"

static bool enabled(const struct dtls_conn *c)
{
    return c->cfg->cid_length != 0 || c->cfg->cid_empty != 0;
}

static void write_own(const struct dtls_conn *c, struct wire_wr *w)
{
    wire_put_u8(w, c->cid.own_len);
    wire_put_bytes(w, c->cid.own, c->cid.own_len);
}

/* read_peer parses ConnectionId and keeps the peer's CID for the epoch this handshake keys. */
static UINT read_peer(struct dtls_conn *c, struct wire_rd data, bool *fits)
{
    struct wire_rd cid;
    NXD_ENSURE(wire_get_vec(&data, 1, &cid) && wire_done(&data),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    *fits = cid.len <= NXDTLS_CID_PEER_MAX;
    if (*fits) {
        memset(c->cid.next_peer, 0, sizeof c->cid.next_peer);
        if (cid.len != 0) {
            memcpy(c->cid.next_peer, cid.p, cid.len);
        }
        c->cid.next_peer_len = (uint8_t)cid.len;
    }
    return NX_SUCCESS;
}

static bool client_offers(const struct dtls_conn *c)
{
    return enabled(c);
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    bool fits = false;
    NXD_TRY(read_peer(c, data, &fits));
    c->cid.offered = 1;
    c->cid.negotiated = (uint8_t)(fits && enabled(c));
    return NX_SUCCESS;
}

static bool server_answers(const struct dtls_conn *c)
{
    return c->cid.negotiated != 0;
}

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    bool fits = false;
    NXD_TRY(read_peer(c, data, &fits));
    NXD_ENSURE(fits, NX_SECURE_TLS_UNSUPPORTED_FEATURE);
    c->cid.negotiated = 1;
    return NX_SUCCESS;
}

const struct dtls_ext dtls_ext_connection_id = {
    .type = DTLS_EXT_CONNECTION_ID,
    .bit = 6,
    .client_offers = client_offers,
    .client_write = write_own,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = write_own,
    .client_parse = client_parse,
};
