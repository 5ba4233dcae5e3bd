/* SPDX-License-Identifier: MIT */
/* status.h: the one error idiom of nxdtls (docs/style.md 2.4). Every internal function that can fail returns a
 * NetX status (UINT, NX_SUCCESS = 0) and nothing else; results leave through out-parameters. */
#ifndef NXD_STATUS_H
#define NXD_STATUS_H

#include "nx_secure_tls.h"

#define NXD_MUST_USE __attribute__((warn_unused_result))

/* NXD_TRY runs a call that returns a NetX status and returns that status if it is not success. */
#define NXD_TRY(call)                               \
    do {                                            \
        UINT nxd_status_ = (call);                  \
        if (nxd_status_ != NX_SECURE_TLS_SUCCESS) { \
            return nxd_status_;                     \
        }                                           \
    } while (0)

/* NXD_ENSURE fails with code unless cond holds. */
#define NXD_ENSURE(cond, code) \
    do {                       \
        if (!(cond)) {         \
            return (code);     \
        }                      \
    } while (0)

#define NXD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* NXD_STATUS_H */
