/* SPDX-License-Identifier: MIT */
/* dtls_cookie_shared.h: cookie secrets shared by several servers (nxdtls_server_set_cookie_secret).
 *
 * A client's second ClientHello may reach another worker of the same process (SO_REUSEPORT hashes the
 * 4-tuple, which a NAT rebinding changes) or another server of a fleet behind one address: every server
 * must accept the cookie any of them made. Instead of random secrets each server derives them from one
 * master secret and the period number: secret(p) = HMAC-SHA256(master, "nxdtls cookie" || uint64(p)),
 * p = now_ms / DTLS_COOKIE_ROTATE_MS; current is secret(p), previous secret(p - 1), so a cookie lives one to
 * two periods as with random secrets (dtls_cookie.h), and servers whose clocks agree to within a period
 * accept each other's. */
#ifndef NXD_DTLS_COOKIE_SHARED_H
#define NXD_DTLS_COOKIE_SHARED_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "dtls/dtls_cookie.h"

struct dtls_cookie_master {
    uint8_t secret[32];
    uint64_t period; /* the period current was derived for */
    uint8_t on;
};

/* dtls_cookie_shared_set keeps master and derives k's secrets for now_ms. hmac_area is scratch for
 * crypto_method_hmac_sha256. Returns NX_SUCCESS or the HMAC's failure (then m is off, k unchanged). */
NXD_MUST_USE UINT dtls_cookie_shared_set(struct dtls_cookie_master *m, struct dtls_cookie_keys *k,
                                         const uint8_t secret[32], uint64_t now_ms, void *hmac_area,
                                         size_t hmac_area_size);

/* dtls_cookie_shared_rotate derives k's secrets again when now_ms is in another period. */
NXD_MUST_USE UINT dtls_cookie_shared_rotate(struct dtls_cookie_master *m,
                                            struct dtls_cookie_keys *k, uint64_t now_ms,
                                            void *hmac_area, size_t hmac_area_size);

#endif /* NXD_DTLS_COOKIE_SHARED_H */
