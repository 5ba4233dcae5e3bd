#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# files_test: the files the tool reads and writes. A certificate, key or CA file that cannot be used is
# named with the reason, exit 1, no usage screen (a directory, an empty file, random bytes, a missing file,
# a key given as a certificate, an encrypted key). A CA bundle of any size loads (the system bundle when
# there is one, and a bundle of 500 certificates). Key logs are created 0600, SSLKEYLOGFILE is honoured
# (client and server) and --keylog wins over it. A client whose stdin is closed (<&-) or at end of file
# finishes instead of hanging; a server whose stdin is closed keeps serving (its socket is not taken for
# stdin).
. "$(dirname "$0")/tool_lib.sh"

mkdir "$TL_WORK/dir"
: >"$TL_WORK/empty.pem"
head -c 700 /dev/urandom >"$TL_WORK/random.bin"
printf -- '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n' >"$TL_WORK/badpem.pem"
openssl pkey -in "$PKI/ec-leaf.key.pem" -aes128 -passout pass:secret -out "$TL_WORK/enc.key.pem" 2>/dev/null
openssl ec -in "$PKI/ec-leaf.key.pem" -aes128 -passout pass:secret -out "$TL_WORK/enc-trad.key.pem" 2>/dev/null

# check_file_error NAME FILE REASON ARGS...: exit 1, the file and the reason on stderr, no usage.
check_file_error() {
    local name="$1" file="$2" reason="$3"
    shift 3
    if tl_expect 1 "$name" "$@"; then
        tl_has err "'$file'" "$name names the file"
        tl_has err "$reason" "$name says '$reason'"
        tl_lacks err "usage:" "$name prints no usage"
    fi
}
srv=(server --listen 127.0.0.1:0 --once)
check_file_error "--cert a directory" "$TL_WORK/dir" "is a directory" \
    "${srv[@]}" --cert "$TL_WORK/dir" --key "$PKI/ec-leaf.key.pem"
check_file_error "--cert an empty file" "$TL_WORK/empty.pem" "is empty" \
    "${srv[@]}" --cert "$TL_WORK/empty.pem" --key "$PKI/ec-leaf.key.pem"
check_file_error "--cert random bytes" "$TL_WORK/random.bin" "neither PEM" \
    "${srv[@]}" --cert "$TL_WORK/random.bin" --key "$PKI/ec-leaf.key.pem"
tl_has err "(0x" "--cert random bytes gives the NetX code"
check_file_error "--cert missing" "$TL_WORK/nope.pem" "No such file or directory" \
    "${srv[@]}" --cert "$TL_WORK/nope.pem" --key "$PKI/ec-leaf.key.pem"
check_file_error "--cert a bad PEM block" "$TL_WORK/badpem.pem" "certificate file" \
    "${srv[@]}" --cert "$TL_WORK/badpem.pem" --key "$PKI/ec-leaf.key.pem"
check_file_error "--cert a key file" "$PKI/ec-leaf.key.pem" "(it holds a private key)" \
    "${srv[@]}" --cert "$PKI/ec-leaf.key.pem" --key "$PKI/ec-leaf.key.pem"
check_file_error "--key a directory" "$TL_WORK/dir" "is a directory" \
    "${srv[@]}" --cert "$PKI/ec-chain.pem" --key "$TL_WORK/dir"
check_file_error "--key of another certificate" "$PKI/rsa-leaf.key.pem" "does not match" \
    "${srv[@]}" --cert "$PKI/ec-chain.pem" --key "$PKI/rsa-leaf.key.pem"
if [ -s "$TL_WORK/enc.key.pem" ]; then
    check_file_error "--key encrypted (PKCS #8)" "$TL_WORK/enc.key.pem" "encrypted private keys are not supported" \
        "${srv[@]}" --cert "$PKI/ec-chain.pem" --key "$TL_WORK/enc.key.pem"
fi
if [ -s "$TL_WORK/enc-trad.key.pem" ]; then
    check_file_error "--key encrypted (traditional)" "$TL_WORK/enc-trad.key.pem" \
        "encrypted private keys are not supported" \
        "${srv[@]}" --cert "$PKI/ec-chain.pem" --key "$TL_WORK/enc-trad.key.pem"
