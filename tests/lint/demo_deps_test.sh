#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo_deps_test: `make demo`'s dependency step (scripts/demo-deps.sh) runs apt-get only when something the
# demo needs is missing, installs only that, and without apt-get says what is missing and fails. apt-get is
# a fake here that records its arguments; a missing tool is simulated by naming one that does not exist.
# `make -n demo` shows the demo builds only the tool it runs.
set -u
script="${NXDTLS_SOURCE_DIR:?}/scripts/demo-deps.sh"
work="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-demo-deps.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat >"$work/fake-apt" <<FAKE
#!/bin/sh
echo "\$*" >>"$work/apt.log"
FAKE
chmod +x "$work/fake-apt"
passed=0
failed=0
check() {
    if [ "$1" = 0 ]; then passed=$((passed + 1)); echo "ok   - $2"; else failed=$((failed + 1)); echo "FAIL - $2"; fi
}

# This machine has cmake, a compiler and OpenSSL 3 (it built the suite): nothing to install.
rc=0
NXDTLS_DEPS_APT="$work/fake-apt" bash "$script" >"$work/out" 2>&1 || rc=$?
check "$([ "$rc" = 0 ] && [ ! -e "$work/apt.log" ] && echo 0 || echo 1)" "all present: exit 0, no apt-get"

# cmake missing: apt-get installs cmake (and make), nothing else.
rc=0
NXDTLS_DEPS_APT="$work/fake-apt" NXDTLS_DEPS_CMAKE=no-such-cmake-here bash "$script" >"$work/out" 2>&1 || rc=$?
check "$([ "$rc" = 0 ] && grep -q "install .* cmake make$" "$work/apt.log" && echo 0 || echo 1)" \
    "cmake missing: apt-get install cmake make ($(tail -n 1 "$work/apt.log" 2>/dev/null))"
rm -f "$work/apt.log"

# Missing, and no apt-get: the message says what is missing; exit 1; apt-get not run.
rc=0
NXDTLS_DEPS_APT=no-such-apt-get NXDTLS_DEPS_CMAKE=no-such-cmake-here bash "$script" >"$work/out" 2>&1 || rc=$?
check "$([ "$rc" = 1 ] && grep -q "missing: cmake" "$work/out" && [ ! -e "$work/apt.log" ] && echo 0 || echo 1)" \
    "no apt-get: exit 1 naming cmake"

# OpenSSL 3's headers missing (a compiler that cannot find them): apt-get installs libssl-dev only.
printf '#!/bin/sh\nexit 1\n' >"$work/no-openssl-cc"
chmod +x "$work/no-openssl-cc"
rc=0
NXDTLS_DEPS_APT="$work/fake-apt" NXDTLS_DEPS_CC="$work/no-openssl-cc" bash "$script" >"$work/out" 2>&1 || rc=$?
check "$([ "$rc" = 0 ] && grep -q "install .* libssl-dev$" "$work/apt.log" && echo 0 || echo 1)" \
    "OpenSSL headers missing: apt-get install libssl-dev ($(tail -n 1 "$work/apt.log" 2>/dev/null))"
rm -f "$work/apt.log"

# The demo builds only what it runs: make's recipe builds the nxdtls target alone and runs it.
if command -v make >/dev/null 2>&1; then
    make -n -C "${NXDTLS_SOURCE_DIR:?}" demo >"$work/recipe" 2>&1 || true
    builds=$(grep -c "cmake --build" "$work/recipe")
    check "$([ "$builds" = 1 ] && grep -q "cmake --build .* --target nxdtls$" "$work/recipe" &&
        grep -q "nxdtls demo$" "$work/recipe" && ! grep -q "install-deps" "$work/recipe" && echo 0 || echo 1)" \
        "make demo builds --target nxdtls only, runs nxdtls demo, no install-deps.sh"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
