/* SPDX-License-Identifier: MIT */
/* curves_test.c: the curves of NetX's ECC tables through whole ECDHE-ECDSA handshakes (in-memory loop):
 * secp521r1 for ECDHE and for certificates and keys (the test PKI's P-521 root and leaf, ServerKeyExchange
 * signed with ecdsa_secp521r1_sha512, RFC 8422 5.4 and RFC 8446 4.2.3 for the code point), and secp192r1 and
 * secp224r1 for ECDHE when both sides' tables list them, while the defaults never offer or accept them.
 * Each case reads the group, the point size and the signature scheme off the ServerKeyExchange
 * (RFC 8422 5.4: curve_type 3, named group, point, then the signature). */
#include "cert_loop.h"

/* What the server's ServerKeyExchange said. */
struct ske_seen {
    unsigned count;
    uint16_t group;
    size_t point_len;
    uint16_t scheme;
};

static bool ske_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct ske_seen *seen = ctx;
    uint8_t *body;
    size_t n;
    if (!from_client && cert_find_message(dgram, *len, 12, &body, &n) && n > 4 && body[0] == 3) {
        seen->count++;
        seen->group = (uint16_t)(body[1] << 8 | body[2]);
        seen->point_len = body[3];
        if (n > 4 + seen->point_len + 2) {
            seen->scheme = (uint16_t)(body[4 + seen->point_len] << 8 | body[5 + seen->point_len]);
        }
    }
    return true;
}

static void set_groups(nxdtls_config *cfg, const USHORT *groups, const NX_CRYPTO_METHOD **curves,
                       size_t n)
{
    cfg->groups = groups;
    cfg->curves = curves;
    cfg->group_count = n;
}

static bool established(struct cert_loop *cl)
{
    return nxdtls_conn_is_established(&cl->l.client.conn) &&
           nxdtls_conn_is_established(&cl->l.server.conn);
}

/* ECDHE on the first group of a list both sides share, with the P-256 test identity. */
static void ecdhe_group(uint16_t group, const NX_CRYPTO_METHOD *curve, size_t field_bytes,
                        uint64_t seed)
{
    static struct cert_loop cl;
    const USHORT groups[2] = {group, 23};
    const NX_CRYPTO_METHOD *curves[2] = {curve, &crypto_method_ec_secp256};
    struct ske_seen seen = {0};
    EXPECT_OK(cert_loop_setup(&cl, seed, ID_EC, ID_NONE));
    set_groups(&cl.l.client.cfg, groups, curves, 2);
    set_groups(&cl.l.server.cfg, groups, curves, 2);
    cl.l.filter = ske_filter;
    cl.l.filter_ctx = &seen;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(established(&cl));
    EXPECT(seen.count == 1 && seen.group == group);
    EXPECT(seen.point_len == 1 + 2 * field_bytes); /* uncompressed point (RFC 8422 5.4.1) */
    EXPECT(seen.scheme == 0x0403);                 /* the P-256 key signs with SHA-256 */
    EXPECT_OK(loop_send(&cl.l, &cl.l.client, "curve", 5));
    loop_free(&cl.l);
}

/* The default groups on both sides settle on secp256r1; a client that offers only secp192r1 or secp224r1
 * finds no ECDHE group at a default server. */
static void defaults(void)
{
    static struct cert_loop cl;
    struct ske_seen seen = {0};
    EXPECT_OK(cert_loop_setup(&cl, 61, ID_EC, ID_NONE));
    cl.l.filter = ske_filter;
    cl.l.filter_ctx = &seen;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(established(&cl) && seen.group == 23);
    loop_free(&cl.l);

    static const USHORT weak[2] = {19, 21};
    static const NX_CRYPTO_METHOD *weak_curves[2] = {&crypto_method_ec_secp192,
                                                     &crypto_method_ec_secp224};
    EXPECT_OK(cert_loop_setup(&cl, 62, ID_EC, ID_NONE));
    set_groups(&cl.l.client.cfg, weak, weak_curves, 2);
    (void)cert_loop_handshake(&cl);
    EXPECT(!established(&cl));
    loop_free(&cl.l);
}

/* A P-521 server identity (root and leaf of the test PKI, signed with ECDSA-SHA512) and ECDHE on
 * secp521r1: the client checks the chain and the ServerKeyExchange signature made with the P-521 key. */
static void p521_identity(void)
{
    static struct cert_loop cl;
    static struct fix_cert root, leaf;
    struct ske_seen seen = {0};
    EXPECT_OK(cert_loop_setup(&cl, 63, ID_NONE, ID_NONE));
    EXPECT_OK(fix_load(&root, "ec521-root", NULL, 0));
    EXPECT_OK(fix_load(&leaf, "ec521-leaf", "ec521-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT(leaf.cert.nx_secure_x509_public_key_curve == NX_CRYPTO_EC_SECP521R1);
    EXPECT_OK(x509_store_add(&cl.client.store, X509_STORE_TRUSTED, &root.cert, 30));
    EXPECT_OK(x509_store_add(&cl.server.store, X509_STORE_LOCAL, &leaf.cert, 31));
    static const USHORT p521[1] = {25};
    static const NX_CRYPTO_METHOD *p521_curve[1] = {&crypto_method_ec_secp521};
    set_groups(&cl.l.server.cfg, p521, p521_curve, 1);
    cl.l.filter = ske_filter;
    cl.l.filter_ctx = &seen;
    EXPECT_OK(cert_loop_handshake(&cl));
    EXPECT(established(&cl));
    EXPECT(seen.count == 1 && seen.group == 25 && seen.point_len == 1 + 2 * 66);
    EXPECT(seen.scheme == 0x0603); /* ecdsa_secp521r1_sha512 */
    NX_SECURE_X509_CERT *peer = nxdtls_conn_peer_certificate(&cl.l.client.conn, 0);
    EXPECT(peer != NULL && peer->nx_secure_x509_public_key_curve == NX_CRYPTO_EC_SECP521R1);
    EXPECT_OK(loop_send(&cl.l, &cl.l.server, "p521", 4));
    loop_free(&cl.l);

    /* A client whose groups leave P-521 out cannot take the P-521 certificate. */
    EXPECT_OK(cert_loop_setup(&cl, 64, ID_NONE, ID_NONE));
    EXPECT_OK(fix_load(&root, "ec521-root", NULL, 0));
    EXPECT_OK(fix_load(&leaf, "ec521-leaf", "ec521-leaf", NX_SECURE_X509_KEY_TYPE_EC_DER));
    EXPECT_OK(x509_store_add(&cl.client.store, X509_STORE_TRUSTED, &root.cert, 30));
    EXPECT_OK(x509_store_add(&cl.server.store, X509_STORE_LOCAL, &leaf.cert, 31));
    static const USHORT p256[1] = {23};
    static const NX_CRYPTO_METHOD *p256_curve[1] = {&crypto_method_ec_secp256};
    set_groups(&cl.l.client.cfg, p256, p256_curve, 1);
    (void)cert_loop_handshake(&cl);
    EXPECT(!established(&cl));
    loop_free(&cl.l);
}

int main(void)
{
    ecdhe_group(19, &crypto_method_ec_secp192, 24, 51);
    ecdhe_group(21, &crypto_method_ec_secp224, 28, 52);
    ecdhe_group(24, &crypto_method_ec_secp384, 48, 53);
    ecdhe_group(25, &crypto_method_ec_secp521, 66, 54);
    defaults();
    p521_identity();
    return test_finish("dtls/curves");
}
