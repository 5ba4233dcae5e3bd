/* SPDX-License-Identifier: MIT */
/* dtls_handshake_fuzz.c: whole-session fuzzing of the engine (docs/style.md 2.10): a client and a server nxdtls_conn
 * with a fixed RNG and clock receive fuzzer bytes as datagrams, in any state, the completed handshake and the
 * established session included.
 *
 * Input: one configuration byte, then operations until the input ends:
 *   op & 7 == 0 / 1  a datagram to the server / client: u16 length, then the bytes
 *   op & 7 == 2      pump: the engines' own output moves both ways until quiet (reaches deep states)
 *   op & 7 == 3      the clock moves by next byte x 100 ms; due timers fire
 *   op & 7 == 4      application data from the client (op bit 3: the server): u8 length, then the bytes
 *   op & 7 == 5      close_notify from the client (op bit 3: the server), delivered
 *   op & 7 == 6 / 7  the last datagram the client / server sent goes to the other side again (a replay)
 * After every operation, what the engines queued is taken out and thrown away (except by pump).
 * Configuration byte: bit 0 server cookies on, bit 1 client without EMS, bit 2 MTU 256, bits 3..5 suite index
 * (0..5 one suite of the table, 6..7 all), bit 6 certificate suites instead of PSK (the default ECC table; the
 * server holds the test PKI's RSA and EC identities, the client trusts both roots; bits 3..5 pick one of
 * cert_suites), bit 7 (with bit 6) the server requires a client certificate (the client has the RSA one).
 * Certificate mode runs on fuzz_crypto.h's table: ECDHE key pairs and ECDSA signatures are deterministic
 * (and RSA, ECDSA verification and ECDH results memoized), so with the seeded RNGs (which also pad RSA key
 * transport) every captured handshake replays to its end.
 *
 * Seeds (fuzz/corpus/dtls_handshake_fuzz/) are captured handshakes in this format; the same setup makes the
 * engines produce the same bytes, so they replay into deep states. Regenerate with:
 *   cc -std=c11 -D_GNU_SOURCE -DDTLS_HANDSHAKE_FUZZ_SEEDS -Iinclude -Isrc -Itests/lib -Itests/dtls \
 *      fuzz/dtls_handshake_fuzz.c <build>/tests/libnxdtls_testlib.a <build>/libnxdtls.a -lcrypto -o seeds
 *   ./seeds fuzz/corpus/dtls_handshake_fuzz
 * Recommended -max_len=8192. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../tests/dtls/cert_loop.h"
#include "base/wire.h"
#include "fuzz_crypto.h"

struct fuzz_state {
    struct loop l;
    uint8_t last[2][LOOP_DGRAM_MAX]; /* [0] client, [1] server: last datagram each sent */
    size_t last_len[2];
    int cert_mode;
};

static uint16_t fuzz_suites[1];

static const uint16_t cert_suites[8] = {
    TLS_RSA_WITH_AES_128_GCM_SHA256,         TLS_RSA_WITH_AES_128_CBC_SHA,
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,   TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
};

/* The certificate stores, loaded once (the engines never change a store) and shared by every run. */
static struct cert_side fuzz_client_side, fuzz_server_side;
static struct fix_cert fuzz_rsa, fuzz_rsa_int;
static _Alignas(8) uint8_t fuzz_slots[2][4 * 2600];
static int fuzz_pki; /* 0 not loaded, 1 loaded, -1 failed */

static int load_pki(void)
{
    if (fuzz_pki == 0) {
        UINT st = cert_side_load(&fuzz_client_side, ID_RSA);
        st = st != NX_SUCCESS ? st : cert_side_load(&fuzz_server_side, ID_EC);
        st = st != NX_SUCCESS ? st
                              : fix_load(&fuzz_rsa, "rsa-leaf", "rsa-leaf",
                                         NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER);
        st = st != NX_SUCCESS ? st : fix_load(&fuzz_rsa_int, "rsa-int", NULL, 0);
        st = st != NX_SUCCESS
                 ? st
                 : x509_store_add(&fuzz_server_side.store, X509_STORE_LOCAL, &fuzz_rsa.cert, 20);
        st = st != NX_SUCCESS ? st
                              : x509_store_add(&fuzz_server_side.store, X509_STORE_LOCAL,
                                               &fuzz_rsa_int.cert, 21);
        fuzz_pki = st == NX_SUCCESS ? 1 : -1;
    }
    return fuzz_pki == 1;
}

static NX_SECURE_TLS_CRYPTO fuzz_cert_table;

