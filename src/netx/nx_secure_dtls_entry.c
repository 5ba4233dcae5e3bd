/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_entry.c: the DTLS services under NetX's internal names (see nx_secure_dtls_api.h), so that
 * code written against them, as NetX's own tests are, links: each calls the one checked service. */
#include "nx_secure_dtls_entry.h"

#include "nxdtls.h"

NXDTLS_API VOID _nx_secure_dtls_initialize(VOID)
{
    nx_secure_dtls_initialize();
}

NXDTLS_API VOID _nxe_secure_dtls_initialize(VOID)
{
    nx_secure_dtls_initialize();
}

NXDTLS_API UINT _nx_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                               const NX_SECURE_TLS_CRYPTO *crypto_table,
                                               VOID *metadata_buffer, ULONG metadata_size,
                                               UCHAR *packet_reassembly_buffer,
                                               UINT packet_reassembly_buffer_size,
                                               UINT certs_number, UCHAR *remote_certificate_buffer,
                                               ULONG remote_certificate_buffer_size)
{
    return nx_secure_dtls_session_create(session_ptr, crypto_table, metadata_buffer, metadata_size,
                                         packet_reassembly_buffer, packet_reassembly_buffer_size,
                                         certs_number, remote_certificate_buffer,
                                         remote_certificate_buffer_size);
}

NXDTLS_API UINT _nxe_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                                const NX_SECURE_TLS_CRYPTO *crypto_table,
                                                VOID *metadata_buffer, ULONG metadata_size,
                                                UCHAR *packet_reassembly_buffer,
                                                UINT packet_reassembly_buffer_size,
                                                UINT certs_number, UCHAR *remote_certificate_buffer,
                                                ULONG remote_certificate_buffer_size)
{
    return nx_secure_dtls_session_create(session_ptr, crypto_table, metadata_buffer, metadata_size,
                                         packet_reassembly_buffer, packet_reassembly_buffer_size,
                                         certs_number, remote_certificate_buffer,
                                         remote_certificate_buffer_size);
}

NXDTLS_API UINT _nx_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session)
{
    return nx_secure_dtls_session_delete(dtls_session);
}

NXDTLS_API UINT _nxe_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session)
{
    return nx_secure_dtls_session_delete(dtls_session);
}

NXDTLS_API UINT _nx_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr)
{
    return nx_secure_dtls_session_reset(session_ptr);
}

