#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# library_symbols_test: the library's own objects never reference the heap (memory is what the caller hands in,
# as in NetX), and src/dtls and src/x509 keep no mutable file-scope state (docs/style.md 2.6: nm lists no B/b/D/d
# symbols there). OpenSSL's objects are libcrypto's own and are not looked at.
set -euo pipefail
build=${NXDTLS_BUILD_DIR:?NXDTLS_BUILD_DIR is not set}
failed=0
checked=0
for layer in base crypto x509 dtls threadx netx; do
    dir="$build/CMakeFiles/nxd_${layer}_objects.dir/src/$layer"
    [ -d "$dir" ] || continue
    for obj in "$dir"/*.o; do
        [ -e "$obj" ] || continue
        checked=$((checked + 1))
        if nm -u "$obj" | grep -qwE 'malloc|calloc|realloc|free|strdup|strndup'; then
            echo "heap use in $obj:"; nm -u "$obj" | grep -wE 'malloc|calloc|realloc|free|strdup|strndup'
            failed=$((failed + 1))
        fi
        # Sanitizer builds add their own static descriptors to every object: check state in plain builds only.
        case "$layer:${NXDTLS_SANITIZE:-OFF}" in
        dtls:OFF | x509:OFF)
            # const tables holding pointers live in .data.rel.ro (nm shows them as d/D): only writable
            # sections count.
            writable=$(nm --format=sysv "$obj" | awk -F'|' '$7 ~ /^ *\.(data|bss)(\.[^r].*)? *$/ {print $1, $7}')
            if [ -n "$writable" ]; then
                echo "mutable file-scope state in $obj:"; echo "$writable"
                failed=$((failed + 1))
            fi
            ;;
        esac
    done
done
echo "library_symbols: $checked objects checked"
[ "$checked" -gt 0 ] || { echo "no library objects found under $build"; exit 1; }
if [ "$failed" -eq 0 ]; then echo "$checked passed, 0 failed"; else echo "$((checked - failed)) passed, $failed failed"; exit 1; fi
