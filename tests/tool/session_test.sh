#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# session_test: what the tool shows of a session and the commands it takes, nxdtls against itself over
# loopback. -v prints the negotiated parameters after the handshake (suite, EMS, renegotiation_info, SNI,
# group, signature scheme, PSK hint and identity, peer certificate); -vv every handshake message and alert
# with its fields; -vvv every record. --showcerts prints the peer's chain. A host name given as the target is
# checked against the server's certificate (--no-verify-host skips it; an IP literal is not checked). A stdin
# line R (or renegotiate) renegotiates, from the client or the server; --no-commands sends it as data.
. "$(dirname "$0")/tool_lib.sh"
. "$NXDTLS_SOURCE_DIR/tests/interop/cert_pki.sh"

# wait_for FILE TEXT: up to 10 s for TEXT to appear in FILE.
wait_for() {
    local i
    for i in $(seq 200); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# --- PSK, each verbosity ---
if tl_server psk --psk "dev:$K" --psk-hint "the-hint" --echo; then
    port=$TL_PORT
    tl_expect 0 "client -v" client "127.0.0.1:$port" --psk "dev:$K" --message hi -v
    for line in "handshake summary" "cipher suite            TLS_PSK_WITH_AES_128_CCM_8 (0xC0A8)" \
        "extended master secret  yes" "renegotiation_info      yes" "PSK identity hint       \"the-hint\"" \
        "PSK identity            \"dev\"" "authentication          the pre-shared key"; do
        tl_has err "$line" "-v summary: $line"
    done
    tl_lacks err "recv ServerHello" "-v shows no handshake messages"
    tl_expect 0 "client -vv" client "127.0.0.1:$port" --psk "dev:$K" --message hi -vv
    for line in "sent ClientHello" "recv HelloVerifyRequest" "recv ServerHello" \
        "suite=TLS_PSK_WITH_AES_128_CCM_8" "recv ServerKeyExchange" "psk_identity_hint=\"the-hint\"" \
        "sent ClientKeyExchange" "psk_identity=\"dev\"" "sent ChangeCipherSpec" "recv Finished" \
        "sent alert warning close_notify"; do
        tl_has err "$line" "-vv: $line"
    done
    tl_lacks err "record handshake" "-vv shows no records"
    tl_expect 0 "client -vvv" client "127.0.0.1:$port" --psk "dev:$K" --message hi -vvv
    tl_has err "sent record handshake epoch=0 seq=0" "-vvv: the first record"
    tl_has err "recv record application_data epoch=1" "-vvv: the echo's record"
    tl_expect 0 "client without -v" client "127.0.0.1:$port" --psk "dev:$K" --message hi
    tl_lacks err "summary" "without -v there is no summary"
    tl_stop "$TL_SERVER_PID"
else
    tl_bad "PSK server did not start"
fi

# --- certificates: summary, --showcerts, the host name check ---
if cert_pki_make "$TL_WORK/pki"; then
    pki="$TL_WORK/pki"
    if tl_server cert --cert "$PKI/ec-chain.pem" --key "$PKI/ec-leaf.key.pem" --echo; then
        port=$TL_PORT
        tl_expect 0 "client localhost --showcerts" client "localhost:$port" --ca "$PKI/ec-root.pem" --message hi \
            --showcerts
        n=$(grep -c -- "-----BEGIN CERTIFICATE-----" "$TL_WORK/err")
        if [ "$n" -eq 2 ]; then tl_ok "--showcerts prints the chain (2 certificates)"; else tl_bad "--showcerts: $n PEM blocks"; fi
        for line in "key exchange group      secp256r1" "signature scheme        ecdsa_secp256r1_sha256" \
            "server name (SNI)       localhost" "peer certificate        O=nxdtls test,CN=localhost" \
            "issuer                O=nxdtls test,CN=nxdtls Test EC Intermediate" "valid                 Jan  1 00:00:00 2024 GMT" \
            "host name localhost matched"; do
            tl_has err "$line" "--showcerts summary: $line"
        done
        tl_expect 0 "client to 127.0.0.1 (an IP is not checked)" client "127.0.0.1:$port" --ca "$PKI/ec-root.pem" \
            --message hi -v
        tl_has err "host name not checked" "the summary says the name was not checked"
        tl_stop "$TL_SERVER_PID"
    fi
    if tl_server wrong --cert "$pki/wronghost-chain.pem" --key "$pki/wronghost.key.pem" --echo; then
        port=$TL_PORT
        if tl_expect 1 "client localhost to a www.example.com certificate" client "localhost:$port" \
            --ca "$pki/root.pem" --message hi; then
            tl_has err "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH" "the name mismatch is the reason"
        fi
        tl_expect 0 "the same with --no-verify-host" client "localhost:$port" --ca "$pki/root.pem" --message hi \
            --no-verify-host
        tl_expect 0 "the same with --servername www.example.com" client "localhost:$port" --ca "$pki/root.pem" \
            --servername www.example.com --message hi
        tl_expect 2 "--servername with --no-verify-host" client "localhost:$port" --ca "$pki/root.pem" \
            --servername www.example.com --no-verify-host
        tl_stop "$TL_SERVER_PID"
    fi
else
    tl_bad "cert_pki_make failed"
fi

# --- renegotiation from the client's stdin (R), and --no-commands ---
if tl_server reneg --psk "dev:$K" --echo; then
    port=$TL_PORT
    mkfifo "$TL_WORK/c_in"
    exec 7<>"$TL_WORK/c_in"
    (exec 7>&-; exec timeout -k 5 30 "$NXDTLS" client "127.0.0.1:$port" --psk "dev:$K" -v --wait 0 \
        <"$TL_WORK/c_in" >"$TL_WORK/c_out" 2>"$TL_WORK/c_err") &
    c_pid=$!
    TL_PIDS+=("$c_pid")
    echo "before" >&7
    wait_for "$TL_WORK/c_out" "before" && tl_ok "data before the renegotiation" || tl_bad "no echo before"
    echo "R" >&7
    wait_for "$TL_WORK/c_err" "renegotiation done" && tl_ok "client R: renegotiation done" ||
        tl_bad "client R: no renegotiation"
    grep -q "renegotiation summary" "$TL_WORK/c_err" && tl_ok "a summary after the renegotiation" ||
        tl_bad "no renegotiation summary"
    echo "after" >&7
    wait_for "$TL_WORK/c_out" "after" && tl_ok "data after the renegotiation" || tl_bad "no echo after"
    if grep -qx "R" "$TL_WORK/c_out"; then tl_bad "the R line went out as data"; else tl_ok "R is not sent as data"; fi
    exec 7>&-
    rc=0
    wait "$c_pid" || rc=$?
    if [ "$rc" -eq 0 ]; then tl_ok "client exits 0 after renegotiating"; else tl_bad "client exit $rc"; fi

    mkfifo "$TL_WORK/n_in"
    exec 7<>"$TL_WORK/n_in"
    (exec 7>&-; exec timeout -k 5 30 "$NXDTLS" client "127.0.0.1:$port" --psk "dev:$K" --no-commands --wait 0 \
        <"$TL_WORK/n_in" >"$TL_WORK/n_out" 2>"$TL_WORK/n_err") &
    n_pid=$!
    TL_PIDS+=("$n_pid")
    echo "R" >&7
    wait_for "$TL_WORK/n_out" "R" && tl_ok "--no-commands: R is echoed as data" || tl_bad "--no-commands: no echo"
    exec 7>&-
    wait "$n_pid" 2>/dev/null
    tl_stop "$TL_SERVER_PID"
fi

# --- renegotiation from the server's stdin: every open session ---
mkfifo "$TL_WORK/s_in"
exec 8<>"$TL_WORK/s_in"
(exec 8>&-; exec timeout -k 5 60 "$NXDTLS" server --listen 127.0.0.1:0 --psk "dev:$K" -v <"$TL_WORK/s_in" \
    >"$TL_WORK/s_out" 2>"$TL_WORK/s_err") &
s_pid=$!
TL_PIDS+=("$s_pid")
if wait_for "$TL_WORK/s_err" "listening on"; then
    port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$TL_WORK/s_err")
    mkfifo "$TL_WORK/d_in"
    exec 7<>"$TL_WORK/d_in"
    (exec 7>&- 8>&-; exec timeout -k 5 30 "$NXDTLS" client "127.0.0.1:$port" --psk "dev:$K" -v --wait 0 \
        <"$TL_WORK/d_in" >"$TL_WORK/d_out" 2>"$TL_WORK/d_err") &
    d_pid=$!
    TL_PIDS+=("$d_pid")
    echo "hello server" >&7
    wait_for "$TL_WORK/s_out" "hello server" && tl_ok "server got the client's line" || tl_bad "server: no data"
    # The long form of R (the client's part above sends R).
    echo "renegotiate" >&8
    wait_for "$TL_WORK/d_err" "renegotiation done" && tl_ok "server renegotiate: the client renegotiated" ||
        tl_bad "server renegotiate: no renegotiation on the client"
    echo "from the server" >&8
    wait_for "$TL_WORK/d_out" "from the server" && tl_ok "data after the server's renegotiation" ||
        tl_bad "no data after the server's renegotiation"
    if grep -qx "renegotiate" "$TL_WORK/d_out"; then
        tl_bad "the server sent its renegotiate line as data"
    else
        tl_ok "the server's renegotiate line is not sent as data"
    fi
    exec 7>&-
    rc=0
    wait "$d_pid" || rc=$?
    if [ "$rc" -eq 0 ]; then tl_ok "client exits 0"; else tl_bad "client exit $rc"; fi
else
    tl_bad "server with stdin did not start"
fi
exec 8>&-
tl_stop "$s_pid"

tl_finish
