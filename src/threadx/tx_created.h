/* SPDX-License-Identifier: MIT */
/* tx_created.h: the created list of each kind of ThreadX object, as ThreadX keeps it: circular, in creation
 * order, linked through the object's own created_next/created_previous members (so info_get can report
 * the next object), with a count. A service on an object that is not on its list (never created, deleted,
 * or stale memory that still holds the object's id) is refused with the kind's error code. All of this
 * runs under the kernel lock (tx_wait.h). */
#ifndef TXP_CREATED_H
#define TXP_CREATED_H

#include <stdbool.h>
#include <stddef.h>

#include "tx_api.h"

struct txp_created {
    void *head;         /* first created, or NULL */
    ULONG count;        /* objects on the list */
    size_t next_offset; /* offsetof(type, created_next member) */
    size_t prev_offset; /* offsetof(type, created_previous member) */
};

#define TXP_CREATED_INIT(type, next, prev)                  \
    {                                                       \
        NULL, 0, offsetof(type, next), offsetof(type, prev) \
    }

/* txp_created_contains returns true when obj is on c. */
bool txp_created_contains(const struct txp_created *c, const void *obj);

/* txp_created_add links obj at the end of c (obj must not be on it). */
void txp_created_add(struct txp_created *c, void *obj);

/* txp_created_remove unlinks obj from c (obj must be on it) and clears its links. */
void txp_created_remove(struct txp_created *c, void *obj);

#endif /* TXP_CREATED_H */
