#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-test-pki.sh: regenerates the X.509 test PKI in tests/vectors/x509/pki/ with the openssl command
# line (OpenSSL 3). The output is committed; rerunning makes new keys, so every fixture changes at once.
# Valid certificates run from 2024-01-01 to 2099-12-31 (GeneralizedTime after 2049), so they do not
# expire. Leaves name localhost (DNS) and 127.0.0.1 / ::1 (IP); each leaf has its key as PEM (PKCS #8),
# DER in the NetX formats (PKCS #1 RSAPrivateKey or RFC 5915 ECPrivateKey) and DER PKCS #8.
set -euo pipefail

root_dir="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root_dir/tests/vectors/x509/pki}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

START=20240101000000Z
END=20991231235959Z

# A minimal CA configuration: `openssl ca` is the only openssl 3.0 command that sets arbitrary dates.
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $work
database = $work/index.txt
new_certs_dir = $work/newcerts
serial = $work/serial
crlnumber = $work/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
default_crl_days = 36500
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
[int]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[int_nolen]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_client_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_wild_good]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.example.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_wild_bad]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.test, DNS:f*o.example.test, DNS:foo.*.example.test, DNS:*, DNS:**.example.test, DNS:xn--*.example.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_cn_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[self]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
CNF
mkdir -p "$work/newcerts"
touch "$work/index.txt"
openssl rand -hex 16 > "$work/serial"
echo 1000 > "$work/crlnumber"

key() { # key NAME rsa|p256|p384|p521
    case "$2" in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$work/$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out "$work/$1.key" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve -out "$work/$1.key" ;;
    esac
}

# sign NAME CN ISSUER(or "self") EXTENSIONS [START END [extra ca args...]]
sign() {
    local name="$1" cn="$2" issuer="$3" ext="$4" start="${5:-$START}" end="${6:-$END}"
    shift 6 2>/dev/null || shift $#
    openssl req -new -key "$work/$name.key" -subj "/CN=$cn/O=nxdtls test" -config "$work/ca.cnf" \
        -out "$work/$name.csr"
    if [ "$issuer" = self ]; then
        openssl ca -batch -notext -config "$work/ca.cnf" -selfsign -keyfile "$work/$name.key" \
            -in "$work/$name.csr" -out "$work/$name.pem" -extfile "$work/ca.cnf" -extensions "$ext" \
            -startdate "$start" -enddate "$end" "$@" 2>/dev/null
    else
        openssl ca -batch -notext -config "$work/ca.cnf" -cert "$work/$issuer.pem" -keyfile "$work/$issuer.key" \
            -in "$work/$name.csr" -out "$work/$name.pem" -extfile "$work/ca.cnf" -extensions "$ext" \
            -startdate "$start" -enddate "$end" "$@" 2>/dev/null
    fi
    openssl x509 -in "$work/$name.pem" -outform DER -out "$out/$name.der"
    cp "$work/$name.pem" "$out/$name.pem"
}

leaf_keys() { # leaf_keys NAME rsa|ec
    cp "$work/$1.key" "$out/$1.key.pem"
    openssl pkcs8 -topk8 -nocrypt -in "$work/$1.key" -outform DER -out "$out/$1.key.pk8.der"
    if [ "$2" = rsa ]; then
        openssl rsa -in "$work/$1.key" -traditional -outform DER -out "$out/$1.key.der" 2>/dev/null
    else
        openssl ec -in "$work/$1.key" -outform DER -out "$out/$1.key.der" 2>/dev/null
    fi
}

# RSA-2048 hierarchy: root -> int (pathlen 0) -> leaf.
key rsa-root rsa; sign rsa-root "nxdtls Test RSA Root" self root
key rsa-int rsa; sign rsa-int "nxdtls Test RSA Intermediate" rsa-root int
key rsa-leaf rsa; sign rsa-leaf localhost rsa-int leaf; leaf_keys rsa-leaf rsa
# The same leaf key, signed with RSASSA-PSS (SHA-256, salt 32).
cp "$work/rsa-leaf.key" "$work/rsa-pss-leaf.key"
sign rsa-pss-leaf localhost rsa-int leaf "$START" "$END" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
    -sigopt rsa_mgf1_md:sha256

