#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# gnutls_cert_test: nxdtls against GnuTLS 3.7 (`gnutls-serv --udp --echo` / `gnutls-cli --udp`) with every
# certificate suite both support (RSA key transport, ECDHE-ECDSA, ECDHE-RSA), both roles, at MTU 300, with
# cookies (gnutls-serv always sends a HelloVerifyRequest; our server by default), with client certificates both
# ways (gnutls-serv --require-client-cert --verify-client-cert, our --verify-client), data both ways checked
# byte-exact (against gnutls-serv, which can only echo in UDP mode, our line comes back). Refusals: expired,
# untrusted, wrong-host and bad-signature server certificates make our client fail with the NetX code; a client
# without a certificate is refused by our verifying server (0x132, alert 42). Peer command lines: docs/peers.md.
source "$(dirname "$0")/interop_lib.sh"
source "$(dirname "$0")/cert_pki.sh"
io_require gnutls-serv gnutls-cli openssl ss python3

PKI="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/vectors/x509/pki"
CA="$PKI/ca-bundle.pem"

PRIO="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:-MAC-ALL:-KX-ALL"
# IANA name (ours), a tag, the GnuTLS priority pieces selecting exactly that suite, and the server key.
SUITES=(
    "TLS_RSA_WITH_AES_128_CBC_SHA rsa-cbc-sha1 +RSA:+AES-128-CBC:+SHA1 rsa"
    "TLS_RSA_WITH_AES_256_CBC_SHA rsa-cbc256-sha1 +RSA:+AES-256-CBC:+SHA1 rsa"
    "TLS_RSA_WITH_AES_128_CBC_SHA256 rsa-cbc-sha256 +RSA:+AES-128-CBC:+SHA256 rsa"
    "TLS_RSA_WITH_AES_128_GCM_SHA256 rsa-gcm128 +RSA:+AES-128-GCM:+AEAD rsa"
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ecdsa-gcm128 +ECDHE-ECDSA:+AES-128-GCM:+AEAD ec"
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ecdsa-gcm256 +ECDHE-ECDSA:+AES-256-GCM:+AEAD ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ecdsa-cbc-sha256 +ECDHE-ECDSA:+AES-128-CBC:+SHA256 ec"
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 ecdsa-ccm8 +ECDHE-ECDSA:+AES-128-CCM-8:+AEAD ec"
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ecdhe-rsa-gcm128 +ECDHE-RSA:+AES-128-GCM:+AEAD rsa"
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ecdhe-rsa-gcm256 +ECDHE-RSA:+AES-256-GCM:+AEAD rsa"
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 ecdhe-rsa-cbc-sha256 +ECDHE-RSA:+AES-128-CBC:+SHA256 rsa"
)

T=10 # seconds any one process may live

other() {
    [ "$1" = rsa ] && echo ec || echo rsa
}

# nx_client_vs_serv IANA PIECES KEY CLIENTKEY [CHAIN KEYFILE CAFILE SERVERNAME EXPECT_CODE]: nxdtls client ->
# gnutls-serv --echo at MTU 300; with CLIENTKEY (not "none") the server requires and verifies our certificate.
# With EXPECT_CODE the handshake must instead fail on our side with that code.
nx_client_vs_serv() {
    local iana="$1" pieces="$2" key="$3" ckey="$4"
    local chain="${5:-$PKI/$key-chain.pem}" keyfile="${6:-$PKI/$key-leaf.key.pem}" cafile="${7:-$CA}"
    local name="${8:-localhost}" expect="${9:-}"
    local port
    port=$(io_free_port both) || { io_fail "no free port"; return 1; }
    local peer_auth=(--disable-client-cert) nx_auth=()
    if [ "$ckey" != none ]; then
        peer_auth=(--require-client-cert --verify-client-cert --x509cafile "$CA")
        nx_auth=(--cert "$PKI/$ckey-chain.pem" --key "$PKI/$ckey-leaf.key.pem")
    fi
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T gnutls-serv --udp --echo -p "$port" \
        --priority "$PRIO:$pieces" --x509certfile "$chain" --x509keyfile "$keyfile" --mtu 300 "${peer_auth[@]}"
    local spid=$IO_LAST_PID
    io_wait_listen "$port" 3 || { io_fail "gnutls-serv did not start"; return 1; }
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --ca "$cafile" --servername "$name" --ciphers "$iana" --mtu 300 --wait 0 --timeout 6000 \
        ${nx_auth[@]+"${nx_auth[@]}"}
    local cpid=$IO_LAST_PID rc
    if [ -n "$expect" ]; then
        io_wait_pid "$cpid"; rc=$IO_RC
        [ "$rc" -eq 1 ] || { io_fail "nxdtls client exited $rc, expected 1"; return 1; }
        grep -q "error: $expect" "$CASE/c_err" || { io_fail "client did not report $expect"; return 1; }
        return 0
    fi
    echo "ping $iana" >&8
    io_wait_for "$CASE/c_out" "ping $iana" 6 "$spid" "$cpid" || { io_fail "no echo from gnutls-serv"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls client exited $rc"; return 1; }
    grep -q "error:" "$CASE/c_err" && { io_fail "nxdtls client printed an error"; return 1; }
    io_expect_file "$CASE/c_out" "ping $iana\n"
}

# cli_vs_nx_server IANA PIECES KEY CLIENTKEY [NX_OPTS...]: gnutls-cli -> nxdtls server --once at MTU 300; a
# distinct line each way; with CLIENTKEY our server requires gnutls-cli's certificate.
cli_vs_nx_server() {
    local iana="$1" pieces="$2" key="$3" ckey="$4"
    shift 4
    local peer_auth=() nx_auth=()
    if [ "$ckey" != none ]; then
        peer_auth=(--x509certfile "$PKI/$ckey-chain.pem" --x509keyfile "$PKI/$ckey-leaf.key.pem")
        nx_auth=(--ca "$CA" --verify-client)
    fi
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$PKI/$key-chain.pem" --key "$PKI/$key-leaf.key.pem" --ciphers "$iana" --mtu 300 --once \
        ${nx_auth[@]+"${nx_auth[@]}"} "$@"
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T gnutls-cli --udp -p "$port" 127.0.0.1 \
        --priority "$PRIO:$pieces" --x509cafile "$CA" --verify-hostname localhost --sni-hostname localhost \
        --mtu 300 --logfile "$CASE/c_log" ${peer_auth[@]+"${peer_auth[@]}"}
    local cpid=$IO_LAST_PID
    echo "ping gnutls" >&8
    io_wait_for "$CASE/s_out" "ping gnutls" 6 "$spid" "$cpid" || { io_fail "we did not get gnutls-cli's line"; return 1; }
    echo "pong $iana" >&7
    io_wait_for "$CASE/c_out" "pong $iana" 4 "$spid" "$cpid" || { io_fail "gnutls-cli did not get our line"; return 1; }
    exec 8>&-
    local rc
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "gnutls-cli exited $rc"; return 1; }
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 0 ] || { io_fail "nxdtls server --once exited $rc"; return 1; }
    io_expect_file "$CASE/s_out" "ping gnutls\n" || return 1
    io_expect_file "$CASE/c_out" "pong $iana\n"
}

