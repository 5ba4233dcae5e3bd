#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# examples_test: the NetX-style example programs (examples/psk_client.c, examples/psk_server.c) against each
# other, against OpenSSL's DTLS 1.2 s_server / s_client and against GnuTLS's gnutls-serv / gnutls-cli
# (docs/peers.md), over 127.0.0.1 and ::1.
#
# GnuTLS matrix: {psk_client -> gnutls-serv --echo, gnutls-cli -> psk_server} x {PSK-AES128-CCM8,
# PSK-AES128-GCM-SHA256, PSK-AES128-CBC-SHA256} x {127.0.0.1, ::1}. Each case checks the suite both sides
# report, and a line each way byte-exact: our line comes back from the peer (gnutls-serv echoes), the
# peer's line comes back from psk_server (it echoes). A wrong key fails, per role and family, with the
# documented code (see the cases for why each is right).
#
# Loopback only; free ports; every process bounded by `timeout` and every wait by a deadline; only PIDs
# started here are killed (trap). Peers read stdin from FIFOs this shell holds open read-write, so the
# script decides when each one sees EOF.
set -u
build=${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR is not set}
client="$build/psk_client"
server="$build/psk_server"
work=$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-examples.XXXXXX")
pids=()
passed=0
failed=0
failed_names=()
slow=1
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then slow=3; fi

cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    exec 7>&- 8>&- 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

key=000102030405060708090a0b0c0d0e0f
wrong_key=ffff0102030405060708090a0b0c0d0e
id=netx-example

# launch OUT ERR IN CMD...: runs CMD (itself bounded by `timeout`) in the background without this shell's
# FIFO descriptors, so closing ours is its EOF; its PID goes to last_pid and to pids.
last_pid=
launch() {
    local out="$1" err="$2" in="$3"
    shift 3
    (exec 7>&- 8>&-; exec "$@" <"$in" >"$out" 2>"$err") &
    last_pid=$!
    pids+=("$last_pid")
}

