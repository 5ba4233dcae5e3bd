/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_entry.h: _nx_secure_dtls_* and _nxe_secure_dtls_*, declared in the public
 * nx_secure_dtls_api.h. */
#ifndef NETX_NX_SECURE_DTLS_ENTRY_H
#define NETX_NX_SECURE_DTLS_ENTRY_H

#include "nx_secure_dtls_api.h"

#endif /* NETX_NX_SECURE_DTLS_ENTRY_H */
