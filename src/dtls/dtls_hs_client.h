/* SPDX-License-Identifier: MIT */
/* dtls_hs_client.h: the client's transition table (dtls_hs_client_table, declared in dtls_hs.h with the
 * runner), its start (dtls_hs_client_start, also in dtls_hs.h) and a renegotiation it starts itself. */
#ifndef NXD_DTLS_HS_CLIENT_H
#define NXD_DTLS_HS_CLIENT_H

#include "dtls/dtls_hs.h"

/* dtls_hs_client_renegotiate begins a renegotiation (dtls_reneg_begin) and sends its ClientHello; the state
 * becomes DTLS_CLI_WAIT_HELLO. Returns dtls_reneg_begin's or the flight's failure. */
NXD_MUST_USE UINT dtls_hs_client_renegotiate(struct dtls_conn *c, uint64_t now_ms);

#endif /* NXD_DTLS_HS_CLIENT_H */
