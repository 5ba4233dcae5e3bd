/* SPDX-License-Identifier: MIT */
/* psk_client.c: a NetX Secure DTLS PSK client, written as a NetX Duo application is (docs/netx-api.md 8.1), built
 * against nxdtls on a POSIX host. It sends a message, prints what comes back, and closes.
 *
 * usage: psk_client [server_address] [port] [psk_hex] [identity] [message] [expect_echo] [wait_s]
 * defaults: 127.0.0.1 4433 0102030405060708090a0b0c0d0e0f10 Client_identity "Hello from NetX" 1 10
 * The address may be IPv4 or IPv6; wait_s bounds the handshake, retransmissions included (docs/netx-api.md
 * 7.2). Exit status 0 when the handshake, the send (and the echo) worked; a failure prints the NetX
 * code ("psk_client: handshake failed: 0x1"), as does a close the server did not answer ("close:"). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_api.h"
#include "nx_secure_dtls_api.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

#define PACKET_SIZE 1536
#define POOL_SIZE   ((sizeof(NX_PACKET) + PACKET_SIZE) * 32)

static UCHAR pool_area[POOL_SIZE];
static UCHAR ip_stack[2048];
static UCHAR tls_metadata[9000];      /* the guide's sizing for one client session */
static UCHAR tls_packet_buffer[4000]; /* reassembly */
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static NX_UDP_SOCKET client_socket;
static NX_SECURE_DTLS_SESSION dtls_client;
static CHAR pool_name[] = "NetX Main Packet Pool";
static CHAR ip_name[] = "NetX IP Instance 0";
static CHAR socket_name[] = "DTLS client socket";

static int parse_address(const char *text, NXD_ADDRESS *out)
{
    unsigned char b[16];
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, text, b) == 1) {
        out->nxd_ip_version = NX_IP_VERSION_V4;
        out->nxd_ip_address.v4 = IP_ADDRESS(b[0], b[1], b[2], b[3]);
        return 0;
    }
    if (inet_pton(AF_INET6, text, b) == 1) {
        out->nxd_ip_version = NX_IP_VERSION_V6;
        for (int i = 0; i < 4; i++) {
            out->nxd_ip_address.v6[i] = (ULONG)b[4 * i] << 24 | (ULONG)b[4 * i + 1] << 16 |
                                        (ULONG)b[4 * i + 2] << 8 | (ULONG)b[4 * i + 3];
        }
        return 0;
    }
    return -1;
}

static int parse_hex(const char *hex, UCHAR *out, UINT cap, UINT *len)
{
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > cap) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return -1;
        }
        out[i] = (UCHAR)v;
    }
    *len = (UINT)(n / 2);
    return 0;
}

