/* SPDX-License-Identifier: MIT */
/* supported_groups (RFC 8422 5.1.1). */
#include "dtls/dtls_ext_supported_groups.h"

#include "dtls/dtls_conn_internal.h"

void dtls_ext_supported_groups_write(const struct dtls_groups *g, struct wire_wr *w)
{
    size_t list = wire_open_vec(w, 2);
    for (size_t i = 0; i < g->count; i++) {
        if (g->curves[i] != NULL) {
            wire_put_u16(w, g->ids[i]);
        }
    }
    wire_close_vec(w, list, 2);
}

UINT dtls_ext_supported_groups_parse(struct wire_rd data, uint32_t *peer_mask)
{
    struct wire_rd list;
    *peer_mask = 0;
    NXD_ENSURE(wire_get_vec(&data, 2, &list) && wire_done(&data) && list.len >= 2 &&
                   list.len % 2 == 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    uint32_t mask = 0;
    uint16_t group;
    while (wire_get_u16(&list, &group)) {
        mask |= dtls_groups_bit(group);
    }
    *peer_mask = mask;
    return NX_SUCCESS;
}

bool dtls_ext_supported_groups_pick(const struct dtls_groups *g, uint32_t peer_mask,
                                    uint16_t *group)
{
    for (size_t i = 0; i < g->count; i++) {
        if (g->curves[i] != NULL && (dtls_groups_bit(g->ids[i]) & peer_mask) != 0) {
            *group = g->ids[i];
            return true;
        }
    }
    return false;
}

static bool client_offers(const struct dtls_conn *c)
{
    return c->hs->offered_ecc != 0;
}

static void client_write(const struct dtls_conn *c, struct wire_wr *w)
{
    struct dtls_groups g;
    dtls_groups_of(c->cfg, &g);
    dtls_ext_supported_groups_write(&g, w);
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    return dtls_ext_supported_groups_parse(data, &c->hs->peer_groups);
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
    uint32_t ignored;
    (void)c;
    return dtls_ext_supported_groups_parse(data, &ignored);
}

const struct dtls_ext dtls_ext_supported_groups = {
    .type = DTLS_EXT_SUPPORTED_GROUPS,
    .bit = 3,
    .client_offers = client_offers,
    .client_write = client_write,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = server_write,
    .client_parse = client_parse,
};
