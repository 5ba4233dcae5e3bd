/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_random.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/rand.h>

UINT crypto_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    if (len == 0) {
        return NX_CRYPTO_SUCCESS;
    }
    if (out == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    for (size_t done = 0; done < len;) {
        /* RAND_bytes takes an int count. */
        size_t chunk = len - done > (size_t)INT_MAX ? (size_t)INT_MAX : len - done;
        if (RAND_bytes(out + done, (int)chunk) != 1) {
            ERR_clear_error();
            memset(out, 0, len);
            return NX_CRYPTO_NOT_SUCCESSFUL;
        }
        done += chunk;
    }
    return NX_CRYPTO_SUCCESS;
}
