/* SPDX-License-Identifier: MIT */
/* dtls_server.h: the multi-session server of include/nxdtls.h (nxdtls_server_*): stateless cookies, O(1)
 * demultiplexing by peer address and slot bookkeeping. The public functions are declared in nxdtls.h;
 * this header adds what tests and the fuzz target inspect. */
#ifndef NXD_DTLS_SERVER_H
#define NXD_DTLS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "nxdtls.h"

/* dtls_server_last_probes returns how many index buckets the last nxdtls_server_route lookup examined
 * (0 when it did not look one up): the O(1) claim is tested on this count, not on time. */
size_t dtls_server_last_probes(const nxdtls_server *server);

/* dtls_server_pool_in_use returns how many handshake units of a pooled server slots hold now (0 otherwise). */
size_t dtls_server_pool_in_use(const nxdtls_server *server);

/* dtls_server_hmac_area_size is the scratch the server object keeps for the cookie HMAC; the server
 * refuses to start (NX_INVALID_PARAMETERS) when crypto_method_hmac_sha256 declares more. */
#define DTLS_SERVER_HMAC_AREA 1024

/* DTLS_SERVER_HELLO_SCRATCH bounds a ClientHello sent in several fragments inside one datagram that the
 * route reassembles (with its coverage bitmap) to check it whole before it takes a slot. A larger one, or
 * one spread over several datagrams, is judged by its first fragment (dtls_client_hello_parse_head). */
#define DTLS_SERVER_HELLO_SCRATCH 2048

#endif /* NXD_DTLS_SERVER_H */
