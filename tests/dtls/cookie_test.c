/* SPDX-License-Identifier: MIT */
/* cookie_test: stateless cookies (RFC 6347 4.2.1) bind the address, the port and the hello fields, and
 * survive exactly one secret rotation. */
#include "dtls/dtls_cookie.h"

#include <string.h>

#include "nx_crypto.h"
#include "simnet.h"
#include "test.h"

static _Alignas(16) uint8_t area[4096];
static const uint16_t suites[] = {0xC0A8, 0x00AE};

struct hello {
    uint8_t body[512];
    size_t len;
    struct dtls_client_hello ch;
};

static void make_hello(struct hello *h, const uint8_t random[32], const uint8_t *cookie,
                       size_t cookie_len)
{
    h->len =
        simnet_client_hello_body(h->body, sizeof h->body, random, cookie, cookie_len, suites, 2);
    EXPECT_OK(dtls_client_hello_parse(wire_rd_init(h->body, h->len), &h->ch));
}

static nxdtls_addr addr(uint8_t last, uint16_t port)
{
    nxdtls_addr a;
    memset(&a, 0, sizeof a);
    a.family = 4;
    a.port = port;
    a.ip[0] = 192;
    a.ip[1] = 0;
    a.ip[2] = 2;
    a.ip[3] = last;
    return a;
}

