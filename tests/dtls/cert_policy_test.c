/* SPDX-License-Identifier: MIT */
/* cert_policy_test: whole handshakes (the in-memory loopback of cert_loop.h) over the policy PKI of
 * tests/vectors/x509/policy (make-policy-pki.sh), each refusal with its exact code and alert:
 * - keyUsage against what the handshake does with the key (RFC 5246 7.4.2, 7.4.6, 7.4.8;
 *   RFC 8422 5.3; RFC 5280 4.2.1.3): an ECDSA leaf with only keyAgreement or only keyEncipherment, a CA
 *   certificate as the server's leaf, an RSA keyEncipherment-only key signing ECDHE_RSA, a
 *   digitalSignature-only RSA key for RSA key transport, a keyEncipherment-only client certificate signing
 *   CertificateVerify: NX_SECURE_X509_KEY_USAGE_ERROR (0x1A0), alert unsupported_certificate (43); and the
 *   same keys where their keyUsage fits complete;
 * - legacy cryptography: a SHA-1 signed leaf (0x116, certificate_unknown 46), an RSA-1024
 *   leaf or client certificate (0x10D, unsupported_certificate 43), each completing with
 *   allow_legacy_certificates;
 * - trust anchors as given: a v1 root and a root with non-critical basicConstraints anchor
 *   the server's chain; an intermediate with non-critical basicConstraints is refused (0x18C, unknown_ca 48). */
#include "cert_loop.h"
#include "test.h"

#define RSA NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER
#define EC  NX_SECURE_X509_KEY_TYPE_EC_DER

enum refuser { NOBODY, CLIENT, SERVER };

struct pcase {
    const char *what;
    uint16_t suite;
    const char *server_leaf; /* with its key, from the policy PKI */
    UINT server_type;
    const char *server_inter;  /* sent after the leaf, or NULL */
    const char *client_anchor; /* the client's trust anchor */
    const char *client_leaf;   /* client certificate (the server verifies clients), or NULL */
    UINT client_type;
    uint8_t legacy; /* allow_legacy_certificates on both sides */
    enum refuser refuser;
    UINT code;
    uint8_t alert;
};

/* One side's policy certificates, added to the store cert_loop_setup made (the two test roots of
 * tests/vectors/x509/pki stay trusted: they issue none of these). */
struct policy_side {
    struct fix_cert leaf, inter, anchor, anchor2;
};

static UINT add_policy(struct cert_side *s, struct policy_side *p, const char *leaf, UINT type,
                       const char *inter, const char *anchor)
{
    UINT st = fix_load_from(&p->anchor, "policy", anchor, NULL, 0);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_TRUSTED, &p->anchor.cert, 3);
    /* Both policy roots on each side, so that a refusal is never just an unknown issuer. */
    const char *other = strcmp(anchor, "pol-ec-root") == 0 ? "pol-rsa-root" : "pol-ec-root";
    st = st != NX_SUCCESS ? st : fix_load_from(&p->anchor2, "policy", other, NULL, 0);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_TRUSTED, &p->anchor2.cert, 4);
    if (st != NX_SUCCESS || leaf == NULL) {
        return st;
    }
    st = fix_load_from(&p->leaf, "policy", leaf, leaf, type);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_LOCAL, &p->leaf.cert, 10);
    if (st == NX_SUCCESS && inter != NULL) {
        st = fix_load_from(&p->inter, "policy", inter, NULL, 0);
        st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_LOCAL, &p->inter.cert, 11);
    }
    return st;
}

