/* SPDX-License-Identifier: MIT */
/* signature_algorithms (RFC 5246 7.4.1.4.1). */
#include "dtls/dtls_ext_signature_algorithms.h"

#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_sigalg.h"

void dtls_ext_signature_algorithms_write(struct wire_wr *w, uint16_t mask)
{
    size_t list = wire_open_vec(w, 2);
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if ((mask & (1u << i)) != 0) {
            wire_put_u16(w, dtls_sigalgs[i].scheme);
        }
    }
    wire_close_vec(w, list, 2);
}

UINT dtls_ext_signature_algorithms_read(struct wire_rd *r, uint16_t *mask)
{
    struct wire_rd copy = *r;
    struct wire_rd list;
    *mask = 0;
    NXD_ENSURE(wire_get_vec(&copy, 2, &list) && list.len >= 2 && list.len % 2 == 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    uint16_t found = 0;
    uint16_t scheme;
    while (wire_get_u16(&list, &scheme)) {
        size_t index;
        if (dtls_sigalg_find(scheme, &index) != NULL) {
            found = (uint16_t)(found | (1u << index));
        }
    }
    *mask = found;
    *r = copy;
    return NX_SUCCESS;
}

UINT dtls_ext_signature_algorithms_parse(struct wire_rd data, uint16_t *mask)
{
    NXD_TRY(dtls_ext_signature_algorithms_read(&data, mask));
    if (!wire_done(&data)) {
        *mask = 0;
        return NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH;
    }
    return NX_SUCCESS;
}

static bool client_offers(const struct dtls_conn *c)
{
    return c->hs->offered_cert != 0;
}

static void client_write(const struct dtls_conn *c, struct wire_wr *w)
{
    (void)c;
    dtls_ext_signature_algorithms_write(w, dtls_sigalg_offered());
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    NXD_TRY(dtls_ext_signature_algorithms_parse(data, &c->hs->peer_sigalgs));
    c->hs->peer_sigalgs_sent = 1;
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
    (void)data;
    return NX_SECURE_TLS_UNSUPPORTED_FEATURE;
}

const struct dtls_ext dtls_ext_signature_algorithms = {
    .type = DTLS_EXT_SIGNATURE_ALGORITHMS,
    .bit = 5,
    .client_offers = client_offers,
    .client_write = client_write,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = server_write,
    .client_parse = client_parse,
};
