/* SPDX-License-Identifier: MIT */
/* cert_sim_test: certificate handshakes over simnet (docs/design.md "Tests"), the way sim_test runs PSK ones: a
 * client engine and a server (nxdtls_server_* with the cookie exchange + nxdtls_conn_*) on a network that
 * loses 30% of datagrams, duplicates 10% and reorders 20%, at MTU 300, so the server's certificate flight is
 * cut into many datagrams that must all arrive. ECDHE-ECDSA with the P-256 chain (and, in half the runs, a
 * client certificate the server requires), then application data both ways. Every run must complete or end
 * with the client's NX_NO_PACKET within the time bound. NXDTLS_SIM_SEED=<n> reruns one verbosely. */
#include <stdlib.h>
#include <string.h>

#include "cert_fixtures.h"
#include "crypto/crypto_tables.h"
#include "simnet.h"
#include "test.h"

#include "nxdtls.h"

/* A certificate flight at MTU 300 is about a dozen fragments, and a whole message is reassembled. */
#define SIM_WORLD_REASM 16384
#include "sim_world.h"

/* The certificates of one run; the client's validates the server's chain, the server's the client's. */
static struct {
    NX_SECURE_X509_CERTIFICATE_STORE cstore, sstore;
    struct fix_cert sleaf, sint, croot, sroot, cleaf, cint;
    _Alignas(8) uint8_t cslots[4 * 2600];
    _Alignas(8) uint8_t sslots[SIM_WORLD_SLOTS][4 * 2600];
} pki;

static ULONG sim_time(void)
{
    return 1750000000u; /* 2025: inside the test PKI's validity */
}

/* load_pki gives the server its EC identity (leaf + intermediate) and the client the EC root; with
 * client_cert, the client its RSA identity and the server the RSA root, and the server requires it. */
static int load_pki(int client_cert)
{
    UINT st = fix_load(&pki.sleaf, "ec-leaf", "ec-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER);
    st = st != NX_SUCCESS ? st : fix_load(&pki.sint, "ec-int", NULL, 0);
    st = st != NX_SUCCESS ? st : fix_load(&pki.croot, "ec-root", NULL, 0);
    st = st != NX_SUCCESS ? st : x509_store_add(&pki.sstore, X509_STORE_LOCAL, &pki.sleaf.cert, 1);
    st = st != NX_SUCCESS ? st : x509_store_add(&pki.sstore, X509_STORE_LOCAL, &pki.sint.cert, 2);
    st =
        st != NX_SUCCESS ? st : x509_store_add(&pki.cstore, X509_STORE_TRUSTED, &pki.croot.cert, 3);
    if (st == NX_SUCCESS && client_cert) {
        st = fix_load(&pki.cleaf, "rsa-leaf", "rsa-leaf", NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER);
        st = st != NX_SUCCESS ? st : fix_load(&pki.cint, "rsa-int", NULL, 0);
        st = st != NX_SUCCESS ? st : fix_load(&pki.sroot, "rsa-root", NULL, 0);
        st = st != NX_SUCCESS ? st
                              : x509_store_add(&pki.cstore, X509_STORE_LOCAL, &pki.cleaf.cert, 4);
        st = st != NX_SUCCESS ? st
                              : x509_store_add(&pki.cstore, X509_STORE_LOCAL, &pki.cint.cert, 5);
        st = st != NX_SUCCESS ? st
                              : x509_store_add(&pki.sstore, X509_STORE_TRUSTED, &pki.sroot.cert, 6);
    }
    EXPECT_OK(st);
    return st == NX_SUCCESS;
}

/* cert_setup loads the PKI and gives each side its store; a client certificate in odd seeds. */
static bool cert_setup(uint64_t seed)
{
    memset(&pki, 0, sizeof pki);
    int client_cert = (seed & 1u) != 0;
    if (!load_pki(client_cert)) {
        return false;
    }
    sw.ccfg.certificates = &pki.cstore;
    sw.ccfg.server_name = (const uint8_t *)"localhost";
    sw.ccfg.server_name_len = 9;
    sw.ccfg.time_function = sim_time;
    sw.scfg.certificates = &pki.sstore;
    sw.scfg.time_function = sim_time;
    sw.scfg.verify_client = (uint8_t)client_cert;
    return true;
}

/* cert_conn_ready gives each connection room for the peer's chain before its first datagram. */
static void cert_conn_ready(nxdtls_conn *conn, int side, size_t slot)
{
    if (side == SIM_CLIENT) {
        EXPECT_OK(nxdtls_conn_set_remote_certificates(conn, pki.cslots, sizeof pki.cslots, 4));
    } else {
        EXPECT_OK(nxdtls_conn_set_remote_certificates(conn, pki.sslots[slot],
                                                      sizeof pki.sslots[slot], 4));
    }
}

static const struct sim_world_hooks cert_hooks = {
    .crypto = &nx_crypto_tls_ciphers_ecc, .setup = cert_setup, .conn_ready = cert_conn_ready};

static enum sim_outcome run(uint64_t seed, const struct simnet_params *p, uint16_t suite,
                            uint16_t mtu)
{
    return sim_world_run(seed, p, suite, mtu, &cert_hooks);
}

/* The ECDHE-ECDSA suites of the default ECC table. */
static const uint16_t ecdsa_suites[] = {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256};

static void one(struct sim_tally *t, uint64_t seed, const struct simnet_params *p,
                const uint16_t *suites, size_t ns, int corrupt)
{
    uint16_t suite = suites[(seed / 2) % ns];
    uint16_t mtu = 300;
    struct simnet_params q = *p;
    q.mtu = mtu;
    sim_world_tally(t, run(seed, &q, suite, mtu), seed, suite, mtu, corrupt);
}

int main(void)
{
    const uint16_t *suites = ecdsa_suites;
    size_t ns = sizeof ecdsa_suites / sizeof ecdsa_suites[0];
    const unsigned seeds = 1000;

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
        return test_finish("dtls/cert_sim (one seed)");
    }

    /* Sanity: a perfect network completes every suite with and without a client certificate, and the
     * certificate flight really is fragmented at MTU 300. */
    struct simnet_params perfect = {.delay_min_ms = 10, .delay_max_ms = 10, .mtu = 300};
    for (size_t i = 0; i < 2 * ns; i++) {
        EXPECT(run(i, &perfect, suites[i / 2], 300) == SIM_DONE);
        EXPECT(sw.end_ms < 500);
        EXPECT(sw.server_err == NX_SUCCESS && sw.client_err == NX_SUCCESS &&
               sw.handshakes_done_server == 1);
        EXPECT(sw.net.stats.sent >= 12);
    }

    /* Reproducible: the same seed gives the same run, to the millisecond and the datagram. */
    for (uint64_t seed = 1; seed <= 6; seed++) {
        struct simnet_params q = lossy;
        q.mtu = 300;
        EXPECT(sim_world_same_twice(seed, &q, suites[seed % ns], 300, &cert_hooks));
    }

    struct sim_tally t = {0};
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        one(&t, seed, &lossy, suites, ns, 0);
    }
    sim_world_summary("lossy (30% loss, 10% dup, 20% reorder, MTU 300)", seeds, &t);
    /* A certificate flight is about a dozen datagrams: at 30% loss hardly one try delivers it whole, but
     * reassembly keeps what arrived (RFC 6347 4.2.3), so each retransmission fills gaps and runs complete. */
    EXPECT(t.count[SIM_DONE] >= seeds * 95 / 100);
    return test_finish("dtls/cert_sim");
}
