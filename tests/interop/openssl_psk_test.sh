#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# openssl_psk_test: nxdtls against OpenSSL 3 (`openssl s_server` / `s_client -dtls1_2`) with every PSK
# suite both support, both roles, with and without cookies on our server (s_server always sends a
# HelloVerifyRequest), a line each way checked byte-exact, IPv4 and IPv6, a small MTU (also with
# s_client's default suites, whose cookie'd ClientHello it fragments across datagrams), and a wrong key.
# Peer command lines and quirks: docs/peers.md.
source "$(dirname "$0")/interop_lib.sh"
io_require openssl ss python3

# IANA name (ours) and OpenSSL name of each PSK suite (RFC 4279, 5487, 6655).
SUITES=(
    "TLS_PSK_WITH_AES_128_CCM_8 PSK-AES128-CCM8"
    "TLS_PSK_WITH_AES_128_CCM PSK-AES128-CCM"
    "TLS_PSK_WITH_AES_128_GCM_SHA256 PSK-AES128-GCM-SHA256"
    "TLS_PSK_WITH_AES_256_GCM_SHA384 PSK-AES256-GCM-SHA384"
    "TLS_PSK_WITH_AES_128_CBC_SHA256 PSK-AES128-CBC-SHA256"
    "TLS_PSK_WITH_AES_128_CBC_SHA PSK-AES128-CBC-SHA"
)

T=8 # seconds any one process may live

