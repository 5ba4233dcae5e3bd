#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# api_reference_test: `make docs` works: Doxygen builds the API reference from the public headers
# (docs/Doxyfile) without a warning, and the reference documents the native API's functions and types with
# the headers' own comments.
set -u
cd "${NXDTLS_SOURCE_DIR:?}"
if ! command -v doxygen >/dev/null 2>&1; then
    [ -z "${CI:-}" ] || { echo "FAIL: doxygen missing (scripts/install-deps.sh installs it)"; exit 1; }
    echo "SKIP: doxygen not installed"
    exit 77
fi
out="$(mktemp -d "${TMPDIR:-/tmp}/nxdtls-apiref.XXXXXX")"
trap 'rm -rf "$out"' EXIT
failed=0
if ! NXDTLS_DOCS_DIR="$out" doxygen docs/Doxyfile >"$out/stdout" 2>&1; then
    echo "FAIL: doxygen failed"; cat "$out/stdout"; exit 1
fi
if [ -s "$out/warnings.log" ]; then
    echo "FAIL: doxygen warnings:"; head -n 20 "$out/warnings.log"; failed=1
fi
page="$out/html/nxdtls_8h.html"
[ -f "$page" ] || { echo "FAIL: no page for nxdtls.h"; exit 1; }
text="$(sed -e 's/<[^>]*>//g' "$page")"
for want in "nxdtls_conn_input" "nxdtls_conn_events returns the NXDTLS_EVENT_" "nxdtls_status_name returns the NetX name" \
    "nxdtls_log_entry" "NXDTLS_MAX_DATAGRAM" "nxdtls_server_route"; do
    if grep -qF -- "$want" <<<"$text"; then echo "ok   - the reference has: $want"; else echo "FAIL - missing: $want"; failed=1; fi
done
[ -f "$out/html/nx__secure__dtls__api_8h.html" ] && echo "ok   - nx_secure_dtls_api.h has a page" ||
    { echo "FAIL - no page for nx_secure_dtls_api.h"; failed=1; }
exit $failed
