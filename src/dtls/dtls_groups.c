/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_groups.h"

#include "crypto/crypto_tables.h"

static const uint16_t known[] = {DTLS_GROUP_SECP256R1, DTLS_GROUP_SECP384R1, DTLS_GROUP_SECP521R1,
                                 DTLS_GROUP_X25519,    DTLS_GROUP_X448,      DTLS_GROUP_SECP192R1,
                                 DTLS_GROUP_SECP224R1};

void dtls_groups_of(const nxdtls_config *cfg, struct dtls_groups *out)
{
    if (cfg->groups != NULL && cfg->curves != NULL && cfg->group_count != 0) {
        out->ids = cfg->groups;
        out->curves = cfg->curves;
        out->count = cfg->group_count;
        return;
    }
    out->ids = nx_crypto_ecc_supported_groups;
    out->curves = nx_crypto_ecc_curves;
    out->count = nx_crypto_ecc_supported_groups_size;
}

const NX_CRYPTO_METHOD *dtls_groups_curve(const struct dtls_groups *g, uint16_t group)
{
    for (size_t i = 0; i < g->count; i++) {
        if (g->ids[i] == group) {
            return g->curves[i];
        }
    }
    return NULL;
}

uint32_t dtls_groups_bit(uint16_t group)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (known[i] == group) {
            return 1u << i;
        }
    }
    return 0;
}

uint32_t dtls_groups_mask(const struct dtls_groups *g)
{
    uint32_t mask = 0;
    for (size_t i = 0; i < g->count; i++) {
        if (g->curves[i] != NULL) {
            mask |= dtls_groups_bit(g->ids[i]);
        }
    }
    return mask;
}

uint16_t dtls_groups_of_curve(UINT ec_algorithm)
{
    return (uint16_t)(ec_algorithm & 0xFFFFu);
}
