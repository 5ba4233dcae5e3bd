/* SPDX-License-Identifier: MIT */
/* crypto_ec.c: crypto_method_ecdh / crypto_method_ecdhe (docs/netx-api.md 6.6 "ECDH / ECDHE") and
 * crypto_method_ecdsa (6.6 "ECDSA") on OpenSSL EVP_PKEY, for P-256, P-384, P-521 and (ECDH only) X25519.
 *
 * Points and scalars cross the interface as bytes: NIST points are 04||X||Y (RFC 8422 5.4, the only
 * format TLS 1.2 ECC suites use; anything else is NX_CRYPTO_FORMAT_NOT_SUPPORTED), X25519 keys are the
 * raw 32-byte little-endian u (RFC 7748 5). Every peer point is validated before use: on the curve, in
 * range, not the identity (OpenSSL's public-key check, SP 800-56A 5.6.2.3.3); failure is
 * NX_CRYPTO_INVALID_KEY. The ECDH area owns the EVP_PKEY of its own key pair, freed in cleanup. */
#include "crypto/crypto_ec.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "base/ct.h"
#include "crypto/crypto_curve.h"
#include "crypto/crypto_meta.h"

#define ECDH_MAGIC     0x6E784448u /* "nxDH" */
#define ECDSA_MAGIC    0x6E784453u /* "nxDS" */
#define EC_MAX_FIELD   66u         /* P-521 */
#define EC_MAX_POINT   (1u + 2u * EC_MAX_FIELD)
#define EC_MAX_DER_SIG 144u /* SEQUENCE of two 67-byte INTEGERs, with headers */

struct ecdh_state {
    void *self;
    EVP_PKEY *key; /* own key pair, after DH_SETUP or DH_KEY_PAIR_IMPORT */
    uint32_t magic;
    uint32_t curve; /* NX_CRYPTO_EC_*, 0 until EC_CURVE_SET */
};

struct ecdsa_state {
    uint32_t magic;
    uint32_t curve;
};

#define ECDH_AREA  (sizeof(struct ecdh_state) + CRYPTO_META_SLACK)
#define ECDSA_AREA (sizeof(struct ecdsa_state))

/* --- helpers shared by ECDH and ECDSA --- */

static int nid_for(UINT curve)
{
    switch (curve) {
    case NX_CRYPTO_EC_SECP256R1:
        return NID_X9_62_prime256v1;
    case NX_CRYPTO_EC_SECP384R1:
        return NID_secp384r1;
    default:
        return NID_secp521r1;
    }
}

