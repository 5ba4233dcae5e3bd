#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cid_test: RFC 9146 connection IDs and server workers over real loopback sockets. A client that moves to a
# new source port before each of 100 lines keeps its session: each line is echoed back to its new port, the
# server follows it ("peer moved") after each authenticated record and runs one handshake in all, while
# its two workers hand each other the records the kernel gives the wrong one. The same with a client that
# wants no CID itself (--cid 0); without CIDs a moved client is lost; option checks.
source "$(dirname "$0")/tool_lib.sh"

# talk NAME LINES CLIENT-ARGS...: a client as a coprocess; each line waits for its echo (5 s at most).
# Sets TALK_ECHOED to the number of lines echoed in order and TALK_RC to the client's exit status.
talk() {
    local name="$1" lines="$2"
    shift 2
    TALK_ECHOED=0
    coproc CLIENT { exec timeout 120 "$NXDTLS" client "127.0.0.1:$TL_PORT" "$@" --wait 200 \
        2>"$TL_WORK/$name.client.err"; }
    local pid=$CLIENT_PID i reply
    for i in $(seq "$lines"); do
        echo "line $i" >&"${CLIENT[1]}" || break
        IFS= read -r -t 5 reply <&"${CLIENT[0]}" || break
        [ "$reply" = "line $i" ] || break
        TALK_ECHOED=$i
    done
    exec {CLIENT[1]}>&-
    wait "$pid"
    TALK_RC=$?
}

count() { grep -c -- "$2" "$TL_WORK/$1" 2>/dev/null || true; }

if tl_server cid2 --psk "dev:$K" --echo --cid 8 --workers 2 -v; then
    talk both 100 --psk "dev:$K" --cid 4 --new-port-every 1 -v
    [ "$TALK_ECHOED" -eq 100 ] && tl_ok "100 source ports, every line echoed to the new one" ||
        tl_bad "only $TALK_ECHOED of 100 lines echoed across port changes"
    [ "$TALK_RC" -eq 0 ] && tl_ok "the client closes cleanly after 100 rebindings" ||
        tl_bad "client exit $TALK_RC"
    grep -qE "connection ID +ours [0-9a-f]{8}, the peer's [0-9a-f]{16} \(RFC 9146\)" \
        "$TL_WORK/both.client.err" && tl_ok "-v shows both CIDs in the handshake summary" ||
        tl_bad "-v summary lacks the CIDs"
    [ "$(count both.client.err 'new source address')" -eq 99 ] &&
        tl_ok "the client moved 99 times (before lines 2..100)" ||
        tl_bad "client moves: $(count both.client.err 'new source address')"
    tl_stop "$TL_SERVER_PID"
    [ "$(count cid2.err 'peer moved to')" -eq 99 ] && tl_ok "the server followed each move" ||
        tl_bad "server moves: $(count cid2.err 'peer moved to')"
    [ "$(count cid2.err 'ClientHello accepted')" -eq 1 ] && tl_ok "one handshake in all" ||
        tl_bad "handshakes: $(count cid2.err 'ClientHello accepted')"
    grep -q "datagrams handed to their worker" "$TL_WORK/cid2.err" &&
        tl_ok "the workers report their hand-offs" || tl_bad "no hand-off report"
    grep -q "server: 0 datagrams handed" "$TL_WORK/cid2.err" &&
        tl_bad "no datagram went to the other worker in 99 moves" ||
        tl_ok "the kernel gave some moved records to the other worker, which passed them on"
else
    tl_bad "server with --cid 8 --workers 2 did not start"
fi

# A client that asks for no CID of its own still sends with the server's (RFC 9146 3).
if tl_server cid1 --psk "dev:$K" --echo --cid 6 --workers 1 -v; then
    talk empty 20 --psk "dev:$K" --cid 0 --new-port-every 1
    [ "$TALK_ECHOED" -eq 20 ] && tl_ok "--cid 0 client: 20 lines across 19 port changes" ||
        tl_bad "--cid 0 client: $TALK_ECHOED of 20 lines"
    tl_stop "$TL_SERVER_PID"
    [ "$(count cid1.err 'peer moved to')" -eq 19 ] && tl_ok "one worker follows every move too" ||
        tl_bad "server moves: $(count cid1.err 'peer moved to')"
fi

# Without CIDs the server cannot know the moved client: its line is never echoed.
if tl_server nocid --psk "dev:$K" --echo --workers 1; then
    talk lost 2 --psk "dev:$K" --new-port-every 1 --timeout 5000
    [ "$TALK_ECHOED" -eq 1 ] && tl_ok "without --cid, a client that changes port is lost" ||
        tl_bad "without --cid: $TALK_ECHOED lines echoed, expected 1"
    tl_stop "$TL_SERVER_PID"
fi

tl_expect 2 "server --cid 3" server --psk "dev:$K" --cid 3
tl_has err "a server's CIDs have 0 or 6..32 bytes" "too short a server CID is refused"
tl_expect 2 "--cid 33" client 127.0.0.1:9 --psk "dev:$K" --cid 33
tl_has err "--cid wants 0..32" "--cid is bounded"
tl_expect 2 "--workers 0" server --psk "dev:$K" --workers 0
tl_has err "--workers wants 1..64" "--workers is bounded"
tl_finish
