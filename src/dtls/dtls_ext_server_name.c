/* SPDX-License-Identifier: MIT */
/* server_name (RFC 6066 3): the client sends one host_name when the configuration names the server. A server
 * checks the list's form, keeps the host name for choosing its certificate and does not answer; a client
 * accepts the empty answer a server may send (RFC 6066 3: "extension_data field ... SHALL be empty"). */
#include "dtls/dtls_ext_server_name.h"

#include "dtls/dtls_conn_internal.h"

#define NAME_TYPE_HOST_NAME 0

static bool client_offers(const struct dtls_conn *c)
{
    return c->hs->offered_sni != 0;
}

static void client_write(const struct dtls_conn *c, struct wire_wr *w)
{
    size_t list = wire_open_vec(w, 2);
    wire_put_u8(w, NAME_TYPE_HOST_NAME);
    size_t name = wire_open_vec(w, 2);
    wire_put_bytes(w, c->cfg->server_name, c->cfg->server_name_len);
    wire_close_vec(w, name, 2);
    wire_close_vec(w, list, 2);
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    /* ServerNameList server_name_list<1..2^16-1>; each ServerName is name_type and opaque<1..2^16-1>; one name
     * per name_type at most. The host name is kept (pointing into the hello) for the choice of certificate. */
    struct wire_rd list;
    NXD_ENSURE(wire_get_vec(&data, 2, &list) && wire_done(&data) && list.len != 0,
               NX_SECURE_TLS_SNI_EXTENSION_INVALID);
    bool host_seen = false;
    while (!wire_done(&list)) {
        uint8_t type;
        struct wire_rd name;
        NXD_ENSURE(wire_get_u8(&list, &type) && wire_get_vec(&list, 2, &name) && name.len != 0,
                   NX_SECURE_TLS_SNI_EXTENSION_INVALID);
        if (type == NAME_TYPE_HOST_NAME) {
            NXD_ENSURE(!host_seen && name.len <= 255, NX_SECURE_TLS_SNI_EXTENSION_INVALID);
            host_seen = true;
            c->hs->sni = name.p;
            c->hs->sni_len = name.len;
        }
    }
    return NX_SUCCESS;
}

static bool server_answers(const struct dtls_conn *c)
{
    (void)c;
    return false;
}

static void server_write(const struct dtls_conn *c, struct wire_wr *w)
{
    (void)c;
    (void)w;
}

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    (void)c;
    NXD_ENSURE(wire_done(&data), NX_SECURE_TLS_SNI_EXTENSION_INVALID);
    return NX_SUCCESS;
}

const struct dtls_ext dtls_ext_server_name = {
    .type = DTLS_EXT_SERVER_NAME,
    .bit = 2,
    .client_offers = client_offers,
    .client_write = client_write,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = server_write,
    .client_parse = client_parse,
};
