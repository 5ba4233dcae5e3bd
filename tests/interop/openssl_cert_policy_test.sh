#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# openssl_cert_policy_test: the certificate policy (docs/security.md) against OpenSSL 3 (`openssl s_server` /
# `s_client -dtls1_2`), with the policy PKI of tests/vectors/x509/policy (make-policy-pki.sh):
# - trust anchors taken as given: our client completes against s_server presenting a leaf under a v1 root and
#   under a root with non-critical basicConstraints (what NetX and OpenSSL accept), and s_client, trusting the
#   v1 root, completes against our server presenting that leaf: both libraries agree on these anchors;
# - keyUsage: our verifying server refuses s_client's keyEncipherment-only RSA client certificate, which OpenSSL
#   signs CertificateVerify with (0x1A0, alert 43 at s_client). (s_server itself will not serve a leaf whose
#   keyUsage does not fit the suite, "no shared cipher", so our client's side is tested in tests/dtls and
#   tests/tool.)
# - legacy cryptography: our client refuses a SHA-1 signed leaf (0x116) and an RSA-1024 leaf (0x10D) unless
#   --allow-legacy-certs, with which both complete (s_server runs at @SECLEVEL=0 to serve them at all).
source "$(dirname "$0")/interop_lib.sh"
io_require openssl ss python3

POL="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/vectors/x509/policy"
T=10 # seconds any one process may live

# s_server_start NAME [OPENSSL_ARGS...]: s_server presenting the policy leaf NAME; sets SPID and PORT.
s_server_start() {
    local name="$1"
    shift
    PORT=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    mkfifo "$CASE/s_in"
    exec 7<>"$CASE/s_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T openssl s_server -dtls1_2 \
        -accept "127.0.0.1:$PORT" -naccept 1 -quiet -cert "$POL/$name.pem" -key "$POL/$name.key.pem" "$@"
    SPID=$IO_LAST_PID
    io_wait_listen "$PORT" 3 || { io_fail "s_server did not start"; return 1; }
}

