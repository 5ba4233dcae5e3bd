/* SPDX-License-Identifier: MIT */
/* nx_secure_tls_api.c: TLS-level helpers on the NX_SECURE_TLS_SESSION inside a DTLS session. Settings are
 * kept in the TLS session (they survive session_reset) and copied into the engine configuration the
 * session runs with; on a server slot they apply to every slot of the server (one shared configuration). */
#include "netx/nx_secure_tls_api.h"

#include <string.h>

#include "netx_dtls.h"
#include "threadx/tx_clock.h"

NXDTLS_API VOID nx_secure_tls_initialize(VOID)
{
    (void)txp_time_ms();
}

NXDTLS_API UINT nx_secure_tls_metadata_size_calculate(const NX_SECURE_TLS_CRYPTO *cipher_table,
                                                      ULONG *metadata_size)
{
    if (cipher_table == NULL || metadata_size == NULL) {
        return NX_PTR_ERROR;
    }
    /* Per session: the engine's areas, the connection itself (kept in the metadata buffer), alignment,
     * and a server's per-slot share of its peer index. */
    *metadata_size = (ULONG)(nxdtls_metadata_size(cipher_table) + sizeof(nxdtls_conn) + 8 +
                             NETX_DTLS_INDEX_SHARE);
    return NX_SUCCESS;
}

/* netx_tls_begin takes the locks of the DTLS session around tls, if any, and returns it (NULL when tls
 * is not a live session's); netx_tls_end applies the changed settings to the configuration the session
 * runs with and releases the locks. Settings are written between the two, so the engine (a server slot's
 * on the I/O thread) never reads one half-written. */
static NX_SECURE_DTLS_SESSION *netx_tls_begin(NX_SECURE_TLS_SESSION *tls)
{
    NX_SECURE_DTLS_SESSION *s = tls->nx_secure_tls_dtls_session;
    if (s != NULL && &s->nx_secure_dtls_tls_session == tls && netx_dtls_session_valid(s)) {
        netx_dtls_lock(s);
        return s;
    }
    return NULL;
}

static void netx_tls_end(NX_SECURE_DTLS_SESSION *s)
{
    if (s != NULL) {
        netx_dtls_config_refresh(s);
        netx_dtls_unlock(s);
    }
}

NXDTLS_API UINT nx_secure_tls_session_time_function_set(NX_SECURE_TLS_SESSION *tls_session,
                                                        ULONG (*time_func_ptr)(VOID))
{
    if (tls_session == NULL || time_func_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    NX_SECURE_DTLS_SESSION *s = netx_tls_begin(tls_session);
    tls_session->nx_secure_tls_session_time_function = time_func_ptr;
    netx_tls_end(s);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_tls_session_certificate_callback_set(
    NX_SECURE_TLS_SESSION *tls_session,
    ULONG (*func_ptr)(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *certificate))
{
    if (tls_session == NULL || func_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    /* The engine calls netx_dtls_certificate_callback (or the server's), which calls this one with the
     * session's lock held: netx_dtls.h says which services it may call. */
    NX_SECURE_DTLS_SESSION *s = netx_tls_begin(tls_session);
    tls_session->nx_secure_tls_session_certificate_callback = func_ptr;
    netx_tls_end(s);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_tls_session_alert_value_get(NX_SECURE_TLS_SESSION *tls_session,
                                                      UINT *alert_level, UINT *alert_value)
{
    if (tls_session == NULL || alert_level == NULL || alert_value == NULL) {
        return NX_PTR_ERROR;
    }
    /* A server slot's alert is recorded by the I/O thread under the session's lock. */
    NX_SECURE_DTLS_SESSION *s = tls_session->nx_secure_tls_dtls_session;
    bool locked =
        s != NULL && &s->nx_secure_dtls_tls_session == tls_session && netx_dtls_session_valid(s);
    /* From the session's own certificate callback the lock is this thread's already (netx_dtls.h). */
    if (locked) {
        netx_dtls_session_lock(s);
    }
    *alert_level = tls_session->nx_secure_tls_received_alert_level;
    *alert_value = tls_session->nx_secure_tls_received_alert_value;
    if (locked) {
        netx_dtls_session_unlock(s);
    }
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_tls_session_sni_extension_set(NX_SECURE_TLS_SESSION *tls_session,
                                                        NX_SECURE_X509_DNS_NAME *dns_name)
{
    if (tls_session == NULL || dns_name == NULL) {
        return NX_PTR_ERROR;
    }
    NX_SECURE_X509_DNS_NAME *mine = &tls_session->nx_secure_tls_sni_extension_server_name;
    USHORT len = dns_name->nx_secure_x509_dns_name_length;
    if (len > sizeof mine->nx_secure_x509_dns_name) {
        len = (USHORT)sizeof mine->nx_secure_x509_dns_name;
    }
    NX_SECURE_DTLS_SESSION *s = netx_tls_begin(tls_session);
    memset(mine, 0, sizeof *mine);
    memcpy(mine->nx_secure_x509_dns_name, dns_name->nx_secure_x509_dns_name, len);
    mine->nx_secure_x509_dns_name_length = len;
    tls_session->nx_secure_tls_sni_extension_set = NX_TRUE;
    netx_tls_end(s);
    return NX_SUCCESS;
}
