#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cert_examples_test: the NetX-style certificate examples (examples/cert_client.c, examples/cert_server.c)
# against each other, against OpenSSL's DTLS 1.2 s_server / s_client and against GnuTLS's gnutls-serv /
# gnutls-cli (docs/peers.md), over 127.0.0.1 and ::1, with the test PKI (tests/vectors/x509/pki) and
# the certificates with keys of tests/netx/pki (expired, another root).
#
# Example pair: both identities on one server (the suite picks the EC one), an RSA-only server (ECDHE-RSA),
# client certificates required and given (EC and RSA), required and absent (the server fails with 0x132 and
# sends bad_certificate: the client gets 0x114), and the client refusing a wrong host (0x195), an untrusted
# chain (0x11B) and an expired certificate (0x193; the server sees the client's alert, 0x114).
# Peers: per suite (RSA key transport CBC and GCM, ECDHE-RSA, ECDHE-ECDSA GCM and CCM_8) and family, our
# client against the peer's server requiring our certificate (the other key type than the server's), and the
# peer's client with a certificate against cert_server verifying it; a line checked byte-exact each way the
# peer allows (s_server prints ours; gnutls-serv echoes it; cert_server echoes the peer's). A peer client
# without a certificate is refused by cert_server (0x132, alert 42); s_client renegotiating (RFC 5746) with
# cert_server gets its echo before and after, and the server checks its certificate both times.
#
# Loopback only; free ports; every process bounded by `timeout` and every wait by a deadline; only PIDs
# started here are killed (interop_lib.sh). Peers read stdin from FIFOs this shell holds open read-write.
source "${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/interop/interop_lib.sh"

SRC="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
CLIENT="$NXDTLS_BUILD_DIR/cert_client"
SERVER="$NXDTLS_BUILD_DIR/cert_server"
P="$SRC/tests/vectors/x509/pki"
N="$SRC/tests/netx/pki"
CAS="$P/rsa-root.der,$P/ec-root.der"
T=15 # seconds any one process may live

[ -x "$CLIENT" ] && [ -x "$SERVER" ] || { echo "FAIL: examples not built"; exit 1; }
command -v python3 >/dev/null 2>&1 && command -v ss >/dev/null 2>&1 || { echo "SKIP: python3 or ss missing"; [ -z "${CI:-}" ] || exit 1; exit 77; }

# identity KEY: cert_server / cert_client's "cert,key,intermediate" for the PKI's rsa or ec leaf.
identity() {
    echo "$P/$1-leaf.der,$P/$1-leaf.key.der,$P/$1-int.der"
}

other() {
    [ "$1" = rsa ] && echo ec || echo rsa
}

# start_server SESSIONS CLIENT_CAS IDENTITY...: cert_server on a free port ($SPID, $PORT).
SPID=
PORT=
start_server() {
    local sessions="$1" cas="$2"
    shift 2
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $((T * IO_SLOW)) "$SERVER" 0 "$sessions" "$cas" "$@"
    SPID=$IO_LAST_PID
    io_wait_for "$CASE/s_out" "listening on port" 5 "$SPID" || { io_fail "cert_server did not start"; return 1; }
    PORT=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$CASE/s_out")
}

# client ADDR PORT CAS HOST MESSAGE ECHO [IDENTITY]: runs cert_client to completion; exit status in RC.
RC=0
client() {
    timeout $((T * IO_SLOW)) "$CLIENT" "$1" "$2" "$3" "$4" "$5" "$6" 5 ${7:+"$7"} >"$CASE/c_out" 2>"$CASE/c_err"
    RC=$?
}

expect_line() {
    grep -qxF -- "$2" "$1" || { io_fail "$(basename "$1") lacks the line \"$2\""; return 1; }
}

# ---- cert_client <-> cert_server ----

