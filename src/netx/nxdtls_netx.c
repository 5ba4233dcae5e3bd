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