# cli_without_cert: gnutls-cli has no certificate; our verifying server fails with 0x132 and sends
# bad_certificate (42), which gnutls-cli logs before it exits 1.
cli_without_cert() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$PKI/rsa-chain.pem" --key "$PKI/rsa-leaf.key.pem" --ca "$CA" --verify-client --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T gnutls-cli --udp -p "$port" 127.0.0.1 \
        --priority "$PRIO:+ECDHE-RSA:+AES-128-GCM:+AEAD" --x509cafile "$CA" --verify-hostname localhost \
        --logfile "$CASE/c_log"
    local cpid=$IO_LAST_PID rc
    io_wait_pid "$spid"; rc=$IO_RC
    [ "$rc" -eq 1 ] || { io_fail "nxdtls server --once exited $rc, expected 1"; return 1; }
    grep -q "error: NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED (0x132)" "$CASE/s_err" ||
        { io_fail "server did not report 0x132"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"; rc=$IO_RC
    [ "$rc" -ne 0 ] || { io_fail "gnutls-cli exited 0 without a certificate"; return 1; }
    grep -q "Received alert \[42\]" "$CASE/c_log" || { io_fail "gnutls-cli saw no bad_certificate alert"; return 1; }
}

for row in "${SUITES[@]}"; do
    set -- $row
    ckey=$(other "$4")
    io_case "nxdtls client -> gnutls-serv $2, MTU 300, client cert ($ckey)" nx_client_vs_serv "$1" "$3" "$4" "$ckey"
    io_case "gnutls-cli $2 -> nxdtls server, MTU 300, client cert ($ckey)" cli_vs_nx_server "$1" "$3" "$4" "$ckey"
done
io_case "nxdtls client -> gnutls-serv ecdsa-gcm128, no client cert" nx_client_vs_serv \
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 "+ECDHE-ECDSA:+AES-128-GCM:+AEAD" ec none
io_case "gnutls-cli rsa-gcm128 -> nxdtls server, no client cert, no cookie" cli_vs_nx_server \
    TLS_RSA_WITH_AES_128_GCM_SHA256 "+RSA:+AES-128-GCM:+AEAD" rsa none --no-cookie

GEN="$IO_WORK/pki"
ECDSA="+ECDHE-ECDSA:+AES-128-GCM:+AEAD"
if cert_pki_make "$GEN"; then
    # Certificate, expected code and its value, the name our client asks for.
    for row in "expired NX_SECURE_X509_CERTIFICATE_EXPIRED 0x193 localhost" \
        "rogue NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND 0x11B localhost" \
        "wronghost NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH 0x195 localhost" \
        "badsig NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED 0x117 localhost" \
        "good NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH 0x195 other.example.org"; do
        set -- $row
        io_case "refused: gnutls-serv with the $1 certificate, --servername $4 ($3)" nx_client_vs_serv \
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 "$ECDSA" ec none "$GEN/$1-chain.pem" "$GEN/$1.key.pem" \
            "$GEN/root.pem" "$4" "$2 ($3)"
    done
else
    io_case "generate the refusal PKI" io_fail "cert_pki_make failed"
fi
io_case "refused: gnutls-cli without a certificate -> nxdtls server --verify-client (0x132)" cli_without_cert
io_summary
