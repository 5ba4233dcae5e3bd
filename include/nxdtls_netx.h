/* SPDX-License-Identifier: MIT */
/* nxdtls_netx.h: nxdtls extensions to the NetX Secure DTLS API. These services are NOT part of NetX Secure:
 * an application that calls them no longer builds against Eclipse ThreadX NetX Duo. Their names start with
 * nxdtls_ so that they stand out; they follow NetX's conventions (UINT status, NetX types and codes). */
#ifndef NXDTLS_NETX_H
#define NXDTLS_NETX_H

#include "nx_secure_dtls_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NXDTLS_PSK_LOOKUP finds the key of a client's PSK identity (RFC 4279 2) for a server slot: it copies at most
 * key_size bytes (NX_SECURE_TLS_MAX_PSK_SIZE, 64) of key into key, sets *key_length and returns NX_SUCCESS;
 * or it returns NX_SECURE_TLS_NO_MATCHING_PSK for an identity it does not know. identity is identity_length
 * bytes (at most NX_SECURE_TLS_MAX_PSK_ID_SIZE, 128), not NUL-terminated, valid during the call. */
typedef UINT (*NXDTLS_PSK_LOOKUP)(NX_SECURE_DTLS_SESSION *dtls_session, const UCHAR *identity,
                                  UINT identity_length, UCHAR *key, UINT key_size,
                                  UINT *key_length);

/* nxdtls_dtls_server_psk_callback_set gives a DTLS server a PSK lookup for identities its PSK entries
 * (nx_secure_dtls_server_psk_add, at most NX_SECURE_TLS_MAX_PSK_KEYS) do not hold: a fleet of thousands of
 * devices, keys in a database or a secure element. Entries are tried first. psk_lookup NX_NULL removes the
 * lookup. An identity neither knows fails the handshake with NX_SECURE_TLS_NO_MATCHING_PSK (0x126, reported
 * through the error notify callback) and the alert unknown_psk_identity; a key longer than key_size with
 * NX_SECURE_TLS_NO_MORE_PSK_SPACE; a 0-byte key counts as unknown. The buffer the key is written to belongs
 * to nxdtls, which wipes it once the premaster secret is derived.
 *
 * The lookup runs on the server's I/O thread, once per handshake, with the slot's session locked, like the
 * certificate callback: it may read the session (nx_secure_dtls_session_client_info_get) but start, receive,
 * send, end, reset and delete return NX_CALLER_ERROR there; while it runs the other slots wait.
 * Returns NX_SUCCESS, or NX_PTR_ERROR when server_ptr is not a created server. */
UINT nxdtls_dtls_server_psk_callback_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                         NXDTLS_PSK_LOOKUP psk_lookup);

#ifdef __cplusplus
}
#endif

#endif /* NXDTLS_NETX_H */