int main(int argc, char **argv)
{
    const char *address = argc > 1 ? argv[1] : "127.0.0.1";
    UINT port = argc > 2 ? (UINT)atoi(argv[2]) : 4433;
    const char *psk_hex = argc > 3 ? argv[3] : "0102030405060708090a0b0c0d0e0f10";
    const char *identity = argc > 4 ? argv[4] : "Client_identity";
    const char *message = argc > 5 ? argv[5] : "Hello from NetX";
    int expect_echo = argc > 6 ? atoi(argv[6]) : 1;
    int wait_seconds = argc > 7 ? atoi(argv[7]) : 10;

    NXD_ADDRESS server_ip;
    UCHAR psk[64];
    UINT psk_len = 0;
    if (parse_address(address, &server_ip) != 0 ||
        parse_hex(psk_hex, psk, sizeof psk, &psk_len) != 0 || wait_seconds <= 0) {
        fprintf(stderr, "psk_client: bad address, key or wait\n");
        return 2;
    }

    /* NetX Duo start-up, as on the board. */
    nx_system_initialize();
    nx_secure_tls_initialize();
    UINT status = nx_packet_pool_create(&pool_0, pool_name, PACKET_SIZE, pool_area, POOL_SIZE);
    if (status == NX_SUCCESS) {
        status = nx_ip_create(&ip_0, ip_name, IP_ADDRESS(0, 0, 0, 0), 0xFFFFFF00UL, &pool_0,
                              NX_NULL, ip_stack, sizeof ip_stack, 1);
    }
    if (status == NX_SUCCESS) {
        status = nx_udp_enable(&ip_0);
    }
    if (status == NX_SUCCESS) {
        status = nx_udp_socket_create(&ip_0, &client_socket, socket_name, NX_IP_NORMAL,
                                      NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8);
    }
    if (status == NX_SUCCESS) {
        status = nx_udp_socket_bind(&client_socket, NX_ANY_PORT, NX_NO_WAIT);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_client: NetX set-up failed: 0x%x\n", status);
        return 1;
    }

    /* The DTLS session and its credentials. */
    ULONG metadata_size = 0;
    nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers, &metadata_size);
    if (metadata_size > sizeof tls_metadata) {
        fprintf(stderr, "psk_client: metadata needs %lu bytes\n", (unsigned long)metadata_size);
        return 1;
    }
    status = nx_secure_dtls_session_create(&dtls_client, &nx_crypto_tls_ciphers, tls_metadata,
                                           sizeof tls_metadata, tls_packet_buffer,
                                           sizeof tls_packet_buffer, 0, NX_NULL, 0);
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_psk_add(&dtls_client, psk, psk_len, (UCHAR *)(uintptr_t)identity,
                                        (UINT)strlen(identity), NX_NULL, 0);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_client: session set-up failed: 0x%x\n", status);
        return 1;
    }

    /* Handshake, with up to wait_s (10 s) for it. */
    status = nx_secure_dtls_client_session_start(&dtls_client, &client_socket, &server_ip, port,
                                                 (UINT)wait_seconds * NX_IP_PERIODIC_RATE);
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_client: handshake failed: 0x%x\n", status);
        nx_secure_dtls_session_reset(&dtls_client);
        return 1;
    }
    fprintf(stderr, "psk_client: connected, suite 0x%04x\n",
            dtls_client.nx_secure_dtls_tls_session.nx_secure_tls_session_ciphersuite
                ->nx_secure_tls_ciphersuite);

    NX_PACKET *send_packet;
    status = nx_secure_dtls_packet_allocate(&dtls_client, &pool_0, &send_packet, NX_WAIT_FOREVER);
    if (status == NX_SUCCESS) {
        status = nx_packet_data_append(send_packet, (VOID *)(uintptr_t)message,
                                       (ULONG)strlen(message), &pool_0, NX_WAIT_FOREVER);
        if (status == NX_SUCCESS) {
            status = nx_secure_dtls_session_send(&dtls_client, send_packet, &server_ip, port);
        }
        if (status != NX_SUCCESS) {
            nx_packet_release(send_packet);
        }
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_client: send failed: 0x%x\n", status);
        return 1;
    }

    int rc = 0;
    if (expect_echo) {
        NX_PACKET *receive_packet;
        status =
            nx_secure_dtls_session_receive(&dtls_client, &receive_packet, 5 * NX_IP_PERIODIC_RATE);
        if (status == NX_SUCCESS) {
            UCHAR buffer[1500];
            ULONG bytes = 0;
            nx_packet_data_extract_offset(receive_packet, 0, buffer, sizeof buffer - 1, &bytes);
            buffer[bytes] = 0;
            printf("%s\n", (char *)buffer);
            fflush(stdout);
            nx_packet_release(receive_packet);
        } else {
            fprintf(stderr, "psk_client: receive failed: 0x%x\n", status);
            rc = 1;
        }
    }

    /* Close: our close_notify, then up to 2 s for the server's. */
    status = nx_secure_dtls_session_end(&dtls_client, 2 * NX_IP_PERIODIC_RATE);
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_client: close: 0x%x\n", status);
    }
    nx_secure_dtls_session_delete(&dtls_client);
    nx_udp_socket_unbind(&client_socket);
    nx_udp_socket_delete(&client_socket);
    nx_ip_delete(&ip_0);
    return rc;
}
