/* SPDX-License-Identifier: MIT */
/* x509_pem.h: PEM (RFC 7468) to DER, for the tool and for applications that hold PEM files. No heap:
 * the DER goes into a caller buffer, which may be the PEM text itself (in-place decoding). */
#ifndef NXD_X509_PEM_H
#define NXD_X509_PEM_H

#include <stddef.h>

#include "base/status.h"
#include "nx_secure_x509.h"

/* x509_pem_next finds the next "-----BEGIN <label>-----" ... "-----END <label>-----" block in the len
 * bytes of text at or after *pos whose label is `label` (NUL-terminated; NULL accepts any label; blocks
 * with another label are skipped), base64-decodes its body (whitespace ignored, "=" padding only at
 * the end) into out (cap bytes), sets *der_len and moves *pos past the END line. out may point into
 * text at or before the block's BEGIN line: decoding writes behind what it reads. Returns NX_SUCCESS;
 * NX_SECURE_X509_CERTIFICATE_NOT_FOUND (0x18E) when no further such block exists;
 * NX_SECURE_X509_INSUFFICIENT_CERT_SPACE (0x1A8) when out is too small;
 * NX_SECURE_X509_INVALID_CERTIFICATE_DATA (0x188) for a missing or mismatched END line, RFC 1421
 * headers, or bad base64. */
NXD_MUST_USE UINT x509_pem_next(const UCHAR *text, size_t len, size_t *pos, const char *label,
                                UCHAR *out, size_t cap, size_t *der_len);

#endif /* NXD_X509_PEM_H */
