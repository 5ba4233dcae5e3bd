#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-style-certs.sh: regenerates style_certs.h, the certificates of the NetX-style programs in this folder,
# as C arrays the way NetX's own tests carry theirs. Two trust anchors NetX and OpenSSL accept as given
# (RFC 5280 6.1.1 d): a self-signed X.509 v1 root (P-384, no extensions) that signs the server's P-521 leaf,
# and a v3 root whose basicConstraints is NOT critical (P-256) that signs a client's leaf. Test material only:
# the keys are public. The output is committed; rerunning makes new keys.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
openssl ecparam -name secp384r1 -genkey -noout -out v1root.key
openssl req -new -key v1root.key -subj "/CN=nxdtls style v1 root/O=nxdtls test" -out v1root.csr
openssl x509 -req -in v1root.csr -signkey v1root.key -days 30000 -sha384 -out v1root.pem 2>/dev/null
openssl ecparam -name secp521r1 -genkey -noout -out server.key
openssl req -new -key server.key -subj "/CN=localhost/O=nxdtls test" -out server.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:localhost\n' >server.ext
openssl x509 -req -in server.csr -CA v1root.pem -CAkey v1root.key -CAcreateserial -days 29000 -sha384 \
    -extfile server.ext -out server.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out ncroot.key
openssl req -new -key ncroot.key -subj "/CN=nxdtls style non-critical root/O=nxdtls test" -out ncroot.csr
printf 'basicConstraints=CA:TRUE\nkeyUsage=keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' >ncroot.ext
openssl x509 -req -in ncroot.csr -signkey ncroot.key -days 30000 -sha256 -extfile ncroot.ext \
    -out ncroot.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out client.key
openssl req -new -key client.key -subj "/CN=device-1/O=nxdtls test" -out client.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >client.ext
openssl x509 -req -in client.csr -CA ncroot.pem -CAkey ncroot.key -CAcreateserial -days 29000 -sha256 \
    -extfile client.ext -out client.pem 2>/dev/null
openssl verify -CAfile v1root.pem server.pem >/dev/null
openssl verify -CAfile ncroot.pem client.pem >/dev/null
for n in v1root server ncroot client; do openssl x509 -in $n.pem -outform DER -out $n.der; done
for n in server client; do openssl ec -in $n.key -outform DER -out $n.key.der 2>/dev/null; done
array() { # array NAME FILE COMMENT
    printf '\n/* %s */\nstatic const unsigned char %s[] = {\n' "$3" "$1"
    od -An -v -tx1 "$2" | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1, /g; s/^/   /; s/, *$/,/'
    printf '};\nstatic const unsigned int %s_len = %s;\n' "$1" "$(stat -c %s "$2")"
}
{
    printf '/* SPDX-License-Identifier: MIT */\n/* style_certs.h: made by make-style-certs.sh; test material only (the keys are public). */\n'
    printf '#ifndef STYLE_CERTS_H\n#define STYLE_CERTS_H\n'
    array style_v1_root_der v1root.der "self-signed X.509 v1 root, P-384, no extensions"
    array style_server_der server.der "server leaf, P-521, CN=localhost, signed by the v1 root (ecdsa-with-SHA384)"
    array style_server_key_der server.key.der "its key, RFC 5915 DER (NX_SECURE_X509_KEY_TYPE_EC_DER)"
    array style_nc_root_der ncroot.der "v3 root, P-256, basicConstraints CA:TRUE not marked critical"
    array style_client_der client.der "client leaf, P-256, CN=device-1, signed by the non-critical root"
    array style_client_key_der client.key.der "its key, RFC 5915 DER"
    printf '\n#endif /* STYLE_CERTS_H */\n'
} >"$here/style_certs.h"
echo "wrote $here/style_certs.h"
