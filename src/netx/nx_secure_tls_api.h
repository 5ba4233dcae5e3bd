/* SPDX-License-Identifier: MIT */
/* nx_secure_tls_api.h: the TLS-level helpers DTLS applications call (docs/netx-api.md 3.1, 3.4); declared in the
 * public nx_secure_tls_api.h. */
#ifndef NETX_NX_SECURE_TLS_API_H
#define NETX_NX_SECURE_TLS_API_H

#include "nx_secure_tls_api.h"

#endif /* NETX_NX_SECURE_TLS_API_H */