# Both identities (RSA and EC) on the server: the client's first suite is ECDHE-ECDSA, so the EC one is used;
# two sessions (IPv4, IPv6), then the server exits by itself.
pair_default() {
    start_server 2 - "$(identity rsa)" "$(identity ec)" || return 1
    local addr
    for addr in 127.0.0.1 ::1; do
        client "$addr" "$PORT" "$CAS" localhost "pair over $addr" 1
        [ "$RC" -eq 0 ] || { io_fail "cert_client over $addr exited $RC"; return 1; }
        io_expect_file "$CASE/c_out" "pair over $addr\n" || return 1
        expect_line "$CASE/c_err" "cert_client: connected, suite 0xc02b" || return 1
        expect_line "$CASE/c_err" "cert_client: server certificate CN=localhost, issuer CN=nxdtls Test EC Intermediate" || return 1
        ! grep -q "close:" "$CASE/c_err" || { io_fail "close over $addr: $(cat "$CASE/c_err")"; return 1; }
    done
    io_wait_pid "$SPID"
    [ "$IO_RC" -eq 0 ] || { io_fail "cert_server exited $IO_RC"; return 1; }
    expect_line "$CASE/s_out" "served 2 sessions" || return 1
    [ "$(grep -c '^cert_server: connected, suite 0xc02b$' "$CASE/s_err")" -eq 2 ] ||
        { io_fail "cert_server did not report 0xc02b twice"; return 1; }
}

# An RSA-only server: ECDHE-RSA (0xc02f), the RSA chain.
pair_rsa() {
    start_server 1 - "$(identity rsa)" || return 1
    client "$1" "$PORT" "$CAS" localhost "rsa over $1" 1
    [ "$RC" -eq 0 ] || { io_fail "cert_client exited $RC"; return 1; }
    io_expect_file "$CASE/c_out" "rsa over $1\n" || return 1
    expect_line "$CASE/c_err" "cert_client: connected, suite 0xc02f" || return 1
    expect_line "$CASE/c_err" "cert_client: server certificate CN=localhost, issuer CN=nxdtls Test RSA Intermediate"
}

# Client certificates required (x509_client_verify_configure) and given: the server's callback prints it.
pair_client_cert() {
    local addr="$1" key="$2"
    start_server 1 "$CAS" "$(identity rsa)" "$(identity ec)" || return 1
    client "$addr" "$PORT" "$CAS" localhost "mutual over $addr" 1 "$(identity "$key")"
    [ "$RC" -eq 0 ] || { io_fail "cert_client exited $RC"; return 1; }
    io_expect_file "$CASE/c_out" "mutual over $addr\n" || return 1
    io_wait_pid "$SPID"
    [ "$IO_RC" -eq 0 ] || { io_fail "cert_server exited $IO_RC"; return 1; }
    expect_line "$CASE/s_err" "cert_server: client certificate CN=localhost" || return 1
    expect_line "$CASE/s_out" "served 1 sessions"
}

# Required and absent: the server fails with NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED (0x132) and sends
# bad_certificate (docs/netx-api.md 7.8); the client's start returns NX_SECURE_TLS_ALERT_RECEIVED (0x114).
pair_no_client_cert() {
    start_server 1 "$CAS" "$(identity ec)" || return 1
    client "$1" "$PORT" "$CAS" localhost "never" 1
    [ "$RC" -eq 1 ] || { io_fail "cert_client exited $RC, expected 1"; return 1; }
    expect_line "$CASE/c_err" "cert_client: handshake failed: 0x114" || return 1
    io_wait_for "$CASE/s_err" "handshake failed" 5 "$SPID" || { io_fail "the server did not fail"; return 1; }
    expect_line "$CASE/s_err" "cert_server: handshake failed: 0x132" || return 1
    [ ! -s "$CASE/c_out" ] || { io_fail "cert_client printed data"; return 1; }
}

