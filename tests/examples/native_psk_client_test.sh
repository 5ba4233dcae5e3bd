#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# native_psk_client_test: examples/native_psk_client (the native engine over POSIX sockets) against
# `nxdtls server --echo`: the reply comes back and both exit 0; with -v the engine's log callback traces
# the handshake messages; a wrong key fails with the NetX name of the code and exit 1.
. "$(dirname "$0")/../tool/tool_lib.sh"
client="$NXDTLS_BUILD_DIR/native_psk_client"
[ -x "$client" ] || { echo "FAIL: $client not built"; exit 1; }

if tl_server srv --psk "device-1:$K" --echo --once; then
    TL_RC=0
    timeout -k 5 30 "$client" -v 127.0.0.1 "$TL_PORT" device-1 "$K" "hello native" >"$TL_WORK/out" \
        2>"$TL_WORK/err" || TL_RC=$?
    if [ "$TL_RC" -eq 0 ]; then tl_ok "native client exits 0"; else tl_bad "native client exit $TL_RC"; fi
    tl_has out "hello native" "the echo comes back"
    tl_has err "connected, TLS_PSK_WITH_" "the suite is named"
    tl_has err "sent ClientHello" "-v traces the ClientHello"
    tl_has err "recv ServerHello" "-v traces the ServerHello"
    tl_has err "psk_identity=\"device-1\"" "-v shows the identity sent"
    rc=0
    wait "$TL_SERVER_PID" || rc=$?
    if [ "$rc" -eq 0 ]; then tl_ok "server --once exits 0 (clean close)"; else tl_bad "server exit $rc"; fi
else
    tl_bad "server did not start"
fi

if tl_server srv2 --psk "device-1:ffeeddccbbaa99887766554433221100" --once; then
    TL_RC=0
    timeout -k 5 30 "$client" 127.0.0.1 "$TL_PORT" device-1 "$K" >"$TL_WORK/out" 2>"$TL_WORK/err" || TL_RC=$?
    if [ "$TL_RC" -eq 1 ]; then tl_ok "wrong key: exit 1"; else tl_bad "wrong key: exit $TL_RC"; fi
    tl_has err "NX_SECURE_TLS_ALERT_RECEIVED (0x114)" "wrong key: the status is named"
    tl_stop "$TL_SERVER_PID"
else
    tl_bad "server did not start"
fi
tl_finish
