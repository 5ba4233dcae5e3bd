/* SPDX-License-Identifier: MIT */
/* dtls_ecdhe.h: the three uses of an ECDHE method a TLS 1.2 handshake makes (docs/netx-api.md 6.6 "ECDH / ECDHE"),
 * each one init .. cleanup in the caller's area:
 *   server, sending ServerKeyExchange: DH_SETUP (our point), DH_PRIVATE_KEY_EXPORT (kept until the client's
 *     point arrives, because the same area signs in between);
 *   client, on ServerKeyExchange: DH_SETUP (our point for ClientKeyExchange), DH_CALCULATE (the premaster);
 *   server, on ClientKeyExchange: DH_KEY_PAIR_IMPORT, DH_CALCULATE.
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

/* dtls_ecdhe_keygen makes a key pair on curve: our point into pub (*pub_len) and the private scalar into priv
 * (*priv_len). Returns NX_SUCCESS or the method's failure (outputs then zeroed). */
NXD_MUST_USE UINT dtls_ecdhe_keygen(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve,
                                    void *area, size_t area_size, uint8_t *pub, size_t pub_cap,
                                    size_t *pub_len, uint8_t *priv, size_t priv_cap,
                                    size_t *priv_len);

/* dtls_ecdhe_client makes our key pair and the shared secret with the peer's point. Returns NX_SUCCESS,
 * NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT when the method refuses the peer's point (not uncompressed, off the curve,
 * a zero X25519 secret), or the method's failure. */
NXD_MUST_USE UINT dtls_ecdhe_client(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve,
                                    void *area, size_t area_size, const uint8_t *peer,
                                    size_t peer_len, uint8_t *pub, size_t pub_cap, size_t *pub_len,
                                    uint8_t *secret, size_t secret_cap, size_t *secret_len);

/* dtls_ecdhe_server computes the shared secret from our kept scalar and the peer's point. Codes as
 * dtls_ecdhe_client. */
NXD_MUST_USE UINT dtls_ecdhe_server(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve,
                                    void *area, size_t area_size, const uint8_t *priv,
                                    size_t priv_len, const uint8_t *peer, size_t peer_len,
                                    uint8_t *secret, size_t secret_cap, size_t *secret_len);

#endif /* NXD_DTLS_ECDHE_H */
