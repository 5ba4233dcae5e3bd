#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli_test: the nxdtls command line. Usage errors exit 2 with a usage message, `nxdtls demo` exits 0
# with its summary, and a client that reaches nobody fails with exit 1 and a NetX code within --timeout.
set -u
NXDTLS="${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR must name the build directory}/nxdtls"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-cli.XXXXXX")"
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
ok() {
    PASSED=$((PASSED + 1))
    echo "ok   - $1"
}
bad() {
    FAILED=$((FAILED + 1))
    echo "FAIL - $1"
    for f in "$WORK"/out "$WORK"/err; do
        [ -s "$f" ] && sed 's/^/  | /' "$f" | head -n 20
    done
}

# expect STATUS NAME ARGS...: runs nxdtls ARGS (bounded, stdin empty) and checks the exit status.
expect() {
    local want="$1" name="$2"
    shift 2
    local rc=0
    timeout 20 "$NXDTLS" "$@" </dev/null >"$WORK/out" 2>"$WORK/err" || rc=$?
    if [ "$rc" -eq "$want" ]; then
        ok "$name (exit $rc)"
        return 0
    fi
    bad "$name: exit $rc, expected $want"
    return 1
}

# expect_usage NAME ARGS...: exit 2 and a usage line on stderr.
expect_usage() {
    local name="$1"
    shift
    if expect 2 "$name" "$@"; then
        if grep -q "usage:" "$WORK/err"; then
            ok "$name prints usage"
        else
            bad "$name: no usage message"
        fi
    fi
}

K=00112233445566778899aabbccddeeff
expect_usage "no command"
expect_usage "unknown command" frobnicate
expect_usage "client without address" client --psk "id:$K"
expect_usage "client bad address" client "127.0.0.1" --psk "id:$K"
expect_usage "client bad port" client "127.0.0.1:70000" --psk "id:$K"
expect_usage "client unknown option" client 127.0.0.1:4433 --psk "id:$K" --bogus
expect_usage "client two addresses" client 127.0.0.1:4433 127.0.0.1:4434 --psk "id:$K"
expect_usage "client unknown cipher" client 127.0.0.1:4433 --psk "id:$K" --ciphers TLS_PSK_WITH_NOTHING
expect_usage "client second cipher unknown" client 127.0.0.1:4433 --psk "id:$K" \
    --ciphers TLS_PSK_WITH_AES_128_CCM_8,PSK-AES128-CCM8
expect_usage "client --mtu below 256" client 127.0.0.1:4433 --psk "id:$K" --mtu 100
expect_usage "client --timeout not a number" client 127.0.0.1:4433 --psk "id:$K" --timeout soon
expect_usage "client --psk not hex" client 127.0.0.1:4433 --psk "id:00zz"
expect_usage "client --psk without key" client 127.0.0.1:4433 --psk "id"
expect_usage "client --psk odd hex" client 127.0.0.1:4433 --psk "id:abc"
expect_usage "client without credentials" client 127.0.0.1:4433
expect_usage "client --message without value" client 127.0.0.1:4433 --psk "id:$K" --message
expect_usage "server unknown cipher" server --psk "id:$K" --ciphers TLS_BOGUS
expect_usage "server --max-sessions 0" server --psk "id:$K" --max-sessions 0
expect_usage "server bad --listen" server --psk "id:$K" --listen "[::1:4433"
expect_usage "server unknown option" server --psk "id:$K" --frob
expect_usage "server without credentials" server --listen 127.0.0.1:0
expect_usage "demo unknown option" demo --frob
expect 0 "--help" --help
expect 0 "client --help" client --help
expect 0 "server --help" server --help

# The demo: handshake, a message each way, clean close, and the summary lines.
if expect 0 "demo" demo; then
    for line in "nxdtls demo: PSK handshake over loopback UDP 127.0.0.1:" "suite       TLS_PSK_WITH_" \
        "handshake   " "data        client -> server 34 bytes, server -> client 39 bytes" "datagrams   " \
        "close       clean (close_notify)" "result      OK"; do
        if grep -qF -- "$line" "$WORK/out"; then
            ok "demo summary has '$line'"
        else
            bad "demo summary lacks '$line'"
        fi
    done
fi

# A closed port: loopback answers with ICMP port unreachable, which the connected socket reports as
# ECONNREFUSED: NX_NOT_CONNECTED (0x38) at once (docs/netx-api.md C9), long before --timeout.
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s%N)
if expect 1 "client to a closed port" client "127.0.0.1:$port" --psk "id:$K" --timeout 3000 --message hi; then
    took=$((($(date +%s%N) - start) / 1000000))
    if grep -qF "error: NX_NOT_CONNECTED (0x38)" "$WORK/err"; then
        ok "closed port reports NX_NOT_CONNECTED (0x38) after ${took} ms"
    else
        bad "closed port: no 'error: NX_NOT_CONNECTED (0x38)'"
    fi
    if [ "$took" -lt 3000 ]; then
        ok "closed port fails within --timeout"
    else
        bad "closed port took ${took} ms, --timeout was 3000"
    fi
