/* SPDX-License-Identifier: MIT */
/* dtls_cke.h: ClientKeyExchange for the RSA and ECDHE key exchanges.
 *
 * RSA (RFC 5246 7.4.7.1): EncryptedPreMasterSecret = opaque<0..2^16-1> holding the PKCS#1 v1.5 type 2 encryption
 * (RFC 8017 7.2) of premaster = client_version(2) || random(46), computed by the engine over the table's raw-RSA
 * method (docs/netx-api.md 6.6 "RSA": the method only exponentiates).
 *
 * The server's side is the Bleichenbacher defence of 7.4.7.1: a random premaster is drawn before decrypting;
 * padding, length and version are checked with masks, without a branch or an early return on them, and the
 * result selects either the decrypted premaster or the random one. A bad ciphertext is then only noticed at the
 * client's Finished, the same way as a good ciphertext of a wrong premaster.
 *
 * ECDHE (RFC 8422 5.7): ClientECDiffieHellmanPublic = ECPoint ecdh_Yc<1..2^8-1>. */
#ifndef NXD_DTLS_CKE_H
#define NXD_DTLS_CKE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "nxdtls.h"

#define DTLS_RSA_PREMASTER_LEN 48

/* dtls_cke_rsa_write encrypts a fresh premaster to the server's RSA key (server_cert's modulus and exponent)
 * with the rsa method in area, writes the ClientKeyExchange body into w and the premaster into premaster.
 * client_version is the version our ClientHello offered. Returns NX_SUCCESS,
 * NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (not an RSA key, or one too small for PKCS#1 v1.5 with 48 bytes),
 * NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL, a random-source failure as NX_SECURE_TLS_HANDSHAKE_FAILURE, or the
 * method's failure. premaster is wiped on failure. */
NXD_MUST_USE UINT dtls_cke_rsa_write(struct wire_wr *w, const NX_CRYPTO_METHOD *rsa, void *area,
                                     size_t area_size, const NX_SECURE_X509_CERT *server_cert,
                                     uint16_t client_version, nxdtls_random_fn rnd, void *rnd_ctx,
                                     uint8_t premaster[DTLS_RSA_PREMASTER_LEN]);

/* dtls_cke_rsa_parse splits the EncryptedPreMasterSecret off a ClientKeyExchange body. Returns
 * NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for a body that is not exactly one such vector: that is framing the
 * attacker chose in the clear, no oracle. */
NXD_MUST_USE UINT dtls_cke_rsa_parse(struct wire_rd body, struct wire_rd *ciphertext);

/* dtls_cke_rsa_decrypt decrypts ciphertext with key's private key and writes the premaster to use: the decrypted
 * one when the ciphertext is exactly modulus-sized, decrypts, has the 00 02 PS(8+ non-zero) 00 form with a
 * 48-byte message and starts with client_version; otherwise `fallback`, the random premaster the caller drew
 * before calling (RFC 5246 7.4.7.1). Which one was taken does not show in the return code or in a branch on the
 * secret; the running time depends only on public sizes. Returns NX_SUCCESS, or
 * NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE when key has no usable RSA private key (a configuration fact, known
 * before the ciphertext is touched). */
NXD_MUST_USE UINT dtls_cke_rsa_decrypt(const NX_CRYPTO_METHOD *rsa, void *area, size_t area_size,
                                       const NX_SECURE_X509_CERT *key, uint16_t client_version,
                                       struct wire_rd ciphertext,
                                       const uint8_t fallback[DTLS_RSA_PREMASTER_LEN],
                                       uint8_t premaster[DTLS_RSA_PREMASTER_LEN]);

/* dtls_cke_ecdhe_write writes an ECDHE ClientKeyExchange body carrying our point. */
void dtls_cke_ecdhe_write(struct wire_wr *w, const uint8_t *point, size_t point_len);

/* dtls_cke_ecdhe_parse reads the client's point. Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for an empty
 * point or bytes left over. */
NXD_MUST_USE UINT dtls_cke_ecdhe_parse(struct wire_rd body, struct wire_rd *point);

#endif /* NXD_DTLS_CKE_H */
