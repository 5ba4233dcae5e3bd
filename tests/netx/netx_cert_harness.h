/* SPDX-License-Identifier: MIT */
/* netx_cert_harness.h: what the certificate tests of the facade share: certificates of the test PKI
 * (tests/vectors/x509/pki, scripts/make-test-pki.sh) loaded with nx_secure_x509_certificate_initialize, a
 * certificate client (session with a remote-certificate buffer, its socket and buffers in one block), and
 * the sizes an echo server of netx_harness.h needs for certificate flights. */
#ifndef NETX_CERT_HARNESS_H
#define NETX_CERT_HARNESS_H

#include "netx_harness.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

#define PKI "vectors/x509/pki/"
/* The certificates with keys the shared PKI lacks (tests/netx/pki/make-netx-pki.sh): P-256 root -> int ->
 * good, expired, wronghost; badsig; rogue-root -> rogue. */
#define NETX_PKI "netx/pki/"

/* Reassembly per server slot and per client: a certificate flight of the test PKI (two RSA-2048
 * certificates, ServerKeyExchange, CertificateRequest) and the largest incoming chain fit with room. */
#define CERT_REASSEMBLY 8192

/* One remote-certificate slot: the structure and 2 KiB of DER (docs/netx-api.md 3.2's sizing). */
#define CERT_SLOT_BYTES (sizeof(NX_SECURE_X509_CERT) + 2048)

/* pki_cert: a certificate with the DER it points into and its private key's DER. */
struct pki_cert {
    NX_SECURE_X509_CERT cert;
    UCHAR der[4096];
    UCHAR key[4096];
};

/* pki_load_from initializes c from <dir><name>.der and, when key is not NULL, <dir><key>.der as its
 * private key (PKCS #1 for an RSA certificate, RFC 5915 for an EC one: the type follows the certificate's
 * key, as an application knows it). Returns nx_secure_x509_certificate_initialize's code, or
 * NX_NOT_SUCCESSFUL when a file cannot be read. pki_load reads from PKI. */
static inline UINT pki_load_from(struct pki_cert *c, const char *dir, const char *name,
                                 const char *key)
{
    char path[256];
    memset(c, 0, sizeof *c);
    (void)snprintf(path, sizeof path, "%s%s.der", dir, name);
    long n = test_read_file(path, c->der, sizeof c->der);
    if (n <= 0) {
        return NX_NOT_SUCCESSFUL;
    }
    UINT st = nx_secure_x509_certificate_initialize(&c->cert, c->der, (USHORT)n, NX_NULL, 0,
                                                    NX_NULL, 0, NX_SECURE_X509_KEY_TYPE_NONE);
    if (st != NX_SUCCESS || key == NULL) {
        return st;
    }
    UINT type = c->cert.nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_EC
                    ? NX_SECURE_X509_KEY_TYPE_EC_DER
                    : NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER;
    (void)snprintf(path, sizeof path, "%s%s.der", dir, key);
    long k = test_read_file(path, c->key, sizeof c->key);
    if (k <= 0) {
        return NX_NOT_SUCCESSFUL;
    }
    return nx_secure_x509_certificate_initialize(&c->cert, c->der, (USHORT)n, NX_NULL, 0, c->key,
                                                 (USHORT)k, type);
}

static inline UINT pki_load(struct pki_cert *c, const char *name, const char *key)
{
    return pki_load_from(c, PKI, name, key);
}

/* A certificate client: session, socket and buffers in one block. */
#define CERT_CLIENT_SLOTS 4
struct cert_client {
    NX_SECURE_DTLS_SESSION session;
    NX_UDP_SOCKET socket;
    uint64_t metadata[8192 / 8];
    UCHAR reassembly[CERT_REASSEMBLY];
    uint64_t remote[CERT_CLIENT_SLOTS * CERT_SLOT_BYTES / 8 + 1];
};

/* cert_client_open creates a bound socket and a session over table with certs_number remote slots in
 * remote_size bytes of the client's remote buffer (0, 0: none). */
static inline UINT cert_client_open(struct cert_client *c, NX_IP *ip,
                                    const NX_SECURE_TLS_CRYPTO *table, UINT certs_number,
                                    ULONG remote_size)
{
    memset(c, 0, sizeof *c);
    if (remote_size > sizeof c->remote) {
        return NX_NOT_SUCCESSFUL;
    }
    UINT st = nx_udp_socket_create(ip, &c->socket, NULL, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 16);
    if (st == NX_SUCCESS) {
        st = nx_udp_socket_bind(&c->socket, NX_ANY_PORT, NX_NO_WAIT);
    }
    if (st == NX_SUCCESS) {
        st = nx_secure_dtls_session_create(&c->session, table, c->metadata, sizeof c->metadata,
                                           c->reassembly, sizeof c->reassembly, certs_number,
                                           certs_number != 0 ? (UCHAR *)c->remote : NX_NULL,
                                           remote_size);
    }
    return st;
}

static inline void cert_client_close(struct cert_client *c)
{
    (void)nx_secure_dtls_session_delete(&c->session);
    (void)nx_udp_socket_unbind(&c->socket);
    (void)nx_udp_socket_delete(&c->socket);
}

/* cert_server_wait_start waits (bounded) until the echo server's application has seen one more handshake
 * end than `before` (starts_ok + starts_failed, read with cert_server_starts) and returns its status, or
 * NX_NOT_SUCCESSFUL when none ended in time. */
static inline unsigned cert_server_starts(struct harness_server *h)
{
    pthread_mutex_lock(&h->lock);
    unsigned n = h->starts_ok + h->starts_failed;
    pthread_mutex_unlock(&h->lock);
    return n;
}

static inline UINT cert_server_wait_start(struct harness_server *h, unsigned before)
{
    HARNESS_WAIT_UNTIL(cert_server_starts(h) > before);
    pthread_mutex_lock(&h->lock);
    UINT code = h->starts_ok + h->starts_failed > before ? h->last_start_status : NX_NOT_SUCCESSFUL;
    pthread_mutex_unlock(&h->lock);
    return code;
}

#endif /* NETX_CERT_HARNESS_H */
