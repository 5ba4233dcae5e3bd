/* SPDX-License-Identifier: MIT */
/* crypto_ec.c: crypto_method_ecdh / crypto_method_ecdhe (docs/netx-api.md 6.6 "ECDH / ECDHE") and
 * crypto_method_ecdsa (6.6 "ECDSA") for P-256, P-384, P-521 and (ECDH only) X25519.
 *
 * Points and scalars cross the interface as bytes: NIST points are 04||X||Y (RFC 8422 5.4, the only
 * format TLS 1.2 ECC suites use; anything else is NX_CRYPTO_FORMAT_NOT_SUPPORTED), X25519 keys are the
 * raw 32-byte little-endian u (RFC 7748 5). Every peer point is validated before use: in range, on the
 * curve and so not the identity (SP 800-56A 5.6.2.3.4 partial validation, which for these prime-order
 * curves, cofactor 1, implies the full check of 5.6.2.3.3: every point on the curve but the identity has
 * order n); failure is NX_CRYPTO_INVALID_KEY.
 *
 * The NIST curves use libcrypto's EC_KEY, ECDSA and ECDH functions (deprecated in OpenSSL 3.0 but kept) rather
 * than EVP_PKEY, because an EVP_PKEY imported from bytes builds the curve's group from its name every time,
 * which cost more than the ECDSA verification itself; here every key copies the group built once
 * (crypto_keycache_group), and a signing key is prepared once per key (crypto_keycache). X25519 has no group
 * and stays on EVP_PKEY. The ECDH area owns its own key pair (an EC_KEY or, for X25519, an EVP_PKEY), freed
 * in cleanup, so one area serves DH_SETUP and a later DH_CALCULATE without exporting the private key. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/crypto_ec.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdh.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include "base/ct.h"
#include "crypto/crypto_curve.h"
#include "crypto/crypto_keycache.h"
#include "crypto/crypto_meta.h"

#define ECDH_MAGIC     0x6E784448u /* "nxDH" */
#define ECDSA_MAGIC    0x6E784453u /* "nxDS" */
#define EC_MAX_FIELD   66u         /* P-521 */
#define EC_MAX_POINT   (1u + 2u * EC_MAX_FIELD)
#define EC_MAX_DER_SIG 144u /* SEQUENCE of two 67-byte INTEGERs, with headers */