static void run(const struct pcase *pc, uint64_t seed)
{
    static struct cert_loop cl;
    static struct policy_side ps, pc_side;
    struct loop *l = &cl.l;
    EXPECT_OK(cert_loop_setup(&cl, seed, ID_NONE, ID_NONE));
    /* The server trusts the policy EC root (client certificates); the client the case's anchor. */
    EXPECT_OK(add_policy(&cl.server, &ps, pc->server_leaf, pc->server_type, pc->server_inter,
                         "pol-ec-root"));
    EXPECT_OK(add_policy(&cl.client, &pc_side, pc->client_leaf, pc->client_type, NULL,
                         pc->client_anchor));
    const uint16_t only[1] = {pc->suite};
    l->client.cfg.ciphersuites = only;
    l->client.cfg.ciphersuite_count = 1;
    l->server.cfg.verify_client = pc->client_leaf != NULL;
    l->client.cfg.allow_legacy_certificates = pc->legacy;
    l->server.cfg.allow_legacy_certificates = pc->legacy;
    EXPECT_OK(cert_loop_handshake(&cl));
    loop_settle(l); /* a refusal of epoch-0 input comes when the retransmission timer fires */
    bool ok = true;
    if (pc->refuser == NOBODY) {
        ok = l->client.status == NX_SUCCESS && l->server.status == NX_SUCCESS &&
             nxdtls_conn_is_established(&l->client.conn) &&
             nxdtls_conn_is_established(&l->server.conn);
        if (ok) {
            EXPECT_OK(loop_send(l, &l->client, "ping", 4));
            ok = l->server.app_len == 4 && memcmp(l->server.app, "ping", 4) == 0;
        }
    } else {
        struct loop_peer *refuser = pc->refuser == CLIENT ? &l->client : &l->server;
        struct loop_peer *other = pc->refuser == CLIENT ? &l->server : &l->client;
        UINT level = 0, description = 0;
        nxdtls_conn_alert(&other->conn, &level, &description);
        ok = refuser->status == pc->code && nxdtls_conn_error(&refuser->conn) == pc->code &&
             other->status == NX_SECURE_TLS_ALERT_RECEIVED && level == 2 &&
             description == pc->alert && !nxdtls_conn_is_established(&l->client.conn) &&
             !nxdtls_conn_is_established(&l->server.conn);
    }
    if (!ok) {
        UINT level = 0, description = 0;
        nxdtls_conn_alert(&l->client.conn, &level, &description);
        fprintf(stderr, "FAIL %s: client 0x%x server 0x%x, alert at client %u/%u", pc->what,
                l->client.status, l->server.status, level, description);
        nxdtls_conn_alert(&l->server.conn, &level, &description);
        fprintf(stderr, ", at server %u/%u; expected %s 0x%x alert %u\n", level, description,
                pc->refuser == NOBODY ? "success" : pc->refuser == CLIENT ? "client" : "server",
                pc->code, pc->alert);
    }
    EXPECT(ok);
    loop_free(l);
}

#define ECDSA_GCM   TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
#define ECDHE_RSA   TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#define RSA_KX      TLS_RSA_WITH_AES_128_GCM_SHA256
#define KU_ERR      NX_SECURE_X509_KEY_USAGE_ERROR
#define EC_ROOT     "pol-ec-root"
#define RSA_ROOT    "pol-rsa-root"

