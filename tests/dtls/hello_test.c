/* SPDX-License-Identifier: MIT */
/* hello_test: the ClientHello parser (RFC 6347 4.2.1, RFC 5246 7.4.1.2) on good and hostile bodies, the
 * head parser on every prefix of a body (a first fragment), and the HelloVerifyRequest writer byte for
 * byte. */
#include "dtls/dtls_hello.h"

#include <string.h>

#include "simnet.h"
#include "test.h"

static const uint16_t suites[] = {0xC0A8, 0x00AE};

static UINT parse(const uint8_t *p, size_t n, struct dtls_client_hello *ch)
{
    return dtls_client_hello_parse(wire_rd_init(p, n), ch);
}

/* body builds a ClientHello body by hand from its pieces. */
static size_t body(uint8_t *out, size_t sid_len, size_t cookie_len, size_t suites_len,
                   size_t comp_len, const uint8_t *ext, size_t ext_len)
{
    struct wire_wr w = wire_wr_init(out, 4096);
    wire_put_u16(&w, 0xFEFD);
    for (int i = 0; i < 32; i++) {
        wire_put_u8(&w, (uint8_t)i);
    }
    wire_put_u8(&w, (uint8_t)sid_len);
    for (size_t i = 0; i < sid_len; i++) {
        wire_put_u8(&w, 0xAA);
    }
    wire_put_u8(&w, (uint8_t)cookie_len);
    for (size_t i = 0; i < cookie_len; i++) {
        wire_put_u8(&w, 0xBB);
    }
    wire_put_u16(&w, (uint16_t)suites_len);
    for (size_t i = 0; i < suites_len; i++) {
        wire_put_u8(&w, (uint8_t)(i % 2 == 0 ? 0xC0 : 0xA8));
    }
    wire_put_u8(&w, (uint8_t)comp_len);
    for (size_t i = 0; i < comp_len; i++) {
        wire_put_u8(&w, 0);
    }
    wire_put_bytes(&w, ext, ext_len);
    return w.len;
}

static void good(void)
{
    uint8_t random[32];
    for (int i = 0; i < 32; i++) {
        random[i] = (uint8_t)(0x40 + i);
    }
    uint8_t cookie[32];
    memset(cookie, 0x77, sizeof cookie);
    uint8_t b[1024];
    size_t n = simnet_client_hello_body(b, sizeof b, random, cookie, sizeof cookie, suites, 2);
    struct dtls_client_hello ch;
    EXPECT_OK(parse(b, n, &ch));
    EXPECT(ch.client_version == 0xFEFD);
    EXPECT_MEM(ch.random, random, 32);
    EXPECT(ch.session_id.len == 0);
    EXPECT(ch.cookie.len == 32 && memcmp(ch.cookie.p, cookie, 32) == 0);
    EXPECT(ch.cipher_suites.len == 4 && ch.compression.len == 1);
    EXPECT(ch.has_extensions == 1 && ch.extensions.len == 9);

    /* Truncated at every length: only the cut right after compression_methods is itself a valid hello
     * (no extensions); every other cut overruns a vector. */
    size_t comp_end = n - 2 - 9;
    for (size_t cut = 0; cut < n; cut++) {
        UINT want = cut == comp_end ? NX_SUCCESS : NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH;
        EXPECT_CODE(parse(b, cut, &ch), want);
    }
    EXPECT_OK(parse(b, comp_end, &ch));
    EXPECT(ch.has_extensions == 0 && ch.extensions.len == 0);

    /* Overstate every length field by one: the vector runs into the next field or off the end. */
    size_t offsets[] = {34, 35, 35 + 1 + 32, 35 + 1 + 32 + 2 + 4};
    for (size_t i = 0; i < NXD_ARRAY_LEN(offsets); i++) {
        uint8_t c[1024];
        memcpy(c, b, n);
        c[offsets[i]]++;
        EXPECT(parse(c, n, &ch) != NX_SUCCESS);
    }
}

