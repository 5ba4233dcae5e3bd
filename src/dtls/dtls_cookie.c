/* SPDX-License-Identifier: MIT */
/* dtls_cookie.c: stateless cookies (RFC 6347 4.2.1). The server keeps no per-client state before the
 * client proves it receives at its address: the cookie is a MAC, under a server secret, of the address
 * and port and of the head of the ClientHello: client_version, random and session_id.
 *
 * Why the head and nothing after it. A ClientHello may be fragmented over several datagrams (RFC 6347
 * 4.2.3), and the server must answer or verify it from its first fragment alone, since it keeps nothing
 * between datagrams before a slot exists. These three fields come first in every ClientHello (the cookie
 * right after them), so any first fragment that holds the cookie holds them too; cipher_suites,
 * compression_methods and extensions may lie in later fragments. One construction serves whole and
 * fragmented hellos alike, so a client that fragments only its second hello (its cookie made it longer)
 * still verifies.
 *
 * Why that is enough. RFC 6347 4.2.1 says the server SHOULD bind all of (version, random, session_id,
 * cipher_suites, compression_method); we bind the first three, deliberately. What the cookie must prove is
 * return routability: only whoever receives at address:port sees the HelloVerifyRequest, so binding the
 * address and port is what stops a spoofer from making us spend a slot (or send a large flight) towards
 * someone else. The 32-byte client random, which the client MUST resend unchanged, is unpredictable to an
 * off-path attacker and ties the cookie to one handshake attempt of that client: a cookie seen for one
 * hello does not open a slot for another random. The server decided nothing from the first hello (it was
 * answered statelessly), so a second hello with other suites can gain nothing; its suites, like the rest
 * of the handshake, are covered by the Finished messages. */
#include "dtls/dtls_cookie.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_call.h"
#include "nx_crypto.h"

#define SECRET_LEN 32

UINT dtls_cookie_keys_init(struct dtls_cookie_keys *k, nxdtls_random_fn rnd, void *ctx,
                           uint64_t now_ms)
{
    memset(k, 0, sizeof *k);
    NXD_ENSURE(rnd != NULL, NX_PTR_ERROR);
    UINT status = rnd(ctx, k->current, sizeof k->current);
    if (status != NX_SUCCESS) {
        ct_wipe(k, sizeof *k);
        return status;
    }
    k->rotated_ms = now_ms;
    return NX_SUCCESS;
}

UINT dtls_cookie_keys_rotate_if_due(struct dtls_cookie_keys *k, nxdtls_random_fn rnd, void *ctx,
                                    uint64_t now_ms)
{
    if (now_ms < k->rotated_ms || now_ms - k->rotated_ms < DTLS_COOKIE_ROTATE_MS) {
        return NX_SUCCESS;
    }
    NXD_ENSURE(rnd != NULL, NX_PTR_ERROR);
    uint8_t fresh[SECRET_LEN];
    UINT status = rnd(ctx, fresh, sizeof fresh);
    if (status == NX_SUCCESS) {
        /* After a gap of two periods or more the current secret is already too old to keep as previous:
         * no cookie may outlive two periods (one as current, one as previous). */
        bool keep = now_ms - k->rotated_ms < 2 * (uint64_t)DTLS_COOKIE_ROTATE_MS;
        if (keep) {
            memcpy(k->previous, k->current, sizeof k->previous);
        } else {
            ct_wipe(k->previous, sizeof k->previous);
        }
        memcpy(k->current, fresh, sizeof k->current);
        k->has_previous = keep ? 1 : 0;
        k->rotated_ms = now_ms;
    }
    ct_wipe(fresh, sizeof fresh);
    return status;
}

/* mac_fields feeds the cookie's input to an initialized HMAC use: address family, port and the 16 address
 * bytes, client_version, random, session_id with its length. The one variable field carries its length
 * prefix, so no two different inputs give the same byte string. */
static UINT mac_fields(const NX_CRYPTO_METHOD *m, const uint8_t *secret, void *area,
                       size_t area_size, const nxdtls_addr *peer,
                       const struct dtls_client_hello *ch)
{
    uint8_t addr[1 + 2 + 16];
    addr[0] = peer->family;
    wire_store_be(addr + 1, peer->port, 2);
    memcpy(addr + 3, peer->ip, sizeof peer->ip);
    uint8_t version[2];
    wire_store_be(version, ch->client_version, 2);
    uint8_t sid_len[1] = {(uint8_t)ch->session_id.len};
    const struct {
        const uint8_t *p;
        size_t n;
    } parts[] = {
        {addr, sizeof addr},
        {version, sizeof version},
        {ch->random, 32},
        {sid_len, 1},
        {ch->session_id.p, ch->session_id.len},
    };
    NXD_TRY(crypto_op(m, NX_CRYPTO_HASH_INITIALIZE, secret, SECRET_LEN * 8, NULL, 0, NULL, NULL, 0,
                      area, area_size));
    for (size_t i = 0; i < NXD_ARRAY_LEN(parts); i++) {
        if (parts[i].n != 0) {
            NXD_TRY(crypto_op(m, NX_CRYPTO_HASH_UPDATE, secret, SECRET_LEN * 8, parts[i].p,
                              parts[i].n, NULL, NULL, 0, area, area_size));
        }
    }
    return NX_SUCCESS;
}

UINT dtls_cookie_make(const uint8_t secret[32], const nxdtls_addr *peer,
                      const struct dtls_client_hello *ch, void *hmac_area, size_t hmac_area_size,
                      uint8_t out[DTLS_COOKIE_LEN])
{
    const NX_CRYPTO_METHOD *m = &crypto_method_hmac_sha256;
    NXD_ENSURE(hmac_area != NULL && hmac_area_size >= m->nx_crypto_metadata_area_size,
               NX_INVALID_PARAMETERS);
    NXD_TRY(crypto_init(m, secret, SECRET_LEN * 8, hmac_area, hmac_area_size));
    uint8_t mac[32];
    UINT status = mac_fields(m, secret, hmac_area, hmac_area_size, peer, ch);
    if (status == NX_SUCCESS) {
        status = crypto_op(m, NX_CRYPTO_HASH_CALCULATE, secret, SECRET_LEN * 8, NULL, 0, NULL, mac,
                           sizeof mac, hmac_area, hmac_area_size);
    }
    crypto_cleanup(m, hmac_area);
    if (status == NX_SUCCESS) {
        memcpy(out, mac, DTLS_COOKIE_LEN);
    }
    ct_wipe(mac, sizeof mac);
    return status;
}

static bool matches(const uint8_t secret[32], const nxdtls_addr *peer,
                    const struct dtls_client_hello *ch, void *hmac_area, size_t hmac_area_size)
{
    uint8_t want[DTLS_COOKIE_LEN];
    bool ok = dtls_cookie_make(secret, peer, ch, hmac_area, hmac_area_size, want) == NX_SUCCESS &&
              ct_equal(want, ch->cookie.p, DTLS_COOKIE_LEN);
    ct_wipe(want, sizeof want);
    return ok;
}

bool dtls_cookie_check(const struct dtls_cookie_keys *k, const nxdtls_addr *peer,
                       const struct dtls_client_hello *ch, void *hmac_area, size_t hmac_area_size)
{
    if (ch->cookie.len != DTLS_COOKIE_LEN) {
        return false;
    }
    if (matches(k->current, peer, ch, hmac_area, hmac_area_size)) {
        return true;
    }
    return k->has_previous && matches(k->previous, peer, ch, hmac_area, hmac_area_size);
}