struct ecdh_state {
    void *self;
    EVP_PKEY *key; /* X25519: own key pair, after DH_SETUP or DH_KEY_PAIR_IMPORT */
    EC_KEY *ec;    /* NIST curves: the same */
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
    case NX_CRYPTO_EC_SECP192R1:
        return NID_X9_62_prime192v1;
    case NX_CRYPTO_EC_SECP224R1:
        return NID_secp224r1;
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

/* new_key returns an EC_KEY on the curve's shared group (copied into the key), or NULL. */
static EC_KEY *new_key(const struct crypto_curve *c)
{
    const EC_GROUP *group = crypto_keycache_group(nid_for(c->algorithm));
    EC_KEY *key = group == NULL ? NULL : EC_KEY_new();
    if (key != NULL && EC_KEY_set_group(key, group) != 1) {
        EC_KEY_free(key);
        key = NULL;
    }
    return key;
}

/* public_point decodes a NIST point for key's group: uncompressed, coordinates below p, on the curve. */
static UINT public_point(const struct crypto_curve *c, const EC_KEY *key, const uint8_t *pt,
                         size_t len, EC_POINT **out)
{
    *out = NULL;
    if (pt == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    /* RFC 8422 5.4: uncompressed only. Compressed (02/03), hybrid (06/07) and the identity (00) are
     * refused by their first byte. */
    if (len == 0 || pt[0] != 0x04) {
        return NX_CRYPTO_FORMAT_NOT_SUPPORTED;
    }
    if (len != 1u + 2u * c->field_bytes) {
        return NX_CRYPTO_INVALID_KEY;
    }
    const EC_GROUP *group = EC_KEY_get0_group(key);
    EC_POINT *point = EC_POINT_new(group);
    /* Decoding sets affine coordinates, which OpenSSL refuses out of range or off the curve. */
    if (point == NULL || EC_POINT_oct2point(group, point, pt, len, NULL) != 1 ||
        EC_POINT_is_at_infinity(group, point)) {
        ERR_clear_error();
        EC_POINT_free(point);
        return NX_CRYPTO_INVALID_KEY;
    }
    *out = point;
    return NX_CRYPTO_SUCCESS;
}

/* public_key makes the EC_KEY of a verifier's NIST public key. */
static UINT public_key(const struct crypto_curve *c, const uint8_t *pt, size_t len, EC_KEY **out)
{
    *out = new_key(c);
    if (*out == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    EC_POINT *point = NULL;
    UINT status = public_point(c, *out, pt, len, &point);
    if (status == NX_CRYPTO_SUCCESS && EC_KEY_set_public_key(*out, point) != 1) {
        status = NX_CRYPTO_INVALID_KEY;
    }
    EC_POINT_free(point);
    if (status != NX_CRYPTO_SUCCESS) {
        ERR_clear_error();
        EC_KEY_free(*out);
        *out = NULL;
    }
    return status;
}

/* private_key makes a NIST key pair from a private scalar (big-endian), which must be in [1, n-1]; the public
 * point is derived so the key is whole. */
static UINT private_key(const struct crypto_curve *c, const uint8_t *d_bytes, size_t len,
                        EC_KEY **out)
{
    *out = NULL;
    if (d_bytes == NULL) {
        return NX_CRYPTO_PTR_ERROR;
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
    EC_KEY *key = new_key(c);
    const EC_GROUP *group = key == NULL ? NULL : EC_KEY_get0_group(key);
    EC_POINT *point = group == NULL ? NULL : EC_POINT_new(group);
    BIGNUM *d = BN_secure_new();
    if (point == NULL || d == NULL) {
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
    if (EC_POINT_mul(group, point, d, NULL, NULL, NULL) != 1 ||
        EC_KEY_set_private_key(key, d) != 1 || EC_KEY_set_public_key(key, point) != 1) {
        goto out;
    }
    *out = key;
    key = NULL;
    status = NX_CRYPTO_SUCCESS;
out:
    if (status != NX_CRYPTO_SUCCESS) {
        ERR_clear_error();
    }
    EC_KEY_free(key); /* clears the private key as it frees it */
    BN_clear_free(d);
    EC_POINT_free(point);
    return status;
}

/* x25519_public and x25519_private make the EVP_PKEY of a raw 32-byte X25519 key. */
static UINT x25519_public(const struct crypto_curve *c, const uint8_t *pt, size_t len,
                          EVP_PKEY **out)
{
    *out = NULL;
    if (pt == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
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

static UINT x25519_private(const struct crypto_curve *c, const uint8_t *d, size_t len,
                           EVP_PKEY **out)
{
    *out = NULL;
    if (d == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    if (len != c->field_bytes) {
        return NX_CRYPTO_SIZE_ERROR;
    }
    *out = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, d, len);
    if (*out == NULL) {
        ERR_clear_error();
        return NX_CRYPTO_INVALID_KEY;
    }
    return NX_CRYPTO_SUCCESS;
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

/* drop frees the area's key pair. */
static void drop(struct ecdh_state *s)
{
    EVP_PKEY_free(s->key); /* OpenSSL clears private keys as it frees them */
    EC_KEY_free(s->ec);
    s->key = NULL;
    s->ec = NULL;
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
        drop(s);
        ct_wipe(s, sizeof *s);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdh_setup(struct ecdh_state *s, const struct crypto_curve *c, UCHAR *output,
                       ULONG output_length)
{
    drop(s);
    uint8_t pub[EC_MAX_POINT];
    size_t pub_len = 0;
    bool ok;
    if (c->montgomery) {
        s->key = EVP_PKEY_Q_keygen(NULL, NULL, c->group_name);
        pub_len = sizeof pub;
        ok = s->key != NULL && EVP_PKEY_get_raw_public_key(s->key, pub, &pub_len) == 1 &&
             pub_len == c->field_bytes;
    } else {
        s->ec = new_key(c);
        ok = s->ec != NULL && EC_KEY_generate_key(s->ec) == 1 &&
             (pub_len = EC_POINT_point2oct(EC_KEY_get0_group(s->ec), EC_KEY_get0_public_key(s->ec),
                                           POINT_CONVERSION_UNCOMPRESSED, pub, sizeof pub, NULL)) !=
                 0;
    }
    if (!ok) {
        ERR_clear_error();
        drop(s);
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    return ext_write(output, output_length, pub, pub_len);
}

static UINT ecdh_export(struct ecdh_state *s, const struct crypto_curve *c, UCHAR *output,
                        ULONG output_length)
{
    uint8_t d[EC_MAX_FIELD];
    size_t d_len = c->field_bytes;
    bool ok;
    if (c->montgomery) {
        ok = s->key != NULL && EVP_PKEY_get_raw_private_key(s->key, d, &d_len) == 1 &&
             d_len == c->field_bytes;
    } else {
        const BIGNUM *priv = s->ec == NULL ? NULL : EC_KEY_get0_private_key(s->ec);
        ok = priv != NULL && BN_bn2binpad(priv, d, (int)c->field_bytes) == (int)c->field_bytes;
    }
    UINT status =
        ok ? ext_write(output, output_length, d, c->field_bytes) : NX_CRYPTO_NOT_SUCCESSFUL;
    ERR_clear_error();
    ct_wipe(d, sizeof d);
    return status;
}

/* own_public writes the area's own public key as on the wire. */
static bool own_public(const struct ecdh_state *s, uint8_t *out, size_t cap, size_t *len)
{
    if (s->key != NULL) {
        *len = cap;
        return EVP_PKEY_get_raw_public_key(s->key, out, len) == 1;
    }
    *len = EC_POINT_point2oct(EC_KEY_get0_group(s->ec), EC_KEY_get0_public_key(s->ec),
                              POINT_CONVERSION_UNCOMPRESSED, out, cap, NULL);
    return *len != 0;
}

static UINT ecdh_import(struct ecdh_state *s, const struct crypto_curve *c, const uint8_t *d,
                        size_t d_len, const uint8_t *pub, size_t pub_len)
{
    drop(s);
    NXD_TRY(c->montgomery ? x25519_private(c, d, d_len, &s->key)
                          : private_key(c, d, d_len, &s->ec));
    if (pub != NULL && pub_len != 0) {
        /* The caller's copy of its own public key must be this scalar's. */
        uint8_t mine[EC_MAX_POINT];
        size_t mine_len = 0;
        if (!own_public(s, mine, sizeof mine, &mine_len) || mine_len != pub_len ||
            memcmp(mine, pub, pub_len) != 0) {
            ERR_clear_error();
            drop(s);
            return NX_CRYPTO_INVALID_KEY;
        }
    }
    return NX_CRYPTO_SUCCESS;
}

/* x25519_calculate derives with EVP (RFC 7748 5); OpenSSL fails an all-zero result (6.1, a low-order
 * point), which is NX_CRYPTO_NOT_SUCCESSFUL per 6.6. */
static UINT x25519_calculate(struct ecdh_state *s, const struct crypto_curve *c,
                             const uint8_t *peer_pt, size_t peer_len, uint8_t *z, size_t *z_len)
{
    EVP_PKEY *peer = NULL;
    NXD_TRY(x25519_public(c, peer_pt, peer_len, &peer));
    EVP_PKEY_CTX *dctx = EVP_PKEY_CTX_new_from_pkey(NULL, s->key, NULL);
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    if (dctx != NULL && EVP_PKEY_derive_init(dctx) == 1) {
        status = EVP_PKEY_derive_set_peer_ex(dctx, peer, 1) != 1 ? NX_CRYPTO_INVALID_KEY
                 : EVP_PKEY_derive(dctx, z, z_len) == 1          ? NX_CRYPTO_SUCCESS
                                                                 : NX_CRYPTO_NOT_SUCCESSFUL;
    }
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(peer);
    return status;
}

static UINT ecdh_calculate(struct ecdh_state *s, const struct crypto_curve *c,
                           const uint8_t *peer_pt, size_t peer_len, UCHAR *output,
                           ULONG output_length)
{
    if ((c->montgomery ? (void *)s->key : (void *)s->ec) == NULL) {
        return NX_CRYPTO_NOT_SUCCESSFUL;
    }
    uint8_t z[EC_MAX_FIELD];
    size_t z_len = sizeof z;
    UINT status;
    if (c->montgomery) {
        status = x25519_calculate(s, c, peer_pt, peer_len, z, &z_len);
    } else {
        EC_POINT *peer = NULL;
        status = public_point(c, s->ec, peer_pt, peer_len, &peer);
        if (status == NX_CRYPTO_SUCCESS) {
            /* RFC 8422 5.10: the shared secret is X of d * Q (constant time in d). */
            int n = ECDH_compute_key(z, c->field_bytes, peer, s->ec, NULL);
            z_len = n > 0 ? (size_t)n : 0;
            status = n > 0 ? NX_CRYPTO_SUCCESS : NX_CRYPTO_NOT_SUCCESSFUL;
        }
        EC_POINT_free(peer);
    }
    if (status == NX_CRYPTO_SUCCESS) {
        /* 6.6: the shared secret is X at field size, leading zeros kept (RFC 8422 5.10). */
        status = z_len == c->field_bytes ? ext_write(output, output_length, z, z_len)
                                         : NX_CRYPTO_NOT_SUCCESSFUL;
    }
    ERR_clear_error();
    ct_wipe(z, sizeof z);
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
            drop(s); /* a key pair of another curve is of no use now */
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

/* signing_key returns a new reference to the prepared key of (curve, d), building it on first use. */
static UINT signing_key(const struct crypto_curve *c, const uint8_t *d, size_t d_len, EC_KEY **out)
{
    uint8_t curve_id[4];
    for (size_t i = 0; i < 4; i++) {
        curve_id[i] = (uint8_t)(c->algorithm >> (24 - 8 * i));
    }
    const uint8_t *parts[2] = {curve_id, d};
    const size_t lens[2] = {sizeof curve_id, d_len};
    struct crypto_keycache_fp fp;
    crypto_keycache_fingerprint(KEYCACHE_EC_PRIVATE, parts, lens, 2, &fp);
    *out = crypto_keycache_ec(&fp);
    if (*out == NULL) {
        NXD_TRY(private_key(c, d, d_len, out));
        crypto_keycache_put_ec(&fp, *out);
    }
    return NX_CRYPTO_SUCCESS;
}

static UINT ecdsa_sign(const struct crypto_curve *c, const uint8_t *d, size_t d_len,
                       const uint8_t *hash, size_t hash_len, UCHAR *output, ULONG output_length)
{
    if (hash == NULL || d == NULL) {
        return NX_CRYPTO_PTR_ERROR;
    }
    EC_KEY *key = NULL;
    NXD_TRY(signing_key(c, d, d_len, &key));
    UINT status = NX_CRYPTO_NOT_SUCCESSFUL;
    uint8_t sig[EC_MAX_DER_SIG];
    unsigned int sig_len = sizeof sig;
    /* OpenSSL truncates the hash to the order's bit length (SEC 1 4.1.3 step 5). */
    if (ECDSA_size(key) <= (int)sizeof sig &&
        ECDSA_sign(0, hash, (int)hash_len, sig, &sig_len, key) == 1) {
        status = ext_write(output, output_length, sig, sig_len);
    }
    ERR_clear_error();
    EC_KEY_free(key);
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
    EC_KEY *key = NULL;
    NXD_TRY(public_key(c, pt, pt_len, &key));
    /* OpenSSL re-encodes the parsed signature and requires the same bytes: strict DER, no trailing data. */
    UINT status = sig_len <= (size_t)INT32_MAX &&
                          ECDSA_verify(0, hash, (int)hash_len, sig, (int)sig_len, key) == 1
                      ? NX_CRYPTO_SUCCESS
                      : NX_CRYPTO_NOT_SUCCESSFUL;
    ERR_clear_error();
    EC_KEY_free(key);
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

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ecdh = ECDH_ROW(NX_CRYPTO_KEY_EXCHANGE_ECDH);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ecdhe = ECDH_ROW(NX_CRYPTO_KEY_EXCHANGE_ECDHE);

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ecdsa = {
    .nx_crypto_algorithm = NX_CRYPTO_DIGITAL_SIGNATURE_ECDSA, .nx_crypto_key_size_in_bits = 0,
    .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,
    .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = ECDSA_AREA,
    .nx_crypto_init = ecdsa_init, .nx_crypto_cleanup = ecdsa_cleanup,
    .nx_crypto_operation = ecdsa_operation};
/* clang-format on */
