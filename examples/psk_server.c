/* SPDX-License-Identifier: MIT */
/* psk_server.c: a NetX Secure DTLS PSK echo server, written as a NetX Duo application is (docs/netx-api.md 8.2),
 * built against nxdtls on a POSIX host. The notify callbacks run on the stack's thread: they only record
 * the session and post a semaphore; the application thread starts handshakes and echoes data.
 *
 * usage: psk_server [port] [psk_hex] [identity] [sessions]
 * defaults: 4433 0102030405060708090a0b0c0d0e0f10 Client_identity 0
 * port 0 takes a free port; "listening on port N" is printed once the server runs. With sessions > 0 the
 * server stops after that many sessions were closed by their clients; 0 serves forever. IPv4 and IPv6.
 * Each handshake prints "psk_server: connected, suite 0xNNNN" or "psk_server: handshake failed: 0xNNN"
 * (the NetX code) on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_api.h"
#include "nx_secure_dtls_api.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers;

#define PACKET_SIZE     1536
#define POOL_SIZE       ((sizeof(NX_PACKET) + PACKET_SIZE) * 64)
#define SESSIONS        4
#define METADATA_EACH   5000
#define REASSEMBLY_EACH 4000
#define EVENTS          64

static UCHAR pool_area[POOL_SIZE];
static UCHAR ip_stack[2048];
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static NX_SECURE_DTLS_SERVER dtls_server;
static NX_SECURE_DTLS_SESSION server_sessions[SESSIONS];
static UCHAR server_metadata[SESSIONS * METADATA_EACH];
static UCHAR server_packet_buffer[SESSIONS * REASSEMBLY_EACH];
static CHAR pool_name[] = "NetX Main Packet Pool";
static CHAR ip_name[] = "NetX IP Instance 0";
static CHAR semaphore_name[] = "DTLS events";
static CHAR mutex_name[] = "DTLS event queue";

/* Events from the callbacks to the application thread. */
#define EVENT_CONNECT    1
#define EVENT_RECEIVE    2
#define EVENT_DISCONNECT 3
#define EVENT_ERROR      4

static TX_SEMAPHORE event_semaphore;
static TX_MUTEX event_mutex;
static struct {
    UINT type;
    NX_SECURE_DTLS_SESSION *session;
} events[EVENTS];
static UINT event_head;
static UINT event_tail;

static void post_event(UINT type, NX_SECURE_DTLS_SESSION *session)
{
    tx_mutex_get(&event_mutex, TX_WAIT_FOREVER);
    UINT queued = (event_tail + 1) % EVENTS != event_head;
    if (queued) {
        events[event_tail].type = type;
        events[event_tail].session = session;
        event_tail = (event_tail + 1) % EVENTS;
    }
    tx_mutex_put(&event_mutex);
    /* One count per queued event: a count for a dropped one would make the application thread read
     * an empty queue. */
    if (queued) {
        tx_semaphore_put(&event_semaphore);
    }
}

static UINT connect_notify(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *ip_address, UINT port)
{
    NX_PARAMETER_NOT_USED(ip_address);
    NX_PARAMETER_NOT_USED(port);
    post_event(EVENT_CONNECT, dtls_session);
    return NX_SUCCESS;
}

static UINT receive_notify(NX_SECURE_DTLS_SESSION *dtls_session)
{
    post_event(EVENT_RECEIVE, dtls_session);
    return NX_SUCCESS;
}

static UINT disconnect_notify(NX_SECURE_DTLS_SESSION *dtls_session)
{
    post_event(EVENT_DISCONNECT, dtls_session);
    return NX_SUCCESS;
}

static UINT error_notify(NX_SECURE_DTLS_SESSION *dtls_session, UINT error_code)
{
    if (dtls_session == NX_NULL) {
        fprintf(stderr, "psk_server: refused a client: 0x%x\n", error_code);
        return NX_SUCCESS;
    }
    fprintf(stderr, "psk_server: session error 0x%x\n", error_code);
    post_event(EVENT_ERROR, dtls_session);
    return NX_SUCCESS;
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

static void echo(NX_SECURE_DTLS_SESSION *session)
{
    NX_PACKET *receive_packet;
    UINT status = nx_secure_dtls_session_receive(session, &receive_packet, NX_NO_WAIT);
    if (status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED) {
        return; /* disconnect_notify follows */
    }
    if (status != NX_SUCCESS) {
        return;
    }
    UCHAR buffer[1500];
    ULONG bytes = 0;
    nx_packet_data_extract_offset(receive_packet, 0, buffer, sizeof buffer, &bytes);
    nx_packet_release(receive_packet);

    NX_PACKET *send_packet;
    status = nx_secure_dtls_packet_allocate(session, &pool_0, &send_packet, NX_IP_PERIODIC_RATE);
    if (status != NX_SUCCESS) {
        return;
    }
    status = nx_packet_data_append(send_packet, buffer, bytes, &pool_0, NX_IP_PERIODIC_RATE);
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_session_send(session, send_packet);
    }
    if (status != NX_SUCCESS) {
        nx_packet_release(send_packet);
    }
}

