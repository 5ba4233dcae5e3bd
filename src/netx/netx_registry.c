/* SPDX-License-Identifier: MIT */
/* netx_registry.c: created lists of facade objects (see netx_registry.h). */
#include "netx_registry.h"

#include <pthread.h>
#include <stdint.h>

static pthread_mutex_t netx_registry_lock = PTHREAD_MUTEX_INITIALIZER;

static void **netx_registry_link(const struct netx_registry *r, void *obj)
{
    return (void **)(void *)((uint8_t *)obj + r->next_offset);
}

static bool netx_registry_contains_locked(struct netx_registry *r, const void *obj)
{
    for (void *it = r->head; it != NULL; it = *netx_registry_link(r, it)) {
        if (it == obj) {
            return true;
        }
    }
    return false;
}

bool netx_registry_contains(struct netx_registry *r, const void *obj)
{
    (void)pthread_mutex_lock(&netx_registry_lock);
    bool found = netx_registry_contains_locked(r, obj);
    (void)pthread_mutex_unlock(&netx_registry_lock);
    return found;
}

bool netx_registry_add(struct netx_registry *r, void *obj)
{
    (void)pthread_mutex_lock(&netx_registry_lock);
    bool added = !netx_registry_contains_locked(r, obj);
    if (added) {
        *netx_registry_link(r, obj) = r->head;
        r->head = obj;
    }
    (void)pthread_mutex_unlock(&netx_registry_lock);
    return added;
}

bool netx_registry_remove(struct netx_registry *r, void *obj)
{
    bool removed = false;
    (void)pthread_mutex_lock(&netx_registry_lock);
    for (void **link = &r->head; *link != NULL; link = netx_registry_link(r, *link)) {
        if (*link == obj) {
            *link = *netx_registry_link(r, obj);
            *netx_registry_link(r, obj) = NULL;
            removed = true;
            break;
        }
    }
    (void)pthread_mutex_unlock(&netx_registry_lock);
    return removed;
}
