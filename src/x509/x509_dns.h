/* SPDX-License-Identifier: MIT */
/* x509_dns.h: does a certificate name the host we meant to reach (RFC 6125, RFC 9525)?
 *
 * Rules: a reference name that is an IPv4 or IPv6 literal matches only iPAddress subjectAltNames
 * (byte compare of the address). Any other reference name must be a hostname (LDH labels, RFC 1123
 * 2.1, no trailing dot, at most 253 octets) and is compared, ASCII case-insensitively, with each
 * dNSName subjectAltName; the subject common name is consulted only when X509_DNS_ALLOW_CN is given
 * AND the certificate has no dNSName at all. A presented "*" matches exactly one whole non-empty
 * label, only as the entire leftmost label, only with at least two labels after it ("*.com" never
 * matches), and never where the reference label is an IDN A-label ("xn--"). */
#ifndef NXD_X509_DNS_H
#define NXD_X509_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nx_secure_x509.h"

/* Flags for x509_dns_check. */
#define X509_DNS_ALLOW_CN 0x1u /* fall back to the common name when there is no dNSName (NetX) */

/* x509_dns_check returns NX_SUCCESS when the certificate names `name` (len bytes, no NUL needed),
 * else NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195). */
NXD_MUST_USE UINT x509_dns_check(const NX_SECURE_X509_CERT *cert, const UCHAR *name, size_t len,
                                 unsigned flags);

/* x509_ip_parse parses an IPv4 dotted quad (four decimal octets without leading zeros) or an IPv6
 * address (RFC 4291 2.2, "::" and a trailing dotted quad allowed) into out (4 or 16 bytes). */
bool x509_ip_parse(const UCHAR *text, size_t len, uint8_t out[16], size_t *out_len);

#endif /* NXD_X509_DNS_H */
