/* SPDX-License-Identifier: MIT */
/* dtls_cookie.h: stateless HelloVerifyRequest cookies (RFC 6347 4.2.1).
 *
 * cookie = HMAC-SHA256(secret, address family || port || address || client_version || random ||
 * session_id), the fields a ClientHello's first fragment holds before its cookie, so a hello fragmented over
 * several datagrams is answered and verified from that fragment alone (dtls_cookie.c says why binding
 * these is enough). The secret rotates every DTLS_COOKIE_ROTATE_MS; a cookie made under the previous
 * secret is still accepted, so a rotation never fails a client mid-exchange, and one made two rotations
 * ago is not. */
#ifndef NXD_DTLS_COOKIE_H
#define NXD_DTLS_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "dtls/dtls_hello.h"
#include "nxdtls.h"

#define DTLS_COOKIE_LEN       32
#define DTLS_COOKIE_ROTATE_MS 60000u

struct dtls_cookie_keys {
    uint8_t current[32];
    uint8_t previous[32];
    uint64_t rotated_ms; /* when current was made; rotate every DTLS_COOKIE_ROTATE_MS (60 s) */
    uint8_t has_previous;
};

/* dtls_cookie_keys_init draws a fresh current secret from rnd. Returns NX_SUCCESS or rnd's failure. */
NXD_MUST_USE UINT dtls_cookie_keys_init(struct dtls_cookie_keys *k, nxdtls_random_fn rnd, void *ctx,
                                        uint64_t now_ms);

/* dtls_cookie_keys_rotate_if_due makes current the previous secret and draws a new current one when
 * DTLS_COOKIE_ROTATE_MS have passed since the last rotation; after two periods or more without a call the
 * previous secret is dropped as well, so no cookie is accepted more than two periods after it was made.
 * Returns NX_SUCCESS or rnd's failure (keys kept). */
NXD_MUST_USE UINT dtls_cookie_keys_rotate_if_due(struct dtls_cookie_keys *k, nxdtls_random_fn rnd,
                                                 void *ctx, uint64_t now_ms);

/* dtls_cookie_make computes the cookie of ch from peer under secret with nxdtls's crypto_method_hmac_sha256.
 * It reads only ch's client_version, random and session_id, so ch may come from dtls_client_hello_parse or
 * dtls_client_hello_parse_head. hmac_area (at least that method's metadata size, 8-byte aligned) is its
 * scratch. Returns NX_SUCCESS, NX_INVALID_PARAMETERS (area too small) or
 * NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE / the method's failure. */
NXD_MUST_USE UINT dtls_cookie_make(const uint8_t secret[32], const nxdtls_addr *peer,
                                   const struct dtls_client_hello *ch, void *hmac_area,
                                   size_t hmac_area_size, uint8_t out[DTLS_COOKIE_LEN]);

/* dtls_cookie_check returns true when ch->cookie matches under current or previous secret (ct_equal); it
 * reads ch's client_version, random, session_id and cookie only. Any failure to compute counts as a
 * mismatch (fail closed). */
bool dtls_cookie_check(const struct dtls_cookie_keys *k, const nxdtls_addr *peer,
                       const struct dtls_client_hello *ch, void *hmac_area, size_t hmac_area_size);

#endif /* NXD_DTLS_COOKIE_H */
