#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cert_policy_test: keyUsage and legacy cryptography end to end, `nxdtls server` against `nxdtls client` over loopback with
# the policy PKI of tests/vectors/x509/policy (make-policy-pki.sh): each keyUsage that does not fit the key
# exchange fails the client with NX_SECURE_X509_KEY_USAGE_ERROR (0x1A0) and the server sees the
# unsupported_certificate alert; a SHA-1 signed server leaf (0x116) and an RSA-1024 client certificate (0x10D)
# are refused unless --allow-legacy-certs is given on the verifying side.
source "$(dirname "$0")/../interop/interop_lib.sh"
io_require ss python3

POL="${NXDTLS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/vectors/x509/policy"
T=10

# pair WANT_RC WANT_TEXT WHO -- SERVER_ARGS... -- CLIENT_ARGS...: one handshake (`nxdtls server --once -v`,
# `nxdtls client --message hi`); the client must exit WANT_RC and WHO's stderr (c_err or s_err) contain
# WANT_TEXT; on success the server must have received "hi".
pair() {
    local want_rc="$1" want_text="$2" who="$3"
    shift 4
    local sargs=()
    while [ "$1" != -- ]; do
        sargs+=("$1")
        shift
    done
    shift
    io_launch "$CASE/s_out" "$CASE/s_err" /dev/null timeout $T "$NXDTLS" server --listen 127.0.0.1:0 --once -v \
        "${sargs[@]}"
    local spid=$IO_LAST_PID port
    port=$(io_nxdtls_port "$CASE/s_err" 3) || { io_fail "nxdtls server did not start"; return 1; }
    io_launch "$CASE/c_out" "$CASE/c_err" /dev/null timeout $T "$NXDTLS" client "127.0.0.1:$port" \
        --servername localhost --timeout 4000 --wait 0 --message hi "$@"
    io_wait_pid "$IO_LAST_PID"
    [ "$IO_RC" -eq "$want_rc" ] || { io_fail "nxdtls client exited $IO_RC, expected $want_rc"; return 1; }
    io_wait_pid "$spid"
    grep -qF -- "$want_text" "$CASE/$who" || { io_fail "$who lacks '$want_text'"; return 1; }
    if [ "$want_rc" -eq 0 ]; then
        io_expect_file "$CASE/s_out" "hi" || return 1
    else
        [ ! -s "$CASE/s_out" ] || { io_fail "the server received application data"; return 1; }
    fi
}

KU="error: NX_SECURE_X509_KEY_USAGE_ERROR (0x1A0)"
key() { echo --cert "$POL/$1.pem" --key "$POL/$1.key.pem"; }

# shellcheck disable=SC2046
{
io_case "keyAgreement-only ECDSA leaf refused (0x1A0)" pair 1 "$KU" c_err -- $(key ku-ec-keyagree) -- \
    --ca "$POL/pol-ec-root.pem"
io_case "keyEncipherment-only ECDSA leaf refused (0x1A0)" pair 1 "$KU" c_err -- $(key ku-ec-keyenc) -- \
    --ca "$POL/pol-ec-root.pem"
io_case "CA certificate as server leaf refused (0x1A0)" pair 1 "$KU" c_err -- $(key ku-ec-ca) -- \
    --ca "$POL/pol-ec-root.pem"
io_case "keyEncipherment-only RSA leaf signing ECDHE_RSA refused (0x1A0)" pair 1 "$KU" c_err -- \
    $(key ku-rsa-keyenc) --ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -- --ca "$POL/pol-rsa-root.pem"
io_case "keyEncipherment-only RSA leaf for RSA key transport completes" pair 0 "handshake done" s_err -- \
    $(key ku-rsa-keyenc) --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256 -- --ca "$POL/pol-rsa-root.pem"
io_case "digitalSignature-only RSA leaf for RSA key transport refused (0x1A0)" pair 1 "$KU" c_err -- \
    $(key ku-rsa-sign) --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256 -- --ca "$POL/pol-rsa-root.pem"
io_case "keyEncipherment-only client certificate refused by the server (0x1A0)" pair 1 "$KU" s_err -- \
    $(key ku-ec-sign) --ca "$POL/pol-rsa-root.pem" --verify-client -- --ca "$POL/pol-ec-root.pem" \
    $(key ku-rsa-keyenc)
io_case "SHA-1 signed server leaf refused (0x116)" pair 1 "(0x116)" c_err -- $(key sha1-ec-leaf) -- \
    --ca "$POL/pol-ec-root.pem"
io_case "SHA-1 signed server leaf, client --allow-legacy-certs" pair 0 "handshake done" s_err -- \
    $(key sha1-ec-leaf) -- --ca "$POL/pol-ec-root.pem" --allow-legacy-certs
io_case "RSA-1024 client certificate refused by the server (0x10D)" pair 1 "(0x10D)" s_err -- \
    $(key ku-ec-sign) --ca "$POL/pol-rsa-root.pem" --verify-client -- --ca "$POL/pol-ec-root.pem" \
    $(key rsa1024-leaf)
io_case "RSA-1024 client certificate, server --allow-legacy-certs" pair 0 "handshake done" s_err -- \
    $(key ku-ec-sign) --ca "$POL/pol-rsa-root.pem" --verify-client --allow-legacy-certs -- \
    --ca "$POL/pol-ec-root.pem" $(key rsa1024-leaf)
}
io_summary
