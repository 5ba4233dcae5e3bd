#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# style_programs_test: the programs of tests/netx/style/, written the way NetX Duo's own DTLS regression
# tests are laid out (tx_application_define, packet pools, nx_ip_create with an empty RAM driver, UDP, a DTLS
# server thread and a client thread), are built as a firmware team builds them: the C compiler alone,
# -Wall -Wextra -Werror, against include/ and nothing else of ours, linked with libnxdtls.a -lcrypto
# -lpthread; then each runs (bounded in time) and must exit 0 and print SUCCESS. Each program says in its
# header what NetX behaviour it checks.
set -u
build=${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR is not set}
src=${NXDTLS_SOURCE_DIR:?NXDTLS_SOURCE_DIR is not set}
dir="$src/tests/netx/style"
work=$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-style.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cc=${cc:-cc}
extra=()
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then extra=(-fsanitize=address,undefined); fi

# free_port: a UDP port free on every address of both families (the programs' servers bind the wildcard).
free_port() {
    python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 0))
print(s.getsockname()[1])
PY
}

for prog in "$dir"/*.c; do
    name=$(basename "$prog" .c)
    # Only public NetX, ThreadX and NetX Secure headers (and the program's own certificate arrays).
    bad=0
    for h in $(grep -h '^#include' "$prog" | sed 's/#include *["<]\([^">]*\)[">].*/\1/'); do
        case "$h" in
        tx_api.h | nx_api.h | nx_secure_dtls_api.h | nx_secure_tls_api.h | nx_crypto_*.h | style_certs.h) ;;
        *) echo "$name includes $h, not a NetX header"; bad=1 ;;
        esac
    done
    if [ $bad -ne 0 ]; then
        fail "$name: includes"
        continue
    fi
    if ! "$cc" -Wall -Wextra -Werror "${extra[@]}" -I "$src/include" "$prog" "$build/libnxdtls.a" -lcrypto \
        -lpthread -o "$work/$name" 2>"$work/err"; then
        fail "$name: cc -Wall -Wextra -Werror"
        cat "$work/err"
        continue
    fi
    if out=$(cd "$work" && timeout -k 5 180 "./$name" "$(free_port)" 2>&1) && grep -q "SUCCESS" <<<"$out"; then
        pass "$name"
    else
        fail "$name: run"
        echo "$out" | tail -40
    fi
    # Again as a firmware's nx_secure_user.h configures NetX Secure (smaller PSK store, short identities,
    # extended distinguished names, a shorter DNS name): the control blocks must keep the library's layout.
    if ! "$cc" -Wall -Wextra -Werror "${extra[@]}" -DNX_SECURE_TLS_MAX_PSK_KEYS=2 -DNX_SECURE_TLS_MAX_PSK_SIZE=32 \
        -DNX_SECURE_TLS_MAX_PSK_ID_SIZE=20 -DNX_SECURE_X509_USE_EXTENDED_DISTINGUISHED_NAMES \
        -DNX_SECURE_X509_DNS_NAME_MAX=64 -I "$src/include" "$prog" "$build/libnxdtls.a" -lcrypto -lpthread \
        -o "$work/$name.config" 2>"$work/err"; then
        fail "$name with a user configuration: cc"
        cat "$work/err"
        continue
    fi
    if out=$(cd "$work" && timeout -k 5 180 "./$name.config" "$(free_port)" 2>&1) && grep -q "SUCCESS" <<<"$out"; then
        pass "$name with a user configuration"
    else
        fail "$name with a user configuration: run"
        echo "$out" | tail -40
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
