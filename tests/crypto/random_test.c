/* SPDX-License-Identifier: MIT */
/* random_test: crypto_random (the default nxdtls_random_fn) fills what it is asked to, draws differ,
 * and bad arguments get the documented codes. Only properties that cannot fail by chance are checked:
 * two 32-byte draws collide, or a 16 KiB draw leaves a byte value out entirely, with negligible odds. */
#include <string.h>

#include "crypto/crypto_random.h"
#include "nxdtls.h"
#include "test.h"

int main(void)
{
    nxdtls_random_fn fn = crypto_random; /* the signature matches the engine's random hook */
    uint8_t a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    EXPECT_OK(fn(NULL, a, sizeof a));
    EXPECT_OK(fn(NULL, b, sizeof b));
    EXPECT(memcmp(a, b, sizeof a) != 0);

    static uint8_t big[16384];
    unsigned seen[256] = {0};
    EXPECT_OK(crypto_random(NULL, big, sizeof big));
    for (size_t i = 0; i < sizeof big; i++) {
        seen[big[i]]++;
    }
    unsigned values = 0;
    for (int v = 0; v < 256; v++) {
        values += seen[v] != 0;
    }
    EXPECT(values == 256);

    /* Only the asked-for bytes change. */
    uint8_t fenced[18];
    memset(fenced, 0xCC, sizeof fenced);
    EXPECT_OK(crypto_random(NULL, fenced + 1, 16));
    EXPECT(fenced[0] == 0xCC && fenced[17] == 0xCC);

    EXPECT_OK(crypto_random(NULL, NULL, 0));
    EXPECT_CODE(crypto_random(NULL, NULL, 1), NX_CRYPTO_PTR_ERROR);
    return test_finish("random");
}