NXDTLS_API UINT _nxe_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr)
{
    return nx_secure_dtls_session_reset(session_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     NX_UDP_SOCKET *udp_socket,
                                                     NXD_ADDRESS *ip_address, UINT port,
                                                     UINT wait_option)
{
    return nx_secure_dtls_client_session_start(dtls_session, udp_socket, ip_address, port,
                                               wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                      NX_UDP_SOCKET *udp_socket,
                                                      NXD_ADDRESS *ip_address, UINT port,
                                                      UINT wait_option)
{
    return nx_secure_dtls_client_session_start(dtls_session, udp_socket, ip_address, port,
                                               wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                              NX_UDP_SOCKET *udp_socket, UINT is_client,
                                              UINT wait_option)
{
    return nx_secure_dtls_session_start(dtls_session, udp_socket, is_client, wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                               NX_UDP_SOCKET *udp_socket, UINT is_client,
                                               UINT wait_option)
{
    return nx_secure_dtls_session_start(dtls_session, udp_socket, is_client, wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                                NX_PACKET **packet_ptr_ptr, ULONG wait_option)
{
    return nx_secure_dtls_session_receive(dtls_session, packet_ptr_ptr, wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                                 NX_PACKET **packet_ptr_ptr, ULONG wait_option)
{
    return nx_secure_dtls_session_receive(dtls_session, packet_ptr_ptr, wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                             NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address,
                                             UINT port)
{
    return nx_secure_dtls_session_send(dtls_session, packet_ptr, ip_address, port);
}

NXDTLS_API UINT _nxe_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                              NX_PACKET *packet_ptr, NXD_ADDRESS *ip_address,
                                              UINT port)
{
    return nx_secure_dtls_session_send(dtls_session, packet_ptr, ip_address, port);
}

NXDTLS_API UINT _nx_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                                    NX_PACKET *packet_ptr)
{
    return nx_secure_dtls_server_session_send(dtls_session, packet_ptr);
}

NXDTLS_API UINT _nxe_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     NX_PACKET *packet_ptr)
{
    return nx_secure_dtls_server_session_send(dtls_session, packet_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option)
{
    return nx_secure_dtls_session_end(dtls_session, wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option)
{
    return nx_secure_dtls_session_end(dtls_session, wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session,
                                                NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr,
                                                ULONG wait_option)
{
    return nx_secure_dtls_packet_allocate(dtls_session, pool_ptr, packet_ptr, wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session,
                                                 NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr,
                                                 ULONG wait_option)
{
    return nx_secure_dtls_packet_allocate(dtls_session, pool_ptr, packet_ptr, wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *pre_shared_key,
                                        UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                                        UCHAR *hint, UINT hint_length)
{
    return nx_secure_dtls_psk_add(dtls_session, pre_shared_key, psk_length, psk_identity,
                                  identity_length, hint, hint_length);
}

NXDTLS_API UINT _nxe_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                         UCHAR *pre_shared_key, UINT psk_length,
                                         UCHAR *psk_identity, UINT identity_length, UCHAR *hint,
                                         UINT hint_length)
{
    return nx_secure_dtls_psk_add(dtls_session, pre_shared_key, psk_length, psk_identity,
                                  identity_length, hint, hint_length);
}

NXDTLS_API UINT _nx_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                              NX_SECURE_X509_CERT *certificate,
                                                              UINT cert_id)
{
    return nx_secure_dtls_session_local_certificate_add(dtls_session, certificate, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                               NX_SECURE_X509_CERT *certificate,
                                                               UINT cert_id)
{
    return nx_secure_dtls_session_local_certificate_add(dtls_session, certificate, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_session_local_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return nx_secure_dtls_session_local_certificate_remove(dtls_session, common_name,
                                                           common_name_length, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_session_local_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return nx_secure_dtls_session_local_certificate_remove(dtls_session, common_name,
                                                           common_name_length, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_session_trusted_certificate_add(
    NX_SECURE_DTLS_SESSION *dtls_session, NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    return nx_secure_dtls_session_trusted_certificate_add(dtls_session, certificate, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_session_trusted_certificate_add(
    NX_SECURE_DTLS_SESSION *dtls_session, NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    return nx_secure_dtls_session_trusted_certificate_add(dtls_session, certificate, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_session_trusted_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return nx_secure_dtls_session_trusted_certificate_remove(dtls_session, common_name,
                                                             common_name_length, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_session_trusted_certificate_remove(
    NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return nx_secure_dtls_session_trusted_certificate_remove(dtls_session, common_name,
                                                             common_name_length, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                               const USHORT *supported_groups,
                                               USHORT supported_group_count,
                                               const NX_CRYPTO_METHOD **curves)
{
    return nx_secure_dtls_ecc_initialize(dtls_session, supported_groups, supported_group_count,
                                         curves);
}

NXDTLS_API UINT _nxe_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                                const USHORT *supported_groups,
                                                USHORT supported_group_count,
                                                const NX_CRYPTO_METHOD **curves)
{
    return nx_secure_dtls_ecc_initialize(dtls_session, supported_groups, supported_group_count,
                                         curves);
}

NXDTLS_API UINT _nx_secure_dtls_client_protocol_version_override(
    NX_SECURE_DTLS_SESSION *dtls_session, USHORT protocol_version)
{
    return nx_secure_dtls_client_protocol_version_override(dtls_session, protocol_version);
}

NXDTLS_API UINT _nxe_secure_dtls_client_protocol_version_override(
    NX_SECURE_DTLS_SESSION *dtls_session, USHORT protocol_version)
{
    return nx_secure_dtls_client_protocol_version_override(dtls_session, protocol_version);
}

NXDTLS_API UINT _nx_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                                        NXD_ADDRESS *client_ip_address,
                                                        UINT *client_port, UINT *local_port)
{
    return nx_secure_dtls_session_client_info_get(dtls_session, client_ip_address, client_port,
                                                  local_port);
}

NXDTLS_API UINT _nxe_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                                         NXD_ADDRESS *client_ip_address,
                                                         UINT *client_port, UINT *local_port)
{
    return nx_secure_dtls_session_client_info_get(dtls_session, client_ip_address, client_port,
                                                  local_port);
}

NXDTLS_API UINT _nx_secure_dtls_server_create(
    NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port, ULONG timeout,
    VOID *session_buffer, UINT session_buffer_size, const NX_SECURE_TLS_CRYPTO *crypto_table,
    VOID *crypto_metadata_buffer, ULONG crypto_metadata_size, UCHAR *packet_reassembly_buffer,
    UINT packet_reassembly_buffer_size,
    UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address,
                           UINT port),
    UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session))
{
    return nx_secure_dtls_server_create(
        server_ptr, ip_ptr, port, timeout, session_buffer, session_buffer_size, crypto_table,
        crypto_metadata_buffer, crypto_metadata_size, packet_reassembly_buffer,
        packet_reassembly_buffer_size, connect_notify, receive_notify);
}

NXDTLS_API UINT _nxe_secure_dtls_server_create(
    NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port, ULONG timeout,
    VOID *session_buffer, UINT session_buffer_size, const NX_SECURE_TLS_CRYPTO *crypto_table,
    VOID *crypto_metadata_buffer, ULONG crypto_metadata_size, UCHAR *packet_reassembly_buffer,
    UINT packet_reassembly_buffer_size,
    UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address,
                           UINT port),
    UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session))
{
    return nx_secure_dtls_server_create(
        server_ptr, ip_ptr, port, timeout, session_buffer, session_buffer_size, crypto_table,
        crypto_metadata_buffer, crypto_metadata_size, packet_reassembly_buffer,
        packet_reassembly_buffer_size, connect_notify, receive_notify);
}

NXDTLS_API UINT _nx_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_delete(server_ptr);
}

NXDTLS_API UINT _nxe_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_delete(server_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_start(server_ptr);
}

NXDTLS_API UINT _nxe_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_start(server_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_stop(server_ptr);
}

NXDTLS_API UINT _nxe_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_stop(server_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     UINT wait_option)
{
    return nx_secure_dtls_server_session_start(dtls_session, wait_option);
}

NXDTLS_API UINT _nxe_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                                      UINT wait_option)
{
    return nx_secure_dtls_server_session_start(dtls_session, wait_option);
}

NXDTLS_API UINT _nx_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code))
{
    return nx_secure_dtls_server_notify_set(server_ptr, disconnect_notify, error_notify);
}

NXDTLS_API UINT _nxe_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code))
{
    return nx_secure_dtls_server_notify_set(server_ptr, disconnect_notify, error_notify);
}

NXDTLS_API UINT _nx_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                               UCHAR *pre_shared_key, UINT psk_length,
                                               UCHAR *psk_identity, UINT identity_length,
                                               UCHAR *hint, UINT hint_length)
{
    return nx_secure_dtls_server_psk_add(server_ptr, pre_shared_key, psk_length, psk_identity,
                                         identity_length, hint, hint_length);
}

NXDTLS_API UINT _nxe_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                UCHAR *pre_shared_key, UINT psk_length,
                                                UCHAR *psk_identity, UINT identity_length,
                                                UCHAR *hint, UINT hint_length)
{
    return nx_secure_dtls_server_psk_add(server_ptr, pre_shared_key, psk_length, psk_identity,
                                         identity_length, hint, hint_length);
}

NXDTLS_API UINT _nx_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                             NX_SECURE_X509_CERT *certificate,
                                                             UINT cert_id)
{
    return nx_secure_dtls_server_local_certificate_add(server_ptr, certificate, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                              NX_SECURE_X509_CERT *certificate,
                                                              UINT cert_id)
{
    return nx_secure_dtls_server_local_certificate_add(server_ptr, certificate, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                                UCHAR *common_name,
                                                                UINT common_name_length,
                                                                UINT cert_id)
{
    return nx_secure_dtls_server_local_certificate_remove(server_ptr, common_name,
                                                          common_name_length, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                                 UCHAR *common_name,
                                                                 UINT common_name_length,
                                                                 UINT cert_id)
{
    return nx_secure_dtls_server_local_certificate_remove(server_ptr, common_name,
                                                          common_name_length, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                               NX_SECURE_X509_CERT *certificate,
                                                               UINT cert_id)
{
    return nx_secure_dtls_server_trusted_certificate_add(server_ptr, certificate, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                                NX_SECURE_X509_CERT *certificate,
                                                                UINT cert_id)
{
    return nx_secure_dtls_server_trusted_certificate_add(server_ptr, certificate, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_server_trusted_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                                  UCHAR *common_name,
                                                                  UINT common_name_length,
                                                                  UINT cert_id)
{
    return nx_secure_dtls_server_trusted_certificate_remove(server_ptr, common_name,
                                                            common_name_length, cert_id);
}

NXDTLS_API UINT _nxe_secure_dtls_server_trusted_certificate_remove(
    NX_SECURE_DTLS_SERVER *server_ptr, UCHAR *common_name, UINT common_name_length, UINT cert_id)
{
    return nx_secure_dtls_server_trusted_certificate_remove(server_ptr, common_name,
                                                            common_name_length, cert_id);
}

NXDTLS_API UINT _nx_secure_dtls_server_x509_client_verify_configure(
    NX_SECURE_DTLS_SERVER *server_ptr, UINT certs_per_session, UCHAR *certs_buffer,
    ULONG buffer_size)
{
    return nx_secure_dtls_server_x509_client_verify_configure(server_ptr, certs_per_session,
                                                              certs_buffer, buffer_size);
}

NXDTLS_API UINT _nxe_secure_dtls_server_x509_client_verify_configure(
    NX_SECURE_DTLS_SERVER *server_ptr, UINT certs_per_session, UCHAR *certs_buffer,
    ULONG buffer_size)
{
    return nx_secure_dtls_server_x509_client_verify_configure(server_ptr, certs_per_session,
                                                              certs_buffer, buffer_size);
}

NXDTLS_API UINT _nx_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_x509_client_verify_disable(server_ptr);
}

NXDTLS_API UINT
_nxe_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr)
{
    return nx_secure_dtls_server_x509_client_verify_disable(server_ptr);
}

NXDTLS_API UINT _nx_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                                      const USHORT *supported_groups,
                                                      USHORT supported_group_count,
                                                      const NX_CRYPTO_METHOD **curves)
{
    return nx_secure_dtls_server_ecc_initialize(server_ptr, supported_groups, supported_group_count,
                                                curves);
}

NXDTLS_API UINT _nxe_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                                       const USHORT *supported_groups,
                                                       USHORT supported_group_count,
                                                       const NX_CRYPTO_METHOD **curves)
{
    return nx_secure_dtls_server_ecc_initialize(server_ptr, supported_groups, supported_group_count,
                                                curves);
}

NXDTLS_API UINT _nx_secure_dtls_server_protocol_version_override(NX_SECURE_DTLS_SERVER *dtls_server,
                                                                 USHORT protocol_version)
{
    return nx_secure_dtls_server_protocol_version_override(dtls_server, protocol_version);
}

NXDTLS_API UINT _nxe_secure_dtls_server_protocol_version_override(
    NX_SECURE_DTLS_SERVER *dtls_server, USHORT protocol_version)
{
    return nx_secure_dtls_server_protocol_version_override(dtls_server, protocol_version);
}
