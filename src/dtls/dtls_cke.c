/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cke.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"
#include "crypto/crypto_random.h"
#include "crypto/crypto_sig.h"

/* RFC 8017 7.2.1: the message may be at most k - 11 bytes: 00 02, eight or more bytes of padding, 00. */
#define PKCS1_MIN_MODULUS (DTLS_RSA_PREMASTER_LEN + 11)

/* Tries per padding byte before a random source that keeps returning zeros is given up on. */
#define NONZERO_TRIES 64

/* modulus_of gives an RSA certificate's modulus without leading zero bytes (a DER INTEGER's sign byte). */
static void modulus_of(const NX_SECURE_X509_CERT *cert, const uint8_t **n, size_t *n_len)
{
    const uint8_t *p = cert->nx_secure_x509_public_key;
    size_t len = cert->nx_secure_x509_public_key_length;
    while (len > 0 && p[0] == 0) {
        p++;
        len--;
    }
    *n = p;
    *n_len = len;
}

static UINT draw(nxdtls_random_fn rnd, void *ctx, uint8_t *out, size_t len)
{
    UINT status = (rnd != NULL ? rnd : crypto_random)(ctx, out, len);
    return status == NX_SUCCESS ? NX_SUCCESS : NX_SECURE_TLS_HANDSHAKE_FAILURE;
}

/* nonzero_padding fills ps with random non-zero bytes (RFC 8017 7.2.1 step 2.a). */
static UINT nonzero_padding(nxdtls_random_fn rnd, void *ctx, uint8_t *ps, size_t len)
{
    NXD_TRY(draw(rnd, ctx, ps, len));
    for (size_t i = 0; i < len; i++) {
        for (int tries = 0; ps[i] == 0; tries++) {
            NXD_ENSURE(tries < NONZERO_TRIES, NX_SECURE_TLS_HANDSHAKE_FAILURE);
            NXD_TRY(draw(rnd, ctx, &ps[i], 1));
        }
    }
    return NX_SUCCESS;
}

/* rsa_raw runs one use of the raw-RSA method: out (k bytes) = in (k bytes) ^ exponent mod n, with the primes
 * when given (6.6 "RSA": NetX passes NX_CRYPTO_DECRYPT for every exponentiation, so we do too). */
static UINT rsa_raw(const NX_CRYPTO_METHOD *rsa, void *area, size_t area_size, const uint8_t *n,
                    size_t k, const uint8_t *exponent, size_t exponent_len, const uint8_t *p,
                    size_t p_len, const uint8_t *q, size_t q_len, const uint8_t *in, uint8_t *out)
{
    NXD_TRY(crypto_init(rsa, n, (UINT)(k * 8), area, area_size));
    UINT status = NX_CRYPTO_SUCCESS;
    if (p != NULL && q != NULL && p_len != 0 && q_len != 0) {
        status = crypto_op(rsa, NX_CRYPTO_SET_PRIME_P, NULL, 0, p, p_len, NULL, NULL, 0, area,
                           area_size);
        if (status == NX_CRYPTO_SUCCESS) {
            status = crypto_op(rsa, NX_CRYPTO_SET_PRIME_Q, NULL, 0, q, q_len, NULL, NULL, 0, area,
                               area_size);
        }
    }
    if (status == NX_CRYPTO_SUCCESS) {
        status = crypto_op(rsa, NX_CRYPTO_DECRYPT, exponent, (UINT)(exponent_len * 8), in, k, NULL,
                           out, k, area, area_size);
    }
    crypto_cleanup(rsa, area);
    return status;
}

