/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_meta.h"

#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_keys.h"
#include "dtls/dtls_record.h"
#include "dtls/dtls_suite.h"
#include "dtls/dtls_transcript.h"

static size_t round8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

static size_t area_of(const NX_CRYPTO_METHOD *m)
{
    return m == NULL ? 0 : (size_t)m->nx_crypto_metadata_area_size;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

uint8_t dtls_meta_cipher_kind(const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    const NX_CRYPTO_METHOD *c = suite->nx_secure_tls_session_cipher;
    if (c == NULL) {
        return DTLS_CIPHER_NULL;
    }
    switch (c->nx_crypto_algorithm) {
    case NX_CRYPTO_ENCRYPTION_AES_CCM_8:
    case NX_CRYPTO_ENCRYPTION_AES_CCM_12:
    case NX_CRYPTO_ENCRYPTION_AES_CCM_16:
    case NX_CRYPTO_ENCRYPTION_AES_GCM_16:
        return DTLS_CIPHER_AEAD;
    case NX_CRYPTO_ENCRYPTION_AES_CBC:
        return DTLS_CIPHER_CBC;
    default:
        return DTLS_CIPHER_NULL;
    }
}

void dtls_meta_layout(const NX_SECURE_TLS_CRYPTO *table, struct dtls_meta_layout *out)
{
    size_t hash = area_of(table->nx_secure_tls_handshake_hash_sha256_method);
    size_t prf = area_of(table->nx_secure_tls_prf_sha256_method);
    size_t pub = 0;
    size_t kx = 0;
    size_t cipher = 0;
    size_t mac = 0;
    for (size_t i = 0; i < table->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row =
            &table->nx_secure_tls_ciphersuite_lookup_table[i];
        hash = max_size(hash, area_of(dtls_transcript_hash_for(table, row)));
        prf = max_size(prf, area_of(row->nx_secure_tls_prf));
        pub = max_size(pub, max_size(area_of(row->nx_secure_tls_public_cipher),
                                     area_of(row->nx_secure_tls_public_auth)));
        if (dtls_suite_kx(row) == DTLS_KX_ECDHE) {
            kx = max_size(kx, area_of(row->nx_secure_tls_public_cipher));
        }
        uint8_t kind = dtls_meta_cipher_kind(row);
        if (kind != DTLS_CIPHER_NULL) {
            cipher = max_size(cipher, area_of(row->nx_secure_tls_session_cipher));
        }
        if (kind == DTLS_CIPHER_CBC) {
            mac = max_size(mac, area_of(row->nx_secure_tls_hash));
        }
    }
    for (size_t i = 0; table->nx_secure_tls_x509_cipher_table != NULL &&
                       i < table->nx_secure_tls_x509_cipher_table_size;
         i++) {
        const NX_SECURE_X509_CRYPTO *x = &table->nx_secure_tls_x509_cipher_table[i];
        /* 6.6 carving: X.509 hashes use the scratch area, public keys the public area. */
        hash = max_size(hash, area_of(x->nx_secure_x509_hash_method));
        pub = max_size(pub, area_of(x->nx_secure_x509_public_cipher_method));
    }
    out->hs = round8(sizeof(struct dtls_hs));
    out->hash = round8(hash);
    out->prf = round8(prf);
    out->pub = round8(pub);
    out->kx = round8(kx);
    out->cipher = round8(cipher);
    out->mac = round8(mac);
    out->keys = 2 * DTLS_META_KEY_MAX;
    out->session = 2 * out->cipher + 2 * out->mac;
    out->handshake = out->hs + 2 * out->hash + out->prf + out->pub + out->kx + 2 * out->cipher +
                     2 * out->mac + out->keys;
    out->total = 7 + out->session + out->handshake;
}

uint8_t *dtls_meta_align(uint8_t *p)
{
    uintptr_t a = (uintptr_t)p;
    return p + (((a + 7u) & ~(uintptr_t)7u) - a);
}

void dtls_meta_carve(uint8_t *base, const struct dtls_meta_layout *layout,
                     struct dtls_meta_areas *out)
{
    uint8_t *p = base;
    out->hs = p;
    p += layout->hs;
    out->transcript = p;
    p += layout->hash;
    out->scratch = p;
    p += layout->hash;
    out->prf = p;
    p += layout->prf;
    out->pub = p;
    p += layout->pub;
    out->kx = p;
    p += layout->kx;
    for (size_t i = 0; i < 2; i++) {
        out->cipher[i] = p;
        p += layout->cipher;
    }
    for (size_t i = 0; i < 2; i++) {
        out->mac[i] = p;
        p += layout->mac;
    }
    for (size_t i = 0; i < 2; i++) {
        out->keys[i] = p;
        p += DTLS_META_KEY_MAX;
    }
}

uint8_t *dtls_meta_session_cipher(uint8_t *session, const struct dtls_meta_layout *layout, int dir)
{
    return session + (size_t)(dir != 0) * layout->cipher;
}

uint8_t *dtls_meta_session_mac(uint8_t *session, const struct dtls_meta_layout *layout, int dir)
{
    return session + 2 * layout->cipher + (size_t)(dir != 0) * layout->mac;
}

static bool has_op(const NX_CRYPTO_METHOD *m)
{
    return m != NULL && m->nx_crypto_operation != NULL;
}

UINT dtls_meta_check(const NX_SECURE_TLS_CRYPTO *table)
{
    for (size_t i = 0; i < table->nx_secure_tls_ciphersuite_lookup_table_size; i++) {
        const NX_SECURE_TLS_CIPHERSUITE_INFO *row =
            &table->nx_secure_tls_ciphersuite_lookup_table[i];
        uint8_t kind = dtls_meta_cipher_kind(row);
        if (kind == DTLS_CIPHER_NULL) {
            continue; /* a suite the record layer cannot run is never negotiated */
        }
        NXD_ENSURE(has_op(row->nx_secure_tls_session_cipher), NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
        NXD_ENSURE(kind != DTLS_CIPHER_CBC || has_op(row->nx_secure_tls_hash),
                   NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
        NXD_ENSURE(has_op(dtls_keys_prf_method(table, row)), NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
        NXD_ENSURE(has_op(dtls_transcript_hash_for(table, row)),
                   NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    }
    return NX_SUCCESS;
}
