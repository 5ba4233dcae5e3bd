/* SPDX-License-Identifier: MIT */
#include "x509/x509_pem.h"

#include <stdbool.h>
#include <string.h>

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";
static const char pem_dashes[] = "-----";

/* find returns the offset of the first occurrence of needle in text[from, len), or len. */
static size_t find(const UCHAR *text, size_t len, size_t from, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = from; i < len && len - i >= n; i++) {
        if (memcmp(text + i, needle, n) == 0) {
            return i;
        }
    }
    return len;
}

static int b64_value(UCHAR c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

static bool is_space(UCHAR c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* base64_decode: RFC 4648 4, padded; whitespace between characters is skipped. */
static UINT base64_decode(const UCHAR *in, size_t in_len, UCHAR *out, size_t cap, size_t *out_len)
{
    uint32_t acc = 0;
    size_t bits = 0;
    size_t n = 0;
    size_t pad = 0;
    size_t symbols = 0;

    for (size_t i = 0; i < in_len; i++) {
        UCHAR c = in[i];
        if (is_space(c)) {
            continue;
        }
        if (c == '=') {
            pad++;
            symbols++;
            continue;
        }
        int v = b64_value(c);
        /* Data after padding, or a character outside the alphabet. */
        NXD_ENSURE(v >= 0 && pad == 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        symbols++;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            NXD_ENSURE(n < cap, NX_SECURE_X509_INSUFFICIENT_CERT_SPACE);
            out[n++] = (UCHAR)(acc >> bits);
            acc &= (1u << bits) - 1u;
        }
    }
    /* Whole quanta, at most two pad characters, and zero leftover bits. */
    NXD_ENSURE(symbols % 4 == 0 && pad <= 2 && acc == 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
    *out_len = n;
    return NX_SUCCESS;
}

UINT x509_pem_next(const UCHAR *text, size_t len, size_t *pos, const char *label, UCHAR *out,
                   size_t cap, size_t *der_len)
{
    size_t from = *pos;

    for (;;) {
        size_t begin = find(text, len, from, pem_begin);
        NXD_ENSURE(begin < len, NX_SECURE_X509_CERTIFICATE_NOT_FOUND);
        size_t name = begin + strlen(pem_begin);
        size_t name_end = find(text, len, name, pem_dashes);
        NXD_ENSURE(name_end < len, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        size_t name_len = name_end - name;
        NXD_ENSURE(memchr(text + name, '\n', name_len) == NX_NULL,
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        size_t body = name_end + strlen(pem_dashes);
        size_t end = find(text, len, body, pem_end);
        NXD_ENSURE(end < len, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        size_t end_name = end + strlen(pem_end);
        NXD_ENSURE(len - end_name >= name_len + strlen(pem_dashes) &&
                       memcmp(text + end_name, text + name, name_len) == 0 &&
                       memcmp(text + end_name + name_len, pem_dashes, strlen(pem_dashes)) == 0,
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        from = end_name + name_len + strlen(pem_dashes);
        if (label != NX_NULL &&
            (strlen(label) != name_len || memcmp(text + name, label, name_len) != 0)) {
            continue;
        }
        /* RFC 7468 2: no RFC 1421 headers ("Proc-Type:", encrypted keys). */
        NXD_ENSURE(memchr(text + body, ':', end - body) == NX_NULL,
                   NX_SECURE_X509_INVALID_CERTIFICATE_DATA);
        NXD_TRY(base64_decode(text + body, end - body, out, cap, der_len));
        *pos = from;
        return NX_SUCCESS;
    }
}
