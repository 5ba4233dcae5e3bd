/* SPDX-License-Identifier: MIT */
/* nx_secure_tls.h: the TLS-level types DTLS shares with NetX Secure TLS: status codes, size constants,
 * the ciphersuite table (docs/netx-api.md 6.2, 6.3), PSK store and the NX_SECURE_TLS_SESSION subset of 2.3. */
#ifndef NX_SECURE_TLS_H
#define NX_SECURE_TLS_H

#ifdef NX_SECURE_INCLUDE_USER_DEFINE_FILE
#include "nx_secure_user.h"
#endif

#include "nx_api.h"
#include "nx_crypto.h"
#include "nx_secure_port.h"
#include "nx_secure_x509.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TLS/DTLS status codes: the NetX Secure DTLS guide, appendix A table 1, and docs/netx-api.md section 11. */
#define NX_SECURE_TLS_SUCCESS                           ((UINT)0x00)
#define NX_SECURE_TLS_SESSION_UNINITIALIZED             ((UINT)0x101)
#define NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE         ((UINT)0x102)
#define NX_SECURE_TLS_INVALID_STATE                     ((UINT)0x103)
#define NX_SECURE_TLS_INVALID_PACKET                    ((UINT)0x104)
#define NX_SECURE_TLS_UNKNOWN_CIPHERSUITE               ((UINT)0x105)
#define NX_SECURE_TLS_UNSUPPORTED_CIPHER                ((UINT)0x106)
#define NX_SECURE_TLS_HANDSHAKE_FAILURE                 ((UINT)0x107)
#define NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE           ((UINT)0x108)
#define NX_SECURE_TLS_TCP_SEND_FAILED                   ((UINT)0x109)
#define NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH          ((UINT)0x10A)
#define NX_SECURE_TLS_BAD_CIPHERSPEC                    ((UINT)0x10B)
#define NX_SECURE_TLS_INVALID_SERVER_CERT               ((UINT)0x10C)
#define NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER         ((UINT)0x10D)
#define NX_SECURE_TLS_NO_SUPPORTED_CIPHERS              ((UINT)0x10E)
#define NX_SECURE_TLS_UNKNOWN_TLS_VERSION               ((UINT)0x10F)
#define NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION           ((UINT)0x110)
#define NX_SECURE_TLS_ALLOCATE_PACKET_FAILED            ((UINT)0x111)
#define NX_SECURE_TLS_INVALID_CERTIFICATE               ((UINT)0x112)
#define NX_SECURE_TLS_NO_CLOSE_RESPONSE                 ((UINT)0x113)
#define NX_SECURE_TLS_ALERT_RECEIVED                    ((UINT)0x114)
#define NX_SECURE_TLS_FINISHED_HASH_FAILURE             ((UINT)0x115)
#define NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM        ((UINT)0x116)
#define NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED      ((UINT)0x117)
#define NX_SECURE_TLS_BAD_COMPRESSION_METHOD            ((UINT)0x118)
#define NX_SECURE_TLS_CERTIFICATE_NOT_FOUND             ((UINT)0x119)
#define NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT          ((UINT)0x11A)
#define NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND      ((UINT)0x11B)
#define NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE              ((UINT)0x11C)
#define NX_SECURE_TLS_INVALID_REMOTE_HOST               ((UINT)0x11D)
#define NX_SECURE_TLS_INVALID_EPOCH                     ((UINT)0x11E)
#define NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED           ((UINT)0x11F)
#define NX_SECURE_TLS_NEED_DTLS_SESSION                 ((UINT)0x120)
#define NX_SECURE_TLS_NEED_TLS_SESSION                  ((UINT)0x121)
#define NX_SECURE_TLS_SEND_ADDRESS_MISMATCH             ((UINT)0x122)
#define NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS             ((UINT)0x123)
#define NX_SECURE_DTLS_SESSION_NOT_FOUND                ((UINT)0x124)
#define NX_SECURE_TLS_NO_MORE_PSK_SPACE                 ((UINT)0x125)
#define NX_SECURE_TLS_NO_MATCHING_PSK                   ((UINT)0x126)
#define NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED             ((UINT)0x127)
#define NX_SECURE_TLS_NO_AVAILABLE_SESSIONS             ((UINT)0x128)
#define NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED           ((UINT)0x129)
#define NX_SECURE_TLS_PADDING_CHECK_FAILED              ((UINT)0x12A)
#define NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE        ((UINT)0x12B)
#define NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG         ((UINT)0x12C)
#define NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE           ((UINT)0x12D)
#define NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED          ((UINT)0x12E)
#define NX_SECURE_TLS_NO_RENEGOTIATION_ERROR            ((UINT)0x12F)
#define NX_SECURE_TLS_UNSUPPORTED_FEATURE               ((UINT)0x130)
#define NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE        ((UINT)0x131)
#define NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED ((UINT)0x132)
#define NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR     ((UINT)0x133)
#define NX_SECURE_TLS_RENEGOTIATION_SESSION_INACTIVE    ((UINT)0x134)
#define NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL           ((UINT)0x135)
#define NX_SECURE_TLS_EXTENSION_NOT_FOUND               ((UINT)0x136)
#define NX_SECURE_TLS_SNI_EXTENSION_INVALID             ((UINT)0x137)
#define NX_SECURE_TLS_CERT_ID_INVALID                   ((UINT)0x138)
#define NX_SECURE_TLS_CERT_ID_DUPLICATE                 ((UINT)0x139)
#define NX_SECURE_TLS_RENEGOTIATION_FAILURE             ((UINT)0x13A)
#define NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE            ((UINT)0x13B)
#define NX_SECURE_TLS_EMPTY_EC_GROUP                    ((UINT)0x13C)
#define NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT             ((UINT)0x13D)
#define NX_SECURE_TLS_BAD_SERVERHELLO_KEYSHARE          ((UINT)0x13E)
#define NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE       ((UINT)0x13F)
#define NX_SECURE_TLS_POST_HANDSHAKE_RECEIVED           ((UINT)0x140)
#define NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE          ((UINT)0x141)
#define NX_SECURE_TLS_1_3_UNKNOWN_CIPHERSUITE           ((UINT)0x142)
#define NX_SECURE_TLS_INVALID_SESSION_TICKET            ((UINT)0x143)
#define NX_SECURE_TLS_MISSING_EXTENSION                 ((UINT)0x144)
#define NX_SECURE_TLS_CERTIFICATE_REQUIRED              ((UINT)0x145)
#define NX_SECURE_TLS_UNEXPECTED_CLIENTHELLO            ((UINT)0x146)
#define NX_SECURE_TLS_INAPPROPRIATE_FALLBACK            ((UINT)0x147)
#define NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION     ((UINT)0x148)
#define NX_SECURE_TLS_PSK_BINDER_MISMATCH               ((UINT)0x149)
#define NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE             ((UINT)0x14A)
#define NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE             ((UINT)0x14B)
#define NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT            ((UINT)0x14C)
#define NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM   ((UINT)0x14D)
#define NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR      ((UINT)0x14E)
#define NX_SECURE_TLS_UNEXPECTED_MESSAGE                ((UINT)0x14F)
#define NX_SECURE_TLS_AEAD_DECRYPT_FAIL                 ((UINT)0x150)
#define NX_SECURE_TLS_RECORD_OVERFLOW                   ((UINT)0x151)
#define NX_SECURE_TLS_HANDSHAKE_FRAGMENT_RECEIVED       ((UINT)0x152)
#define NX_SECURE_TLS_TRANSMIT_LOCKED                   ((UINT)0x153)
#define NX_SECURE_TLS_DOWNGRADE_DETECTED                ((UINT)0x154)