# pair_refused ADDR CAS HOST CODE IDENTITY: the client refuses the server's certificate with CODE; the server
# gets its fatal alert (0x114).
pair_refused() {
    local addr="$1" cas="$2" host="$3" code="$4"
    start_server 1 - "$5" || return 1
    client "$addr" "$PORT" "$cas" "$host" "never" 1
    [ "$RC" -eq 1 ] || { io_fail "cert_client exited $RC, expected 1"; return 1; }
    expect_line "$CASE/c_err" "cert_client: handshake failed: $code" || return 1
    io_wait_for "$CASE/s_err" "handshake failed" 5 "$SPID" || { io_fail "the server did not fail"; return 1; }
    expect_line "$CASE/s_err" "cert_server: handshake failed: 0x114" || return 1
    [ ! -s "$CASE/c_out" ] || { io_fail "cert_client printed data"; return 1; }
}

io_case "cert_client <-> cert_server, RSA and EC identities, 127.0.0.1 and ::1, server exits after 2" pair_default
for addr in 127.0.0.1 ::1; do
    io_case "cert_client -> cert_server, RSA only: ECDHE-RSA ($addr)" pair_rsa "$addr"
    io_case "cert_client (EC cert) -> cert_server verifying ($addr)" pair_client_cert "$addr" ec
    io_case "cert_client (RSA cert) -> cert_server verifying ($addr)" pair_client_cert "$addr" rsa
    io_case "cert_client without a cert -> cert_server verifying: 0x132 / 0x114 ($addr)" pair_no_client_cert "$addr"
    io_case "cert_client refuses a wrong host: 0x195 ($addr)" pair_refused "$addr" "$CAS" other.example.org 0x195 \
        "$(identity ec)"
    io_case "cert_client refuses an untrusted chain: 0x11B ($addr)" pair_refused "$addr" "$P/ec-root.der" localhost \
        0x11b "$(identity rsa)"
    io_case "cert_client refuses an expired certificate: 0x193 ($addr)" pair_refused "$addr" "$N/root.der" localhost \
        0x193 "$N/expired.der,$N/expired.key.der,$N/int.der"
done

# ---- OpenSSL ----

# IANA number as the examples print it, OpenSSL name, the server key the suite needs.
OSSL_SUITES=(
    "0x002f AES128-SHA rsa"
    "0x009c AES128-GCM-SHA256 rsa"
    "0xc02f ECDHE-RSA-AES128-GCM-SHA256 rsa"
    "0xc02b ECDHE-ECDSA-AES128-GCM-SHA256 ec"
    "0xc0ae ECDHE-ECDSA-AES128-CCM8 ec"
)

# cert_client (with a certificate of the other key type) -> s_server -Verify (a client certificate is
# required and checked); s_server -quiet prints our line.
ossl_server() {
    local iana="$1" ossl="$2" key="$3" addr="$4" fam=4 accept
    [ "$addr" = ::1 ] && fam=6
    local ckey
    ckey=$(other "$key")
    PORT=$(io_free_port "$fam") || { io_fail "no free port"; return 1; }
    if [ "$fam" = 4 ]; then accept="127.0.0.1:$PORT"; else accept="[::1]:$PORT"; fi
    mkfifo "$CASE/s_in"
    exec 7<>"$CASE/s_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $((T * IO_SLOW)) openssl s_server -dtls1_2 \
        -accept "$accept" -naccept 1 -quiet -cipher "$ossl" -cert "$P/$key-leaf.pem" -key "$P/$key-leaf.key.pem" \
        -cert_chain "$P/$key-int.pem" -Verify 4 -CAfile "$P/ca-bundle.pem" -verify_return_error
    local opid=$IO_LAST_PID
    io_wait_listen "$PORT" 5 || { io_fail "s_server did not start"; return 1; }
    client "$addr" "$PORT" "$CAS" localhost "to s_server $ossl over $addr" 0 "$(identity "$ckey")"
    [ "$RC" -eq 0 ] || { io_fail "cert_client exited $RC"; return 1; }
    expect_line "$CASE/c_err" "cert_client: connected, suite $iana" || return 1
    io_wait_for "$CASE/s_out" "to s_server $ossl over $addr" 5 "$opid" || { io_fail "s_server did not print our line"; return 1; }
    io_expect_file "$CASE/s_out" "to s_server $ossl over $addr"
}

