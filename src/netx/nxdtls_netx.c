/* SPDX-License-Identifier: MIT */
/* nxdtls_netx: the nxdtls extensions of the NetX Secure DTLS API (include/nxdtls_netx.h), services NetX
 * does not have, over the same engine settings as the NetX services. */
#include "nxdtls_netx.h"

#include "netx_dtls.h"

NXDTLS_API UINT nxdtls_dtls_server_psk_callback_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                                    NXDTLS_PSK_LOOKUP psk_lookup)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    netx_dtls_server_lock(server_ptr);
    /* The slots share the server's configuration: the engine asks the lookup after the entries. */
    nxdtls_config *cfg = &server_ptr->nx_dtls_server_config;
    server_ptr->nx_dtls_server_psk_lookup = psk_lookup;
    cfg->psk_server_callback = psk_lookup != NULL ? netx_dtls_server_psk_callback : NULL;
    cfg->psk_callback_ctx = psk_lookup != NULL ? server_ptr : NULL;
    netx_dtls_server_unlock(server_ptr);
    return NX_SUCCESS;
}

/* RFC 9146 (docs/cid.md): the server's slots share its configuration; a client session has its own. */
static void cid_apply(nxdtls_config *cfg, UINT cid_length)
{
    cfg->cid_length = cid_length == NXDTLS_CONNECTION_ID_OFF ? 0 : (uint8_t)cid_length;
    cfg->cid_empty = cid_length == 0;
}

NXDTLS_API UINT nxdtls_dtls_server_connection_id_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                                     UINT cid_length)
{
    if (!netx_dtls_server_valid(server_ptr)) {
        return NX_PTR_ERROR;
    }
    if (cid_length != NXDTLS_CONNECTION_ID_OFF && cid_length != 0 &&
        (cid_length < NXDTLS_SERVER_CID_MIN || cid_length > NXDTLS_CID_MAX)) {
        return NX_INVALID_PARAMETERS;
    }
    netx_dtls_server_lock(server_ptr);
    UINT status = NX_SECURE_TLS_INVALID_STATE;
    if (!server_ptr->nx_dtls_server_started) {
        cid_apply(&server_ptr->nx_dtls_server_config, cid_length);
        status = NX_SUCCESS;
    }
    netx_dtls_server_unlock(server_ptr);
    return status;
}

NXDTLS_API UINT nxdtls_dtls_session_connection_id_set(NX_SECURE_DTLS_SESSION *session_ptr,
                                                      UINT cid_length)
{
    if (!netx_dtls_session_valid(session_ptr)) {
        return NX_PTR_ERROR;
    }
    if (session_ptr->nx_secure_dtls_server_parent != NULL ||
        (cid_length != NXDTLS_CONNECTION_ID_OFF && cid_length > NXDTLS_CID_MAX)) {
        return NX_INVALID_PARAMETERS;
    }
    if (session_ptr->nx_secure_dtls_state != NETX_DTLS_IDLE) {
        return NX_SECURE_TLS_INVALID_STATE;
    }
    cid_apply(&session_ptr->nx_secure_dtls_config, cid_length);
    return NX_SUCCESS;
}
