/* SPDX-License-Identifier: MIT */
/* crypto_prf.c: the TLS 1.2 PRF (RFC 5246 5) as P_hash on crypto_hmac_core.
 *
 * init keys HMAC with the secret once (two compressions, kept as chaining values in the area); every
 * operation then runs P_hash from those, so a PRF keyed with the master secret serves the key block and
 * both Finished messages without rekeying. OpenSSL's "TLS1-PRF" KDF did the same arithmetic but fetched the
 * digest by name and created, copied, cleansed and freed MAC contexts on every use: most of a PSK
 * handshake's instructions and nearly all its heap calls. The hashing is still libcrypto's. */
#include "crypto/crypto_prf.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_hmac_core.h"
#include "crypto/crypto_meta.h"

#define PRF_MAGIC 0x6E785052u /* "nxPR" */

struct prf_state {
    void *self; /* marks the live instance: a byte copy of the area is refused */
    uint32_t magic;
    uint32_t algorithm;
    struct hmac_core_key key;
};

#define PRF_AREA (sizeof(struct prf_state) + CRYPTO_META_SLACK)

static bool hash_for(UINT algorithm, enum hmac_core_hash *hash)
{
    switch (algorithm) {
    case NX_CRYPTO_PRF_HMAC_SHA2_256:
        *hash = HMAC_CORE_SHA256;
        return true;
    case NX_CRYPTO_PRF_HMAC_SHA2_384:
        *hash = HMAC_CORE_SHA384;
        return true;
    case NX_CRYPTO_PRF_HMAC_SHA2_512:
        *hash = HMAC_CORE_SHA512;
        return true;
    default:
        return false;
    }
}

static UINT prf_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                     VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)handler;
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, PRF_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    enum hmac_core_hash hash;
    if (!hash_for(method->nx_crypto_algorithm, &hash)) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    /* 6.6: the PRF's key size is the secret length in bytes. */
    if (key == NULL && key_size_in_bits != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    hmac_core_key(&s->key, hash, key, key_size_in_bits);
    s->self = s;
    s->magic = PRF_MAGIC;
    s->algorithm = method->nx_crypto_algorithm;
    return NX_CRYPTO_SUCCESS;
}

static UINT prf_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == PRF_MAGIC && s->self == s) {
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

/* p_hash writes out_len bytes of P_hash(secret, a || b) (RFC 5246 5), the seed given in two parts:
 * A(0) = seed, A(i) = HMAC(A(i-1)); output = HMAC(A(1) || seed) || HMAC(A(2) || seed) || ... */
static void p_hash(const struct hmac_core_key *k, const uint8_t *a, size_t a_len, const uint8_t *b,
                   size_t b_len, uint8_t *out, size_t out_len)
{
    union hmac_core_ctx c;
    uint8_t chain[HMAC_CORE_MAX_DIGEST];
    uint8_t block[HMAC_CORE_MAX_DIGEST];
    size_t n = k->digest_len;
    hmac_core_start(k, &c);
    hmac_core_update(k, &c, a, a_len);
    hmac_core_update(k, &c, b, b_len);
    hmac_core_finish(k, &c, chain); /* A(1) */
    for (size_t done = 0; done < out_len;) {
        hmac_core_start(k, &c);
        hmac_core_update(k, &c, chain, n);
        hmac_core_update(k, &c, a, a_len);
        hmac_core_update(k, &c, b, b_len);
        size_t take = out_len - done < n ? out_len - done : n;
        if (take == n) {
            hmac_core_finish(k, &c, out + done);
        } else {
            hmac_core_finish(k, &c, block);
            memcpy(out + done, block, take);
        }
        done += take;
        if (done < out_len) {
            hmac_core_start(k, &c);
            hmac_core_update(k, &c, chain, n);
            hmac_core_finish(k, &c, chain); /* A(i + 1) */
        }
    }
    ct_wipe(chain, sizeof chain);
    ct_wipe(block, sizeof block);
}

static UINT prf_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                          NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                          ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                          ULONG output_length_in_byte, VOID *crypto_metadata,
                          ULONG crypto_metadata_size, VOID *packet_ptr,
                          VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)iv_ptr, (void)packet_ptr, (void)nx_crypto_hw_process_callback;
    if (method == NULL || !crypto_meta_ok(crypto_metadata, crypto_metadata_size, PRF_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op != NX_CRYPTO_PRF) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    struct prf_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != PRF_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    /* key = label, key_size_in_bits = its length in bytes; input = seed. */
    size_t label_len = key_size_in_bits;
    if ((key == NULL && label_len != 0) || (input == NULL && input_length_in_byte != 0) ||
        (output == NULL && output_length_in_byte != 0)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (label_len + input_length_in_byte == 0) {
        return NX_CRYPTO_SIZE_ERROR; /* RFC 5246 5: the PRF needs a label or seed */
    }
    if (output_length_in_byte != 0) {
        p_hash(&s->key, key, label_len, input, input_length_in_byte, output, output_length_in_byte);
    }
    return NX_CRYPTO_SUCCESS;
}

/* clang-format off */
#define PRF_ROW(alg)                                                                                \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,                               \
     .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = PRF_AREA,                  \
     .nx_crypto_init = prf_init, .nx_crypto_cleanup = prf_cleanup,                                  \
     .nx_crypto_operation = prf_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_tls_prf_sha256 = PRF_ROW(NX_CRYPTO_PRF_HMAC_SHA2_256);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_tls_prf_sha384 = PRF_ROW(NX_CRYPTO_PRF_HMAC_SHA2_384);
/* clang-format on */