fi
check_file_error "--ca random bytes" "$TL_WORK/random.bin" "CA file" \
    client 127.0.0.1:1 --ca "$TL_WORK/random.bin"
check_file_error "--ca a directory" "$TL_WORK/dir" "is a directory" client 127.0.0.1:1 --ca "$TL_WORK/dir"
check_file_error "--keylog into a directory that does not exist" "$TL_WORK/no/keys" "cannot open key log" \
    client 127.0.0.1:1 --psk "id:$K" --keylog "$TL_WORK/no/keys"
check_file_error "x509 verify CERT a directory" "$TL_WORK/dir" "is a directory" \
    x509 verify "$TL_WORK/dir" --ca "$PKI/rsa-root.pem"
check_file_error "x509 verify --crl missing" "$TL_WORK/nope.crl" "No such file" \
    x509 verify "$PKI/rsa-leaf.pem" --chain "$PKI/rsa-int.pem" --ca "$PKI/rsa-root.pem" --crl "$TL_WORK/nope.crl"

# CA bundles of any size: 500 certificates (the test PKI's bundle over and over, then the real root),
# and the system's bundle when there is one. A client to a closed port gets past loading (exit 1,
# NX_NOT_CONNECTED), not stopped at the file.
for _ in $(seq 250); do cat "$PKI/ec-int.pem" "$PKI/rsa-int.pem"; done >"$TL_WORK/big.pem"
cat "$PKI/ca-bundle.pem" >>"$TL_WORK/big.pem"
n=$(grep -c "BEGIN CERTIFICATE" "$TL_WORK/big.pem")
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tl_expect 1 "client --ca with $n certificates" client "127.0.0.1:$port" --ca "$TL_WORK/big.pem" --timeout 2000 \
    --message x && tl_has err "NX_NOT_CONNECTED" "a $n-certificate bundle loads"
tl_expect 0 "x509 verify with a $n-certificate --ca" x509 verify "$PKI/rsa-chain.pem" --ca "$TL_WORK/big.pem"
for bundle in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
    [ -r "$bundle" ] || continue
    tl_expect 1 "client --ca $bundle" client "127.0.0.1:$port" --ca "$bundle" --timeout 2000 --message x &&
        tl_has err "NX_NOT_CONNECTED" "the system bundle loads"
    break
done

# A certificate handshake with key logs: --keylog creates the file 0600; SSLKEYLOGFILE is used when
# --keylog is absent; --keylog wins when both are given.
if tl_server srv --cert "$PKI/ec-chain.pem" --key "$PKI/ec-leaf.key.pem" --echo; then
    umask 022
    tl_expect 0 "client with --keylog" client "127.0.0.1:$TL_PORT" --ca "$PKI/ec-root.pem" \
        --servername localhost --keylog "$TL_WORK/keys1" --message hi --wait 2000
    mode=$(stat -c %a "$TL_WORK/keys1" 2>/dev/null)
    if [ "$mode" = 600 ]; then tl_ok "--keylog file is mode 600"; else tl_bad "--keylog file mode '$mode'"; fi
    if grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$TL_WORK/keys1"; then
        tl_ok "--keylog holds a CLIENT_RANDOM line"
    else
        tl_bad "--keylog content"
    fi
    TL_RC=0
    SSLKEYLOGFILE="$TL_WORK/keys2" timeout -k 5 30 "$NXDTLS" client "127.0.0.1:$TL_PORT" --ca "$PKI/ec-root.pem" \
        --servername localhost --message hi --wait 2000 </dev/null >"$TL_WORK/out" 2>"$TL_WORK/err" || TL_RC=$?
    mode=$(stat -c %a "$TL_WORK/keys2" 2>/dev/null)
    if [ "$TL_RC" -eq 0 ] && [ "$mode" = 600 ] && grep -q '^CLIENT_RANDOM ' "$TL_WORK/keys2"; then
        tl_ok "SSLKEYLOGFILE is honoured (mode 600)"
    else
        tl_bad "SSLKEYLOGFILE: exit $TL_RC, mode '$mode'"
    fi
    TL_RC=0
    SSLKEYLOGFILE="$TL_WORK/keys3" timeout -k 5 30 "$NXDTLS" client "127.0.0.1:$TL_PORT" --ca "$PKI/ec-root.pem" \
        --servername localhost --keylog "$TL_WORK/keys4" --message hi --wait 2000 </dev/null \
        >"$TL_WORK/out" 2>"$TL_WORK/err" || TL_RC=$?
    if [ "$TL_RC" -eq 0 ] && [ ! -e "$TL_WORK/keys3" ] && grep -q '^CLIENT_RANDOM ' "$TL_WORK/keys4"; then
        tl_ok "--keylog wins over SSLKEYLOGFILE"
    else
        tl_bad "--keylog with SSLKEYLOGFILE: exit $TL_RC"
    fi

    # stdin closed: the client must not take its socket for stdin. It sends nothing, waits --wait,
    # closes cleanly and exits 0; the bound is far above the 500 ms it needs.
    TL_RC=0
    start=$(date +%s%N)
    timeout -k 5 20 "$NXDTLS" client "127.0.0.1:$TL_PORT" --ca "$PKI/ec-root.pem" --servername localhost \
        --wait 500 <&- >"$TL_WORK/out" 2>"$TL_WORK/err" || TL_RC=$?
    took=$((($(date +%s%N) - start) / 1000000))
    if [ "$TL_RC" -eq 0 ]; then
        tl_ok "client with stdin closed ends cleanly (${took} ms)"
    else
        tl_bad "client with stdin closed: exit $TL_RC after ${took} ms (124 = hung until timeout)"
    fi
    tl_stop "$TL_SERVER_PID"
