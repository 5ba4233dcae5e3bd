#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# gnutls_psk_test: nxdtls against GnuTLS 3.7 (`gnutls-serv --udp --echo` / `gnutls-cli --udp`) with every
# PSK suite both support, both roles, with and without cookies on our server (gnutls-serv always sends a
# HelloVerifyRequest), data both ways checked byte-exact, IPv4 and IPv6, a small MTU, and a wrong key.
# Peer command lines and quirks: docs/peers.md. gnutls-serv can only echo in UDP mode, so against
# it "a line each way" is our line coming back unchanged.
source "$(dirname "$0")/interop_lib.sh"
io_require gnutls-serv gnutls-cli ss python3

PRIO="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:-MAC-ALL:-KX-ALL:+PSK"
# IANA name (ours), a tag, and the GnuTLS priority pieces selecting exactly that suite.
SUITES=(
    "TLS_PSK_WITH_AES_128_CCM_8 ccm8 +AES-128-CCM-8:+AEAD"
    "TLS_PSK_WITH_AES_128_CCM ccm +AES-128-CCM:+AEAD"
    "TLS_PSK_WITH_AES_128_GCM_SHA256 gcm128 +AES-128-GCM:+AEAD"
    "TLS_PSK_WITH_AES_256_GCM_SHA384 gcm256 +AES-256-GCM:+AEAD"
    "TLS_PSK_WITH_AES_128_CBC_SHA256 cbc-sha256 +AES-128-CBC:+SHA256"
    "TLS_PSK_WITH_AES_128_CBC_SHA cbc-sha1 +AES-128-CBC:+SHA1"
)

T=8 # seconds any one process may live

