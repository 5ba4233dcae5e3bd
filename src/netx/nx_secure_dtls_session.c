/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_session.c: session lifecycle and credentials. Argument checks run first and in NetX's order
 * (docs/netx-api.md 1.5): NULL pointers -> NX_PTR_ERROR, session not created ->
 * NX_SECURE_TLS_SESSION_UNINITIALIZED (NX_PTR_ERROR for delete), then values. */
#include "nx_secure_dtls_session.h"

#include <string.h>

#include "netx_dtls.h"
#include "netx_udp.h"
#include "threadx/tx_clock.h"
#include "x509/x509_store.h"

#define NETX_ALIGN8(p) (((uintptr_t)(p) + 7u) & ~(uintptr_t)7u)

NXDTLS_API VOID nx_secure_dtls_initialize(VOID)
{
    /* Created lists are static and the crypto backend needs no set-up; starting the facade's clock here
     * is all there is to do. Idempotent. */
    (void)txp_time_ms();
}

NXDTLS_API UINT nx_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                              const NX_SECURE_TLS_CRYPTO *crypto_table,
                                              VOID *metadata_buffer, ULONG metadata_size,
                                              UCHAR *packet_reassembly_buffer,
                                              UINT packet_reassembly_buffer_size, UINT certs_number,
                                              UCHAR *remote_certificate_buffer,
                                              ULONG remote_certificate_buffer_size)
{
    if (session_ptr == NULL || crypto_table == NULL || metadata_buffer == NULL ||
        (packet_reassembly_buffer == NULL && packet_reassembly_buffer_size != 0) ||
        (certs_number != 0 && remote_certificate_buffer == NULL) ||
        netx_dtls_session_valid(session_ptr)) {
        return NX_PTR_ERROR;
    }
    /* The connection lives at the front of the metadata buffer, 8-aligned; the engine gets the rest. */
    uintptr_t conn_at = NETX_ALIGN8(metadata_buffer);
    size_t skip = (size_t)(conn_at - (uintptr_t)metadata_buffer);
    if (metadata_size <= skip) {
        return NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE;
    }
    size_t usable = (size_t)metadata_size - skip;
    if (usable < sizeof(nxdtls_conn) ||
        usable - sizeof(nxdtls_conn) < nxdtls_metadata_size(crypto_table)) {
        return NX_INVALID_PARAMETERS;
    }
    /* docs/netx-api.md 3.2: certs_number slots, each an NX_SECURE_X509_CERT and at least
     * NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE bytes of DER. The engine cuts the buffer into slots at every
     * start (nxdtls_conn_set_remote_certificates); nothing is linked into the store here. */
    if (!netx_dtls_remote_slots_fit(remote_certificate_buffer, remote_certificate_buffer_size,
                                    certs_number)) {
        return NX_INVALID_PARAMETERS;
    }

    memset(session_ptr, 0, sizeof *session_ptr);
    NX_SECURE_TLS_SESSION *tls = &session_ptr->nx_secure_dtls_tls_session;
    tls->nx_secure_tls_crypto_table = crypto_table;
    tls->nx_secure_tls_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
    tls->nx_secure_tls_dtls_session = session_ptr;
    session_ptr->nx_secure_dtls_conn = (nxdtls_conn *)conn_at;
    session_ptr->nx_secure_dtls_metadata = (VOID *)(conn_at + sizeof(nxdtls_conn));
    session_ptr->nx_secure_dtls_metadata_size = (ULONG)(usable - sizeof(nxdtls_conn));
    session_ptr->nx_secure_dtls_reassembly = packet_reassembly_buffer;
    session_ptr->nx_secure_dtls_reassembly_size = packet_reassembly_buffer_size;
    session_ptr->nx_secure_dtls_remote_cert_buffer = remote_certificate_buffer;
    session_ptr->nx_secure_dtls_remote_cert_buffer_size = remote_certificate_buffer_size;
    session_ptr->nx_secure_dtls_remote_certs_number = certs_number;
    session_ptr->nx_secure_dtls_protocol_version = NX_SECURE_DTLS_VERSION_1_2;
    nxdtls_config *cfg = &session_ptr->nx_secure_dtls_config;
    cfg->role = NXDTLS_ROLE_CLIENT;
    cfg->crypto = crypto_table;
    /* docs/netx-api.md 1.4: the NetX retransmission tunables, in ticks, become the engine's milliseconds. */
    cfg->retransmit_initial_ms = (uint32_t)txp_ticks_to_ms(NX_SECURE_DTLS_RETRANSMIT_TIMEOUT);
    cfg->retransmit_max_ms = (uint32_t)txp_ticks_to_ms(NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_TIMEOUT);
    cfg->retransmit_retries = NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_RETRIES;
    (void)pthread_mutex_init(&session_ptr->nx_secure_dtls_lock, NULL);
    txp_cond_init(&session_ptr->nx_secure_dtls_cond);
    tls->nx_secure_tls_id = NX_SECURE_TLS_ID;
    session_ptr->nx_secure_dtls_id = NETX_DTLS_SESSION_ID;
    netx_dtls_config_refresh(session_ptr);
    (void)netx_dtls_session_register(session_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr)
{
    if (session_ptr == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(session_ptr)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (netx_dtls_in_callback(session_ptr)) {
        return NX_CALLER_ERROR; /* its engine is running the certificate callback (netx_dtls.h) */
    }
    netx_dtls_lock(session_ptr);
    NX_SECURE_DTLS_SERVER *server = session_ptr->nx_secure_dtls_server_parent;
    if (server != NULL) {
        if (session_ptr->nx_secure_dtls_session_in_use) {
            /* The engine frees (wipes) the slot's connection and forgets its address. */
            (void)nxdtls_server_release(&server->nx_dtls_server_engine,
                                        session_ptr->nx_secure_dtls_slot);
        }
    } else if (session_ptr->nx_secure_dtls_state != NETX_DTLS_IDLE) {
        nxdtls_conn_free(session_ptr->nx_secure_dtls_conn);
    }
    /* The peer's chain lived in the connection's slots, wiped with it (docs/netx-api.md 7.7). */
    netx_dtls_session_clear(session_ptr);
    netx_dtls_unlock(session_ptr);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session)
{
    /* A server's slots are deleted by nx_secure_dtls_server_delete only. */
    if (!netx_dtls_session_valid(dtls_session) ||
        dtls_session->nx_secure_dtls_server_parent != NULL) {
        return NX_PTR_ERROR;
    }
    if (netx_dtls_in_callback(dtls_session)) {
        return NX_CALLER_ERROR;
    }
    (void)nx_secure_dtls_session_reset(dtls_session);
    netx_dtls_session_unregister(dtls_session);
    netx_dtls_lock(dtls_session);
    netx_dtls_store_release(&dtls_session->nx_secure_dtls_tls_session.nx_secure_tls_credentials
                                 .nx_secure_tls_certificate_store);
    netx_dtls_unlock(dtls_session);
    (void)pthread_mutex_lock(&dtls_session->nx_secure_dtls_lock);
    dtls_session->nx_secure_dtls_id = 0;
    dtls_session->nx_secure_dtls_tls_session.nx_secure_tls_id = 0;
    netx_dtls_wake(dtls_session);
    /* Threads the reset woke leave before the lock they wait on is destroyed. */
    while (dtls_session->nx_secure_dtls_waiting != 0) {
        (void)pthread_cond_wait(&dtls_session->nx_secure_dtls_cond,
                                &dtls_session->nx_secure_dtls_lock);
    }
    (void)pthread_mutex_unlock(&dtls_session->nx_secure_dtls_lock);
    (void)pthread_cond_destroy(&dtls_session->nx_secure_dtls_cond);
    (void)pthread_mutex_destroy(&dtls_session->nx_secure_dtls_lock);
    return NX_SUCCESS;
}

UINT netx_dtls_psk_store(NX_SECURE_TLS_CREDENTIALS *cred, const UCHAR *key, UINT key_len,
                         const UCHAR *id, UINT id_len, const UCHAR *hint, UINT hint_len)
{
    if (cred->nx_secure_tls_psk_count >= NXDTLS_PSK_KEYS_MAX || key_len > NXDTLS_PSK_SIZE_MAX ||
        id_len > NXDTLS_PSK_ID_SIZE_MAX || hint_len > NXDTLS_PSK_ID_SIZE_MAX) {
        return NX_SECURE_TLS_NO_MORE_PSK_SPACE;
    }
    NX_SECURE_TLS_PSK_STORE *e = &cred->nx_secure_tls_psk_store[cred->nx_secure_tls_psk_count];
    memset(e, 0, sizeof *e);
    if (key_len != 0) {
        memcpy(e->nx_secure_tls_psk_data, key, key_len);
    }
    e->nx_secure_tls_psk_data_size = key_len;
    if (id_len != 0) {
        memcpy(e->nx_secure_tls_psk_id, id, id_len);
    }
    e->nx_secure_tls_psk_id_size = id_len;
    if (hint_len != 0) {
        memcpy(e->nx_secure_tls_psk_id_hint, hint, hint_len);
    }
    e->nx_secure_tls_psk_id_hint_size = hint_len;
    cred->nx_secure_tls_psk_count++;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *pre_shared_key,
                                       UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                                       UCHAR *hint, UINT hint_length)
{
    if (dtls_session == NULL || pre_shared_key == NULL || psk_identity == NULL ||
        (hint == NULL && hint_length != 0)) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    netx_dtls_lock(dtls_session);
    UINT status = netx_dtls_psk_store(netx_dtls_credentials(dtls_session), pre_shared_key,
                                      psk_length, psk_identity, identity_length, hint, hint_length);
    netx_dtls_config_refresh(dtls_session);
    netx_dtls_unlock(dtls_session);
    return status;
}

/* netx_dtls_cert_add / _remove: the four session certificate services over one store list. */
static UINT netx_dtls_cert_add(NX_SECURE_DTLS_SESSION *s, enum x509_store_list list,
                               NX_SECURE_X509_CERT *cert, UINT cert_id)
{
    if (s == NULL || cert == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(s)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    netx_dtls_lock(s);
    UINT status = x509_store_add(&netx_dtls_credentials(s)->nx_secure_tls_certificate_store, list,
                                 cert, cert_id);
    netx_dtls_config_refresh(s);
    netx_dtls_unlock(s);
    return status;
}

static UINT netx_dtls_cert_remove(NX_SECURE_DTLS_SESSION *s, enum x509_store_list list, UCHAR *cn,
                                  UINT cn_len, UINT cert_id)
{
    if (s == NULL || (cert_id == 0 && cn == NULL)) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(s)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    /* The running handshake may be using the certificate (its server's, for a slot). */
    if (netx_dtls_in_callback(s) || netx_dtls_server_in_callback(s->nx_secure_dtls_server_parent)) {
        return NX_CALLER_ERROR;
    }
    netx_dtls_lock(s);
    UINT status = x509_store_remove(&netx_dtls_credentials(s)->nx_secure_tls_certificate_store,
                                    list, cn, cn_len, cert_id, NULL);
    netx_dtls_config_refresh(s);
    netx_dtls_unlock(s);
    return status;
}

NXDTLS_API UINT nx_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                             NX_SECURE_X509_CERT *certificate,
                                                             UINT cert_id)
{
    return netx_dtls_cert_add(dtls_session, X509_STORE_LOCAL, certificate, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_session_local_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return netx_dtls_cert_remove(dtls_session, X509_STORE_LOCAL, common_name, common_name_length,
                                 cert_id);
}

NXDTLS_API UINT nx_secure_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                               NX_SECURE_X509_CERT *certificate,
                                                               UINT cert_id)
{
    return netx_dtls_cert_add(dtls_session, X509_STORE_TRUSTED, certificate, cert_id);
}

NXDTLS_API UINT nx_secure_dtls_session_trusted_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return netx_dtls_cert_remove(dtls_session, X509_STORE_TRUSTED, common_name, common_name_length,
                                 cert_id);
}

NXDTLS_API UINT nx_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                              const USHORT *supported_groups,
                                              USHORT supported_group_count,
                                              const NX_CRYPTO_METHOD **curves)
{
    if (dtls_session == NULL ||
        (supported_group_count != 0 && (supported_groups == NULL || curves == NULL))) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    netx_dtls_lock(dtls_session);
    NX_SECURE_TLS_SESSION *tls = &dtls_session->nx_secure_dtls_tls_session;
    tls->nx_secure_tls_ecc_supported_groups = supported_group_count != 0 ? supported_groups : NULL;
    tls->nx_secure_tls_ecc_supported_groups_count = supported_group_count;
    tls->nx_secure_tls_ecc_curves = supported_group_count != 0 ? curves : NULL;
    netx_dtls_config_refresh(dtls_session);
    netx_dtls_unlock(dtls_session);
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_client_protocol_version_override(
    NX_SECURE_DTLS_SESSION *dtls_session, USHORT protocol_version)
{
    if (dtls_session == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    if (protocol_version == NX_SECURE_DTLS_VERSION_1_0) {
        return NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION; /* DTLS 1.0 is not implemented (seed) */
    }
    if (protocol_version != NX_SECURE_DTLS_VERSION_1_2) {
        return NX_PTR_ERROR; /* sic: NetX's code for any other value (docs/netx-api.md 3.2) */
    }
    dtls_session->nx_secure_dtls_protocol_version = protocol_version;
    return NX_SUCCESS;
}

NXDTLS_API UINT nx_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                                       NXD_ADDRESS *client_ip_address,
                                                       UINT *client_port, UINT *local_port)
{
    if (dtls_session == NULL || client_ip_address == NULL || client_port == NULL ||
        local_port == NULL) {
        return NX_PTR_ERROR;
    }
    if (!netx_dtls_session_valid(dtls_session)) {
        return NX_SECURE_TLS_SESSION_UNINITIALIZED;
    }
    netx_dtls_session_lock(dtls_session);
    UINT status = NX_SUCCESS;
    if (dtls_session->nx_secure_dtls_udp_socket == NULL) {
        status = NX_INVALID_SOCKET;
    } else if (!dtls_session->nx_secure_dtls_session_in_use) {
        status = NX_NOT_CONNECTED; /* docs/netx-api.md 10 C10: any slot in use has a peer */
    } else {
        *client_ip_address = dtls_session->nx_secure_dtls_remote_ip_address;
        *client_port = dtls_session->nx_secure_dtls_remote_port;
        *local_port = dtls_session->nx_secure_dtls_local_port;
    }
    netx_dtls_session_unlock(dtls_session);
    return status;
}
