/* SPDX-License-Identifier: MIT */
/* crypto_sig.h: signature helpers shared by the X.509 layer and the DTLS engine. Every helper calls
 * THROUGH the method rows it is given (docs/netx-api.md 6.6 "RSA", "ECDSA"), so an application's own method
 * (a hardware RSA, a secure element's ECDSA) is used unchanged; the PKCS#1 v1.5 encoding (RFC 8017
 * 9.2, EMSA-PKCS1-v1_5) is built and checked here, on top of a raw-RSA method.
 *
 * Each helper runs one complete use of the method in the caller's area: init, operations, cleanup (the
 * cleanup runs on every path after a successful init). area must satisfy the method's
 * nx_crypto_metadata_area_size. The caller's key bytes are read during the call only.
 *
 * Return codes: NX_CRYPTO_SUCCESS, or a non-zero code: argument problems give NX_CRYPTO_PTR_ERROR (NULL
 * pointers), NX_CRYPTO_INVALID_ALGORITHM (hash id not SHA-1/256/384/512, or digest_len not its size),
 * NX_CRYPTO_SIZE_ERROR (modulus above CRYPTO_SIG_RSA_MAX_BYTES), NX_CRYPTO_INVALID_BUFFER_SIZE (output
 * too small); a signature that does not verify gives NX_CRYPTO_NOT_SUCCESSFUL, or whatever non-zero
 * code the method returned (6.6: every non-zero is a failed signature). */
#ifndef NXD_CRYPTO_SIG_H
#define NXD_CRYPTO_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "crypto/crypto_curve.h" /* crypto_curve_for */
#include "nx_crypto.h"

/* CRYPTO_SIG_RSA_MAX_BYTES is the largest RSA modulus the helpers handle: 8192 bits. */
#define CRYPTO_SIG_RSA_MAX_BYTES 1024

/* RSA-PSS method convention (nxdtls extension row crypto_method_rsa_pss, algorithm
 * NX_CRYPTO_DIGITAL_SIGNATURE_RSA_PSS; verification only):
 *   init(key = modulus, big-endian, key_size_in_bits = modulus bytes * 8)  -- pointer kept until cleanup
 *   NX_CRYPTO_VERIFY (4):
 *     key = public exponent e (big-endian), key_size_in_bits = e bytes * 8,
 *     input = mHash (the message digest), input_length = its size,
 *     iv_ptr = (UCHAR *)&struct crypto_pss_params (hash, MGF1 hash, salt length),
 *     output = the signature (read only), output_length = its size (must equal the modulus size).
 *     Returns NX_CRYPTO_SUCCESS when EMSA-PSS-VERIFY (RFC 8017 9.1.2) accepts, NX_CRYPTO_NOT_SUCCESSFUL
 *     when it does not, NX_CRYPTO_INVALID_ALGORITHM for an unsupported hash id.
 *   any other op: NX_CRYPTO_NOT_SUCCESSFUL.
 *   cleanup(area). */
struct crypto_pss_params {
    UINT hash_alg;      /* NX_CRYPTO_HASH_SHA256 / _SHA384 / _SHA512 (or _SHA1) */
    UINT mgf1_hash_alg; /* the MGF1 hash, same ids */
    ULONG salt_len;     /* exact salt length in bytes, or CRYPTO_PSS_SALT_ANY */
};

/* CRYPTO_PSS_SALT_ANY accepts whatever salt length the signature carries. */
#define CRYPTO_PSS_SALT_ANY ((ULONG)0xFFFFFFFFu)

/* crypto_sig_rsa_pkcs1_verify checks an RSASSA-PKCS1-v1_5 signature (RFC 8017 8.2.2) with a raw-RSA
 * method (6.6 "RSA"): the signature must be exactly as long as the modulus (leading zero bytes of the
 * modulus are ignored); it is raised to the exponent and the result must equal
 * 00 01 FF..FF 00 || DigestInfo(hash_alg) || digest byte for byte. */