static void fuzz_setup(struct fuzz_state *f, uint8_t config)
{
    if (fuzz_cert_table.nx_secure_tls_ciphersuite_lookup_table == NULL) {
        fuzz_crypto_table(&nx_crypto_tls_ciphers_ecc, &fuzz_cert_table);
    }
    fuzz_crypto_reset(0x68616e64);
    memset(f->last_len, 0, sizeof f->last_len);
    loop_setup(&f->l, 1);
    f->cert_mode = (config & 0x40) != 0 && load_pki();
    f->l.server.cfg.disable_cookies = (config & 1) ? 0 : 1;
    f->l.client.cfg.disable_extended_master_secret = (config & 2) ? 1 : 0;
    if (config & 4) {
        f->l.client.cfg.mtu = NXDTLS_MIN_MTU;
        f->l.server.cfg.mtu = NXDTLS_MIN_MTU;
    }
    unsigned suite = (config >> 3) & 7;
    if (f->cert_mode) {
        struct loop_peer *p[2] = {&f->l.client, &f->l.server};
        struct cert_side *sides[2] = {&fuzz_client_side, &fuzz_server_side};
        for (int i = 0; i < 2; i++) {
            p[i]->cfg.crypto = &fuzz_cert_table;
            p[i]->cfg.psks = NULL;
            p[i]->cfg.psk_count = 0;
            p[i]->cfg.certificates = &sides[i]->store;
            p[i]->cfg.time_function = cert_time;
        }
        f->l.client.cfg.server_name = (const uint8_t *)"localhost";
        f->l.client.cfg.server_name_len = 9;
        f->l.server.cfg.verify_client = (config & 0x80) ? 1 : 0;
        fuzz_suites[0] = cert_suites[suite];
        f->l.client.cfg.ciphersuites = fuzz_suites;
        f->l.client.cfg.ciphersuite_count = 1;
    } else if (suite < 6) {
        fuzz_suites[0] = loop_psk_rows[suite].nx_secure_tls_ciphersuite;
        f->l.client.cfg.ciphersuites = fuzz_suites;
        f->l.client.cfg.ciphersuite_count = 1;
    }
}

/* drain takes every queued datagram out of a peer, remembering the last. */
static void drain(struct fuzz_state *f, struct loop_peer *p)
{
    int who = p == &f->l.server;
    for (int guard = 0; guard < 64; guard++) {
        size_t n = 0;
        if (nxdtls_conn_output(&p->conn, f->l.now, f->last[who], sizeof f->last[who], &n) !=
                NX_SUCCESS ||
            n == 0) {
            break;
        }
        f->last_len[who] = n;
    }
    (void)nxdtls_conn_events(&p->conn);
}

static bool remember(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct fuzz_state *f = ctx;
    int who = from_client ? 0 : 1;
    memcpy(f->last[who], dgram, *len);
    f->last_len[who] = *len;
    return true;
}

/* fuzz_start initializes both engines (with remote-certificate slots in certificate mode) and connects. */
static UINT fuzz_start(struct fuzz_state *f)
{
    struct loop *l = &f->l;
    UINT st = loop_init_peers(l);
    if (st == NX_SUCCESS && f->cert_mode) {
        st = nxdtls_conn_set_remote_certificates(&l->client.conn, fuzz_slots[0],
                                                 sizeof fuzz_slots[0], 4);
        st = st != NX_SUCCESS ? st
                              : nxdtls_conn_set_remote_certificates(&l->server.conn, fuzz_slots[1],
                                                                    sizeof fuzz_slots[1], 4);
    }
    return st != NX_SUCCESS ? st : nxdtls_conn_connect(&l->client.conn, l->now);
}

static void run(struct fuzz_state *f, const uint8_t *data, size_t size)
{
    struct loop *l = &f->l;
    if (size == 0) {
        return;
    }
    fuzz_setup(f, data[0]);
    struct wire_rd in = wire_rd_init(data + 1, size - 1);
    if (fuzz_start(f) != NX_SUCCESS) {
        loop_free(l);
        return;
    }
    l->filter = remember;
    l->filter_ctx = f;
    uint8_t op;
    for (int steps = 0; steps < 512 && wire_get_u8(&in, &op); steps++) {
        uint8_t buf[LOOP_DGRAM_MAX];
        struct loop_peer *side = (op & 8) ? &l->server : &l->client;
        switch (op & 7) {
        case 0:
        case 1: {
            struct wire_rd d;
            if (!wire_get_vec(&in, 2, &d) || d.len > sizeof buf) {
                steps = 512;
                break;
            }
            memcpy(buf, d.p, d.len); /* the engine decrypts in place: give it its own copy */
            loop_deliver(l, (op & 7) == 0 ? &l->server : &l->client, buf, d.len);
            break;
        }
        case 2:
            loop_pump(l);
            break;
        case 3: {
            uint8_t step = 0;
            if (!wire_get_u8(&in, &step)) {
                steps = 512;
                break;
            }
            l->now += (uint64_t)step * 100;
            (void)nxdtls_conn_timeout(&l->client.conn, l->now);
            (void)nxdtls_conn_timeout(&l->server.conn, l->now);
            break;
        }
        case 4: {
            struct wire_rd d;
            if (!wire_get_vec(&in, 1, &d)) {
                steps = 512;
                break;
            }
            size_t n = 0;
            (void)nxdtls_conn_write(&side->conn, d.p, d.len, buf, sizeof buf, &n);
            if (n != 0) {
                loop_deliver(l, side == &l->client ? &l->server : &l->client, buf, n);
            }
            break;
        }
        case 5:
            (void)nxdtls_conn_close(&side->conn);
            loop_pump(l);
            break;
        default: {
            int who = (op & 7) == 6 ? 0 : 1;
            if (f->last_len[who] != 0) {
                memcpy(buf, f->last[who], f->last_len[who]);
                loop_deliver(l, who == 0 ? &l->server : &l->client, buf, f->last_len[who]);
            }
            break;
        }
        }
        if ((op & 7) != 2) {
            drain(f, &l->client);
            drain(f, &l->server);
        }
    }
    loop_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz_state f;
    run(&f, data, size);
    return 0;
}