/* Names the guide uses that no NetX header defines (docs/netx-api.md 10, D1). */
#define NX_SECURE_TLS_SESSION_CLOSED     NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED
#define NX_SECURE_TLS_SESSION_CLOSE_FAIL NX_SECURE_TLS_NO_CLOSE_RESPONSE

#ifndef NX_SECURE_ENABLE_ECC_CIPHERSUITE
#ifndef NX_SECURE_DISABLE_ECC_CIPHERSUITE
#define NX_SECURE_ENABLE_ECC_CIPHERSUITE
#endif
#endif

/* Tunables (docs/netx-api.md 1.4); nxdtls defaults follow the decisions of section 10 (C5). */
#ifndef NX_SECURE_TLS_MAX_PSK_SIZE
#define NX_SECURE_TLS_MAX_PSK_SIZE 64
#endif
#ifndef NX_SECURE_TLS_MAX_PSK_ID_SIZE
#define NX_SECURE_TLS_MAX_PSK_ID_SIZE 128
#endif
#ifndef NX_SECURE_TLS_MAX_PSK_KEYS
#define NX_SECURE_TLS_MAX_PSK_KEYS 5
#endif
#ifndef NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE
#define NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE 256
#endif
#ifndef NX_SECURE_TLS_MINIMUM_MESSAGE_BUFFER_SIZE
#define NX_SECURE_TLS_MINIMUM_MESSAGE_BUFFER_SIZE 4000
#endif
#define NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH 16384
#define NX_SECURE_TLS_MAX_HASH_SIZE        32
#define NX_SECURE_TLS_VERSION_TLS_1_2      0x0303
#define NX_SECURE_TLS_ID                   ((ULONG)0x544C5320)

