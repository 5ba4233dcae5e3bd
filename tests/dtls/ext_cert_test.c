/* SPDX-License-Identifier: MIT */
/* ext_cert_test: the hello extensions of the certificate suites, byte for byte and on hostile input:
 * supported_groups (RFC 8422 5.1.1), ec_point_formats (5.1.2), signature_algorithms (RFC 5246 7.4.1.4.1), and
 * the configured groups (dtls_groups). */
#include <string.h>

#include "crypto/crypto_tables.h"
#include "dtls/dtls_ext_ec_point_formats.h"
#include "dtls/dtls_ext_signature_algorithms.h"
#include "dtls/dtls_ext_supported_groups.h"
#include "dtls/dtls_groups.h"
#include "dtls/dtls_sigalg.h"
#include "test.h"

static struct wire_rd rd(const uint8_t *p, size_t n)
{
    return wire_rd_init(p, n);
}

static void groups_config(void)
{
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct dtls_groups g;
    dtls_groups_of(&cfg, &g);
    /* docs/netx-api.md 10 C12: without configuration, the default table's groups. */
    EXPECT(g.count == 4 && g.ids[0] == 23 && g.ids[1] == 29 && g.ids[2] == 24 && g.ids[3] == 25);
    EXPECT(dtls_groups_curve(&g, 29) == &crypto_method_ec_x25519);
    EXPECT(dtls_groups_curve(&g, 25) == &crypto_method_ec_secp521);
    /* secp192r1 and secp224r1 are known (a table may list them) but never in the defaults. */
    EXPECT(dtls_groups_curve(&g, 19) == NULL && dtls_groups_curve(&g, 21) == NULL);
    EXPECT(dtls_groups_bit(19) != 0 && dtls_groups_bit(21) != 0);
    EXPECT(dtls_groups_mask(&g) == (dtls_groups_bit(23) | dtls_groups_bit(24) |
                                    dtls_groups_bit(25) | dtls_groups_bit(29)));
    EXPECT(dtls_groups_bit(0x1234) == 0 && dtls_groups_bit(23) != dtls_groups_bit(24));
    EXPECT(dtls_groups_of_curve(NX_CRYPTO_EC_SECP384R1) == 24);

    static const USHORT mine[] = {24, 23};
    static const NX_CRYPTO_METHOD *mine_curves[] = {&crypto_method_ec_secp384,
                                                    &crypto_method_ec_secp256};
    cfg.groups = mine;
    cfg.curves = mine_curves;
    cfg.group_count = 2;
    dtls_groups_of(&cfg, &g);
    EXPECT(g.count == 2 && g.ids[0] == 24 &&
           dtls_groups_curve(&g, 23) == &crypto_method_ec_secp256);
    /* Groups without curves fall back to the defaults. */
    cfg.curves = NULL;
    dtls_groups_of(&cfg, &g);
    EXPECT(g.count == 4);
}

