/* SPDX-License-Identifier: MIT */
/* dtls_ecdhe.h: the uses of an ECDHE method a TLS 1.2 handshake makes (docs/netx-api.md 6.6 "ECDH / ECDHE"):
 *   server, sending ServerKeyExchange: init, DH_SETUP (our point); the method keeps the key pair in its area,
 *     which stays initialized until the client's point arrives (the server's handshake gives it an area of
 *     its own, so nothing is exported and imported again);
 *   server, on ClientKeyExchange: DH_CALCULATE in that area, then cleanup;
 *   client, on ServerKeyExchange: init, DH_SETUP (our point for ClientKeyExchange), DH_CALCULATE (the
 *     premaster), cleanup.
 * Points are as on the wire: 04||X||Y for the NIST curves, the 32-byte u for X25519 (RFC 8422 5.4, 5.11). */
#ifndef NXD_DTLS_ECDHE_H
#define NXD_DTLS_ECDHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_crypto.h"

#define DTLS_ECDHE_POINT_MAX  133 /* P-521 uncompressed */
#define DTLS_ECDHE_SCALAR_MAX 66  /* P-521 private scalar */
#define DTLS_ECDHE_SECRET_MAX 66  /* P-521 X coordinate */

/* dtls_ecdhe_keygen makes a key pair on curve in area and writes our point into pub (*pub_len). On success
 * the method stays initialized in area, holding the key pair, until dtls_ecdhe_server or dtls_ecdhe_release.
 * Returns NX_SUCCESS or the method's failure (area then cleaned up). */
NXD_MUST_USE UINT dtls_ecdhe_keygen(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve,
                                    void *area, size_t area_size, uint8_t *pub, size_t pub_cap,
                                    size_t *pub_len);

/* dtls_ecdhe_release cleans up an area dtls_ecdhe_keygen left initialized, and wipes it. */
void dtls_ecdhe_release(const NX_CRYPTO_METHOD *ecdhe, void *area, size_t area_size);

/* dtls_ecdhe_client makes our key pair and the shared secret with the peer's point. Returns NX_SUCCESS,
 * NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT when the method refuses the peer's point (not uncompressed, off the curve,
 * a zero X25519 secret), or the method's failure. */
NXD_MUST_USE UINT dtls_ecdhe_client(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve,
                                    void *area, size_t area_size, const uint8_t *peer,
                                    size_t peer_len, uint8_t *pub, size_t pub_cap, size_t *pub_len,
                                    uint8_t *secret, size_t secret_cap, size_t *secret_len);

/* dtls_ecdhe_server computes the shared secret from the key pair dtls_ecdhe_keygen left in area and the peer's
 * point, then releases the area. Codes as dtls_ecdhe_client. */
NXD_MUST_USE UINT dtls_ecdhe_server(const NX_CRYPTO_METHOD *ecdhe, void *area, size_t area_size,
                                    const uint8_t *peer, size_t peer_len, uint8_t *secret,
                                    size_t secret_cap, size_t *secret_len);

#endif /* NXD_DTLS_ECDHE_H */