else
    tl_bad "server did not start"
fi

# The same with PSK and no --wait: a client whose stdin is at end of file or closed sends nothing and
# ends by itself, against a server started with its own stdin closed, which still serves and echoes (and
# writes its key log to SSLKEYLOGFILE, mode 0600).
K=000102030405060708090a0b0c0d0e0f
umask 022
SSLKEYLOGFILE="$TL_WORK/srvkeys" timeout -k 5 60 "$NXDTLS" server --listen 127.0.0.1:0 --psk "id:$K" --echo <&- \
    >"$TL_WORK/closed.out" 2>"$TL_WORK/closed.err" &
closed_pid=$!
TL_PIDS+=("$closed_pid")
for _ in $(seq 200); do
    grep -q "listening on" "$TL_WORK/closed.err" 2>/dev/null && break
    sleep 0.05
done
cport=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$TL_WORK/closed.err")
if [ -n "$cport" ]; then
    for how in "end of file" closed; do
        TL_RC=0
        if [ "$how" = closed ]; then
            timeout -k 5 20 "$NXDTLS" client "127.0.0.1:$cport" --psk "id:$K" <&- >"$TL_WORK/out" \
                2>"$TL_WORK/err" || TL_RC=$?
        else
            timeout -k 5 20 "$NXDTLS" client "127.0.0.1:$cport" --psk "id:$K" </dev/null >"$TL_WORK/out" \
                2>"$TL_WORK/err" || TL_RC=$?
        fi
        if [ "$TL_RC" -eq 0 ]; then
            tl_ok "client with stdin $how and no --wait ends cleanly"
        else
            tl_bad "client with stdin $how: exit $TL_RC (124 = hung until timeout)"
        fi
    done
    tl_expect 0 "client --message to a server with stdin closed" client "127.0.0.1:$cport" --psk "id:$K" \
        --message hello-closed --wait 2000 && tl_has out "hello-closed" "a server with stdin closed echoes"
    mode=$(stat -c %a "$TL_WORK/srvkeys" 2>/dev/null)
    if [ "$mode" = 600 ] && grep -q '^CLIENT_RANDOM ' "$TL_WORK/srvkeys"; then
        tl_ok "the server honours SSLKEYLOGFILE (mode 600)"
    else
        tl_bad "server SSLKEYLOGFILE: mode '$mode'"
    fi
    if kill -0 "$closed_pid" 2>/dev/null; then
        tl_ok "a server with stdin closed keeps serving"
    else
        tl_bad "the server with stdin closed exited"
    fi
    tl_stop "$closed_pid"
else
    tl_bad "server with stdin closed did not start: $(cat "$TL_WORK/closed.err")"
fi

tl_finish
