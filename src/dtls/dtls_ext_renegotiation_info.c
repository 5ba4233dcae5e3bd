/* SPDX-License-Identifier: MIT */
/* renegotiation_info (RFC 5746 3.2). The client sends the extension in every ClientHello (3.4, 3.5): empty on
 * the initial handshake, its last client verify_data on a renegotiation. The server answers when the client
 * sent it or TLS_EMPTY_RENEGOTIATION_INFO_SCSV (3.6): empty, or both verify_data (3.7). Each side checks the
 * other's against the Finished of the handshake that established the association, so a man in the middle
 * cannot splice a renegotiation onto someone else's session. Built with NetX's
 * NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION (docs/netx-api.md 1.3), neither side sends it and renegotiation is
 * refused. */
#include "dtls/dtls_ext_renegotiation_info.h"

#include "base/ct.h"
#include "dtls/dtls_conn_internal.h"

static bool client_offers(const struct dtls_conn *c)
{
    (void)c;
#ifdef NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION
    return false;
#else
    return true;
#endif
}

static void client_write(const struct dtls_conn *c, struct wire_wr *w)
{
    size_t info = wire_open_vec(w, 1);
    if (c->hs->renegotiating) {
        wire_put_bytes(w, c->client_verify, DTLS_VERIFY_LEN);
    }
    wire_close_vec(w, info, 1);
}

static UINT read_info(struct wire_rd data, struct wire_rd *info)
{
    NXD_ENSURE(wire_get_vec(&data, 1, info) && wire_done(&data),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    struct wire_rd info;
    NXD_TRY(read_info(data, &info));
    if (c->hs->renegotiating) {
        /* RFC 5746 3.7: renegotiated_connection must be the client_verify_data we kept. */
        NXD_ENSURE(info.len == DTLS_VERIFY_LEN &&
                       ct_equal(info.p, c->client_verify, DTLS_VERIFY_LEN),
                   NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    } else {
        /* RFC 5746 3.6: empty on an initial handshake. */
        NXD_ENSURE(info.len == 0, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    }
    c->hs->peer_reneg = 1;
    return NX_SUCCESS;
}

static bool server_answers(const struct dtls_conn *c)
{
#ifdef NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION
    (void)c;
    return false;
#else
    return c->hs->peer_reneg != 0;
#endif
}

static void server_write(const struct dtls_conn *c, struct wire_wr *w)
{
    size_t info = wire_open_vec(w, 1);
    if (c->hs->renegotiating) {
        wire_put_bytes(w, c->client_verify, DTLS_VERIFY_LEN);
        wire_put_bytes(w, c->server_verify, DTLS_VERIFY_LEN);
    }
    wire_close_vec(w, info, 1);
}

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    struct wire_rd info;
    NXD_TRY(read_info(data, &info));
    if (c->hs->renegotiating) {
        /* RFC 5746 3.5: client_verify_data || server_verify_data of the current association. */
        uint8_t both[2 * DTLS_VERIFY_LEN];
        for (size_t i = 0; i < DTLS_VERIFY_LEN; i++) {
            both[i] = c->client_verify[i];
            both[DTLS_VERIFY_LEN + i] = c->server_verify[i];
        }
        NXD_ENSURE(info.len == sizeof both && ct_equal(info.p, both, sizeof both),
                   NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    } else {
        /* RFC 5746 3.4: empty on an initial handshake. */
        NXD_ENSURE(info.len == 0, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    }
    c->hs->peer_reneg = 1;
    return NX_SUCCESS;
}

const struct dtls_ext dtls_ext_renegotiation_info = {
    .type = DTLS_EXT_RENEGOTIATION_INFO,
    .bit = 0,
    .client_offers = client_offers,
    .client_write = client_write,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = server_write,
    .client_parse = client_parse,
};
