/* SPDX-License-Identifier: MIT */
/* tool_codes: how the tool names status codes and alerts: the library's own names (nxdtls_status_name,
 * nxdtls_alert_name), so that the tool prints `error: NX_SECURE_TLS_ALERT_RECEIVED (0x114)` instead of a
 * bare number, with the library's short description. */
#include "tool_codes.h"

const char *tool_code_name(UINT code)
{
    return nxdtls_status_name(code);
}

const char *tool_alert_name(UINT description)
{
    return description <= 255 ? nxdtls_alert_name((uint8_t)description) : "unknown";
}

void tool_print_error(FILE *f, const char *prefix, UINT code, UINT alert_level,
                      UINT alert_description)
{
    fprintf(f, "%serror: %s (0x%X)", prefix, tool_code_name(code), (unsigned)code);
    if (code == NX_SECURE_TLS_ALERT_RECEIVED && alert_level != 0) {
        fprintf(f, ": peer sent %s alert %s (%u)", alert_level == 2 ? "fatal" : "warning",
                tool_alert_name(alert_description), (unsigned)alert_description);
    } else {
        fprintf(f, ": %s", nxdtls_status_description(code));
    }
    fputc('\n', f);
}
