/* SPDX-License-Identifier: MIT */
/* cert_bleichenbacher_test: the RSA key exchange gives a padding oracle nothing to see (RFC 5246 7.4.7.1). A
 * man in the middle replaces the client's EncryptedPreMasterSecret with: a flipped byte, a well-formed
 * encryption of another premaster, and well-encrypted blocks with each kind of defect (block type, zero in the
 * padding, no separator, a message of 47 or 49 bytes, the wrong version, a value not below the modulus). In
 * every case the server goes on exactly as with a good one and fails only at the client's Finished, with the
 * same code (NX_SECURE_TLS_FINISHED_HASH_FAILURE), the same alert and the same datagrams sent. */
#include "cert_loop.h"
#include "crypto/crypto_call.h"
#include "dtls/dtls_conn_internal.h"
#include "test.h"

enum variant {
    V_FLIP,
    V_OTHER_PREMASTER,
    V_BLOCK_TYPE,
    V_ZERO_IN_PADDING,
    V_NO_SEPARATOR,
    V_SHORT_MESSAGE,
    V_LONG_MESSAGE,
    V_WRONG_VERSION,
    V_NOT_BELOW_MODULUS,
    V_COUNT
};

static const char *const names[V_COUNT] = {
    "flipped byte",    "other premaster", "block type 1",  "zero in padding",  "no separator",
    "47-byte message", "49-byte message", "wrong version", "not below modulus"};

struct mitm {
    enum variant v;
    const NX_SECURE_X509_CERT *server;
    _Alignas(16) uint8_t area[8192];
    unsigned done;
};

static void modulus(const NX_SECURE_X509_CERT *c, const uint8_t **n, size_t *k)
{
    *n = c->nx_secure_x509_public_key;
    *k = c->nx_secure_x509_public_key_length;
    while (*k > 0 && (*n)[0] == 0) {
        (*n)++;
        (*k)--;
    }
}

/* craft writes into ct (k bytes) the variant's ciphertext, encrypted to the server's key. */
static void craft(struct mitm *m, uint8_t *ct)
{
    const uint8_t *n;
    size_t k;
    modulus(m->server, &n, &k);
    uint8_t em[1024];
    size_t msg = m->v == V_SHORT_MESSAGE ? 47 : m->v == V_LONG_MESSAGE ? 49 : 48;
    em[0] = 0;
    em[1] = m->v == V_BLOCK_TYPE ? 1 : 2;
    for (size_t i = 2; i < k - msg - 1; i++) {
        em[i] = (uint8_t)(0x11 + i % 200);
    }
    em[k - msg - 1] = 0;
    for (size_t i = k - msg; i < k; i++) {
        em[i] = (uint8_t)(0xA0 + i % 50);
    }
    em[k - msg] = 0xFE;
    em[k - msg + 1] = m->v == V_WRONG_VERSION ? 0xFF : 0xFD;
    if (m->v == V_ZERO_IN_PADDING) {
        em[5] = 0;
    }
    if (m->v == V_NO_SEPARATOR) {
        em[k - msg - 1] = 0x42;
    }
    if (m->v == V_NOT_BELOW_MODULUS) {
        memset(ct, 0xFF, k);
        return;
    }
    EXPECT_OK(crypto_init(&crypto_method_rsa, n, (UINT)(k * 8), m->area, sizeof m->area));
    EXPECT_OK(crypto_op(&crypto_method_rsa, NX_CRYPTO_DECRYPT,
                        m->server->nx_secure_x509_public_exponent,
                        (UINT)(m->server->nx_secure_x509_public_exponent_length * 8), em, k, NULL,
                        ct, k, m->area, sizeof m->area));
    crypto_cleanup(&crypto_method_rsa, m->area);
}

static bool mitm_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct mitm *m = ctx;
    uint8_t *body;
    size_t n;
    if (!from_client || m->done ||
        !cert_find_message(dgram, *len, DTLS_HT_CLIENT_KEY_EXCHANGE, &body, &n)) {
        return true;
    }
    /* EncryptedPreMasterSecret = opaque<0..2^16-1> holding k bytes (RFC 5246 7.4.7.1). */
    uint8_t *ct = body + 2;
    size_t k = n - 2;
    if (m->v == V_FLIP) {
        ct[k / 2] ^= 0x08;
    } else {
        craft(m, ct);
    }
    m->done = 1;
    return true;
}

struct outcome {
    UINT server_status;
    UINT client_status;
    UINT alert_level, alert_desc;
    unsigned server_datagrams;
    unsigned client_datagrams;
};

static struct outcome run(int tamper, enum variant v, uint64_t seed)
{
    static struct cert_loop cl;
    static struct mitm m;
    memset(&m, 0, sizeof m);
    EXPECT_OK(cert_loop_setup(&cl, seed, ID_RSA, ID_NONE));
    const uint16_t only[1] = {TLS_RSA_WITH_AES_128_GCM_SHA256};
    cl.l.client.cfg.ciphersuites = only;
    cl.l.client.cfg.ciphersuite_count = 1;
    m.v = v;
    m.server = &cl.server.leaf.cert;
    if (tamper) {
        cl.l.filter = mitm_filter;
        cl.l.filter_ctx = &m;
    }
    EXPECT_OK(cert_loop_handshake(&cl));
    loop_settle(&cl.l); /* the Finished that cannot be authenticated is reported at the timer */
    struct outcome o = {cl.l.server.status,    cl.l.client.status,   0, 0,
                        cl.l.server.datagrams, cl.l.client.datagrams};
    nxdtls_conn_alert(&cl.l.client.conn, &o.alert_level, &o.alert_desc);
    EXPECT(!tamper || m.done == 1);
    loop_free(&cl.l);
    return o;
}

int main(void)
{
    /* Untouched: the handshake completes (the filter path itself is sound). */
    struct outcome good = run(0, V_FLIP, 700);
    EXPECT_OK(good.server_status);
    EXPECT_OK(good.client_status);
    /* The reference: a well-formed encryption of a premaster the client does not have. */
    struct outcome ref = run(1, V_OTHER_PREMASTER, 700);
    EXPECT_CODE(ref.server_status, NX_SECURE_TLS_FINISHED_HASH_FAILURE);
    EXPECT_CODE(ref.client_status, NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(ref.alert_level == 2 && ref.alert_desc == 51);
    for (int v = 0; v < V_COUNT; v++) {
        struct outcome o = run(1, (enum variant)v, 700);
        if (o.server_status != ref.server_status || o.client_status != ref.client_status ||
            o.alert_desc != ref.alert_desc || o.server_datagrams != ref.server_datagrams ||
            o.client_datagrams != ref.client_datagrams) {
            fprintf(stderr,
                    "%s: server 0x%x client 0x%x alert %u, %u/%u datagrams; reference 0x%x 0x%x %u "
                    "%u/%u\n",
                    names[v], o.server_status, o.client_status, o.alert_desc, o.server_datagrams,
                    o.client_datagrams, ref.server_status, ref.client_status, ref.alert_desc,
                    ref.server_datagrams, ref.client_datagrams);
        }
        EXPECT_CODE(o.server_status, NX_SECURE_TLS_FINISHED_HASH_FAILURE);
        EXPECT(o.client_status == ref.client_status && o.alert_level == ref.alert_level &&
               o.alert_desc == ref.alert_desc);
        EXPECT(o.server_datagrams == ref.server_datagrams &&
               o.client_datagrams == ref.client_datagrams);
    }
    return test_finish("dtls/cert_bleichenbacher");
}
