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

/* The sizes of the PSK store inside NX_SECURE_TLS_SESSION (and so NX_SECURE_DTLS_SESSION and _SERVER), fixed
 * when the library is built: the library and the application must agree on the layout of the control
 * blocks they share. A configuration (nx_secure_user.h, -D) that sets NX_SECURE_TLS_MAX_PSK_SIZE,
 * _MAX_PSK_ID_SIZE or _MAX_PSK_KEYS keeps its values for its own code, but the store keeps these sizes and
 * the library its limits (a longer key or one more key is refused: NX_SECURE_TLS_NO_MORE_PSK_SPACE). */
#define NXDTLS_PSK_SIZE_MAX    64
#define NXDTLS_PSK_ID_SIZE_MAX 128
#define NXDTLS_PSK_KEYS_MAX    5

/* Tunables (docs/netx-api.md 1.4); nxdtls defaults follow the decisions of section 10 (C5). */
#ifndef NX_SECURE_TLS_MAX_PSK_SIZE
#define NX_SECURE_TLS_MAX_PSK_SIZE NXDTLS_PSK_SIZE_MAX
#endif
#ifndef NX_SECURE_TLS_MAX_PSK_ID_SIZE
#define NX_SECURE_TLS_MAX_PSK_ID_SIZE NXDTLS_PSK_ID_SIZE_MAX
#endif
#ifndef NX_SECURE_TLS_MAX_PSK_KEYS
#define NX_SECURE_TLS_MAX_PSK_KEYS NXDTLS_PSK_KEYS_MAX
#endif
#ifndef NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE
#define NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE 256
#endif
#ifndef NX_SECURE_TLS_MINIMUM_MESSAGE_BUFFER_SIZE
#define NX_SECURE_TLS_MINIMUM_MESSAGE_BUFFER_SIZE 4000
#endif
#define NX_SECURE_TLS_ID ((ULONG)0x544C5320)

/* NetX Secure's version (the API nxdtls follows), and the memory functions its code names. */
#define AZURE_RTOS_NETX_SECURE
#define NETX_SECURE_MAJOR_VERSION 6
#define NETX_SECURE_MINOR_VERSION 4
#define NETX_SECURE_PATCH_VERSION 2
#ifndef NX_SECURE_MEMCPY
#define NX_SECURE_MEMCPY memcpy
#endif
#ifndef NX_SECURE_MEMCMP
#define NX_SECURE_MEMCMP memcmp
#endif
#ifndef NX_SECURE_MEMSET
#define NX_SECURE_MEMSET memset
#endif
#ifndef NX_SECURE_MEMMOVE
#define NX_SECURE_MEMMOVE memmove
#endif

/* Protocols and versions. nxdtls implements DTLS 1.2 only: of NetX's version switches, only
 * NX_SECURE_TLS_TLS_1_2_ENABLED is defined (the others are left undefined), and NX_SECURE_ENABLE_DTLS and
 * NX_SECURE_ENABLE_PSK_CIPHERSUITES are on. */
#define NX_SECURE_TLS  0
#define NX_SECURE_DTLS 1
#ifndef NX_SECURE_ENABLE_DTLS
#define NX_SECURE_ENABLE_DTLS
#endif
#ifndef NX_SECURE_ENABLE_PSK_CIPHERSUITES
#define NX_SECURE_ENABLE_PSK_CIPHERSUITES
#endif
#define NX_SECURE_TLS_TLS_1_2_ENABLED   (1)
#define NX_SECURE_TLS_VERSION_MAJOR_3   0x3
#define NX_SECURE_SSL_VERSION_MINOR_3_0 0x0
#define NX_SECURE_TLS_VERSION_MINOR_1_0 0x1
#define NX_SECURE_TLS_VERSION_MINOR_1_1 0x2
#define NX_SECURE_TLS_VERSION_MINOR_1_2 0x3
#define NX_SECURE_TLS_VERSION_MINOR_1_3 0x4
#define NX_SECURE_TLS_VERSION_SSL_3_0   0x0300
#define NX_SECURE_TLS_VERSION_TLS_1_0   0x0301
#define NX_SECURE_TLS_VERSION_TLS_1_1   0x0302
#define NX_SECURE_TLS_VERSION_TLS_1_2   0x0303
#define NX_SECURE_TLS_VERSION_TLS_1_3   0x0304
#define NX_SECURE_TLS_NUM_VERSIONS      (4)

