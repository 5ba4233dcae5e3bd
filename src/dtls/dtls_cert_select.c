/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cert_select.h"

#include "dtls/dtls_groups.h"
#include "x509/x509_dns.h"
#include "x509/x509_store.h"

static bool is_identity(const NX_SECURE_X509_CERT *c)
{
    return c->nx_secure_x509_certificate_is_identity_cert &&
           c->nx_secure_x509_private_key_scalar != NULL &&
           c->nx_secure_x509_private_key_scalar_length != 0;
}

static bool server_fits(const NX_SECURE_X509_CERT *c, UINT key_alg, uint32_t ec_group_mask,
                        uint16_t sig_mask)
{
    if (!is_identity(c) || c->nx_secure_x509_public_algorithm != key_alg) {
        return false;
    }
    if (key_alg == NX_SECURE_TLS_X509_TYPE_EC && ec_group_mask != 0 &&
        (dtls_groups_bit(dtls_groups_of_curve(c->nx_secure_x509_public_key_curve)) &
         ec_group_mask) == 0) {
        return false;
    }
    return sig_mask == 0 || dtls_sigalg_choose(c, sig_mask, 0) != NULL;
}

const NX_SECURE_X509_CERT *dtls_cert_select_server(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                                   UINT key_alg, uint32_t ec_group_mask,
                                                   uint16_t sig_mask, const uint8_t *sni,
                                                   size_t sni_len)
{
    if (store == NULL) {
        return NULL;
    }
    const NX_SECURE_X509_CERT *first = NULL;
    for (const NX_SECURE_X509_CERT *c = x509_store_first(store, X509_STORE_LOCAL); c != NULL;
         c = c->nx_secure_x509_next_certificate) {
        if (!server_fits(c, key_alg, ec_group_mask, sig_mask)) {
            continue;
        }
        if (sni == NULL || sni_len == 0) {
            return c;
        }
        if (x509_dns_check(c, sni, sni_len, X509_DNS_ALLOW_CN) == NX_SUCCESS) {
            return c;
        }
        if (first == NULL) {
            first = c;
        }
    }
    return first;
}

const NX_SECURE_X509_CERT *dtls_cert_select_client(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                                   const struct dtls_cert_request *req,
                                                   UINT want_hash, const struct dtls_sigalg **alg)
{
    *alg = NULL;
    if (store == NULL) {
        return NULL;
    }
    for (const NX_SECURE_X509_CERT *c = x509_store_first(store, X509_STORE_LOCAL); c != NULL;
         c = c->nx_secure_x509_next_certificate) {
        if (!is_identity(c) || !dtls_cert_request_allows(req, c)) {
            continue;
        }
        const struct dtls_sigalg *pick = dtls_sigalg_choose(c, req->sigalgs, want_hash);
        if (pick != NULL) {
            *alg = pick;
            return c;
        }
    }
    return NULL;
}
