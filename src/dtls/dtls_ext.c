/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_ext.h"

#include "dtls/dtls_cid.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_ext_connection_id.h"
#include "dtls/dtls_ext_ec_point_formats.h"
#include "dtls/dtls_ext_extended_master_secret.h"
#include "dtls/dtls_ext_renegotiation_info.h"
#include "dtls/dtls_ext_server_name.h"
#include "dtls/dtls_ext_signature_algorithms.h"
#include "dtls/dtls_ext_supported_groups.h"

/* Order of our hellos' extensions. */
static const struct dtls_ext *const dtls_ext_rows[] = {
    &dtls_ext_renegotiation_info, &dtls_ext_extended_master_secret, &dtls_ext_server_name,
    &dtls_ext_supported_groups,   &dtls_ext_ec_point_formats,       &dtls_ext_signature_algorithms,
    &dtls_ext_connection_id, /* RFC 9146 */
};

static const struct dtls_ext *row_for(uint16_t type)
{
    for (size_t i = 0; i < NXD_ARRAY_LEN(dtls_ext_rows); i++) {
        if (dtls_ext_rows[i]->type == type) {
            return dtls_ext_rows[i];
        }
    }
    return NULL;
}

/* mark_seen returns false when the row's extension already appeared in this hello. */
static bool mark_seen(struct dtls_hs *hs, const struct dtls_ext *row)
{
    uint8_t byte = (uint8_t)(row->bit / 8);
    uint8_t mask = (uint8_t)(1u << (row->bit % 8));
    if ((hs->ext_seen[byte] & mask) != 0) {
        return false;
    }
    hs->ext_seen[byte] |= mask;
    return true;
}

void dtls_ext_write_client_hello(const struct dtls_conn *c, struct wire_wr *w)
{
    size_t block = wire_open_vec(w, 2);
    for (size_t i = 0; i < NXD_ARRAY_LEN(dtls_ext_rows); i++) {
        const struct dtls_ext *row = dtls_ext_rows[i];
        if (row->client_offers(c)) {
            wire_put_u16(w, row->type);
            size_t data = wire_open_vec(w, 2);
            row->client_write(c, w);
            wire_close_vec(w, data, 2);
        }
    }
    wire_close_vec(w, block, 2);
}

UINT dtls_ext_parse_client_hello(struct dtls_conn *c, const struct dtls_client_hello *ch)
{
    struct wire_rd list = ch->extensions;
    dtls_cid_hello_reset(c); /* RFC 9146 3: negotiated afresh in every handshake */
    c->hs->ext_seen[0] = 0;
    c->hs->ext_seen[1] = 0;
    while (!wire_done(&list)) {
        uint16_t type;
        struct wire_rd data;
        NXD_ENSURE(wire_get_u16(&list, &type) && wire_get_vec(&list, 2, &data),
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        const struct dtls_ext *row = row_for(type);
        if (row == NULL) {
            continue; /* RFC 5246 7.4.1.4: a server ignores extensions it does not know */
        }
        NXD_ENSURE(mark_seen(c->hs, row), NX_SECURE_TLS_HANDSHAKE_FAILURE);
        NXD_TRY(row->server_parse(c, data));
    }
    return NX_SUCCESS;
}

void dtls_ext_write_server_hello(const struct dtls_conn *c, struct wire_wr *w)
{
    bool any = false;
    for (size_t i = 0; i < NXD_ARRAY_LEN(dtls_ext_rows); i++) {
        any = any || dtls_ext_rows[i]->server_answers(c);
    }
    if (!any) {
        return; /* RFC 5246 7.4.1.3: the extensions field may be absent */
    }
    size_t block = wire_open_vec(w, 2);
    for (size_t i = 0; i < NXD_ARRAY_LEN(dtls_ext_rows); i++) {
        const struct dtls_ext *row = dtls_ext_rows[i];
        if (row->server_answers(c)) {
            wire_put_u16(w, row->type);
            size_t data = wire_open_vec(w, 2);
            row->server_write(c, w);
            wire_close_vec(w, data, 2);
        }
    }
    wire_close_vec(w, block, 2);
}

UINT dtls_ext_parse_server_hello(struct dtls_conn *c, struct wire_rd list)
{
    dtls_cid_hello_reset(c); /* RFC 9146 3: negotiated afresh in every handshake */
    c->hs->ext_seen[0] = 0;
    c->hs->ext_seen[1] = 0;
    while (!wire_done(&list)) {
        uint16_t type;
        struct wire_rd data;
        NXD_ENSURE(wire_get_u16(&list, &type) && wire_get_vec(&list, 2, &data),
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        const struct dtls_ext *row = row_for(type);
        /* RFC 5246 7.4.1.4: only extensions the client offered may come back. */
        NXD_ENSURE(row != NULL && row->client_offers(c), NX_SECURE_TLS_UNSUPPORTED_FEATURE);
        NXD_ENSURE(mark_seen(c->hs, row), NX_SECURE_TLS_HANDSHAKE_FAILURE);
        NXD_TRY(row->client_parse(c, data));
    }
    return NX_SUCCESS;
}
