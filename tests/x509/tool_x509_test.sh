#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tool_x509_test: drives `nxdtls x509 verify` over the test PKI (scripts/make-test-pki.sh): the printed
# result (OK or NAME (0xHEX)) and the exit status (0 valid, 1 not valid or unreadable, 2 usage) of every path.
set -u
bin="${NXDTLS_BUILD_DIR:?}/nxdtls"
pki="${NXDTLS_SOURCE_DIR:?}/tests/vectors/x509/pki"
if [ ! -x "$bin" ]; then
    echo "missing $bin" >&2
    exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
runs=0

# expect STATUS OUTPUT ARGS...: run `nxdtls x509 verify ARGS` and compare.
expect() {
    local want_status="$1" want_out="$2"
    shift 2
    local out status
    out="$("$bin" x509 verify "$@" 2>/dev/null)"
    status=$?
    runs=$((runs + 1))
    if [ "$status" != "$want_status" ] || { [ -n "$want_out" ] && [ "$out" != "$want_out" ]; }; then
        echo "FAIL: x509 verify $* -> $status '$out', expected $want_status '$want_out'" >&2
        fails=$((fails + 1))
    fi
}

cd "$pki"
expect 0 OK rsa-chain.pem --ca ca-bundle.pem --host localhost
expect 0 OK rsa-leaf.pem --chain rsa-int.pem --ca rsa-root.pem --host 127.0.0.1 --purpose server
expect 0 OK ec-leaf.der --chain ec-int.der --ca ec-root.der --host ::1
expect 0 OK ec384-leaf.pem --chain ec-int.pem --ca ca-bundle.pem
expect 0 OK rsa-pss-leaf.der --chain rsa-int.der --ca rsa-root.der --time 1735689600
expect 1 "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195)" rsa-chain.pem --ca ca-bundle.pem --host example.com
expect 1 "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195)" wild-bad-leaf.pem --chain ec-int.pem --ca ec-root.pem \
    --host foo.example.test
expect 0 OK wild-good-leaf.pem --chain ec-int.pem --ca ec-root.pem --host a.example.test
expect 1 "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH (0x195)" wild-good-leaf.pem --chain ec-int.pem --ca ec-root.pem \
    --host a.b.example.test
expect 1 "NX_SECURE_X509_CERTIFICATE_EXPIRED (0x193)" expired-leaf.pem --chain rsa-int.pem --ca rsa-root.pem
# In 2000 the leaf was valid but its issuers (2024-2099) were not yet: issuers' periods count too.
expect 1 "NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID (0x194)" expired-leaf.pem --chain rsa-int.pem --ca rsa-root.pem \
    --time 978000000 --purpose client
expect 1 "NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID (0x194)" notyet-leaf.pem --chain rsa-int.pem --ca rsa-root.pem
expect 1 "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11B)" rsa-leaf.pem --ca rsa-root.pem
expect 1 "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11B)" rogue-leaf.pem --chain rogue-root.pem --ca ca-bundle.pem
expect 1 "NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED (0x117)" rsa-leaf-badsig.der --chain rsa-int.der --ca rsa-root.der
expect 1 "NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C)" notca-leaf.pem --chain rsa-leaf.pem --chain rsa-int.pem \
    --ca rsa-root.pem
expect 1 "NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C)" deep-leaf.pem --chain rsa-int2.pem --chain rsa-int.pem \
    --ca rsa-root.pem
expect 1 "NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND (0x19F)" client-leaf.pem --chain ec-int.pem --ca ec-root.pem \
    --purpose server
expect 0 OK client-leaf.pem --chain ec-int.pem --ca ec-root.pem --purpose client
expect 1 "NX_SECURE_X509_CRL_CERTIFICATE_REVOKED (0x199)" revoked-leaf.pem --chain rsa-int.pem --ca rsa-root.pem \
    --crl rsa-int.crl.der
expect 0 OK rsa-leaf.pem --chain rsa-int.pem --ca rsa-root.pem --crl rsa-int.crl.der
expect 1 "NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT (0x11A)" self-leaf.pem --ca self-leaf.pem
expect 0 OK self-leaf.pem --ca self-leaf.pem --allow-self-signed --host localhost
expect 1 "NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT (0x11A)" self-leaf.pem --ca rsa-root.pem --allow-self-signed

# The policy PKI (tests/vectors/x509/policy): trust anchors taken as given, legacy cryptography
# refused unless --allow-legacy-certs (docs/security.md).
cd "$pki/../policy"
expect 0 OK v1-leaf.pem --ca v1-root.pem --host localhost --purpose server
expect 0 OK ncbc-leaf.der --ca ncbc-root.der --purpose server
expect 1 "NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C)" ncbc-int-leaf-chain.pem --ca pol-ec-root.pem
expect 1 "NX_SECURE_X509_CHAIN_VERIFY_FAILURE (0x18C)" v1-int-leaf-chain.pem --ca pol-rsa-root.pem
expect 1 "NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM (0x116)" sha1-ec-leaf.pem --ca pol-ec-root.pem
expect 0 OK sha1-ec-leaf.pem --ca pol-ec-root.pem --allow-legacy-certs
expect 1 "NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM (0x116)" sha1-int-leaf-chain.pem --ca pol-ec-root.pem
expect 0 OK sha1-int-leaf-chain.pem --ca pol-ec-root.pem --allow-legacy-certs
expect 1 "NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (0x10D)" rsa1024-leaf.pem --ca pol-rsa-root.pem
expect 0 OK rsa1024-leaf.pem --ca pol-rsa-root.pem --allow-legacy-certs
expect 1 "NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (0x10D)" rsa1024-int-leaf.pem --chain rsa1024-int.pem \
    --ca pol-rsa-root.pem
expect 0 OK sha1-root-leaf.pem --ca sha1-root.pem
cd "$pki"

# Malformed input: a truncated certificate is a parse code (exit 1), never a crash.
head -c 300 rsa-leaf.der > "$tmp/cut.der"
expect 1 "" "$tmp/cut.der" --ca rsa-root.pem
# Usage errors.
expect 2 "" rsa-leaf.pem
expect 2 "" --ca rsa-root.pem
expect 1 "" rsa-leaf.pem --ca "$tmp/does-not-exist.pem"
expect 2 "" rsa-leaf.pem --ca rsa-root.pem --time soon
out="$("$bin" x509 2>/dev/null)"
status=$?
runs=$((runs + 1))
[ "$status" = 2 ] || { echo "FAIL: nxdtls x509 -> $status" >&2; fails=$((fails + 1)); }

echo "tool_x509: $runs runs, $fails failed"
[ "$fails" = 0 ]