/* curve_from_row reads the curve row passed to EC_CURVE_SET (6.6: input is the row itself). */
static UINT curve_from_row(const UCHAR *input, bool allow_montgomery, uint32_t *curve)
{
    if (input == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    const NX_CRYPTO_METHOD *row = (const NX_CRYPTO_METHOD *)(const void *)input;
    const struct crypto_curve *c = crypto_curve_info(row->nx_crypto_algorithm);
    if (c == NULL || (c->montgomery && !allow_montgomery)) {
        return NX_CRYTPO_MISSING_ECC_CURVE;
    }
    *curve = c->algorithm;
    return NX_CRYPTO_SUCCESS;
}

/* ext_write puts len bytes into the NX_CRYPTO_EXTENDED_OUTPUT that output points to. */
static UINT ext_write(UCHAR *output, ULONG output_length, const uint8_t *data, size_t len)
{
    NX_CRYPTO_EXTENDED_OUTPUT ext;
    if (output == NULL || output_length < sizeof ext) {
        return NX_CRYPTO_PTR_ERROR;
    }
    memcpy(&ext, output, sizeof ext);
    if (ext.nx_crypto_extended_output_data == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (ext.nx_crypto_extended_output_length_in_byte < len) {
        return NX_CRYPTO_INVALID_BUFFER_SIZE;
    }
    memcpy(ext.nx_crypto_extended_output_data, data, len);
    ext.nx_crypto_extended_output_actual_size = (ULONG)len;
    memcpy(output, &ext, sizeof ext);
    return NX_CRYPTO_SUCCESS;
}

/* public_key builds the EVP_PKEY of a peer's (or verifier's) public key, checking its format. */
static UINT public_key(const struct crypto_curve *c, const uint8_t *pt, size_t len, EVP_PKEY **out)
{
    *out = NULL;
    if (pt == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (c->montgomery) {
        if (len != c->field_bytes) {
            return NX_CRYPTO_INVALID_KEY;
        }
        *out = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pt, len);
        if (*out == NULL) {
            ERR_clear_error();
            return NX_CRYPTO_INVALID_KEY;
        }
        return NX_CRYPTO_SUCCESS;
    }
    /* RFC 8422 5.4: uncompressed only. Compressed (02/03), hybrid (06/07) and the identity (00) are
     * refused by their first byte. */
    if (len == 0 || pt[0] != 0x04) {
        return NX_CRYPTO_FORMAT_NOT_SUPPORTED;
    }
    if (len != 1u + 2u * c->field_bytes) {
        return NX_CRYPTO_INVALID_KEY;
    }
    OSSL_PARAM params[3] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                         (char *)(uintptr_t)c->group_name, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)(uintptr_t)pt, len),
        OSSL_PARAM_construct_end(),
    };
    /* Decoding sets affine coordinates, which OpenSSL refuses off the curve or out of range. */
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (kctx == NULL || EVP_PKEY_fromdata_init(kctx) != 1 ||
        EVP_PKEY_fromdata(kctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        ERR_clear_error();
        EVP_PKEY_CTX_free(kctx);
        EVP_PKEY_free(*out);
        *out = NULL;
        return NX_CRYPTO_INVALID_KEY;
    }
    EVP_PKEY_CTX_free(kctx);
    return NX_CRYPTO_SUCCESS;
}

/* private_key builds a key pair from a private scalar (big-endian; X25519: the raw 32 bytes). The NIST
 * scalar must be in [1, n-1]; the public point is derived so the EVP_PKEY is whole. */
static UINT private_key(const struct crypto_curve *c, const uint8_t *d_bytes, size_t len,
                        EVP_PKEY **out)
{
    *out = NULL;
    if (d_bytes == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (c->montgomery) {
        if (len != c->field_bytes) {
            return NX_CRYPTO_SIZE_ERROR;
        }
        *out = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, d_bytes, len);
        if (*out == NULL) {
            ERR_clear_error();
            return NX_CRYPTO_INVALID_KEY;
        }
        return NX_CRYPTO_SUCCESS;
    }
    while (len > 0 && d_bytes[0] == 0) {
        d_bytes++;
        len--;
    }
    if (len == 0) {
        return NX_CRYPTO_INVALID_KEY;
    }
    if (len > c->field_bytes) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    uint8_t pub[EC_MAX_POINT];
    size_t pub_len = 0;
    BN_CTX *bctx = BN_CTX_secure_new();
    EC_GROUP *group = EC_GROUP_new_by_curve_name(nid_for(c->algorithm));
    EC_POINT *point = group == NULL ? NULL : EC_POINT_new(group);
    BIGNUM *d = BN_secure_new();
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *kctx = NULL;
    if (bctx == NULL || point == NULL || d == NULL || bld == NULL) {
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    if (BN_bin2bn(d_bytes, (int)len, d) == NULL) {
        goto out;
    }
    if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(group)) >= 0) {
        status = NX_CRYPTO_INVALID_KEY;
        goto out;
    }
    if (EC_POINT_mul(group, point, d, NULL, NULL, bctx) != 1 ||
        (pub_len = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof pub,
                                      bctx)) == 0) {
        goto out;
    }
    if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, c->group_name, 0) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, pub_len) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == NULL) {
        goto out;
    }
    kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (kctx == NULL || EVP_PKEY_fromdata_init(kctx) != 1 ||
        EVP_PKEY_fromdata(kctx, out, EVP_PKEY_KEYPAIR, params) != 1) {
        goto out;
    }
    status = NX_CRYPTO_SUCCESS;
