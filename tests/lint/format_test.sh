#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# format_test: the library, the public headers and the tool are formatted with the project's .clang-format
# (docs/style.md 3: clang-format 14, checked in CI). Hand-aligned tables sit between clang-format off/on.
set -euo pipefail
cd "${NXDTLS_SOURCE_DIR:?NXDTLS_SOURCE_DIR is not set}"
if ! command -v clang-format >/dev/null 2>&1; then
    [ -z "${CI:-}" ] || { echo "FAIL: clang-format missing (scripts/install-deps.sh installs it)"; exit 1; }
    echo "SKIP: clang-format not installed"
    exit 77
fi
checked=0
bad=0
while IFS= read -r f; do
    checked=$((checked + 1))
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (run: clang-format -i $f)"
        bad=$((bad + 1))
    fi
done < <(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tools/*.c' 'tools/*.h' 2>/dev/null || find src include tools -name '*.[ch]')
[ "$checked" -gt 0 ] || { echo "no files found"; exit 1; }
echo "$((checked - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
