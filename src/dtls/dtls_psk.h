/* SPDX-License-Identifier: MIT */
/* dtls_psk.h: plain PSK key exchange (RFC 4279 2) and the choice of PSK entry (docs/netx-api.md 7.6). Identities,
 * hints and keys are compared in constant time: which entry matched does not show in the timing. */
#ifndef NXD_DTLS_PSK_H
#define NXD_DTLS_PSK_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nxdtls.h"

#define DTLS_PSK_PREMASTER_MAX (2 * NX_SECURE_TLS_MAX_PSK_SIZE + 4)

/* dtls_psk_is_suite returns nonzero when the row authenticates with a PSK (docs/netx-api.md 6.6: public_auth is
 * NX_CRYPTO_KEY_EXCHANGE_PSK). */
int dtls_psk_is_suite(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite);

/* dtls_psk_premaster builds uint16 N, N zero bytes, uint16 N, psk (RFC 4279 2) into out (cap bytes). */
NXD_MUST_USE UINT dtls_psk_premaster(const NX_SECURE_TLS_PSK_STORE *entry, uint8_t *out, size_t cap,
                                     size_t *out_len);

/* dtls_psk_client_select picks the entry a client uses: with a non-empty hint the first entry whose hint
 * equals it, otherwise entry 0 (docs/netx-api.md 7.6). Returns NX_SECURE_TLS_NO_MATCHING_PSK when none fits. */
NXD_MUST_USE UINT dtls_psk_client_select(const nxdtls_config *cfg, const uint8_t *hint,
                                         size_t hint_len, size_t *index);

/* dtls_psk_server_select picks the entry whose identity equals the client's (RFC 4279 2). Returns
 * NX_SECURE_TLS_NO_MATCHING_PSK when none does. */
NXD_MUST_USE UINT dtls_psk_server_select(const nxdtls_config *cfg, const uint8_t *identity,
                                         size_t identity_len, size_t *index);

#endif /* NXD_DTLS_PSK_H */
