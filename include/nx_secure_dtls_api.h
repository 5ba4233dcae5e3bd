/* SPDX-License-Identifier: MIT */
/* nx_secure_dtls_api.h: every nx_secure_dtls_* service (docs/netx-api.md section 3), self-sufficient:
 * including it (after nx_api.h, or alone) is all a NetX Secure DTLS application needs. */
#ifndef NX_SECURE_DTLS_API_H
#define NX_SECURE_DTLS_API_H

#include "nx_api.h"
#include "nx_crypto.h"
#include "nx_secure_dtls.h"
#include "nx_secure_tls.h"
#include "nx_secure_tls_api.h"
#include "nx_secure_x509.h"

#ifdef __cplusplus
extern "C" {
#endif

VOID nx_secure_dtls_initialize(VOID);

UINT nx_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                   const NX_SECURE_TLS_CRYPTO *crypto_table, VOID *metadata_buffer,
                                   ULONG metadata_size, UCHAR *packet_reassembly_buffer,
                                   UINT packet_reassembly_buffer_size, UINT certs_number,
                                   UCHAR *remote_certificate_buffer,
                                   ULONG remote_certificate_buffer_size);
UINT nx_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session);
UINT nx_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr);
UINT nx_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                         NX_UDP_SOCKET *udp_socket, NXD_ADDRESS *ip_address,
                                         UINT port, UINT wait_option);
UINT nx_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                  UINT is_client, UINT wait_option);
UINT nx_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                    NX_PACKET **packet_ptr_ptr, ULONG wait_option);
UINT nx_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr,
                                 NXD_ADDRESS *ip_address, UINT port);
UINT nx_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                        NX_PACKET *packet_ptr);
#define nx_secure_dtls_client_session_send nx_secure_dtls_server_session_send
UINT nx_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT nx_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET_POOL *pool_ptr,
                                    NX_PACKET **packet_ptr, ULONG wait_option);
UINT nx_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *pre_shared_key,
                            UINT psk_length, UCHAR *psk_identity, UINT identity_length, UCHAR *hint,
                            UINT hint_length);
UINT nx_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                  NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nx_secure_dtls_session_local_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     UCHAR *common_name, UINT common_name_length,
                                                     UINT cert_id);
UINT nx_secure_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                    NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nx_secure_dtls_session_trusted_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                       UCHAR *common_name, UINT common_name_length,
                                                       UINT cert_id);
UINT nx_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                   const USHORT *supported_groups, USHORT supported_group_count,
                                   const NX_CRYPTO_METHOD **curves);
UINT nx_secure_dtls_client_protocol_version_override(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     USHORT protocol_version);
UINT nx_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                            NXD_ADDRESS *client_ip_address, UINT *client_port,
                                            UINT *local_port);

UINT nx_secure_dtls_server_create(NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port,
                                  ULONG timeout, VOID *session_buffer, UINT session_buffer_size,
                                  const NX_SECURE_TLS_CRYPTO *crypto_table,
                                  VOID *crypto_metadata_buffer, ULONG crypto_metadata_size,
                                  UCHAR *packet_reassembly_buffer,
                                  UINT packet_reassembly_buffer_size,
                                  UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session,
                                                         NXD_ADDRESS *ip_address, UINT port),
                                  UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session));
UINT nx_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nx_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nx_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nx_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT nx_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code));
UINT nx_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr, UCHAR *pre_shared_key,
                                   UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                                   UCHAR *hint, UINT hint_length);
UINT nx_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                 NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nx_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                    UCHAR *common_name, UINT common_name_length,
                                                    UINT cert_id);
UINT nx_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                   NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nx_secure_dtls_server_trusted_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                      UCHAR *common_name, UINT common_name_length,
                                                      UINT cert_id);
UINT nx_secure_dtls_server_x509_client_verify_configure(NX_SECURE_DTLS_SERVER *server_ptr,
                                                        UINT certs_per_session, UCHAR *certs_buffer,
                                                        ULONG buffer_size);
UINT nx_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nx_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                          const USHORT *supported_groups,
                                          USHORT supported_group_count,
                                          const NX_CRYPTO_METHOD **curves);
UINT nx_secure_dtls_server_protocol_version_override(NX_SECURE_DTLS_SERVER *dtls_server,
                                                     USHORT protocol_version);

/* nxdtls extension, not part of NetX Secure (docs/security.md): a server session that has received nothing
 * authenticated for timeout ticks sends close_notify and fails; error_notify(session, NX_NO_PACKET) reports it
 * and the slot is free again once the application ends the session, as after any error. 0 (the default) turns
 * it off, which is NetX's behaviour: an idle session keeps its slot. Applies to established sessions, current
 * and future. Returns NX_SUCCESS or NX_PTR_ERROR. */
