/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_alert.h"

/* docs/netx-api.md 7.8, NetX's mapping with 0x14F added as unexpected_message and 0x1A0 (a keyUsage that forbids
 * the key's use) as unsupported_certificate, the alert RFC 5246 7.2.2 and OpenSSL give an unfit certificate.
 * 0x133 (bad renegotiation_info) is handshake_failure as RFC 5746 3.4 and 3.6 require; the RFC wins on the wire
 * (docs/design.md). */
/* clang-format off */
static const struct {
    uint16_t status;
    uint8_t alert;
} alert_map[] = {
    {0x102, DTLS_ALERT_UNEXPECTED_MESSAGE}, {0x10B, DTLS_ALERT_UNEXPECTED_MESSAGE},
    {0x14F, DTLS_ALERT_UNEXPECTED_MESSAGE},
    {0x108, DTLS_ALERT_BAD_RECORD_MAC},     {0x150, DTLS_ALERT_BAD_RECORD_MAC},
    {0x151, DTLS_ALERT_RECORD_OVERFLOW},
    {0x105, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x106, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x107, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x10E, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x130, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x133, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x134, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x136, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x137, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x13C, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x13D, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x14B, DTLS_ALERT_HANDSHAKE_FAILURE},  {0x14C, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x14D, DTLS_ALERT_HANDSHAKE_FAILURE},
    {0x10C, DTLS_ALERT_BAD_CERTIFICATE},    {0x112, DTLS_ALERT_BAD_CERTIFICATE},
    {0x117, DTLS_ALERT_BAD_CERTIFICATE},    {0x119, DTLS_ALERT_BAD_CERTIFICATE},
    {0x131, DTLS_ALERT_BAD_CERTIFICATE},    {0x132, DTLS_ALERT_BAD_CERTIFICATE},
    {0x19A, DTLS_ALERT_BAD_CERTIFICATE},    {0x196, DTLS_ALERT_BAD_CERTIFICATE},
    {0x182, DTLS_ALERT_BAD_CERTIFICATE},    {0x18E, DTLS_ALERT_BAD_CERTIFICATE},
    {0x10D, DTLS_ALERT_UNSUPPORTED_CERTIFICATE}, {0x12B, DTLS_ALERT_UNSUPPORTED_CERTIFICATE},
    {0x1A0, DTLS_ALERT_UNSUPPORTED_CERTIFICATE},
    {0x199, DTLS_ALERT_CERTIFICATE_REVOKED},
    {0x193, DTLS_ALERT_CERTIFICATE_EXPIRED},
    {0x11A, DTLS_ALERT_CERTIFICATE_UNKNOWN}, {0x116, DTLS_ALERT_CERTIFICATE_UNKNOWN},
    {0x11B, DTLS_ALERT_UNKNOWN_CA},         {0x18C, DTLS_ALERT_UNKNOWN_CA},
    {0x10A, DTLS_ALERT_DECODE_ERROR},
    {0x115, DTLS_ALERT_DECRYPT_ERROR},      {0x14E, DTLS_ALERT_DECRYPT_ERROR},
    {0x10F, DTLS_ALERT_PROTOCOL_VERSION},   {0x110, DTLS_ALERT_PROTOCOL_VERSION},
    {0x12E, DTLS_ALERT_PROTOCOL_VERSION},
    {0x12F, DTLS_ALERT_NO_RENEGOTIATION},   {0x13A, DTLS_ALERT_NO_RENEGOTIATION},
    {0x126, DTLS_ALERT_UNKNOWN_PSK_IDENTITY},
    {0x147, DTLS_ALERT_INAPPROPRIATE_FALLBACK},
};
/* clang-format on */

uint8_t dtls_alert_for(UINT status)
{
    for (size_t i = 0; i < NXD_ARRAY_LEN(alert_map); i++) {
        if (alert_map[i].status == status) {
            return alert_map[i].alert;
        }
    }
    return DTLS_ALERT_INTERNAL_ERROR;
}

bool dtls_alert_parse(struct wire_rd body, uint8_t *level, uint8_t *description)
{
    uint8_t l;
    uint8_t d;
    if (!wire_get_u8(&body, &l) || !wire_get_u8(&body, &d) || !wire_done(&body)) {
        return false;
    }
    if (l != DTLS_ALERT_WARNING && l != DTLS_ALERT_FATAL) {
        return false;
    }
    *level = l;
    *description = d;
    return true;
}
