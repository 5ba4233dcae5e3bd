/* SPDX-License-Identifier: MIT */
/* ecdh_test: crypto_method_ecdhe / crypto_method_ecdh (docs/netx-api.md 6.6 "ECDH / ECDHE"). Known answers:
 * Wycheproof ecdh_secp256r1_ecpoint_test.json (uncompressed points; compressed ones must be refused
 * with NX_CRYPTO_FORMAT_NOT_SUPPORTED) and x25519_test.json, each run as the server does it
 * (DH_KEY_PAIR_IMPORT then DH_CALCULATE). Then client/server round trips on every curve, export and
 * import, and hostile peer points. */
#include <string.h>

#include "crypto/crypto_call.h"
#include "crypto/crypto_curve.h"
#include "nx_crypto.h"
#include "test.h"
#include "vectors.h"

static _Alignas(8) uint8_t arena_a[256], arena_b[256];
#define AREA_A    (arena_a + 4)
#define AREA_B    (arena_b + 4)
#define AREA_SIZE (sizeof arena_a - 4)

struct ext {
    NX_CRYPTO_EXTENDED_OUTPUT o;
    uint8_t data[200];
};

static void ext_reset(struct ext *e, size_t cap)
{
    memset(e, 0, sizeof *e);
    e->o.nx_crypto_extended_output_data = e->data;
    e->o.nx_crypto_extended_output_length_in_byte = (ULONG)cap;
}

static UINT curve_set(const NX_CRYPTO_METHOD *m, const NX_CRYPTO_METHOD *curve, void *area)
{
    return crypto_op(m, NX_CRYPTO_EC_CURVE_SET, NULL, 0, (const uint8_t *)curve,
                     sizeof(NX_CRYPTO_METHOD *), NULL, NULL, 0, area, AREA_SIZE);
}

static UINT op_ext(const NX_CRYPTO_METHOD *m, UINT op, const uint8_t *key, size_t key_len,
                   const uint8_t *in, size_t in_len, struct ext *e, void *area)
{
    return crypto_op(m, op, key, (UINT)(key_len * 8), in, in_len, NULL, (uint8_t *)&e->o,
                     sizeof e->o, area, AREA_SIZE);
}

/* server_side computes the shared secret the way 6.6's server does: import, then calculate. */
static UINT server_side(const NX_CRYPTO_METHOD *curve, const uint8_t *priv, size_t priv_len,
                        const uint8_t *peer, size_t peer_len, struct ext *z)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_ecdhe;
    NXD_TRY(crypto_init(m, NULL, 0, AREA_A, AREA_SIZE));
    UINT st = curve_set(m, curve, AREA_A);
    if (st == NX_CRYPTO_SUCCESS) {
        st = crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, priv, (UINT)(priv_len * 8), NULL, 0, NULL,
                       NULL, 0, AREA_A, AREA_SIZE);
    }
    if (st == NX_CRYPTO_SUCCESS) {
        ext_reset(z, sizeof z->data);
        st = op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, peer_len, z, AREA_A);
    }
    crypto_cleanup(m, AREA_A);
    return st;
}

static void wycheproof(const char *file, const NX_CRYPTO_METHOD *curve)
{
    struct vec_file v;
    struct vec_counts counts = {0};
    char path[128];
    static uint8_t pub[VEC_MAX_BYTES], priv[256], shared[256];
    snprintf(path, sizeof path, "vectors/wycheproof/%s", file);
    if (!vec_open(&v, path)) {
        return;
    }
    while (vec_next(&v)) {
        size_t pub_len = vec_hex(&v, "public", pub, sizeof pub);
        size_t priv_len = vec_hex(&v, "private", priv, sizeof priv);
        size_t shared_len = vec_hex(&v, "shared", shared, sizeof shared);
        char flags[256];
        vec_str(&v, "flags", flags, sizeof flags);
        struct ext z;
        UINT st = server_side(curve, priv, priv_len, pub, pub_len, &z);
        bool ok = st == NX_CRYPTO_SUCCESS &&
                  z.o.nx_crypto_extended_output_actual_size == shared_len &&
                  memcmp(z.data, shared, shared_len) == 0;
        /* The codes 6.6 promises for the two refusals it names. */
        if (strstr(flags, "CompressedPoint") != NULL) {
            EXPECT_CODE(st, NX_CRYPTO_FORMAT_NOT_SUPPORTED);
        }
        if (strstr(flags, "InvalidCurveAttack") != NULL) {
            EXPECT_CODE(st, NX_CRYPTO_INVALID_KEY);
        }
        if (strstr(flags, "ZeroSharedSecret") != NULL) {
            EXPECT_CODE(st, NX_CRYPTO_NOT_SUCCESSFUL);
        }
        vec_account(&counts, &v, ok);
    }
    vec_close(&v);
    vec_report(file, &counts);
    EXPECT(counts.valid > 200);
}