/* Cipher suite identifiers (IANA TLS Cipher Suites registry). */
#define TLS_RSA_WITH_AES_128_CBC_SHA            0x002F
#define TLS_RSA_WITH_AES_256_CBC_SHA            0x0035
#define TLS_RSA_WITH_AES_128_CBC_SHA256         0x003C
#define TLS_RSA_WITH_AES_256_CBC_SHA256         0x003D
#define TLS_PSK_WITH_AES_128_CBC_SHA            0x008C
#define TLS_RSA_WITH_AES_128_GCM_SHA256         0x009C
#define TLS_PSK_WITH_AES_128_GCM_SHA256         0x00A8
#define TLS_PSK_WITH_AES_256_GCM_SHA384         0x00A9
#define TLS_PSK_WITH_AES_128_CBC_SHA256         0x00AE
#define TLS_EMPTY_RENEGOTIATION_INFO_SCSV       0x00FF
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 0xC023
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256   0xC027
#define TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 0xC02B
#define TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 0xC02C
#define TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256   0xC02F
#define TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384   0xC030
#define TLS_PSK_WITH_AES_128_CCM                0xC0A4
#define TLS_PSK_WITH_AES_128_CCM_8              0xC0A8
#define TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8      0xC0AE

/* NX_SECURE_TLS_CIPHERSUITE_INFO: one suite; row order is the server's preference (docs/netx-api.md 6.2). */
typedef struct NX_SECURE_TLS_CIPHERSUITE_INFO_STRUCT {
    USHORT nx_secure_tls_ciphersuite;
    const NX_CRYPTO_METHOD *nx_secure_tls_public_cipher;
    const NX_CRYPTO_METHOD *nx_secure_tls_public_auth;
    const NX_CRYPTO_METHOD *nx_secure_tls_session_cipher;
    USHORT nx_secure_tls_iv_size;
    UCHAR nx_secure_tls_session_key_size;
    const NX_CRYPTO_METHOD *nx_secure_tls_hash;
    USHORT nx_secure_tls_hash_size;
    const NX_CRYPTO_METHOD *nx_secure_tls_prf;
} NX_SECURE_TLS_CIPHERSUITE_INFO;