/* Session types and handshake states (NetX's values). */
#define NX_SECURE_TLS_SESSION_TYPE_NONE                0
#define NX_SECURE_TLS_SESSION_TYPE_CLIENT              1
#define NX_SECURE_TLS_SESSION_TYPE_SERVER              2
#define NX_SECURE_TLS_SERVER_STATE_IDLE                0
#define NX_SECURE_TLS_SERVER_STATE_ERROR               1
#define NX_SECURE_TLS_SERVER_STATE_ALERT_SENT          2
#define NX_SECURE_TLS_SERVER_STATE_SEND_HELLO          3
#define NX_SECURE_TLS_SERVER_STATE_SEND_HELLO_VERIFY   4
#define NX_SECURE_TLS_SERVER_STATE_HELLO_SENT          5
#define NX_SECURE_TLS_SERVER_STATE_CLIENT_CERTIFICATE  6
#define NX_SECURE_TLS_SERVER_STATE_KEY_EXCHANGE        7
#define NX_SECURE_TLS_SERVER_STATE_CERTIFICATE_VERIFY  8
#define NX_SECURE_TLS_SERVER_STATE_FINISH_HANDSHAKE    9
#define NX_SECURE_TLS_SERVER_STATE_HANDSHAKE_FINISHED  10
#define NX_SECURE_TLS_SERVER_STATE_HELLO_REQUEST       11
#define NX_SECURE_TLS_CLIENT_STATE_IDLE                0
#define NX_SECURE_TLS_CLIENT_STATE_ERROR               1
#define NX_SECURE_TLS_CLIENT_STATE_ALERT_SENT          2
#define NX_SECURE_TLS_CLIENT_STATE_HELLO_REQUEST       3
#define NX_SECURE_TLS_CLIENT_STATE_HELLO_VERIFY        4
#define NX_SECURE_TLS_CLIENT_STATE_SERVERHELLO         5
#define NX_SECURE_TLS_CLIENT_STATE_SERVER_CERTIFICATE  6
#define NX_SECURE_TLS_CLIENT_STATE_SERVER_KEY_EXCHANGE 7
#define NX_SECURE_TLS_CLIENT_STATE_CERTIFICATE_REQUEST 8
#define NX_SECURE_TLS_CLIENT_STATE_SERVERHELLO_DONE    9
#define NX_SECURE_TLS_CLIENT_STATE_HANDSHAKE_FINISHED  10
#define NX_SECURE_TLS_CLIENT_STATE_RENEGOTIATING       11

/* Record types and handshake message types (RFC 5246 6.2.1, 7.4; RFC 6347 4.2.2). */
#define NX_SECURE_TLS_CHANGE_CIPHER_SPEC   20
#define NX_SECURE_TLS_ALERT                21
#define NX_SECURE_TLS_HANDSHAKE            22
#define NX_SECURE_TLS_APPLICATION_DATA     23
#define NX_SECURE_TLS_HELLO_REQUEST        0
#define NX_SECURE_TLS_CLIENT_HELLO         1
#define NX_SECURE_TLS_SERVER_HELLO         2
#define NX_SECURE_TLS_HELLO_VERIFY_REQUEST 3
#define NX_SECURE_TLS_NEW_SESSION_TICKET   4
#define NX_SECURE_TLS_END_OF_EARLY_DATA    5
#define NX_SECURE_TLS_ENCRYPTED_EXTENSIONS 8
#define NX_SECURE_TLS_CERTIFICATE_MSG      11
#define NX_SECURE_TLS_SERVER_KEY_EXCHANGE  12
#define NX_SECURE_TLS_CERTIFICATE_REQUEST  13
#define NX_SECURE_TLS_SERVER_HELLO_DONE    14
#define NX_SECURE_TLS_CERTIFICATE_VERIFY   15
#define NX_SECURE_TLS_CLIENT_KEY_EXCHANGE  16
#define NX_SECURE_TLS_FINISHED             20
#define NX_SECURE_TLS_CERTIFICATE_URL      21
#define NX_SECURE_TLS_CERTIFICATE_STATUS   22
#define NX_SECURE_TLS_KEY_UPDATE           24
#define NX_SECURE_TLS_INVALID_MESSAGE      100
#define NX_SECURE_TLS_MESSAGE_HASH         254