UINT nxdtls_secure_dtls_server_idle_timeout_set(NX_SECURE_DTLS_SERVER *server_ptr, ULONG timeout);
/* NetX's entry points under their internal names: _nxe_secure_dtls_* (with error checking, what the
 * nx_secure_dtls_* names map to in NetX) and _nx_secure_dtls_* (without). Both run the same checked
 * services here: nxdtls has one implementation of each, and it checks its arguments. */
VOID _nx_secure_dtls_initialize(VOID);
VOID _nxe_secure_dtls_initialize(VOID);
UINT _nx_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                    const NX_SECURE_TLS_CRYPTO *crypto_table, VOID *metadata_buffer,
                                    ULONG metadata_size, UCHAR *packet_reassembly_buffer,
                                    UINT packet_reassembly_buffer_size, UINT certs_number,
                                    UCHAR *remote_certificate_buffer,
                                    ULONG remote_certificate_buffer_size);
UINT _nxe_secure_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr,
                                     const NX_SECURE_TLS_CRYPTO *crypto_table,
                                     VOID *metadata_buffer, ULONG metadata_size,
                                     UCHAR *packet_reassembly_buffer,
                                     UINT packet_reassembly_buffer_size, UINT certs_number,
                                     UCHAR *remote_certificate_buffer,
                                     ULONG remote_certificate_buffer_size);
UINT _nx_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session);
UINT _nxe_secure_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session);
UINT _nx_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr);
UINT _nxe_secure_dtls_session_reset(NX_SECURE_DTLS_SESSION *session_ptr);
UINT _nx_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                          NX_UDP_SOCKET *udp_socket, NXD_ADDRESS *ip_address,
                                          UINT port, UINT wait_option);
UINT _nxe_secure_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session,
                                           NX_UDP_SOCKET *udp_socket, NXD_ADDRESS *ip_address,
                                           UINT port, UINT wait_option);
UINT _nx_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                   UINT is_client, UINT wait_option);
UINT _nxe_secure_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                    UINT is_client, UINT wait_option);
UINT _nx_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                     NX_PACKET **packet_ptr_ptr, ULONG wait_option);
UINT _nxe_secure_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session,
                                      NX_PACKET **packet_ptr_ptr, ULONG wait_option);
UINT _nx_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr,
                                  NXD_ADDRESS *ip_address, UINT port);
UINT _nxe_secure_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr,
                                   NXD_ADDRESS *ip_address, UINT port);
UINT _nx_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                         NX_PACKET *packet_ptr);
UINT _nxe_secure_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session,
                                          NX_PACKET *packet_ptr);
UINT _nx_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT _nxe_secure_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT _nx_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET_POOL *pool_ptr,
                                     NX_PACKET **packet_ptr, ULONG wait_option);
UINT _nxe_secure_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session,
                                      NX_PACKET_POOL *pool_ptr, NX_PACKET **packet_ptr,
                                      ULONG wait_option);
UINT _nx_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *pre_shared_key,
                             UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                             UCHAR *hint, UINT hint_length);
UINT _nxe_secure_dtls_psk_add(NX_SECURE_DTLS_SESSION *dtls_session, UCHAR *pre_shared_key,
                              UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                              UCHAR *hint, UINT hint_length);
UINT _nx_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                   NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT _nxe_secure_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                    NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT _nx_secure_dtls_session_local_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                      UCHAR *common_name, UINT common_name_length,
                                                      UINT cert_id);
UINT _nxe_secure_dtls_session_local_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                       UCHAR *common_name, UINT common_name_length,
                                                       UINT cert_id);
UINT _nx_secure_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                     NX_SECURE_X509_CERT *certificate,
                                                     UINT cert_id);
UINT _nxe_secure_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                      NX_SECURE_X509_CERT *certificate,
                                                      UINT cert_id);
UINT _nx_secure_dtls_session_trusted_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                        UCHAR *common_name, UINT common_name_length,
                                                        UINT cert_id);
UINT _nxe_secure_dtls_session_trusted_certificate_remove(NX_SECURE_DTLS_SESSION *dtls_session,
                                                         UCHAR *common_name,
                                                         UINT common_name_length, UINT cert_id);
UINT _nx_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                    const USHORT *supported_groups, USHORT supported_group_count,
                                    const NX_CRYPTO_METHOD **curves);
UINT _nxe_secure_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session,
                                     const USHORT *supported_groups, USHORT supported_group_count,
                                     const NX_CRYPTO_METHOD **curves);