UINT dtls_cke_rsa_write(struct wire_wr *w, const NX_CRYPTO_METHOD *rsa, void *area,
                        size_t area_size, const NX_SECURE_X509_CERT *server_cert,
                        uint16_t client_version, nxdtls_random_fn rnd, void *rnd_ctx,
                        uint8_t premaster[DTLS_RSA_PREMASTER_LEN])
{
    const uint8_t *n;
    size_t k;
    NXD_ENSURE(server_cert->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA &&
                   server_cert->nx_secure_x509_public_exponent != NULL,
               NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    modulus_of(server_cert, &n, &k);
    NXD_ENSURE(k >= PKCS1_MIN_MODULUS && k <= CRYPTO_SIG_RSA_MAX_BYTES,
               NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);

    uint8_t em[CRYPTO_SIG_RSA_MAX_BYTES];
    uint8_t ct[CRYPTO_SIG_RSA_MAX_BYTES];
    /* RFC 5246 7.4.7.1: the version is the one the ClientHello offered, then 46 random bytes. */
    wire_store_be(premaster, client_version, 2);
    UINT status = draw(rnd, rnd_ctx, premaster + 2, DTLS_RSA_PREMASTER_LEN - 2);
    size_t ps_len = k - 3 - DTLS_RSA_PREMASTER_LEN;
    if (status == NX_SUCCESS) {
        em[0] = 0x00;
        em[1] = 0x02;
        status = nonzero_padding(rnd, rnd_ctx, em + 2, ps_len);
    }
    if (status == NX_SUCCESS) {
        em[2 + ps_len] = 0x00;
        memcpy(em + 3 + ps_len, premaster, DTLS_RSA_PREMASTER_LEN);
        status =
            rsa_raw(rsa, area, area_size, n, k, server_cert->nx_secure_x509_public_exponent,
                    server_cert->nx_secure_x509_public_exponent_length, NULL, 0, NULL, 0, em, ct);
    }
    if (status == NX_SUCCESS) {
        size_t vec = wire_open_vec(w, 2);
        wire_put_bytes(w, ct, k);
        wire_close_vec(w, vec, 2);
        if (w->overflow) {
            status = NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL;
        }
    }
    ct_wipe(em, sizeof em);
    if (status != NX_SUCCESS) {
        ct_wipe(premaster, DTLS_RSA_PREMASTER_LEN);
    }
    return status;
}

UINT dtls_cke_rsa_parse(struct wire_rd body, struct wire_rd *ciphertext)
{
    NXD_ENSURE(wire_get_vec(&body, 2, ciphertext) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}

UINT dtls_cke_rsa_decrypt(const NX_CRYPTO_METHOD *rsa, void *area, size_t area_size,
                          const NX_SECURE_X509_CERT *key, uint16_t client_version,
                          struct wire_rd ciphertext, const uint8_t fallback[DTLS_RSA_PREMASTER_LEN],
                          uint8_t premaster[DTLS_RSA_PREMASTER_LEN])
{
    const uint8_t *n;
    size_t k;
    NXD_ENSURE(key->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA &&
                   key->nx_secure_x509_private_key_type == NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER &&
                   key->nx_secure_x509_private_key_scalar != NULL &&
                   key->nx_secure_x509_private_key_scalar_length != 0,
               NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);
    modulus_of(key, &n, &k);
    NXD_ENSURE(k >= PKCS1_MIN_MODULUS && k <= CRYPTO_SIG_RSA_MAX_BYTES,
               NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE);

    uint8_t in[CRYPTO_SIG_RSA_MAX_BYTES];
    uint8_t em[CRYPTO_SIG_RSA_MAX_BYTES];
    memset(in, 0, k);
    memset(em, 0, k);
    /* The ciphertext's length is the attacker's own public choice; a wrong one still runs the same steps (on a
     * zero input) and ends in the fallback, so there is one path for every ciphertext. */
    uint32_t good = ct_mask_eq((uint32_t)(ciphertext.len <= k ? ciphertext.len : 0), (uint32_t)k);
    if (ciphertext.len <= k && ciphertext.len != 0) {
        memcpy(in + (k - ciphertext.len), ciphertext.p, ciphertext.len);
    }
    UINT status =
        rsa_raw(rsa, area, area_size, n, k, key->nx_secure_x509_private_key_scalar,
                key->nx_secure_x509_private_key_scalar_length, key->nx_secure_x509_private_key_p,
                key->nx_secure_x509_private_key_p_length, key->nx_secure_x509_private_key_q,
                key->nx_secure_x509_private_key_q_length, in, em);
    good &= ct_mask_eq((uint32_t)status, NX_CRYPTO_SUCCESS);

    /* RFC 8017 7.2.2 step 3 for a message of exactly 48 bytes: EM = 00 || 02 || PS || 00 || M, so the separator is
     * at k - 49 and every PS byte in between must be non-zero. k is public, so the loop bounds are too. */
    size_t sep = k - 1 - DTLS_RSA_PREMASTER_LEN;
    good &= ct_mask_eq(em[0], 0x00);
    good &= ct_mask_eq(em[1], 0x02);
    for (size_t i = 2; i < sep; i++) {
        good &= ct_mask_nonzero(em[i]);
    }
    good &= ct_mask_eq(em[sep], 0x00);
    /* RFC 5246 7.4.7.1: the premaster begins with the version of the ClientHello (a rollback check). */
    good &= ct_mask_eq(em[sep + 1], (uint32_t)(client_version >> 8));
    good &= ct_mask_eq(em[sep + 2], (uint32_t)(client_version & 0xFFu));
    for (size_t i = 0; i < DTLS_RSA_PREMASTER_LEN; i++) {
        premaster[i] = ct_select_u8(good, em[sep + 1 + i], fallback[i]);
    }
    ct_wipe(em, sizeof em);
    ct_wipe(in, sizeof in);
    return NX_SUCCESS;
}

void dtls_cke_ecdhe_write(struct wire_wr *w, const uint8_t *point, size_t point_len)
{
    size_t vec = wire_open_vec(w, 1);
    wire_put_bytes(w, point, point_len);
    wire_close_vec(w, vec, 1);
}

UINT dtls_cke_ecdhe_parse(struct wire_rd body, struct wire_rd *point)
{
    NXD_ENSURE(wire_get_vec(&body, 1, point) && point->len != 0 && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}
