#!/usr/bin/env bash
# Runs one fuzz target with AFL++ for SECONDS (default 1800) from its
# committed corpus and prints its record: runs, runs per second, edge
# coverage and crashes. Build first: (cd fuzz && cargo afl build --release).
#
#   fuzz/run.sh load_item 1800
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-1800}
[ -x "target/release/$target" ] || { echo "build first: (cd fuzz && cargo afl build --release)" >&2; exit 2; }
rm -rf "out/$target"
mkdir -p "out/$target"
# A machine without a core-dump handler or CPU scaling control still fuzzes.
AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_QUIET=1 \
  cargo afl fuzz -i "corpus/$target" -o "out/$target" -V "$seconds" "target/release/$target" > "out/$target/log" 2>&1 || true
stats="out/$target/default/fuzzer_stats"
[ -f "$stats" ] || { echo "$target: AFL++ did not start; see fuzz/out/$target/log" >&2; tail -20 "out/$target/log" >&2; exit 1; }
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(get saved_crashes)
echo "$target: $(get run_time) s, $(get execs_done) runs ($(get execs_per_sec)/s), edge coverage $(get bitmap_cvg), corpus $(get corpus_count), crashes $crashes, hangs $(get saved_hangs)"
if [ "$crashes" != 0 ]; then
  echo "crashing inputs: fuzz/out/$target/default/crashes/ (add each to fuzz/corpus/$target and a regression test)" >&2
  exit 1
fi