UINT _nx_secure_dtls_client_protocol_version_override(NX_SECURE_DTLS_SESSION *dtls_session,
                                                      USHORT protocol_version);
UINT _nxe_secure_dtls_client_protocol_version_override(NX_SECURE_DTLS_SESSION *dtls_session,
                                                       USHORT protocol_version);
UINT _nx_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                             NXD_ADDRESS *client_ip_address, UINT *client_port,
                                             UINT *local_port);
UINT _nxe_secure_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session,
                                              NXD_ADDRESS *client_ip_address, UINT *client_port,
                                              UINT *local_port);
UINT _nx_secure_dtls_server_create(NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port,
                                   ULONG timeout, VOID *session_buffer, UINT session_buffer_size,
                                   const NX_SECURE_TLS_CRYPTO *crypto_table,
                                   VOID *crypto_metadata_buffer, ULONG crypto_metadata_size,
                                   UCHAR *packet_reassembly_buffer,
                                   UINT packet_reassembly_buffer_size,
                                   UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session,
                                                          NXD_ADDRESS *ip_address, UINT port),
                                   UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session));
UINT _nxe_secure_dtls_server_create(NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port,
                                    ULONG timeout, VOID *session_buffer, UINT session_buffer_size,
                                    const NX_SECURE_TLS_CRYPTO *crypto_table,
                                    VOID *crypto_metadata_buffer, ULONG crypto_metadata_size,
                                    UCHAR *packet_reassembly_buffer,
                                    UINT packet_reassembly_buffer_size,
                                    UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *dtls_session,
                                                           NXD_ADDRESS *ip_address, UINT port),
                                    UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *dtls_session));
UINT _nx_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nxe_secure_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nx_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nxe_secure_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nx_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nxe_secure_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nx_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT _nxe_secure_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT _nx_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code));
UINT _nxe_secure_dtls_server_notify_set(
    NX_SECURE_DTLS_SERVER *server_ptr,
    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *dtls_session),
    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code));
UINT _nx_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr, UCHAR *pre_shared_key,
                                    UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                                    UCHAR *hint, UINT hint_length);
UINT _nxe_secure_dtls_server_psk_add(NX_SECURE_DTLS_SERVER *server_ptr, UCHAR *pre_shared_key,
                                     UINT psk_length, UCHAR *psk_identity, UINT identity_length,
                                     UCHAR *hint, UINT hint_length);
UINT _nx_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                  NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT _nxe_secure_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                   NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT _nx_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                     UCHAR *common_name, UINT common_name_length,
                                                     UINT cert_id);
UINT _nxe_secure_dtls_server_local_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                      UCHAR *common_name, UINT common_name_length,
                                                      UINT cert_id);
UINT _nx_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                    NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT _nxe_secure_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                     NX_SECURE_X509_CERT *certificate,
                                                     UINT cert_id);
UINT _nx_secure_dtls_server_trusted_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                       UCHAR *common_name, UINT common_name_length,
                                                       UINT cert_id);
UINT _nxe_secure_dtls_server_trusted_certificate_remove(NX_SECURE_DTLS_SERVER *server_ptr,
                                                        UCHAR *common_name, UINT common_name_length,
                                                        UINT cert_id);
UINT _nx_secure_dtls_server_x509_client_verify_configure(NX_SECURE_DTLS_SERVER *server_ptr,
                                                         UINT certs_per_session,
                                                         UCHAR *certs_buffer, ULONG buffer_size);
UINT _nxe_secure_dtls_server_x509_client_verify_configure(NX_SECURE_DTLS_SERVER *server_ptr,
                                                          UINT certs_per_session,
                                                          UCHAR *certs_buffer, ULONG buffer_size);
UINT _nx_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nxe_secure_dtls_server_x509_client_verify_disable(NX_SECURE_DTLS_SERVER *server_ptr);
UINT _nx_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                           const USHORT *supported_groups,
                                           USHORT supported_group_count,
                                           const NX_CRYPTO_METHOD **curves);
UINT _nxe_secure_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr,
                                            const USHORT *supported_groups,
                                            USHORT supported_group_count,
                                            const NX_CRYPTO_METHOD **curves);
UINT _nx_secure_dtls_server_protocol_version_override(NX_SECURE_DTLS_SERVER *dtls_server,
                                                      USHORT protocol_version);
UINT _nxe_secure_dtls_server_protocol_version_override(NX_SECURE_DTLS_SERVER *dtls_server,
                                                       USHORT protocol_version);

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_DTLS_API_H */
