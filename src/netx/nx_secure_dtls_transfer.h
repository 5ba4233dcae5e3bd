/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_transfer.h: the services that move data over a session (docs/netx-api.md 3.2): client and legacy
 * start, server_session_start, receive, send, server_session_send, end, packet_allocate. Declared in
 * nx_secure_dtls_api.h. */
#ifndef NETX_NX_SECURE_DTLS_TRANSFER_H
#define NETX_NX_SECURE_DTLS_TRANSFER_H

#include "nx_secure_dtls_api.h"

#endif /* NETX_NX_SECURE_DTLS_TRANSFER_H */
