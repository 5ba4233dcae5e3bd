/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cert_msg.h"

#include <string.h>

#include "x509/x509_cert.h"
#include "x509/x509_name.h"
#include "x509/x509_store.h"

static size_t round8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

#define CERT_HEAD round8(sizeof(NX_SECURE_X509_CERT))

UINT dtls_cert_slots_init(struct dtls_cert_slots *s, void *buffer, size_t size, size_t count)
{
    memset(s, 0, sizeof *s);
    if (count == 0) {
        return NX_SUCCESS;
    }
    NXD_ENSURE(buffer != NULL, NX_INVALID_PARAMETERS);
    uint8_t *p = buffer;
    size_t skip = (size_t)((8u - ((uintptr_t)p & 7u)) & 7u);
    NXD_ENSURE(size > skip, NX_INVALID_PARAMETERS);
    size_t stride = ((size - skip) / count) & ~(size_t)7u;
    NXD_ENSURE(stride >= CERT_HEAD + NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE, NX_INVALID_PARAMETERS);
    s->base = p + skip;
    s->count = count;
    s->stride = stride;
    return NX_SUCCESS;
}

size_t dtls_cert_slots_der_room(const struct dtls_cert_slots *s)
{
    return s->count == 0 ? 0 : s->stride - CERT_HEAD;
}

NX_SECURE_X509_CERT *dtls_cert_slots_cert(const struct dtls_cert_slots *s, size_t i)
{
    return (NX_SECURE_X509_CERT *)(void *)(s->base + i * s->stride);
}

static uint8_t *slot_der(const struct dtls_cert_slots *s, size_t i)
{
    return s->base + i * s->stride + CERT_HEAD;
}

static const NX_SECURE_X509_CERT *find_issuer(const NX_SECURE_X509_CERT *child,
                                              const NX_SECURE_X509_CERT *list)
{
    for (const NX_SECURE_X509_CERT *c = list; c != NULL; c = c->nx_secure_x509_next_certificate) {
        if (c != child &&
            x509_name_equal(c->nx_secure_x509_subject_raw, c->nx_secure_x509_subject_raw_length,
                            child->nx_secure_x509_issuer_raw,
                            child->nx_secure_x509_issuer_raw_length)) {
            return c;
        }
    }
    return NULL;
}

size_t dtls_cert_msg_chain(const NX_SECURE_X509_CERT *leaf,
                           const NX_SECURE_X509_CERTIFICATE_STORE *store,
                           const NX_SECURE_X509_CERT *chain[DTLS_CERT_CHAIN_MAX])
{
    if (leaf == NULL) {
        return 0;
    }
    size_t n = 0;
    chain[n++] = leaf;
    const NX_SECURE_X509_CERT *cur = leaf;
    while (store != NULL && n < DTLS_CERT_CHAIN_MAX && !cur->nx_secure_x509_self_signed) {
        const NX_SECURE_X509_CERT *issuer =
            find_issuer(cur, x509_store_first(store, X509_STORE_LOCAL));
        if (issuer == NULL) {
            issuer = find_issuer(cur, x509_store_first(store, X509_STORE_TRUSTED));
        }
        if (issuer == NULL || issuer->nx_secure_x509_self_signed) {
            break;
        }
        /* A loop of certificates naming each other would otherwise fill the chain. */
        bool seen = false;
        for (size_t i = 0; i < n; i++) {
            seen = seen || chain[i] == issuer;
        }
        if (seen) {
            break;
        }
        chain[n++] = issuer;
        cur = issuer;
    }
    return n;
}

void dtls_cert_msg_write(struct wire_wr *w, const NX_SECURE_X509_CERT *const *chain, size_t n)
{
    size_t list = wire_open_vec(w, 3);
    for (size_t i = 0; i < n; i++) {
        size_t cert = wire_open_vec(w, 3);
        wire_put_bytes(w, chain[i]->nx_secure_x509_certificate_raw_data,
                       chain[i]->nx_secure_x509_certificate_raw_data_length);
        wire_close_vec(w, cert, 3);
    }
    wire_close_vec(w, list, 3);
}

/* parse_code turns an X.509 parse failure into the handshake's code (docs/netx-api.md 7.8 gives both their alert:
 * unsupported_certificate and bad_certificate). */
static UINT parse_code(UINT x509_status)
{
    return x509_status == NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER
               ? NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
               : NX_SECURE_TLS_INVALID_CERTIFICATE;
}

UINT dtls_cert_msg_parse(struct wire_rd body, const struct dtls_cert_slots *slots, size_t *count)
{
    *count = 0;
    struct wire_rd list;
    NXD_ENSURE(wire_get_vec(&body, 3, &list) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* First pass: framing and sizes, so a bad message leaves the slots alone. */
    size_t n = 0;
    size_t largest = 0;
    for (struct wire_rd scan = list; !wire_done(&scan); n++) {
        struct wire_rd cert;
        NXD_ENSURE(wire_get_vec(&scan, 3, &cert) && cert.len != 0,
                   NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        largest = cert.len > largest ? cert.len : largest;
    }
    NXD_ENSURE(n != 0, NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED);
    NXD_ENSURE(slots != NULL && slots->count != 0, NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED);
    NXD_ENSURE(n <= slots->count && largest <= dtls_cert_slots_der_room(slots),
               NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE);
    for (size_t i = 0; i < n; i++) {
        struct wire_rd cert;
        if (!wire_get_vec(&list, 3, &cert)) {
            return NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH; /* checked above */
        }
        uint8_t *der = slot_der(slots, i);
        memcpy(der, cert.p, cert.len);
        NX_SECURE_X509_CERT *parsed = dtls_cert_slots_cert(slots, i);
        UINT status = x509_certificate_parse(parsed, der, cert.len);
        if (status != NX_SUCCESS) {
            return parse_code(status);
        }
        parsed->nx_secure_x509_certificate_raw_buffer_size = (UINT)dtls_cert_slots_der_room(slots);
    }
    *count = n;
    return NX_SUCCESS;
}