NXD_MUST_USE UINT crypto_sig_rsa_pkcs1_verify(const NX_CRYPTO_METHOD *rsa, void *area,
                                              size_t area_size, const uint8_t *modulus,
                                              size_t modulus_len, const uint8_t *exponent,
                                              size_t exponent_len, UINT hash_alg,
                                              const uint8_t *digest, size_t digest_len,
                                              const uint8_t *sig, size_t sig_len);

/* crypto_sig_rsa_pkcs1_sign makes an RSASSA-PKCS1-v1_5 signature (RFC 8017 8.2.1): the encoded message
 * is raised to the private exponent d. When p and q are both given they are passed with
 * NX_CRYPTO_SET_PRIME_P / _Q, which lets nxdtls's method use CRT with blinding. sig gets modulus-size
 * bytes and *sig_len that size; on failure *sig_len is 0 and sig is zeroed. */
NXD_MUST_USE UINT crypto_sig_rsa_pkcs1_sign(const NX_CRYPTO_METHOD *rsa, void *area,
                                            size_t area_size, const uint8_t *modulus,
                                            size_t modulus_len, const uint8_t *private_exponent,
                                            size_t d_len, const uint8_t *p, size_t p_len,
                                            const uint8_t *q, size_t q_len, UINT hash_alg,
                                            const uint8_t *digest, size_t digest_len, uint8_t *sig,
                                            size_t sig_cap, size_t *sig_len);

/* crypto_sig_rsa_pss_verify checks an RSASSA-PSS signature (RFC 8017 8.1.2) with a method following the
 * RSA-PSS convention above. salt_len may be CRYPTO_PSS_SALT_ANY. */
NXD_MUST_USE UINT crypto_sig_rsa_pss_verify(const NX_CRYPTO_METHOD *rsa_pss, void *area,
                                            size_t area_size, const uint8_t *modulus,
                                            size_t modulus_len, const uint8_t *exponent,
                                            size_t exponent_len, UINT hash_alg, UINT mgf1_hash_alg,
                                            size_t salt_len, const uint8_t *digest,
                                            size_t digest_len, const uint8_t *sig, size_t sig_len);

/* crypto_sig_ecdsa_verify checks a DER SEQUENCE{r, s} ECDSA signature over digest (6.6 "ECDSA": init with
 * the point, EC_CURVE_SET with the curve row, NX_CRYPTO_VERIFY). point is 04||X||Y; curve is a curve
 * row (crypto_curve_for). The digest is truncated to the group order inside the method. */
NXD_MUST_USE UINT crypto_sig_ecdsa_verify(const NX_CRYPTO_METHOD *ecdsa,
                                          const NX_CRYPTO_METHOD *curve, void *area,
                                          size_t area_size, const uint8_t *point, size_t point_len,
                                          const uint8_t *digest, size_t digest_len,
                                          const uint8_t *der_sig, size_t sig_len);

/* crypto_sig_ecdsa_sign signs digest with the private scalar (big-endian, as in ECPrivateKey) and writes
 * the DER SEQUENCE{r, s} to der_sig (6.6 "ECDSA": NX_CRYPTO_AUTHENTICATE with an extended output).
 * *sig_len gets its length; 0 on failure. */
NXD_MUST_USE UINT crypto_sig_ecdsa_sign(const NX_CRYPTO_METHOD *ecdsa,
                                        const NX_CRYPTO_METHOD *curve, void *area, size_t area_size,
                                        const uint8_t *private_scalar, size_t scalar_len,
                                        const uint8_t *digest, size_t digest_len, uint8_t *der_sig,
                                        size_t sig_cap, size_t *sig_len);

/* crypto_sig_digest_info returns the DER DigestInfo prefix (RFC 8017 9.2 note 1) for a hash id and sets
 * *prefix_len and *digest_size, or returns NULL for an unsupported id. */
const uint8_t *crypto_sig_digest_info(UINT hash_alg, size_t *prefix_len, size_t *digest_size);

#endif /* NXD_CRYPTO_SIG_H */
