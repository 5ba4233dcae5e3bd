/* SPDX-License-Identifier: MIT */
/* dtls_groups.h: the named groups (RFC 8422 5.1.1, IANA TLS Supported Groups) one side uses for ECDHE and
 * accepts for ECDSA keys, with the curve row implementing each (docs/netx-api.md 6.4, nx_secure_dtls_ecc_initialize).
 * Without configured groups a side uses the default table's: secp256r1, x25519, secp384r1, secp521r1 (docs/netx-api.md
 * 10 C12).
 *
 * A peer's list travels as a mask over the groups nxdtls knows (DTLS_GROUP_*), so that a hello's bytes need not
 * be kept. */
#ifndef NXD_DTLS_GROUPS_H
#define NXD_DTLS_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

#define DTLS_GROUP_SECP192R1 19
#define DTLS_GROUP_SECP224R1 21
#define DTLS_GROUP_SECP256R1 23
#define DTLS_GROUP_SECP384R1 24
#define DTLS_GROUP_SECP521R1 25
#define DTLS_GROUP_X25519    29
#define DTLS_GROUP_X448      30

/* The groups of one side, in preference order, and curves[i] implementing ids[i]. */
struct dtls_groups {
    const USHORT *ids;
    const NX_CRYPTO_METHOD *const *curves;
    size_t count;
};

/* dtls_groups_of gives cfg's groups (cfg->groups and cfg->curves when both are set and group_count is not 0),
 * else the default table's. */
void dtls_groups_of(const nxdtls_config *cfg, struct dtls_groups *out);

/* dtls_groups_curve returns the curve row for group when g has it, else NULL. */
const NX_CRYPTO_METHOD *dtls_groups_curve(const struct dtls_groups *g, uint16_t group);

/* dtls_groups_bit returns the mask bit of a group nxdtls knows, 0 for any other. */
uint32_t dtls_groups_bit(uint16_t group);

/* dtls_groups_mask returns the mask of g's groups that have a curve row. */
uint32_t dtls_groups_mask(const struct dtls_groups *g);

/* dtls_groups_of_curve returns the IANA group of an NX_CRYPTO_EC_* id (its low 16 bits, docs/netx-api.md 6.4). */
uint16_t dtls_groups_of_curve(UINT ec_algorithm);

#endif /* NXD_DTLS_GROUPS_H */
