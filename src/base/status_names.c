/* SPDX-License-Identifier: MIT */
/* status_names: nxdtls_status_name and nxdtls_status_description. The rows are the public headers' own macros,
 * so a name never disagrees with its value; they follow tests/vectors/netx_return_codes.tsv (the return codes
 * of docs/netx-api.md sections 5 and 11). ThreadX TX_* codes are left out: they share values with NX_* codes
 * and no DTLS path returns them. The descriptions are nxdtls's own wording. */
#include "base/status_names.h"

#include <stddef.h>

#include "nx_crypto_const.h"
#include "nx_secure_dtls_api.h"
#include "nx_secure_x509.h"
#include "nxdtls.h"

struct status_row {
    UINT code;
    const char *name;
    const char *description;
};

#define ROW(name, description) {(UINT)(name), #name, description},

/* clang-format off */
static const struct status_row status_rows[] = {
    ROW(NX_SUCCESS, "success")
    ROW(NX_SECURE_TLS_SESSION_UNINITIALIZED, "the session is not set up or not established for this call")
    ROW(NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE, "a record or message of an unknown type arrived")
    ROW(NX_SECURE_TLS_INVALID_STATE, "the call does not fit the session's state")
    ROW(NX_SECURE_TLS_INVALID_PACKET, "a received packet holds no usable DTLS data")
    ROW(NX_SECURE_TLS_UNKNOWN_CIPHERSUITE, "the peer chose a cipher suite that was not offered or is unknown")
    ROW(NX_SECURE_TLS_UNSUPPORTED_CIPHER, "the cipher of the suite is not available")
    ROW(NX_SECURE_TLS_HANDSHAKE_FAILURE, "a handshake message could not be processed")
    ROW(NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE, "a record's MAC does not verify")
    ROW(NX_SECURE_TLS_TCP_SEND_FAILED, "sending a datagram failed")
    ROW(NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, "a message's length fields do not add up")
    ROW(NX_SECURE_TLS_BAD_CIPHERSPEC, "a ChangeCipherSpec message is malformed")
    ROW(NX_SECURE_TLS_INVALID_SERVER_CERT, "the server's certificate does not parse")
    ROW(NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER, "the certificate's key cannot do the operation the suite needs")
    ROW(NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, "no cipher suite in common with the peer")
    ROW(NX_SECURE_TLS_UNKNOWN_TLS_VERSION, "a record carries an unknown protocol version")
    ROW(NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, "the peer's protocol version is not supported")
    ROW(NX_SECURE_TLS_ALLOCATE_PACKET_FAILED, "no packet could be allocated from the pool")
    ROW(NX_SECURE_TLS_INVALID_CERTIFICATE, "a certificate does not parse")
    ROW(NX_SECURE_TLS_NO_CLOSE_RESPONSE, "the peer did not answer close_notify")
    ROW(NX_SECURE_TLS_ALERT_RECEIVED, "the peer sent a fatal alert")
    ROW(NX_SECURE_TLS_FINISHED_HASH_FAILURE, "the peer's Finished does not verify (often a wrong key or PSK)")
    ROW(NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM, "a certificate is signed with an unknown algorithm")
    ROW(NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED, "a certificate's signature does not verify")
    ROW(NX_SECURE_TLS_BAD_COMPRESSION_METHOD, "the peer asked for compression, which DTLS 1.2 here does not do")
    ROW(NX_SECURE_TLS_CERTIFICATE_NOT_FOUND, "no certificate with that identifier or name")
    ROW(NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT, "a self-signed certificate that is not trusted as such")
    ROW(NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, "the chain leads to no trusted certificate")
    ROW(NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE, "a handshake message arrived out of order")
    ROW(NX_SECURE_TLS_INVALID_REMOTE_HOST, "the datagram comes from another address than the session's peer")
    ROW(NX_SECURE_TLS_INVALID_EPOCH, "a record of an epoch that cannot be read")
    ROW(NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED, "a handshake message arrived again")
    ROW(NX_SECURE_TLS_NEED_DTLS_SESSION, "the call needs a DTLS session")
    ROW(NX_SECURE_TLS_NEED_TLS_SESSION, "the call needs a TLS session")
    ROW(NX_SECURE_TLS_SEND_ADDRESS_MISMATCH, "the destination does not match the session's peer")
    ROW(NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS, "every session slot of the server is in use")
    ROW(NX_SECURE_DTLS_SESSION_NOT_FOUND, "no server session for that peer")
    ROW(NX_SECURE_TLS_NO_MORE_PSK_SPACE, "the PSK store is full, or a key or identity is too long")
    ROW(NX_SECURE_TLS_NO_MATCHING_PSK, "no pre-shared key for the identity or hint")
    ROW(NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, "the peer closed the session (close_notify)")
    ROW(NX_SECURE_TLS_NO_AVAILABLE_SESSIONS, "no session available")
    ROW(NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED, "no storage was given for the peer's certificates")
    ROW(NX_SECURE_TLS_PADDING_CHECK_FAILED, "a record's CBC padding is wrong")
    ROW(NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE, "the certificate type the peer asks for is not supported")
    ROW(NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG, "the signature algorithm the peer asks for is not supported")
    ROW(NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE, "a received certificate is larger than its storage slot")
    ROW(NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, "the peer changed the protocol version during the handshake")
    ROW(NX_SECURE_TLS_NO_RENEGOTIATION_ERROR, "the peer refused to renegotiate")
    ROW(NX_SECURE_TLS_UNSUPPORTED_FEATURE, "a feature nxdtls does not support was requested")
    ROW(NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE, "the peer's CertificateVerify does not verify")
    ROW(NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED, "the peer sent an empty certificate chain")
    ROW(NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR, "the renegotiation_info extension is wrong (RFC 5746)")
    ROW(NX_SECURE_TLS_RENEGOTIATION_SESSION_INACTIVE, "renegotiation needs an established session")
    ROW(NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL, "the buffer is too small for the record or message")
    ROW(NX_SECURE_TLS_EXTENSION_NOT_FOUND, "the extension is not in the message")
    ROW(NX_SECURE_TLS_SNI_EXTENSION_INVALID, "the server_name extension is malformed")
    ROW(NX_SECURE_TLS_CERT_ID_INVALID, "the certificate identifier is invalid")
    ROW(NX_SECURE_TLS_CERT_ID_DUPLICATE, "a certificate with that identifier is already in the store")
    ROW(NX_SECURE_TLS_RENEGOTIATION_FAILURE, "renegotiation is not possible (the peer lacks RFC 5746, or it is disabled)")
    ROW(NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE, "the method table lacks a function the suite needs")
    ROW(NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED, "a certificate uses a multi-byte ASN.1 tag")
    ROW(NX_SECURE_X509_ASN1_LENGTH_TOO_LONG, "an ASN.1 length runs past the data")
    ROW(NX_SECURE_X509_FOUND_NON_ZERO_PADDING, "a BIT STRING has non-zero unused bits")
    ROW(NX_SECURE_X509_MISSING_PUBLIC_KEY, "the certificate has no public key")
    ROW(NX_SECURE_X509_INVALID_PUBLIC_KEY, "the certificate's public key is malformed")
    ROW(NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE, "the data is not an X.509 certificate (outer SEQUENCE wrong)")
    ROW(NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM, "the certificate has no signature algorithm")
    ROW(NX_SECURE_X509_INVALID_CERTIFICATE_DATA, "the certificate's contents are malformed")
    ROW(NX_SECURE_X509_UNEXPECTED_ASN1_TAG, "an ASN.1 element has an unexpected tag")
    ROW(NX_SECURE_PKCS1_INVALID_PRIVATE_KEY, "the private key does not parse")
    ROW(NX_SECURE_X509_CHAIN_TOO_SHORT, "the certificate chain is too short")
    ROW(NX_SECURE_X509_CHAIN_VERIFY_FAILURE, "the certificate chain does not verify")
    ROW(NX_SECURE_X509_PKCS7_PARSING_FAILED, "a PKCS #7 structure does not parse")
    ROW(NX_SECURE_X509_CERTIFICATE_NOT_FOUND, "no such certificate")
    ROW(NX_SECURE_X509_INVALID_VERSION, "the certificate has an invalid version")
    ROW(NX_SECURE_X509_INVALID_TAG_CLASS, "an ASN.1 tag has an invalid class")
    ROW(NX_SECURE_X509_INVALID_EXTENSIONS, "the certificate's extensions are malformed")
    ROW(NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE, "an extension is malformed")
    ROW(NX_SECURE_X509_CERTIFICATE_EXPIRED, "a certificate of the chain has expired")
    ROW(NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID, "a certificate of the chain is not valid yet")
    ROW(NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH, "the certificate does not name the expected host")
    ROW(NX_SECURE_X509_INVALID_DATE_FORMAT, "a certificate date is malformed")
    ROW(NX_SECURE_X509_CRL_ISSUER_MISMATCH, "the CRL is not from the certificate's issuer")
    ROW(NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED, "the CRL's signature does not verify")
    ROW(NX_SECURE_X509_CRL_CERTIFICATE_REVOKED, "the certificate is revoked")
    ROW(NX_SECURE_X509_WRONG_SIGNATURE_METHOD, "the signature method does not fit the key")
    ROW(NX_SECURE_X509_EXTENSION_NOT_FOUND, "the certificate lacks the extension")
    ROW(NX_SECURE_X509_ALT_NAME_NOT_FOUND, "the certificate has no subjectAltName")
    ROW(NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE, "the private key type is not supported")
    ROW(NX_SECURE_X509_NAME_STRING_TOO_LONG, "a name is longer than the buffer")
    ROW(NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND, "the certificate is not for this purpose (extended key usage)")
    ROW(NX_SECURE_X509_KEY_USAGE_ERROR, "the certificate's key usage forbids this use")
    ROW(NX_SECURE_TLS_EMPTY_EC_GROUP, "the supported_groups extension is empty")
    ROW(NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT, "the ec_point_formats extension is empty")
    ROW(NX_SECURE_TLS_BAD_SERVERHELLO_KEYSHARE, "the ServerHello key share is wrong (TLS 1.3)")
    ROW(NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE, "the metadata buffer is too small for the method table")
    ROW(NX_SECURE_TLS_POST_HANDSHAKE_RECEIVED, "a post-handshake message arrived (TLS 1.3)")
    ROW(NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE, "the ClientHello key share is wrong (TLS 1.3)")
    ROW(NX_SECURE_TLS_1_3_UNKNOWN_CIPHERSUITE, "unknown TLS 1.3 cipher suite")
    ROW(NX_SECURE_TLS_INVALID_SESSION_TICKET, "the session ticket is invalid")
    ROW(NX_SECURE_TLS_MISSING_EXTENSION, "a required extension is missing")
    ROW(NX_SECURE_TLS_CERTIFICATE_REQUIRED, "the peer must send a certificate and did not")
    ROW(NX_SECURE_TLS_UNEXPECTED_CLIENTHELLO, "a ClientHello arrived where none may")
    ROW(NX_SECURE_TLS_INAPPROPRIATE_FALLBACK, "the peer signalled an inappropriate version fallback")
    ROW(NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION, "the ClientHello PSK extension is wrong (TLS 1.3)")
    ROW(NX_SECURE_TLS_PSK_BINDER_MISMATCH, "the PSK binder does not verify (TLS 1.3)")
    ROW(NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE, "the keys of the suite do not fit")
    ROW(NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE, "no elliptic curve in common with the peer")
    ROW(NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT, "the peer's EC point format is not supported")
    ROW(NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM, "no signature algorithm in common, or one not offered was used")
    ROW(NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR, "a handshake signature does not verify")
    ROW(NX_SECURE_TLS_UNEXPECTED_MESSAGE, "a message arrived that does not fit the handshake's state")
    ROW(NX_SECURE_TLS_AEAD_DECRYPT_FAIL, "a record's authentication tag does not verify")
    ROW(NX_SECURE_TLS_RECORD_OVERFLOW, "a record is longer than allowed")
    ROW(NX_SECURE_TLS_HANDSHAKE_FRAGMENT_RECEIVED, "a fragmented handshake message arrived")
    ROW(NX_SECURE_TLS_TRANSMIT_LOCKED, "the session is sending from another thread")
    ROW(NX_SECURE_TLS_DOWNGRADE_DETECTED, "the peer's random signals a version downgrade")
    ROW(NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER, "the certificate's key type is not supported")
    ROW(NX_SECURE_X509_INVALID_CERTIFICATE, "the certificate is invalid")
    ROW(NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM, "the certificate's signature algorithm is unknown")
    ROW(NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED, "the certificate's signature does not verify")
    ROW(NX_SECURE_X509_INVALID_SELF_SIGNED_CERT, "the self-signed certificate is not trusted")
    ROW(NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND, "the certificate's issuer is not in the store")
    ROW(NX_SECURE_X509_NO_CERT_SPACE_ALLOCATED, "no space was given for certificates")
    ROW(NX_SECURE_X509_INSUFFICIENT_CERT_SPACE, "the certificate is larger than its space")
    ROW(NX_SECURE_X509_CERT_ID_DUPLICATE, "a certificate with that identifier is already in the store")
    ROW(NX_SECURE_X509_MISSING_CRYPTO_ROUTINE, "the method table lacks a function X.509 needs")
    ROW(NX_NO_PACKET, "nothing arrived in time (or no packet is available)")
    ROW(NX_PTR_ERROR, "a required pointer is NULL")
    ROW(NX_SIZE_ERROR, "a size is out of range")
    ROW(NX_CALLER_ERROR, "the service may not be called from here")
    ROW(NX_INVALID_PACKET, "the packet is invalid")
    ROW(NX_INVALID_SOCKET, "the socket is invalid")
    ROW(NX_NOT_ENABLED, "the protocol is not enabled")
    ROW(NX_ALREADY_ENABLED, "the protocol is already enabled")
    ROW(NX_WAIT_ABORTED, "the wait was aborted")
    ROW(NX_IP_ADDRESS_ERROR, "the IP address is invalid")
    ROW(NX_ALREADY_BOUND, "the socket is already bound")
    ROW(NX_PORT_UNAVAILABLE, "the port is in use")
    ROW(NX_NOT_BOUND, "the socket is not bound")
    ROW(NX_NOT_CREATED, "the object was not created")
    ROW(NX_ALREADY_RELEASED, "the packet was already released")
    ROW(NX_NOT_CONNECTED, "the peer is not reachable (port unreachable)")
    ROW(NX_ALREADY_SUSPENDED, "another thread already waits here")
    ROW(NX_STILL_BOUND, "the socket is still bound")
    ROW(NX_NOT_SUCCESSFUL, "the operation failed")
    ROW(NX_NO_FREE_PORTS, "no free port")
    ROW(NX_INVALID_PORT, "the port is invalid")
    ROW(NX_NOT_IMPLEMENTED, "not implemented")
    ROW(NX_NOT_SUPPORTED, "not supported")
    ROW(NX_INVALID_PARAMETERS, "a parameter is out of range")
    ROW(NX_PACKET_OFFSET_ERROR, "the packet offset is invalid")
    ROW(NX_CONTINUE, "continue (more to come)")
    ROW(NX_CRYPTO_INVALID_LIBRARY, "the crypto library is not usable")
    ROW(NX_CRYPTO_UNSUPPORTED_KEY_SIZE, "the key size is not supported")
    ROW(NX_CRYPTO_AUTHENTICATION_FAILED, "an authentication tag or signature does not verify")
    ROW(NX_CRYPTO_INVALID_ALGORITHM, "the algorithm is not supported by the method")
    ROW(NX_CRYPTO_INVALID_KEY, "the key is invalid")
    ROW(NX_CRYPTO_INVALID_BUFFER_SIZE, "a crypto buffer has the wrong size")
    ROW(NX_CRYPTO_PTR_ERROR, "a crypto pointer is NULL")
    ROW(NX_CRYPTO_SIZE_ERROR, "a crypto size is out of range")
    ROW(NX_CRYPTO_NOT_SUCCESSFUL, "the crypto operation failed")
    ROW(NX_CRYPTO_INVALID_PARAMETER, "a crypto parameter is invalid")
    ROW(NX_CRYPTO_NO_INSTANCE, "the crypto method has no instance")
    ROW(NX_CRYPTO_METHOD_INITIALIZATION_FAILURE, "the crypto method did not initialize")
    ROW(NX_CRYPTO_METADATA_UNALIGNED, "the crypto metadata is not aligned")
    ROW(NX_CRYPTO_POINTER_ERROR, "a crypto pointer is invalid")
    ROW(NX_CRYTPO_MISSING_ECC_CURVE, "no curve was given to the EC method")
    ROW(NX_CRYPTO_FORMAT_NOT_SUPPORTED, "the key or point format is not supported")
};
/* clang-format on */

static const struct status_row *find(UINT status)
{
    for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
        if (status_rows[i].code == status) {
            return &status_rows[i];
        }
    }
    return NULL;
}

const char *nxdtls_status_name(UINT status)
{
    const struct status_row *row = find(status);
    return row != NULL ? row->name : "UNKNOWN_STATUS";
}

const char *nxdtls_status_description(UINT status)
{
    const struct status_row *row = find(status);
    return row != NULL ? row->description : "unknown status code";
}

const char *nxdtls_version(void)
{
    return NXDTLS_VERSION_STRING;
}
