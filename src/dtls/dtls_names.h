/* SPDX-License-Identifier: MIT */
/* dtls_names.h: names of protocol values for logs and tools. The public functions are declared in nxdtls.h
 * (nxdtls_ciphersuite_name, nxdtls_alert_name, nxdtls_group_name, nxdtls_signature_scheme_name,
 * nxdtls_message_name); these are the engine's own. */
#ifndef NXD_DTLS_NAMES_H
#define NXD_DTLS_NAMES_H

#include <stdint.h>

#include "nxdtls.h"

/* dtls_names_content_type returns "handshake", "alert", "change_cipher_spec", "application_data" or
 * "unknown" (RFC 5246 6.2.1 ContentType). */
const char *dtls_names_content_type(uint8_t type);

/* dtls_names_extension returns the name of a hello extension (RFC 6066, 8422, 5246, 7627, 5746), or
 * "unknown". */
const char *dtls_names_extension(uint16_t type);

#endif /* NXD_DTLS_NAMES_H */