# s_client (with a certificate) -> cert_server verifying it: cert_server echoes s_client's line; s_client's
# EOF sends close_notify and the server, its one session served, exits 0.
ossl_client() {
    local iana="$1" ossl="$2" key="$3" addr="$4" connect
    local ckey
    ckey=$(other "$key")
    start_server 1 "$CAS" "$(identity "$key")" || return 1
    if [ "$addr" = ::1 ]; then connect="[::1]:$PORT"; else connect="127.0.0.1:$PORT"; fi
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/o_out" "$CASE/o_err" "$CASE/c_in" timeout $((T * IO_SLOW)) openssl s_client -dtls1_2 \
        -connect "$connect" -quiet -no_ign_eof -cipher "$ossl" -CAfile "$P/ca-bundle.pem" -verify_return_error \
        -verify_hostname localhost -servername localhost -cert "$P/$ckey-leaf.pem" -key "$P/$ckey-leaf.key.pem" \
        -cert_chain "$P/$ckey-int.pem"
    local opid=$IO_LAST_PID
    echo "from s_client $ossl over $addr" >&8
    io_wait_for "$CASE/o_out" "from s_client $ossl over $addr" 8 "$opid" "$SPID" || { io_fail "no echo"; return 1; }
    exec 8>&-
    io_wait_pid "$opid"
    [ "$IO_RC" -eq 0 ] || { io_fail "s_client exited $IO_RC"; return 1; }
    io_wait_pid "$SPID"
    [ "$IO_RC" -eq 0 ] || { io_fail "cert_server exited $IO_RC"; return 1; }
    expect_line "$CASE/s_out" "served 1 sessions" || return 1
    expect_line "$CASE/s_err" "cert_server: connected, suite $iana" || return 1
    expect_line "$CASE/s_err" "cert_server: client certificate CN=localhost" || return 1
    io_expect_file "$CASE/o_out" "from s_client $ossl over $addr\n"
}

# s_client without a certificate -> cert_server verifying: 0x132, and s_client reports alert 42.
ossl_client_no_cert() {
    local addr="$1" connect
    start_server 1 "$CAS" "$(identity ec)" || return 1
    if [ "$addr" = ::1 ]; then connect="[::1]:$PORT"; else connect="127.0.0.1:$PORT"; fi
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/o_out" "$CASE/o_err" "$CASE/c_in" timeout $((T * IO_SLOW)) openssl s_client -dtls1_2 \
        -connect "$connect" -quiet -no_ign_eof -CAfile "$P/ca-bundle.pem"
    local opid=$IO_LAST_PID
    io_wait_for "$CASE/s_err" "handshake failed" 8 "$SPID" || { io_fail "the server did not fail"; return 1; }
    expect_line "$CASE/s_err" "cert_server: handshake failed: 0x132" || return 1
    exec 8>&-
    io_wait_pid "$opid"
    [ "$IO_RC" -ne 0 ] || { io_fail "s_client exited 0 without a certificate"; return 1; }
    grep -q "alert number 42" "$CASE/o_err" || { io_fail "s_client saw no bad_certificate alert"; return 1; }
}