/* NX_SECURE_TLS_CRYPTO: the table an application passes to session create (docs/netx-api.md 6.3). */
typedef struct NX_SECURE_TLS_CRYPTO_STRUCT {
    NX_SECURE_TLS_CIPHERSUITE_INFO *nx_secure_tls_ciphersuite_lookup_table;
    USHORT nx_secure_tls_ciphersuite_lookup_table_size;
    NX_SECURE_X509_CRYPTO *nx_secure_tls_x509_cipher_table;
    USHORT nx_secure_tls_x509_cipher_table_size;
    const NX_CRYPTO_METHOD *nx_secure_tls_handshake_hash_sha256_method;
    const NX_CRYPTO_METHOD *nx_secure_tls_prf_sha256_method;
} NX_SECURE_TLS_CRYPTO;

/* NX_SECURE_TLS_PSK_STORE: one (key, identity, hint) triple, copied in by nx_secure_dtls_psk_add. */
typedef struct NX_SECURE_TLS_PSK_STORE_STRUCT {
    UCHAR nx_secure_tls_psk_data[NX_SECURE_TLS_MAX_PSK_SIZE];
    UINT nx_secure_tls_psk_data_size;
    UCHAR nx_secure_tls_psk_id[NX_SECURE_TLS_MAX_PSK_ID_SIZE];
    UINT nx_secure_tls_psk_id_size;
    UCHAR nx_secure_tls_psk_id_hint[NX_SECURE_TLS_MAX_PSK_ID_SIZE];
    UINT nx_secure_tls_psk_id_hint_size;
} NX_SECURE_TLS_PSK_STORE;

/* NX_SECURE_TLS_CREDENTIALS: certificates and PSKs of a session. */
typedef struct NX_SECURE_TLS_CREDENTIALS_STRUCT {
    NX_SECURE_X509_CERTIFICATE_STORE nx_secure_tls_certificate_store;
    NX_SECURE_TLS_PSK_STORE nx_secure_tls_psk_store[NX_SECURE_TLS_MAX_PSK_KEYS];
    UINT nx_secure_tls_psk_count;
} NX_SECURE_TLS_CREDENTIALS;

struct NX_SECURE_TLS_SESSION_STRUCT;
typedef ULONG (*NX_SECURE_TLS_CERTIFICATE_CALLBACK)(struct NX_SECURE_TLS_SESSION_STRUCT *session,
                                                    NX_SECURE_X509_CERT *certificate);

/* NX_SECURE_TLS_SESSION: the TLS-level part of a DTLS session that applications reach (docs/netx-api.md 2.3). */
typedef struct NX_SECURE_TLS_SESSION_STRUCT {
    ULONG nx_secure_tls_id;
    NX_SECURE_TLS_CREDENTIALS nx_secure_tls_credentials;
    UINT nx_secure_tls_received_alert_level;
    UINT nx_secure_tls_received_alert_value;
    const NX_SECURE_TLS_CIPHERSUITE_INFO *nx_secure_tls_session_ciphersuite;
    USHORT nx_secure_tls_protocol_version;
    const NX_SECURE_TLS_CRYPTO *nx_secure_tls_crypto_table;
    ULONG (*nx_secure_tls_session_time_function)(VOID);
    NX_SECURE_TLS_CERTIFICATE_CALLBACK nx_secure_tls_session_certificate_callback;
    NX_SECURE_X509_DNS_NAME nx_secure_tls_sni_extension_server_name;
    UINT nx_secure_tls_sni_extension_set;
    const USHORT *nx_secure_tls_ecc_supported_groups;
    USHORT nx_secure_tls_ecc_supported_groups_count;
    const NX_CRYPTO_METHOD **nx_secure_tls_ecc_curves;
    VOID *nx_secure_tls_dtls_session; /* back pointer to the NX_SECURE_DTLS_SESSION */
} NX_SECURE_TLS_SESSION;

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_TLS_H */
