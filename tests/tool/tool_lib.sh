# SPDX-License-Identifier: MIT
# tool_lib.sh: what the tests of the nxdtls tool share (sourced, not a test itself).
#
# Everything runs over loopback, every process started here is bounded by `timeout` and killed by PID at
# exit, and every wait has a deadline. Each check prints "ok - ..." or "FAIL - ..." (with the output of
# the last run); tl_finish prints the totals and sets the exit status.

set -u

NXDTLS="${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR must name the build directory}/nxdtls"
PKI="${NXDTLS_SOURCE_DIR:?NXDTLS_SOURCE_DIR must name the source directory}/tests/vectors/x509/pki"
TL_WORK="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-tool.XXXXXX")"
TL_PIDS=()
TL_PASSED=0
TL_FAILED=0
K=00112233445566778899aabbccddeeff

tl_cleanup() {
    local pid
    for pid in "${TL_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${TL_PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    rm -rf "$TL_WORK"
}
trap tl_cleanup EXIT
trap 'exit 130' INT TERM

tl_ok() {
    TL_PASSED=$((TL_PASSED + 1))
    echo "ok   - $1"
}

tl_bad() {
    TL_FAILED=$((TL_FAILED + 1))
    echo "FAIL - $1"
    local f
    for f in "$TL_WORK"/out "$TL_WORK"/err; do
        [ -s "$f" ] && sed 's/^/  | /' "$f" | head -n 25
    done
}

# tl_run ARGS...: runs nxdtls ARGS (bounded, stdin empty) into $TL_WORK/out and err; sets TL_RC.
tl_run() {
    TL_RC=0
    timeout -k 5 30 "$NXDTLS" "$@" </dev/null >"$TL_WORK/out" 2>"$TL_WORK/err" || TL_RC=$?
}

# tl_expect STATUS NAME ARGS...: runs nxdtls ARGS and checks the exit status.
tl_expect() {
    local want="$1" name="$2"
    shift 2
    tl_run "$@"
    if [ "$TL_RC" -eq "$want" ]; then
        tl_ok "$name (exit $TL_RC)"
        return 0
    fi
    tl_bad "$name: exit $TL_RC, expected $want"
    return 1
}

# tl_has FILE TEXT NAME: the file (out or err of the last run) contains TEXT (fixed string).
tl_has() {
    if grep -qF -- "$2" "$TL_WORK/$1"; then
        tl_ok "$3"
    else
        tl_bad "$3: $1 lacks '$2'"
    fi
}

# tl_lacks FILE TEXT NAME: the file does not contain TEXT.
tl_lacks() {
    if grep -qF -- "$2" "$TL_WORK/$1"; then
        tl_bad "$3: $1 has '$2'"
    else
        tl_ok "$3"
    fi
}

# tl_server NAME ARGS...: starts `nxdtls server --listen 127.0.0.1:0 ARGS` in the background (stdin from
# /dev/null, output in $TL_WORK/NAME.out and .err) and waits for its port: sets TL_PORT and TL_SERVER_PID.
tl_server() {
    local name="$1"
    shift
    TL_PORT=
    timeout -k 5 60 "$NXDTLS" server --listen 127.0.0.1:0 "$@" </dev/null >"$TL_WORK/$name.out" \
        2>"$TL_WORK/$name.err" &
    TL_SERVER_PID=$!
    TL_PIDS+=("$TL_SERVER_PID")
    local i
    for i in $(seq 200); do
        grep -q "listening on" "$TL_WORK/$name.err" 2>/dev/null && break
        sleep 0.05
    done
    TL_PORT=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$TL_WORK/$name.err")
    [ -n "$TL_PORT" ]
}

# tl_stop PID: ends a process this test started, by PID, and reaps it (every process here runs under
# `timeout -k`, so the wait is bounded even if the process ignores the signal).
tl_stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}

tl_finish() {
    echo "$TL_PASSED passed, $TL_FAILED failed"
    [ "$TL_FAILED" -eq 0 ]
}
