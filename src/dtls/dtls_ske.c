/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_ske.h"

#include "base/ct.h"
#include "crypto/crypto_curve.h"

void dtls_ske_write_params(struct wire_wr *w, uint16_t group, const uint8_t *point,
                           size_t point_len)
{
    wire_put_u8(w, DTLS_CURVE_TYPE_NAMED);
    wire_put_u16(w, group);
    size_t pub = wire_open_vec(w, 1);
    wire_put_bytes(w, point, point_len);
    wire_close_vec(w, pub, 1);
}

/* digest hashes client_random || server_random || params with alg's hash (RFC 5246 7.4.3). */
static UINT digest(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                   const uint8_t client_random[32], const uint8_t server_random[32],
                   const uint8_t *params, size_t params_len, const struct dtls_ske_areas *areas,
                   uint8_t out[64], size_t *out_len)
{
    const uint8_t *data[3] = {client_random, server_random, params};
    const size_t len[3] = {32, 32, params_len};
    return dtls_sigalg_digest(cfg->crypto, alg, areas->hash, areas->hash_size, data, len, 3, out,
                              out_len);
}

UINT dtls_ske_sign(const nxdtls_config *cfg, const struct dtls_sigalg *alg,
                   const NX_SECURE_X509_CERT *key, const uint8_t client_random[32],
                   const uint8_t server_random[32], const uint8_t *params, size_t params_len,
                   const struct dtls_ske_areas *areas, struct wire_wr *w)
{
    uint8_t hash[64];
    size_t hash_len = 0;
    uint8_t sig[DTLS_SIG_MAX];
    size_t sig_len = 0;
    NXD_TRY(
        digest(cfg, alg, client_random, server_random, params, params_len, areas, hash, &hash_len));
    NXD_TRY(dtls_sigalg_sign(cfg, alg, key, hash, hash_len, areas->pub, areas->pub_size, sig,
                             sizeof sig, &sig_len));
    wire_put_u16(w, alg->scheme);
    size_t vec = wire_open_vec(w, 2);
    wire_put_bytes(w, sig, sig_len);
    wire_close_vec(w, vec, 2);
    NXD_ENSURE(!w->overflow, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    return NX_SUCCESS;
}

UINT dtls_ske_parse(struct wire_rd body, struct dtls_ske *out)
{
    const struct wire_rd start = body;
    uint8_t curve_type;
    NXD_ENSURE(wire_get_u8(&body, &curve_type), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_ENSURE(curve_type == DTLS_CURVE_TYPE_NAMED, NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    NXD_ENSURE(wire_get_u16(&body, &out->group) && wire_get_vec(&body, 1, &out->point) &&
                   out->point.len != 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    out->params = wire_rd_init(start.p, start.len - body.len);
    NXD_ENSURE(wire_get_u16(&body, &out->scheme) && wire_get_vec(&body, 2, &out->signature) &&
                   wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    return NX_SUCCESS;
}

UINT dtls_ske_curve(const struct dtls_groups *ours, const struct dtls_ske *ske,
                    const NX_CRYPTO_METHOD **curve)
{
    const NX_CRYPTO_METHOD *row = dtls_groups_curve(ours, ske->group);
    NXD_ENSURE(row != NULL, NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
    const struct crypto_curve *info = crypto_curve_info(row->nx_crypto_algorithm);
    if (info != NULL) {
        /* RFC 8422 5.4 / 5.11: an uncompressed point (04||X||Y), or the bare u of a Montgomery curve (RFC 7748). */
        uint8_t form = 0;
        bool ok = info->montgomery ? ske->point.len == info->field_bytes
                                   : (ske->point.len == 1u + 2u * info->field_bytes &&
                                      wire_peek_u8(&ske->point, &form) && form == 4);
        NXD_ENSURE(ok, NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT);
    }
    *curve = row;
    return NX_SUCCESS;
}

UINT dtls_ske_verify(const nxdtls_config *cfg, const struct dtls_ske *ske, uint16_t offered_mask,
                     const NX_SECURE_X509_CERT *signer, const uint8_t client_random[32],
                     const uint8_t server_random[32], const struct dtls_ske_areas *areas)
{
    size_t index;
    const struct dtls_sigalg *alg = dtls_sigalg_find(ske->scheme, &index);
    /* RFC 5246 7.4.3: the scheme must be one the client listed in signature_algorithms. */
    NXD_ENSURE(alg != NULL && (offered_mask & (1u << index)) != 0 &&
                   dtls_sigalg_fits_key(alg, signer),
               NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    uint8_t hash[64];
    size_t hash_len = 0;
    NXD_TRY(digest(cfg, alg, client_random, server_random, ske->params.p, ske->params.len, areas,
                   hash, &hash_len));
    return dtls_sigalg_verify(cfg, alg, signer, hash, hash_len, ske->signature.p,
                              ske->signature.len, areas->pub, areas->pub_size);
}
