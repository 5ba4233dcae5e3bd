#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# examples_test: the NetX-style example programs (examples/psk_client.c, examples/psk_server.c) against each
# other and against OpenSSL's DTLS 1.2 s_server / s_client (PEERS.md), over 127.0.0.1 and ::1.
# Loopback only; free ports; every process bounded by `timeout`; only PIDs started here are killed.
set -u
build=${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR is not set}
client="$build/psk_client"
server="$build/psk_server"
work=$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-examples.XXXXXX")
pids=()
passed=0
failed=0
slow=1
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then slow=3; fi

cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    exec 7>&- 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

key=000102030405060708090a0b0c0d0e0f
id=netx-example

ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); for f in "$work"/*.out "$work"/*.err; do [ -s "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done; }

# wait_for FILE TEXT SECONDS: until FILE contains TEXT.
wait_for() {
    local i
    for ((i = 0; i < $3 * slow * 20; i++)); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

free_port() {
    python3 -c '
import socket
a = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
a.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
a.bind(("::", 0))
print(a.getsockname()[1])'
}

[ -x "$client" ] && [ -x "$server" ] || { echo "FAIL: examples not built"; exit 1; }

# 1. psk_server and psk_client, IPv4 then IPv6, two sessions then the server exits by itself.
rm -f "$work"/*
timeout $((30 * slow)) "$server" 0 "$key" "$id" 2 >"$work/server.out" 2>"$work/server.err" &
spid=$!
pids+=("$spid")
if wait_for "$work/server.out" "listening on port" 10; then
    port=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$work/server.out")
    for addr in 127.0.0.1 ::1; do
        out=$(timeout $((15 * slow)) "$client" "$addr" "$port" "$key" "$id" "echo over $addr" 1 2>"$work/client.err")
        if [ $? -eq 0 ] && [ "$out" = "echo over $addr" ]; then ok "psk_client <-> psk_server $addr"; else bad "psk_client <-> psk_server $addr"; fi
    done
    if wait "$spid" && grep -q "served 2 sessions" "$work/server.out"; then ok "psk_server served 2 sessions and exited"; else bad "psk_server exit"; fi
    out=$(timeout $((15 * slow)) "$client" 127.0.0.1 "$port" "$key" "$id" "nobody" 1 2>"$work/client.err")
    if [ $? -ne 0 ]; then ok "psk_client fails when no server listens"; else bad "psk_client with no server"; fi
else
    bad "psk_server did not start"
fi

# 2. A wrong key: the handshake fails (OpenSSL and nxdtls drop the undecryptable Finished).
rm -f "$work"/*
timeout $((30 * slow)) "$server" 0 "$key" "$id" 1 >"$work/server.out" 2>"$work/server.err" &
spid=$!
pids+=("$spid")
if wait_for "$work/server.out" "listening on port" 10; then
    port=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$work/server.out")
    timeout $((20 * slow)) "$client" 127.0.0.1 "$port" ffff0102030405060708090a0b0c0d0e "$id" "x" 1 >/dev/null 2>"$work/client.err"
    if [ $? -ne 0 ]; then ok "psk_client with a wrong key fails"; else bad "wrong key accepted"; fi
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
else
    bad "psk_server did not start (wrong key case)"
fi

if ! command -v openssl >/dev/null 2>&1; then
    echo "SKIP: openssl not installed; OpenSSL cases not run"
else
    # 3. psk_client -> openssl s_server, IPv4 and IPv6.
    for fam in 4 6; do
        rm -f "$work"/*
        port=$(free_port)
        if [ $fam = 4 ]; then accept="127.0.0.1:$port"; addr=127.0.0.1; else accept="[::1]:$port"; addr=::1; fi
        mkfifo "$work/in"
        exec 7<>"$work/in"
        timeout $((20 * slow)) openssl s_server -dtls1_2 -accept "$accept" -naccept 1 -quiet -nocert \
            -cipher PSK-AES128-CCM8 -psk "$key" -psk_identity "$id" <"$work/in" >"$work/ossl.out" 2>"$work/ossl.err" 7>&- &
        opid=$!
        pids+=("$opid")
        sleep 0.3
        timeout $((15 * slow)) "$client" "$addr" "$port" "$key" "$id" "to openssl over $addr" 0 >/dev/null 2>"$work/client.err"
        crc=$?
        if [ $crc -eq 0 ] && wait_for "$work/ossl.out" "to openssl over $addr" 5; then ok "psk_client -> openssl s_server $addr"; else bad "psk_client -> openssl s_server $addr"; fi
        exec 7>&-
        kill "$opid" 2>/dev/null
        wait "$opid" 2>/dev/null
    done

    # 4. openssl s_client -> psk_server, IPv4 and IPv6.
    for addr in 127.0.0.1 ::1; do
        rm -f "$work"/*
        timeout $((30 * slow)) "$server" 0 "$key" "$id" 1 >"$work/server.out" 2>"$work/server.err" &
        spid=$!
        pids+=("$spid")
        if ! wait_for "$work/server.out" "listening on port" 10; then bad "psk_server did not start"; continue; fi
        port=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$work/server.out")
        if [ "$addr" = ::1 ]; then connect="[::1]:$port"; else connect="$addr:$port"; fi
        mkfifo "$work/in"
        exec 7<>"$work/in"
        timeout $((20 * slow)) openssl s_client -dtls1_2 -connect "$connect" -quiet -no_ign_eof \
            -cipher PSK-AES128-CCM8 -psk_identity "$id" -psk "$key" <"$work/in" >"$work/ossl.out" 2>"$work/ossl.err" 7>&- &
        opid=$!
        pids+=("$opid")
        echo "from openssl over $addr" >&7
        if wait_for "$work/ossl.out" "from openssl over $addr" 10; then ok "openssl s_client -> psk_server $addr (echo)"; else bad "openssl s_client -> psk_server $addr"; fi
        exec 7>&- # EOF: s_client sends close_notify, the server counts the session and exits
        if wait "$spid" && grep -q "served 1 sessions" "$work/server.out"; then ok "psk_server saw openssl's close_notify ($addr)"; else bad "psk_server after openssl close ($addr)"; fi
        kill "$opid" 2>/dev/null
        wait "$opid" 2>/dev/null
    done
fi

echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
