#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# consume_test: nxdtls as another project's dependency. Installs this build into a staging prefix
# (cmake --install --prefix), checks the layout (every header of include/ under include/nxdtls/, the
# shared library with its SONAME, the static library, the tool, the man page, nxdtls.pc, the CMake package),
# then builds tests/install/consumer four ways and runs it: with pkg-config, with find_package(nxdtls)
# (shared and static targets), and with add_subdirectory of the source tree (which must build only the
# library), and with FetchContent (GIT_REPOSITORY, as README shows it, when the tree is a git checkout).
# The consumer compiles with -std=c11 -Wall -Wextra -Werror -pedantic, as a strict project would.
set -u
build="${NXDTLS_BUILD_DIR:?}"
src="${NXDTLS_SOURCE_DIR:?}"
cc="${NXDTLS_C_COMPILER:-cc}"
work="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-consume.XXXXXX")"
trap 'rm -rf "$work"' EXIT
stage="$work/stage"
passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   - $1"
}
bad() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    [ -s "$work/log" ] && tail -n 25 "$work/log" | sed 's/^/  | /'
}
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        if [ -n "${CI:-}" ]; then
            echo "FAIL: $1 not installed"
            exit 1
        fi
        echo "SKIP: $1 not installed (scripts/install-deps.sh installs it)"
        exit 77
    fi
}
need cmake
need pkg-config
need readelf

# A sanitizer build's library needs the sanitizer runtime in the program that links it.
extra=()
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then
    extra=(-fsanitize=address,undefined)
fi

if cmake --install "$build" --prefix "$stage" >"$work/log" 2>&1; then
    ok "cmake --install --prefix"
else
    bad "cmake --install"
    exit 1
fi

# Layout.
missing=0
while IFS= read -r h; do
    rel="${h#"$src"/include/}"
    [ -f "$stage/include/nxdtls/$rel" ] || { echo "  not installed: include/nxdtls/$rel"; missing=1; }
done < <(find "$src/include" -name '*.h')
if [ "$missing" -eq 0 ]; then ok "every header of include/ is under include/nxdtls/"; else bad "headers missing"; fi
for f in lib/libnxdtls.a lib/pkgconfig/nxdtls.pc lib/cmake/nxdtls/nxdtlsConfig.cmake \
    lib/cmake/nxdtls/nxdtlsConfigVersion.cmake bin/nxdtls share/man/man1/nxdtls.1; do
    if [ -e "$stage/$f" ]; then ok "installed $f"; else bad "missing $f"; fi
done
soname=$(readelf -d "$stage/lib/libnxdtls.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" = "libnxdtls.so.0" ] && [ -f "$stage/lib/libnxdtls.so.0" ]; then
    ok "shared library SONAME $soname"
else
    bad "shared library SONAME '$soname'"
fi
if "$stage/bin/nxdtls" --version >"$work/log" 2>&1 && grep -q "^nxdtls " "$work/log"; then
    ok "installed tool runs: $(head -n 1 "$work/log")"
else
    bad "installed tool"
fi
if grep -q '^\.TH NXDTLS 1' "$stage/share/man/man1/nxdtls.1"; then ok "man page"; else bad "man page"; fi

run_consumer() {
    local name="$1" bin="$2"
    if LD_LIBRARY_PATH="$stage/lib" "$bin" >"$work/log" 2>&1 && grep -q "ClientHello" "$work/log"; then
        ok "$name runs: $(cat "$work/log")"
    else
        bad "$name does not run"
    fi
}

# 1. pkg-config, shared and static.
export PKG_CONFIG_PATH="$stage/lib/pkgconfig"
if pkg-config --exists nxdtls && [ "$(pkg-config --modversion nxdtls)" = "$("$stage/bin/nxdtls" --version |
    awk '{print $2}')" ]; then
    ok "pkg-config knows nxdtls $(pkg-config --modversion nxdtls)"
else
    bad "pkg-config --modversion nxdtls"