static void hostile(void)
{
    uint8_t b[4096];
    struct dtls_client_hello ch;
    static const uint8_t empty_ext[] = {0, 0};
    static const uint8_t one_ext[] = {0, 5, 0xFF, 0x01, 0, 1, 0};
    size_t n;

    n = body(b, 32, 0, 2, 1, NULL, 0);
    EXPECT_OK(parse(b, n, &ch));
    n = body(b, 33, 0, 2, 1, NULL, 0);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    n = body(b, 0, 255, 2, 1, NULL, 0);
    EXPECT_OK(parse(b, n, &ch));
    EXPECT(ch.cookie.len == 255);
    n = body(b, 0, 0, 0, 1, NULL, 0);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    n = body(b, 0, 0, 3, 1, NULL, 0);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    n = body(b, 0, 0, 2, 0, NULL, 0);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_HANDSHAKE_FAILURE);
    n = body(b, 0, 0, 2, 1, empty_ext, sizeof empty_ext);
    EXPECT_OK(parse(b, n, &ch));
    EXPECT(ch.has_extensions == 1 && ch.extensions.len == 0);
    n = body(b, 0, 0, 2, 1, one_ext, sizeof one_ext);
    EXPECT_OK(parse(b, n, &ch));
    /* A byte after the extensions block. */
    static const uint8_t trailing[] = {0, 5, 0xFF, 0x01, 0, 1, 0, 9};
    n = body(b, 0, 0, 2, 1, trailing, sizeof trailing);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* An extension whose data overruns the block, one whose header is cut, one byte of block. */
    static const uint8_t overrun[] = {0, 5, 0xFF, 0x01, 0, 2, 0};
    n = body(b, 0, 0, 2, 1, overrun, sizeof overrun);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    static const uint8_t cut_hdr[] = {0, 3, 0xFF, 0x01, 0};
    n = body(b, 0, 0, 2, 1, cut_hdr, sizeof cut_hdr);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    static const uint8_t one_byte[] = {0};
    n = body(b, 0, 0, 2, 1, one_byte, sizeof one_byte);
    EXPECT_CODE(parse(b, n, &ch), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* Largest suites list. */
    n = body(b, 0, 0, 2000, 255, NULL, 0);
    EXPECT_OK(parse(b, n, &ch));
    EXPECT(ch.cipher_suites.len == 2000 && ch.compression.len == 255);
    EXPECT_CODE(parse(NULL, 0, &ch), NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

/* head: dtls_client_hello_parse_head reads a prefix of the body (a first fragment) up to the cookie, agrees
 * with the whole parse on those fields, never looks past the cookie, and fails on every shorter prefix and
 * on an overlong session_id. */
static void head(void)
{
    uint8_t b[4096];
    struct dtls_client_hello whole, part;
    size_t n = body(b, 7, 40, 6, 1, NULL, 0);
    EXPECT_OK(parse(b, n, &whole));
    size_t head_len = 2 + 32 + 1 + 7 + 1 + 40;
    for (size_t cut = 0; cut <= n; cut++) {
        UINT st = dtls_client_hello_parse_head(wire_rd_init(b, cut), &part);
        if (cut < head_len) {
            EXPECT_CODE(st, NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
            continue;
        }
        EXPECT_OK(st);
        EXPECT(part.client_version == whole.client_version && part.random == whole.random);
        EXPECT(part.session_id.p == whole.session_id.p && part.session_id.len == 7);
        EXPECT(part.cookie.p == whole.cookie.p && part.cookie.len == 40);
        EXPECT(part.cipher_suites.len == 0 && part.compression.len == 0 &&
               part.extensions.len == 0 && part.has_extensions == 0);
    }
    /* Garbage after the cookie is not the head's business (the connection parses the whole hello). */
    memset(b + head_len, 0xFF, 16);
    EXPECT_OK(dtls_client_hello_parse_head(wire_rd_init(b, head_len + 16), &part));
    EXPECT(parse(b, head_len + 16, &whole) != NX_SUCCESS);
    /* Overstated session_id and cookie lengths run past the prefix. */
    n = body(b, 0, 32, 2, 1, NULL, 0);
    b[34] = 1;
    EXPECT_CODE(dtls_client_hello_parse_head(wire_rd_init(b, 2 + 32 + 1 + 1 + 32), &part),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    b[34] = 0;
    b[35] = 33;
    EXPECT_CODE(dtls_client_hello_parse_head(wire_rd_init(b, 2 + 32 + 1 + 1 + 32), &part),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    n = body(b, 33, 0, 2, 1, NULL, 0);
    EXPECT_CODE(dtls_client_hello_parse_head(wire_rd_init(b, n), &part),
                NX_SECURE_TLS_HANDSHAKE_FAILURE);
    EXPECT_CODE(dtls_client_hello_parse_head(wire_rd_init(NULL, 0), &part),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

static void hello_verify(void)
{
    uint8_t cookie[32];
    for (int i = 0; i < 32; i++) {
        cookie[i] = (uint8_t)(0xC0 + i);
    }
    uint8_t out[128];
    struct wire_wr w = wire_wr_init(out, sizeof out);
    EXPECT_OK(dtls_hello_verify_write(&w, 0x0000A1B2C3D4ull, 1, cookie, sizeof cookie));
    static const uint8_t head[] = {
        22,   0xFE, 0xFF, 0,  0, 0, 0, 0xA1, 0xB2, 0xC3, 0xD4, 0,  47, /* record */
        3,    0,    0,    35, 0, 1, 0, 0,    0,    0,    0,    35,     /* handshake */
        0xFE, 0xFF, 32};
    EXPECT(w.len == sizeof head + 32);
    EXPECT_MEM(out, head, sizeof head);
    EXPECT_MEM(out + sizeof head, cookie, 32);
    uint8_t got[64];
    EXPECT(simnet_find_cookie(out, w.len, got, sizeof got) == 32);
    /* Too small at every capacity: the writer is left untouched. */
    for (size_t cap = 0; cap < sizeof head + 32; cap++) {
        w = wire_wr_init(out, cap);
        EXPECT_CODE(dtls_hello_verify_write(&w, 0, 0, cookie, sizeof cookie),
                    NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
        EXPECT(w.len == 0);
    }
    w = wire_wr_init(out, sizeof out);
    EXPECT_CODE(dtls_hello_verify_write(&w, 0, 0, cookie, 256),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
}

int main(void)
{
    good();
    hostile();
    head();
    hello_verify();
    return test_finish("dtls/hello");
}
