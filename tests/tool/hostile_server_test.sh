#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hostile_server_test: the end-to-end findings of docs/security.md against a running `nxdtls server` over loopback
# (docs/security.md), with tests/tool/hostile_peer.c as victim and attacker:
#   - reflected amplification: 200 forged fragments of a client's cookie'd hello, sent with its address, get
#     at most 1 byte back per spoofed datagram (the old server answered each with its whole flight);
#   - slot exhaustion: with all 16 slots held by handshakes from real addresses 127.0.0.2..5 that stopped
#     after the cookie exchange, `nxdtls client` still completes (was: internal_error);
#   - a replayed cookie'd ClientHello does not take a live association's address;
#   - --idle-timeout: a quiet session is closed by the server (close_notify), the client exits at once.
set -u
BUILD="${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR must name the build directory}"
NXDTLS="$BUILD/nxdtls"
PEER="$BUILD/tests/hostile_peer"
K=000102030405060708090a0b0c0d0e0f
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-hostile.XXXXXX")"
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
    for f in "$@"; do
        [ -f "$f" ] && [ -s "$f" ] && sed 's/^/  | /' "$f" | head -n 20
    done
}

if [ ! -x "$PEER" ]; then
    echo "FAIL: $PEER not built"
    exit 1
fi

# start_server NAME ARGS...: an echo server on a free port; sets PORT and SRV_PID.
start_server() {
    local name="$1"
    shift
    # One worker: the slot limits below are a single session table's (--workers gives each its own).
    "$NXDTLS" server --listen 127.0.0.1:0 --psk "id:$K" --echo -v --workers 1 "$@" </dev/null \
        >"$WORK/$name.out" 2>"$WORK/$name.err" &
    SRV_PID=$!
    PIDS+=($SRV_PID)
    for _ in $(seq 100); do grep -q "listening on" "$WORK/$name.err" 2>/dev/null && break; sleep 0.05; done
    PORT=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$WORK/$name.err")
}

start_server main
if [ -z "$PORT" ]; then
    bad "server did not start" "$WORK/main.err"
    exit 1
fi

# Amplification.
if timeout 20 "$PEER" amplify "$PORT" 200 >"$WORK/amp" 2>&1; then
    back=$(sed -n 's/.*datagrams, \([0-9]*\) bytes back.*/\1/p' "$WORK/amp")
    echo "     $(cat "$WORK/amp")"
    if [ -n "$back" ] && [ "$back" -le 200 ]; then
        ok "amplification: $back bytes back for 200 spoofed datagrams (<= 1 per datagram)"
    else
        bad "amplification: ${back:-?} bytes back for 200 spoofed datagrams" "$WORK/amp"
    fi
else
    bad "amplify run failed" "$WORK/amp"
fi

# Replayed hello.
if timeout 20 "$PEER" replay "$PORT" >"$WORK/replay" 2>&1; then
    ok "replayed ClientHello: $(cat "$WORK/replay")"
else
    bad "replayed ClientHello took the live association's address" "$WORK/replay"
fi

# Slot exhaustion: 16 half-open handshakes from 4 real addresses, held while the legitimate client connects.
mkfifo "$WORK/fill_in"
exec 7<>"$WORK/fill_in"
(exec 7>&-; exec timeout 60 "$PEER" fill "$PORT" 16 4 <"$WORK/fill_in" >"$WORK/fill" 2>&1) &
fill_pid=$!
PIDS+=($fill_pid)
for _ in $(seq 200); do grep -q "^filled" "$WORK/fill" 2>/dev/null && break; sleep 0.05; done
if grep -q "^filled 16 of 16" "$WORK/fill"; then
    ok "16 slots filled with half-open handshakes from 127.0.0.2..5"
else
    bad "could not fill the slots" "$WORK/fill"
fi
rc=0
timeout 20 "$NXDTLS" client "127.0.0.1:$PORT" --psk "id:$K" --message "legit" --wait 1000 -v \
    </dev/null >"$WORK/legit.out" 2>"$WORK/legit.err" || rc=$?
took=$(sed -n 's/.*handshake done: .* in \([0-9.]*\) ms$/\1/p' "$WORK/legit.err")
if [ "$rc" -eq 0 ] && [ "$(cat "$WORK/legit.out")" = "legit" ]; then
    ok "legitimate client completes with every slot half-open (handshake ${took:-?} ms)"
else
    bad "legitimate client with every slot half-open: exit $rc" "$WORK/legit.err"
fi
exec 7>&-
wait "$fill_pid" 2>/dev/null
if grep -q "unfinished handshake ended to make room" "$WORK/main.err"; then
    ok "the server logged the eviction"
else
    bad "no eviction logged" "$WORK/main.err"
fi

# Idle timeout: the server closes a session quiet for 300 ms; the client, waiting up to 8 s for more data,
# exits as soon as the close_notify arrives.
start_server idle --idle-timeout 300
start=$(date +%s%N)
rc=0
timeout 20 "$NXDTLS" client "127.0.0.1:$PORT" --psk "id:$K" --message "hello" --wait 8000 \
    </dev/null >"$WORK/quiet.out" 2>"$WORK/quiet.err" || rc=$?
took=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -eq 0 ] && [ "$took" -lt 6000 ] && [ "$(cat "$WORK/quiet.out")" = "hello" ]; then
    ok "--idle-timeout 300: the server closed the quiet session (client done after $took ms)"
else
    bad "--idle-timeout: client exit $rc after $took ms" "$WORK/quiet.err" "$WORK/idle.err"
fi
for _ in $(seq 100); do grep -q "NX_NO_PACKET" "$WORK/idle.err" 2>/dev/null && break; sleep 0.05; done
if grep -q "NX_NO_PACKET" "$WORK/idle.err"; then
    ok "the server reports the idle session (NX_NO_PACKET)"
else
    bad "the server did not report the idle session" "$WORK/idle.err"
fi
if ! "$NXDTLS" server --idle-timeout 0 --psk "id:$K" </dev/null >/dev/null 2>&1; then
    ok "--idle-timeout 0 is a usage error"
else
    bad "--idle-timeout 0 accepted"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
