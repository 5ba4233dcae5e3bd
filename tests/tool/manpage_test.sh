#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# manpage_test: the man page (docs/nxdtls.1, installed as man1/nxdtls.1) documents every option that
# `nxdtls COMMAND --help` lists, and every command. An option added to a table in tools/ fails here until
# the man page describes it.
. "$(dirname "$0")/tool_lib.sh"
man="$NXDTLS_SOURCE_DIR/docs/nxdtls.1"
# The page without roff escapes: \- is a hyphen, \fB/\fR change fonts.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man" >"$TL_WORK/man.txt"

tl_run --help
for cmd in client server demo x509; do
    grep -q "^\.B nxdtls $cmd" "$man" && tl_ok "man page synopsis has nxdtls $cmd" ||
        tl_bad "man page synopsis lacks nxdtls $cmd"
done
for cmd in client server demo "x509 verify"; do
    # shellcheck disable=SC2086
    tl_run $cmd --help
    for opt in $(grep -oE -- '--[a-z][a-z0-9-]*' "$TL_WORK/out" | sort -u); do
        [ "$opt" = --help ] && continue
        if grep -qE -- "(^|[^a-z-])$opt([^a-z0-9-]|$)" "$TL_WORK/man.txt"; then
            tl_ok "nxdtls $cmd $opt is in the man page"
        else
            tl_bad "nxdtls $cmd $opt is not in docs/nxdtls.1: describe it there"
        fi
    done
done
if command -v groff >/dev/null 2>&1; then
    if groff -man -Tutf8 -ww -z "$man" 2>"$TL_WORK/err" && [ ! -s "$TL_WORK/err" ]; then
        tl_ok "groff reads the man page without warnings"
    else
        tl_bad "groff warnings"
    fi
fi
tl_finish