out:
    if (status != NX_CRYPTO_SUCCESS) {
        ERR_clear_error();
        EVP_PKEY_free(*out);
        *out = NULL;
    }
    EVP_PKEY_CTX_free(kctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(d);
    EC_POINT_free(point);
    EC_GROUP_free(group);
    BN_CTX_free(bctx);
    return status;
}

/* --- ECDH / ECDHE --- */

static UINT ecdh_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                      VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    (void)method, (void)key, (void)key_size_in_bits, (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, ECDH_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdh_state *s = crypto_meta_align8(crypto_metadata);
    memset(s, 0, sizeof *s);
    s->self = s;
    s->magic = ECDH_MAGIC;
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdh_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdh_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic == ECDH_MAGIC && s->self == s) {
        EVP_PKEY_free(s->key); /* OpenSSL clears the private key as it frees it */
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdh_setup(struct ecdh_state *s, const struct crypto_curve *c, UCHAR *output,
                       ULONG output_length)
{
    EVP_PKEY_free(s->key);
    s->key = c->montgomery ? EVP_PKEY_Q_keygen(NULL, NULL, c->group_name)
                           : EVP_PKEY_Q_keygen(NULL, NULL, "EC", c->group_name);
    if (s->key == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    uint8_t pub[EC_MAX_POINT];
    size_t pub_len = 0;
    if (EVP_PKEY_get_octet_string_param(s->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, sizeof pub,
                                        &pub_len) != 1) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    return ext_write(output, output_length, pub, pub_len);
}

static UINT ecdh_export(struct ecdh_state *s, const struct crypto_curve *c, UCHAR *output,
                        ULONG output_length)
{
    if (s->key == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    uint8_t d[EC_MAX_FIELD];
    size_t d_len = c->field_bytes;
    BIGNUM *bn = NULL;
    bool ok = c->montgomery
                  ? EVP_PKEY_get_raw_private_key(s->key, d, &d_len) == 1 && d_len == c->field_bytes
                  : EVP_PKEY_get_bn_param(s->key, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1 &&
                        BN_bn2binpad(bn, d, (int)c->field_bytes) == (int)c->field_bytes;
    BN_clear_free(bn);
    UINT status =
        ok ? ext_write(output, output_length, d, c->field_bytes) : NX_CRYPTO_NOT_SUCCESSFUL;
    ERR_clear_error();
    ct_wipe(d, sizeof d);
    return status;
}

static UINT ecdh_import(struct ecdh_state *s, const struct crypto_curve *c, const uint8_t *d,
                        size_t d_len, const uint8_t *pub, size_t pub_len)
{
    EVP_PKEY_free(s->key);
    s->key = NULL;
    NXD_TRY(private_key(c, d, d_len, &s->key));
    if (pub != NULL && pub_len != 0) {
        /* The caller's copy of its own public key must be this scalar's. */
        uint8_t mine[EC_MAX_POINT];
        size_t mine_len = 0;
        if (EVP_PKEY_get_octet_string_param(s->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, mine,
                                            sizeof mine, &mine_len) != 1 ||
            mine_len != pub_len || memcmp(mine, pub, pub_len) != 0) {
            ERR_clear_error();
            EVP_PKEY_free(s->key);
            s->key = NULL;
            return NX_CRYPTO_INVALID_KEY;
        }
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdh_calculate(struct ecdh_state *s, const struct crypto_curve *c,
                           const uint8_t *peer_pt, size_t peer_len, UCHAR *output,
                           ULONG output_length)
{
    if (s->key == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    EVP_PKEY *peer = NULL;
    NXD_TRY(public_key(c, peer_pt, peer_len, &peer));
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    uint8_t z[EC_MAX_FIELD];
    size_t z_len = sizeof z;
    EVP_PKEY_CTX *dctx = EVP_PKEY_CTX_new_from_pkey(NULL, s->key, NULL);
    if (dctx == NULL || EVP_PKEY_derive_init(dctx) != 1) {
        goto out;
    }
    /* validate = 1: the full public-key check of the peer's point before it is used. */
    if (EVP_PKEY_derive_set_peer_ex(dctx, peer, 1) != 1) {
        status = NX_CRYPTO_INVALID_KEY;
        goto out;
    }
    /* X25519: OpenSSL fails an all-zero result (RFC 7748 6.1 low-order point), NOT_SUCCESSFUL per 6.6. */
    if (EVP_PKEY_derive(dctx, z, &z_len) != 1 || z_len != c->field_bytes) {
        goto out;
    }
    /* 6.6: the shared secret is X at field size, leading zeros kept (RFC 8422 5.10). */
    status = ext_write(output, output_length, z, z_len);
out:
    ERR_clear_error();
    ct_wipe(z, sizeof z);
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(peer);
    return status;
}

static UINT ecdh_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                           NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                           ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                           ULONG output_length_in_byte, VOID *crypto_metadata,
                           ULONG crypto_metadata_size, VOID *packet_ptr,
                           VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)method, (void)iv_ptr, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, ECDH_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdh_state *s = crypto_meta_align8(crypto_metadata);
    if (s->magic != ECDH_MAGIC || s->self != s) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op == NX_CRYPTO_EC_CURVE_SET) {
        uint32_t curve = 0;
        NXD_TRY(curve_from_row(input, true, &curve));
        if (curve != s->curve) {
            EVP_PKEY_free(s->key); /* a key pair of another curve is of no use now */
            s->key = NULL;
        }
        s->curve = curve;
        return NX_CRYPTO_SUCCESS;
    }
    const struct crypto_curve *c = crypto_curve_info(s->curve);
    switch (op) {
    case NX_CRYPTO_DH_SETUP:
    case NX_CRYPTO_DH_PRIVATE_KEY_EXPORT:
    case NX_CRYPTO_DH_KEY_PAIR_IMPORT:
    case NX_CRYPTO_DH_CALCULATE:
        if (c == NULL) {
            return NX_CRYTPO_MISSING_ECC_CURVE;
        }
        break;
    default:
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    switch (op) {
    case NX_CRYPTO_DH_SETUP:
        return ecdh_setup(s, c, output, output_length_in_byte);
    case NX_CRYPTO_DH_PRIVATE_KEY_EXPORT:
        return ecdh_export(s, c, output, output_length_in_byte);
    case NX_CRYPTO_DH_KEY_PAIR_IMPORT:
        return ecdh_import(s, c, key, key_size_in_bits >> 3, input, input_length_in_byte);
    default: /* NX_CRYPTO_DH_CALCULATE */
        return ecdh_calculate(s, c, input, input_length_in_byte, output, output_length_in_byte);
    }
}

/* --- ECDSA --- */

static UINT ecdsa_init(NX_CRYPTO_METHOD *method, UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits,
                       VOID **handler, VOID *crypto_metadata, ULONG crypto_metadata_size)
{
    /* 6.6: the public point passed here is ignored; VERIFY passes it again. */
    (void)method, (void)key, (void)key_size_in_bits, (void)handler;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, ECDSA_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdsa_state *s = crypto_metadata;
    s->magic = ECDSA_MAGIC;
    s->curve = 0;
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdsa_cleanup(VOID *crypto_metadata)
{
    if (crypto_metadata == NULL) {
        return NX_CRYPTO_SUCCESS;
    }
    if (((uintptr_t)crypto_metadata & 3u) != 0) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdsa_state *s = crypto_metadata;
    if (s->magic == ECDSA_MAGIC) {
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdsa_sign(const struct crypto_curve *c, const uint8_t *d, size_t d_len,
                       const uint8_t *hash, size_t hash_len, UCHAR *output, ULONG output_length)
{
    if (hash == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    EVP_PKEY *pkey = NULL;
    NXD_TRY(private_key(c, d, d_len, &pkey));
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    uint8_t sig[EC_MAX_DER_SIG];
    size_t sig_len = sizeof sig;
    EVP_PKEY_CTX *sctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    /* OpenSSL truncates the hash to the order's bit length (SEC 1 4.1.3 step 5). */
    if (sctx != NULL && EVP_PKEY_sign_init(sctx) == 1 &&
        EVP_PKEY_sign(sctx, sig, &sig_len, hash, hash_len) == 1) {
        status = ext_write(output, output_length, sig, sig_len);
    }
    ERR_clear_error();
    EVP_PKEY_CTX_free(sctx);
    EVP_PKEY_free(pkey);
    return status;
}

static UINT ecdsa_verify(const struct crypto_curve *c, const uint8_t *pt, size_t pt_len,
                         const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
    if (hash == NULL || sig == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    /* 6.6: a signature that is not a DER SEQUENCE at all is NX_CRYPTO_AUTHENTICATION_FAILED. */
    if (sig_len < 2 || sig[0] != 0x30) {
        return NX_CRYPTO_AUTHENTICATION_FAILED;
    }
    EVP_PKEY *pkey = NULL;
    NXD_TRY(public_key(c, pt, pt_len, &pkey));
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    EVP_PKEY_CTX *vctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    /* OpenSSL re-encodes the parsed signature and requires the same bytes: strict DER, no trailing data. */
    if (vctx != NULL && EVP_PKEY_verify_init(vctx) == 1 &&
        EVP_PKEY_verify(vctx, sig, sig_len, hash, hash_len) == 1) {
        status = NX_CRYPTO_SUCCESS;
    }
    ERR_clear_error();
    EVP_PKEY_CTX_free(vctx);
    EVP_PKEY_free(pkey);
    return status;
}

static UINT ecdsa_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                            NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                            ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                            ULONG output_length_in_byte, VOID *crypto_metadata,
                            ULONG crypto_metadata_size, VOID *packet_ptr,
                            VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)handler, (void)method, (void)iv_ptr, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    if (!crypto_meta_ok(crypto_metadata, crypto_metadata_size, ECDSA_AREA)) {
        return NX_CRYPTO_PTR_ERROR;
    }
    struct ecdsa_state *s = crypto_metadata;
    if (s->magic != ECDSA_MAGIC) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (op == NX_CRYPTO_EC_CURVE_SET) {
        uint32_t curve = 0;
        NXD_TRY(curve_from_row(input, false, &curve));
        s->curve = curve;
        return NX_CRYPTO_SUCCESS;
    }
    if (op != NX_CRYPTO_AUTHENTICATE && op != NX_CRYPTO_VERIFY) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    const struct crypto_curve *c = crypto_curve_info(s->curve);
    if (c == NULL) {
        return NX_CRYTPO_MISSING_ECC_CURVE;
    }
    if (op == NX_CRYPTO_AUTHENTICATE) {
        return ecdsa_sign(c, key, key_size_in_bits >> 3, input, input_length_in_byte, output,
                          output_length_in_byte);
    }
    /* VERIFY: key = public point, input = hash, output = the DER signature (read only). */
    return ecdsa_verify(c, key, key_size_in_bits >> 3, input, input_length_in_byte, output,
                        output_length_in_byte);
}

/* clang-format off */
#define ECDH_ROW(alg)                                                                               \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = 0,                                 \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,                               \
     .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = ECDH_AREA,                 \
     .nx_crypto_init = ecdh_init, .nx_crypto_cleanup = ecdh_cleanup,                                \
     .nx_crypto_operation = ecdh_operation}

CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_ecdh = ECDH_ROW(NX_CRYPTO_KEY_EXCHANGE_ECDH);
CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_ecdhe = ECDH_ROW(NX_CRYPTO_KEY_EXCHANGE_ECDHE);

CRYPTO_EXPORT const NX_CRYPTO_METHOD crypto_method_ecdsa = {
    .nx_crypto_algorithm = NX_CRYPTO_DIGITAL_SIGNATURE_ECDSA, .nx_crypto_key_size_in_bits = 0,
    .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,
    .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = ECDSA_AREA,
    .nx_crypto_init = ecdsa_init, .nx_crypto_cleanup = ecdsa_cleanup,
    .nx_crypto_operation = ecdsa_operation};
/* clang-format on */
