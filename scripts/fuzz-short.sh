#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz-short.sh: a short, bounded libFuzzer run of every fuzz target (part of `make test`). Each target starts
# from its committed seed corpus, copied so the repository is not touched, and runs for FUZZ_SECONDS (default
# 15). A crash, leak or sanitizer report fails the run; the input that caused it is kept in build-fuzz/crashes.
# A grown corpus holds hundreds of inputs that libFuzzer runs one by one before it starts (measured: 127 s for
# dtls_session_fuzz's 898 in this Debug build), so each run starts from at most FUZZ_SHORT_INPUTS (default 150)
# of them, the named seeds first; the ctest replays (fuzz/<target>_replay) run every input.
# Long runs by hand: see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
max_inputs=${FUZZ_SHORT_INPUTS:-150}
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DNXDTLS_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
mkdir -p "$build/crashes"
status=0
for fuzzer in "$build"/fuzz/*_fuzzer; do
    name=$(basename "$fuzzer" _fuzzer)
    work="$build/corpus-run/$name"
    rm -rf "$work" && mkdir -p "$work"
    # Named seeds, then the inputs libFuzzer named by their SHA-1, up to max_inputs.
    sha1='.*/[0-9a-f]{40}'
    mapfile -t inputs < <(
        find fuzz/corpus/"$name" -type f -regextype posix-extended ! -regex "$sha1" | sort
        find fuzz/corpus/"$name" -type f -regextype posix-extended -regex "$sha1" | sort
    )
    for f in "${inputs[@]:0:max_inputs}"; do
        cp "$f" "$work"/
    done
    if "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$build/crashes/$name-" "$work" >"$build/$name.log" 2>&1; then
        echo "fuzz $name: $(grep -Eo '#[0-9]+' "$build/$name.log" | tail -1 | tr -d '#') runs in ${seconds}s, clean"
    else
        echo "fuzz $name: FAILED (see $build/$name.log)"; tail -30 "$build/$name.log"
        status=1
    fi
done
exit $status