/* clang-format off */
static const struct pcase cases[] = {
    /* keyUsage (docs/security.md "Certificate policy"): refused ... */
    {"ECDSA leaf, keyAgreement only", ECDSA_GCM, "ku-ec-keyagree", EC, NULL, EC_ROOT, NULL, 0, 0, CLIENT, KU_ERR, 43},
    {"ECDSA leaf, keyEncipherment only", ECDSA_GCM, "ku-ec-keyenc", EC, NULL, EC_ROOT, NULL, 0, 0, CLIENT, KU_ERR, 43},
    {"CA certificate as server leaf", ECDSA_GCM, "ku-ec-ca", EC, NULL, EC_ROOT, NULL, 0, 0, CLIENT, KU_ERR, 43},
    {"RSA keyEncipherment only, ECDHE_RSA", ECDHE_RSA, "ku-rsa-keyenc", RSA, NULL, RSA_ROOT, NULL, 0, 0, CLIENT, KU_ERR, 43},
    {"RSA digitalSignature only, RSA transport", RSA_KX, "ku-rsa-sign", RSA, NULL, RSA_ROOT, NULL, 0, 0, CLIENT, KU_ERR, 43},
    {"client certificate keyEncipherment only", ECDSA_GCM, "ku-ec-sign", EC, NULL, EC_ROOT, "ku-rsa-keyenc", RSA, 0, SERVER, KU_ERR, 43},
    {"EC client certificate keyAgreement only", ECDHE_RSA, "ku-rsa-sign", RSA, NULL, RSA_ROOT, "ku-ec-keyagree", EC, 0, SERVER, KU_ERR, 43},
    /* ... and the same keys where their keyUsage fits. */
    {"ECDSA leaf, digitalSignature only", ECDSA_GCM, "ku-ec-sign", EC, NULL, EC_ROOT, NULL, 0, 0, NOBODY, 0, 0},
    {"RSA keyEncipherment only, RSA transport", RSA_KX, "ku-rsa-keyenc", RSA, NULL, RSA_ROOT, NULL, 0, 0, NOBODY, 0, 0},
    {"RSA digitalSignature only, ECDHE_RSA", ECDHE_RSA, "ku-rsa-sign", RSA, NULL, RSA_ROOT, NULL, 0, 0, NOBODY, 0, 0},
    {"client certificate digitalSignature only", ECDHE_RSA, "ku-rsa-sign", RSA, NULL, RSA_ROOT, "ku-ec-sign", EC, 0, NOBODY, 0, 0},
#ifndef NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES
    /* Legacy cryptography, refused by default ... */
    {"SHA-1 signed ECDSA leaf", ECDSA_GCM, "sha1-ec-leaf", EC, NULL, EC_ROOT, NULL, 0, 0, CLIENT,
     NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM, 46},
    {"SHA-1 signed intermediate", ECDSA_GCM, "sha1-int-leaf", EC, "sha1-int", EC_ROOT, NULL, 0, 0, CLIENT,
     NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM, 46},
    {"RSA-1024 server leaf", ECDHE_RSA, "rsa1024-leaf", RSA, NULL, RSA_ROOT, NULL, 0, 0, CLIENT,
     NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER, 43},
    {"RSA-1024 client certificate", ECDSA_GCM, "ku-ec-sign", EC, NULL, EC_ROOT, "rsa1024-leaf", RSA, 0, SERVER,
     NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER, 43},
#endif
    /* ... accepted with the legacy switch. */
    {"SHA-1 signed ECDSA leaf, legacy allowed", ECDSA_GCM, "sha1-ec-leaf", EC, NULL, EC_ROOT, NULL, 0, 1, NOBODY, 0, 0},
    {"SHA-1 signed intermediate, legacy allowed", ECDSA_GCM, "sha1-int-leaf", EC, "sha1-int", EC_ROOT, NULL, 0, 1,
     NOBODY, 0, 0},
    {"RSA-1024 server leaf, legacy allowed", ECDHE_RSA, "rsa1024-leaf", RSA, NULL, RSA_ROOT, NULL, 0, 1, NOBODY, 0, 0},
    {"RSA-1024 client certificate, legacy allowed", ECDSA_GCM, "ku-ec-sign", EC, NULL, EC_ROOT, "rsa1024-leaf", RSA, 1,
     NOBODY, 0, 0},
    /* Trust anchors as given; intermediates keep the full CA profile. */
    {"v1 root anchors", ECDSA_GCM, "v1-leaf", EC, NULL, "v1-root", NULL, 0, 0, NOBODY, 0, 0},
    {"root with non-critical basicConstraints anchors", ECDSA_GCM, "ncbc-leaf", EC, NULL, "ncbc-root", NULL, 0, 0,
     NOBODY, 0, 0},
    {"intermediate with non-critical basicConstraints", ECDSA_GCM, "ncbc-int-leaf", EC, "ncbc-int", EC_ROOT, NULL, 0,
     0, CLIENT, NX_SECURE_X509_CHAIN_VERIFY_FAILURE, 48},
};
/* clang-format on */

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run(&cases[i], 300 + i);
    }
    return test_finish("dtls/cert_policy");
}
