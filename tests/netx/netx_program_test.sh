#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# netx_program_test: a NetX Duo + ThreadX + NetX Secure DTLS program builds and runs unchanged against
# nxdtls, built the way a user builds it. examples/netx_dtls_demo.c (tx_application_define, a DTLS server
# thread and a client thread, PSK then ECDHE-ECDSA certificates, an empty RAM driver of its own) is
# compiled with the C compiler alone, -Wall -Werror (and again -std=c11 -Wextra), against include/ and
# nothing else of ours, linked with libnxdtls (static, then shared) plus -lcrypto -lpthread, and run: both
# handshakes and echoes must complete and the program exit 0 once its threads are done (tx_kernel_enter
# returns). The program's includes are checked to be NetX, ThreadX and NetX Secure headers only.
set -u
build=${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR is not set}
src=${NXDTLS_SOURCE_DIR:?NXDTLS_SOURCE_DIR is not set}
demo="$src/examples/netx_dtls_demo.c"
work=$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-program.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

# The compiler and sanitizer flags the library was built with: its objects need the same runtime.
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cc=${cc:-cc}
extra=()
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then extra=(-fsanitize=address,undefined); fi

# Only public headers: the ones NetX applications include, and the demo's own certificate arrays.
includes=$(grep -h '^#include' "$demo" | sed 's/#include *["<]\([^">]*\)[">].*/\1/' | sort -u)
bad=0
for h in $includes; do
    case "$h" in
    tx_api.h | nx_api.h | nx_secure_dtls_api.h | nx_crypto_*.h | netx_dtls_demo_certs.h) ;;
    *) echo "not a NetX header: $h"; bad=1 ;;
    esac
    if [ "$h" != netx_dtls_demo_certs.h ] && [ ! -f "$src/include/$h" ]; then echo "missing: $h"; bad=1; fi
done
[ $bad -eq 0 ] && pass "the program includes NetX, ThreadX and NetX Secure headers only" ||
    fail "the program's includes"

# Every public header compiles, alone and all together, as a C11 program with warnings as errors.
all="$work/all_headers.c"
: >"$all"
bad=0
for h in "$src"/include/*.h; do
    printf '#include "%s"\nint main(void) { return 0; }\n' "$(basename "$h")" >"$work/one.c"
    if ! "$cc" -std=c11 -Wall -Wextra -Werror -I "$src/include" -c "$work/one.c" -o "$work/one.o" \
        2>"$work/err"; then
        echo "$(basename "$h") alone:"; cat "$work/err"; bad=1
    fi
    printf '#include "%s"\n' "$(basename "$h")" >>"$all"
done
printf 'int main(void) { return 0; }\n' >>"$all"
if ! "$cc" -std=c11 -Wall -Wextra -Werror -I "$src/include" -c "$all" -o "$work/all.o" 2>"$work/err"; then
    echo "all headers together:"; cat "$work/err"; bad=1
fi
[ $bad -eq 0 ] && pass "every header of include/ compiles alone and with all the others" ||
    fail "the public headers"

run() { # run NAME BINARY [env...]
    local name=$1 bin=$2
    shift 2
    local out
    if out=$(env "$@" timeout 120 "$bin" 2>&1) && grep -q "PSK and ECDHE-ECDSA: OK" <<<"$out"; then
        pass "$name runs: PSK and ECDHE-ECDSA handshakes and echoes between its two threads"
    else
        fail "$name run"
        echo "$out"
    fi
}

if "$cc" -Wall -Werror "${extra[@]}" -I "$src/include" "$demo" "$build/libnxdtls.a" -lcrypto \
    -lpthread -o "$work/demo_static" 2>"$work/err"; then
    pass "cc -Wall -Werror, linked with libnxdtls.a -lcrypto -lpthread"
    run "the static build" "$work/demo_static"
else
    fail "static build"
    cat "$work/err"
fi

if "$cc" -std=c11 -Wall -Wextra -Werror "${extra[@]}" -I "$src/include" "$demo" -L "$build" -lnxdtls \
    -lcrypto -lpthread -o "$work/demo_shared" 2>"$work/err"; then
    pass "cc -std=c11 -Wall -Wextra -Werror, linked with -lnxdtls (shared) -lcrypto -lpthread"
    run "the shared build" "$work/demo_shared" LD_LIBRARY_PATH="$build"
else
    fail "shared build"
    cat "$work/err"
fi

# The copy the default build makes (examples/ are built by default).
if [ -x "$build/netx_dtls_demo" ]; then
    run "the default build's netx_dtls_demo" "$build/netx_dtls_demo"
else
    fail "the default build has no netx_dtls_demo"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
