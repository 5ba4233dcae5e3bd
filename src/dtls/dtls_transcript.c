/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_transcript.h"

#include <string.h>

#include "base/ct.h"
#include "base/wire.h"
#include "crypto/crypto_call.h"

const NX_CRYPTO_METHOD *dtls_transcript_hash_for(const NX_SECURE_TLS_CRYPTO *table,
                                                 const NX_SECURE_TLS_CIPHERSUITE_INFO *suite)
{
    const NX_CRYPTO_METHOD *prf = suite->nx_secure_tls_prf != NULL
                                      ? suite->nx_secure_tls_prf
                                      : table->nx_secure_tls_prf_sha256_method;
    if (prf == NULL) {
        return NULL;
    }
    switch (prf->nx_crypto_algorithm) {
    case NX_CRYPTO_PRF_HMAC_SHA2_256:
        return table->nx_secure_tls_handshake_hash_sha256_method;
    case NX_CRYPTO_PRF_HMAC_SHA2_384:
        return crypto_digest_method_for(NX_CRYPTO_HASH_SHA384);
    case NX_CRYPTO_PRF_HMAC_SHA2_512:
        return crypto_digest_method_for(NX_CRYPTO_HASH_SHA512);
    default:
        return NULL;
    }
}

void dtls_transcript_setup(struct dtls_transcript *t, void *area, void *scratch, size_t area_size)
{
    t->hash = NULL;
    t->area = area;
    t->scratch = scratch;
    t->area_size = area_size;
    t->live = 0;
}

UINT dtls_transcript_start(struct dtls_transcript *t, const NX_CRYPTO_METHOD *hash)
{
    dtls_transcript_end(t);
    NXD_ENSURE(hash != NULL && hash->nx_crypto_operation != NULL,
               NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE);
    NXD_ENSURE(crypto_digest_size(hash) != 0 && crypto_digest_size(hash) <= 64,
               NX_SECURE_TLS_UNSUPPORTED_CIPHER);
    NXD_ENSURE(hash->nx_crypto_metadata_area_size <= t->area_size,
               NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE);
    NXD_TRY(crypto_init(hash, NULL, 0, t->area, t->area_size));
    t->hash = hash;
    t->live = 1;
    return crypto_op(hash, NX_CRYPTO_HASH_INITIALIZE, NULL, 0, NULL, 0, NULL, NULL, 0, t->area,
                     t->area_size);
}

UINT dtls_transcript_add(struct dtls_transcript *t, uint8_t msg_type, uint16_t msg_seq,
                         const uint8_t *body, size_t len)
{
    NXD_ENSURE(t->live, NX_SECURE_TLS_INVALID_STATE);
    NXD_ENSURE(len < (1u << 24), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* RFC 6347 4.2.6: the hash covers each message as if sent in one fragment. */
    uint8_t header[12];
    header[0] = msg_type;
    wire_store_be(header + 1, len, 3);
    wire_store_be(header + 4, msg_seq, 2);
    wire_store_be(header + 6, 0, 3);
    wire_store_be(header + 9, len, 3);
    NXD_TRY(crypto_op(t->hash, NX_CRYPTO_HASH_UPDATE, NULL, 0, header, sizeof header, NULL, NULL, 0,
                      t->area, t->area_size));
    if (len == 0) {
        return NX_SUCCESS;
    }
    return crypto_op(t->hash, NX_CRYPTO_HASH_UPDATE, NULL, 0, body, len, NULL, NULL, 0, t->area,
                     t->area_size);
}

UINT dtls_transcript_digest(struct dtls_transcript *t, uint8_t *out, size_t cap, size_t *out_len)
{
    NXD_ENSURE(t->live, NX_SECURE_TLS_INVALID_STATE);
    size_t size = crypto_digest_size(t->hash);
    NXD_ENSURE(size <= cap, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    /* docs/netx-api.md 6.6: fork by copying the area (NX_SECURE_HASH_METADATA_CLONE defaults to memcpy); the copy
     * was never initialized, so it owes no cleanup (NX_SECURE_HASH_CLONE_CLEANUP defaults to nothing). */
    memcpy(t->scratch, t->area, t->area_size);
    UINT status = crypto_op(t->hash, NX_CRYPTO_HASH_CALCULATE, NULL, 0, NULL, 0, NULL, out, size,
                            t->scratch, t->area_size);
    ct_wipe(t->scratch, t->area_size);
    NXD_TRY(status);
    *out_len = size;
    return NX_SUCCESS;
}

void dtls_transcript_end(struct dtls_transcript *t)
{
    if (t->live) {
        crypto_cleanup(t->hash, t->area);
        t->live = 0;
    }
    t->hash = NULL;
    if (t->area != NULL) {
        ct_wipe(t->area, t->area_size);
    }
    if (t->scratch != NULL) {
        ct_wipe(t->scratch, t->area_size);
    }
}
