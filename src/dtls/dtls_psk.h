/* SPDX-License-Identifier: MIT */
/* dtls_psk.h: plain PSK key exchange (RFC 4279 2) and the choice of the key (docs/netx-api.md 7.6): static
 * entries (NetX's PSK store) and the application's callbacks (nxdtls_config psk_server_callback,
 * psk_client_callback). Identities, hints and keys of the entries are compared in constant time: which entry
 * matched does not show in the timing. */
#ifndef NXD_DTLS_PSK_H
#define NXD_DTLS_PSK_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nxdtls.h"

#define DTLS_PSK_PREMASTER_MAX (2 * NXDTLS_PSK_SIZE_MAX + 4)

struct dtls_conn;
struct wire_wr;

/* dtls_psk_is_suite returns nonzero when the row authenticates with a PSK (docs/netx-api.md 6.6: public_auth is
 * NX_CRYPTO_KEY_EXCHANGE_PSK). */
int dtls_psk_is_suite(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_psk_configured returns nonzero when cfg can run a PSK suite in its role: static entries, or the
 * callback of that role. */
int dtls_psk_configured(const nxdtls_config *cfg);

/* dtls_psk_server_hint returns the identity hint a server sends (RFC 4279 2): cfg->psk_hint when set, else
 * entry 0's (as NetX), else none (*len 0). */
const uint8_t *dtls_psk_server_hint(const nxdtls_config *cfg, size_t *len);

/* dtls_psk_client_hint handles the server's hint on a client: with static entries and no callback it picks
 * the entry now (nxdtls_psk_choose) so that a hint nothing matches fails at once; with a callback it keeps
 * the hint for dtls_psk_client_key_exchange (a hint longer than NXDTLS_PSK_ID_SIZE_MAX cannot be kept:
 * NX_SECURE_TLS_NO_MATCHING_PSK). */
NXD_MUST_USE UINT dtls_psk_client_hint(struct dtls_conn *c, const uint8_t *hint, size_t hint_len);

/* dtls_psk_client_key_exchange writes the client's ClientKeyExchange body (psk_identity<0..2^16-1>, RFC 4279
 * 2) into w and the premaster into pm (cap bytes, at least DTLS_PSK_PREMASTER_MAX). The key comes from the
 * entry chosen by dtls_psk_client_hint (entry 0 when the server sent no hint), or from the client callback,
 * asked with the kept hint; the callback's buffers are wiped before returning. */
NXD_MUST_USE UINT dtls_psk_client_key_exchange(struct dtls_conn *c, struct wire_wr *w, uint8_t *pm,
                                               size_t cap, size_t *pm_len);

/* dtls_psk_server_premaster finds the key for the client's identity (identity_len bytes): the static entry
 * whose identity equals it, else the server callback's answer; writes the premaster into pm (cap bytes, at
 * least DTLS_PSK_PREMASTER_MAX). Returns NX_SECURE_TLS_NO_MATCHING_PSK for an identity nobody knows (alert
 * unknown_psk_identity), NX_SECURE_TLS_NO_MORE_PSK_SPACE when the callback reports more than
 * NXDTLS_PSK_SIZE_MAX bytes, or the callback's own failure code. */
NXD_MUST_USE UINT dtls_psk_server_premaster(struct dtls_conn *c, const uint8_t *identity,
                                            size_t identity_len, uint8_t *pm, size_t cap,
                                            size_t *pm_len);

/* dtls_psk_premaster_of builds uint16 N, N zero bytes, uint16 N, psk (RFC 4279 2) into out (cap bytes). */
NXD_MUST_USE UINT dtls_psk_premaster_of(const uint8_t *key, size_t key_len, uint8_t *out,
                                        size_t cap, size_t *out_len);

#endif /* NXD_DTLS_PSK_H */