/* Alerts (RFC 5246 7.2, RFC 8446 6) and levels. */
#define NX_SECURE_TLS_ALERT_CLOSE_NOTIFY                0
#define NX_SECURE_TLS_ALERT_UNEXPECTED_MESSAGE          10
#define NX_SECURE_TLS_ALERT_BAD_RECORD_MAC              20
#define NX_SECURE_TLS_ALERT_DECRYPTION_FAILED_RESERVED  21
#define NX_SECURE_TLS_ALERT_RECORD_OVERFLOW             22
#define NX_SECURE_TLS_ALERT_DECOMPRESSION_FAILURE       30
#define NX_SECURE_TLS_ALERT_HANDSHAKE_FAILURE           40
#define NX_SECURE_TLS_ALERT_NO_CERTIFICATE_RESERVED     41
#define NX_SECURE_TLS_ALERT_BAD_CERTIFICATE             42
#define NX_SECURE_TLS_ALERT_UNSUPPORTED_CERTIFICATE     43
#define NX_SECURE_TLS_ALERT_CERTIFICATE_REVOKED         44
#define NX_SECURE_TLS_ALERT_CERTIFICATE_EXPIRED         45
#define NX_SECURE_TLS_ALERT_CERTIFICATE_UNKNOWN         46
#define NX_SECURE_TLS_ALERT_ILLEGAL_PARAMETER           47
#define NX_SECURE_TLS_ALERT_UNKNOWN_CA                  48
#define NX_SECURE_TLS_ALERT_ACCESS_DENIED               49
#define NX_SECURE_TLS_ALERT_DECODE_ERROR                50
#define NX_SECURE_TLS_ALERT_DECRYPT_ERROR               51
#define NX_SECURE_TLS_ALERT_EXPORT_RESTRICTION_RESERVED 60
#define NX_SECURE_TLS_ALERT_PROTOCOL_VERSION            70
#define NX_SECURE_TLS_ALERT_INSUFFICIENT_SECURITY       71
#define NX_SECURE_TLS_ALERT_INTERNAL_ERROR              80
#define NX_SECURE_TLS_ALERT_INAPPROPRIATE_FALLBACK      86
#define NX_SECURE_TLS_ALERT_USER_CANCELED               90
#define NX_SECURE_TLS_ALERT_NO_RENEGOTIATION            100
#define NX_SECURE_TLS_ALERT_MISSING_EXTENSION           109
#define NX_SECURE_TLS_ALERT_UNSUPPORTED_EXTENSION       110
#define NX_SECURE_TLS_ALERT_UNKNOWN_PSK_IDENTITY        115
#define NX_SECURE_TLS_ALERT_CERTIFICATE_REQUIRED        116
#define NX_SECURE_TLS_ALERT_LEVEL_WARNING               0x1
#define NX_SECURE_TLS_ALERT_LEVEL_FATAL                 0x2

/* Certificate types (RFC 5246 7.4.4, RFC 8422 5.5), hash and signature algorithms of
 * signature_algorithms (RFC 5246 7.4.1.4.1) and their packed values. */
