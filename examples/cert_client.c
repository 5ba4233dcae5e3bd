/* SPDX-License-Identifier: MIT */
/* cert_client.c: a NetX Secure DTLS client with certificates, written as a NetX Duo application is
 * (docs/netx-api.md 8.1), built against nxdtls on a POSIX host. It trusts the CA certificates it is given,
 * checks in its certificate callback that the server's certificate names the host it asked for, can
 * present a certificate of its own, sends a message, prints what comes back, and closes.
 *
 * usage: cert_client [address] [port] [ca.der[,ca.der...]] [host|-] [message] [expect_echo] [wait_s]
 *                    [cert.der,key.der[,intermediate.der...]]
 * defaults: 127.0.0.1 4433 tests/vectors/x509/pki/rsa-root.der,tests/vectors/x509/pki/ec-root.der
 *           localhost "Hello from NetX" 1 10 (no client certificate)
 * Certificates and keys are DER files (keys: PKCS #1 RSAPrivateKey or RFC 5915 ECPrivateKey, as
 * nx_secure_x509_certificate_initialize takes them). host "-" skips SNI and the name check. The address
 * may be IPv4 or IPv6. Exit status 0 when the handshake, the send (and the echo) worked; a failure prints
 * the NetX code ("cert_client: handshake failed: 0x193"), as does a close the server did not answer
 * ("cert_client: close: 0x113"). The callback prints the server certificate's subject and issuer. */
#include <arpa/inet.h>
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

#define PACKET_SIZE  1536
#define POOL_SIZE    ((sizeof(NX_PACKET) + PACKET_SIZE) * 96) /* received datagrams wait in packets */
#define REMOTE_CERTS 4 /* the longest chain the server may send */
#define MAX_FILES    8
#define FILE_SIZE    4096

static UCHAR pool_area[POOL_SIZE];
static UCHAR ip_stack[2048];
static UCHAR tls_metadata[9000];       /* the guide's sizing for one client session */
static UCHAR tls_packet_buffer[16384]; /* reassembly: certificate flights are large */
static UCHAR remote_certificates[REMOTE_CERTS * (sizeof(NX_SECURE_X509_CERT) + 2048)];
static NX_PACKET_POOL pool_0;
static NX_IP ip_0;
static NX_UDP_SOCKET client_socket;
static NX_SECURE_DTLS_SESSION dtls_client;
static CHAR pool_name[] = "NetX Main Packet Pool";
static CHAR ip_name[] = "NetX IP Instance 0";
static CHAR socket_name[] = "DTLS client socket";

/* Trusted CAs, then our own certificate, its key and its intermediates: the structures and the DER they
 * point into stay alive as long as the session (docs/netx-api.md 1.5). */
static NX_SECURE_X509_CERT trusted[MAX_FILES];
static UCHAR trusted_der[MAX_FILES][FILE_SIZE];
static NX_SECURE_X509_CERT identity[MAX_FILES];
static UCHAR identity_der[MAX_FILES][FILE_SIZE];
static UCHAR identity_key[FILE_SIZE];

static const char *server_host;

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

/* read_file reads a whole file into buf; returns its length, or 0 (and says why) when it cannot. */
static USHORT read_file(const char *path, UCHAR *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cert_client: cannot open %s\n", path);
        return 0;
    }
    size_t n = fread(buf, 1, cap, f);
    int more = fgetc(f) != EOF;
    fclose(f);
    if (n == 0 || more) {
        fprintf(stderr, "cert_client: %s is empty or larger than %zu bytes\n", path, cap);
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

/* The clock for certificate validity and hello randoms: UNIX seconds, as NetX expects. */
static ULONG app_time(VOID)
{
    return (ULONG)time(NULL);
}

static void print_name(const char *what, const NX_SECURE_X509_DISTINGUISHED_NAME *name)
{
    fprintf(stderr, "%s CN=%.*s", what, (int)name->nx_secure_x509_common_name_length,
            name->nx_secure_x509_common_name != NX_NULL
                ? (const char *)name->nx_secure_x509_common_name
                : "");
}

/* Called once the server's chain has verified against our CAs: our own checks of its leaf. */
static ULONG certificate_callback(NX_SECURE_TLS_SESSION *session, NX_SECURE_X509_CERT *certificate)
{
    NX_PARAMETER_NOT_USED(session);
    print_name("cert_client: server certificate", &certificate->nx_secure_x509_distinguished_name);
    print_name(", issuer", &certificate->nx_secure_x509_issuer);
    fprintf(stderr, "\n");
    if (server_host == NX_NULL) {
        return NX_SUCCESS;
    }
    UINT status = nx_secure_x509_common_name_dns_check(certificate, (const UCHAR *)server_host,
                                                       (UINT)strlen(server_host));
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: the certificate does not name %s\n", server_host);
    }
    return status;
}

