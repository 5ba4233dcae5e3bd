/* SPDX-License-Identifier: MIT */
/* cert_server.c: a NetX Secure DTLS echo server with certificates, written as a NetX Duo application is
 * (docs/netx-api.md 8.2), built against nxdtls on a POSIX host. It presents one or more identities (say an RSA
 * and an ECDSA one: the server uses the one the negotiated suite needs), and, given CA certificates,
 * requires and verifies a client certificate. The notify callbacks run on the stack's thread: they only
 * record the session and post a semaphore; the application thread starts handshakes and echoes data.
 *
 * usage: cert_server [port] [sessions] [client_ca.der[,ca.der...]|-]
 *                    [cert.der,key.der[,intermediate.der...]]...
 * defaults: 4433 0 - tests/vectors/x509/pki/rsa-leaf.der,tests/vectors/x509/pki/rsa-leaf.key.der,
 *           tests/vectors/x509/pki/rsa-int.der and the same for ec-leaf / ec-int
 * Certificates and keys are DER files (keys: PKCS #1 RSAPrivateKey or RFC 5915 ECPrivateKey). port 0 takes
 * a free port; "listening on port N" is printed once the server runs. With sessions > 0 the server stops
 * after that many sessions were closed by their clients; 0 serves forever. IPv4 and IPv6. Each handshake
 * prints "cert_server: connected, suite 0xNNNN" or "cert_server: handshake failed: 0xNNN" (the NetX
 * code) on stderr; the certificate callback prints the client certificate's subject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nx_api.h"
#include "nx_secure_dtls_api.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

#define PACKET_SIZE      1536
#define POOL_SIZE        ((sizeof(NX_PACKET) + PACKET_SIZE) * 64)
#define SESSIONS         4
#define METADATA_EACH    5000
#define REASSEMBLY_EACH  8192
#define CLIENT_CERTS     3 /* per session: the client's leaf and intermediates */
#define CLIENT_CERT_SIZE (sizeof(NX_SECURE_X509_CERT) + 2048)
#define MAX_FILES        12
#define FILE_SIZE        4096
#define EVENTS           64

static UCHAR pool_area[POOL_SIZE];
static UCHAR ip_stack[2048];
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static NX_SECURE_DTLS_SERVER dtls_server;
static NX_SECURE_DTLS_SESSION server_sessions[SESSIONS];
static UCHAR server_metadata[SESSIONS * METADATA_EACH];
static UCHAR server_packet_buffer[SESSIONS * REASSEMBLY_EACH];
static UCHAR client_cert_buffer[SESSIONS * CLIENT_CERTS * CLIENT_CERT_SIZE];
static CHAR pool_name[] = "NetX Main Packet Pool";
static CHAR ip_name[] = "NetX IP Instance 0";
static CHAR semaphore_name[] = "DTLS events";
static CHAR mutex_name[] = "DTLS event queue";

/* Certificates (identities, their intermediates, client CAs) and the DER they point into: alive as long
 * as the server (docs/netx-api.md 1.5). */
static NX_SECURE_X509_CERT certificates[MAX_FILES];
static UCHAR certificate_der[MAX_FILES][FILE_SIZE];
static UCHAR private_keys[MAX_FILES][FILE_SIZE];
static UINT certificate_count;

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
        fprintf(stderr, "cert_server: refused a client: 0x%x\n", error_code);
        return NX_SUCCESS;
    }
    fprintf(stderr, "cert_server: session error 0x%x\n", error_code);
    post_event(EVENT_ERROR, dtls_session);
    return NX_SUCCESS;
}

/* The clock for certificate validity and hello randoms: UNIX seconds, as NetX expects. */
static ULONG app_time(VOID)
{
    return (ULONG)time(NULL);
}

