/* SPDX-License-Identifier: MIT */
/* crypto_meta.h: what every nxdtls method does with the caller's metadata area (docs/netx-api.md 6.6
 * "General rules"). Header only; used by the src/crypto method files, never by other layers.
 *
 * An area is only promised to be 4-byte aligned, while a state holding pointers wants 8. A method whose
 * state holds pointers (an EVP object it owns) places that state at the first 8-aligned address in the
 * area and declares sizeof(state) + CRYPTO_META_SLACK. Such a state also records its own address
 * (`self`): a byte copy of the area then no longer matches, so a copy is never mistaken for the live
 * instance (it is neither used nor freed). Hash states hold no pointers and sit at offset 0, so the
 * engine may clone them with memcpy (6.6 "Hash"). */
#ifndef NXD_CRYPTO_META_H
#define NXD_CRYPTO_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_crypto.h"

/* CRYPTO_EXPORT makes a NetX-named object visible from the library (built with -fvisibility=hidden). */
#define CRYPTO_EXPORT __attribute__((visibility("default")))

/* CRYPTO_META_SLACK is what aligning a 4-aligned area up to 8 may cost. */
#define CRYPTO_META_SLACK 4u

/* crypto_meta_ok returns true when the area is non-NULL, 4-byte aligned and holds at least need bytes;
 * otherwise the method returns NX_CRYPTO_PTR_ERROR. */
static inline bool crypto_meta_ok(const void *area, ULONG area_size, size_t need)
{
    return area != NULL && ((uintptr_t)area & 3u) == 0 && (size_t)area_size >= need;
}

/* crypto_meta_align8 returns the first 8-aligned address at or after a 4-aligned area. */
static inline void *crypto_meta_align8(void *area)
{
    uintptr_t a = (uintptr_t)area;
    return (void *)((a + 7u) & ~(uintptr_t)7u);
}

/* crypto_method_mut casts a const method row to the non-const pointer the NetX signatures take. The
 * methods never write through it. */
static inline NX_CRYPTO_METHOD *crypto_method_mut(const NX_CRYPTO_METHOD *m)
{
    return (NX_CRYPTO_METHOD *)(uintptr_t)m;
}

/* crypto_u8_mut casts away const for the NetX signatures (UCHAR *key, UCHAR *input); never written. */
static inline UCHAR *crypto_u8_mut(const uint8_t *p)
{
    return (UCHAR *)(uintptr_t)p;
}

#endif /* NXD_CRYPTO_META_H */