static void supported_groups(void)
{
    struct dtls_groups g;
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    dtls_groups_of(&cfg, &g);
    uint8_t buf[64];
    struct wire_wr w = wire_wr_init(buf, sizeof buf);
    dtls_ext_supported_groups_write(&g, &w);
    static const uint8_t want[] = {0x00, 0x08, 0x00, 0x17, 0x00, 0x1D, 0x00, 0x18, 0x00, 0x19};
    EXPECT(!w.overflow && w.len == sizeof want);
    EXPECT_MEM(buf, want, sizeof want);

    uint32_t mask = 0;
    EXPECT_OK(dtls_ext_supported_groups_parse(rd(want, sizeof want), &mask));
    EXPECT(mask == dtls_groups_mask(&g));
    /* Unknown groups are skipped; ours are picked in our order, whatever the client's order. */
    static const uint8_t peer[] = {0x00, 0x08, 0x01, 0x00, 0x00, 0x18, 0x00, 0x15, 0x00, 0x17};
    EXPECT_OK(dtls_ext_supported_groups_parse(rd(peer, sizeof peer), &mask));
    EXPECT(mask == (dtls_groups_bit(23) | dtls_groups_bit(24) | dtls_groups_bit(21)));
    uint16_t pick = 0;
    EXPECT(dtls_ext_supported_groups_pick(&g, mask, &pick) && pick == 23);
    EXPECT(dtls_ext_supported_groups_pick(&g, dtls_groups_bit(24), &pick) && pick == 24);
    EXPECT(dtls_ext_supported_groups_pick(&g, dtls_groups_bit(25), &pick) && pick == 25);
    /* secp224r1 is known but not ours by default: never picked. */
    EXPECT(!dtls_ext_supported_groups_pick(&g, dtls_groups_bit(21), &pick));
    EXPECT(!dtls_ext_supported_groups_pick(&g, 0, &pick));

    /* Hostile: every truncation, an odd length, an empty list, trailing bytes. */
    for (size_t n = 0; n < sizeof want; n++) {
        mask = 7;
        EXPECT_CODE(dtls_ext_supported_groups_parse(rd(want, n), &mask),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        EXPECT(mask == 0);
    }
    static const uint8_t odd[] = {0x00, 0x03, 0x00, 0x17, 0x00};
    static const uint8_t empty[] = {0x00, 0x00};
    static const uint8_t trailing[] = {0x00, 0x02, 0x00, 0x17, 0x00};
    static const uint8_t over[] = {0x00, 0x04, 0x00, 0x17};
    EXPECT_CODE(dtls_ext_supported_groups_parse(rd(odd, sizeof odd), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_supported_groups_parse(rd(empty, sizeof empty), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_supported_groups_parse(rd(trailing, sizeof trailing), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_supported_groups_parse(rd(over, sizeof over), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* A writer too small overflows (sticky) instead of writing half a list. */
    struct wire_wr small = wire_wr_init(buf, 5);
    dtls_ext_supported_groups_write(&g, &small);
    EXPECT(small.overflow);
}

static void point_formats(void)
{
    uint8_t buf[8];
    struct wire_wr w = wire_wr_init(buf, sizeof buf);
    dtls_ext_ec_point_formats_write(&w);
    static const uint8_t want[] = {0x01, 0x00};
    EXPECT(w.len == 2);
    EXPECT_MEM(buf, want, 2);
    EXPECT_OK(dtls_ext_ec_point_formats_parse(rd(want, 2)));
    /* OpenSSL and GnuTLS may still list the deprecated compressed forms next to it. */
    static const uint8_t three[] = {0x03, 0x01, 0x02, 0x00};
    EXPECT_OK(dtls_ext_ec_point_formats_parse(rd(three, sizeof three)));
    static const uint8_t compressed_only[] = {0x02, 0x01, 0x02};
    EXPECT_CODE(dtls_ext_ec_point_formats_parse(rd(compressed_only, sizeof compressed_only)),
                NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT);
    static const uint8_t empty[] = {0x00};
    static const uint8_t trailing[] = {0x01, 0x00, 0x00};
    EXPECT_CODE(dtls_ext_ec_point_formats_parse(rd(empty, 1)),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_ec_point_formats_parse(rd(trailing, 3)),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_ec_point_formats_parse(rd(want, 1)),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_ec_point_formats_parse(rd(want, 0)),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
}

static void signature_algorithms(void)
{
    uint8_t buf[64];
    struct wire_wr w = wire_wr_init(buf, sizeof buf);
    dtls_ext_signature_algorithms_write(&w, dtls_sigalg_offered());
    static const uint8_t want[] = {0x00, 0x10, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08,
                                   0x04, 0x08, 0x05, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01};
    EXPECT(!w.overflow && w.len == sizeof want);
    EXPECT_MEM(buf, want, sizeof want);
    uint16_t mask = 0;
    EXPECT_OK(dtls_ext_signature_algorithms_parse(rd(want, sizeof want), &mask));
    EXPECT(mask == dtls_sigalg_offered());

    /* A typical OpenSSL 3 list: ours are found among ed25519, rsa_pss_pss and friends. */
    static const uint8_t openssl[] = {0x00, 0x10, 0x04, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08,
                                      0x09, 0x08, 0x04, 0x04, 0x01, 0x02, 0x01, 0x02, 0x03};
    EXPECT_OK(dtls_ext_signature_algorithms_parse(rd(openssl, sizeof openssl), &mask));
    size_t i0403 = 0;
    size_t i0804 = 0;
    size_t i0401 = 0;
    size_t i0201 = 0;
    size_t i0203 = 0;
    EXPECT(dtls_sigalg_find(0x0403, &i0403) && dtls_sigalg_find(0x0804, &i0804) &&
           dtls_sigalg_find(0x0401, &i0401) && dtls_sigalg_find(0x0201, &i0201) &&
           dtls_sigalg_find(0x0203, &i0203));
    EXPECT(mask == (uint16_t)((1u << i0403) | (1u << i0804) | (1u << i0401) | (1u << i0201) |
                              (1u << i0203)));

    /* read leaves what follows for the next field (CertificateRequest). */
    uint8_t two[sizeof want + 1];
    memcpy(two, want, sizeof want);
    two[sizeof want] = 0xEE;
    struct wire_rd r = rd(two, sizeof two);
    EXPECT_OK(dtls_ext_signature_algorithms_read(&r, &mask));
    EXPECT(r.len == 1);
    EXPECT_CODE(dtls_ext_signature_algorithms_parse(rd(two, sizeof two), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT(mask == 0);

    for (size_t n = 0; n < sizeof want; n++) {
        r = rd(want, n);
        EXPECT_CODE(dtls_ext_signature_algorithms_read(&r, &mask),
                    NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
        EXPECT(r.len == n && mask == 0);
    }
    static const uint8_t odd[] = {0x00, 0x03, 0x04, 0x03, 0x05};
    static const uint8_t empty[] = {0x00, 0x00};
    EXPECT_CODE(dtls_ext_signature_algorithms_parse(rd(odd, sizeof odd), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    EXPECT_CODE(dtls_ext_signature_algorithms_parse(rd(empty, sizeof empty), &mask),
                NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    /* Only unknown schemes: well formed, nothing usable. */
    static const uint8_t unknown[] = {0x00, 0x02, 0x08, 0x07};
    EXPECT_OK(dtls_ext_signature_algorithms_parse(rd(unknown, sizeof unknown), &mask));
    EXPECT(mask == 0);
}

int main(void)
{
    groups_config();
    supported_groups();
    point_formats();
    signature_algorithms();
    return test_finish("dtls/ext_cert");
}