static void round_trips(void)
{
    const NX_CRYPTO_METHOD *curves[] = {&crypto_method_ec_secp256, &crypto_method_ec_secp384,
                                        &crypto_method_ec_secp521, &crypto_method_ec_x25519};
    const size_t pub_sizes[] = {65, 97, 133, 32};
    const size_t field[] = {32, 48, 66, 32};
    const NX_CRYPTO_METHOD *rows[] = {&crypto_method_ecdhe, &crypto_method_ecdh};
    for (size_t r = 0; r < 2; r++) {
        const NX_CRYPTO_METHOD *m = rows[r];
        for (size_t c = 0; c < 4; c++) {
            struct ext pa, pb, za, zb, priv, z2;
            /* Client: init, CURVE_SET, DH_SETUP, DH_CALCULATE. */
            EXPECT_OK(crypto_init(m, NULL, 0, AREA_A, AREA_SIZE));
            EXPECT_OK(curve_set(m, curves[c], AREA_A));
            ext_reset(&pa, sizeof pa.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pa, AREA_A));
            EXPECT(pa.o.nx_crypto_extended_output_actual_size == pub_sizes[c]);
            /* Server: init, CURVE_SET, DH_SETUP, DH_PRIVATE_KEY_EXPORT, cleanup. */
            EXPECT_OK(crypto_init(m, NULL, 0, AREA_B, AREA_SIZE));
            EXPECT_OK(curve_set(m, curves[c], AREA_B));
            ext_reset(&pb, sizeof pb.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pb, AREA_B));
            ext_reset(&priv, sizeof priv.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_PRIVATE_KEY_EXPORT, NULL, 0, NULL, 0, &priv, AREA_B));
            EXPECT(priv.o.nx_crypto_extended_output_actual_size == field[c]);
            ext_reset(&zb, sizeof zb.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pa.data,
                             pa.o.nx_crypto_extended_output_actual_size, &zb, AREA_B));
            crypto_cleanup(m, AREA_B);
            ext_reset(&za, sizeof za.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pb.data,
                             pb.o.nx_crypto_extended_output_actual_size, &za, AREA_A));
            crypto_cleanup(m, AREA_A);
            EXPECT(za.o.nx_crypto_extended_output_actual_size == field[c]);
            EXPECT(zb.o.nx_crypto_extended_output_actual_size == field[c]);
            EXPECT_MEM(za.data, zb.data, field[c]);
            /* Server on ClientKeyExchange: init, CURVE_SET, DH_KEY_PAIR_IMPORT (with its own public key
             * to check), DH_CALCULATE. */
            EXPECT_OK(crypto_init(m, NULL, 0, AREA_B, AREA_SIZE));
            EXPECT_OK(curve_set(m, curves[c], AREA_B));
            EXPECT_OK(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, priv.data, (UINT)(field[c] * 8),
                                pb.data, pb.o.nx_crypto_extended_output_actual_size, NULL, NULL, 0,
                                AREA_B, AREA_SIZE));
            ext_reset(&z2, sizeof z2.data);
            EXPECT_OK(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pa.data,
                             pa.o.nx_crypto_extended_output_actual_size, &z2, AREA_B));
            EXPECT_MEM(z2.data, za.data, field[c]);
            /* Importing with someone else's public key is refused. */
            EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, priv.data, (UINT)(field[c] * 8),
                                  pa.data, pa.o.nx_crypto_extended_output_actual_size, NULL, NULL,
                                  0, AREA_B, AREA_SIZE),
                        NX_CRYPTO_INVALID_KEY);
            crypto_cleanup(m, AREA_B);
        }
    }
}

