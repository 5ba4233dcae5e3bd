/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_CODES_H
#define NXDTLS_TOOL_CODES_H

#include <stdio.h>

#include "nxdtls.h"

/* tool_code_name returns the NetX name of a status code ("NX_SECURE_TLS_ALERT_RECEIVED"), or
 * "UNKNOWN_CODE" for a value no NetX header defines. Where two names share a value (0x127 is also
 * the guide's NX_SECURE_TLS_SESSION_CLOSED) the header's primary name wins. The string is static. */
const char *tool_code_name(UINT code);

/* tool_alert_name returns the RFC 5246 7.2 / RFC 4279 name of an alert description
 * ("handshake_failure"), or "unknown_alert". The string is static. */
const char *tool_alert_name(UINT description);

/* tool_print_error writes "error: NAME (0xHEX)" and a newline to f; for NX_SECURE_TLS_ALERT_RECEIVED it
 * adds the alert the peer sent when level is nonzero. */
void tool_print_error(FILE *f, const char *prefix, UINT code, UINT alert_level,
                      UINT alert_description);

#endif
