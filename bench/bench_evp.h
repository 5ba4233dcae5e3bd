/* SPDX-License-Identifier: MIT */
/* bench_evp.h: the ceiling of the record figures: libcrypto's AEAD alone, sealing and opening the same
 * record (13-byte additional data, 12-byte nonce, payload, tag) on two contexts keyed once, with no record
 * layer around it. A DTLS record path cannot do less cryptographic work than this. */
#ifndef NXDTLS_BENCH_EVP_H
#define NXDTLS_BENCH_EVP_H

#include <stddef.h>

struct bench_evp;

/* bench_evp_open keys the two contexts for AES-128-GCM (ccm8 = 0) or AES-128-CCM with an 8-byte tag. */
struct bench_evp *bench_evp_open(int ccm8);

/* bench_evp_records seals and opens n records of len bytes; returns 0, or -1 when a tag did not verify. */
int bench_evp_records(struct bench_evp *e, size_t len, unsigned n);

void bench_evp_close(struct bench_evp *e);

#endif /* NXDTLS_BENCH_EVP_H */
