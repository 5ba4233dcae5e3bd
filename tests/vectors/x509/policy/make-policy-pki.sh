#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-policy-pki.sh: regenerates the certificates of tests/vectors/x509/policy/ with the openssl command line
# (OpenSSL 3): the certificate-policy cases of docs/security.md (leaf keyUsage per key exchange, SHA-1
# signatures and RSA keys under 2048 bits, trust anchors taken as given: a v1 root, a root whose
# basicConstraints is not critical). A hierarchy of its own, apart from tests/vectors/x509/pki, so that
# rerunning one generator never changes the other's fixtures. The output is committed; rerunning makes new
# keys, so every file here changes at once. Validity 2024-01-01 .. 2099-12-31; leaves name localhost and
# allow serverAuth and clientAuth. Leaf keys are written as DER in the NetX formats (PKCS #1 RSAPrivateKey,
# RFC 5915 ECPrivateKey) and as PEM (PKCS #8) for the tool and OpenSSL.
#
#   pol-rsa-root, pol-ec-root         RSA-2048 / P-256 roots (critical basicConstraints, keyCertSign)
#   ku-ec-keyagree                    P-256 leaf, keyUsage keyAgreement only          (pol-ec-root)
#   ku-ec-keyenc                      P-256 leaf, keyUsage keyEncipherment only       (pol-ec-root)
#   ku-ec-ca                          P-256 CA certificate (keyCertSign, cRLSign) naming localhost (pol-ec-root)
#   ku-ec-sign                        P-256 leaf, keyUsage digitalSignature only      (pol-ec-root)
#   ku-rsa-keyenc                     RSA leaf, keyUsage keyEncipherment only         (pol-rsa-root)
#   ku-rsa-sign                       RSA leaf, keyUsage digitalSignature only        (pol-rsa-root)
#   sha1-ec-leaf                      P-256 leaf signed ecdsa-with-SHA1               (pol-ec-root)
#   sha1-rsa-leaf                     RSA leaf signed sha1WithRSAEncryption           (pol-rsa-root)
#   rsa1024-leaf                      RSA-1024 leaf, SHA-256                          (pol-rsa-root)
#   sha1-int -> sha1-int-leaf         intermediate signed with SHA-1 by pol-ec-root; its leaf SHA-256
#   rsa1024-int -> rsa1024-int-leaf   RSA-1024 intermediate under pol-rsa-root; its leaf P-256, SHA-256
#   sha1-root -> sha1-root-leaf       RSA-2048 root that signed itself with SHA-1 (an anchor: allowed)
#   v1-root -> v1-leaf                X.509 v1 self-signed RSA-2048 root (no extensions); v3 leaf
#   ncbc-root -> ncbc-leaf            root whose basicConstraints (cA TRUE) is not critical; P-256 leaf
#   ncbc-int -> ncbc-int-leaf         untrusted intermediate with non-critical basicConstraints (pol-ec-root)
#   v1-int -> v1-int-leaf             untrusted v1 intermediate under pol-rsa-root
# Chain files (leaf first) for the tool and OpenSSL: <leaf>-chain.pem where there is an intermediate.
set -euo pipefail

out="${1:-$(cd "$(dirname "$0")" && pwd)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

START=20240101000000Z
END=20991231235959Z

cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $work
database = $work/index.txt
new_certs_dir = $work/newcerts
serial = $work/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied
organizationName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[root_ncbc]
basicConstraints = CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[int]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[int_ncbc]
basicConstraints = CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_leaf]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_v1_issuer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
CNF
for ku in keyAgreement keyEncipherment digitalSignature; do
    cat >> "$work/ca.cnf" <<CNF