fi

# A port that swallows everything: the handshake times out after --timeout with NX_NO_PACKET (0x01).
timeout 20 python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(15)
' >"$WORK/sink_port" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/sink_port" ] && break; sleep 0.05; done
port=$(cat "$WORK/sink_port")
start=$(date +%s%N)
if expect 1 "client to a silent port" client "127.0.0.1:$port" --psk "id:$K" --timeout 1500 --message hi; then
    took=$((($(date +%s%N) - start) / 1000000))
    if grep -qF "error: NX_NO_PACKET (0x1)" "$WORK/err"; then
        ok "silent port reports NX_NO_PACKET (0x1) after ${took} ms"
    else
        bad "silent port: no 'error: NX_NO_PACKET (0x1)'"
    fi
fi

# nxdtls against itself: a server with one slot. Client A holds the slot open; client B gets the "no
# free slot" answer, a plaintext fatal internal_error alert (docs/netx-api.md 7.4 step 4):
# NX_SECURE_TLS_ALERT_RECEIVED (0x114). Once A has closed, the slot is free again for client C.
# The key log of A must hold one NSS line per session.
"$NXDTLS" server --listen 127.0.0.1:0 --psk "id:$K" --max-sessions 1 --workers 1 --echo </dev/null \
    >"$WORK/srv_out" 2>"$WORK/srv_err" &
srv_pid=$!
PIDS+=($srv_pid)
for _ in $(seq 100); do grep -q "listening on" "$WORK/srv_err" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$WORK/srv_err")
mkfifo "$WORK/a_in"
exec 7<>"$WORK/a_in"
(exec 7>&-; exec timeout 20 "$NXDTLS" client "127.0.0.1:$port" --psk "id:$K" --wait 0 \
    --keylog "$WORK/keys" <"$WORK/a_in" >"$WORK/a_out" 2>"$WORK/a_err") &
a_pid=$!
PIDS+=($a_pid)
echo "from A" >&7
for _ in $(seq 100); do grep -q "from A" "$WORK/a_out" 2>/dev/null && break; sleep 0.05; done
if grep -qx "from A" "$WORK/a_out"; then ok "client A: echo through the only slot"; else bad "client A: no echo"; fi
if expect 1 "client B while the only slot is taken" client "127.0.0.1:$port" --psk "id:$K" --timeout 3000 \
    --message "from B"; then
    if grep -qF "error: NX_SECURE_TLS_ALERT_RECEIVED (0x114): peer sent fatal alert internal_error (80)" \
        "$WORK/err"; then
        ok "client B reports the internal_error alert"
    else
        bad "client B: no 'NX_SECURE_TLS_ALERT_RECEIVED (0x114)' with internal_error"
    fi
fi
exec 7>&-
rc=0
wait "$a_pid" || rc=$?
if [ "$rc" -eq 0 ]; then ok "client A closes cleanly (exit 0)"; else bad "client A exit $rc"; fi
if grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$WORK/keys" && [ "$(wc -l <"$WORK/keys")" -eq 1 ]; then
    ok "--keylog wrote one NSS CLIENT_RANDOM line"
else
    bad "--keylog file: $(head -c 300 "$WORK/keys" 2>/dev/null)"
fi
if expect 0 "client C after A closed" client "127.0.0.1:$port" --psk "id:$K" --wait 2000 --message "from C"; then
    if [ "$(cat "$WORK/out")" = "from C" ]; then ok "client C: echo"; else bad "client C: echo missing"; fi
fi

# The server ends: on SIGTERM it sends close_notify to every session, and a client whose peer closed
# exits 0 at once, without waiting for its own input to end.
mkfifo "$WORK/d_in"
exec 7<>"$WORK/d_in"
(exec 7>&-; exec timeout 20 "$NXDTLS" client "127.0.0.1:$port" --psk "id:$K" <"$WORK/d_in" \
    >"$WORK/d_out" 2>"$WORK/d_err") &
d_pid=$!
PIDS+=($d_pid)
echo "from D" >&7
for _ in $(seq 100); do grep -q "from D" "$WORK/d_out" 2>/dev/null && break; sleep 0.05; done
kill -TERM "$srv_pid"
rc=0
wait "$srv_pid" || rc=$?
if [ "$rc" -eq 0 ]; then ok "server exits 0 on SIGTERM"; else bad "server exit $rc on SIGTERM"; fi
rc=0
wait "$d_pid" || rc=$?
if [ "$rc" -eq 0 ] && grep -qx "from D" "$WORK/d_out"; then
    ok "client D exits 0 when the server closes"
else
    bad "client D: exit $rc after the server closed"
fi
exec 7>&-

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
