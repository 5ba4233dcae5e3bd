/* SPDX-License-Identifier: MIT */
/* native_api_test.c: promises of nxdtls.h that are not about the protocol. The default tables are declared
 * by nxdtls.h (this file declares nothing itself) and every suite in them has a name; a buffer of
 * NXDTLS_MAX_DATAGRAM bytes takes a full 16384-byte record of every PSK suite (AEAD and CBC), whose size
 * stays within NXDTLS_RECORD_OVERHEAD_MAX; nxdtls_conn_events clears the bits it returns; the name
 * functions know the values nxdtls uses and say "unknown" otherwise. */
#include "dtls_loop.h"
#include "test.h"

static void tables_have_names(void)
{
    const NX_SECURE_TLS_CRYPTO *tables[] = {&nx_crypto_tls_ciphers, &nx_crypto_tls_ciphers_ecc};
    for (size_t t = 0; t < 2; t++) {
        const NX_SECURE_TLS_CRYPTO *table = tables[t];
        EXPECT(table->nx_secure_tls_ciphersuite_lookup_table_size > 0);
        for (USHORT r = 0; r < table->nx_secure_tls_ciphersuite_lookup_table_size; r++) {
            uint16_t id =
                (uint16_t)table->nx_secure_tls_ciphersuite_lookup_table[r].nx_secure_tls_ciphersuite;
            const char *name = nxdtls_ciphersuite_name(id);
            EXPECT(strncmp(name, "TLS_", 4) == 0);
        }
    }
    EXPECT(nx_crypto_ecc_supported_groups_size > 0);
    for (UINT g = 0; g < nx_crypto_ecc_supported_groups_size; g++) {
        EXPECT(strcmp(nxdtls_group_name(nx_crypto_ecc_supported_groups[g]), "unknown") != 0);
        EXPECT(nx_crypto_ecc_curves[g] != NULL);
    }
}

static void names(void)
{
    EXPECT(strcmp(nxdtls_ciphersuite_name(0xC0A8), "TLS_PSK_WITH_AES_128_CCM_8") == 0);
    EXPECT(strcmp(nxdtls_ciphersuite_name(0x1234), "unknown") == 0);
    EXPECT(strcmp(nxdtls_alert_name(40), "handshake_failure") == 0);
    EXPECT(strcmp(nxdtls_alert_name(115), "unknown_psk_identity") == 0);
    EXPECT(strcmp(nxdtls_alert_name(200), "unknown") == 0);
    EXPECT(strcmp(nxdtls_group_name(29), "x25519") == 0);
    EXPECT(strcmp(nxdtls_signature_scheme_name(0x0403), "ecdsa_secp256r1_sha256") == 0);
    EXPECT(strcmp(nxdtls_signature_scheme_name(0x0804), "rsa_pss_rsae_sha256") == 0);
    EXPECT(strcmp(nxdtls_message_name(1), "ClientHello") == 0);
    EXPECT(strcmp(nxdtls_message_name(3), "HelloVerifyRequest") == 0);
    EXPECT(strcmp(nxdtls_message_name(99), "unknown") == 0);
}

static struct loop l;
static uint8_t big[16384];
static uint8_t out[NXDTLS_MAX_DATAGRAM];

static void largest_record(uint16_t suite)
{
    loop_setup(&l, suite);
    const uint16_t only[1] = {suite};
    l.client.cfg.ciphersuites = only;
    l.client.cfg.ciphersuite_count = 1;
    EXPECT_OK(loop_handshake(&l));
    size_t len = 0;
    EXPECT_OK(nxdtls_conn_write(&l.client.conn, big, sizeof big, out, sizeof out, &len));
    EXPECT(len > sizeof big && len <= sizeof big + NXDTLS_RECORD_OVERHEAD_MAX);
    /* One byte short of what it needs: refused, never overrun. */
    EXPECT_CODE(nxdtls_conn_write(&l.client.conn, big, sizeof big, out, len - 1, &len),
                NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    loop_free(&l);
}

static void events_clear_on_read(void)
{
    loop_setup(&l, 99);
    EXPECT_OK(loop_handshake(&l));
    EXPECT(nxdtls_conn_is_established(&l.client.conn));
    /* The loop read the handshake's events already: nothing is left. */
    EXPECT(nxdtls_conn_events(&l.client.conn) == 0);
    EXPECT_OK(nxdtls_conn_close(&l.server.conn));
    uint8_t dgram[256];
    size_t len = 0;
    EXPECT_OK(nxdtls_conn_output(&l.server.conn, l.now, dgram, sizeof dgram, &len));
    EXPECT(len > 0);
    uint8_t *cursor = dgram;
    size_t remaining = len;
    uint8_t *app = NULL;
    size_t app_len = 0;
    EXPECT_CODE(nxdtls_conn_input(&l.client.conn, l.now, &cursor, &remaining, &app, &app_len),
                NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    EXPECT(nxdtls_conn_events(&l.client.conn) == NXDTLS_EVENT_CLOSE_NOTIFY);
    EXPECT(nxdtls_conn_events(&l.client.conn) == 0);  /* read once, gone */
    EXPECT(nxdtls_conn_is_established(&l.client.conn)); /* the state stays readable */
    EXPECT(nxdtls_conn_error(&l.client.conn) == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED);
    loop_free(&l);
}

int main(void)
{
    tables_have_names();
    names();
    for (size_t k = 0; k < sizeof loop_psk_rows / sizeof loop_psk_rows[0]; k++) {
        largest_record((uint16_t)loop_psk_rows[k].nx_secure_tls_ciphersuite);
    }
    events_clear_on_read();
    return test_finish("native_api");
}
