/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_ecdhe.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"

static NX_CRYPTO_EXTENDED_OUTPUT ext_of(uint8_t *out, size_t cap)
{
    NX_CRYPTO_EXTENDED_OUTPUT ext = {
        .nx_crypto_extended_output_data = out,
        .nx_crypto_extended_output_length_in_byte = (ULONG)(cap > UINT32_MAX ? UINT32_MAX : cap),
        .nx_crypto_extended_output_actual_size = 0,
    };
    return ext;
}

/* op_ext runs one operation whose result is an extended output into out (cap bytes) and sets *len. */
static UINT op_ext(const NX_CRYPTO_METHOD *m, UINT op, const uint8_t *key, size_t key_len,
                   const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *len,
                   void *area, size_t area_size)
{
    NX_CRYPTO_EXTENDED_OUTPUT ext = ext_of(out, cap);
    UINT status = crypto_op(m, op, key, (UINT)(key_len * 8), in, in_len, NULL, (uint8_t *)&ext,
                            sizeof ext, area, area_size);
    if (status == NX_CRYPTO_SUCCESS && ext.nx_crypto_extended_output_actual_size > cap) {
        status = NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    *len = status == NX_CRYPTO_SUCCESS ? ext.nx_crypto_extended_output_actual_size : 0;
    return status;
}

static UINT begin(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve, void *area,
                  size_t area_size)
{
    NXD_ENSURE(ecdhe != NULL && curve != NULL, NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE);
    NXD_TRY(crypto_init(ecdhe, NULL, 0, area, area_size));
    /* 6.6: the curve row itself is the input of EC_CURVE_SET. */
    UINT status = crypto_op(ecdhe, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve,
                            sizeof(NX_CRYPTO_METHOD *), NULL, NULL, 0, area, area_size);
    if (status != NX_CRYPTO_SUCCESS) {
        crypto_cleanup(ecdhe, area);
    }
    return status;
}

UINT dtls_ecdhe_keygen(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve, void *area,
                       size_t area_size, uint8_t *pub, size_t pub_cap, size_t *pub_len)
{
    *pub_len = 0;
    NXD_TRY(begin(ecdhe, curve, area, area_size));
    UINT status =
        op_ext(ecdhe, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, pub, pub_cap, pub_len, area, area_size);
    if (status != NX_CRYPTO_SUCCESS) {
        dtls_ecdhe_release(ecdhe, area, area_size);
        *pub_len = 0;
    }
    return status;
}

void dtls_ecdhe_release(const NX_CRYPTO_METHOD *ecdhe, void *area, size_t area_size)
{
    crypto_cleanup(ecdhe, area);
    ct_wipe(area, area_size);
}

UINT dtls_ecdhe_client(const NX_CRYPTO_METHOD *ecdhe, const NX_CRYPTO_METHOD *curve, void *area,
                       size_t area_size, const uint8_t *peer, size_t peer_len, uint8_t *pub,
                       size_t pub_cap, size_t *pub_len, uint8_t *secret, size_t secret_cap,
                       size_t *secret_len)
{
    *pub_len = 0;
    *secret_len = 0;
    NXD_TRY(begin(ecdhe, curve, area, area_size));
    UINT status =
        op_ext(ecdhe, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, pub, pub_cap, pub_len, area, area_size);
    bool calculated = false;
    if (status == NX_CRYPTO_SUCCESS) {
        calculated = true;
        status = op_ext(ecdhe, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, peer_len, secret, secret_cap,
                        secret_len, area, area_size);
    }
    crypto_cleanup(ecdhe, area);
    if (status != NX_CRYPTO_SUCCESS) {
        ct_wipe(secret, secret_cap);
        *pub_len = 0;
        *secret_len = 0;
        /* RFC 8422 5.10: a point we cannot use fails the handshake (handshake_failure, docs/netx-api.md 7.8). */
        return calculated ? NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT : status;
    }
    return NX_SUCCESS;
}

UINT dtls_ecdhe_server(const NX_CRYPTO_METHOD *ecdhe, void *area, size_t area_size,
                       const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t secret_cap,
                       size_t *secret_len)
{
    *secret_len = 0;
    UINT status = op_ext(ecdhe, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, peer_len, secret, secret_cap,
                         secret_len, area, area_size);
    dtls_ecdhe_release(ecdhe, area, area_size);
    if (status != NX_CRYPTO_SUCCESS) {
        ct_wipe(secret, secret_cap);
        *secret_len = 0;
        return NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT;
    }
    return NX_SUCCESS;
}
