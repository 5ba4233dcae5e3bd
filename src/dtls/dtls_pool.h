/* SPDX-License-Identifier: MIT */
/* dtls_pool.h: a server's pool of handshake scratch units (include/nxdtls.h, nxdtls_server_init_pooled).
 *
 * A unit is the memory one handshake needs and an established association does not: the handshake part of the
 * metadata (dtls_meta.h) followed by a reassembly buffer. Slots keep only their session part; a slot takes a
 * unit when its first ClientHello arrives or a renegotiation starts and gives it back once the handshake has
 * completed and its last flight is no longer kept for retransmission (dtls_conn_settle). Free units form a
 * stack threaded through their own first bytes, so taking and giving back are O(1) and need no index. */
#ifndef NXD_DTLS_POOL_H
#define NXD_DTLS_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DTLS_POOL_NONE UINT32_MAX

struct dtls_pool {
    uint8_t *units; /* count units of unit_size bytes (any alignment) */
    size_t unit_size;
    size_t meta_size;  /* handshake part at the unit's first 8-aligned byte (a multiple of 8) */
    size_t reasm_size; /* reassembly buffer right after it: unit_size - 7 - meta_size */
    uint32_t count;
    uint32_t free_head; /* top of the free stack, or DTLS_POOL_NONE */
    uint32_t in_use;
};

/* dtls_pool_init lays count units of unit_size bytes over units and frees them all; each holds a handshake
 * part of meta_size bytes (a multiple of 8) from its first 8-aligned byte and the reassembly buffer after it.
 * The caller checks unit_size > 7 + meta_size. */
void dtls_pool_init(struct dtls_pool *p, uint8_t *units, size_t count, size_t unit_size,
                    size_t meta_size);

/* dtls_pool_available says whether a unit can be taken. */
bool dtls_pool_available(const struct dtls_pool *p);

/* dtls_pool_take returns a free unit's index (its memory: dtls_pool_meta, dtls_pool_reasm), or
 * DTLS_POOL_NONE. */
uint32_t dtls_pool_take(struct dtls_pool *p);

/* dtls_pool_give wipes a unit and puts it back. */
void dtls_pool_give(struct dtls_pool *p, uint32_t unit);

uint8_t *dtls_pool_meta(const struct dtls_pool *p, uint32_t unit);
uint8_t *dtls_pool_reasm(const struct dtls_pool *p, uint32_t unit);

#endif /* NXD_DTLS_POOL_H */
