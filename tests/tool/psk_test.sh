#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# psk_test: the tool's PSK options and binary payloads. --psk parsing (errors name the option and never
# print the key, identities may contain ':', a warning for keys under 16 bytes); the server's hint shown by
# the client's -v and served whatever it is; --psk-file with 10,000 identities served through the engine's
# callback (a sample connects, an unknown identity gets unknown_psk_identity); --hex, --file and --hexdump
# carry exact bytes.
source "$(dirname "$0")/tool_lib.sh"

# ---- --psk parsing ----
tl_expect 2 "--psk without a colon" client 127.0.0.1:9 --psk nokey
tl_has err "--psk wants IDENTITY:HEXKEY" "the error names --psk"
tl_expect 2 "--psk with an empty key" client 127.0.0.1:9 --psk id:
tl_has err "--psk: the key of 'id' is empty" "an empty key is refused by name"
tl_expect 2 "--psk with an odd number of digits" client 127.0.0.1:9 --psk id:0011223
tl_has err "odd number of hex digits" "odd-length keys are refused"
tl_expect 2 "--psk with a key that is not hex" client 127.0.0.1:9 --psk "id:00112233445566778899aabbccddeeXY"
tl_has err "--psk: the key of 'id' is not hex" "non-hex keys are refused"
tl_lacks err "00112233445566778899aabbccddeeXY" "the key is not printed"
tl_expect 2 "--psk with a 65-byte key" client 127.0.0.1:9 --psk "id:$(printf '%0130d' 0)"
tl_has err "65 bytes, at most 64" "keys over 64 bytes are refused"
tl_expect 2 "--psk with a 129-byte identity" client 127.0.0.1:9 --psk "$(printf 'i%.0s' $(seq 129)):$K"
tl_has err "the identity is 129 bytes, at most 128" "identities over 128 bytes are refused"
printf 'a:00112233445566778899aabbccddeeff\n' >"$TL_WORK/one.txt"
tl_expect 2 "--psk-file on a client" client 127.0.0.1:9 --psk-file "$TL_WORK/one.txt"
tl_has err "--psk-file is for servers" "a client is told --psk-file is a server option"

# A short key works but draws a warning; an identity with colons keeps them (the key is after the last).
if tl_server short --psk "urn:dev:ops:1:0011223344" --once; then
    tl_run client "127.0.0.1:$TL_PORT" --psk "urn:dev:ops:1:0011223344" --message hi --wait 0
    [ "$TL_RC" -eq 0 ] && tl_ok "identity with ':' and a 5-byte key connects" ||
        tl_bad "identity with ':' and a 5-byte key: exit $TL_RC"
    tl_has err "warning: --psk: the key of 'urn:dev:ops:1' is 5 bytes" "short keys draw a warning"
    tl_stop "$TL_SERVER_PID"
else
    tl_bad "server with a short key did not start"
fi

# ---- hints ----
# The server sends its hint; a client whose --psk has no --psk-hint uses it anyway (RFC 4279 2), and -v
# shows the hint.
if tl_server hint --psk "dev:$K" --psk-hint "my hint" --once; then
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --message hi --wait 0 -v
    [ "$TL_RC" -eq 0 ] && tl_ok "client without --psk-hint connects to a server with a hint" ||
        tl_bad "client without --psk-hint: exit $TL_RC"
    tl_has err 'PSK identity hint from the server: "my hint"; identity "dev"' "-v shows the server's hint"
    tl_stop "$TL_SERVER_PID"
fi
if tl_server nohint --psk "dev:$K" --once; then
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --message hi --wait 0 -v
    tl_has err 'no PSK identity hint from the server; identity "dev"' "-v says when there is no hint"
    tl_stop "$TL_SERVER_PID"
fi
if tl_server otherhint --psk "dev:$K" --psk-hint theirs --once; then
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --psk-hint ours --message hi --wait 0 -v
    [ "$TL_RC" -eq 1 ] && tl_ok "a --psk tied to another hint fails (exit 1)" ||
        tl_bad "a --psk tied to another hint: exit $TL_RC, expected 1"
    tl_has err "NX_SECURE_TLS_NO_MATCHING_PSK (0x126)" "the failure is 0x126"
    tl_has err 'hint from the server: "theirs"; no --psk for it' "-v says why"
    tl_stop "$TL_SERVER_PID"
fi

# ---- --psk-file ----
FLEET="$TL_WORK/fleet.txt"
python3 - "$FLEET" <<'EOF'
import hashlib, sys
with open(sys.argv[1], "w") as f:
    f.write("# 10,000 devices: identity:hexkey\n\n")
    for n in range(10000):
        f.write("device:%05d:%s\n" % (n, hashlib.sha256(b"%d" % n).hexdigest()[:32]))
