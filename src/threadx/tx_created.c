/* SPDX-License-Identifier: MIT */
/* tx_created.c: created lists of ThreadX objects (see tx_created.h). */
#include "tx_created.h"

#include <stdint.h>

static void **txp_link(void *obj, size_t offset)
{
    return (void **)(void *)((uint8_t *)obj + offset);
}

bool txp_created_contains(const struct txp_created *c, const void *obj)
{
    void *it = c->head;
    for (ULONG i = 0; i < c->count && it != NULL; i++) {
        if (it == obj) {
            return true;
        }
        it = *txp_link(it, c->next_offset);
    }
    return false;
}

void txp_created_add(struct txp_created *c, void *obj)
{
    if (c->head == NULL) {
        *txp_link(obj, c->next_offset) = obj;
        *txp_link(obj, c->prev_offset) = obj;
        c->head = obj;
    } else {
        void *tail = *txp_link(c->head, c->prev_offset);
        *txp_link(obj, c->next_offset) = c->head;
        *txp_link(obj, c->prev_offset) = tail;
        *txp_link(tail, c->next_offset) = obj;
        *txp_link(c->head, c->prev_offset) = obj;
    }
    c->count++;
}

void txp_created_remove(struct txp_created *c, void *obj)
{
    void *next = *txp_link(obj, c->next_offset);
    void *prev = *txp_link(obj, c->prev_offset);
    if (next == obj) {
        c->head = NULL;
    } else {
        *txp_link(prev, c->next_offset) = next;
        *txp_link(next, c->prev_offset) = prev;
        if (c->head == obj) {
            c->head = next;
        }
    }
    *txp_link(obj, c->next_offset) = NULL;
    *txp_link(obj, c->prev_offset) = NULL;
    c->count--;
}
