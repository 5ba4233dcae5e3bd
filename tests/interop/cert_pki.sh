# SPDX-License-Identifier: MIT
# cert_pki.sh: the certificates the interop refusal cases need, made fresh in a directory (sourced, not a test
# itself). The committed test PKI (tests/vectors/x509/pki) has no private keys for its expired and untrusted
# leaves, and a peer program cannot present a certificate without its key; so this makes a small P-256 PKI
# with `openssl ca` (the one openssl 3.0 command that sets arbitrary dates), every leaf with its key:
#   root.pem (trusted by the cases) -> int.pem -> good.pem (localhost), expired.pem (2000..2001),
#   wronghost.pem (www.example.com); badsig.pem = good.pem with its signature's last byte changed (same key);
#   rogue-root.pem (trusted by nobody) -> rogue.pem (localhost). Keys: NAME.key.pem. Chains: NAME-chain.pem.
# Usage: cert_pki_make DIR; returns 0 when every file was made.

cert_pki_make() {
    local dir="$1"
    mkdir -p "$dir/newcerts" || return 1
    : >"$dir/index.txt"
    echo 1000 >"$dir/serial"
    cat >"$dir/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $dir
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
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
[int]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:\$ENV::SAN
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
    local start=20240101000000Z end=20991231235959Z
    _pki_cert() { # NAME CN ISSUER(or self) EXT START END
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$1.key.pem" 2>/dev/null &&
            SAN="$2" openssl req -new -key "$dir/$1.key.pem" -subj "/CN=$2/O=nxdtls interop" -config "$dir/ca.cnf" \
                -out "$dir/$1.csr" 2>/dev/null || return 1
        if [ "$3" = self ]; then
            SAN="$2" openssl ca -batch -notext -config "$dir/ca.cnf" -selfsign -keyfile "$dir/$1.key.pem" \
                -in "$dir/$1.csr" -out "$dir/$1.pem" -extfile "$dir/ca.cnf" -extensions "$4" -startdate "$5" \
                -enddate "$6" >/dev/null 2>&1
        else
            SAN="$2" openssl ca -batch -notext -config "$dir/ca.cnf" -cert "$dir/$3.pem" -keyfile "$dir/$3.key.pem" \
                -in "$dir/$1.csr" -out "$dir/$1.pem" -extfile "$dir/ca.cnf" -extensions "$4" -startdate "$5" \
                -enddate "$6" >/dev/null 2>&1
        fi
    }
    _pki_cert root "nxdtls interop root" self root $start $end &&
        _pki_cert int "nxdtls interop int" root int $start $end &&
        _pki_cert good localhost int leaf $start $end &&
        _pki_cert expired localhost int leaf 20000101000000Z 20010101000000Z &&
        _pki_cert wronghost www.example.com int leaf $start $end &&
        _pki_cert rogue-root "nxdtls interop rogue root" self root $start $end &&
        _pki_cert rogue localhost rogue-root leaf $start $end || return 1
    # The good leaf with the last byte of its signature changed: still parses, no longer verifies.
    openssl x509 -in "$dir/good.pem" -outform DER -out "$dir/good.der" &&
        python3 - "$dir/good.der" "$dir/badsig.der" <<'PY' &&
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-1] ^= 0x01
open(sys.argv[2], 'wb').write(bytes(b))
PY
        openssl x509 -inform DER -in "$dir/badsig.der" -out "$dir/badsig.pem" 2>/dev/null || return 1
    cp "$dir/good.key.pem" "$dir/badsig.key.pem"
    local n
    for n in good expired wronghost badsig; do
        cat "$dir/$n.pem" "$dir/int.pem" >"$dir/$n-chain.pem"
    done
    cp "$dir/rogue.pem" "$dir/rogue-chain.pem"
    [ -s "$dir/badsig.pem" ] && [ -s "$dir/rogue.pem" ]
}
