#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# openssl_cert_test: nxdtls against OpenSSL 3 (`openssl s_server` / `s_client -dtls1_2`) with every certificate
# suite both support (RSA key transport, ECDHE-ECDSA, ECDHE-RSA), both roles, at MTU 300 (the certificate
# flights are fragmented), with cookies (s_server always sends a HelloVerifyRequest; our server by default),
# with client certificates both ways (s_server -Verify, our --verify-client) and a line each way checked
# byte-exact. Refusals: expired, untrusted, wrong-host and bad-signature server certificates make our client
# fail with the NetX code; a client without a certificate is refused by our verifying server (0x132, alert 42).
# Renegotiation started by OpenSSL both ways (s_client's R, s_server's r) completes and data flows after.
# The test PKI: tests/vectors/x509/pki (RSA-2048 and P-256 chains with an intermediate); the refusal cases make
# their own with cert_pki.sh. Peer command lines and quirks: docs/peers.md.
source "$(dirname "$0")/interop_lib.sh"
source "$(dirname "$0")/cert_pki.sh"
io_require openssl ss python3

PKI="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/vectors/x509/pki"
CA="$PKI/ca-bundle.pem"

# IANA name (ours), OpenSSL name, and the server key each needs (RFC 5246, 5288, 5289, 7251).
SUITES=(
    "TLS_RSA_WITH_AES_128_CBC_SHA AES128-SHA rsa"
    "TLS_RSA_WITH_AES_256_CBC_SHA AES256-SHA rsa"
    "TLS_RSA_WITH_AES_128_CBC_SHA256 AES128-SHA256 rsa"
    "TLS_RSA_WITH_AES_128_GCM_SHA256 AES128-GCM-SHA256 rsa"
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ECDHE-ECDSA-AES256-GCM-SHA384 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ECDHE-ECDSA-AES128-SHA256 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 ECDHE-ECDSA-AES128-CCM8 ec"
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256 rsa"
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ECDHE-RSA-AES256-GCM-SHA384 rsa"
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE-RSA-AES128-SHA256 rsa"
)

T=10 # seconds any one process may live

# other KEY: the client certificate's key type, the one the server does not use (both kinds get exercised).
other() {
    [ "$1" = rsa ] && echo ec || echo rsa
}