int main(void)
{
    struct simnet_rng rng = {42};
    struct dtls_cookie_keys k;
    EXPECT_OK(dtls_cookie_keys_init(&k, simnet_random, &rng, 1000));
    EXPECT(k.has_previous == 0 && k.rotated_ms == 1000);

    uint8_t random[32];
    for (int i = 0; i < 32; i++) {
        random[i] = (uint8_t)i;
    }
    nxdtls_addr peer = addr(7, 5684);
    struct hello first;
    make_hello(&first, random, NULL, 0);
    uint8_t cookie[DTLS_COOKIE_LEN], again[DTLS_COOKIE_LEN];
    EXPECT_OK(dtls_cookie_make(k.current, &peer, &first.ch, area, sizeof area, cookie));
    EXPECT_OK(dtls_cookie_make(k.current, &peer, &first.ch, area, sizeof area, again));
    EXPECT_MEM(cookie, again, sizeof cookie); /* deterministic: the server needs no state */

    /* Valid: the second hello repeats the first with the cookie. */
    struct hello second;
    make_hello(&second, random, cookie, sizeof cookie);
    EXPECT(dtls_cookie_check(&k, &peer, &second.ch, area, sizeof area));

    /* Wrong address, wrong port, other family. */
    nxdtls_addr other = addr(8, 5684);
    EXPECT(!dtls_cookie_check(&k, &other, &second.ch, area, sizeof area));
    other = addr(7, 5685);
    EXPECT(!dtls_cookie_check(&k, &other, &second.ch, area, sizeof area));
    other = peer;
    other.family = 6;
    EXPECT(!dtls_cookie_check(&k, &other, &second.ch, area, sizeof area));

    /* Modified random (every byte), modified suites, modified cookie (every byte), truncated cookie. */
    unsigned accepted = 0;
    for (int i = 0; i < 32; i++) {
        uint8_t r2[32];
        memcpy(r2, random, 32);
        r2[i] ^= 0x01;
        struct hello h;
        make_hello(&h, r2, cookie, sizeof cookie);
        accepted += dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area);
    }
    EXPECT(accepted == 0);
    static const uint16_t other_suites[] = {0xC0A8};
    struct hello h;
    h.len = simnet_client_hello_body(h.body, sizeof h.body, random, cookie, sizeof cookie,
                                     other_suites, 1);
    EXPECT_OK(dtls_client_hello_parse(wire_rd_init(h.body, h.len), &h.ch));
    EXPECT(!dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area));
    accepted = 0;
    for (size_t i = 0; i < sizeof cookie; i++) {
        uint8_t c2[DTLS_COOKIE_LEN];
        memcpy(c2, cookie, sizeof c2);
        c2[i] ^= 0x80;
        make_hello(&h, random, c2, sizeof c2);
        accepted += dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area);
    }
    EXPECT(accepted == 0);
    for (size_t len = 0; len < sizeof cookie; len++) {
        make_hello(&h, random, cookie, len);
        EXPECT(!dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area));
    }
    uint8_t longer[DTLS_COOKIE_LEN + 1];
    memcpy(longer, cookie, sizeof cookie);
    longer[DTLS_COOKIE_LEN] = 0;
    make_hello(&h, random, longer, sizeof longer);
    EXPECT(!dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area));

    /* Rotation: not due before 60 s; after it the previous secret still verifies, two rotations later not. */
    EXPECT_OK(
        dtls_cookie_keys_rotate_if_due(&k, simnet_random, &rng, 1000 + DTLS_COOKIE_ROTATE_MS - 1));
    EXPECT(k.has_previous == 0);
    EXPECT_OK(
        dtls_cookie_keys_rotate_if_due(&k, simnet_random, &rng, 1000 + DTLS_COOKIE_ROTATE_MS));
    EXPECT(k.has_previous == 1 && k.rotated_ms == 1000 + DTLS_COOKIE_ROTATE_MS);
    EXPECT(dtls_cookie_check(&k, &peer, &second.ch, area, sizeof area));
    uint8_t fresh[DTLS_COOKIE_LEN];
    EXPECT_OK(dtls_cookie_make(k.current, &peer, &first.ch, area, sizeof area, fresh));
    EXPECT(memcmp(fresh, cookie, sizeof fresh) != 0);
    EXPECT_OK(
        dtls_cookie_keys_rotate_if_due(&k, simnet_random, &rng, 1000 + 2 * DTLS_COOKIE_ROTATE_MS));
    EXPECT(!dtls_cookie_check(&k, &peer, &second.ch, area, sizeof area));
    make_hello(&h, random, fresh, sizeof fresh);
    EXPECT(dtls_cookie_check(&k, &peer, &h.ch, area,
                             sizeof area)); /* made under the now-previous secret */
    /* A clock going backwards never rotates. */
    struct dtls_cookie_keys before = k;
    EXPECT_OK(dtls_cookie_keys_rotate_if_due(&k, simnet_random, &rng, 5));
    EXPECT(memcmp(&before, &k, sizeof k) == 0);

    /* A gap of two periods drops the previous secret as well: nothing older than two periods survives. */
    make_hello(&h, random, NULL, 0);
    uint8_t old_cookie[DTLS_COOKIE_LEN];
    EXPECT_OK(dtls_cookie_make(k.current, &peer, &h.ch, area, sizeof area, old_cookie));
    uint64_t t0 = k.rotated_ms;
    EXPECT_OK(
        dtls_cookie_keys_rotate_if_due(&k, simnet_random, &rng, t0 + 2 * DTLS_COOKIE_ROTATE_MS));
    EXPECT(k.has_previous == 0);
    make_hello(&h, random, old_cookie, sizeof old_cookie);
    EXPECT(!dtls_cookie_check(&k, &peer, &h.ch, area, sizeof area));

    /* Area too small or missing: refused, and check fails closed. */
    EXPECT_CODE(dtls_cookie_make(k.current, &peer, &first.ch, NULL, 0, fresh),
                NX_INVALID_PARAMETERS);
    if (crypto_method_hmac_sha256.nx_crypto_metadata_area_size > 0) {
        EXPECT_CODE(dtls_cookie_make(k.current, &peer, &first.ch, area,
                                     crypto_method_hmac_sha256.nx_crypto_metadata_area_size - 1,
                                     fresh),
                    NX_INVALID_PARAMETERS);
    }
    EXPECT(!dtls_cookie_check(&k, &peer, &h.ch, NULL, 0));
    /* A failing RNG: init reports it. */
    EXPECT_CODE(dtls_cookie_keys_init(&k, NULL, NULL, 0), NX_PTR_ERROR);
    return test_finish("dtls/cookie");
}