# s_client (not -quiet: a line "R" renegotiates, RFC 5746) -> cert_server verifying client certificates: a
# line echoed before and after; the server's certificate callback runs for both handshakes (on its I/O
# thread for the renegotiation, with no application thread in a start service).
ossl_client_renegotiates() {
    local addr="$1" connect
    start_server 1 "$CAS" "$(identity ec)" || return 1
    if [ "$addr" = ::1 ]; then connect="[::1]:$PORT"; else connect="127.0.0.1:$PORT"; fi
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/o_out" "$CASE/o_err" "$CASE/c_in" timeout $((T * IO_SLOW)) openssl s_client -dtls1_2 \
        -connect "$connect" -no_ign_eof -CAfile "$P/ca-bundle.pem" -verify_return_error -servername localhost \
        -cert "$P/rsa-leaf.pem" -key "$P/rsa-leaf.key.pem" -cert_chain "$P/rsa-int.pem"
    local opid=$IO_LAST_PID
    echo "before renegotiation" >&8
    io_wait_for "$CASE/o_out" "before renegotiation" 8 "$opid" "$SPID" || { io_fail "no echo before"; return 1; }
    echo "R" >&8
    io_wait_for "$CASE/o_err" "RENEGOTIATING" 5 "$opid" || { io_fail "s_client did not renegotiate"; return 1; }
    echo "after renegotiation" >&8
    io_wait_for "$CASE/o_out" "after renegotiation" 8 "$opid" "$SPID" || { io_fail "no echo after"; return 1; }
    exec 8>&-
    io_wait_pid "$opid"
    [ "$IO_RC" -eq 0 ] || { io_fail "s_client exited $IO_RC"; return 1; }
    io_wait_pid "$SPID"
    [ "$IO_RC" -eq 0 ] || { io_fail "cert_server exited $IO_RC"; return 1; }
    [ "$(grep -c '^cert_server: client certificate CN=localhost$' "$CASE/s_err")" -eq 2 ] ||
        { io_fail "the server's certificate callback did not run twice"; return 1; }
    expect_line "$CASE/s_out" "served 1 sessions"
}

if ! command -v openssl >/dev/null 2>&1; then
    echo "SKIP: openssl not installed; OpenSSL cases not run"
    [ -z "${CI:-}" ] || { echo "FAIL: CI installs openssl"; exit 1; }
else
    for row in "${OSSL_SUITES[@]}"; do
        read -r iana ossl key <<<"$row"
        for addr in 127.0.0.1 ::1; do
            io_case "cert_client ($(other "$key") cert) -> s_server $ossl ($addr)" ossl_server "$iana" "$ossl" "$key" "$addr"
            io_case "s_client $ossl ($(other "$key") cert) -> cert_server ($addr)" ossl_client "$iana" "$ossl" "$key" "$addr"
        done
    done
    for addr in 127.0.0.1 ::1; do
        io_case "s_client without a cert -> cert_server verifying: 0x132 ($addr)" ossl_client_no_cert "$addr"
        io_case "s_client renegotiates (R) with cert_server verifying its certificate ($addr)" \
            ossl_client_renegotiates "$addr"
    done
fi

# ---- GnuTLS ----

PRIO="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:-MAC-ALL:-KX-ALL"
# IANA number, a tag, the priority pieces selecting exactly that suite, the server key.
GNUTLS_SUITES=(
    "0x002f rsa-cbc +RSA:+AES-128-CBC:+SHA1 rsa"
    "0x009c rsa-gcm +RSA:+AES-128-GCM:+AEAD rsa"
    "0xc02f ecdhe-rsa-gcm +ECDHE-RSA:+AES-128-GCM:+AEAD rsa"
    "0xc02b ecdsa-gcm +ECDHE-ECDSA:+AES-128-GCM:+AEAD ec"
    "0xc0ae ecdsa-ccm8 +ECDHE-ECDSA:+AES-128-CCM-8:+AEAD ec"
)