# nx_client_vs_s_server IANA OSSL KEY CLIENTKEY: nxdtls client -> s_server -Verify, MTU 300 both, with a client
# certificate of CLIENTKEY ("none": s_server only asks and we answer with an empty list, -verify 4).
nx_client_vs_s_server() {
    local iana="$1" ossl="$2" key="$3" ckey="$4"
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    local peer_auth=(-Verify 4 -CAfile "$CA" -verify_return_error) nx_auth=()
    if [ "$ckey" = none ]; then
        peer_auth=(-verify 4 -CAfile "$CA")
    else
        nx_auth=(--cert "$PKI/$ckey-chain.pem" --key "$PKI/$ckey-leaf.key.pem")
    fi
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "127.0.0.1:$port" -naccept 1 -quiet -cipher "$ossl" -cert "$PKI/$key-leaf.pem" \
        -key "$PKI/$key-leaf.key.pem" -cert_chain "$PKI/$key-int.pem" -mtu 300 "${peer_auth[@]}"
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "s_server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --ca "$CA" --servername localhost --ciphers "$iana" --mtu 300 --wait 0 --timeout 6000 \
        ${nx_auth[@]+"${nx_auth[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping $iana" >&8
    io_wait_for "$CASE/s_out" "ping $iana" 6 "$spid" "$cpid" || { io_fail "s_server did not get our line"; return 1; }
    echo "pong $ossl" >&7
    io_wait_for "$CASE/c_out" "pong $ossl" 4 "$spid" "$cpid" || { io_fail "we did not get s_server's line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_server exited $rc"; return 1; }
    io_expect_file "$CASE/c_out" "pong $ossl\n" || return 1
    io_expect_file "$CASE/s_out" "ping $iana\n" || return 1
}

# s_client_vs_nx_server IANA OSSL KEY CLIENTKEY [NX_OPTS...]: s_client -> nxdtls server --once (cookies),
# MTU 300 both; with CLIENTKEY the server requires the client's certificate (--verify-client).
s_client_vs_nx_server() {
    local iana="$1" ossl="$2" key="$3" ckey="$4"
    shift 4
    local peer_auth=() nx_auth=()
    if [ "$ckey" != none ]; then
        peer_auth=(-cert "$PKI/$ckey-leaf.pem" -key "$PKI/$ckey-leaf.key.pem" -cert_chain "$PKI/$ckey-int.pem")
        nx_auth=(--ca "$CA" --verify-client)
    fi
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$PKI/$key-chain.pem" --key "$PKI/$key-leaf.key.pem" --ciphers "$iana" --mtu 300 --once \
        ${nx_auth[@]+"${nx_auth[@]}"} "$@"
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -cipher "$ossl" -quiet -no_ign_eof -mtu 300 -CAfile "$CA" -verify_return_error \
        -verify_hostname localhost -servername localhost ${peer_auth[@]+"${peer_auth[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping $ossl" >&8
    io_wait_for "$CASE/s_out" "ping $ossl" 6 "$spid" "$cpid" || { io_fail "we did not get s_client's line"; return 1; }
    echo "pong $iana" >&7
    io_wait_for "$CASE/c_out" "pong $iana" 4 "$spid" "$cpid" || { io_fail "s_client did not get our line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/s_out" "ping $ossl\n" || return 1
    io_expect_file "$CASE/c_out" "pong $iana\n" || return 1
}

# nx_client_refuses CODE NAME SERVERNAME: s_server presents the generated PKI's NAME chain; our client, which
# trusts only the generated root, must fail with CODE (exit 1) and send nothing.
nx_client_refuses() {
    local code="$1" name="$2" host="$3"
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    mkfifo "$CASE/s_in"
    exec 7<>"$CASE/s_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "127.0.0.1:$port" -naccept 1 -quiet -cert "$GEN/$name.pem" -key "$GEN/$name.key.pem" \
        -cert_chain "$GEN/int.pem" -mtu 300
    io_wait_listen "$port" 3 || { io_fail "s_server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --ca "$GEN/root.pem" --servername "$host" --mtu 300 --timeout 4000 --message "never"
    local rc
    io_wait_pid "$IO_LAST_PID"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc, expected 1"; return 1; }
    grep -q "error: $code" "$CASE/c_err" || { io_fail "client did not report $code"; return 1; }
    [ ! -s "$CASE/s_out" ] || { io_fail "s_server printed application data"; return 1; }
}

# s_client_without_cert: our server requires a client certificate; s_client has none and answers with an
# empty Certificate: the server fails with NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED (0x132) and sends
# bad_certificate (42), which s_client reports before it exits 1.
s_client_without_cert() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$PKI/ec-chain.pem" --key "$PKI/ec-leaf.key.pem" --ca "$CA" --verify-client --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -quiet -no_ign_eof -CAfile "$CA"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    grep -q "error: NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED (0x132)" "$CASE/s_err" ||
        { io_fail "server did not report 0x132"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -ne 0 ] || { io_fail "s_client exited 0 without a certificate"; return 1; }
    grep -q "alert number 42" "$CASE/c_err" || { io_fail "s_client saw no bad_certificate alert"; return 1; }
}

# s_client_renegotiates: s_client (not -quiet, so a line "R" renegotiates) -> nxdtls server --echo -v. A line
# before, the renegotiation, a line after: both echoed; our server logs the renegotiation.
s_client_renegotiates() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$PKI/rsa-chain.pem" --key "$PKI/rsa-leaf.key.pem" --echo --once -v
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -no_ign_eof -CAfile "$CA" -verify_return_error -servername localhost
    local cpid=$IO_LAST_PID
    echo "before renegotiation" >&8
    io_wait_for "$CASE/c_out" "before renegotiation" 4 "$spid" "$cpid" || { io_fail "no echo before"; return 1; }
    echo "R" >&8
    io_wait_for "$CASE/s_err" "renegotiation done" 4 "$spid" "$cpid" || { io_fail "no renegotiation"; return 1; }
    echo "after renegotiation" >&8
    io_wait_for "$CASE/c_out" "after renegotiation" 4 "$spid" "$cpid" || { io_fail "no echo after"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "s_client exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    grep -q "RENEGOTIATING" "$CASE/c_err" || { io_fail "s_client did not renegotiate"; return 1; }
}

# s_server_renegotiates: nxdtls client -v -> s_server (not -quiet, so a line "r" sends HelloRequest). A line
# each way before and after; our client logs the renegotiation.
s_server_renegotiates() {
    local port
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "127.0.0.1:$port" -naccept 1 -cert "$PKI/ec-leaf.pem" -key "$PKI/ec-leaf.key.pem" \
        -cert_chain "$PKI/ec-int.pem"
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "s_server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --ca "$CA" --servername localhost --wait 0 --timeout 4000 -v
    local cpid=$IO_LAST_PID
    echo "first line" >&8
    io_wait_for "$CASE/s_out" "first line" 4 "$spid" "$cpid" || { io_fail "s_server did not get our line"; return 1; }
    echo "r" >&7
    io_wait_for "$CASE/c_err" "renegotiation done" 4 "$spid" "$cpid" || { io_fail "no renegotiation"; return 1; }
    echo "second line" >&8
    io_wait_for "$CASE/s_out" "second line" 4 "$spid" "$cpid" || { io_fail "no line after"; return 1; }
    echo "from s_server" >&7
    io_wait_for "$CASE/c_out" "from s_server" 4 "$spid" "$cpid" || { io_fail "no line from s_server"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    io_expect_file "$CASE/c_out" "from s_server\n"
}

for row in "${SUITES[@]}"; do
    set -- $row
    ckey=$(other "$3")
    io_case "nxdtls client -> s_server $2, MTU 300, client cert ($ckey)" nx_client_vs_s_server "$1" "$2" "$3" "$ckey"
    io_case "s_client $2 -> nxdtls server, MTU 300, client cert ($ckey)" s_client_vs_nx_server "$1" "$2" "$3" "$ckey"
done
io_case "nxdtls client -> s_server -verify (no client cert) ECDHE-ECDSA-AES128-GCM-SHA256" nx_client_vs_s_server \
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256 ec none
io_case "s_client AES128-GCM-SHA256 -> nxdtls server, no client cert" s_client_vs_nx_server \
    TLS_RSA_WITH_AES_128_GCM_SHA256 AES128-GCM-SHA256 rsa none
io_case "s_client ECDHE-RSA-AES128-GCM-SHA256 -> nxdtls server --no-cookie" s_client_vs_nx_server \
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256 rsa ec --no-cookie

GEN="$IO_WORK/pki"
if cert_pki_make "$GEN"; then
    io_case "refused: expired server certificate (0x193)" nx_client_refuses \
        "NX_SECURE_X509_CERTIFICATE_EXPIRED (0x193)" expired localhost
    io_case "refused: untrusted server certificate (0x11B)" nx_client_refuses \
        "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11B)" rogue localhost
    io_case "refused: wrong host (0x195)" nx_client_refuses \
        "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195)" wronghost localhost
    io_case "refused: server certificate with a bad signature (0x117)" nx_client_refuses \
        "NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED (0x117)" badsig localhost
    io_case "refused: --servername names another host (0x195)" nx_client_refuses \
        "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195)" good other.example.org
else
    io_case "generate the refusal PKI" io_fail "cert_pki_make failed"
fi
io_case "refused: s_client without a certificate -> nxdtls server --verify-client (0x132)" s_client_without_cert
io_case "renegotiation started by s_client (R)" s_client_renegotiates
io_case "renegotiation started by s_server (r)" s_server_renegotiates
io_summary
