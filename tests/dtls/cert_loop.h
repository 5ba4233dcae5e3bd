/* SPDX-License-Identifier: MIT */
/* cert_loop.h: the in-memory loopback of dtls_loop.h set up for the certificate suites (header only): the
 * default ECC table, each side its own store (its identity and intermediate in the local list, both test
 * roots trusted), remote-certificate slots, reassembly room for certificate flights, and helpers to find and
 * change handshake messages in plaintext (epoch 0) datagrams. */
#ifndef NXDTLS_TEST_CERT_LOOP_H
#define NXDTLS_TEST_CERT_LOOP_H

#define LOOP_REASM     16384
#define LOOP_DGRAM_MAX 16384
#include "dtls_loop.h"

#include "cert_fixtures.h"
#include "crypto/crypto_tables.h"
#include "dtls/dtls_reasm.h"
#include "dtls/dtls_record.h"

/* Which identity a side presents. */
enum cert_id {
    ID_NONE,
    ID_RSA,     /* rsa-leaf + rsa-int */
    ID_EC,      /* ec-leaf + ec-int */
    ID_EC384,   /* ec384-leaf (P-384) + ec-int */
    ID_EXPIRED, /* expired-leaf (rsa-int), with rsa-leaf's key */
    ID_ROGUE,   /* rogue-leaf under an untrusted root, with ec-leaf's key */
    ID_BADSIG,  /* rsa-leaf-badsig (its own key: rsa-leaf's) */
};

struct cert_side {
    NX_SECURE_X509_CERTIFICATE_STORE store;
    struct fix_cert leaf, inter, rsa_root, ec_root, donor;
    _Alignas(8) uint8_t slots[4 * 2600];
};

struct cert_loop {
    struct loop l;
    struct cert_side client, server;
};

static inline UINT cert_side_load(struct cert_side *s, enum cert_id id)
{
    memset(&s->store, 0, sizeof s->store);
    UINT st = fix_load(&s->rsa_root, "rsa-root", NULL, 0);
    st = st != NX_SUCCESS ? st : fix_load(&s->ec_root, "ec-root", NULL, 0);
    st =
        st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_TRUSTED, &s->rsa_root.cert, 1);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_TRUSTED, &s->ec_root.cert, 2);
    if (st != NX_SUCCESS || id == ID_NONE) {
        return st;
    }
    const char *leaf = NULL;
    const char *key = NULL;
    const char *inter = "rsa-int";
    UINT type = NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER;
    switch (id) {
    case ID_RSA:
        leaf = key = "rsa-leaf";
        break;
    case ID_EC:
        leaf = key = "ec-leaf";
        inter = "ec-int";
        type = NX_SECURE_X509_KEY_TYPE_EC_DER;
        break;
    case ID_EC384:
        leaf = key = "ec384-leaf";
        inter = "ec-int";
        type = NX_SECURE_X509_KEY_TYPE_EC_DER;
        break;
    case ID_BADSIG:
        leaf = "rsa-leaf-badsig";
        key = "rsa-leaf";
        break;
    case ID_EXPIRED:
        leaf = "expired-leaf";
        st = fix_load(&s->donor, "rsa-leaf", "rsa-leaf", type);
        break;
    case ID_ROGUE:
        leaf = "rogue-leaf";
        inter = "rogue-root";
        type = NX_SECURE_X509_KEY_TYPE_EC_DER;
        st = fix_load(&s->donor, "ec-leaf", "ec-leaf", type);
        break;
    default:
        return NX_NOT_SUCCESSFUL;
    }
    st = st != NX_SUCCESS ? st : fix_load(&s->leaf, leaf, key, type);
    if (st == NX_SUCCESS && key == NULL) {
        fix_borrow_key(&s->leaf, &s->donor);
    }
    st = st != NX_SUCCESS ? st : fix_load(&s->inter, inter, NULL, 0);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_LOCAL, &s->leaf.cert, 10);
    st = st != NX_SUCCESS ? st : x509_store_add(&s->store, X509_STORE_LOCAL, &s->inter.cert, 11);
    return st;
}

