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

/* RFC 9146 connection IDs (docs/cid.md). NXDTLS_CONNECTION_ID_OFF turns them off (the default). */
#define NXDTLS_CONNECTION_ID_OFF 0xFFFFu

/* nxdtls_dtls_server_connection_id_set makes a DTLS server negotiate connection IDs of cid_length bytes (6 to
 * 32; 0: negotiate with an empty CID of its own, so it sends with its clients' CIDs but cannot route by
 * CID; NXDTLS_CONNECTION_ID_OFF: do not negotiate). A record with the CID of one of the server's sessions is routed to it whatever its source
 * address, and the session's remote address (nx_secure_dtls_session_client_info_get, and where it sends)
 * moves only after a record from the new address authenticated and is newer than any before (RFC 9146 6):
 * a device behind a NAT that changed its port keeps its session. Call before nx_secure_dtls_server_start.
 * Returns NX_SUCCESS, NX_PTR_ERROR (not a created server), NX_INVALID_PARAMETERS (a length NetX's server
 * cannot use: 1 to 5, or over 32), NX_SECURE_TLS_INVALID_STATE (the server runs). */
UINT nxdtls_dtls_server_connection_id_set(NX_SECURE_DTLS_SERVER *server_ptr, UINT cid_length);

/* nxdtls_dtls_session_connection_id_set makes a DTLS client session offer connection IDs: it asks the
 * server for cid_length-byte CIDs (1 to 32; 0: none, while still sending with the server's CID, the usual
 * choice of a device whose own address changes), or NXDTLS_CONNECTION_ID_OFF. Call before
 * nx_secure_dtls_client_session_start. Returns NX_SUCCESS, NX_PTR_ERROR, NX_INVALID_PARAMETERS (over 32, or
 * a server slot), NX_SECURE_TLS_INVALID_STATE (a handshake has begun). */
UINT nxdtls_dtls_session_connection_id_set(NX_SECURE_DTLS_SESSION *session_ptr, UINT cid_length);

#ifdef __cplusplus
}
#endif

#endif /* NXDTLS_NETX_H */