/* Called once a client's chain has verified against our CAs: it must be meant for client authentication. */
static ULONG certificate_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *certificate)
{
    NX_PARAMETER_NOT_USED(session);
    const NX_SECURE_X509_DISTINGUISHED_NAME *name = &certificate->nx_secure_x509_distinguished_name;
    fprintf(stderr, "cert_server: client certificate CN=%.*s\n",
            (int)name->nx_secure_x509_common_name_length,
            name->nx_secure_x509_common_name != NX_NULL
                ? (const char *)name->nx_secure_x509_common_name
                : "");
    UINT status = nx_secure_x509_extended_key_usage_extension_parse(
        certificate, NX_SECURE_TLS_X509_TYPE_PKIX_KP_CLIENT_AUTH);
    if (status == NX_SECURE_X509_EXTENSION_NOT_FOUND) {
        return NX_SUCCESS; /* no extendedKeyUsage: any use (RFC 5280 4.2.1.12) */
    }
    return status;
}

/* read_file reads a whole file into buf; returns its length, or 0 (and says why) when it cannot. */
static USHORT read_file(const char *path, UCHAR *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cert_server: cannot open %s\n", path);
        return 0;
    }
    size_t n = fread(buf, 1, cap, f);
    int more = fgetc(f) != EOF;
    fclose(f);
    if (n == 0 || more) {
        fprintf(stderr, "cert_server: %s is empty or larger than %zu bytes\n", path, cap);
        return 0;
    }
    return (USHORT)n;
}

