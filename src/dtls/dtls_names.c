/* SPDX-License-Identifier: MIT */
/* dtls_names: names of the protocol values nxdtls knows, from the IANA TLS registries (cipher suites,
 * alerts, supported groups, signature schemes, handshake types, content types, extensions). */
#include "dtls/dtls_names.h"

#include <stddef.h>

struct name_row {
    uint16_t value;
    const char *name;
};

static const char *lookup(const struct name_row *rows, size_t count, uint16_t value)
{
    for (size_t i = 0; i < count; i++) {
        if (rows[i].value == value) {
            return rows[i].name;
        }
    }
    return "unknown";
}

#define LOOKUP(rows, value) lookup(rows, sizeof rows / sizeof rows[0], value)

/* IANA TLS Cipher Suites: the suites of nxdtls's tables and their near relatives (RFC 4279, 5246, 5288,
 * 5289, 5487, 6655, 7251). */
/* clang-format off */
static const struct name_row suites[] = {
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8"},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM"},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384"},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256"},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA"},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
};

/* RFC 5246 7.2 AlertDescription, RFC 4279 2, RFC 6066 9, RFC 7507 2. */
static const struct name_row alerts[] = {
    {0, "close_notify"},           {10, "unexpected_message"},      {20, "bad_record_mac"},
    {21, "decryption_failed"},     {22, "record_overflow"},         {30, "decompression_failure"},
    {40, "handshake_failure"},     {41, "no_certificate"},          {42, "bad_certificate"},
    {43, "unsupported_certificate"}, {44, "certificate_revoked"},   {45, "certificate_expired"},
    {46, "certificate_unknown"},   {47, "illegal_parameter"},       {48, "unknown_ca"},
    {49, "access_denied"},         {50, "decode_error"},            {51, "decrypt_error"},
    {60, "export_restriction"},    {70, "protocol_version"},        {71, "insufficient_security"},
    {80, "internal_error"},        {86, "inappropriate_fallback"},  {90, "user_canceled"},
    {100, "no_renegotiation"},     {110, "unsupported_extension"},  {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"}, {115, "unknown_psk_identity"},
};

/* IANA Supported Groups (RFC 8422 5.1.1, RFC 7748). */
static const struct name_row groups[] = {
    {23, "secp256r1"}, {24, "secp384r1"}, {25, "secp521r1"}, {29, "x25519"}, {30, "x448"},
};

/* IANA TLS SignatureScheme (RFC 8446 4.2.3 names for the TLS 1.2 hash/signature pairs). */
static const struct name_row schemes[] = {
    {0x0201, "rsa_pkcs1_sha1"},         {0x0203, "ecdsa_sha1"},
    {0x0401, "rsa_pkcs1_sha256"},       {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},       {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},       {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},    {0x0807, "ed25519"},
};

/* RFC 5246 7.4 and RFC 6347 4.3.2 HandshakeType. */
static const struct name_row messages[] = {
    {0, "HelloRequest"},       {1, "ClientHello"},        {2, "ServerHello"},
    {3, "HelloVerifyRequest"}, {11, "Certificate"},       {12, "ServerKeyExchange"},
    {13, "CertificateRequest"}, {14, "ServerHelloDone"},  {15, "CertificateVerify"},
    {16, "ClientKeyExchange"}, {20, "Finished"},
};

static const struct name_row content_types[] = {
    {20, "change_cipher_spec"}, {21, "alert"}, {22, "handshake"}, {23, "application_data"},
    {25, "tls12_cid"},
};

static const struct name_row extensions[] = {
    {0, "server_name"},          {10, "supported_groups"},       {11, "ec_point_formats"},
    {13, "signature_algorithms"}, {22, "encrypt_then_mac"},      {23, "extended_master_secret"},
    {35, "session_ticket"},      {54, "connection_id"},          {0xFF01, "renegotiation_info"},
};
/* clang-format on */

const char *nxdtls_ciphersuite_name(uint16_t suite)
{
    return LOOKUP(suites, suite);
}

const char *nxdtls_alert_name(uint8_t description)
{
    return LOOKUP(alerts, description);
}

const char *nxdtls_group_name(uint16_t group)
{
    return LOOKUP(groups, group);
}

const char *nxdtls_signature_scheme_name(uint16_t scheme)
{
    return LOOKUP(schemes, scheme);
}

const char *nxdtls_message_name(uint8_t handshake_type)
{
    return LOOKUP(messages, handshake_type);
}

const char *dtls_names_content_type(uint8_t type)
{
    return LOOKUP(content_types, type);
}

const char *dtls_names_extension(uint16_t type)
{
    return LOOKUP(extensions, type);
}