# alive PID: true while a process this shell started runs (a zombie counts as gone).
alive() {
    [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# wait_for FILE TEXT SECONDS [PID...]: until FILE contains TEXT (a fixed string); gives up at the deadline
# or as soon as one of the PIDs has exited without writing it.
wait_for() {
    local file="$1" text="$2" limit i pid
    limit=$(($3 * slow * 20))
    shift 3
    for ((i = 0; i < limit; i++)); do
        grep -qF -- "$text" "$file" 2>/dev/null && return 0
        for pid in "$@"; do
            if ! alive "$pid"; then
                grep -qF -- "$text" "$file" 2>/dev/null
                return
            fi
        done
        sleep 0.05
    done
    return 1
}

# wait_listen FAMILY PORT SECONDS: until a UDP socket of that family (4 or 6) listens on PORT.
wait_listen() {
    local i
    for ((i = 0; i < $3 * slow * 20; i++)); do
        ss -H -u -l -n "-$1" "sport = :$2" 2>/dev/null | grep -q . && return 0
        sleep 0.05
    done
    return 1
}

# reap PID: waits for a process this shell started; its exit status goes to rc.
rc=0
reap() {
    rc=0
    wait "$1" 2>/dev/null || rc=$?
}

# free_port: a UDP port free on the wildcard of both families (gnutls-serv binds 0.0.0.0 and ::).
free_port() {
    python3 -c '
import socket
a = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
a.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
a.bind(("::", 0))
print(a.getsockname()[1])'
}

# start_server SESSIONS: starts psk_server on a free port (server_pid, port).
server_pid=
port=
start_server() {
    launch "$case_dir/server.out" "$case_dir/server.err" /dev/null timeout $((30 * slow)) "$server" 0 \
        "$key" "$id" "$1"
    server_pid=$last_pid
    if ! wait_for "$case_dir/server.out" "listening on port" 10 "$server_pid"; then
        why="psk_server did not start"
        return 1
    fi
    port=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$case_dir/server.out")
}

# expect_exact FILE CONTENT: FILE holds exactly the bytes of CONTENT.
expect_exact() {
    if ! printf '%s' "$2" | cmp -s - "$1"; then
        why="$(basename "$1") is not byte-exact: [$(head -c 200 "$1" | od -An -c | tr -s ' \n' ' ')]"
        return 1
    fi
}

# expect_line FILE LINE: FILE has LINE as a whole line.
expect_line() {
    grep -qxF -- "$2" "$1" || { why="$(basename "$1") lacks the line \"$2\""; return 1; }
}

# run_case NAME FUNCTION ARGS...: runs one case in its own directory; whatever it left running is ended.
run_case() {
    local name="$1" start took pid status=0
    shift
    case_dir="$work/case$((passed + failed))"
    mkdir -p "$case_dir"
    why=""
    start=$(date +%s.%N)
    "$@" || status=1
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    pids=()
    exec 7>&- 8>&-
    took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok   $name (${took}s)"
    else
        failed=$((failed + 1))
        failed_names+=("$name")
        echo "FAIL $name (${took}s): $why"
        local f
        for f in "$case_dir"/*; do
            [ -f "$f" ] && [ ! -p "$f" ] || continue
            echo "  --- $(basename "$f")"
            head -c 3000 "$f" | sed 's/^/  | /'
        done
    fi
}

[ -x "$client" ] && [ -x "$server" ] || { echo "FAIL: examples not built"; exit 1; }

# ---- psk_client <-> psk_server ----

# Two sessions, IPv4 then IPv6, then the server exits by itself; a client then finds nobody.
examples_pair() {
    start_server 2 || return 1
    local addr
    for addr in 127.0.0.1 ::1; do
        timeout $((15 * slow)) "$client" "$addr" "$port" "$key" "$id" "echo over $addr" 1 \
            >"$case_dir/client.out" 2>"$case_dir/client.err"
        rc=$?
        [ "$rc" -eq 0 ] || { why="psk_client over $addr exited $rc"; return 1; }
        expect_exact "$case_dir/client.out" "echo over $addr"$'\n' || return 1
        # psk_server answers close_notify (docs/netx-api.md 7.5): the close reports nothing.
        if grep -q "close:" "$case_dir/client.err"; then
            why="close over $addr: $(cat "$case_dir/client.err")"
            return 1
        fi
    done
    reap "$server_pid"
    [ "$rc" -eq 0 ] || { why="psk_server exited $rc"; return 1; }
    expect_line "$case_dir/server.out" "served 2 sessions" || return 1
    [ "$(grep -c '^psk_server: connected, suite 0xc0a8$' "$case_dir/server.err")" -eq 2 ] ||
        { why="psk_server did not report CCM_8 twice"; return 1; }
    # Nobody listens now: the ClientHello goes unanswered and start gives up within its wait with
    # NX_NO_PACKET (docs/netx-api.md 3.2 and 10 C9: silence; the facade's socket is unconnected and never
    # learns of ICMP port unreachable).
    timeout $((15 * slow)) "$client" 127.0.0.1 "$port" "$key" "$id" "nobody" 1 2 \
        >"$case_dir/client.out" 2>"$case_dir/client.err"
    rc=$?
    [ "$rc" -eq 1 ] || { why="psk_client with no server exited $rc"; return 1; }
    expect_line "$case_dir/client.err" "psk_client: handshake failed: 0x1"
}

# Wrong key: the server's check of the client's Finished fails, NX_SECURE_TLS_FINISHED_HASH_FAILURE
# (0x115, docs/netx-api.md 7.3), and it sends decrypt_error (7.8); the client gets that fatal alert,
# NX_SECURE_TLS_ALERT_RECEIVED (0x114, 7.5).
examples_wrong_key() {
    start_server 1 || return 1
    timeout $((15 * slow)) "$client" "$1" "$port" "$wrong_key" "$id" "x" 1 2 \
        >"$case_dir/client.out" 2>"$case_dir/client.err"
    rc=$?
    [ "$rc" -eq 1 ] || { why="psk_client exited $rc"; return 1; }
    expect_line "$case_dir/client.err" "psk_client: handshake failed: 0x114" || return 1
    wait_for "$case_dir/server.err" "handshake failed" 5 "$server_pid"
    expect_line "$case_dir/server.err" "psk_server: handshake failed: 0x115" || return 1
    [ ! -s "$case_dir/client.out" ] || { why="psk_client printed data"; return 1; }
}

run_case "psk_client <-> psk_server, 127.0.0.1 and ::1, server exits after 2 sessions" examples_pair
run_case "psk_client -> psk_server, wrong key (127.0.0.1)" examples_wrong_key 127.0.0.1
run_case "psk_client -> psk_server, wrong key (::1)" examples_wrong_key ::1

# ---- OpenSSL ----

# psk_client -> openssl s_server (OpenSSL prints what it receives with -quiet).
openssl_server() {
    local fam="$1" addr accept
    port=$(free_port)
    if [ "$fam" = 4 ]; then addr=127.0.0.1; accept="127.0.0.1:$port"; else addr=::1; accept="[::1]:$port"; fi
    mkfifo "$case_dir/in"
    exec 7<>"$case_dir/in"
    launch "$case_dir/ossl.out" "$case_dir/ossl.err" "$case_dir/in" timeout $((20 * slow)) openssl s_server \
        -dtls1_2 -accept "$accept" -naccept 1 -quiet -nocert -cipher PSK-AES128-CCM8 -psk "$key" \
        -psk_identity "$id"
    local opid=$last_pid
    wait_listen "$fam" "$port" 5 || { why="s_server did not start"; return 1; }
    timeout $((15 * slow)) "$client" "$addr" "$port" "$key" "$id" "to openssl over $addr" 0 \
        >"$case_dir/client.out" 2>"$case_dir/client.err" || { why="psk_client exited $?"; return 1; }
    expect_line "$case_dir/client.err" "psk_client: connected, suite 0xc0a8" || return 1
    if ! wait_for "$case_dir/ossl.out" "to openssl over $addr" 5 "$opid"; then
        why="s_server did not print our line"
        return 1
    fi
    expect_exact "$case_dir/ossl.out" "to openssl over $addr"
}

# openssl s_client -> psk_server (echo); s_client's stdin EOF sends close_notify, the server counts the
# session and exits.
openssl_client() {
    local addr="$1" connect
    start_server 1 || return 1
    if [ "$addr" = ::1 ]; then connect="[::1]:$port"; else connect="$addr:$port"; fi
    mkfifo "$case_dir/in"
    exec 7<>"$case_dir/in"
    launch "$case_dir/ossl.out" "$case_dir/ossl.err" "$case_dir/in" timeout $((20 * slow)) openssl s_client \
        -dtls1_2 -connect "$connect" -quiet -no_ign_eof -cipher PSK-AES128-CCM8 -psk_identity "$id" \
        -psk "$key"
    local opid=$last_pid
    echo "from openssl over $addr" >&7
    wait_for "$case_dir/ossl.out" "from openssl over $addr" 10 "$opid" || { why="no echo"; return 1; }
    exec 7>&-
    reap "$server_pid"
    [ "$rc" -eq 0 ] || { why="psk_server exited $rc"; return 1; }
    expect_line "$case_dir/server.out" "served 1 sessions" || return 1
    expect_line "$case_dir/server.err" "psk_server: connected, suite 0xc0a8" || return 1
    reap "$opid"
    [ "$rc" -eq 0 ] || { why="s_client exited $rc"; return 1; }
    expect_exact "$case_dir/ossl.out" "from openssl over $addr"$'\n'
}

if ! command -v openssl >/dev/null 2>&1; then
    echo "SKIP: openssl not installed; OpenSSL cases not run"
    [ -z "${CI:-}" ] || { echo "FAIL: CI installs openssl"; exit 1; }
else
    run_case "psk_client -> openssl s_server, ccm8 (127.0.0.1)" openssl_server 4
    run_case "psk_client -> openssl s_server, ccm8 (::1)" openssl_server 6
    run_case "openssl s_client -> psk_server, ccm8 (127.0.0.1)" openssl_client 127.0.0.1
    run_case "openssl s_client -> psk_server, ccm8 (::1)" openssl_client ::1
fi

# ---- GnuTLS ----

PRIO="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:-MAC-ALL:-KX-ALL:+PSK"
# tag, IANA number as the examples print it, GnuTLS priority pieces selecting exactly that suite, and
# the suite as gnutls-cli describes it.
SUITES=(
    "ccm8 0xc0a8 +AES-128-CCM-8:+AEAD -(PSK)-(AES-128-CCM-8)"
    "gcm 0x00a8 +AES-128-GCM:+AEAD -(PSK)-(AES-128-GCM)"
    "cbc-sha256 0x00ae +AES-128-CBC:+SHA256 -(PSK)-(AES-128-CBC)-(SHA256)"
)

# A line with every printable ASCII class, as both sides must carry it byte for byte.
line_for() {
    printf '%s %s over %s: %s %s %s %s\n' "$1" "$2" "$3" 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ \
        abcdefghijklmnopqrstuvwxyz '!"#$%&'"'"'()*+,-./:;<=>?@[\]^_`{|}~'
}

# gnutls-serv --echo with the one suite; its PID in gserv_pid.
gserv_pid=
start_gnutls_serv() {
    local pieces="$1" fam="$2"
    port=$(free_port)
    printf '%s:%s\n' "$id" "$key" >"$case_dir/psk.txt"
    launch "$case_dir/gserv.out" "$case_dir/gserv.err" /dev/null timeout $((20 * slow)) gnutls-serv \
        --udp --echo -p "$port" --priority "$PRIO:$pieces" --pskpasswd "$case_dir/psk.txt"
    gserv_pid=$last_pid
    wait_listen "$fam" "$port" 5 || { why="gnutls-serv did not start"; return 1; }
}

# psk_client -> gnutls-serv --echo: our line comes back byte-exact. gnutls-serv 3.7.9 never answers
# close_notify in UDP mode (strace: it reads our alert and sends nothing), so the close reports
# NX_SECURE_TLS_NO_CLOSE_RESPONSE (0x113, docs/netx-api.md 3.2 decision D1) after the example's 2 s wait.
gnutls_server() {
    local tag="$1" iana="$2" pieces="$3" addr="$4" fam=4 msg
    [ "$addr" = ::1 ] && fam=6
    start_gnutls_serv "$pieces" "$fam" || return 1
    msg=$(line_for to-gnutls-serv "$tag" "$addr")
    timeout $((15 * slow)) "$client" "$addr" "$port" "$key" "$id" "$msg" 1 \
        >"$case_dir/client.out" 2>"$case_dir/client.err" || { why="psk_client exited $?"; return 1; }
    expect_line "$case_dir/client.err" "psk_client: connected, suite $iana" || return 1
    expect_exact "$case_dir/client.out" "$msg"$'\n' || return 1
    expect_line "$case_dir/client.err" "psk_client: close: 0x113"
}

# gnutls-cli -> psk_server: gnutls-cli's line comes back byte-exact; its stdin EOF sends close_notify and
# psk_server, its one session served, exits 0.
gnutls_client() {
    local tag="$1" iana="$2" pieces="$3" desc="$4" addr="$5" msg
    start_server 1 || return 1
    msg=$(line_for from-gnutls-cli "$tag" "$addr")
    mkfifo "$case_dir/in"
    exec 8<>"$case_dir/in"
    launch "$case_dir/gcli.out" "$case_dir/gcli.err" "$case_dir/in" timeout $((20 * slow)) gnutls-cli --udp \
        -p "$port" "$addr" --priority "$PRIO:$pieces" --pskusername "$id" --pskkey "$key" \
        --logfile "$case_dir/gcli.log"
    local cpid=$last_pid
    printf '%s\n' "$msg" >&8
    if ! wait_for "$case_dir/gcli.out" "$msg" 10 "$cpid" "$server_pid"; then
        why="gnutls-cli got no echo"
        return 1
    fi
    exec 8>&-
    reap "$cpid"
    [ "$rc" -eq 0 ] || { why="gnutls-cli exited $rc"; return 1; }
    reap "$server_pid"
    [ "$rc" -eq 0 ] || { why="psk_server exited $rc"; return 1; }
    expect_line "$case_dir/server.out" "served 1 sessions" || return 1
    expect_line "$case_dir/server.err" "psk_server: connected, suite $iana" || return 1
    grep -qF -- "$desc" "$case_dir/gcli.log" || { why="gnutls-cli did not negotiate $desc"; return 1; }
    expect_exact "$case_dir/gcli.out" "$msg"$'\n'
}

# Wrong key, psk_client -> gnutls-serv: gnutls-serv drops the Finished it cannot decrypt and says nothing
# (docs/peers.md), so start gives up within its 2 s wait with NX_NO_PACKET (0x01, docs/netx-api.md 3.2).
gnutls_server_wrong_key() {
    local addr="$1" fam=4
    [ "$addr" = ::1 ] && fam=6
    start_gnutls_serv "+AES-128-CCM-8:+AEAD" "$fam" || return 1
    timeout $((15 * slow)) "$client" "$addr" "$port" "$wrong_key" "$id" "never" 1 2 \
        >"$case_dir/client.out" 2>"$case_dir/client.err"
    rc=$?
    [ "$rc" -eq 1 ] || { why="psk_client exited $rc"; return 1; }
    expect_line "$case_dir/client.err" "psk_client: handshake failed: 0x1" || return 1
    [ ! -s "$case_dir/client.out" ] || { why="psk_client printed data"; return 1; }
}

# Wrong key, gnutls-cli -> psk_server: the Finished fails our check, NX_SECURE_TLS_FINISHED_HASH_FAILURE
# (0x115), and gnutls-cli receives the decrypt_error alert (51) it maps to (docs/netx-api.md 7.3, 7.8).
gnutls_client_wrong_key() {
    local addr="$1"
    start_server 1 || return 1
    mkfifo "$case_dir/in"
    exec 8<>"$case_dir/in"
    launch "$case_dir/gcli.out" "$case_dir/gcli.err" "$case_dir/in" timeout $((20 * slow)) gnutls-cli --udp \
        -p "$port" "$addr" --priority "$PRIO:+AES-128-GCM:+AEAD" --pskusername "$id" --pskkey "$wrong_key" \
        --logfile "$case_dir/gcli.log"
    local cpid=$last_pid
    reap "$cpid"
    [ "$rc" -ne 0 ] || { why="gnutls-cli exited 0 with a wrong key"; return 1; }
    cat "$case_dir/gcli.err" "$case_dir/gcli.log" | grep -q "Received alert \[51\]" ||
        { why="gnutls-cli saw no decrypt_error alert"; return 1; }
    wait_for "$case_dir/server.err" "handshake failed" 5 "$server_pid"
    expect_line "$case_dir/server.err" "psk_server: handshake failed: 0x115" || return 1
    [ ! -s "$case_dir/gcli.out" ] || { why="gnutls-cli printed data"; return 1; }
}

if ! command -v gnutls-serv >/dev/null 2>&1 || ! command -v gnutls-cli >/dev/null 2>&1; then
    echo "SKIP: gnutls-bin not installed; GnuTLS cases not run"
    [ -z "${CI:-}" ] || { echo "FAIL: CI installs gnutls-bin"; exit 1; }
else
    for row in "${SUITES[@]}"; do
        read -r tag iana pieces desc <<<"$row"
        for addr in 127.0.0.1 ::1; do
            run_case "psk_client -> gnutls-serv, $tag ($addr)" gnutls_server "$tag" "$iana" "$pieces" "$addr"
            run_case "gnutls-cli -> psk_server, $tag ($addr)" gnutls_client "$tag" "$iana" "$pieces" \
                "$desc" "$addr"
        done
    done
    for addr in 127.0.0.1 ::1; do
        run_case "psk_client -> gnutls-serv, wrong key ($addr)" gnutls_server_wrong_key "$addr"
        run_case "gnutls-cli -> psk_server, wrong key ($addr)" gnutls_client_wrong_key "$addr"
    done
fi

echo "examples: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    printf '  failed: %s\n' "${failed_names[@]}"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
