/* SPDX-License-Identifier: MIT */
#include "bench_heap.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/* The header keeps the payload 16-byte aligned, as malloc's is. */
struct header {
    size_t size;
    uint32_t owner;
    uint32_t magic;
};
_Static_assert(sizeof(struct header) == 16, "allocation header keeps 16-byte alignment");

#define HEADER_MAGIC 0x68656170u

static uint64_t calls;
static int64_t live[BENCH_OWNER_COUNT];
static enum bench_owner current = BENCH_OWNER_NONE;

static void *wrap(struct header *h, size_t n)
{
    if (h == NULL) {
        return NULL;
    }
    h->size = n;
    h->owner = (uint32_t)current;
    h->magic = HEADER_MAGIC;
    live[current] += (int64_t)n;
    return h + 1;
}

static struct header *unwrap(void *p)
{
    struct header *h = (struct header *)p - 1;
    live[h->owner] -= (int64_t)h->size;
    return h;
}

static void *count_malloc(size_t n, const char *file, int line)
{
    (void)file, (void)line;
    calls++;
    return wrap(malloc(sizeof(struct header) + n), n);
}

static void *count_realloc(void *p, size_t n, const char *file, int line)
{
    (void)file, (void)line;
    calls++;
    if (p == NULL) {
        return wrap(malloc(sizeof(struct header) + n), n);
    }
    struct header *h = unwrap(p);
    struct header *moved = realloc(h, sizeof(struct header) + n);
    if (moved == NULL) {
        live[h->owner] += (int64_t)h->size; /* the old block stays */
        return NULL;
    }
    return wrap(moved, n);
}

static void count_free(void *p, const char *file, int line)
{
    (void)file, (void)line;
    if (p != NULL) {
        free(unwrap(p));
    }
}

int bench_heap_install(void)
{
    return CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1 ? 0 : -1;
}

enum bench_owner bench_heap_owner(enum bench_owner owner)
{
    enum bench_owner previous = current;
    current = owner;
    return previous;
}

uint64_t bench_heap_calls(void)
{
    return calls;
}

int64_t bench_heap_live(enum bench_owner owner)
{
    return live[owner];
}
