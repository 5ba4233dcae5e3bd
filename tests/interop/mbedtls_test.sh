#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mbedtls_test: nxdtls against Mbed TLS 2.28 (Debian's libmbedtls-dev, driven by our harness
# tests/interop/peers/mbedtls_peer.c), both roles, with every suite of our table Mbed TLS has: the six PSK
# suites, RSA key transport, ECDHE-ECDSA and ECDHE-RSA; cookies both ways (HelloVerifyRequest from
# mbedtls_ssl_cookie on its side), without cookies, MTU 300 on both sides, client certificates both ways, a
# line each way checked byte-exact. Refusals: an identity the other side does not know ends the handshake
# with unknown_psk_identity (115) both ways.
# Mbed TLS facts (from its 2.28 API, checked by running the harness on loopback):
#   - Its server checks the client's PSK identity against the one given to mbedtls_ssl_conf_psk and answers
#     another with the alert unknown_psk_identity; it sends no identity hint.
#   - Suite names are the IANA names with '-' for '_' (mbedtls_ssl_get_ciphersuite_id).
#   - mbedtls_ssl_set_mtu fragments its flights; its DTLS server needs the client's address
#     (mbedtls_ssl_set_client_transport_id) for its cookies, and returns HELLO_VERIFY_REQUIRED after sending
#     a HelloVerifyRequest, after which the session starts over.
source "$(dirname "$0")/interop_lib.sh"
source "$(dirname "$0")/peer_lib.sh"
io_require ss python3
peer_require mbedtls_peer

PSK_SUITES=(TLS_PSK_WITH_AES_128_CCM_8 TLS_PSK_WITH_AES_128_CCM TLS_PSK_WITH_AES_128_GCM_SHA256
    TLS_PSK_WITH_AES_256_GCM_SHA384 TLS_PSK_WITH_AES_128_CBC_SHA256 TLS_PSK_WITH_AES_128_CBC_SHA)
# IANA name and the server key it needs (RFC 5246, 5288, 5289, 7251).
CERT_SUITES=(
    "TLS_RSA_WITH_AES_128_CBC_SHA rsa" "TLS_RSA_WITH_AES_256_CBC_SHA rsa"
    "TLS_RSA_WITH_AES_128_CBC_SHA256 rsa" "TLS_RSA_WITH_AES_128_GCM_SHA256 rsa"
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ec" "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ec" "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 ec"
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 rsa" "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 rsa"
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 rsa"
)
PSK="$PSK_ID:$PSK_KEY"

# other KEY: the client certificate's key type, the one the server does not use (both kinds get exercised).
other() {
    [ "$1" = rsa ] && echo ec || echo rsa
}

# Unknown identity, nxdtls client: the Mbed TLS server knows only $PSK_ID and sends unknown_psk_identity.
nx_client_unknown_identity() {
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$PEER" server 127.0.0.1 "$port" --psk "$PSK"
    io_wait_listen "$port" 3 || { io_fail "mbedtls_peer did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --psk "stranger:$PSK_KEY" --message never --timeout 4000
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc, expected 1"; return 1; }
    grep -q "unknown_psk_identity" "$CASE/c_err" || { io_fail "no unknown_psk_identity alert reported"; return 1; }
}

# Unknown identity, Mbed TLS client: our server answers unknown_psk_identity (docs/netx-api.md 7.6) and
# fails with NX_SECURE_TLS_NO_MATCHING_PSK.
peer_unknown_identity() {
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "$PSK" --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$PEER" client 127.0.0.1 "$port" \
        --psk "stranger:$PSK_KEY"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "mbedtls_peer client exited $rc, expected 1"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    grep -q "NX_SECURE_TLS_NO_MATCHING_PSK (0x126)" "$CASE/s_err" || { io_fail "server did not report 0x126"; return 1; }
    grep -q "alert message was received" "$CASE/c_err" || { io_fail "mbedtls_peer saw no alert"; return 1; }
}

for s in "${PSK_SUITES[@]}"; do
    io_case "nxdtls client -> Mbed TLS server $s" nx_client_vs_peer "$s" --psk "$PSK" -- --psk "$PSK"
    io_case "Mbed TLS client $s -> nxdtls server" peer_vs_nx_server "$s" --psk "$PSK" -- --psk "$PSK"
done
io_case "Mbed TLS client -> nxdtls server --no-cookie" peer_vs_nx_server TLS_PSK_WITH_AES_128_CCM_8 \
    --psk "$PSK" --no-cookie -- --psk "$PSK"
io_case "nxdtls client -> Mbed TLS server --no-cookie" nx_client_vs_peer TLS_PSK_WITH_AES_128_GCM_SHA256 \
    --psk "$PSK" -- --psk "$PSK" --no-cookie
io_case "nxdtls client --psk-hint -> Mbed TLS server (sends no hint)" nx_client_vs_peer \
    TLS_PSK_WITH_AES_128_CCM_8 --psk "$PSK" --psk-hint some-hint -- --psk "$PSK"
io_case "Mbed TLS client -> nxdtls server --psk-hint" peer_vs_nx_server TLS_PSK_WITH_AES_128_CCM_8 \
    --psk "$PSK" --psk-hint "nxdtls hint" -- --psk "$PSK"
# RFC 9146: Debian builds Mbed TLS 2.28 without MBEDTLS_SSL_DTLS_CONNECTION_ID (and 2.28 would offer the
# draft's extension 254, which dtls/cid_loopback shows we ignore): our offer of connection_id (54) is an
# unknown extension to it, and the session runs without CIDs both ways.
io_case "nxdtls client --cid 4 -> Mbed TLS server (no CID support)" nx_client_vs_peer \
    TLS_PSK_WITH_AES_128_CCM_8 --psk "$PSK" --cid 4 -- --psk "$PSK"
io_case "Mbed TLS client -> nxdtls server --cid 8" peer_vs_nx_server TLS_PSK_WITH_AES_128_GCM_SHA256 \
    --psk "$PSK" --cid 8 -- --psk "$PSK"
io_case "unknown identity: nxdtls client -> Mbed TLS server" nx_client_unknown_identity
io_case "unknown identity: Mbed TLS client -> nxdtls server" peer_unknown_identity

for row in "${CERT_SUITES[@]}"; do
    set -- $row
    iana=$1 key=$2 ckey=$(other "$2")
    # shellcheck disable=SC2046 # nx_cert and peer_cert print separate words on purpose
    io_case "nxdtls client (cert $ckey) -> Mbed TLS server $iana, MTU 300" nx_client_vs_peer "$iana" \
        --ca "$CA" --servername localhost --mtu 300 $(nx_cert "$ckey") -- \
        $(peer_cert "$key") --ca "$CA" --verify-client --mtu 300
    # shellcheck disable=SC2046
    io_case "Mbed TLS client (cert $ckey) $iana, MTU 300 -> nxdtls server --verify-client" \
        peer_vs_nx_server "$iana" $(nx_cert "$key") --ca "$CA" --verify-client --mtu 300 -- \
        --ca "$CA" --servername localhost --mtu 300 $(peer_cert "$ckey")
done
io_summary
