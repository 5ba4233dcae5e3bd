/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_curve.h"

#include "crypto/crypto_meta.h"

/* The curve rows are markers: the engine matches them by nx_crypto_algorithm and hands them to
 * EC_CURVE_SET. NetX's own ECC methods ask a row for NetX's internal curve object with
 * NX_CRYPTO_EC_CURVE_GET; nxdtls has none to give, so every op fails cleanly (6.6: NetX's ECC methods
 * with nxdtls's curve rows are not supported). */
static UINT curve_operation(UINT op, VOID *handler, NX_CRYPTO_METHOD *method, UCHAR *key,
                            NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                            ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                            ULONG output_length_in_byte, VOID *crypto_metadata,
                            ULONG crypto_metadata_size, VOID *packet_ptr,
                            VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status))
{
    (void)op, (void)handler, (void)method, (void)key, (void)key_size_in_bits, (void)input;
    (void)input_length_in_byte, (void)iv_ptr, (void)output, (void)output_length_in_byte;
    (void)crypto_metadata, (void)crypto_metadata_size, (void)packet_ptr,
        (void)nx_crypto_hw_process_callback;
    return NX_CRYPTO_NOT_SUCCESSFUL;
}

/* clang-format off */
#define CURVE_ROW(alg, bits)                                                                        \
    {.nx_crypto_algorithm = (alg), .nx_crypto_key_size_in_bits = (bits),                            \
     .nx_crypto_IV_size_in_bits = 0, .nx_crypto_ICV_size_in_bits = 0,                               \
     .nx_crypto_block_size_in_bytes = 0, .nx_crypto_metadata_area_size = 0,                         \
     .nx_crypto_init = NULL, .nx_crypto_cleanup = NULL, .nx_crypto_operation = curve_operation}

CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_secp192 = CURVE_ROW(NX_CRYPTO_EC_SECP192R1, 192);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_secp224 = CURVE_ROW(NX_CRYPTO_EC_SECP224R1, 224);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_secp256 = CURVE_ROW(NX_CRYPTO_EC_SECP256R1, 256);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_secp384 = CURVE_ROW(NX_CRYPTO_EC_SECP384R1, 384);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_secp521 = CURVE_ROW(NX_CRYPTO_EC_SECP521R1, 521);
CRYPTO_EXPORT NX_CRYPTO_METHOD crypto_method_ec_x25519 = CURVE_ROW(NX_CRYPTO_EC_X25519, 255);

/* Group names are OpenSSL's (EVP_PKEY_CTX_set_group_name, EVP_PKEY_X25519's key type name). */
static const struct crypto_curve curves[] = {
    {NX_CRYPTO_EC_SECP192R1, "P-192", 24, false},
    {NX_CRYPTO_EC_SECP224R1, "P-224", 28, false},
    {NX_CRYPTO_EC_SECP256R1, "P-256", 32, false},
    {NX_CRYPTO_EC_SECP384R1, "P-384", 48, false},
    {NX_CRYPTO_EC_SECP521R1, "P-521", 66, false},
    {NX_CRYPTO_EC_X25519,    "X25519", 32, true},
};
/* clang-format on */

const NX_CRYPTO_METHOD *crypto_curve_for(UINT ec_algorithm)
{
    switch (ec_algorithm) {
    case NX_CRYPTO_EC_SECP192R1:
        return &crypto_method_ec_secp192;
    case NX_CRYPTO_EC_SECP224R1:
        return &crypto_method_ec_secp224;
    case NX_CRYPTO_EC_SECP256R1:
        return &crypto_method_ec_secp256;
    case NX_CRYPTO_EC_SECP384R1:
        return &crypto_method_ec_secp384;
    case NX_CRYPTO_EC_SECP521R1:
        return &crypto_method_ec_secp521;
    case NX_CRYPTO_EC_X25519:
        return &crypto_method_ec_x25519;
    default:
        return NULL;
    }
}

const struct crypto_curve *crypto_curve_info(UINT ec_algorithm)
{
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++) {
        if (curves[i].algorithm == ec_algorithm) {
            return &curves[i];
        }
    }
    return NULL;
}