# nx_client_vs_s_server IANA OSSL HOST FAMILY [NX_OPTS...] [-- S_SERVER_OPTS...]
# nxdtls client -> openssl s_server. A line each way: ours goes to s_server's stdout, s_server's stdin
# line comes back on our stdout; then our stdin EOF makes us send close_notify and exit 0, and s_server
# (-naccept 1) exits 0 after it.
nx_client_vs_s_server() {
    local iana="$1" ossl="$2" host="$3" fam="$4"
    shift 4
    local nx_opts=() peer_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    peer_opts=("$@")
    local port
    port=$(io_free_port "$fam") || { io_fail "no free port"; return 1; }
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "$host:$port" -naccept 1 -quiet -cipher "$ossl" -nocert -psk "$PSK_KEY" \
        -psk_identity "$PSK_ID" ${peer_opts[@]+"${peer_opts[@]}"}
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "s_server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "$host:$port" \
        --psk "$PSK_ID:$PSK_KEY" --ciphers "$iana" --wait 0 --timeout 4000 ${nx_opts[@]+"${nx_opts[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping $iana" >&8
    io_wait_for "$CASE/s_out" "ping $iana" 4 "$spid" "$cpid" ||
        { io_fail "s_server did not get our line"; return 1; }
    echo "pong $ossl" >&7
    io_wait_for "$CASE/c_out" "pong $ossl" 4 "$spid" "$cpid" ||
        { io_fail "we did not get s_server's line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    grep -q "error:" "$CASE/c_err" && { io_fail "nxdtls client printed an error"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_server exited $rc"; return 1; }
    io_expect_file "$CASE/c_out" "pong $ossl\n" || return 1
    io_expect_file "$CASE/s_out" "ping $iana\n" || return 1
}

# s_client_vs_nx_server IANA OSSL HOST [NX_OPTS...] [-- S_CLIENT_OPTS...]
# openssl s_client -> nxdtls server --once. s_client's line reaches our stdout; our stdin line reaches
# s_client's stdout; s_client's stdin EOF makes it send close_notify, and our server exits 0.
s_client_vs_nx_server() {
    local iana="$1" ossl="$2" host="$3"
    shift 3
    local nx_opts=() peer_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    peer_opts=("$@")
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen "$host:0" \
        --psk "$PSK_ID:$PSK_KEY" --ciphers "$iana" --once ${nx_opts[@]+"${nx_opts[@]}"}
    local spid=$IO_LAST_PID
    local port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "$host:$port" -cipher "$ossl" -quiet -no_ign_eof -psk_identity "$PSK_ID" -psk "$PSK_KEY" \
        ${peer_opts[@]+"${peer_opts[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping $ossl" >&8
    io_wait_for "$CASE/s_out" "ping $ossl" 4 "$spid" "$cpid" ||
        { io_fail "we did not get s_client's line"; return 1; }
    echo "pong $iana" >&7
    io_wait_for "$CASE/c_out" "pong $iana" 4 "$spid" "$cpid" ||
        { io_fail "s_client did not get our line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/s_out" "ping $ossl\n" || return 1
    io_expect_file "$CASE/c_out" "pong $iana\n" || return 1
}

# s_client_vs_nx_echo: s_client -> nxdtls server --echo; the line comes back unchanged.
s_client_vs_nx_echo() {
    local iana="$1" ossl="$2"
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "$PSK_ID:$PSK_KEY" --ciphers "$iana" --once --echo
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -cipher "$ossl" -quiet -no_ign_eof -psk_identity "$PSK_ID" -psk "$PSK_KEY"
    local cpid=$IO_LAST_PID
    echo "echo me $ossl" >&8
    io_wait_for "$CASE/c_out" "echo me $ossl" 4 "$spid" "$cpid" ||
        { io_fail "no echo"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/c_out" "echo me $ossl\n"
}

# second_hello_records MSGFILE: prints how many records s_client's second ClientHello took. -msg prints
# every record header it sends or receives as a 13-byte "[length 000d]" block; the records sent between
# the HelloVerifyRequest (an incoming block starting with handshake type 03) and the next incoming record
# carry the second hello.
second_hello_records() {
    python3 - "$1" <<'EOF'
import sys
state, count, hexes, head = 0, 0, [], None
def block(head, hexes):
    global state, count
    if head is None or not hexes:
        return
    incoming, header = head.startswith("<<<"), "[length 000d]" in head
    if state == 0 and incoming and not header and hexes[0] == "03":
        state = 1
    elif state == 1 and incoming:
        state = 2
    elif state == 1 and header and hexes[0] == "16":
        count += 1
for line in open(sys.argv[1], errors="replace"):
    if line.startswith(">>>") or line.startswith("<<<"):
        block(head, hexes)
        head, hexes = line, []
    elif head is not None:
        hexes += line.split()
block(head, hexes)
print(count)
EOF
}

# s_client_default_suites_vs_nx_server MTU: s_client -mtu MTU with its default cipher list (no -cipher:
# about 50 suites, so its ClientHello is about 230 bytes and, with the 32-byte cookie added, the second
# one no longer fits a 300-byte MTU: OpenSSL fragments it over two datagrams) -> nxdtls server with its
# default suites. The server must answer fragment 0 with one HelloVerifyRequest, take the slot on the
# cookie'd fragment 0 and complete the hello from the next datagram (RFC 6347 4.2.1, 4.2.3); then a line
# each way, byte-exact.
s_client_default_suites_vs_nx_server() {
    local mtu="$1"
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "$PSK_ID:$PSK_KEY" --once -v
    local spid=$IO_LAST_PID
    local port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -mtu "$mtu" -quiet -no_ign_eof -psk_identity "$PSK_ID" -psk "$PSK_KEY" \
        -msg -msgfile "$CASE/c_msg"
    local cpid=$IO_LAST_PID
    echo "ping default suites" >&8
    io_wait_for "$CASE/s_out" "ping default suites" 4 "$spid" "$cpid" ||
        { io_fail "we did not get s_client's line"; return 1; }
    echo "pong default suites" >&7
    io_wait_for "$CASE/c_out" "pong default suites" 4 "$spid" "$cpid" ||
        { io_fail "s_client did not get our line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/s_out" "ping default suites\n" || return 1
    io_expect_file "$CASE/c_out" "pong default suites\n" || return 1
    local records hvrs
    records=$(second_hello_records "$CASE/c_msg")
    [ "${records:-0}" -ge 2 ] ||
        { io_fail "second ClientHello in ${records:-?} record(s): not fragmented, the case proves nothing"; return 1; }
    hvrs=$(grep -c "HelloVerifyRequest to" "$CASE/s_err")
    [ "$hvrs" -eq 1 ] || { io_fail "$hvrs HelloVerifyRequests sent, expected 1"; return 1; }
    grep -q "handshake done" "$CASE/s_err" || { io_fail "no handshake done in the server log"; return 1; }
}

# nx_client_fails CODE NX_KEY [NX_OPTS...] [-- S_SERVER_OPTS...]: nxdtls client -> s_server must fail with
# exit 1 and print CODE, and s_server must never see application data.
nx_client_fails() {
    local code="$1" key="$2"
    shift 2
    local nx_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    mkfifo "$CASE/s_in"
    exec 7<>"$CASE/s_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "127.0.0.1:$port" -naccept 1 -quiet -cipher PSK-AES128-GCM-SHA256 -nocert -psk "$PSK_KEY" \
        -psk_identity "$PSK_ID" "$@"
    io_wait_listen "$port" 3 || { io_fail "s_server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --psk "$PSK_ID:$key" --timeout 2500 --message "never" ${nx_opts[@]+"${nx_opts[@]}"}
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc, expected 1"; return 1; }
    grep -q "error: $code" "$CASE/c_err" || { io_fail "client did not report $code"; return 1; }
    [ ! -s "$CASE/s_out" ] || { io_fail "s_server printed application data"; return 1; }
}

# Wrong key, nxdtls client: s_server cannot decrypt our Finished and drops it silently (docs/peers.md), so no
# alert ever comes; our client resends its flight until --timeout ends the handshake: NX_NO_PACKET
# (0x01), the code NetX's start service gives for silence.
nx_client_wrong_key() {
    nx_client_fails "NX_NO_PACKET (0x1)" "$PSK_BAD_KEY"
}

# A hint from s_server other than the one our only PSK is tied to (--psk-hint): docs/netx-api.md 7.6 has
# the client fail only when every entry has a hint and none is the server's: NX_SECURE_TLS_NO_MATCHING_PSK
# (0x126), with an unknown_psk_identity alert. (Without --psk-hint the same client connects: a case below.)
nx_client_no_matching_hint() {
    nx_client_fails "NX_SECURE_TLS_NO_MATCHING_PSK (0x126)" "$PSK_KEY" --psk-hint our-hint -- \
        -psk_hint "their-hint"
}

# Wrong key, nxdtls server: s_client's Finished record fails its AEAD tag check under our keys. During
# the handshake that is a Finished failure (docs/netx-api.md 7.3): NX_SECURE_TLS_FINISHED_HASH_FAILURE
# (0x115), with the fatal alert 7.8 maps it to, decrypt_error (51), which s_client reports ("tlsv1 alert
# decrypt error") before it exits 1.
s_client_wrong_key() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "$PSK_ID:$PSK_KEY" --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -cipher PSK-AES128-GCM-SHA256 -quiet -no_ign_eof \
        -psk_identity "$PSK_ID" -psk "$PSK_BAD_KEY"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    grep -q "error: $WRONG_KEY_SERVER_CODE" "$CASE/s_err" ||
        { io_fail "server did not report $WRONG_KEY_SERVER_CODE"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -ne 0 ] || { io_fail "s_client exited 0 with a wrong key"; return 1; }
    grep -q "SSL alert number 51" "$CASE/c_err" || { io_fail "s_client saw no decrypt_error alert"; return 1; }
    [ ! -s "$CASE/s_out" ] || { io_fail "we printed application data"; return 1; }
}

# The code observed on our server with a wrong key (see s_client_wrong_key for why it is the right one).
WRONG_KEY_SERVER_CODE="NX_SECURE_TLS_FINISHED_HASH_FAILURE (0x115)"

for row in "${SUITES[@]}"; do
    set -- $row
    io_case "nxdtls client -> s_server $2 (IPv4)" nx_client_vs_s_server "$1" "$2" 127.0.0.1 4
    io_case "s_client $2 -> nxdtls server, cookies (IPv4)" s_client_vs_nx_server "$1" "$2" 127.0.0.1
    io_case "s_client $2 -> nxdtls server, no cookie (IPv4)" s_client_vs_nx_server "$1" "$2" 127.0.0.1 \
        --no-cookie
done
io_case "nxdtls client -> s_server PSK-AES128-GCM-SHA256 (IPv6)" nx_client_vs_s_server \
    TLS_PSK_WITH_AES_128_GCM_SHA256 PSK-AES128-GCM-SHA256 "[::1]" 6
io_case "s_client PSK-AES128-CCM8 -> nxdtls server, cookies (IPv6)" s_client_vs_nx_server \
    TLS_PSK_WITH_AES_128_CCM_8 PSK-AES128-CCM8 "[::1]"
io_case "nxdtls client --mtu 256 -> s_server -mtu 256 PSK-AES128-CBC-SHA256" nx_client_vs_s_server \
    TLS_PSK_WITH_AES_128_CBC_SHA256 PSK-AES128-CBC-SHA256 127.0.0.1 4 --mtu 256 -- -mtu 256
io_case "s_client -mtu 300 PSK-AES256-GCM-SHA384 -> nxdtls server --mtu 300" s_client_vs_nx_server \
    TLS_PSK_WITH_AES_256_GCM_SHA384 PSK-AES256-GCM-SHA384 127.0.0.1 --mtu 300 -- -mtu 300
io_case "s_client -mtu 300, default suites (hello fragmented) -> nxdtls server" \
    s_client_default_suites_vs_nx_server 300
io_case "s_client -> nxdtls server --echo" s_client_vs_nx_echo TLS_PSK_WITH_AES_128_CBC_SHA PSK-AES128-CBC-SHA
io_case "nxdtls client --psk-hint -> s_server -psk_hint (same hint)" nx_client_vs_s_server \
    TLS_PSK_WITH_AES_128_GCM_SHA256 PSK-AES128-GCM-SHA256 127.0.0.1 4 --psk-hint nx-hint -- -psk_hint nx-hint
io_case "s_client -> nxdtls server --psk-hint" s_client_vs_nx_server TLS_PSK_WITH_AES_128_GCM_SHA256 \
    PSK-AES128-GCM-SHA256 127.0.0.1 --psk-hint nx-hint
# RFC 4279 2: the hint is advisory. A --psk without --psk-hint serves servers that send any hint.
io_case "nxdtls client (no --psk-hint) -> s_server -psk_hint \"arbitrary hint 42\"" nx_client_vs_s_server \
    TLS_PSK_WITH_AES_128_CCM_8 PSK-AES128-CCM8 127.0.0.1 4 -- -psk_hint "arbitrary hint 42"
io_case "hint mismatch: nxdtls client --psk-hint -> s_server -psk_hint (another)" nx_client_no_matching_hint
io_case "wrong key: nxdtls client -> s_server" nx_client_wrong_key
io_case "wrong key: s_client -> nxdtls server" s_client_wrong_key
io_summary
