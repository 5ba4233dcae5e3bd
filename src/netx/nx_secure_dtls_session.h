/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_session.h: session lifecycle and credentials services (docs/netx-api.md 3.1, 3.2): initialize,
 * create, delete, reset, PSKs, certificates, ECC groups, version override, client_info_get. Declared in
 * nx_secure_dtls_api.h; other facade files also use the PSK helper below. */
#ifndef NETX_NX_SECURE_DTLS_SESSION_H
#define NETX_NX_SECURE_DTLS_SESSION_H

#include "nx_secure_dtls_api.h"

/* netx_dtls_psk_store copies one PSK triple into cred (psk_add's rules; every refusal, a full store or a
 * key, identity or hint too long, is NX_SECURE_TLS_NO_MORE_PSK_SPACE, as NetX returns them). */
UINT netx_dtls_psk_store(NX_SECURE_TLS_CREDENTIALS *cred, const UCHAR *key, UINT key_len,
                         const UCHAR *id, UINT id_len, const UCHAR *hint, UINT hint_len);

#endif /* NETX_NX_SECURE_DTLS_SESSION_H */
