/* SPDX-License-Identifier: MIT */
/* nx_crypto.h: the NetX crypto method interface (docs/netx-api.md 6.1, 6.6) and the methods nxdtls exports
 * under NetX's names, implemented on OpenSSL 3 libcrypto. An application may build its own
 * NX_CRYPTO_METHOD (a hardware engine) to these conventions; the engine calls only through the table. */
#ifndef NX_CRYPTO_H
#define NX_CRYPTO_H

#include "nx_crypto_const.h"
#include "tx_port.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NX_CRYPTO_NULL
#define NX_CRYPTO_NULL 0
#endif

/* NX_CRYPTO_METHOD: one algorithm. Field order and types are NetX's, so tables written for NetX compile. */
typedef struct NX_CRYPTO_METHOD_STRUCT {
    UINT nx_crypto_algorithm;
    NX_CRYPTO_KEY_SIZE nx_crypto_key_size_in_bits;
    USHORT nx_crypto_IV_size_in_bits;
    USHORT nx_crypto_ICV_size_in_bits;
    ULONG nx_crypto_block_size_in_bytes;
    ULONG nx_crypto_metadata_area_size;
    /* clang-format 14 cannot settle on a layout for these members. */
    /* clang-format off */
    UINT (*nx_crypto_init)(struct NX_CRYPTO_METHOD_STRUCT *method, UCHAR *key,
                           NX_CRYPTO_KEY_SIZE key_size_in_bits, VOID **handler, VOID *crypto_metadata,
                           ULONG crypto_metadata_size);
    UINT (*nx_crypto_cleanup)(VOID *crypto_metadata);
    UINT (*nx_crypto_operation)(UINT op, VOID *handler, struct NX_CRYPTO_METHOD_STRUCT *method,
                                UCHAR *key, NX_CRYPTO_KEY_SIZE key_size_in_bits, UCHAR *input,
                                ULONG input_length_in_byte, UCHAR *iv_ptr, UCHAR *output,
                                ULONG output_length_in_byte, VOID *crypto_metadata,
                                ULONG crypto_metadata_size, VOID *packet_ptr,
                                VOID (*nx_crypto_hw_process_callback)(VOID *packet_ptr, UINT status));
    /* clang-format on */
} NX_CRYPTO_METHOD;

/* NX_CRYPTO_EXTENDED_OUTPUT: a variable-length result (DH public key, shared secret, DER signature). */
typedef struct NX_CRYPTO_EXTENDED_OUTPUT_STRUCT {
    UCHAR *nx_crypto_extended_output_data;
    ULONG nx_crypto_extended_output_length_in_byte; /* capacity */
    ULONG nx_crypto_extended_output_actual_size;    /* set by the method */
} NX_CRYPTO_EXTENDED_OUTPUT;

/* The methods nxdtls provides (OpenSSL 3 backend), under NetX's names. They are not const, as NetX defines
 * them, so that an application's own `extern NX_CRYPTO_METHOD crypto_method_ec_secp192;
extern NX_CRYPTO_METHOD crypto_method_ec_secp224;
extern NX_CRYPTO_METHOD crypto_method_ec_secp256;` agrees with these.
 * secp192r1 and secp224r1 serve tables that list them; the default tables do not. */
extern NX_CRYPTO_METHOD crypto_method_null;
extern NX_CRYPTO_METHOD crypto_method_none;
extern NX_CRYPTO_METHOD crypto_method_auth_psk;
extern NX_CRYPTO_METHOD crypto_method_aes_cbc_128;
extern NX_CRYPTO_METHOD crypto_method_aes_cbc_256;
extern NX_CRYPTO_METHOD crypto_method_aes_ccm_8;
extern NX_CRYPTO_METHOD crypto_method_aes_ccm_16;
extern NX_CRYPTO_METHOD crypto_method_aes_128_gcm_16;
extern NX_CRYPTO_METHOD crypto_method_aes_256_gcm_16;
extern NX_CRYPTO_METHOD crypto_method_sha1;
extern NX_CRYPTO_METHOD crypto_method_sha256;
extern NX_CRYPTO_METHOD crypto_method_sha384;
extern NX_CRYPTO_METHOD crypto_method_sha512;
extern NX_CRYPTO_METHOD crypto_method_hmac_sha1;
extern NX_CRYPTO_METHOD crypto_method_hmac_sha256;
extern NX_CRYPTO_METHOD crypto_method_hmac_sha384;
extern NX_CRYPTO_METHOD crypto_method_hmac_sha512;
extern NX_CRYPTO_METHOD crypto_method_tls_prf_sha256;
extern NX_CRYPTO_METHOD crypto_method_tls_prf_sha384;
extern NX_CRYPTO_METHOD crypto_method_rsa;
extern NX_CRYPTO_METHOD crypto_method_rsa_pss;
extern NX_CRYPTO_METHOD crypto_method_ecdsa;
extern NX_CRYPTO_METHOD crypto_method_ecdh;
extern NX_CRYPTO_METHOD crypto_method_ecdhe;
extern NX_CRYPTO_METHOD crypto_method_ec_secp192;
extern NX_CRYPTO_METHOD crypto_method_ec_secp224;
extern NX_CRYPTO_METHOD crypto_method_ec_secp256;
extern NX_CRYPTO_METHOD crypto_method_ec_secp384;
extern NX_CRYPTO_METHOD crypto_method_ec_secp521;
extern NX_CRYPTO_METHOD crypto_method_ec_x25519;

#ifdef __cplusplus
}
#endif

#endif /* NX_CRYPTO_H */
