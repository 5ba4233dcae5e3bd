/* SPDX-License-Identifier: MIT */
/* nx_secure_tls_api.h: the TLS-level helpers DTLS applications call (docs/netx-api.md 3.1, 3.4). */
#ifndef NX_SECURE_TLS_API_H
#define NX_SECURE_TLS_API_H

#include "nx_secure_tls.h"

#ifdef __cplusplus
extern "C" {
#endif

VOID nx_secure_tls_initialize(VOID);
UINT nx_secure_tls_metadata_size_calculate(const NX_SECURE_TLS_CRYPTO *cipher_table,
                                           ULONG *metadata_size);
UINT nx_secure_tls_session_time_function_set(NX_SECURE_TLS_SESSION *tls_session,
                                             ULONG (*time_func_ptr)(VOID));
UINT nx_secure_tls_session_certificate_callback_set(
    NX_SECURE_TLS_SESSION *tls_session,
    ULONG (*func_ptr)(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *certificate));
UINT nx_secure_tls_session_alert_value_get(NX_SECURE_TLS_SESSION *tls_session, UINT *alert_level,
                                           UINT *alert_value);
UINT nx_secure_tls_session_sni_extension_set(NX_SECURE_TLS_SESSION *tls_session,
                                             NX_SECURE_X509_DNS_NAME *dns_name);

#ifdef __cplusplus
}
#endif

#endif /* NX_SECURE_TLS_API_H */
