/* SPDX-License-Identifier: MIT */
/* x509_store.h: the certificate lists of an NX_SECURE_X509_CERTIFICATE_STORE (local identities,
 * trusted CAs, received remote certificates, free remote slots). Lists link the caller's
 * NX_SECURE_X509_CERT structures through nx_secure_x509_next_certificate (no copy, no heap); a
 * structure is in at most one list of one store at a time (nx_secure_x509_store_owner). */
#ifndef NXD_X509_STORE_H
#define NXD_X509_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"
#include "nx_secure_x509.h"

enum x509_store_list { X509_STORE_LOCAL, X509_STORE_REMOTE, X509_STORE_FREE, X509_STORE_TRUSTED };

/* x509_store_add appends cert to the list with identifier cert_id (docs/netx-api.md 3.2). Returns NX_SUCCESS;
 * NX_PTR_ERROR (store or cert NULL); NX_INVALID_PARAMETERS (cert_id 0, or the structure is already in a
 * list); NX_SECURE_TLS_CERT_ID_DUPLICATE (0x139) when the list already has cert_id. Lists keep the order
 * of addition (the first local certificate is the preferred identity). */
NXD_MUST_USE UINT x509_store_add(NX_SECURE_X509_CERTIFICATE_STORE *store, enum x509_store_list list,
                                 NX_SECURE_X509_CERT *cert, UINT cert_id);

/* x509_store_push appends cert to the list without an identifier (received certificates, free slots). */
NXD_MUST_USE UINT x509_store_push(NX_SECURE_X509_CERTIFICATE_STORE *store,
                                  enum x509_store_list list, NX_SECURE_X509_CERT *cert);

/* x509_store_remove unlinks the certificate with cert_id, or, when cert_id is 0, the first whose subject
 * common name is exactly the cn_len bytes at cn. Returns NX_SUCCESS, NX_PTR_ERROR (store NULL, or cert_id
 * 0 with cn NULL), NX_SECURE_TLS_CERTIFICATE_NOT_FOUND (0x119). *removed (may be NULL) gets the structure. */
NXD_MUST_USE UINT x509_store_remove(NX_SECURE_X509_CERTIFICATE_STORE *store,
                                    enum x509_store_list list, const UCHAR *cn, UINT cn_len,
                                    UINT cert_id, NX_SECURE_X509_CERT **removed);

/* x509_store_pop unlinks and returns the first certificate of the list, or NULL when it is empty. */
NX_SECURE_X509_CERT *x509_store_pop(NX_SECURE_X509_CERTIFICATE_STORE *store,
                                    enum x509_store_list list);

/* x509_store_first returns the head of a list (NULL when empty); iterate with
 * cert->nx_secure_x509_next_certificate. */
NX_SECURE_X509_CERT *x509_store_first(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                      enum x509_store_list list);

/* x509_store_find_id returns the certificate with cert_id in the list, or NULL. */
NX_SECURE_X509_CERT *x509_store_find_id(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                        enum x509_store_list list, UINT cert_id);

/* x509_store_find_cn returns the first certificate whose subject common name is the cn_len bytes at cn. */
NX_SECURE_X509_CERT *x509_store_find_cn(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                        enum x509_store_list list, const UCHAR *cn, UINT cn_len);

/* x509_store_find_der returns the certificate of the list whose DER is byte-identical to cert's, or NULL. */
NX_SECURE_X509_CERT *x509_store_find_der(const NX_SECURE_X509_CERTIFICATE_STORE *store,
                                         enum x509_store_list list,
                                         const NX_SECURE_X509_CERT *cert);

#endif /* NXD_X509_STORE_H */
