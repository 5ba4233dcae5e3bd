/* SPDX-License-Identifier: MIT */
#include "x509/x509_store.h"

#include <string.h>

#include "crypto/crypto_keycache.h"

/* Lists only grow through x509_store_add/push, which refuse a structure already linked, so they
 * cannot form a cycle; the bound still keeps a corrupted list from hanging a walk. */
#define STORE_WALK_MAX 65536u

static NX_SECURE_X509_CERT **head_of(NX_SECURE_X509_CERTIFICATE_STORE *store,
                                     enum x509_store_list list)
{
    switch (list) {
    case X509_STORE_LOCAL:
        return &store->nx_secure_x509_local_certificates;
    case X509_STORE_REMOTE:
        return &store->nx_secure_x509_remote_certificates;
    case X509_STORE_FREE:
        return &store->nx_secure_x509_free_remote_certificates;
    case X509_STORE_TRUSTED:
    default:
        return &store->nx_secure_x509_trusted_certificates;
    }
}

NX_SECURE_X509_CERT *x509_store_first(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                      enum x509_store_list list)
{
    if (store == NX_NULL) {
        return NX_NULL;
    }
    /* head_of only takes the address; the store is not written. */
    return *head_of((NX_SECURE_X509_CERTIFICATE_STORE *)(uintptr_t)store, list);
}

NX_SECURE_X509_CERT *x509_store_find_id(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                        enum x509_store_list list, UINT cert_id)
{
    size_t n = 0;

    for (NX_SECURE_X509_CERT *c = x509_store_first(store, list); c != NX_NULL && n < STORE_WALK_MAX;
         c = c->nx_secure_x509_next_certificate, n++) {
        if (c->nx_secure_x509_cert_identifier == cert_id) {
            return c;
        }
    }
    return NX_NULL;
}

static bool cn_is(const NX_SECURE_X509_CERT *c, const UCHAR *cn, UINT cn_len)
{
    const NX_SECURE_X509_DISTINGUISHED_NAME *dn = &c->nx_secure_x509_distinguished_name;

    return dn->nx_secure_x509_common_name != NX_NULL &&
           dn->nx_secure_x509_common_name_length == cn_len &&
           (cn_len == 0 || memcmp(dn->nx_secure_x509_common_name, cn, cn_len) == 0);
}

NX_SECURE_X509_CERT *x509_store_find_cn(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                        enum x509_store_list list, const UCHAR *cn, UINT cn_len)
{
    size_t n = 0;

    for (NX_SECURE_X509_CERT *c = x509_store_first(store, list); c != NX_NULL && n < STORE_WALK_MAX;
         c = c->nx_secure_x509_next_certificate, n++) {
        if (cn_is(c, cn, cn_len)) {
            return c;
        }
    }
    return NX_NULL;
}

NX_SECURE_X509_CERT *x509_store_find_der(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                         enum x509_store_list list, const NX_SECURE_X509_CERT *cert)
{
    size_t n = 0;

    for (NX_SECURE_X509_CERT *c = x509_store_first(store, list); c != NX_NULL && n < STORE_WALK_MAX;
         c = c->nx_secure_x509_next_certificate, n++) {
        if (c->nx_secure_x509_certificate_raw_data_length ==
                cert->nx_secure_x509_certificate_raw_data_length &&
            memcmp(c->nx_secure_x509_certificate_raw_data,
                   cert->nx_secure_x509_certificate_raw_data,
                   cert->nx_secure_x509_certificate_raw_data_length) == 0) {
            return c;
        }
    }
    return NX_NULL;
}

/* linked is true when cert is already in the list, even if the application cleared its control block
 * (memset, then initialize and add again): appending it once more would make the list a cycle that every
 * walk of the store then follows for ever. */
static bool linked(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                   const NX_SECURE_X509_CERT *cert)
{
    size_t n = 0;
    for (NX_SECURE_X509_CERT *c = *head_of(store, list); c != NX_NULL && n++ < STORE_WALK_MAX;
         c = c->nx_secure_x509_next_certificate) {
        if (c == cert) {
            return true;
        }
    }
    return false;
}

static void append(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                   NX_SECURE_X509_CERT *cert)
{
    NX_SECURE_X509_CERT **link = head_of(store, list);

    while (*link != NX_NULL) {
        link = &(*link)->nx_secure_x509_next_certificate;
    }
    cert->nx_secure_x509_next_certificate = NX_NULL;
    cert->nx_secure_x509_store_owner = store;
    *link = cert;
}

UINT x509_store_add(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                    NX_SECURE_X509_CERT *cert, UINT cert_id)
{
    NXD_ENSURE(store != NX_NULL && cert != NX_NULL, NX_PTR_ERROR);
    NXD_ENSURE(cert_id != 0 && cert->nx_secure_x509_store_owner == NX_NULL, NX_INVALID_PARAMETERS);
    NXD_ENSURE(!linked(store, list, cert), NX_INVALID_PARAMETERS);
    NXD_ENSURE(x509_store_find_id(store, list, cert_id) == NX_NULL,
               NX_SECURE_TLS_CERT_ID_DUPLICATE);
    cert->nx_secure_x509_cert_identifier = cert_id;
    append(store, list, cert);
    return NX_SUCCESS;
}

UINT x509_store_push(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                     NX_SECURE_X509_CERT *cert)
{
    NXD_ENSURE(store != NX_NULL && cert != NX_NULL, NX_PTR_ERROR);
    NXD_ENSURE(cert->nx_secure_x509_store_owner == NX_NULL && !linked(store, list, cert),
               NX_INVALID_PARAMETERS);
    append(store, list, cert);
    return NX_SUCCESS;
}

UINT x509_store_remove(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                       const UCHAR *cn, UINT cn_len, UINT cert_id, NX_SECURE_X509_CERT **removed)
{
    NXD_ENSURE(store != NX_NULL && (cert_id != 0 || cn != NX_NULL), NX_PTR_ERROR);
    NX_SECURE_X509_CERT **link = head_of(store, list);
    size_t n = 0;

    while (*link != NX_NULL && n++ < STORE_WALK_MAX) {
        NX_SECURE_X509_CERT *c = *link;
        bool hit =
            cert_id != 0 ? c->nx_secure_x509_cert_identifier == cert_id : cn_is(c, cn, cn_len);
        if (hit) {
            *link = c->nx_secure_x509_next_certificate;
            c->nx_secure_x509_next_certificate = NX_NULL;
            c->nx_secure_x509_store_owner = NX_NULL;
            if (c->nx_secure_x509_private_key_scalar != NX_NULL) {
                /* No prepared copy of a removed identity's private key outlives it (crypto_keycache.h). */
                crypto_keycache_clear();
            }
            if (removed != NX_NULL) {
                *removed = c;
            }
            return NX_SUCCESS;
        }
        link = &c->nx_secure_x509_next_certificate;
    }
    return NX_SECURE_TLS_CERTIFICATE_NOT_FOUND;
}

NX_SECURE_X509_CERT *x509_store_pop(NX_SECURE_X509_CERTIFICATE_STORE *store,
                                    enum x509_store_list list)
{
    if (store == NX_NULL) {
        return NX_NULL;
    }
    NX_SECURE_X509_CERT **link = head_of(store, list);
    NX_SECURE_X509_CERT *c = *link;
    if (c != NX_NULL) {
        *link = c->nx_secure_x509_next_certificate;
        c->nx_secure_x509_next_certificate = NX_NULL;
        c->nx_secure_x509_store_owner = NX_NULL;
    }
    return c;
}