#define NX_SECURE_TLS_CERT_TYPE_NONE                0
#define NX_SECURE_TLS_CERT_TYPE_RSA_SIGN            1
#define NX_SECURE_TLS_CERT_TYPE_DSS_SIGN            2
#define NX_SECURE_TLS_CERT_TYPE_RSA_FIXED_DH        3
#define NX_SECURE_TLS_CERT_TYPE_DSS_FIXED_DH        4
#define NX_SECURE_TLS_CERT_TYPE_RSA_EPHEMERAL_DH    5
#define NX_SECURE_TLS_CERT_TYPE_DSS_EPHEMERAL_DH    6
#define NX_SECURE_TLS_CERT_TYPE_FORTEZZA_DMS        20
#define NX_SECURE_TLS_CERT_TYPE_ECDSA_SIGN          64
#define NX_SECURE_TLS_CERT_TYPE_RSA_FIXED_ECDH      65
#define NX_SECURE_TLS_CERT_TYPE_ECDSA_FIXED_ECDH    66
#define NX_SECURE_TLS_HASH_ALGORITHM_NONE           0
#define NX_SECURE_TLS_HASH_ALGORITHM_MD5            1
#define NX_SECURE_TLS_HASH_ALGORITHM_SHA1           2
#define NX_SECURE_TLS_HASH_ALGORITHM_SHA224         3
#define NX_SECURE_TLS_HASH_ALGORITHM_SHA256         4
#define NX_SECURE_TLS_HASH_ALGORITHM_SHA384         5
#define NX_SECURE_TLS_HASH_ALGORITHM_SHA512         6
#define NX_SECURE_TLS_SIGNATURE_ALGORITHM_ANONYMOUS 0
#define NX_SECURE_TLS_SIGNATURE_ALGORITHM_RSA       1
#define NX_SECURE_TLS_SIGNATURE_ALGORITHM_DSA       2
#define NX_SECURE_TLS_SIGNATURE_ALGORITHM_ECDSA     3
#define NX_SECURE_TLS_SIGNATURE_RSA_MD5             ((UINT)0x0101)
#define NX_SECURE_TLS_SIGNATURE_RSA_SHA1            ((UINT)0x0201)
#define NX_SECURE_TLS_SIGNATURE_RSA_SHA256          ((UINT)0x0401)
#define NX_SECURE_TLS_SIGNATURE_RSA_SHA384          ((UINT)0x0501)
#define NX_SECURE_TLS_SIGNATURE_RSA_SHA512          ((UINT)0x0601)
#define NX_SECURE_TLS_SIGNATURE_ECDSA_SHA1          ((UINT)0x0203)
#define NX_SECURE_TLS_SIGNATURE_ECDSA_SHA224        ((UINT)0x0303)
#define NX_SECURE_TLS_SIGNATURE_ECDSA_SHA256        ((UINT)0x0403)
#define NX_SECURE_TLS_SIGNATURE_ECDSA_SHA384        ((UINT)0x0503)
#define NX_SECURE_TLS_SIGNATURE_ECDSA_SHA512        ((UINT)0x0603)

/* Extension types (IANA TLS ExtensionType registry). */
#define NX_SECURE_TLS_EXTENSION_SERVER_NAME_INDICATION     (0x0000)
#define NX_SECURE_TLS_EXTENSION_MAX_FRAGMENT_LENGTH        (0x0001)
#define NX_SECURE_TLS_EXTENSION_CLIENT_CERTIFICATE_URL     (0x0002)
#define NX_SECURE_TLS_EXTENSION_TRUSTED_CA_INDICATION      (0x0003)
#define NX_SECURE_TLS_EXTENSION_TRUNCATED_HMAC             (0x0004)
#define NX_SECURE_TLS_EXTENSION_CERTIFICATE_STATUS_REQUEST (0x0005)
#define NX_SECURE_TLS_EXTENSION_EC_GROUPS                  (0x000A)
#define NX_SECURE_TLS_EXTENSION_EC_POINT_FORMATS           (0x000B)
#define NX_SECURE_TLS_EXTENSION_SIGNATURE_ALGORITHMS       (0x000D)
#define NX_SECURE_TLS_EXTENSION_SECURE_RENEGOTIATION       (0xFF01)
#define NX_SECURE_TLS_SNI_NAME_TYPE_DNS                    (0x0)
#define NX_SECURE_TLS_HELLO_EXTENSIONS_MAX                 (10)

