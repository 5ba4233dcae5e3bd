/* SPDX-License-Identifier: MIT */
/* ec_point_formats (RFC 8422 5.1.2). */
#include "dtls/dtls_ext_ec_point_formats.h"

#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_suite.h"

void dtls_ext_ec_point_formats_write(struct wire_wr *w)
{
    size_t list = wire_open_vec(w, 1);
    wire_put_u8(w, DTLS_POINT_FORMAT_UNCOMPRESSED);
    wire_close_vec(w, list, 1);
}

UINT dtls_ext_ec_point_formats_parse(struct wire_rd data)
{
    struct wire_rd list;
    NXD_ENSURE(wire_get_vec(&data, 1, &list) && wire_done(&data) && list.len != 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    uint8_t format;
    bool uncompressed = false;
    while (wire_get_u8(&list, &format)) {
        uncompressed = uncompressed || format == DTLS_POINT_FORMAT_UNCOMPRESSED;
    }
    NXD_ENSURE(uncompressed, NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT);
    return NX_SUCCESS;
}

static bool client_offers(const struct dtls_conn *c)
{
    return c->hs->offered_ecc != 0;
}

static void write_formats(const struct dtls_conn *c, struct wire_wr *w)
{
    (void)c;
    dtls_ext_ec_point_formats_write(w);
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    NXD_TRY(dtls_ext_ec_point_formats_parse(data));
    c->hs->peer_formats = 1;
    return NX_SUCCESS;
}

static bool server_answers(const struct dtls_conn *c)
{
    return c->hs->peer_formats != 0 && dtls_suite_kx(c->suite) == DTLS_KX_ECDHE;
}

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    (void)c;
    return dtls_ext_ec_point_formats_parse(data);
}

const struct dtls_ext dtls_ext_ec_point_formats = {
    .type = DTLS_EXT_EC_POINT_FORMATS,
    .bit = 4,
    .client_offers = client_offers,
    .client_write = write_formats,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = write_formats,
    .client_parse = client_parse,
};