/* add_trusted initializes and adds every CA of the comma-separated list. */
static UINT add_trusted(const char *list)
{
    char path[512];
    UINT count = 0;
    while (next_path(&list, path, sizeof path)) {
        if (count == MAX_FILES) {
            return NX_INVALID_PARAMETERS;
        }
        USHORT len = read_file(path, trusted_der[count], FILE_SIZE);
        if (len == 0) {
            return NX_NOT_SUCCESSFUL;
        }
        UINT status =
            nx_secure_x509_certificate_initialize(&trusted[count], trusted_der[count], len, NX_NULL,
                                                  0, NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
        if (status == NX_SUCCESS) {
            status = nx_secure_dtls_session_trusted_certificate_add(&dtls_client, &trusted[count],
                                                                    count + 1);
        }
        if (status != NX_SUCCESS) {
            fprintf(stderr, "cert_client: CA %s: 0x%x\n", path, status);
            return status;
        }
        count++;
    }
    return count != 0 ? NX_SUCCESS : NX_INVALID_PARAMETERS;
}

/* add_identity adds "cert.der,key.der[,intermediate.der...]": our certificate with its private key, then
 * the intermediates to send after it, as local certificates without a key. */
static UINT add_identity(const char *list)
{
    char path[512];
    char key_path[512];
    if (!next_path(&list, path, sizeof path) || !next_path(&list, key_path, sizeof key_path)) {
        return NX_INVALID_PARAMETERS;
    }
    USHORT len = read_file(path, identity_der[0], FILE_SIZE);
    USHORT key_len = read_file(key_path, identity_key, sizeof identity_key);
    if (len == 0 || key_len == 0) {
        return NX_NOT_SUCCESSFUL;
    }
    /* The key's format follows the certificate's public key. */
    UINT status = nx_secure_x509_certificate_initialize(
        &identity[0], identity_der[0], len, NX_NULL, 0, NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
    if (status == NX_SUCCESS) {
        UINT key_type = identity[0].nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC
                            ? NX_SECURE_X509_KEY_TYPE_EC_DER
                            : NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER;
        status = nx_secure_x509_certificate_initialize(&identity[0], identity_der[0], len, NX_NULL,
                                                       0, identity_key, key_len, key_type);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_session_local_certificate_add(&dtls_client, &identity[0], 1);
    }
    for (UINT i = 1; status == NX_SUCCESS && next_path(&list, path, sizeof path); i++) {
        if (i == MAX_FILES) {
            return NX_INVALID_PARAMETERS;
        }
        len = read_file(path, identity_der[i], FILE_SIZE);
        if (len == 0) {
            return NX_NOT_SUCCESSFUL;
        }
        status = nx_secure_x509_certificate_initialize(&identity[i], identity_der[i], len, NX_NULL,
                                                       0, NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
        if (status == NX_SUCCESS) {
            status =
                nx_secure_dtls_session_local_certificate_add(&dtls_client, &identity[i], i + 1);
        }
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: our certificate: 0x%x\n", status);
    }
    return status;
}

int main(int argc, char **argv)
{
    const char *address = argc > 1 ? argv[1] : "127.0.0.1";
    UINT port = argc > 2 ? (UINT)atoi(argv[2]) : 4433;
    const char *cas = argc > 3 ? argv[3]
                               : "tests/vectors/x509/pki/rsa-root.der,"
                                 "tests/vectors/x509/pki/ec-root.der";
    const char *host = argc > 4 ? argv[4] : "localhost";
    const char *message = argc > 5 ? argv[5] : "Hello from NetX";
    int expect_echo = argc > 6 ? atoi(argv[6]) : 1;
    int wait_seconds = argc > 7 ? atoi(argv[7]) : 10;
    const char *mine = argc > 8 ? argv[8] : NX_NULL;
    server_host = strcmp(host, "-") != 0 ? host : NX_NULL;

    NXD_ADDRESS server_ip;
    if (parse_address(address, &server_ip) != 0 || wait_seconds <= 0 ||
        (server_host != NX_NULL && strlen(server_host) > NX_SECURE_X509_DNS_NAME_MAX)) {
        fprintf(stderr, "cert_client: bad address, host or wait\n");
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
        /* The receive queue must hold a whole server flight: a certificate chain sent by a peer with
         * a small MTU is a dozen datagrams or more, arriving while we verify the chain (the stack
         * drops what does not fit, and the retransmitted flight would overflow it again). */
        status = nx_udp_socket_create(&ip_0, &client_socket, socket_name, NX_IP_NORMAL,
                                      NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 64);
    }
    if (status == NX_SUCCESS) {
        status = nx_udp_socket_bind(&client_socket, NX_ANY_PORT, NX_NO_WAIT);
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: NetX set-up failed: 0x%x\n", status);
        return 1;
    }

    /* The DTLS session: ECC and RSA suites, room for the server's chain. */
    ULONG metadata_size = 0;
    nx_secure_tls_metadata_size_calculate(&nx_crypto_tls_ciphers_ecc, &metadata_size);
    if (metadata_size > sizeof tls_metadata) {
        fprintf(stderr, "cert_client: metadata needs %lu bytes\n", (unsigned long)metadata_size);
        return 1;
    }
    status = nx_secure_dtls_session_create(&dtls_client, &nx_crypto_tls_ciphers_ecc, tls_metadata,
                                           sizeof tls_metadata, tls_packet_buffer,
                                           sizeof tls_packet_buffer, REMOTE_CERTS,
                                           remote_certificates, sizeof remote_certificates);
    if (status == NX_SUCCESS) {
        status = add_trusted(cas);
    }
    if (status == NX_SUCCESS && mine != NX_NULL) {
        status = add_identity(mine);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_dtls_ecc_initialize(&dtls_client, nx_crypto_ecc_supported_groups,
                                               (USHORT)nx_crypto_ecc_supported_groups_size,
                                               nx_crypto_ecc_curves);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_tls_session_time_function_set(&dtls_client.nx_secure_dtls_tls_session,
                                                         app_time);
    }
    if (status == NX_SUCCESS) {
        status = nx_secure_tls_session_certificate_callback_set(
            &dtls_client.nx_secure_dtls_tls_session, certificate_callback);
    }
    if (status == NX_SUCCESS && server_host != NX_NULL) {
        NX_SECURE_X509_DNS_NAME dns_name;
        status = nx_secure_x509_dns_name_initialize(&dns_name, (const UCHAR *)server_host,
                                                    (USHORT)strlen(server_host));
        if (status == NX_SUCCESS) {
            status = nx_secure_tls_session_sni_extension_set(
                &dtls_client.nx_secure_dtls_tls_session, &dns_name);
        }
    }
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: session set-up failed: 0x%x\n", status);
        return 1;
    }

    /* Handshake, with up to wait_s (10 s) for it. */
    status = nx_secure_dtls_client_session_start(&dtls_client, &client_socket, &server_ip, port,
                                                 (UINT)wait_seconds * NX_IP_PERIODIC_RATE);
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: handshake failed: 0x%x\n", status);
        nx_secure_dtls_session_delete(&dtls_client);
        return 1;
    }
    fprintf(stderr, "cert_client: connected, suite 0x%04x\n",
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
        fprintf(stderr, "cert_client: send failed: 0x%x\n", status);
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
            fprintf(stderr, "cert_client: receive failed: 0x%x\n", status);
            rc = 1;
        }
    }

    /* Close: our close_notify, then up to 2 s for the server's. */
    status = nx_secure_dtls_session_end(&dtls_client, 2 * NX_IP_PERIODIC_RATE);
    if (status != NX_SUCCESS) {
        fprintf(stderr, "cert_client: close: 0x%x\n", status);
    }
    nx_secure_dtls_session_delete(&dtls_client);
    nx_udp_socket_unbind(&client_socket);
    nx_udp_socket_delete(&client_socket);
    nx_ip_delete(&ip_0);
    return rc;
}
