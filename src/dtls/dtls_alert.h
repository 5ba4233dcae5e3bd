/* SPDX-License-Identifier: MIT */
/* dtls_alert.h: alert messages (RFC 5246 7.2) and the NetX status -> alert mapping of docs/netx-api.md 7.8. */
#ifndef NXD_DTLS_ALERT_H
#define NXD_DTLS_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"

#define DTLS_ALERT_WARNING 1
#define DTLS_ALERT_FATAL   2

/* RFC 5246 7.2, RFC 4279 2 (115), RFC 7507 (86). */
#define DTLS_ALERT_CLOSE_NOTIFY            0
#define DTLS_ALERT_UNEXPECTED_MESSAGE      10
#define DTLS_ALERT_BAD_RECORD_MAC          20
#define DTLS_ALERT_RECORD_OVERFLOW         22
#define DTLS_ALERT_HANDSHAKE_FAILURE       40
#define DTLS_ALERT_BAD_CERTIFICATE         42
#define DTLS_ALERT_UNSUPPORTED_CERTIFICATE 43
#define DTLS_ALERT_CERTIFICATE_REVOKED     44
#define DTLS_ALERT_CERTIFICATE_EXPIRED     45
#define DTLS_ALERT_CERTIFICATE_UNKNOWN     46
#define DTLS_ALERT_ILLEGAL_PARAMETER       47
#define DTLS_ALERT_UNKNOWN_CA              48
#define DTLS_ALERT_DECODE_ERROR            50
#define DTLS_ALERT_DECRYPT_ERROR           51
#define DTLS_ALERT_PROTOCOL_VERSION        70
#define DTLS_ALERT_INAPPROPRIATE_FALLBACK  86
#define DTLS_ALERT_INTERNAL_ERROR          80
#define DTLS_ALERT_NO_RENEGOTIATION        100
#define DTLS_ALERT_UNKNOWN_PSK_IDENTITY    115

/* dtls_alert_for returns the alert description sent for a fatal NetX status (docs/netx-api.md 7.8; everything
 * unlisted is internal_error). Codes listed under no_renegotiation return 100, sent as a warning. */
uint8_t dtls_alert_for(UINT status);

/* dtls_alert_parse reads an alert record's plaintext: exactly level(1) description(1). Returns false for any
 * other length or an unknown level (the record is then dropped as invalid, RFC 6347 4.1.2.7). */
bool dtls_alert_parse(struct wire_rd body, uint8_t *level, uint8_t *description);

#endif /* NXD_DTLS_ALERT_H */
