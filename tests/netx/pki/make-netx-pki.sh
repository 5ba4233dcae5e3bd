#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-netx-pki.sh: regenerates tests/netx/pki, the certificates the NetX certificate tests need WITH their
# private keys, which the shared test PKI (tests/vectors/x509/pki) does not keep for its expired and untrusted
# leaves: a server cannot present a certificate without its key (nx_secure_x509_certificate_initialize
# checks that they match, 0x18A). Made with tests/interop/cert_pki.sh (P-256, `openssl ca`):
#   root -> int -> good (localhost), expired (2000..2001), wronghost (www.example.com);
#   badsig = good with its signature's last byte changed; rogue-root (trusted by nobody) -> rogue (localhost).
# Each certificate as NAME.pem and NAME.der, each key as NAME.key.pem (PKCS #8) and NAME.key.der (RFC 5915,
# what NX_SECURE_X509_KEY_TYPE_EC_DER takes). The output is committed; rerunning makes new keys.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../interop/cert_pki.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cert_pki_make "$work"
for n in root int good expired wronghost badsig rogue-root rogue; do
    cp "$work/$n.pem" "$here/$n.pem"
    openssl x509 -in "$work/$n.pem" -outform DER -out "$here/$n.der"
done
for n in good expired wronghost badsig rogue; do
    cp "$work/$n.key.pem" "$here/$n.key.pem"
    openssl ec -in "$work/$n.key.pem" -outform DER -out "$here/$n.key.der" 2>/dev/null
done
echo "NetX test PKI written to $here"
