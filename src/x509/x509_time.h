/* SPDX-License-Identifier: MIT */
/* x509_time.h: certificate and CRL times (RFC 5280 4.1.2.5) to seconds since 1970-01-01T00:00:00Z. */
#ifndef NXD_X509_TIME_H
#define NXD_X509_TIME_H

#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"

/* x509_time_parse converts the contents of a UTCTime (tag 0x17, "YYMMDDHHMMSSZ", years 1950-2049) or a
 * GeneralizedTime (tag 0x18, "YYYYMMDDHHMMSSZ") into seconds since the epoch. Only these exact DER
 * forms are accepted (RFC 5280 4.1.2.5.1-2: seconds present, no fraction, "Z"); anything else, or a
 * field out of range, gives NX_SECURE_X509_INVALID_DATE_FORMAT. Times before 1970 become 0. */
NXD_MUST_USE UINT x509_time_parse(uint8_t tag, struct wire_rd value, uint64_t *seconds);

/* x509_time_from_civil returns the seconds since the epoch of a valid proleptic Gregorian UTC date and
 * time with year >= 1970 (used by the parser and by tools that read RFC 3339 times). */
uint64_t x509_time_from_civil(uint32_t year, uint32_t month, uint32_t day, uint32_t hour,
                              uint32_t minute, uint32_t second);

#endif /* NXD_X509_TIME_H */