static void hostile(void)
{
    const NX_CRYPTO_METHOD *m = &crypto_method_ecdhe;
    ULONG size = m->nx_crypto_metadata_area_size;
    struct ext pub, z;
    EXPECT(size <= 40);
    EXPECT_CODE(crypto_init(m, NULL, 0, NULL, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena_a + 2, size), NX_CRYPTO_PTR_ERROR);
    EXPECT_CODE(crypto_init(m, NULL, 0, arena_a, size - 1), NX_CRYPTO_PTR_ERROR);
    memset(arena_a, 0, sizeof arena_a);
    EXPECT_CODE(curve_set(m, &crypto_method_ec_secp256, AREA_A), NX_CRYPTO_PTR_ERROR);

    EXPECT_OK(crypto_init(m, NULL, 0, AREA_A, AREA_SIZE));
    ext_reset(&pub, sizeof pub.data);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pub, AREA_A),
                NX_CRYTPO_MISSING_ECC_CURVE);
    EXPECT_CODE(curve_set(m, &crypto_method_sha256, AREA_A), NX_CRYTPO_MISSING_ECC_CURVE);
    NX_CRYPTO_METHOD x448 = crypto_method_ec_x25519;
    x448.nx_crypto_algorithm = NX_CRYPTO_EC_X448;
    EXPECT_CODE(curve_set(m, &x448, AREA_A), NX_CRYTPO_MISSING_ECC_CURVE);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_EC_CURVE_SET, NULL, 0, NULL, 8, NULL, NULL, 0, AREA_A, AREA_SIZE),
        NX_CRYPTO_PTR_ERROR);
    EXPECT_OK(curve_set(m, &crypto_method_ec_secp256, AREA_A));
    ext_reset(&z, sizeof z.data);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pub.data, 65, &z, AREA_A),
                NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_PRIVATE_KEY_EXPORT, NULL, 0, NULL, 0, &z, AREA_A),
                NX_CRYPTO_NOT_SUCCESSFUL);
    /* Output too small, or not an extended output at all. */
    ext_reset(&pub, 64);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pub, AREA_A),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(
        crypto_op(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, NULL, pub.data, 4, AREA_A, AREA_SIZE),
        NX_CRYPTO_PTR_ERROR);
    ext_reset(&pub, sizeof pub.data);
    EXPECT_OK(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pub, AREA_A));
    EXPECT(pub.data[0] == 0x04);

    /* Peer points: a valid one (our own) works; then every way to spoil it. */
    uint8_t peer[133];
    memcpy(peer, pub.data, 65);
    EXPECT_OK(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 65, &z, AREA_A));
    peer[64] ^= 1; /* off the curve */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 65, &z, AREA_A),
                NX_CRYPTO_INVALID_KEY);
    peer[64] ^= 1;
    peer[0] = 0x02; /* compressed */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 33, &z, AREA_A),
                NX_CRYPTO_FORMAT_NOT_SUPPORTED);
    peer[0] = 0x06; /* hybrid */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 65, &z, AREA_A),
                NX_CRYPTO_FORMAT_NOT_SUPPORTED);
    peer[0] = 0x00; /* the identity's encoding */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 1, &z, AREA_A),
                NX_CRYPTO_FORMAT_NOT_SUPPORTED);
    peer[0] = 0x04;
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 64, &z, AREA_A),
                NX_CRYPTO_INVALID_KEY);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 0, &z, AREA_A),
                NX_CRYPTO_FORMAT_NOT_SUPPORTED);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, NULL, 65, &z, AREA_A),
                NX_CRYPTO_PTR_ERROR);
    memset(peer + 1, 0xFF, 32); /* X >= p */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 65, &z, AREA_A),
                NX_CRYPTO_INVALID_KEY);
    memset(peer + 1, 0, 64); /* (0, 0) is not on P-256 */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, peer, 65, &z, AREA_A),
                NX_CRYPTO_INVALID_KEY);
    ext_reset(&z, 31); /* room for less than the 32-byte secret */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pub.data, 65, &z, AREA_A),
                NX_CRYPTO_INVALID_BUFFER_SIZE);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_ENCRYPT, NULL, 0, NULL, 0, NULL, NULL, 0, AREA_A, AREA_SIZE),
                NX_CRYPTO_NOT_SUCCESSFUL);
    /* Private scalars out of range. */
    uint8_t d[67];
    memset(d, 0, sizeof d);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, d, 32 * 8, NULL, 0, NULL, NULL, 0,
                          AREA_A, AREA_SIZE),
                NX_CRYPTO_INVALID_KEY);
    memset(d, 0xFF, sizeof d);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, d, 32 * 8, NULL, 0, NULL, NULL, 0,
                          AREA_A, AREA_SIZE),
                NX_CRYPTO_INVALID_KEY);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, d, 33 * 8, NULL, 0, NULL, NULL, 0,
                          AREA_A, AREA_SIZE),
                NX_CRYPTO_SIZE_ERROR);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, NULL, 32 * 8, NULL, 0, NULL, NULL, 0,
                          AREA_A, AREA_SIZE),
                NX_CRYPTO_PTR_ERROR);
    /* A copy of a live area is not an instance (and is not freed). */
    static _Alignas(8) uint8_t copy[256];
    memcpy(copy, arena_a, sizeof copy);
    EXPECT_CODE(curve_set(m, &crypto_method_ec_secp256, copy + 4), NX_CRYPTO_PTR_ERROR);
    crypto_cleanup(m, copy + 4);
    crypto_cleanup(m, AREA_A);
    crypto_cleanup(m, AREA_A);

    /* X25519: wrong length, and the all-zero result of a low-order point (RFC 7748 6.1). */
    EXPECT_OK(crypto_init(m, NULL, 0, AREA_A, AREA_SIZE));
    EXPECT_OK(curve_set(m, &crypto_method_ec_x25519, AREA_A));
    ext_reset(&pub, sizeof pub.data);
    EXPECT_OK(op_ext(m, NX_CRYPTO_DH_SETUP, NULL, 0, NULL, 0, &pub, AREA_A));
    ext_reset(&z, sizeof z.data);
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pub.data, 31, &z, AREA_A),
                NX_CRYPTO_INVALID_KEY);
    uint8_t zero_point[32] = {0};
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, zero_point, 32, &z, AREA_A),
                NX_CRYPTO_NOT_SUCCESSFUL);
    zero_point[0] = 1; /* u = 1: order 1 as well */
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, zero_point, 32, &z, AREA_A),
                NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT_CODE(crypto_op(m, NX_CRYPTO_DH_KEY_PAIR_IMPORT, d, 31 * 8, NULL, 0, NULL, NULL, 0,
                          AREA_A, AREA_SIZE),
                NX_CRYPTO_SIZE_ERROR);
    /* Switching curves drops the old key pair. */
    EXPECT_OK(curve_set(m, &crypto_method_ec_secp384, AREA_A));
    EXPECT_CODE(op_ext(m, NX_CRYPTO_DH_CALCULATE, NULL, 0, pub.data, 32, &z, AREA_A),
                NX_CRYPTO_NOT_SUCCESSFUL);
    crypto_cleanup(m, AREA_A);

    EXPECT(crypto_curve_for(NX_CRYPTO_EC_SECP256R1) == &crypto_method_ec_secp256);
    EXPECT(crypto_curve_for(NX_CRYPTO_EC_SECP384R1) == &crypto_method_ec_secp384);
    EXPECT(crypto_curve_for(NX_CRYPTO_EC_SECP521R1) == &crypto_method_ec_secp521);
    EXPECT(crypto_curve_for(NX_CRYPTO_EC_X25519) == &crypto_method_ec_x25519);
    EXPECT(crypto_curve_for(NX_CRYPTO_EC_X448) == NULL);
    /* Curve rows are markers: metadata 0, no init/cleanup, every op refused. */
    EXPECT(crypto_method_ec_secp256.nx_crypto_metadata_area_size == 0);
    EXPECT(crypto_method_ec_secp256.nx_crypto_init == NULL &&
           crypto_method_ec_secp256.nx_crypto_cleanup == NULL);
    EXPECT_CODE(crypto_op(&crypto_method_ec_secp256, NX_CRYPTO_EC_CURVE_GET, NULL, 0, NULL, 0, NULL,
                          NULL, 0, NULL, 0),
                NX_CRYPTO_NOT_SUCCESSFUL);
    EXPECT((crypto_method_ec_x25519.nx_crypto_algorithm & 0xFFFFu) == 29);
}

int main(void)
{
    wycheproof("ecdh_secp256r1_ecpoint_test.txt", &crypto_method_ec_secp256);
    wycheproof("x25519_test.txt", &crypto_method_ec_x25519);
    round_trips();
    hostile();
    return test_finish("ecdh");
}
