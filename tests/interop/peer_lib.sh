# SPDX-License-Identifier: MIT
# peer_lib.sh: cases shared by the interop scripts whose peer is one of our harness programs,
# tests/interop/peers/{mbedtls,wolfssl}_peer (sourced after interop_lib.sh, not a test itself). Both programs
# take the same command line (see their sources):
#   PEER client HOST PORT [--psk ID:HEX] [--ciphers IANA[,...]] [--ca F] [--cert F --key F] [--servername N]
#        [--mtu N] [--send TEXT]       sends TEXT, prints the record that comes back, close_notify, exit 0
#   PEER server HOST PORT [same] [--verify-client] [--no-cookie]
#        prints "listening", echoes the first record (also to stdout), waits for close_notify, exit 0

PKI="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/vectors/x509/pki"
CA="$PKI/ca-bundle.pem"
T=10 # seconds any one process may live

# peer_require NAME: sets PEER to the harness program, built by CMake only when the library's development
# package is installed; a missing one skips (exit 77), or fails under CI, as io_require does.
peer_require() {
    PEER="${NXDTLS_BUILD_DIR}/tests/interop/peers/$1"
    if [ ! -x "$PEER" ]; then
        if [ -n "${CI:-}" ]; then
            echo "FAIL: $1 not built (scripts/install-deps.sh installs its library's -dev package)"
            exit 1
        fi
        echo "SKIP: $1 not built (its library's -dev package is missing; scripts/install-deps.sh installs it)"
        exit 77
    fi
}

# peer_split ARGS...: splits "NX_OPTS... -- PEER_OPTS..." into the arrays NX_OPTS and PEER_OPTS.
peer_split() {
    NX_OPTS=()
    PEER_OPTS=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do NX_OPTS+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    PEER_OPTS=("$@")
}

# nx_client_vs_peer IANA [NX_OPTS...] [-- PEER_OPTS...]: nxdtls client -> PEER server (cookies unless
# PEER_OPTS says --no-cookie). Our line comes back byte-exact, both sides exit 0 after our close_notify, and
# the suite is the one asked for.
nx_client_vs_peer() {
    local iana="$1"
    shift
    peer_split "$@"
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$PEER" server 127.0.0.1 "$port" \
        --ciphers "$iana" ${PEER_OPTS[@]+"${PEER_OPTS[@]}"}
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "$(basename "$PEER") did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --ciphers "$iana" --message "ping $iana" --wait 500 --timeout 6000 -v ${NX_OPTS[@]+"${NX_OPTS[@]}"}
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "$(basename "$PEER") server exited $rc"; return 1; }
    grep -q "handshake done: $iana " "$CASE/c_err" || { io_fail "not the suite asked for"; return 1; }
    io_expect_file "$CASE/c_out" "ping $iana" || return 1
    io_expect_file "$CASE/s_out" "ping $iana" || return 1
}

# peer_vs_nx_server IANA [NX_OPTS...] [-- PEER_OPTS...]: PEER client -> nxdtls server --once --echo
# (cookies unless NX_OPTS says --no-cookie). The peer's line comes back byte-exact, both exit 0.
peer_vs_nx_server() {
    local iana="$1"
    shift
    peer_split "$@"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --ciphers "$iana" --once --echo -v ${NX_OPTS[@]+"${NX_OPTS[@]}"}
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$PEER" client 127.0.0.1 "$port" \
        --ciphers "$iana" --send "pong $iana" ${PEER_OPTS[@]+"${PEER_OPTS[@]}"}
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "$(basename "$PEER") client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    grep -q "handshake done: $iana " "$CASE/s_err" || { io_fail "not the suite asked for"; return 1; }
    io_expect_file "$CASE/c_out" "pong $iana" || return 1
}

# Certificate options for each side: KEY is the key type of the chain (rsa or ec) from the test PKI.
nx_cert() { echo --cert "$PKI/$1-chain.pem" --key "$PKI/$1-leaf.key.pem"; }
peer_cert() { echo --cert "$PKI/$1-chain.pem" --key "$PKI/$1-leaf.key.pem"; }