EOF
fleet_key() {
    python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest()[:32])' "$1"
}
if tl_server fleet --psk-file "$FLEET" --psk-hint fleet --echo --max-sessions 4; then
    FLEET_PORT=$TL_PORT
    FLEET_PID=$TL_SERVER_PID
    ok=0
    for n in 0 9999 1 4242 777 5000 8191 31; do
        id=$(printf 'device:%05d' "$n")
        tl_run client "127.0.0.1:$FLEET_PORT" --psk "$id:$(fleet_key "$n")" --message "from $id" --wait 300
        if [ "$TL_RC" -eq 0 ] && [ "$(cat "$TL_WORK/out")" = "from $id" ]; then
            ok=$((ok + 1))
        else
            tl_bad "fleet device $id: exit $TL_RC"
        fi
    done
    [ "$ok" -eq 8 ] && tl_ok "8 of 10,000 --psk-file identities connect and echo"
    tl_run client "127.0.0.1:$FLEET_PORT" --psk "device:10000:$(fleet_key 1)" --message x --wait 0
    [ "$TL_RC" -eq 1 ] && tl_ok "an identity not in the file is refused (exit 1)" ||
        tl_bad "unknown identity: exit $TL_RC, expected 1"
    tl_has err "unknown_psk_identity" "the client reports unknown_psk_identity"
    tl_run client "127.0.0.1:$FLEET_PORT" --psk "device:00002:$(fleet_key 3)" --message x --wait 0 --timeout 3000
    [ "$TL_RC" -eq 1 ] && tl_ok "a known identity with another device's key is refused" ||
        tl_bad "wrong key: exit $TL_RC, expected 1"
    tl_stop "$FLEET_PID"
else
    tl_bad "--psk-file server did not start"
fi
printf 'a:00112233445566778899aabbccddeeff\nb:0011\r\na:00112233445566778899aabbccddeeff\n' >"$TL_WORK/dup.txt"
tl_expect 1 "--psk-file with a duplicate identity" server --listen 127.0.0.1:0 --psk-file "$TL_WORK/dup.txt"
tl_has err "identity 'a' appears twice" "the duplicate is named"
printf 'a:00112233445566778899aabbccddeeff\nb:0011\r\nc:\t\n' >"$TL_WORK/tab.txt"
tl_expect 1 "--psk-file with a tab in a key" server --listen 127.0.0.1:0 --psk-file "$TL_WORK/tab.txt"
tl_has err "tab.txt:3: the key of 'c' has an odd number" "the line with the tab is named"
printf 'a:00112233445566778899aabbccddeeff\nb:0011\r\n' >"$TL_WORK/short.txt"
tl_expect 2 "--psk-file with a short key (then a usage error)" server --psk-file "$TL_WORK/short.txt" \
    --max-sessions 0
tl_has err "1 of 2 keys are under 16 bytes" "short keys of the file are counted, CRLF accepted"
printf '# fleet\ngood:00112233445566778899aabbccddeeff\nbad:00zz\n' >"$TL_WORK/bad.txt"
tl_expect 1 "--psk-file with a bad line" server --listen 127.0.0.1:0 --psk-file "$TL_WORK/bad.txt"
tl_has err "bad.txt:3: the key of 'bad' is not hex" "the bad line is named by number"
tl_expect 1 "--psk-file that does not exist" server --listen 127.0.0.1:0 --psk-file "$TL_WORK/none.txt"
tl_has err "none.txt': No such file" "a missing file is named"

# ---- binary payloads ----
printf '\x00\x01\n\xff\x80tail' >"$TL_WORK/payload.bin"
if tl_server binary --psk "dev:$K" --echo --max-sessions 2; then
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --hex "40 01 12 34 ff 00" --hexdump --wait 300
    [ "$(cat "$TL_WORK/out")" = "40011234ff00" ] && tl_ok "--hex sends exact bytes, --hexdump prints them" ||
        tl_bad "--hex/--hexdump: got '$(cat "$TL_WORK/out")'"
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --file "$TL_WORK/payload.bin" --wait 300
    cmp -s "$TL_WORK/out" "$TL_WORK/payload.bin" && tl_ok "--file sends the file's bytes, no newline added" ||
        tl_bad "--file: got $(od -An -tx1 "$TL_WORK/out")"
    tl_run client "127.0.0.1:$TL_PORT" --psk "dev:$K" --file "$TL_WORK/payload.bin" --hexdump --wait 300
    [ "$(cat "$TL_WORK/out")" = "00010aff807461696c" ] && tl_ok "--hexdump prints one record as one line" ||
        tl_bad "--hexdump: got '$(cat "$TL_WORK/out")'"
    tl_stop "$TL_SERVER_PID"
fi
tl_expect 2 "--hex with an odd digit count" client 127.0.0.1:9 --psk "dev:$K" --hex 4001123
tl_has err "--hex wants bytes as pairs of hex digits" "the error names --hex"
tl_expect 2 "--hex and --message together" client 127.0.0.1:9 --psk "dev:$K" --hex 40 --message x
tl_has err "give one of --message, --hex and --file" "payload options exclude each other"
tl_expect 1 "--file that does not exist" client 127.0.0.1:9 --psk "dev:$K" --file "$TL_WORK/none.bin"
tl_has err "--file '$TL_WORK/none.bin': No such file" "a missing --file is named"
tl_finish
