# SPDX-License-Identifier: MIT
# interop_lib.sh: what the interop scripts share (sourced, not a test itself).
#
# Every case runs in its own directory under one mktemp dir, talks over loopback only, bounds every
# process it starts with `timeout`, and every wait with a deadline. Only PIDs started here are killed,
# on success, failure or interruption alike (trap). Peers get stdin from FIFOs that this shell holds
# open read-write (a read-write open never blocks), so a case decides when each side sees EOF.

set -u

NXDTLS="${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR must name the build directory}/nxdtls"
IO_WORK="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-interop.XXXXXX")"
IO_PIDS=()
IO_PASSED=0
IO_FAILED=0
IO_FAILED_NAMES=()
IO_LAST_PID=

# A fixed identity and key: interop is about wire compatibility, not secrecy.
PSK_ID="nxdtls-interop"
PSK_KEY="0123456789abcdef0123456789abcdef"
PSK_BAD_KEY="fedcba9876543210fedcba9876543210"

# Under sanitizers everything is slower: stretch the deadlines.
IO_SLOW=1
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ] || [ "${NXDTLS_SANITIZE:-0}" = "1" ]; then
    IO_SLOW=3
fi

io_cleanup() {
    local pid
    for pid in "${IO_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${IO_PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    rm -rf "$IO_WORK"
}
trap io_cleanup EXIT
trap 'exit 130' INT TERM

# io_require CMD...: skip (exit 77, which ctest reports as skipped) when a peer program is missing, or fail
# under CI. `make test` installs them through scripts/install-deps.sh, so this only happens on a bare build.
io_require() {
    local c
    for c in "$@"; do
        if ! command -v "$c" >/dev/null 2>&1; then
            # CI installs every peer (scripts/install-deps.sh): a missing one there is a failure, never a pass.
            if [ -n "${CI:-}" ]; then
                echo "FAIL: $c not installed"
                exit 1
            fi
            echo "SKIP: $c not installed (scripts/install-deps.sh installs it)"
            exit 77 # ctest reports it as skipped (SKIP_RETURN_CODE)
        fi
    done
    if [ ! -x "$NXDTLS" ]; then
        echo "FAIL: $NXDTLS not built"
        exit 1
    fi
}

# io_free_port FAMILY: prints a UDP port free on the loopback of that family (4, 6, or "both" for a peer
# that binds the wildcard of both families, as gnutls-serv does).
io_free_port() {
    python3 - "$1" <<'EOF'
import socket, sys
fam = sys.argv[1]
for _ in range(50):
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.bind(("0.0.0.0" if fam == "both" else "127.0.0.1", 0))
    port = a.getsockname()[1]
    ok = True
    if fam in ("6", "both"):
        b = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        b.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        try:
            b.bind(("::" if fam == "both" else "::1", port))
        except OSError:
            ok = False
        b.close()
    a.close()
    if ok:
        print(port)
        sys.exit(0)
sys.exit(1)
EOF
}

# io_launch OUT ERR IN CMD...: starts CMD in the background with its stdin, stdout and stderr on the
# given files, without this shell's FIFO descriptors (so closing ours is an EOF), and records its PID
# in IO_LAST_PID and IO_PIDS. CMD should itself be bounded (`timeout N ...`).
io_launch() {
    local out="$1" err="$2" in="$3"
    shift 3
    (exec 7>&- 8>&- 9>&-; exec "$@" <"$in" >"$out" 2>"$err") &
    IO_LAST_PID=$!
    IO_PIDS+=("$IO_LAST_PID")
}

# io_alive PID: true while a process this shell started runs (a zombie counts as gone).
io_alive() {
    [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# io_wait_for FILE TEXT SECONDS [PID...]: waits until FILE contains TEXT (fixed string). Returns 1 on
# timeout, or at once when one of the PIDs has exited (it will not write TEXT any more).
io_wait_for() {
    local file="$1" text="$2" limit i pid
    limit=$(($3 * IO_SLOW * 20))
    shift 3
    for ((i = 0; i < limit; i++)); do
        if [ -f "$file" ] && grep -qF -- "$text" "$file"; then
            return 0
        fi
        for pid in "$@"; do
            if ! io_alive "$pid"; then
                grep -qF -- "$text" "$file" 2>/dev/null && return 0
                return 1
            fi
        done
        sleep 0.05
    done
    return 1
}

# io_wait_listen PORT SECONDS: waits until something listens on UDP PORT (any loopback family).
io_wait_listen() {
    local port="$1" limit i
    limit=$(($2 * IO_SLOW * 20))
    for ((i = 0; i < limit; i++)); do
        if ss -Huln "sport = :$port" 2>/dev/null | grep -q .; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# io_wait_pid PID: waits for a process this shell started and sets IO_RC to its exit status. (Not
# usable inside $(...): a subshell cannot wait for its parent's children.)
io_wait_pid() {
    IO_RC=0
    wait "$1" 2>/dev/null || IO_RC=$?
}

# io_nxdtls_port ERRFILE SECONDS: prints the port `nxdtls server` reported ("listening on ADDR:PORT").
io_nxdtls_port() {
    io_wait_for "$1" "listening on" "$2" || return 1
    sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$1" | head -n 1
}

# io_case NAME FUNCTION ARGS...: runs one case in its own directory ($CASE) and reports it. A case
# function returns 0 on success; on failure it says why with io_fail and the case's files are printed.
io_case() {
    local name="$1"
    shift
    CASE="$IO_WORK/case$((IO_PASSED + IO_FAILED))"
    mkdir -p "$CASE"
    CASE_WHY=""
    local start rc=0
    start=$(date +%s.%N)
    "$@" || rc=$?
    # Whatever the case left running is ended now, so cases never overlap.
    local pid
    for pid in "${IO_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    IO_PIDS=()
    exec 7>&- 8>&- 9>&-
    local took
    took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    if [ "$rc" -eq 0 ]; then
        IO_PASSED=$((IO_PASSED + 1))
        echo "ok   - $name (${took}s)"
    else
        IO_FAILED=$((IO_FAILED + 1))
        IO_FAILED_NAMES+=("$name")
        echo "FAIL - $name (${took}s): $CASE_WHY"
        local f
        for f in "$CASE"/*; do
            [ -p "$f" ] && continue
            [ -f "$f" ] || continue
            echo "  --- $(basename "$f") ---"
            head -c 4000 "$f" | sed 's/^/  | /'
        done
    fi
}

# io_fail WHY: records why the current case failed and returns 1.
io_fail() {
    CASE_WHY="$*"
    return 1
}

# io_expect_file FILE CONTENT: the file must hold exactly CONTENT (printf %b escapes allowed).
io_expect_file() {
    if ! printf '%b' "$2" | cmp -s - "$1"; then
        io_fail "$(basename "$1") is not byte-exact: got [$(head -c 200 "$1" | od -An -c | tr -s ' \n' ' ')]"
        return 1
    fi
    return 0
}

# io_summary: prints the totals and exits with the suite's status.
io_summary() {
    echo "$IO_PASSED passed, $IO_FAILED failed"
    if [ "$IO_FAILED" -ne 0 ]; then
        printf '  failed: %s\n' "${IO_FAILED_NAMES[@]}"
        exit 1
    fi
    if [ "$IO_PASSED" -eq 0 ]; then
        echo "no case ran"
        exit 1
    fi
    exit 0
}
