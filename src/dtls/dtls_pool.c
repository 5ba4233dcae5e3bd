/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_pool.h"

#include <string.h>

#include "base/ct.h"
#include "dtls/dtls_meta.h"

uint8_t *dtls_pool_meta(const struct dtls_pool *p, uint32_t unit)
{
    return dtls_meta_align(p->units + (size_t)unit * p->unit_size);
}

uint8_t *dtls_pool_reasm(const struct dtls_pool *p, uint32_t unit)
{
    return dtls_pool_meta(p, unit) + p->meta_size;
}

/* A free unit's first four bytes hold the index of the next free unit. */
static void link_free(struct dtls_pool *p, uint32_t unit)
{
    memcpy(dtls_pool_meta(p, unit), &p->free_head, sizeof p->free_head);
    p->free_head = unit;
}

void dtls_pool_init(struct dtls_pool *p, uint8_t *units, size_t count, size_t unit_size,
                    size_t meta_size)
{
    p->units = units;
    p->unit_size = unit_size;
    p->meta_size = meta_size;
    p->reasm_size = unit_size - 7 - meta_size;
    p->count = (uint32_t)count;
    p->free_head = DTLS_POOL_NONE;
    p->in_use = 0;
    for (size_t i = count; i > 0; i--) {
        link_free(p, (uint32_t)(i - 1));
    }
}

bool dtls_pool_available(const struct dtls_pool *p)
{
    return p != NULL && p->free_head != DTLS_POOL_NONE;
}

uint32_t dtls_pool_take(struct dtls_pool *p)
{
    uint32_t unit = p->free_head;
    if (unit != DTLS_POOL_NONE) {
        memcpy(&p->free_head, dtls_pool_meta(p, unit), sizeof p->free_head);
        p->in_use++;
    }
    return unit;
}

void dtls_pool_give(struct dtls_pool *p, uint32_t unit)
{
    if (unit >= p->count) {
        return;
    }
    /* Nothing of a finished handshake (keys, transcript, flight) stays in a unit another slot gets next. */
    ct_wipe(p->units + (size_t)unit * p->unit_size, p->unit_size);
    p->in_use--;
    link_free(p, unit);
}