[leaf_$ku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, $ku
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
done
mkdir -p "$work/newcerts"
touch "$work/index.txt"
openssl rand -hex 16 > "$work/serial"

key() { # key NAME rsa|rsa1024|p256
    case "$2" in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.key" 2>/dev/null ;;
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$work/$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve \
        -out "$work/$1.key" ;;
    esac
}

# sign NAME CN ISSUER|self EXTENSIONS|none [extra `openssl ca` args...]; "none" makes a v1 certificate.
sign() {
    local name="$1" cn="$2" issuer="$3" ext="$4"
    shift 4
    local extargs=(-extfile "$work/ca.cnf" -extensions "$ext")
    [ "$ext" != none ] || extargs=()
    openssl req -new -key "$work/$name.key" -subj "/CN=$cn/O=nxdtls policy test" -config "$work/ca.cnf" \
        -out "$work/$name.csr"
    local signer=(-selfsign -keyfile "$work/$name.key")
    [ "$issuer" = self ] || signer=(-cert "$work/$issuer.pem" -keyfile "$work/$issuer.key")
    openssl ca -batch -notext -config "$work/ca.cnf" "${signer[@]}" -in "$work/$name.csr" \
        -out "$work/$name.pem" "${extargs[@]}" -startdate "$START" -enddate "$END" "$@" 2>/dev/null
    openssl x509 -in "$work/$name.pem" -outform DER -out "$out/$name.der"
    openssl x509 -in "$work/$name.pem" -out "$out/$name.pem"
}

leaf_keys() { # leaf_keys NAME rsa|ec
    openssl pkcs8 -topk8 -nocrypt -in "$work/$1.key" -out "$out/$1.key.pem"
    if [ "$2" = rsa ]; then
        openssl rsa -in "$work/$1.key" -traditional -outform DER -out "$out/$1.key.der" 2>/dev/null
    else
        openssl ec -in "$work/$1.key" -outform DER -out "$out/$1.key.der" 2>/dev/null
    fi
}

chain() { # chain LEAF INTERMEDIATE
    cat "$out/$1.pem" "$out/$2.pem" > "$out/$1-chain.pem"
}

key pol-rsa-root rsa; sign pol-rsa-root "nxdtls Policy RSA Root" self root
key pol-ec-root p256; sign pol-ec-root "nxdtls Policy EC Root" self root

# keyUsage against the key exchange.
key ku-ec-keyagree p256; sign ku-ec-keyagree localhost pol-ec-root leaf_keyAgreement; leaf_keys ku-ec-keyagree ec
key ku-ec-keyenc p256; sign ku-ec-keyenc localhost pol-ec-root leaf_keyEncipherment; leaf_keys ku-ec-keyenc ec
key ku-ec-sign p256; sign ku-ec-sign localhost pol-ec-root leaf_digitalSignature; leaf_keys ku-ec-sign ec
key ku-ec-ca p256; sign ku-ec-ca localhost pol-ec-root ca_leaf; leaf_keys ku-ec-ca ec
key ku-rsa-keyenc rsa; sign ku-rsa-keyenc localhost pol-rsa-root leaf_keyEncipherment; leaf_keys ku-rsa-keyenc rsa
key ku-rsa-sign rsa; sign ku-rsa-sign localhost pol-rsa-root leaf_digitalSignature; leaf_keys ku-rsa-sign rsa

# SHA-1 signatures and RSA-1024 keys below the trust anchor.
key sha1-ec-leaf p256; sign sha1-ec-leaf localhost pol-ec-root leaf -md sha1; leaf_keys sha1-ec-leaf ec
key sha1-rsa-leaf rsa; sign sha1-rsa-leaf localhost pol-rsa-root leaf -md sha1; leaf_keys sha1-rsa-leaf rsa
key rsa1024-leaf rsa1024; sign rsa1024-leaf localhost pol-rsa-root leaf; leaf_keys rsa1024-leaf rsa
key sha1-int p256; sign sha1-int "nxdtls Policy SHA-1 Intermediate" pol-ec-root int -md sha1
key sha1-int-leaf p256; sign sha1-int-leaf localhost sha1-int leaf; leaf_keys sha1-int-leaf ec
chain sha1-int-leaf sha1-int
key rsa1024-int rsa1024; sign rsa1024-int "nxdtls Policy RSA-1024 Intermediate" pol-rsa-root int
key rsa1024-int-leaf p256; sign rsa1024-int-leaf localhost rsa1024-int leaf; leaf_keys rsa1024-int-leaf ec
chain rsa1024-int-leaf rsa1024-int
key sha1-root rsa; sign sha1-root "nxdtls Policy SHA-1 Root" self root -md sha1
key sha1-root-leaf p256; sign sha1-root-leaf localhost sha1-root leaf; leaf_keys sha1-root-leaf ec

# Trust anchors as given, intermediates with the full CA profile.
key v1-root rsa; sign v1-root "nxdtls Policy v1 Root" self none
key v1-leaf p256; sign v1-leaf localhost v1-root leaf_v1_issuer; leaf_keys v1-leaf ec
key ncbc-root p256; sign ncbc-root "nxdtls Policy Non-critical BC Root" self root_ncbc
key ncbc-leaf p256; sign ncbc-leaf localhost ncbc-root leaf; leaf_keys ncbc-leaf ec
key ncbc-int p256; sign ncbc-int "nxdtls Policy Non-critical BC Intermediate" pol-ec-root int_ncbc
key ncbc-int-leaf p256; sign ncbc-int-leaf localhost ncbc-int leaf; leaf_keys ncbc-int-leaf ec
chain ncbc-int-leaf ncbc-int
key v1-int rsa; sign v1-int "nxdtls Policy v1 Intermediate" pol-rsa-root none
key v1-int-leaf p256; sign v1-int-leaf localhost v1-int leaf_v1_issuer; leaf_keys v1-int-leaf ec
chain v1-int-leaf v1-int


echo "policy PKI written to $out"
