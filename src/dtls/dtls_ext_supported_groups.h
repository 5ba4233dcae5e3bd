/* SPDX-License-Identifier: MIT */
/* dtls_ext_supported_groups.h: the supported_groups extension (RFC 8422 5.1.1, ex elliptic_curves): the named
 * groups a client can do ECDHE in and verify ECDSA signatures on. */
#ifndef NXD_DTLS_EXT_SUPPORTED_GROUPS_H
#define NXD_DTLS_EXT_SUPPORTED_GROUPS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "base/wire.h"
#include "dtls/dtls_ext.h"
#include "dtls/dtls_groups.h"

/* dtls_ext_supported_groups: the row of the hello extension table (dtls_ext.h). The client sends it when it
 * offers an ECDHE suite; a server keeps the client's groups and never answers (RFC 8422 5.2); a client ignores
 * a well-formed answer (some TLS 1.3 stacks send one). */
extern const struct dtls_ext dtls_ext_supported_groups;

/* dtls_ext_supported_groups_write writes the extension_data, NamedGroupList named_group_list<2..2^16-1>: g's
 * groups that have a curve row, in g's order. */
void dtls_ext_supported_groups_write(const struct dtls_groups *g, struct wire_wr *w);

/* dtls_ext_supported_groups_parse reads a peer's extension_data into *peer_mask (dtls_groups_bit of each group
 * nxdtls knows; unknown groups are skipped, RFC 8422 5.1.1). Returns NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH for
 * a malformed list (empty, odd length, bytes left over); *peer_mask is then 0. */
NXD_MUST_USE UINT dtls_ext_supported_groups_parse(struct wire_rd data, uint32_t *peer_mask);

/* dtls_ext_supported_groups_pick sets *group to the first of our groups (g's preference, RFC 8422 5.1.1 leaves
 * the choice to the server) that is in peer_mask and has a curve row; false when there is none. */
bool dtls_ext_supported_groups_pick(const struct dtls_groups *g, uint32_t peer_mask,
                                    uint16_t *group);

#endif /* NXD_DTLS_EXT_SUPPORTED_GROUPS_H */
