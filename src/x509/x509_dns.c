/* SPDX-License-Identifier: MIT */
#include "x509/x509_dns.h"

#include <string.h>

#include "x509/x509_der.h"
#include "x509/x509_ext.h"

#define DNS_NAME_MAX  253u /* RFC 1035 2.3.4 less the trailing root label */
#define DNS_LABEL_MAX 63u

static uint8_t lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c - 'A' + 'a') : c;
}

static bool equal_nocase(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

static bool is_ldh(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* valid_hostname: LDH labels of 1..63 octets not starting or ending with '-' (RFC 1123 2.1),
 * separated by single dots, at most 253 octets, no trailing dot. */
static bool valid_hostname(const uint8_t *s, size_t n)
{
    size_t label = 0;

    if (n == 0 || n > DNS_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (label == 0 || s[i - 1] == '-') {
                return false;
            }
            label = 0;
            continue;
        }
        if (!is_ldh(s[i]) || (label == 0 && s[i] == '-') || ++label > DNS_LABEL_MAX) {
            return false;
        }
    }
    return label != 0 && s[n - 1] != '-';
}

/* match_presented compares one presented dNSName (or CN) with the validated reference name. */
static bool match_presented(const uint8_t *pres, size_t plen, const uint8_t *ref, size_t rlen)
{
    if (plen >= 2 && pres[0] == '*' && pres[1] == '.') {
        const uint8_t *rest = pres + 2;
        size_t rest_len = plen - 2;
        /* The part after "*." is itself a hostname of at least two labels. */
        if (!valid_hostname(rest, rest_len) || memchr(rest, '.', rest_len) == NX_NULL) {
            return false;
        }
        const uint8_t *dot = memchr(ref, '.', rlen);
        if (dot == NX_NULL) {
            return false;
        }
        size_t first = (size_t)(dot - ref);
        /* RFC 6125 6.4.3: no wildcard match into an A-label. */
        if (first == 0 || (first >= 4 && equal_nocase(ref, (const uint8_t *)"xn--", 4))) {
            return false;
        }
        return rlen - first - 1 == rest_len && equal_nocase(dot + 1, rest, rest_len);
    }
    return plen == rlen && valid_hostname(pres, plen) && equal_nocase(pres, ref, rlen);
}

static bool parse_ipv4(const UCHAR *s, size_t n, uint8_t out[4])
{
    size_t part = 0;
    size_t i = 0;

    while (part < 4) {
        size_t digits = 0;
        unsigned v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10u + (unsigned)(s[i] - '0');
            digits++;
            i++;
        }
        /* One to three digits, no leading zero, at most 255. */
        if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[i - digits] == '0')) {
            return false;
        }
        out[part++] = (uint8_t)v;
        if (part < 4) {
            if (i >= n || s[i] != '.') {
                return false;
            }
            i++;
        }
    }
    return i == n;
}

