/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cert_request.h"

#include "dtls/dtls_ext_signature_algorithms.h"
#include "x509/x509_store.h"

UINT dtls_cert_request_write(struct wire_wr *w, uint16_t sigalg_mask,
                             const NX_SECURE_X509_CERTIFICATE_STORE *ca_store)
{
    size_t types = wire_open_vec(w, 1);
    wire_put_u8(w, DTLS_CERT_TYPE_RSA_SIGN);
    wire_put_u8(w, DTLS_CERT_TYPE_ECDSA_SIGN);
    wire_close_vec(w, types, 1);
    dtls_ext_signature_algorithms_write(w, sigalg_mask);
    size_t names = wire_open_vec(w, 2);
    for (const NX_SECURE_X509_CERT *c =
             ca_store != NULL ? x509_store_first(ca_store, X509_STORE_TRUSTED) : NULL;
         c != NULL; c = c->nx_secure_x509_next_certificate) {
        if (c->nx_secure_x509_subject_raw_length != 0) {
            size_t name = wire_open_vec(w, 2);
            wire_put_bytes(w, c->nx_secure_x509_subject_raw, c->nx_secure_x509_subject_raw_length);
            wire_close_vec(w, name, 2);
        }
    }
    wire_close_vec(w, names, 2);
    NXD_ENSURE(!w->overflow, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    return NX_SUCCESS;
}

UINT dtls_cert_request_parse(struct wire_rd body, struct dtls_cert_request *out)
{
    struct wire_rd types;
    struct wire_rd names;
    out->types = 0;
    out->sigalgs = 0;
    NXD_ENSURE(wire_get_vec(&body, 1, &types) && types.len != 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    NXD_TRY(dtls_ext_signature_algorithms_read(&body, &out->sigalgs));
    NXD_ENSURE(wire_get_vec(&body, 2, &names) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    while (!wire_done(&names)) {
        struct wire_rd name;
        NXD_ENSURE(wire_get_vec(&names, 2, &name) && name.len != 0,
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    }
    uint8_t type;
    while (wire_get_u8(&types, &type)) {
        if (type == DTLS_CERT_TYPE_RSA_SIGN) {
            out->types |= DTLS_CERT_REQ_RSA;
        } else if (type == DTLS_CERT_TYPE_ECDSA_SIGN) {
            out->types |= DTLS_CERT_REQ_ECDSA;
        }
    }
    return NX_SUCCESS;
}

bool dtls_cert_request_allows(const struct dtls_cert_request *req, const NX_SECURE_X509_CERT *cert)
{
    switch (cert->nx_secure_x509_public_algorithm) {
    case NX_SECURE_TLS_X509_TYPE_RSA:
        return (req->types & DTLS_CERT_REQ_RSA) != 0;
    case NX_SECURE_TLS_X509_TYPE_EC:
        return (req->types & DTLS_CERT_REQ_ECDSA) != 0;
    default:
        return false;
    }
}
