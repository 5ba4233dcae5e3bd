/* SPDX-License-Identifier: MIT */
/* netx_headers_test.c: the NetX Duo, NetX Secure and NetX Crypto headers give what NetX applications and
 * NetX's own DTLS tests name (values from NetX Duo 6.4's nx_api.h, nx_secure_tls.h, nx_secure_dtls.h,
 * nx_udp.h, nx_crypto_*.h): record and handshake types, alerts, versions, the TLS 1.2 switch, NX_UDP_HEADER,
 * NX_IP's interfaces, the _nxe_ entry points, and crypto method objects an application declares itself
 * without const. tests/netx/netx_program_test.sh builds a whole program against the headers alone. */
#include "nx_api.h"
#include "nx_crypto_ecdh.h"
#include "nx_crypto_sha2.h"
#include "nx_ipv4.h"
#include "nx_ipv6.h"
#include "nx_secure_dtls_api.h"
#include "nx_udp.h"
#include "test.h"

/* As NetX samples write them: no const, redeclaring what nx_crypto.h and nx_crypto_ecdh.h declare. */
extern NX_CRYPTO_METHOD crypto_method_ec_secp256;
extern NX_CRYPTO_METHOD crypto_method_ecdhe;
extern NX_CRYPTO_METHOD crypto_method_sha256;
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

#if !defined(NX_SECURE_TLS_TLS_1_2_ENABLED) || !NX_SECURE_TLS_TLS_1_2_ENABLED
#error "NX_SECURE_TLS_TLS_1_2_ENABLED"
#endif
#if defined(NX_SECURE_TLS_TLS_1_3_ENABLED) || defined(NX_SECURE_TLS_TLS_1_0_ENABLED) || \
    defined(NX_SECURE_TLS_TLS_1_1_ENABLED)
#error "versions nxdtls does not implement stay undefined"
#endif

static void constants(void)
{
    EXPECT(NX_SECURE_TLS_CHANGE_CIPHER_SPEC == 20 && NX_SECURE_TLS_ALERT == 21 &&
           NX_SECURE_TLS_HANDSHAKE == 22 && NX_SECURE_TLS_APPLICATION_DATA == 23);
    EXPECT(NX_SECURE_TLS_CLIENT_HELLO == 1 && NX_SECURE_TLS_SERVER_HELLO == 2 &&
           NX_SECURE_TLS_HELLO_VERIFY_REQUEST == 3 && NX_SECURE_TLS_CERTIFICATE_MSG == 11 &&
           NX_SECURE_TLS_SERVER_KEY_EXCHANGE == 12 && NX_SECURE_TLS_CERTIFICATE_REQUEST == 13 &&
           NX_SECURE_TLS_SERVER_HELLO_DONE == 14 && NX_SECURE_TLS_CERTIFICATE_VERIFY == 15 &&
           NX_SECURE_TLS_CLIENT_KEY_EXCHANGE == 16 && NX_SECURE_TLS_FINISHED == 20);
    EXPECT(NX_SECURE_TLS_ALERT_CLOSE_NOTIFY == 0 && NX_SECURE_TLS_ALERT_BAD_RECORD_MAC == 20 &&
           NX_SECURE_TLS_ALERT_HANDSHAKE_FAILURE == 40 && NX_SECURE_TLS_ALERT_DECRYPT_ERROR == 51 &&
           NX_SECURE_TLS_ALERT_INTERNAL_ERROR == 80 && NX_SECURE_TLS_ALERT_LEVEL_WARNING == 1 &&
           NX_SECURE_TLS_ALERT_LEVEL_FATAL == 2);
    EXPECT(NX_SECURE_TLS_VERSION_TLS_1_2 == 0x0303 && NX_SECURE_DTLS_VERSION_1_2 == 0xFEFD &&
           NX_SECURE_DTLS_VERSION_1_0 == 0xFEFF);
    EXPECT(NX_SECURE_DTLS_RECORD_HEADER_SIZE == NX_SECURE_TLS_RECORD_HEADER_SIZE + 8 &&
           NX_SECURE_DTLS_HANDSHAKE_HEADER_SIZE == NX_SECURE_TLS_HANDSHAKE_HEADER_SIZE + 8);
    EXPECT(NX_SECURE_TLS_SIGNATURE_ECDSA_SHA256 == 0x0403 &&
           NX_SECURE_TLS_SIGNATURE_ECDSA_SHA512 == 0x0603);
    EXPECT(NX_SECURE_TLS_SESSION_TYPE_CLIENT == 1 && NX_SECURE_TLS_SESSION_TYPE_SERVER == 2);
    EXPECT(sizeof(NX_UDP_HEADER) == 8 && sizeof(NX_IPV6_HEADER) == 40 &&
           sizeof(NX_IPV4_HEADER) == 20);
    EXPECT(NX_LINK_INITIALIZE == 1 && NX_LINK_ENABLE == 2 && NX_LINK_UNINITIALIZE == 17);
    EXPECT(NX_IP_LINK_ENABLED == 0x4 && NX_IP_UDP_ENABLED == 0x10);
    EXPECT(NX_WAIT_ABORTED == 0x1A && NX_UNHANDLED_COMMAND == 0x44 && NX_INVALID_INTERFACE == 0x4C);
    EXPECT(NX_IP_PERIODIC_RATE == TX_TIMER_TICKS_PER_SECOND);
    EXPECT(NX_CRYPTO_ECDH_MAX_KEY_SIZE == 68 && NX_CRYPTO_SHA256_ICV_LEN_IN_BITS == 256);
    EXPECT(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA == 0xC009 && TLS_FALLBACK_NOTIFY_SCSV == 0x5600);
    /* The host's byte order macro turns a value in place. */
    ULONG w = 0x11223344u;
    NX_CHANGE_ULONG_ENDIAN(w);
    EXPECT(NX_LITTLE_ENDIAN ? w == 0x44332211u : w == 0x11223344u);
}

static void objects(void)
{
    /* The objects are the library's: an application's declarations and the table name the same ones. */
    EXPECT(crypto_method_ec_secp256.nx_crypto_algorithm == NX_CRYPTO_EC_SECP256R1);
    EXPECT(nx_crypto_ecc_curves[0] == &crypto_method_ec_secp256);
    EXPECT(nx_crypto_tls_ciphers_ecc.nx_secure_tls_handshake_hash_sha256_method ==
           &crypto_method_sha256);
    EXPECT(crypto_method_ecdhe.nx_crypto_operation != NX_NULL);
    EXPECT(nx_crypto_ecc_supported_groups_size >= 3 && nx_crypto_ecc_supported_groups[0] == 23);

    /* The _nxe_ and _nx_ entry points are the checked services. */
    EXPECT_CODE(_nxe_secure_dtls_session_create(NX_NULL, &nx_crypto_tls_ciphers_ecc, NX_NULL, 0,
                                                NX_NULL, 0, 0, NX_NULL, 0),
                NX_PTR_ERROR);
    EXPECT_CODE(_nx_secure_dtls_session_delete(NX_NULL), NX_PTR_ERROR);
    NX_SECURE_DTLS_SESSION never;
    memset(&never, 0, sizeof never);
    EXPECT_CODE(_nxe_secure_dtls_session_end(&never, NX_NO_WAIT),
                nx_secure_dtls_session_end(&never, NX_NO_WAIT));
    EXPECT_CODE(_nxe_secure_dtls_server_session_start(NX_NULL, NX_NO_WAIT), NX_PTR_ERROR);
}

int main(void)
{
    constants();
    objects();
    return test_finish("netx/netx_headers");
}