/* cert_time is the loops' clock for certificates: 2025-06-15, inside the test PKI's 2024..2099 validity. */
static inline ULONG cert_time(void)
{
    return 1750000000u;
}

/* cert_loop_setup prepares both sides for certificate suites: no PSK, the given identities, cookies off,
 * the client naming "localhost". Tests adjust l.{client,server}.cfg after it. */
static inline UINT cert_loop_setup(struct cert_loop *cl, uint64_t seed, enum cert_id server_id,
                                   enum cert_id client_id)
{
    loop_setup(&cl->l, seed);
    struct loop_peer *p[2] = {&cl->l.client, &cl->l.server};
    struct cert_side *s[2] = {&cl->client, &cl->server};
    enum cert_id ids[2] = {client_id, server_id};
    for (int i = 0; i < 2; i++) {
        UINT st = cert_side_load(s[i], ids[i]);
        if (st != NX_SUCCESS) {
            return st;
        }
        nxdtls_config *cfg = &p[i]->cfg;
        cfg->crypto = &nx_crypto_tls_ciphers_ecc;
        cfg->psks = NULL;
        cfg->psk_count = 0;
        cfg->certificates = &s[i]->store;
        cfg->time_function = cert_time;
    }
    static const char host[] = "localhost";
    cl->l.client.cfg.server_name = (const uint8_t *)host;
    cl->l.client.cfg.server_name_len = sizeof host - 1;
    return NX_SUCCESS;
}

/* cert_loop_handshake initializes both peers with their slots, connects and pumps until quiet. */
static inline UINT cert_loop_handshake(struct cert_loop *cl)
{
    UINT s = loop_init_peers(&cl->l);
    s = s != NX_SUCCESS ? s
                        : nxdtls_conn_set_remote_certificates(&cl->l.client.conn, cl->client.slots,
                                                              sizeof cl->client.slots, 4);
    s = s != NX_SUCCESS ? s
                        : nxdtls_conn_set_remote_certificates(&cl->l.server.conn, cl->server.slots,
                                                              sizeof cl->server.slots, 4);
    s = s != NX_SUCCESS ? s : nxdtls_conn_connect(&cl->l.client.conn, cl->l.now);
    if (s == NX_SUCCESS) {
        loop_pump(&cl->l);
    }
    return s;
}

/* cert_find_message looks through the plaintext (epoch 0) records of a datagram for an unfragmented
 * handshake message of type and sets *body / *len to its body inside the datagram. */
static inline bool cert_find_message(uint8_t *dgram, size_t n, uint8_t type, uint8_t **body,
                                     size_t *len)
{
    struct wire_rd d = wire_rd_init(dgram, n);
    struct dtls_record_hdr hdr;
    struct wire_rd frag;
    while (dtls_record_next(&d, &hdr, &frag)) {
        if (hdr.type != DTLS_CT_HANDSHAKE || hdr.epoch != 0) {
            continue;
        }
        struct dtls_hs_frag f;
        while (dtls_hs_frag_next(&frag, &f)) {
            if (f.msg_type == type && f.frag_off == 0 && f.frag_len == f.msg_len) {
                *body = dgram + (f.body - dgram);
                *len = f.frag_len;
                return true;
            }
        }
    }
    return false;
}

/* A filter that flips one bit of a handshake message's body at a given distance from its end, once. */
struct cert_flip {
    uint8_t type;
    int from_client;
    size_t from_end;
    unsigned done;
};

static inline bool cert_flip_filter(void *ctx, int from_client, uint8_t *dgram, size_t *len)
{
    struct cert_flip *f = ctx;
    uint8_t *body;
    size_t n;
    if (!f->done && from_client == f->from_client &&
        cert_find_message(dgram, *len, f->type, &body, &n) && n > f->from_end) {
        body[n - 1 - f->from_end] ^= 0x01;
        f->done++;
    }
    return true;
}

#endif /* NXDTLS_TEST_CERT_LOOP_H */