#ifdef DTLS_HANDSHAKE_FUZZ_SEEDS
/* The seed generator: runs loopbacks with fuzz_setup's configuration and writes each datagram as an op. */
#include <stdio.h>

struct recorder {
    uint8_t out[65536];
    size_t len;
    int drop_server_first_flight_once;
};

static void put(struct recorder *r, const void *p, size_t n)
{
    if (r->len + n <= sizeof r->out) {
        memcpy(r->out + r->len, p, n);
        r->len += n;
    }
}

static bool record_op(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct recorder *r = ctx;
    if (!from_client && r->drop_server_first_flight_once) {
        r->drop_server_first_flight_once = 0;
        const uint8_t tick[2] = {3, 10}; /* the client's timer fires after 1 s */
        put(r, tick, 2);
        return false;
    }
    uint8_t hdr[3] = {from_client ? 0 : 1, (uint8_t)(*len >> 8), (uint8_t)*len};
    put(r, hdr, 3);
    put(r, dgram, *len);
    return true;
}

static void write_seed(const char *dir, const char *name, const struct recorder *r)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (fp != NULL) {
        fwrite(r->out, 1, r->len, fp);
        fclose(fp);
    }
}

static void seed(const char *dir, uint8_t config, int lose_flight, const char *name)
{
    static struct fuzz_state f;
    static struct recorder r;
    memset(&r, 0, sizeof r);
    r.out[0] = config;
    r.len = 1;
    r.drop_server_first_flight_once = lose_flight;
    fuzz_setup(&f, config);
    struct loop *l = &f.l;
    l->filter = record_op;
    l->filter_ctx = &r;
    if (fuzz_start(&f) != NX_SUCCESS) {
        return;
    }
    loop_pump(l);
    if (lose_flight) {
        l->now += 1000;
        (void)nxdtls_conn_timeout(&l->client.conn, l->now);
        loop_pump(l);
    }
    /* Established: data both ways, a replay of each side's last datagram, then close_notify both ways. */
    const uint8_t data_ops[] = {4, 5, 'h', 'e', 'l', 'l', 'o', 12, 3, 'a', 'c', 'k', 6, 7, 5, 2};
    put(&r, data_ops, sizeof data_ops);
    write_seed(dir, name, &r);
    loop_free(l);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    static const char *const suite_names[] = {"ccm8", "ccm", "gcm128", "gcm256", "cbc256", "cbc1"};
    char name[64];
    for (uint8_t s = 0; s < 6; s++) {
        snprintf(name, sizeof name, "handshake-%s", suite_names[s]);
        seed(dir, (uint8_t)(s << 3), 0, name);
        snprintf(name, sizeof name, "handshake-%s-noems-mtu256", suite_names[s]);
        seed(dir, (uint8_t)((s << 3) | 2 | 4), 0, name);
    }
    static const char *const cert_names[] = {"rsa-gcm",          "rsa-cbc1",     "ecdsa-gcm128",
                                             "ecdsa-gcm256",     "ecdsa-ccm8",   "ecdhe-rsa-gcm128",
                                             "ecdhe-rsa-gcm256", "ecdhe-rsa-cbc"};
    for (uint8_t s = 0; s < 8; s++) {
        snprintf(name, sizeof name, "cert-%s", cert_names[s]);
        seed(dir, (uint8_t)(0x40 | (s << 3)), 0, name);
        snprintf(name, sizeof name, "cert-%s-client-mtu256", cert_names[s]);
        seed(dir, (uint8_t)(0x80 | 0x40 | (s << 3) | 4), 0, name);
    }
    seed(dir, 0x40 | (2 << 3) | 4, 1, "cert-lost-flight-mtu256");
    seed(dir, 6 << 3, 1, "handshake-lost-flight");
    seed(dir, (6 << 3) | 4, 1, "handshake-lost-flight-mtu256");
    struct recorder r = {.out = {6 << 3, 2, 4, 2, 'h', 'i', 12, 2, 'y', 'o', 13, 2}, .len = 12};
    write_seed(dir, "pump-data-close", &r);
    return 0;
}
#endif
