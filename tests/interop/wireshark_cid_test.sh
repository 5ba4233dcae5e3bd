#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# wireshark_cid_test: Wireshark's DTLS dissector (tshark, Debian) as an independent reader of RFC 9146. No
# DTLS implementation in Debian or npm speaks RFC 9146 (docs/cid.md "Interoperability"); Wireshark parses
# the tls12_cid record (the CID after the sequence number, at the length each hello announced) and, given the
# key log, decrypts and authenticates it with the RFC 9146 5 additional data. A session of the nxdtls client
# and server with CIDs is captured on loopback for each protection kind (AES-GCM, AES-CCM-8, AES-CBC with
# HMAC-SHA256); tshark must show both CIDs, the data in both directions decrypted, and nothing malformed.
# Needs root or the capture capability for dumpcap; skipped (77) when tshark is missing, a failure under CI.
source "$(dirname "$0")/interop_lib.sh"
io_require tshark dumpcap

hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

cid_case() {
    local suite="$1" client_cid="$2" port msg
    port=$(io_free_port 4) || { io_fail "no free port"; return 1; }
    msg="rfc9146-via-wireshark-$suite"
    io_launch "$CASE/dumpcap.out" "$CASE/dumpcap.err" /dev/null \
        timeout $((30 * IO_SLOW)) dumpcap -i lo -f "udp port $port" -w "$CASE/cap.pcapng"
    local cap=$IO_LAST_PID
    io_wait_for "$CASE/dumpcap.err" "Capturing on" 10 "$cap" || { io_fail "dumpcap did not start"; return 1; }
    io_launch "$CASE/server.out" "$CASE/server.err" /dev/null timeout $((20 * IO_SLOW)) "$NXDTLS" server \
        --listen "127.0.0.1:$port" --psk "$PSK_ID:$PSK_KEY" --echo --once --workers 1 --cid 8 \
        --ciphers "$suite" --keylog "$CASE/keys"
    local srv=$IO_LAST_PID
    io_wait_for "$CASE/server.err" "listening on" 10 "$srv" || { io_fail "server did not start"; return 1; }
    io_launch "$CASE/client.out" "$CASE/client.err" /dev/null timeout $((20 * IO_SLOW)) "$NXDTLS" client \
        "127.0.0.1:$port" --psk "$PSK_ID:$PSK_KEY" --cid "$client_cid" --message "$msg" --wait 300 \
        --keylog "$CASE/keys" -vvv
    local cli=$IO_LAST_PID
    io_wait_pid "$cli"
    [ "$IO_RC" -eq 0 ] || { io_fail "client exit $IO_RC"; return 1; }
    io_wait_pid "$srv"
    grep -qF "$msg" "$CASE/client.out" || { io_fail "no echo"; return 1; }
    sleep 0.3
    kill -INT "$cap" 2>/dev/null
    io_wait_pid "$cap"
    # The CIDs each side sent with, from the client's trace: sent records carry the server's CID.
    local server_cid client_seen
    server_cid=$(sed -n 's/.*sent record .* in tls12_cid cid=\([0-9a-f]*\) .*/\1/p' "$CASE/client.err" | head -n 1)
    client_seen=$(sed -n 's/.*recv record .* in tls12_cid cid=\([0-9a-f]*\) .*/\1/p' "$CASE/client.err" | head -n 1)
    [ ${#server_cid} -eq 16 ] || { io_fail "no 8-byte server CID in the client's trace"; return 1; }
    if [ "$client_cid" -eq 0 ]; then
        [ -z "$client_seen" ] || { io_fail "the server sent CID records to a --cid 0 client"; return 1; }
    else
        [ ${#client_seen} -eq $((2 * client_cid)) ] || { io_fail "no client CID in the trace"; return 1; }
    fi
    tshark -r "$CASE/cap.pcapng" -o "tls.keylog_file:$CASE/keys" -T fields \
        -e dtls.record.connection_id -e data.data >"$CASE/fields.txt" 2>"$CASE/tshark.err" ||
        { io_fail "tshark failed"; return 1; }
    grep -q "$server_cid" "$CASE/fields.txt" || { io_fail "tshark did not find the server's CID"; return 1; }
    if [ "$client_cid" -ne 0 ]; then
        grep -q "$client_seen" "$CASE/fields.txt" || { io_fail "tshark did not find the client's CID"; return 1; }
    fi
    local n
    n=$(grep -c "$(hex "$msg")" "$CASE/fields.txt")
    [ "$n" -ge 2 ] || { io_fail "tshark decrypted the message in $n records, expected 2 (both ways)"; return 1; }
    # The request went out in a CID record: its line holds the server's CID and the decrypted data.
    grep "$server_cid" "$CASE/fields.txt" | grep -q "$(hex "$msg")" ||
        { io_fail "the decrypted request is not in a CID record"; return 1; }
    n=$(tshark -r "$CASE/cap.pcapng" -o "tls.keylog_file:$CASE/keys" -Y "_ws.malformed" 2>/dev/null | wc -l)
    [ "$n" -eq 0 ] || { io_fail "tshark found $n malformed packets"; return 1; }
    return 0
}

for suite in TLS_PSK_WITH_AES_128_GCM_SHA256 TLS_PSK_WITH_AES_128_CCM_8 TLS_PSK_WITH_AES_128_CBC_SHA256; do
    io_case "tshark reads and decrypts CID records both ways: $suite" cid_case "$suite" 4
done
io_case "tshark with an empty client CID (server -> client in RFC 6347 records)" \
    cid_case TLS_PSK_WITH_AES_128_GCM_SHA256 0
echo "$IO_PASSED passed, $IO_FAILED failed"
[ "$IO_FAILED" -eq 0 ]