# EC P-256 hierarchy: root -> int -> leaf; and a P-384 leaf signed with ECDSA-SHA384.
key ec-root p256; sign ec-root "nxdtls Test EC Root" self root
key ec-int p256; sign ec-int "nxdtls Test EC Intermediate" ec-root int
key ec-leaf p256; sign ec-leaf localhost ec-int leaf; leaf_keys ec-leaf ec
key ec384-leaf p384; sign ec384-leaf localhost ec-int leaf "$START" "$END" -md sha384; leaf_keys ec384-leaf ec
# EC P-521 (secp521r1), everything signed with ECDSA-SHA512: root -> leaf.
key ec521-root p521; sign ec521-root "nxdtls Test P-521 Root" self root "$START" "$END" -md sha512
key ec521-leaf p521; sign ec521-leaf localhost ec521-root leaf "$START" "$END" -md sha512
leaf_keys ec521-leaf ec

# One certificate per rejection path (all under the RSA intermediate unless said).
key expired-leaf rsa; sign expired-leaf localhost rsa-int leaf 20000101000000Z 20010101000000Z
key notyet-leaf rsa; sign notyet-leaf localhost rsa-int leaf 20900101000000Z 20991231235959Z
key client-leaf p256; sign client-leaf localhost ec-int leaf_client_only
key wild-good-leaf p256; sign wild-good-leaf "wildcard good" ec-int leaf_wild_good
key wild-bad-leaf p256; sign wild-bad-leaf "wildcard bad" ec-int leaf_wild_bad
key cn-only-leaf p256; sign cn-only-leaf localhost ec-int leaf_cn_only
# Untrusted issuer: a root nobody trusts.
key rogue-root p256; sign rogue-root "nxdtls Test Rogue Root" self root
key rogue-leaf p256; sign rogue-leaf localhost rogue-root leaf
# Issuer not a CA: signed by the RSA leaf (cA FALSE).
key notca-leaf rsa; sign notca-leaf "signed by a leaf" rsa-leaf leaf
# pathLen exceeded: rsa-int (pathlen 0) -> rsa-int2 -> deep-leaf.
key rsa-int2 rsa; sign rsa-int2 "nxdtls Test RSA Intermediate 2" rsa-int int_nolen
key deep-leaf rsa; sign deep-leaf localhost rsa-int2 leaf
# Self-signed leaf (for NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES).
key self-leaf p256; sign self-leaf localhost self self; leaf_keys self-leaf ec
# Revoked by the RSA intermediate's CRL.
key revoked-leaf rsa; sign revoked-leaf localhost rsa-int leaf
openssl ca -config "$work/ca.cnf" -cert "$work/rsa-int.pem" -keyfile "$work/rsa-int.key" \
    -revoke "$work/revoked-leaf.pem" 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -cert "$work/rsa-int.pem" -keyfile "$work/rsa-int.key" -gencrl \
    -crlexts crl_ext -out "$work/rsa-int.crl.pem" 2>/dev/null || \
openssl ca -batch -config "$work/ca.cnf" -cert "$work/rsa-int.pem" -keyfile "$work/rsa-int.key" -gencrl \
    -out "$work/rsa-int.crl.pem" 2>/dev/null
openssl crl -in "$work/rsa-int.crl.pem" -outform DER -out "$out/rsa-int.crl.der"

# Bad signature: the RSA leaf with the last signature byte flipped.
python3 - "$out/rsa-leaf.der" "$out/rsa-leaf-badsig.der" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-1] ^= 0x01
open(sys.argv[2], 'wb').write(bytes(b))
PY

# Chain files as a peer sends them (leaf first), and CA bundles.
cat "$out/rsa-leaf.pem" "$out/rsa-int.pem" > "$out/rsa-chain.pem"
cat "$out/ec-leaf.pem" "$out/ec-int.pem" > "$out/ec-chain.pem"
cat "$out/rsa-root.pem" "$out/ec-root.pem" > "$out/ca-bundle.pem"
echo "test PKI written to $out"
