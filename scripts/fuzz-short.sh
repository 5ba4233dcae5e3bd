#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz-short.sh: a short, bounded libFuzzer run of every fuzz target (part of `make test`). Each target starts
# from its committed seed corpus, copied so the repository is not touched, and runs for FUZZ_SECONDS (default
# 15). A crash, leak or sanitizer report fails the run; the input that caused it is kept in build-fuzz/crashes.
# Long runs by hand: see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DNXDTLS_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
mkdir -p "$build/crashes"
status=0
for fuzzer in "$build"/fuzz/*_fuzzer; do
    name=$(basename "$fuzzer" _fuzzer)
    work="$build/corpus-run/$name"
    rm -rf "$work" && mkdir -p "$work"
    cp fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
    if "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$build/crashes/$name-" "$work" >"$build/$name.log" 2>&1; then
        echo "fuzz $name: $(grep -Eo '#[0-9]+' "$build/$name.log" | tail -1 | tr -d '#') runs in ${seconds}s, clean"
    else
        echo "fuzz $name: FAILED (see $build/$name.log)"; tail -30 "$build/$name.log"
        status=1
    fi
done
exit $status
