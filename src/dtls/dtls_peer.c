/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_peer.h"

#include "dtls/dtls_reneg.h"
#include "dtls/dtls_suite.h"
#include "x509/x509_chain.h"
#include "x509/x509_dns.h"

const NX_SECURE_X509_CERT *dtls_peer_leaf(const struct dtls_conn *c)
{
    return c->peer_cert_count != 0 ? dtls_cert_slots_cert(&c->peer_slots, 0) : NULL;
}

/* verify_chain runs x509_chain_verify for the leaf with the other received certificates as intermediates. */
static UINT verify_chain(struct dtls_conn *c, unsigned purpose)
{
    const nxdtls_config *cfg = c->cfg;
    unsigned flags = purpose;
    uint64_t now = 0;
    if (cfg->certificate_time_unchecked) {
        flags |= X509_CHAIN_NO_TIME;
    } else if (cfg->time_function != NULL) {
        now = cfg->time_function();
    } else {
        /* The engine has no clock (docs/design.md): without one it cannot judge validity, and it does not skip the
         * check unless told to (docs/netx-api.md 10 D4: the facade supplies the system clock). */
        return NX_SECURE_TLS_INVALID_STATE;
    }
    if (cfg->allow_self_signed) {
        flags |= X509_CHAIN_ALLOW_SELF_SIGNED;
    }
    if (cfg->allow_legacy_certificates) {
        flags |= X509_CHAIN_ALLOW_LEGACY;
    }
    /* No trust anchors: nothing can issue the peer's certificate. */
    NXD_ENSURE(cfg->certificates != NULL, NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND);
    const NX_SECURE_X509_CERT *inter[DTLS_CERT_CHAIN_MAX];
    size_t n = 0;
    for (size_t i = 1; i < c->peer_cert_count && n < DTLS_CERT_CHAIN_MAX; i++) {
        inter[n++] = dtls_cert_slots_cert(&c->peer_slots, i);
    }
    const NX_SECURE_TLS_CRYPTO *t = cfg->crypto;
    /* The scratch, PRF and public areas are carved one after the other and none is in use now: together
     * they hold the hash and public-key areas x509_sig needs (dtls_meta.h). */
    const struct dtls_hs *hs = c->hs;
    size_t scratch = hs->layout.hash + hs->layout.prf + hs->layout.pub;
    return x509_chain_verify(t->nx_secure_tls_x509_cipher_table,
                             t->nx_secure_tls_x509_cipher_table_size, cfg->certificates,
                             dtls_peer_leaf(c), inter, n, now, flags, hs->areas.scratch, scratch);
}

/* key_usage_fits: when the leaf has a keyUsage extension, it must allow what this handshake does with the key
 * (RFC 5280 4.2.1.3). The server's key: RSA key transport decrypts the premaster secret, keyEncipherment (RFC 5246
 * 7.4.2); ECDHE_RSA and ECDHE_ECDSA sign the ServerKeyExchange, digitalSignature (RFC 5246 7.4.2, RFC 8422 5.3).
 * The client's key signs CertificateVerify, digitalSignature (RFC 5246 7.4.6, 7.4.8: rsa_sign, ecdsa_sign). A CA
 * certificate presented as a leaf passes only if its keyUsage allows that too (RFC 5280 sets no other rule). */
static bool key_usage_fits(const struct dtls_conn *c, const NX_SECURE_X509_CERT *leaf, bool client)
{
    if (!leaf->nx_secure_x509_key_usage_present) {
        return true;
    }
    USHORT need = NX_SECURE_X509_KEY_USAGE_DIGITAL_SIGNATURE;
    if (client && dtls_suite_kx(c->suite) == DTLS_KX_RSA) {
        need = NX_SECURE_X509_KEY_USAGE_KEY_ENCIPHERMENT;
    }
    return (leaf->nx_secure_x509_key_usage & need) != 0;
}

UINT dtls_peer_certificate(struct dtls_conn *c, struct wire_rd body)
{
    const nxdtls_config *cfg = c->cfg;
    bool client = c->role == NXDTLS_ROLE_CLIENT;
    size_t count = 0;
    c->peer_cert_count = 0;
    NXD_TRY(dtls_cert_msg_parse(body, &c->peer_slots, &count));
    c->peer_cert_count = (uint8_t)(count < 255 ? count : 255);
    UINT status = verify_chain(c, client ? X509_CHAIN_SERVER_AUTH : X509_CHAIN_CLIENT_AUTH);
    if (status == NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND) {
        /* The chain is good but not for this use (RFC 5280 4.2.1.12): a bad certificate for this peer. */
        status = client ? NX_SECURE_TLS_INVALID_SERVER_CERT : NX_SECURE_TLS_INVALID_CERTIFICATE;
    }
    NXD_TRY(status);
    const NX_SECURE_X509_CERT *leaf = dtls_peer_leaf(c);
    NXD_ENSURE(key_usage_fits(c, leaf, client), NX_SECURE_X509_KEY_USAGE_ERROR);
    if (client) {
        /* RFC 5246 7.4.2: the key must be the one the suite's key exchange and signatures use. */
        NXD_ENSURE(leaf->nx_secure_x509_public_algorithm == dtls_suite_cert_key(c->suite),
                   NX_SECURE_TLS_INVALID_SERVER_CERT);
        if (cfg->server_name != NULL && cfg->server_name_len != 0) {
            /* RFC 6125 6: the reference identity is the name the application asked for. */
            NXD_TRY(
                x509_dns_check(leaf, cfg->server_name, cfg->server_name_len, X509_DNS_ALLOW_CN));
        }
    } else {
        NXD_ENSURE(leaf->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA ||
                       leaf->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC,
                   NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE);
    }
    NXD_TRY(dtls_reneg_check_leaf(c)); /* a renegotiation may not change the peer unseen */
    if (cfg->certificate_callback != NULL) {
        ULONG verdict = cfg->certificate_callback(cfg->certificate_callback_ctx,
                                                  (struct nxdtls_conn *)(void *)c,
                                                  (NX_SECURE_X509_CERT *)(uintptr_t)leaf);
        NXD_ENSURE(verdict == NX_SUCCESS, (UINT)verdict);
    }
    return NX_SUCCESS;
}
