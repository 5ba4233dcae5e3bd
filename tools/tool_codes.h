/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_CODES_H
#define NXDTLS_TOOL_CODES_H

#include <stdio.h>

#include "nxdtls.h"

/* tool_code_name returns the NetX name of a status code ("NX_SECURE_TLS_ALERT_RECEIVED"), or
 * "UNKNOWN_STATUS" (nxdtls_status_name). The string is static. */
const char *tool_code_name(UINT code);

/* tool_alert_name returns the name of an alert description ("handshake_failure"), or "unknown"
 * (nxdtls_alert_name). The string is static. */
const char *tool_alert_name(UINT description);

/* tool_print_error writes "error: NAME (0xHEX): DESCRIPTION" and a newline to f; for
 * NX_SECURE_TLS_ALERT_RECEIVED with a nonzero level, the alert the peer sent instead of the description. */
void tool_print_error(FILE *f, const char *prefix, UINT code, UINT alert_level,
                      UINT alert_description);

#endif