/* next_path copies the next comma-separated path of *list into out and advances *list; 0 at the end. */
static int next_path(const char **list, char *out, size_t cap)
{
    const char *p = *list;
    if (p == NULL || *p == '\0') {
        return 0;
    }
    const char *comma = strchr(p, ',');
    size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if (n == 0 || n >= cap) {
        return 0;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    *list = comma != NULL ? comma + 1 : p + n;
    return 1;
}

/* load initializes the next certificate from a DER file, with the private key of key_path when given
 * (its format follows the certificate's public key). Returns it, or NX_NULL. */
static NX_SECURE_X509_CERT *load(const char *path, const char *key_path)
{
    if (certificate_count == MAX_FILES) {
        fprintf(stderr, "cert_server: more than %d certificates\n", MAX_FILES);
        return NX_NULL;
    }
    UINT i = certificate_count;
    USHORT len = read_file(path, certificate_der[i], FILE_SIZE);
    if (len == 0) {
        return NX_NULL;
    }
    UINT status =
        nx_secure_x509_certificate_initialize(&certificates[i], certificate_der[i], len, NX_NULL, 0,
                                              NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
    if (status == NX_SUCCESS && key_path != NX_NULL) {
        USHORT key_len = read_file(key_path, private_keys[i], FILE_SIZE);
        if (key_len == 0) {
            return NX_NULL;
        }
        UINT key_type =
            certificates[i].nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC
                ? NX_SECURE_X509_KEY_TYPE_EC_DER
                : NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER;
        status =
            nx_secure_x509_certificate_initialize(&certificates[i], certificate_der[i], len,
                                                  NX_NULL, 0, private_keys[i], key_len, key_type);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_server: %s: 0x%x\n", path, status);
        return NX_NULL;
    }
    certificate_count++;
    return &certificates[i];
}

/* add_identity adds "cert.der,key.der[,intermediate.der...]" as local certificates: the identity with its
 * key, then the intermediates to send after it. */
static UINT add_identity(const char *list)
{
    char path[512];
    char key_path[512];
    if (!next_path(&list, path, sizeof path) || !next_path(&list, key_path, sizeof key_path)) {
        return NX_INVALID_PARAMETERS;
    }
    NX_SECURE_X509_CERT *cert = load(path, key_path);
    if (cert == NX_NULL) {
        return NX_NOT_SUCCESSFUL;
    }
    UINT status =
        nx_secure_dtls_server_local_certificate_add(&dtls_server, cert, certificate_count);
    while (status == NX_SUCCESS && next_path(&list, path, sizeof path)) {
        cert = load(path, NX_NULL);
        status = cert != NX_NULL ? nx_secure_dtls_server_local_certificate_add(&dtls_server, cert,
                                                                               certificate_count)
                                 : NX_NOT_SUCCESSFUL;
    }
    return status;
}

/* add_client_cas adds the CAs client certificates must chain to, then turns client verification on. */
static UINT add_client_cas(const char *list)
{
    char path[512];
    UINT status = NX_INVALID_PARAMETERS;
    while (next_path(&list, path, sizeof path)) {
        NX_SECURE_X509_CERT *cert = load(path, NX_NULL);
        status = cert != NX_NULL ? nx_secure_dtls_server_trusted_certificate_add(&dtls_server, cert,
                                                                                 certificate_count)
                                 : NX_NOT_SUCCESSFUL;
        if (status != NX_SUCCESS) {
            return status;
        }
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_x509_client_verify_configure(
            &dtls_server, CLIENT_CERTS, client_cert_buffer, sizeof client_cert_buffer);
    }
    return status;
}

static void echo(NX_SECURE_DTLS_SESSION *session)
{
    NX_PACKET *receive_packet;
    UINT status = nx_secure_dtls_session_receive(session, &receive_packet, NX_NO_WAIT);
    if (status != NX_SUCCESS) {
        return; /* NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED: disconnect_notify follows */
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
    static const char *const default_identities[] = {
        "tests/vectors/x509/pki/rsa-leaf.der,tests/vectors/x509/pki/rsa-leaf.key.der,"
        "tests/vectors/x509/pki/rsa-int.der",
        "tests/vectors/x509/pki/ec-leaf.der,tests/vectors/x509/pki/ec-leaf.key.der,"
        "tests/vectors/x509/pki/ec-int.der"};
    UINT port = argc > 1 ? (UINT)atoi(argv[1]) : 4433;
    UINT sessions = argc > 2 ? (UINT)atoi(argv[2]) : 0;
    const char *client_cas = argc > 3 && strcmp(argv[3], "-") != 0 ? argv[3] : NX_NULL;
    const char *const *identities = argc > 4 ? (const char *const *)&argv[4] : default_identities;
    int identity_count = argc > 4 ? argc - 4 : 2;

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
    nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers_ecc, &metadata_size);
    if (status != NX_SUCCESS || metadata_size > METADATA_EACH) {
        fprintf(stderr, "cert_server: set-up failed: 0x%x (metadata %lu)\n", status,
                (unsigned long)metadata_size);
        return 1;
    }

    status = nx_secure_dtls_server_create(
        &dtls_server, &ip_0, port, NX_IP_PERIODIC_RATE, server_sessions, sizeof server_sessions,
        &nx_crypto_tls_ciphers_ecc, server_metadata, sizeof server_metadata, server_packet_buffer,
        sizeof server_packet_buffer, connect_notify, receive_notify);
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_notify_set(&dtls_server, disconnect_notify, error_notify);
    }
    for (int i = 0; status == NX_SUCCESS && i < identity_count; i++) {
        status = add_identity(identities[i]);
    }
    if (status == NX_SUCCESS && client_cas != NX_NULL) {
        status = add_client_cas(client_cas);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_ecc_initialize(&dtls_server, nx_crypto_ecc_supported_groups,
                                                      (USHORT)nx_crypto_ecc_supported_groups_size,
                                                      nx_crypto_ecc_curves);
    }
    /* The TLS-level settings, once per session of the server (docs/netx-api.md 3.4). */
    for (UINT i = 0; status == NX_SUCCESS && i < dtls_server.nx_dtls_server_sessions_count; i++) {
        NX_SECURE_TLS_SESSION *tls = &server_sessions[i].nx_secure_dtls_tls_session;
        status = nx_secure_tls_session_time_function_set(tls, app_time);
        if (status == NX_SUCCESS) {
            status = nx_secure_tls_session_certificate_callback_set(tls, certificate_callback);
        }
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_server_start(&dtls_server);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_server: server start failed: 0x%x\n", status);
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
                fprintf(stderr, "cert_server: handshake failed: 0x%x\n", status);
                nx_secure_dtls_session_reset(session);
            } else {
                fprintf(stderr, "cert_server: connected, suite 0x%04x\n",
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