/* Sizes (NetX's values; the DTLS ones are in nx_secure_dtls.h). */
#define NX_SECURE_TLS_RANDOM_SIZE           (32)
#define NX_SECURE_TLS_MAX_HASH_SIZE         (32)
#define NX_SECURE_TLS_RSA_PREMASTER_SIZE    (48)
#define NX_SECURE_TLS_EC_PREMASTER_SIZE     (68)
#define NX_SECURE_TLS_MASTER_SIZE           (48)
#define NX_SECURE_TLS_MAX_KEY_SIZE          (32)
#define NX_SECURE_TLS_MAX_IV_SIZE           (16)
#define NX_SECURE_TLS_SESSION_ID_SIZE       (256)
#define NX_SECURE_TLS_SEQUENCE_NUMBER_SIZE  (2)
#define NX_SECURE_TLS_RECORD_HEADER_SIZE    (5)
#define NX_SECURE_TLS_HANDSHAKE_HEADER_SIZE (4)
#define NX_SECURE_TLS_FINISHED_HASH_SIZE    (12)
#define NX_SECURE_TLS_MAX_CIPHER_BLOCK_SIZE (128)
#define NX_SECURE_TLS_MAX_CIPHERTEXT_LENGTH (18432)
#define NX_SECURE_TLS_MAX_PLAINTEXT_LENGTH  (16384)
#define NX_SECURE_TLS_KEY_MATERIAL_SIZE \
    (2 * (NX_SECURE_TLS_MAX_HASH_SIZE + NX_SECURE_TLS_MAX_KEY_SIZE + NX_SECURE_TLS_MAX_IV_SIZE))
#define NX_SECURE_TLS_KEY_SET_LOCAL  0
#define NX_SECURE_TLS_KEY_SET_REMOTE 1

/* Key exchange, PRF and hash ids under NetX's older names. */
#define TLS_CIPHER_RSA      NX_CRYPTO_KEY_EXCHANGE_RSA
#define TLS_PUBLIC_AUTH_PSK NX_CRYPTO_KEY_EXCHANGE_PSK
#define TLS_PRF_SHA_256     NX_CRYPTO_PRF_HMAC_SHA2_256
#define TLS_HASH_SHA_1      NX_CRYPTO_HASH_SHA1
#define TLS_HASH_SHA_256    NX_CRYPTO_HASH_SHA256
#define TLS_HASH_SHA_384    NX_CRYPTO_HASH_SHA384
#define TLS_HASH_SHA_512    NX_CRYPTO_HASH_SHA512