# nx_client_vs_serv IANA PIECES HOST [NX_OPTS...] [-- SERV_OPTS...]
# nxdtls client -> gnutls-serv --echo: our line comes back byte-exact; our stdin EOF sends close_notify
# and we exit 0 (gnutls-serv keeps running until the case ends it).
nx_client_vs_serv() {
    local iana="$1" pieces="$2" host="$3"
    shift 3
    local nx_opts=() peer_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    peer_opts=("$@")
    local port
    port=$(io_free_port both) || { io_fail "no free port"; return 1; }
    printf '%s:%s\n' "$PSK_ID" "${SERV_KEY:-$PSK_KEY}" >"$CASE/psk.txt"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T gnutls-serv --udp --echo -p "$port" \
        --priority "$PRIO:$pieces" --pskpasswd "$CASE/psk.txt" ${peer_opts[@]+"${peer_opts[@]}"}
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "gnutls-serv did not start"; return 1; }
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "$host:$port" \
        --psk "$PSK_ID:$PSK_KEY" --ciphers "$iana" --wait 0 --timeout 4000 ${nx_opts[@]+"${nx_opts[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping $iana" >&8
    io_wait_for "$CASE/c_out" "ping $iana" 4 "$spid" "$cpid" ||
        { io_fail "no echo from gnutls-serv"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    grep -q "error:" "$CASE/c_err" && { io_fail "nxdtls client printed an error"; return 1; }
    io_expect_file "$CASE/c_out" "ping $iana\n"
}

# cli_vs_nx_server IANA PIECES HOST CLI_HOST [NX_OPTS...] [-- CLI_OPTS...]
# gnutls-cli -> nxdtls server --once: a distinct line each way; gnutls-cli's stdin EOF sends
# close_notify and our server exits 0.
cli_vs_nx_server() {
    local iana="$1" pieces="$2" host="$3" cli_host="$4"
    shift 4
    local nx_opts=() peer_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do nx_opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    peer_opts=("$@")
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen "$host:0" \
        --psk "$PSK_ID:$PSK_KEY" --ciphers "$iana" --once ${nx_opts[@]+"${nx_opts[@]}"}
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T gnutls-cli --udp -p "$port" "$cli_host" \
        --priority "$PRIO:$pieces" --pskusername "$PSK_ID" --pskkey "${CLI_KEY:-$PSK_KEY}" \
        --logfile "$CASE/c_log" ${peer_opts[@]+"${peer_opts[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping gnutls" >&8
    io_wait_for "$CASE/s_out" "ping gnutls" 4 "$spid" "$cpid" ||
        { io_fail "we did not get gnutls-cli's line"; return 1; }
    echo "pong $iana" >&7
    io_wait_for "$CASE/c_out" "pong $iana" 4 "$spid" "$cpid" ||
        { io_fail "gnutls-cli did not get our line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "gnutls-cli exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/s_out" "ping gnutls\n" || return 1
    io_expect_file "$CASE/c_out" "pong $iana\n"
}

# Wrong key, nxdtls client: gnutls-serv answers a Finished it cannot decrypt with nothing (docs/peers.md), so
# our client retransmits until --timeout: NX_NO_PACKET (0x01), NetX's code for silence.
nx_client_wrong_key() {
    local port
    port=$(io_free_port both) || { io_fail "no free port"; return 1; }
    printf '%s:%s\n' "$PSK_ID" "$PSK_KEY" >"$CASE/psk.txt"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T gnutls-serv --udp --echo -p "$port" \
        --priority "$PRIO:+AES-128-CCM-8:+AEAD" --pskpasswd "$CASE/psk.txt"
    io_wait_listen "$port" 3 || { io_fail "gnutls-serv did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --psk "$PSK_ID:$PSK_BAD_KEY" --timeout 2500 --message "never"
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc, expected 1"; return 1; }
    grep -q "error: $WRONG_KEY_CLIENT_CODE" "$CASE/c_err" ||
        { io_fail "client did not report $WRONG_KEY_CLIENT_CODE"; return 1; }
    [ ! -s "$CASE/c_out" ] || { io_fail "client printed application data"; return 1; }
}

# Wrong key, nxdtls server: gnutls-cli's Finished record fails its MAC check under our keys. During the
# handshake that is a Finished failure (docs/netx-api.md 7.3): NX_SECURE_TLS_FINISHED_HASH_FAILURE (0x115),
# and the fatal alert 7.8 maps it to, decrypt_error (51); gnutls-cli fails (exit 1). CBC-SHA256 here
# (an HMAC failure), GCM in the OpenSSL test (an AEAD tag failure): both must give 0x115.
cli_wrong_key() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --psk "$PSK_ID:$PSK_KEY" --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T gnutls-cli --udp -p "$port" 127.0.0.1 \
        --priority "$PRIO:+AES-128-CBC:+SHA256" --pskusername "$PSK_ID" --pskkey "$PSK_BAD_KEY" \
        --logfile "$CASE/c_log"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    grep -q "error: $WRONG_KEY_SERVER_CODE" "$CASE/s_err" ||
        { io_fail "server did not report $WRONG_KEY_SERVER_CODE"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -ne 0 ] || { io_fail "gnutls-cli exited 0 with a wrong key"; return 1; }
    grep -q "Received alert \[51\]" "$CASE/c_log" || { io_fail "gnutls-cli saw no decrypt_error alert"; return 1; }
    [ ! -s "$CASE/s_out" ] || { io_fail "we printed application data"; return 1; }
}

# The codes observed with a wrong key (see the functions above for why each is the right one).
WRONG_KEY_CLIENT_CODE="NX_NO_PACKET (0x1)"
WRONG_KEY_SERVER_CODE="NX_SECURE_TLS_FINISHED_HASH_FAILURE (0x115)"

for row in "${SUITES[@]}"; do
    set -- $row
    io_case "nxdtls client -> gnutls-serv $2 (IPv4)" nx_client_vs_serv "$1" "$3" 127.0.0.1
    io_case "gnutls-cli $2 -> nxdtls server, cookies (IPv4)" cli_vs_nx_server "$1" "$3" 127.0.0.1 127.0.0.1
    io_case "gnutls-cli $2 -> nxdtls server, no cookie (IPv4)" cli_vs_nx_server "$1" "$3" 127.0.0.1 \
        127.0.0.1 --no-cookie
done
io_case "nxdtls client -> gnutls-serv cbc-sha256 (IPv6)" nx_client_vs_serv \
    TLS_PSK_WITH_AES_128_CBC_SHA256 "+AES-128-CBC:+SHA256" "[::1]"
io_case "gnutls-cli gcm128 -> nxdtls server, no cookie (IPv6)" cli_vs_nx_server \
    TLS_PSK_WITH_AES_128_GCM_SHA256 "+AES-128-GCM:+AEAD" "[::1]" ::1 --no-cookie
io_case "nxdtls client --mtu 256 -> gnutls-serv --mtu 256 ccm8" nx_client_vs_serv \
    TLS_PSK_WITH_AES_128_CCM_8 "+AES-128-CCM-8:+AEAD" 127.0.0.1 --mtu 256 -- --mtu 256
io_case "gnutls-cli --mtu 300 cbc-sha1 -> nxdtls server --mtu 300" cli_vs_nx_server \
    TLS_PSK_WITH_AES_128_CBC_SHA "+AES-128-CBC:+SHA1" 127.0.0.1 127.0.0.1 --mtu 300 -- --mtu 300
# RFC 4279 2: the hint is advisory. A --psk without --psk-hint serves servers that send any hint.
io_case "nxdtls client (no --psk-hint) -> gnutls-serv --pskhint \"any hint: 7\"" nx_client_vs_serv \
    TLS_PSK_WITH_AES_128_GCM_SHA256 "+AES-128-GCM:+AEAD" 127.0.0.1 -- --pskhint "any hint: 7"
io_case "nxdtls client --psk-hint -> gnutls-serv --pskhint (same hint)" nx_client_vs_serv \
    TLS_PSK_WITH_AES_128_CCM_8 "+AES-128-CCM-8:+AEAD" 127.0.0.1 --psk-hint nx-hint -- --pskhint nx-hint
io_case "wrong key: nxdtls client -> gnutls-serv" nx_client_wrong_key
io_case "wrong key: gnutls-cli -> nxdtls server" cli_wrong_key
io_summary
