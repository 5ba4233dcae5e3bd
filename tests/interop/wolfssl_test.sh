#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# wolfssl_test: nxdtls against wolfSSL 5.5 (Debian's libwolfssl-dev, driven by our harness
# tests/interop/peers/wolfssl_peer.c), both roles, with every suite of our table that Debian's wolfSSL has:
# ECDHE-ECDSA and ECDHE-RSA, with client certificates both ways and a line each way checked byte-exact; our
# side at MTU 300 (fragmented flights into wolfSSL's reassembly); cookies both ways (wolfSSL's server always
# sends a HelloVerifyRequest) and without ours.
# Not run, because Debian's wolfSSL 5.5.4 build lacks them (wolfSSL_get_ciphers_iana lists no
# TLS_PSK_WITH_AES_* and no TLS_RSA_WITH_*): the six plain-PSK suites and RSA key transport. Its build has no
# DTLS MTU setting either (wolfSSL_dtls_set_mtu is not compiled in): its flights go in whole datagrams.
# wolfSSL facts (found by running the harness on loopback):
#   - Its server's CertificateRequest follows its own key: with an RSA key it lists only rsa_sign and RSA
#     signature algorithms, so a client with an EC certificate has none to send (RFC 5246 7.4.6: an empty
#     Certificate) and the handshake fails. The client certificate here has the server's key type.
#   - wolfSSL_CTX_set_cipher_list takes IANA names; the harness passes ours through.
source "$(dirname "$0")/interop_lib.sh"
source "$(dirname "$0")/peer_lib.sh"
io_require ss python3
peer_require wolfssl_peer

# IANA name and the server key it needs (RFC 5289, 7251).
CERT_SUITES=(
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ec" "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ec" "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 ec"
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 rsa" "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 rsa"
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 rsa"
)

# An untrusted server certificate: wolfSSL's client refuses our chain when it trusts another root.
peer_refuses_untrusted() {
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        $(nx_cert ec) --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$PEER" client 127.0.0.1 "$port" \
        --ca "$PKI/rogue-root.pem" --servername localhost
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "wolfssl_peer client exited $rc with an untrusted server, expected 1"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    [ ! -s "$CASE/c_out" ] || { io_fail "data arrived over an untrusted session"; return 1; }
}

for row in "${CERT_SUITES[@]}"; do
    set -- $row
    iana=$1 key=$2
    # shellcheck disable=SC2046 # nx_cert and peer_cert print separate words on purpose
    io_case "nxdtls client (cert $key) --mtu 300 -> wolfSSL server $iana" nx_client_vs_peer "$iana" \
        --ca "$CA" --servername localhost --mtu 300 $(nx_cert "$key") -- \
        $(peer_cert "$key") --ca "$CA" --verify-client
    # shellcheck disable=SC2046
    io_case "wolfSSL client (cert $key) $iana -> nxdtls server --verify-client --mtu 300" \
        peer_vs_nx_server "$iana" $(nx_cert "$key") --ca "$CA" --verify-client --mtu 300 -- \
        --ca "$CA" --servername localhost $(peer_cert "$key")
done
io_case "wolfSSL client -> nxdtls server --no-cookie" peer_vs_nx_server \
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 $(nx_cert ec) --no-cookie -- --ca "$CA" --servername localhost
io_case "nxdtls client without a client certificate -> wolfSSL server" nx_client_vs_peer \
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 --ca "$CA" --servername localhost -- $(peer_cert rsa)
io_case "untrusted server: wolfSSL client refuses nxdtls server" peer_refuses_untrusted
io_summary