/* NetX releases TLS packets with nx_packet_release unless NX_SECURE_KEY_CLEAR asks for wiping. */
#define nx_secure_tls_packet_release nx_packet_release

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
/* The other suite numbers NetX names (these suites are not implemented: docs/porting.md). */
#define TLS_NULL_WITH_NULL_NULL                 0x0000
#define TLS_RSA_WITH_NULL_MD5                   0x0001
#define TLS_RSA_WITH_NULL_SHA                   0x0002
#define TLS_DH_DSS_WITH_AES_128_CBC_SHA         0x0030
#define TLS_DH_RSA_WITH_AES_128_CBC_SHA         0x0031
#define TLS_DHE_DSS_WITH_AES_128_CBC_SHA        0x0032
#define TLS_DHE_RSA_WITH_AES_128_CBC_SHA        0x0033
#define TLS_DH_anon_WITH_AES_128_CBC_SHA        0x0034
#define TLS_DH_DSS_WITH_AES_256_CBC_SHA         0x0036
#define TLS_DH_RSA_WITH_AES_256_CBC_SHA         0x0037
#define TLS_DHE_DSS_WITH_AES_256_CBC_SHA        0x0038
#define TLS_DHE_RSA_WITH_AES_256_CBC_SHA        0x0039
#define TLS_DH_anon_WITH_AES_256_CBC_SHA        0x003A
#define TLS_PSK_WITH_AES_256_CBC_SHA            0x008D
#define TLS_RSA_WITH_AES_256_GCM_SHA384         0x009D
#define TLS_ECDH_ECDSA_WITH_NULL_SHA            0xC001
#define TLS_ECDH_ECDSA_WITH_RC4_128_SHA         0xC002
#define TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA    0xC003
#define TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA     0xC004
#define TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA     0xC005
#define TLS_ECDHE_ECDSA_WITH_NULL_SHA           0xC006
#define TLS_ECDHE_ECDSA_WITH_RC4_128_SHA        0xC007
#define TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA   0xC008
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA    0xC009
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA    0xC00A
#define TLS_ECDH_RSA_WITH_NULL_SHA              0xC00B
#define TLS_ECDH_RSA_WITH_RC4_128_SHA           0xC00C
#define TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA      0xC00D
#define TLS_ECDH_RSA_WITH_AES_128_CBC_SHA       0xC00E
#define TLS_ECDH_RSA_WITH_AES_256_CBC_SHA       0xC00F
#define TLS_ECDHE_RSA_WITH_NULL_SHA             0xC010
#define TLS_ECDHE_RSA_WITH_RC4_128_SHA          0xC011
#define TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA     0xC012
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA      0xC013
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA      0xC014
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 0xC024
#define TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256  0xC025
#define TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384  0xC026
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384   0xC028
#define TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256    0xC029
#define TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384    0xC02A
#define TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256  0xC02D
#define TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384  0xC02E
#define TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256    0xC031
#define TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384    0xC032
#define TLS_ECJPAKE_WITH_AES_128_CCM_8          0xC0FF
#define TLS_AES_128_GCM_SHA256                  0x1301
#define TLS_AES_256_GCM_SHA384                  0x1302
#define TLS_AES_128_CCM_SHA256                  0x1304
#define TLS_AES_128_CCM_8_SHA256                0x1305
#define TLS_FALLBACK_NOTIFY_SCSV                0x5600

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
    UCHAR nx_secure_tls_psk_data[NXDTLS_PSK_SIZE_MAX];
    UINT nx_secure_tls_psk_data_size;
    UCHAR nx_secure_tls_psk_id[NXDTLS_PSK_ID_SIZE_MAX];
    UINT nx_secure_tls_psk_id_size;
    UCHAR nx_secure_tls_psk_id_hint[NXDTLS_PSK_ID_SIZE_MAX];
    UINT nx_secure_tls_psk_id_hint_size;
} NX_SECURE_TLS_PSK_STORE;

/* NX_SECURE_TLS_CREDENTIALS: certificates and PSKs of a session. */
typedef struct NX_SECURE_TLS_CREDENTIALS_STRUCT {
    NX_SECURE_X509_CERTIFICATE_STORE nx_secure_tls_certificate_store;
    NX_SECURE_TLS_PSK_STORE nx_secure_tls_psk_store[NXDTLS_PSK_KEYS_MAX];
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
    /* NetX's members applications and tests read: NX_SECURE_TLS_SESSION_TYPE_CLIENT or _SERVER once a
     * handshake starts; local and remote encryption on (NX_TRUE) from the completed handshake until the
     * session is ended or reset, as after NetX's ChangeCipherSpec in both directions. */
    UINT nx_secure_tls_socket_type;
    UCHAR nx_secure_tls_remote_session_active;
    UCHAR nx_secure_tls_local_session_active;
} NX_SECURE_TLS_SESSION;

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_TLS_H */