static int hex_value(UCHAR c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* parse_ipv6: RFC 4291 2.2 text forms. */
static bool parse_ipv6(const UCHAR *s, size_t n, uint8_t out[16])
{
    uint8_t words[16];
    size_t count = 0; /* bytes filled in words */
    size_t gap = 16;  /* byte index where "::" stands, 16 = none */
    size_t i = 0;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (n >= 1 && s[0] == ':') {
        return false;
    }
    while (i < n) {
        /* A trailing dotted quad fills the last 4 bytes: a group holding a dot is the last one. */
        const UCHAR *colon = memchr(s + i, ':', n - i);
        size_t group_end = colon != NX_NULL ? (size_t)(colon - s) : n;
        if (memchr(s + i, '.', group_end - i) != NX_NULL) {
            if (colon != NX_NULL) {
                return false;
            }
            if (count > 12 || !parse_ipv4(s + i, n - i, words + count)) {
                return false;
            }
            count += 4;
            i = n;
            break;
        }
        size_t digits = 0;
        unsigned v = 0;
        while (i < n && hex_value(s[i]) >= 0 && digits < 5) {
            v = (v << 4) | (unsigned)hex_value(s[i]);
            digits++;
            i++;
        }
        if (digits == 0 || digits > 4 || count > 14) {
            return false;
        }
        words[count++] = (uint8_t)(v >> 8);
        words[count++] = (uint8_t)v;
        if (i == n) {
            break;
        }
        if (s[i] != ':') {
            return false;
        }
        i++;
        if (i < n && s[i] == ':') {
            if (gap != 16) {
                return false;
            }
            gap = count;
            i++;
        } else if (i == n) {
            return false; /* a single trailing ':' */
        }
    }
    if (gap == 16) {
        if (count != 16) {
            return false;
        }
        memcpy(out, words, 16);
        return true;
    }
    /* "::" stands for at least one zero group. */
    if (count > 14) {
        return false;
    }
    memset(out, 0, 16);
    memcpy(out, words, gap);
    memcpy(out + 16 - (count - gap), words + gap, count - gap);
    return true;
}

bool x509_ip_parse(const UCHAR *text, size_t len, uint8_t out[16], size_t *out_len)
{
    if (memchr(text, ':', len) != NX_NULL) {
        *out_len = 16;
        return parse_ipv6(text, len, out);
    }
    *out_len = 4;
    return parse_ipv4(text, len, out);
}

UINT x509_dns_check(const NX_SECURE_X509_CERT *cert, const UCHAR *name, size_t len, unsigned flags)
{
    uint8_t ip[16];
    size_t ip_len;
    bool is_ip = x509_ip_parse(name, len, ip, &ip_len);
    struct wire_rd names = wire_rd_init(cert->nx_secure_x509_subject_alt_names,
                                        cert->nx_secure_x509_subject_alt_names_length);

    NXD_ENSURE(is_ip || valid_hostname(name, len), NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH);
    while (!wire_done(&names)) {
        uint8_t tag;
        struct wire_rd value;
        uint8_t presented[DNS_NAME_MAX];
        if (x509_general_name_next(&names, &tag, &value) != NX_SUCCESS) {
            return NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH;
        }
        if (is_ip && tag == X509_GN_IP_ADDRESS) {
            if (x509_der_equals(value, ip, ip_len)) {
                return NX_SUCCESS;
            }
        } else if (!is_ip && tag == X509_GN_DNS_NAME && value.len <= sizeof presented) {
            size_t plen = value.len;
            if (plen != 0 && wire_get_copy(&value, presented, plen) &&
                match_presented(presented, plen, name, len)) {
                return NX_SUCCESS;
            }
        }
    }
    /* RFC 6125 6.4.4: the CN only when there is no dNSName; never for IP addresses. */
    if (!is_ip && (flags & X509_DNS_ALLOW_CN) != 0 && !cert->nx_secure_x509_san_has_dns) {
        const NX_SECURE_X509_DISTINGUISHED_NAME *dn = &cert->nx_secure_x509_distinguished_name;
        if (dn->nx_secure_x509_common_name != NX_NULL &&
            match_presented(dn->nx_secure_x509_common_name, dn->nx_secure_x509_common_name_length,
                            name, len)) {
            return NX_SUCCESS;
        }
    }
    return NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH;
}

NXD_X509_EXPORT UINT nx_secure_x509_common_name_dns_check(NX_SECURE_X509_CERT *certificate,
                                                          const UCHAR *dns_tld, UINT dns_tld_length)
{
    NXD_ENSURE(certificate != NX_NULL && dns_tld != NX_NULL, NX_PTR_ERROR);
    return x509_dns_check(certificate, dns_tld, dns_tld_length, X509_DNS_ALLOW_CN);
}

NXD_X509_EXPORT UINT nx_secure_x509_dns_name_initialize(NX_SECURE_X509_DNS_NAME *dns_name,
                                                        const UCHAR *name_string, USHORT length)
{
    NXD_ENSURE(dns_name != NX_NULL && (name_string != NX_NULL || length == 0), NX_PTR_ERROR);
    NXD_ENSURE(length <= NXDTLS_X509_DNS_NAME_MAX, NX_SECURE_X509_NAME_STRING_TOO_LONG);
    if (length != 0) {
        memcpy(dns_name->nx_secure_x509_dns_name, name_string, length);
    }
    dns_name->nx_secure_x509_dns_name_length = length;
    return NX_SUCCESS;
}
