/* SPDX-License-Identifier: MIT */
/* netx_registry.h: the created lists NetX keeps of its objects, so that a second create of a live object
 * is refused with the service's pointer error, and a service on an object that was never created (or
 * was deleted) is refused too, even when stale memory happens to hold the object's magic id.
 * Each kind of object (pool, IP, socket, semaphore, mutex, DTLS session, DTLS server) has one registry;
 * objects are linked through a pointer member of their own control block, so no memory is needed.
 * All registries share one process-wide lock; membership is O(n) in the objects of that kind. */
#ifndef NETX_REGISTRY_H
#define NETX_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct netx_registry {
    void *head;         /* first object */
    size_t next_offset; /* offsetof(type, created_next member) */
};

#define NETX_REGISTRY_INIT(type, member) \
    {                                    \
        NULL, offsetof(type, member)     \
    }

/* netx_registry_contains returns true when obj is linked in r. */
bool netx_registry_contains(struct netx_registry *r, const void *obj);

/* netx_registry_add links obj into r unless it is already there; returns false in that case. */
bool netx_registry_add(struct netx_registry *r, void *obj);

/* netx_registry_remove unlinks obj; returns false when it was not linked. */
bool netx_registry_remove(struct netx_registry *r, void *obj);

#endif /* NETX_REGISTRY_H */