int main(int argc, char **argv)
{
    UINT port = argc > 1 ? (UINT)atoi(argv[1]) : 4433;
    const char *psk_hex = argc > 2 ? argv[2] : "0102030405060708090a0b0c0d0e0f10";
    const char *identity = argc > 3 ? argv[3] : "Client_identity";
    UINT sessions = argc > 4 ? (UINT)atoi(argv[4]) : 0;
    UCHAR psk[64];
    UINT psk_len = 0;
    if (parse_hex(psk_hex, psk, sizeof psk, &psk_len) != 0) {
        fprintf(stderr, "psk_server: bad key\n");
        return 2;
    }

    nx_system_initialize();
    nx_secure_tls_initialize();
    tx_semaphore_create(&event_semaphore, semaphore_name, 0);
    tx_mutex_create(&event_mutex, mutex_name, TX_NO_INHERIT);
    UINT status = nx_packet_pool_create(&pool_0, pool_name, PACKET_SIZE, pool_area, POOL_SIZE);
    if (status == NX_SUCCESS) {
        status = nx_ip_create(&ip_0, ip_name, IP_ADDRESS(0, 0, 0, 0), 0xFFFFFF00UL, &pool_0,
                              NX_NULL, ip_stack, sizeof ip_stack, 1);
    }
    if (status == NX_SUCCESS) {
        status = nx_udp_enable(&ip_0);
    }
    ULONG metadata_size = 0;
    nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers, &metadata_size);
    if (status != NX_SUCCESS || metadata_size > METADATA_EACH) {
        fprintf(stderr, "psk_server: set-up failed: 0x%x (metadata %lu)\n", status,
                (unsigned long)metadata_size);
        return 1;
    }

    status = nx_secure_dtls_server_create(
        &dtls_server, &ip_0, port, NX_IP_PERIODIC_RATE, server_sessions, sizeof server_sessions,
        &nx_crypto_tls_ciphers, server_metadata, sizeof server_metadata, server_packet_buffer,
        sizeof server_packet_buffer, connect_notify, receive_notify);
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_notify_set(&dtls_server, disconnect_notify, error_notify);
    }
    if (status == NX_SUCCESS) {
        status =
            nx_secure_dtls_server_psk_add(&dtls_server, psk, psk_len, (UCHAR *)(uintptr_t)identity,
                                          (UINT)strlen(identity), NX_NULL, 0);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_start(&dtls_server);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "psk_server: server start failed: 0x%x\n", status);
        return 1;
    }
    UINT bound = 0;
    nx_udp_socket_port_get(&dtls_server.nx_dtls_server_udp_socket, &bound);
    printf("listening on port %u\n", bound);
    fflush(stdout);

    UINT served = 0;
    while (sessions == 0 || served < sessions) {
        if (tx_semaphore_get(&event_semaphore, TX_WAIT_FOREVER) != TX_SUCCESS) {
            break;
        }
        tx_mutex_get(&event_mutex, TX_WAIT_FOREVER);
        UINT type = events[event_head].type;
        NX_SECURE_DTLS_SESSION *session = events[event_head].session;
        event_head = (event_head + 1) % EVENTS;
        tx_mutex_put(&event_mutex);

        switch (type) {
        case EVENT_CONNECT:
            status = nx_secure_dtls_server_session_start(session, 10 * NX_IP_PERIODIC_RATE);
            if (status != NX_SUCCESS) {
                fprintf(stderr, "psk_server: handshake failed: 0x%x\n", status);
                nx_secure_dtls_session_reset(session);
            } else {
                fprintf(stderr, "psk_server: connected, suite 0x%04x\n",
                        session->nx_secure_dtls_tls_session.nx_secure_tls_session_ciphersuite
                            ->nx_secure_tls_ciphersuite);
            }
            break;
        case EVENT_RECEIVE:
            echo(session);
            break;
        case EVENT_DISCONNECT:
            nx_secure_dtls_session_end(session, NX_NO_WAIT);
            served++;
            break;
        case EVENT_ERROR:
            nx_secure_dtls_session_reset(session);
            break;
        default:
            break;
        }
    }

    nx_secure_dtls_server_stop(&dtls_server);
    nx_secure_dtls_server_delete(&dtls_server);
    nx_ip_delete(&ip_0);
    printf("served %u sessions\n", served);
    return 0;
}
