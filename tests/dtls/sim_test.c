/* SPDX-License-Identifier: MIT */
/* sim_test: a client engine (nxdtls_conn_*) and a server (nxdtls_server_* + nxdtls_conn_*) over simnet, a
 * lossy network with a virtual clock (docs/design.md "Tests"). Each run is a PSK handshake with the cookie
 * exchange, then application data both ways (a ping the client repeats every 500 ms until the server's
 * echo arrives, since DTLS does not retransmit application data). Every run must either complete or end
 * with the client failing NX_NO_PACKET after its retransmission limit (RFC 6347 4.2.4, docs/netx-api.md 7.2),
 * within a virtual time bound. A run depends only on its seed: NXDTLS_SIM_SEED=<n> reruns one verbosely.
 *
 * Sets: 2,000 seeds at 30% loss with 10% duplication and 20% reordering, MTU 300..1400 (a run costs about
 * 50 us, so sanitizer builds run them all too); a lossless sanity run; 200 seeds with 3% byte corruption, where a corrupted epoch-0 handshake message can
 * also end the handshake with a Finished/MAC failure (no checksum protects epoch 0 but the Finished). */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "sim_world.h"
#include "test.h"

#include "nxdtls.h"

static NX_SECURE_TLS_PSK_STORE psk;

/* psk_setup gives both sides the one PSK. */
static bool psk_setup(uint64_t seed)
{
    (void)seed;
    memset(&psk, 0, sizeof psk);
    memcpy(psk.nx_secure_tls_psk_id, "sim-client", 10);
    psk.nx_secure_tls_psk_id_size = 10;
    for (int i = 0; i < 16; i++) {
        psk.nx_secure_tls_psk_data[i] = (uint8_t)(0xA0 + i);
    }
    psk.nx_secure_tls_psk_data_size = 16;
    sw.ccfg.psks = &psk;
    sw.ccfg.psk_count = 1;
    sw.scfg.psks = &psk;
    sw.scfg.psk_count = 1;
    return true;
}

static const struct sim_world_hooks psk_hooks = {
    .crypto = &nx_crypto_tls_ciphers, .setup = psk_setup, .conn_ready = NULL};

static enum sim_outcome run(uint64_t seed, const struct simnet_params *p, uint16_t suite,
                            uint16_t mtu)
{
    return sim_world_run(seed, p, suite, mtu, &psk_hooks);
}

/* psk_suites lists the PSK rows of the default table. */
static size_t psk_suites(uint16_t *out, size_t cap)
{
    const NX_SECURE_TLS_CRYPTO *t = &nx_crypto_tls_ciphers;
    size_t n = 0;
    for (size_t i = 0; i < t->nx_secure_tls_ciphersuite_lookup_table_size && n < cap; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *s = &t->nx_secure_tls_ciphersuite_lookup_table[i];
        if (s->nx_secure_tls_public_auth != NULL &&
            s->nx_secure_tls_public_auth->nx_crypto_algorithm == NX_CRYPTO_KEY_EXCHANGE_PSK) {
            out[n++] = s->nx_secure_tls_ciphersuite;
        }
    }
    return n;
}

static void one(struct sim_tally *t, uint64_t seed, const struct simnet_params *p,
                const uint16_t *suites, size_t ns, int corrupt)
{
    static const uint16_t mtus[] = {0, 1400, 600, 300};
    uint16_t suite = suites[seed % ns];
    uint16_t mtu = mtus[(seed / ns) % 4];
    struct simnet_params q = *p;
    q.mtu = mtu;
    sim_world_tally(t, run(seed, &q, suite, mtu), seed, suite, mtu, corrupt);
}

int main(void)
{
    uint16_t suites[16];
    size_t ns = psk_suites(suites, 16);
    EXPECT(ns >= 2);
    if (ns == 0) {
        return test_finish("dtls/sim");
    }
    const unsigned seeds = 2000;

    const char *one_seed = getenv("NXDTLS_SIM_SEED");
    struct simnet_params lossy = {.loss_ppm = 300000,
                                  .duplicate_ppm = 100000,
                                  .reorder_ppm = 200000,
                                  .delay_min_ms = 5,
                                  .delay_max_ms = 50,
                                  .reorder_ms = 300};
    if (one_seed != NULL) {
        sw.verbose = 1;
        struct sim_tally t = {0};
        one(&t, strtoull(one_seed, NULL, 10), &lossy, suites, ns, 0);
        return test_finish("dtls/sim (one seed)");
    }

    /* Sanity: a perfect network completes every suite, quickly. */
    struct simnet_params perfect = {.delay_min_ms = 10, .delay_max_ms = 10};
    for (size_t i = 0; i < ns; i++) {
        EXPECT(run(i, &perfect, suites[i], 0) == SIM_DONE);
        EXPECT(sw.end_ms < 200);
        EXPECT(sw.server_err == NX_SUCCESS && sw.client_err == NX_SUCCESS &&
               sw.handshakes_done_server == 1);
    }

    /* Reproducible: the same seed gives the same run, to the millisecond and the datagram. */
    for (uint64_t seed = 1; seed <= 20; seed++) {
        EXPECT(sim_world_same_twice(seed, &lossy, suites[seed % ns], 600, &psk_hooks));
    }

    struct sim_tally t = {0};
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        one(&t, seed, &lossy, suites, ns, 0);
    }
    sim_world_summary("lossy (30% loss, 10% dup, 20% reorder)", seeds, &t);
    /* Losing a run at 30% loss needs 11 losses of one flight in a row: rare. */
    EXPECT(t.count[SIM_DONE] >= seeds * 95 / 100);

    struct simnet_params corrupting = lossy;
    corrupting.loss_ppm = 100000;
    corrupting.corrupt_ppm = 30000;
    struct sim_tally c = {0};
    const unsigned cseeds = 200;
    for (uint64_t seed = 100001; seed <= 100000 + cseeds; seed++) {
        one(&c, seed, &corrupting, suites, ns, 1);
    }
    printf("corrupting (10%% loss, 3%% corrupt): %u seeds: %u completed, %u client NX_NO_PACKET, "
           "%u other failure\n",
           cseeds, c.count[SIM_DONE], c.count[SIM_CLIENT_GAVE_UP], c.count[SIM_OTHER_FAILURE]);
    EXPECT(c.count[SIM_DONE] >= cseeds * 80 / 100);
    return test_finish("dtls/sim");
}