# cert_client (other key type) -> gnutls-serv --echo requiring and verifying our certificate: our line comes
# back byte-exact. gnutls-serv never answers close_notify in UDP mode (examples_test.sh), so the close
# reports NX_SECURE_TLS_NO_CLOSE_RESPONSE (0x113).
gnutls_server() {
    local iana="$1" pieces="$2" key="$3" addr="$4"
    local ckey msg
    ckey=$(other "$key")
    PORT=$(io_free_port both) || { io_fail "no free port"; return 1; }
    io_launch "$CASE/g_out" "$CASE/g_err" /dev/null timeout $((T * IO_SLOW)) gnutls-serv --udp --echo -p "$PORT" \
        --priority "$PRIO:$pieces" --x509certfile "$P/$key-chain.pem" --x509keyfile "$P/$key-leaf.key.pem" \
        --require-client-cert --verify-client-cert --x509cafile "$P/ca-bundle.pem"
    io_wait_listen "$PORT" 5 || { io_fail "gnutls-serv did not start"; return 1; }
    msg="to gnutls-serv $iana over $addr"
    client "$addr" "$PORT" "$CAS" localhost "$msg" 1 "$(identity "$ckey")"
    [ "$RC" -eq 0 ] || { io_fail "cert_client exited $RC"; return 1; }
    expect_line "$CASE/c_err" "cert_client: connected, suite $iana" || return 1
    io_expect_file "$CASE/c_out" "$msg\n" || return 1
    expect_line "$CASE/c_err" "cert_client: close: 0x113"
}

# gnutls-cli (other key type) -> cert_server verifying it: gnutls-cli's line comes back byte-exact; its EOF
# sends close_notify and cert_server exits 0.
gnutls_client() {
    local iana="$1" pieces="$2" key="$3" addr="$4"
    local ckey msg
    ckey=$(other "$key")
    start_server 1 "$CAS" "$(identity "$key")" || return 1
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/g_out" "$CASE/g_err" "$CASE/c_in" timeout $((T * IO_SLOW)) gnutls-cli --udp -p "$PORT" "$addr" \
        --priority "$PRIO:$pieces" --x509cafile "$P/ca-bundle.pem" --verify-hostname localhost \
        --sni-hostname localhost --x509certfile "$P/$ckey-chain.pem" --x509keyfile "$P/$ckey-leaf.key.pem" \
        --logfile "$CASE/g_log"
    local gpid=$IO_LAST_PID
    msg="from gnutls-cli $iana over $addr"
    echo "$msg" >&8
    io_wait_for "$CASE/g_out" "$msg" 8 "$gpid" "$SPID" || { io_fail "gnutls-cli got no echo"; return 1; }
    exec 8>&-
    io_wait_pid "$gpid"
    [ "$IO_RC" -eq 0 ] || { io_fail "gnutls-cli exited $IO_RC"; return 1; }
    io_wait_pid "$SPID"
    [ "$IO_RC" -eq 0 ] || { io_fail "cert_server exited $IO_RC"; return 1; }
    expect_line "$CASE/s_out" "served 1 sessions" || return 1
    expect_line "$CASE/s_err" "cert_server: connected, suite $iana" || return 1
    expect_line "$CASE/s_err" "cert_server: client certificate CN=localhost" || return 1
    io_expect_file "$CASE/g_out" "$msg\n"
}

if ! command -v gnutls-serv >/dev/null 2>&1 || ! command -v gnutls-cli >/dev/null 2>&1; then
    echo "SKIP: gnutls-bin not installed; GnuTLS cases not run"
    [ -z "${CI:-}" ] || { echo "FAIL: CI installs gnutls-bin"; exit 1; }
else
    for row in "${GNUTLS_SUITES[@]}"; do
        read -r iana tag pieces key <<<"$row"
        for addr in 127.0.0.1 ::1; do
            io_case "cert_client ($(other "$key") cert) -> gnutls-serv $tag ($addr)" gnutls_server "$iana" "$pieces" "$key" "$addr"
            io_case "gnutls-cli $tag ($(other "$key") cert) -> cert_server ($addr)" gnutls_client "$iana" "$pieces" "$key" "$addr"
        done
    done
fi

io_summary