fi
# shellcheck disable=SC2046
if "$cc" -std=c11 -Wall -Wextra -Werror -pedantic "${extra[@]}" "$src/tests/install/consumer/consumer.c" \
    $(pkg-config --cflags --libs nxdtls) -o "$work/consumer_pc" >"$work/log" 2>&1; then
    ok "pkg-config build (shared)"
    run_consumer "pkg-config consumer" "$work/consumer_pc"
else
    bad "pkg-config build (shared)"
fi
# shellcheck disable=SC2046
if "$cc" -std=c11 -Wall -Wextra -Werror -pedantic "${extra[@]}" "$src/tests/install/consumer/consumer.c" \
    $(pkg-config --cflags nxdtls) "$stage/lib/libnxdtls.a" $(pkg-config --libs libcrypto) -pthread \
    -o "$work/consumer_pc_static" >"$work/log" 2>&1; then
    ok "pkg-config build (static)"
    run_consumer "static pkg-config consumer" "$work/consumer_pc_static"
else
    bad "pkg-config build (static)"
fi

# 2 and 3. CMake: find_package against the stage; add_subdirectory of the source tree.
flags="${extra[*]}"
configure() {
    local dir="$1"
    shift
    cmake -S "$src/tests/install/consumer" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" "$@" \
        >"$work/log" 2>&1 && cmake --build "$dir" -j 2 >>"$work/log" 2>&1
}
if configure "$work/pkg" -DNXDTLS_CONSUME=package -DCMAKE_PREFIX_PATH="$stage"; then
    ok "find_package(nxdtls) build"
    run_consumer "find_package consumer (nxdtls::nxdtls)" "$work/pkg/consumer"
    run_consumer "find_package consumer (nxdtls::nxdtls_static)" "$work/pkg/consumer_static"
else
    bad "find_package(nxdtls) build"
fi
# add_subdirectory and FetchContent rebuild the library from source: that checks the build files, not
# this build's binaries, so sanitizer runs (which would rebuild it instrumented, slowly) leave them to the
# plain run.
if [ "${NXDTLS_SANITIZE:-OFF}" = "ON" ]; then
    echo "$passed passed, $failed failed (add_subdirectory and FetchContent: checked by the plain build)"
    [ "$failed" -eq 0 ]
    exit
fi
if configure "$work/sub" -DNXDTLS_CONSUME=subdirectory -DNXDTLS_SOURCE_DIR="$src"; then
    ok "add_subdirectory build"
    run_consumer "add_subdirectory consumer (nxdtls::nxdtls)" "$work/sub/consumer"
    run_consumer "add_subdirectory consumer (nxdtls::nxdtls_static)" "$work/sub/consumer_static"
    if [ -e "$work/sub/nxdtls/nxdtls" ] || [ -d "$work/sub/nxdtls/tests" ] || [ -e "$work/sub/nxdtls/psk_client" ]; then
        bad "add_subdirectory built the tool, tests or examples"
    else
        ok "add_subdirectory builds only the library"
    fi
else
    bad "add_subdirectory build"
fi
# FetchContent as README shows it, with GIT_REPOSITORY (the source tree's repository at its HEAD commit, so
# what is committed); from a tree that is not a git checkout, with SOURCE_DIR.
fetch=(-DNXDTLS_CONSUME=fetchcontent -DNXDTLS_SOURCE_DIR="$src")
how="SOURCE_DIR"
if head=$(git -C "$src" rev-parse HEAD 2>/dev/null) && command -v git >/dev/null 2>&1; then
    fetch+=(-DNXDTLS_GIT_TAG="$head")
    how="GIT_REPOSITORY at ${head:0:12}"
fi
if configure "$work/fetch" "${fetch[@]}"; then
    ok "FetchContent build ($how)"
    run_consumer "FetchContent consumer (nxdtls::nxdtls)" "$work/fetch/consumer"
else
    bad "FetchContent build"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
