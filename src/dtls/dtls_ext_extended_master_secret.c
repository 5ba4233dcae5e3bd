/* SPDX-License-Identifier: MIT */
/* extended_master_secret (RFC 7627 5.1): empty extension_data both ways. Offered unless the configuration
 * disables it; used only when both hellos carry it (5.2, 5.3: otherwise the legacy master secret). */
#include "dtls/dtls_ext_extended_master_secret.h"

#include "dtls/dtls_conn_internal.h"

static bool client_offers(const struct dtls_conn *c)
{
    return c->hs->offered_ems != 0;
}

static void write_empty(const struct dtls_conn *c, struct wire_wr *w)
{
    (void)c;
    (void)w;
}

static UINT server_parse(struct dtls_conn *c, struct wire_rd data)
{
    NXD_ENSURE(wire_done(&data), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    c->hs->offered_ems = 1;
    c->hs->use_ems = c->cfg->disable_extended_master_secret ? 0 : 1;
    return NX_SUCCESS;
}

static bool server_answers(const struct dtls_conn *c)
{
    return c->hs->use_ems != 0;
}

static UINT client_parse(struct dtls_conn *c, struct wire_rd data)
{
    NXD_ENSURE(wire_done(&data), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    c->hs->use_ems = 1;
    return NX_SUCCESS;
}

const struct dtls_ext dtls_ext_extended_master_secret = {
    .type = DTLS_EXT_EXTENDED_MASTER_SECRET,
    .bit = 1,
    .client_offers = client_offers,
    .client_write = write_empty,
    .server_parse = server_parse,
    .server_answers = server_answers,
    .server_write = write_empty,
    .client_parse = client_parse,
};
