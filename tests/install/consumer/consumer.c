/* SPDX-License-Identifier: MIT */
/* consumer: the smallest program a project using nxdtls writes, built against an installed nxdtls (pkg-config,
 * find_package) or one added to its build (add_subdirectory). It includes the NetX headers the way a NetX
 * application does and the native header, calls both APIs, and prints what it learned. */
#include <stdio.h>
#include <string.h>

#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "nx_secure_tls_api.h"
#include "nxdtls.h"

/* Declared by the application, as NetX samples do. */
extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    ULONG netx_size = 0;
    UINT status = nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers, &netx_size);
    if (status != NX_SUCCESS || netx_size == 0) {
        fprintf(stderr, "consumer: nx_secure_tls_metadata_size_calculate: 0x%x\n", status);
        return 1;
    }

    /* The native engine: a client connection in caller memory, started; its ClientHello is queued. */
    static uint8_t metadata[16384];
    static uint8_t reassembly[4096];
    static uint8_t datagram[2048];
    NX_SECURE_TLS_PSK_STORE psk;
    memset(&psk, 0, sizeof psk);
    memcpy(psk.nx_secure_tls_psk_id, "consumer", 8);
    psk.nx_secure_tls_psk_id_size = 8;
    psk.nx_secure_tls_psk_data_size = 16;
    nxdtls_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.role = NXDTLS_ROLE_CLIENT;
    cfg.crypto = &nx_crypto_tls_ciphers;
    cfg.psks = &psk;
    cfg.psk_count = 1;
    size_t native_size = nxdtls_metadata_size(cfg.crypto);
    nxdtls_conn conn;
    status = nxdtls_conn_init(&conn, &cfg, metadata, sizeof metadata, reassembly, sizeof reassembly);
    if (status == NX_SUCCESS) {
        status = nxdtls_conn_connect(&conn, 0);
    }
    size_t hello_len = 0;
    if (status == NX_SUCCESS) {
        status = nxdtls_conn_output(&conn, 0, datagram, sizeof datagram, &hello_len);
    }
    nxdtls_conn_free(&conn);
    if (status != NX_SUCCESS || hello_len == 0 || native_size > sizeof metadata) {
        fprintf(stderr, "consumer: native engine: 0x%x\n", status);
        return 1;
    }
    printf("nxdtls %s: NetX metadata %lu bytes, native metadata %zu bytes, ClientHello %zu bytes\n",
           NXDTLS_VERSION_STRING, (unsigned long)netx_size, native_size, hello_len);
    return 0;
}
