/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cookie_shared.h"

#include <string.h>

#include "base/ct.h"
#include "base/wire.h"
#include "crypto/crypto_call.h"
#include "nx_crypto.h"

static const uint8_t label[] = "nxdtls cookie"; /* without its NUL */

static UINT derive(const uint8_t master[32], uint64_t period, void *area, size_t area_size,
                   uint8_t out[32])
{
    const NX_CRYPTO_METHOD *m = &crypto_method_hmac_sha256;
    NXD_ENSURE(area != NULL && area_size >= m->nx_crypto_metadata_area_size, NX_INVALID_PARAMETERS);
    uint8_t p[8];
    wire_store_be(p, period, 8);
    NXD_TRY(crypto_init(m, master, 256, area, area_size));
    UINT status = crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, master, 256, NULL, 0, NULL, NULL, 0, area,
                            area_size);
    if (status == NX_SUCCESS) {
        status = crypto_op(m, NX_CRYPTO_HASH_UPDATE, master, 256, label, sizeof label - 1, NULL,
                           NULL, 0, area, area_size);
    }
    if (status == NX_SUCCESS) {
        status = crypto_op(m, NX_CRYPTO_HASH_UPDATE, master, 256, p, sizeof p, NULL, NULL, 0, area,
                           area_size);
    }
    if (status == NX_SUCCESS) {
        status = crypto_op(m, NX_CRYPTO_HASH_CALCULATE, master, 256, NULL, 0, NULL, out, 32, area,
                           area_size);
    }
    crypto_cleanup(m, area);
    return status;
}

static UINT derive_pair(const struct dtls_cookie_master *m, struct dtls_cookie_keys *k,
                        uint64_t period, void *area, size_t area_size)
{
    uint8_t current[32];
    uint8_t previous[32];
    UINT status = derive(m->secret, period, area, area_size, current);
    if (status == NX_SUCCESS && period != 0) {
        status = derive(m->secret, period - 1u, area, area_size, previous);
    }
    if (status == NX_SUCCESS) {
        memcpy(k->current, current, sizeof k->current);
        if (period != 0) {
            memcpy(k->previous, previous, sizeof k->previous);
        }
        k->has_previous = period != 0;
        k->rotated_ms = period * DTLS_COOKIE_ROTATE_MS;
    }
    ct_wipe(current, sizeof current);
    ct_wipe(previous, sizeof previous);
    return status;
}

UINT dtls_cookie_shared_set(struct dtls_cookie_master *m, struct dtls_cookie_keys *k,
                            const uint8_t secret[32], uint64_t now_ms, void *hmac_area,
                            size_t hmac_area_size)
{
    struct dtls_cookie_master next = {.on = 1, .period = now_ms / DTLS_COOKIE_ROTATE_MS};
    memcpy(next.secret, secret, sizeof next.secret);
    UINT status = derive_pair(&next, k, next.period, hmac_area, hmac_area_size);
    if (status == NX_SUCCESS) {
        *m = next;
    }
    ct_wipe(&next, sizeof next);
    return status;
}

UINT dtls_cookie_shared_rotate(struct dtls_cookie_master *m, struct dtls_cookie_keys *k,
                               uint64_t now_ms, void *hmac_area, size_t hmac_area_size)
{
    uint64_t period = now_ms / DTLS_COOKIE_ROTATE_MS;
    if (period == m->period) {
        return NX_SUCCESS;
    }
    NXD_TRY(derive_pair(m, k, period, hmac_area, hmac_area_size));
    m->period = period;
    return NX_SUCCESS;
}
