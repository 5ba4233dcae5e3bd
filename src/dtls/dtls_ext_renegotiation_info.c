/* SPDX-License-Identifier: MIT */
/* renegotiation_info (RFC 5746 3.2): on an initial handshake both sides send an empty renegotiated_connection.
 * The client sends the extension in every ClientHello (3.4); the server answers only when the client sent it
 * or TLS_EMPTY_RENEGOTIATION_INFO_SCSV (3.6). Secure renegotiation (3.5, 3.7: the Finished verify_data) comes
 * with renegotiation support; the verify_data of both Finished are kept in the connection for it. Built with
 * NetX's NX_SECURE_TLS_DISABLE_SECURE_RENEGOTIATION (NETX_API.md 1.3), neither side sends it. */
#include "dtls/dtls_ext_renegotiation_info.h"

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

static void write_empty(const struct dtls_conn *c, struct wire_wr *w)
{
    (void)c;
    size_t info = wire_open_vec(w, 1);
    wire_close_vec(w, info, 1);
}

/* parse_initial checks renegotiated_connection<0..255> is present and empty (RFC 5746 3.4, 3.6). */
static UINT parse_initial(struct wire_rd data)
{
    struct wire_rd info;
    NXD_ENSURE(wire_get_vec(&data, 1, &info) && wire_done(&data),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_ENSURE(info.len == 0, NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR);
    return NX_SUCCESS;
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    NXD_TRY(parse_initial(data));
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

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    (void)c;
    return parse_initial(data);
}

const struct dtls_ext dtls_ext_renegotiation_info = {
    .type = DTLS_EXT_RENEGOTIATION_INFO,
    .bit = 0,
    .client_offers = client_offers,
    .client_write = write_empty,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = write_empty,
    .client_parse = client_parse,
};
