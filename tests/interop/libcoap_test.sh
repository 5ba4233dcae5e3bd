#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# libcoap_test: nxdtls against libcoap 4.3 (package libcoap3-bin), the CoAP stack of many LwM2M and CoAP
# deployments, over DTLS with PSK, both roles, with libcoap's OpenSSL and GnuTLS builds:
#   - `nxdtls client --psk Client_identity:HEX --hex <CoAP GET /> --hexdump` against `coap-server-* -k KEY`
#     gets a 2.05 Content answer. coap-server sends the identity hint "CoAP" unless told otherwise, which our
#     --psk (no --psk-hint) must accept (RFC 4279 2: the hint is advisory); -v names the hint. Also with an
#     arbitrary hint (-h), and a wrong key fails.
#   - coap-client-* GET reaches `nxdtls server --once`, which prints the request's bytes; coap-client then
#     closes the session with close_notify.
# libcoap facts (found by running them on loopback):
#   coap-server-openssl -A 127.0.0.1 -p PORT -k KEY [-h HINT] [-v 9]   coap on PORT, coaps (DTLS) on PORT+1
#   coap-client-openssl -m get -k KEY -u IDENTITY [-B SECONDS] [-v 9] coaps://127.0.0.1:PORT/
#   - KEY is given as text: -k secretPSK is the key 73656372657450534b. The server accepts any identity with
#     its one key and negotiates TLS_PSK_WITH_AES_128_CCM_8. It answers a GET of / with 2.05 Content; a
#     datagram that is not CoAP is dropped ("discard malformed PDU"). A confirmable GET of / is the 4 bytes
#     40 01 12 34 (version 1, CON, token length 0; code 0.01; message ID 0x1234); the piggybacked answer
#     starts 60 45 12 34 (ACK, 2.05, the same message ID).
#   - coap-client -B N gives up waiting for an answer after N seconds, exits 0 and closes the DTLS session
#     with close_notify. -v 9 logs the DTLS handshake on either side.
source "$(dirname "$0")/interop_lib.sh"
io_require coap-server-openssl coap-client-openssl coap-server-gnutls coap-client-gnutls ss python3

T=10 # seconds any one process may live
KEY_TEXT="secretPSK"
KEY_HEX=$(printf '%s' "$KEY_TEXT" | od -An -tx1 | tr -d ' \n') # 73656372657450534b
COAP_GET="40011234"

# coap_ports: prints a UDP port P of the loopback with P+1 free too (coap-server binds both).
coap_ports() {
    python3 - <<'EOF'
import socket, sys
for _ in range(100):
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.bind(("127.0.0.1", 0))
    port = a.getsockname()[1]
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        b.bind(("127.0.0.1", port + 1))
    except OSError:
        a.close(); b.close(); continue
    a.close(); b.close()
    print(port)
    sys.exit(0)
sys.exit(1)
EOF
}

# nx_client_vs_coap_server TLS [NX_OPTS...] [-- SERVER_OPTS...]: our CoAP GET to coap-server-TLS; the answer
# must be a 2.05 with our message ID, and the client must exit 0 after a clean close.
nx_client_vs_coap_server() {
    local tls="$1"
    shift
    local nx_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    local port
    port=$(coap_ports) || { io_fail "no free ports"; return 1; }
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "coap-server-$tls" -A 127.0.0.1 -p "$port" \
        -k "$KEY_TEXT" -v 9 "$@"
    local spid=$IO_LAST_PID
    io_wait_listen "$((port + 1))" 3 || { io_fail "coap-server-$tls did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$((port + 1))" \
        --psk "Client_identity:$KEY_HEX" --hex "$COAP_GET" --hexdump --wait 1000 --timeout 5000 -v \
        ${nx_opts[@]+"${nx_opts[@]}"}
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    grep -q '^60451234' "$CASE/c_out" || { io_fail "no 2.05 Content answer to our GET"; return 1; }
    [ "$(wc -l <"$CASE/c_out")" -eq 1 ] || { io_fail "expected one answer record"; return 1; }
    grep -q "handshake done: TLS_PSK_WITH_AES_128_CCM_8" "$CASE/c_err" ||
        { io_fail "not the suite libcoap negotiates"; return 1; }
    io_alive "$spid" || { io_fail "coap-server-$tls died"; return 1; }
}

# The default hint "CoAP" is shown by -v.
nx_client_default_hint() {
    nx_client_vs_coap_server "$1" || return 1
    grep -qF 'PSK identity hint from the server: "CoAP"; identity "Client_identity"' "$CASE/c_err" ||
        { io_fail "-v did not show the hint \"CoAP\""; return 1; }
}

# An arbitrary hint (-h), still without --psk-hint on our side.
nx_client_custom_hint() {
    nx_client_vs_coap_server "$1" -- -h "fleet/7 hint" || return 1
    grep -qF 'PSK identity hint from the server: "fleet/7 hint"' "$CASE/c_err" ||
        { io_fail "-v did not show the custom hint"; return 1; }
}

# A wrong key: coap-server cannot decrypt our Finished; our client fails (exit 1) and no answer arrives.
nx_client_wrong_key() {
    local tls="$1" port
    port=$(coap_ports) || { io_fail "no free ports"; return 1; }
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "coap-server-$tls" -A 127.0.0.1 -p "$port" \
        -k "$KEY_TEXT" -v 9
    io_wait_listen "$((port + 1))" 3 || { io_fail "coap-server-$tls did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$((port + 1))" \
        --psk "Client_identity:${KEY_HEX}00" --hex "$COAP_GET" --hexdump --wait 0 --timeout 3000
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc with a wrong key, expected 1"; return 1; }
    [ ! -s "$CASE/c_out" ] || { io_fail "an answer arrived with a wrong key"; return 1; }
}

# coap_client_vs_nx_server TLS: coap-client-TLS's GET reaches nxdtls server --once, byte-exact CoAP: version
# 1, confirmable, code 0.01 (GET); coap-client gives up waiting (-B 1), closes, and both exit 0.
coap_client_vs_nx_server() {
    local tls="$1"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "nxdtls-device:$KEY_HEX" --once -v
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "coap-client-$tls" -m get -k "$KEY_TEXT" \
        -u nxdtls-device -B 1 -v 9 "coaps://127.0.0.1:$port/"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "coap-client-$tls exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    local head
    head=$(od -An -tx1 -N2 "$CASE/s_out" | tr -d ' \n')
    # 0x4N: version 1, type 0 (CON), token length N; 0x01: GET (RFC 7252 3).
    case "$head" in
    4[0-8]01) ;;
    *) io_fail "the server did not receive a CoAP GET (first bytes: '$head')"; return 1 ;;
    esac
    grep -q "close_notify received" "$CASE/s_err" || { io_fail "coap-client did not close cleanly"; return 1; }
}

for tls in openssl gnutls; do
    io_case "nxdtls client -> coap-server-$tls (default hint \"CoAP\"): GET gets 2.05" nx_client_default_hint "$tls"
    io_case "nxdtls client -> coap-server-$tls -h \"fleet/7 hint\": GET gets 2.05" nx_client_custom_hint "$tls"
    io_case "nxdtls client -> coap-server-$tls, wrong key: refused" nx_client_wrong_key "$tls"
    io_case "coap-client-$tls GET -> nxdtls server" coap_client_vs_nx_server "$tls"
done
io_summary
