/* SPDX-License-Identifier: MIT */
/* dtls_ske.h: the ECDHE ServerKeyExchange (RFC 8422 5.4):
 *   ServerECDHParams params = { ECParameters { curve_type = named_curve(3), NamedCurve }, ECPoint public<1..2^8-1> };
 *   digitally-signed { SignatureAndHashAlgorithm; opaque signature<0..2^16-1> } over
 *   client_random || server_random || params (RFC 5246 7.4.3). */
#ifndef NXD_DTLS_SKE_H
#define NXD_DTLS_SKE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_groups.h"
#include "dtls/dtls_sigalg.h"
#include "nxdtls.h"

#define DTLS_CURVE_TYPE_NAMED 3

/* What a received ServerKeyExchange says; the readers point into the message. */
struct dtls_ske {
    uint16_t group;
    struct wire_rd point;
    struct wire_rd params; /* the whole ServerECDHParams, the signed part */
    uint16_t scheme;
    struct wire_rd signature;
};

/* The two areas a signature over the hello randoms and params needs (docs/netx-api.md 6.6 carving: the scratch area
 * hashes, the public area signs or verifies). */
struct dtls_ske_areas {
    void *hash;
    size_t hash_size;
    void *pub;
    size_t pub_size;
};

/* dtls_ske_write_params writes ServerECDHParams for group and our point. */
void dtls_ske_write_params(struct wire_wr *w, uint16_t group, const uint8_t *point,
                           size_t point_len);

/* dtls_ske_sign appends the signature part: alg's scheme and the signature by key over
 * client_random || server_random || params. Returns NX_SUCCESS, dtls_sigalg_sign's failures, or
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL when w overflowed. */
NXD_MUST_USE UINT dtls_ske_sign(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                                const NX_SECURE_X509_CERT *key, const uint8_t client_random[32],
                                const uint8_t server_random[32], const uint8_t *params,
                                size_t params_len, const struct dtls_ske_areas *areas,
                                struct wire_wr *w);

/* dtls_ske_parse reads an ECDHE ServerKeyExchange body. Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH (framing,
 * empty point, bytes left over) or NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT (curve_type other than named_curve:
 * explicit curves are deprecated, RFC 8422 5.4). */
NXD_MUST_USE UINT dtls_ske_parse(struct wire_rd body, struct dtls_ske *out);

/* dtls_ske_curve checks the server's group against ours (we must have offered it, RFC 8422 5.1.1) and the point
 * against the curve's size and form; sets *curve. Returns NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE or
 * NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT. */
NXD_MUST_USE UINT dtls_ske_curve(const struct dtls_groups *ours, const struct dtls_ske *ske,
                                 const NX_CRYPTO_METHOD **curve);

/* dtls_ske_verify checks the signature with signer's key: the scheme must be one of offered_mask and fit the key
 * (else NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM), and must verify (else
 * NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR). */
NXD_MUST_USE UINT dtls_ske_verify(const nxdtls_config *cfg, const struct dtls_ske *ske,
                                  uint16_t offered_mask, const NX_SECURE_X509_CERT *signer,
                                  const uint8_t client_random[32], const uint8_t server_random[32],
                                  const struct dtls_ske_areas *areas);

#endif /* NXD_DTLS_SKE_H */
