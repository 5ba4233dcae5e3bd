/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_server.h: the DTLS server services (docs/netx-api.md 3.3) and the dispatch the IP's I/O thread
 * runs for a server's socket: every datagram goes through nxdtls_server_route (stateless cookies first, an
 * O(1) lookup by peer), then to its slot's connection; the I/O thread also runs the slots' retransmission
 * timers and calls the application's notify callbacks (docs/netx-api.md 7.4, 7.9). */
#ifndef NETX_NX_SECURE_DTLS_SERVER_H
#define NETX_NX_SECURE_DTLS_SERVER_H

#include "nx_secure_dtls_api.h"

/* netx_dtls_server_slot_begin marks a slot as started by the application and feeds it the datagrams that
 * arrived before (called by nx_secure_dtls_server_session_start). Returns NX_SUCCESS or
 * NX_SECURE_TLS_SESSION_UNINITIALIZED when the slot is not in use. */
UINT netx_dtls_server_slot_begin(NX_SECURE_DTLS_SESSION *s);

#endif /* NETX_NX_SECURE_DTLS_SERVER_H */