# nx_client_completes NAME ANCHOR [NX_OPTS...]: our client, trusting only ANCHOR, completes with s_server
# presenting NAME; a line each way, byte-exact.
nx_client_completes() {
    local name="$1" anchor="$2"
    shift 2
    s_server_start "$name" -cipher 'ALL:@SECLEVEL=0' || return 1
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T "$NXDTLS" client "127.0.0.1:$PORT" \
        --ca "$POL/$anchor.pem" --servername localhost --wait 0 --timeout 6000 "$@"
    local cpid=$IO_LAST_PID
    echo "ping $name" >&8
    io_wait_for "$CASE/s_out" "ping $name" 6 "$SPID" "$cpid" || { io_fail "s_server did not get our line"; return 1; }
    echo "pong $name" >&7
    io_wait_for "$CASE/c_out" "pong $name" 4 "$SPID" "$cpid" || { io_fail "we did not get s_server's line"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"
    [ "$IO_RC" -eq 0 ] || { io_fail "nxdtls client exited $IO_RC"; return 1; }
    io_expect_file "$CASE/c_out" "pong $name\n"
}

# nx_client_refuses NAME ANCHOR CODE ALERT: our client fails with CODE (exit 1), sends nothing, and s_server
# reports the alert ALERT we sent.
nx_client_refuses() {
    local name="$1" anchor="$2" code="$3" alert="$4"
    s_server_start "$name" -cipher 'ALL:@SECLEVEL=0' || return 1
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$PORT" \
        --ca "$POL/$anchor.pem" --servername localhost --timeout 4000 --message never
    io_wait_pid "$IO_LAST_PID"
    [ "$IO_RC" -eq 1 ] || { io_fail "nxdtls client exited $IO_RC, expected 1"; return 1; }
    grep -q "error: $code" "$CASE/c_err" || { io_fail "client did not report $code"; return 1; }
    [ ! -s "$CASE/s_out" ] || { io_fail "s_server printed application data"; return 1; }
    io_wait_pid "$SPID"
    grep -q "alert $alert" "$CASE/s_err" || { io_fail "s_server did not see alert '$alert'"; return 1; }
}

# s_client_completes: s_client trusting the v1 root -> our server presenting v1-leaf; a line each way.
s_client_completes() {
    mkfifo "$CASE/s_in" "$CASE/c_in"
    exec 7<>"$CASE/s_in" 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" "$CASE/s_in" timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$POL/v1-leaf.pem" --key "$POL/v1-leaf.key.pem" --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -quiet -no_ign_eof -CAfile "$POL/v1-root.pem" -verify_return_error \
        -verify_hostname localhost -servername localhost
    local cpid=$IO_LAST_PID
    echo "ping v1" >&8
    io_wait_for "$CASE/s_out" "ping v1" 6 "$spid" "$cpid" || { io_fail "we did not get s_client's line"; return 1; }
    echo "pong v1" >&7
    io_wait_for "$CASE/c_out" "pong v1" 4 "$spid" "$cpid" || { io_fail "s_client did not get our line"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"
    [ "$IO_RC" -eq 0 ] || { io_fail "s_client exited $IO_RC"; return 1; }
    io_wait_pid "$spid"
    [ "$IO_RC" -eq 0 ] || { io_fail "nxdtls server --once exited $IO_RC"; return 1; }
}

# s_client_keyenc_cert: our verifying server refuses s_client's keyEncipherment-only RSA certificate.
s_client_keyenc_cert() {
    mkfifo "$CASE/c_in"
    exec 8<>"$CASE/c_in"
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 \
        --cert "$POL/ku-ec-sign.pem" --key "$POL/ku-ec-sign.key.pem" --ca "$POL/pol-rsa-root.pem" \
        --verify-client --once
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" "$CASE/c_in" timeout $T openssl s_client -dtls1_2 \
        -connect "127.0.0.1:$port" -quiet -no_ign_eof -cert "$POL/ku-rsa-keyenc.pem" \
        -key "$POL/ku-rsa-keyenc.key.pem"
    local cpid=$IO_LAST_PID
    io_wait_pid "$spid"
    [ "$IO_RC" -eq 1 ] || { io_fail "nxdtls server --once exited $IO_RC, expected 1"; return 1; }
    grep -q "error: NX_SECURE_X509_KEY_USAGE_ERROR (0x1A0)" "$CASE/s_err" ||
        { io_fail "server did not report 0x1A0"; return 1; }
    exec 8>&-
    io_wait_pid "$cpid"
    [ "$IO_RC" -ne 0 ] || { io_fail "s_client exited 0"; return 1; }
    grep -q "alert number 43" "$CASE/c_err" || { io_fail "s_client saw no unsupported_certificate alert"; return 1; }
}

io_case "v1 root anchors s_server's chain" nx_client_completes v1-leaf v1-root
io_case "root with non-critical basicConstraints anchors s_server's chain" nx_client_completes ncbc-leaf ncbc-root
io_case "s_client trusting the v1 root -> nxdtls server" s_client_completes
io_case "refused: keyEncipherment-only client certificate (0x1A0, alert 43)" s_client_keyenc_cert
io_case "refused: SHA-1 signed leaf (0x116)" nx_client_refuses sha1-ec-leaf pol-ec-root \
    "NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM (0x116)" "certificate unknown"
io_case "SHA-1 signed leaf with --allow-legacy-certs" nx_client_completes sha1-ec-leaf pol-ec-root --allow-legacy-certs
io_case "refused: RSA-1024 leaf (0x10D)" nx_client_refuses rsa1024-leaf pol-rsa-root \
    "NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (0x10D)" "unsupported certificate"
io_case "RSA-1024 leaf with --allow-legacy-certs" nx_client_completes rsa1024-leaf pol-rsa-root --allow-legacy-certs
io_summary
