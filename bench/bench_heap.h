/* SPDX-License-Identifier: MIT */
/* bench_heap.h: counts libcrypto's (and libssl's) heap use through CRYPTO_set_mem_functions.
 *
 * Every allocation carries a small header with its size and the endpoint that was running when it was
 * made (bench_heap_owner), so the bytes an endpoint still holds after its handshake can be told apart
 * from its peer's even though both run in one thread. */
#ifndef NXDTLS_BENCH_HEAP_H
#define NXDTLS_BENCH_HEAP_H

#include <stddef.h>
#include <stdint.h>

enum bench_owner { BENCH_OWNER_NONE, BENCH_OWNER_CLIENT, BENCH_OWNER_SERVER, BENCH_OWNER_COUNT };

/* bench_heap_install routes libcrypto's allocator through the counters; call it before anything else
 * touches libcrypto. Returns 0, or -1 when libcrypto refused (it had allocated already). */
int bench_heap_install(void);

/* bench_heap_owner sets who is charged for the allocations that follow; returns the previous owner. */
enum bench_owner bench_heap_owner(enum bench_owner owner);

/* bench_heap_calls returns the allocations so far: malloc and realloc calls (each block is freed once, so
 * frees are not counted again). */
uint64_t bench_heap_calls(void);

/* bench_heap_live returns the bytes (requested sizes) currently allocated and charged to owner. */
int64_t bench_heap_live(enum bench_owner owner);

#endif /* NXDTLS_BENCH_HEAP_H */
