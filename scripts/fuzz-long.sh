#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz-long.sh (`make fuzz-long`): the opt-in long libFuzzer run, not part of `make test` or CI. Every fuzz target
# (or those in FUZZ_TARGETS) runs FUZZ_RUNS executions (default 10,000,000) split over FUZZ_JOBS processes
# (default: the number of CPUs) that share one working corpus, built with clang at -O2 with ASan, UBSan and
# libFuzzer, started from the committed seeds. Then each grown corpus is minimized (libFuzzer -merge=1) into
# build-fuzz-long/minimized/<target>; FUZZ_UPDATE_CORPUS=1 copies that over fuzz/corpus/<target>. The figures
# (executions, time, executions per second, coverage, corpus size, crashes) are printed and written to
# build-fuzz-long/summary.txt; fuzz/README.md keeps the record of the runs. A crash, leak, sanitizer report or
# violated invariant fails the run and its input is kept in build-fuzz-long/crashes/.
# Knobs: FUZZ_RUNS, FUZZ_JOBS, FUZZ_TARGETS="x509_cert_fuzz dtls_session_fuzz", FUZZ_NICE (default 10: yield to
# interactive work), FUZZ_SECONDS (a time budget per target: a target that has not reached FUZZ_RUNS by then
# stops, and the summary says how far it got), FUZZ_RESUME=1 (start from the working corpus a previous run left in
# build-fuzz-long/corpus/<target>, plus the seeds; the executions counted are this run's), FUZZ_UPDATE_CORPUS=1. Each invocation appends to summary.txt
# under a dated header, so two invocations on different targets can run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-10000000}
jobs=${FUZZ_JOBS:-$(nproc)}
nice_level=${FUZZ_NICE:-10}
seconds_limit=${FUZZ_SECONDS:-}
build=build-fuzz-long
all_targets=$(cd fuzz && ls ./*_fuzz.c | sed 's|^\./||; s|\.c$||')
targets=${FUZZ_TARGETS:-$all_targets}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DNXDTLS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
for t in $targets; do
    cmake --build "$build" -j "$(nproc)" --target "${t}_fuzzer" >/dev/null
done
mkdir -p "$build/crashes" "$build/minimized"
summary="$build/summary.txt"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'): FUZZ_TARGETS=\"$targets\" FUZZ_RUNS=$runs FUZZ_JOBS=$jobs" \
    "FUZZ_NICE=$nice_level${seconds_limit:+ FUZZ_SECONDS=$seconds_limit}" >>"$summary"
status=0

# Per-target options. -entropic=0 for the two whole-session targets: the entropic schedule updates a frequency
# per feature after every run, and a run there touches tens of thousands of features (measured: it tripled
# the time per run of dtls_session_fuzz). -max_len as fuzz/README.md recommends.
options() {
    case "$1" in
    dtls_session_fuzz) echo "-max_len=4096 -entropic=0 -timeout=30" ;;
    dtls_handshake_fuzz) echo "-max_len=8192 -entropic=0 -timeout=30" ;;
    dtls_record_fuzz) echo "-max_len=4096 -timeout=30" ;;
    *) echo "-max_len=8192 -timeout=30" ;;
    esac
}

for t in $targets; do
    fuzzer="$build/fuzz/${t}_fuzzer"
    work="$build/corpus/$t"
    if [ "${FUZZ_RESUME:-0}" != 1 ]; then
        rm -rf "$work"
    fi
    mkdir -p "$work"
    cp fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
    per_job=$(((runs + jobs - 1) / jobs))
    time_limit=${seconds_limit:+-max_total_time=$seconds_limit}
    start=$(date +%s)
    pids=()
    for ((j = 0; j < jobs; j++)); do
        # shellcheck disable=SC2046,SC2086
        nice -n "$nice_level" "$fuzzer" $(options "$t") -runs="$per_job" -rss_limit_mb=4096 -print_final_stats=1 \
            $time_limit -artifact_prefix="$build/crashes/$t-" "$work" >"$build/$t.job$j.log" 2>&1 &
        pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    seconds=$(($(date +%s) - start))
    done_runs=0
    for ((j = 0; j < jobs; j++)); do
        n=$(grep -Eo 'Done [0-9]+ runs' "$build/$t.job$j.log" | grep -Eo '[0-9]+' | tail -1 || true)
        if [ -z "$n" ]; then
            n=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$build/$t.job$j.log" | grep -Eo '[0-9]+$' | tail -1 || true)
        fi
        done_runs=$((done_runs + ${n:-0}))
    done
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$build/$t.job0.log" | tail -1 || true)
    rm -rf "$build/minimized/$t" && mkdir -p "$build/minimized/$t"
    # shellcheck disable=SC2046
    "$fuzzer" $(options "$t") -merge=1 "$build/minimized/$t" "$work" >"$build/$t.merge.log" 2>&1 || true
    files=$(find "$build/minimized/$t" -type f | wc -l)
    bytes=$(du -sb "$build/minimized/$t" | cut -f1)
    rate=$((seconds > 0 ? done_runs / seconds : done_runs))
    files_before=$(find fuzz/corpus/"$t" -type f | wc -l)
    bytes_before=$(du -sb fuzz/corpus/"$t" | cut -f1)
    line="$t: $done_runs runs in ${seconds}s ($rate/s, $jobs jobs), $cov, corpus $files_before files / $bytes_before bytes"
    line="$line -> minimized $files files / $bytes bytes"
    if [ "$done_runs" -lt "$runs" ]; then
        line="$line, STOPPED by FUZZ_SECONDS short of $runs runs"
    fi
    if [ "$failed" -ne 0 ]; then
        line="$line, FAILED (see $build/$t.job*.log and $build/crashes/)"
        status=1
    fi
    echo "$line" | tee -a "$summary"
    if [ "${FUZZ_UPDATE_CORPUS:-0}" = 1 ] && [ "$failed" -eq 0 ] && [ "$files" -gt 0 ]; then
        rm -f fuzz/corpus/"$t"/*
        cp "$build/minimized/$t"/* fuzz/corpus/"$t"/
    fi
done
exit $status
