#!/usr/bin/env bash
# Linear cost: the history, diff, review, publish and metric commands on
# inputs of size n and 2n, to show that doubling n at most doubles the time.
#
#   bench/linear.sh            # print the table (Markdown)
#   bench/linear.sh --write    # also replace its section in BENCHMARKS.md
#
# Cases: one commit adding n backlog items (pm log, pm publish); one commit
# removing n items (pm diff, pm review); a metric with n observations and one
# commit adding two (pm diff), and `pm metric record --replace` on it.
# Exit codes are not timed (review exits 1 when n items vanish). Work files go to $BENCH_DIR/linear (default /tmp/pm-bench/linear).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/pm-bench}/linear
runs=${BENCH_RUNS:-3}
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
(cd "$root" && cargo build --release --bin pm --example gen) >&2 || exit 1
pm=$root/target/release/pm
gen=$root/target/release/examples/gen
rm -rf "$dir" && mkdir -p "$dir"
export PM_TODAY=2026-11-28 NO_COLOR=1 COLUMNS=120
git_c() { git -c user.name=bench -c user.email=b@x "$@"; }

median() { # hyperfine JSON → median seconds
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
time_it() { # name, dir, command → median seconds
  local json=$dir/$1.json
  (cd "$2" && hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$json" "$3" >/dev/null 2>&1) || { echo "failed: $3" >&2; echo nan; return; }
  median "$json"
}

items=(4000 8000 16000)
obs=(7500 15000 30000)
declare -A t
for n in "${items[@]}"; do
  # One commit adding n items.
  "$gen" --items "$n" --commits 0 --seed 42 "$dir/add$n" >/dev/null 2>&1 || exit 1
  t[log,$n]=$(time_it "log$n" "$dir/add$n" "$pm log")
  t[publish,$n]=$(time_it "publish$n" "$dir/add$n" "$pm publish --out $dir/site$n")
  # One commit removing n items.
  git clone -q "$dir/add$n" "$dir/rm$n"
  (cd "$dir/rm$n" && git rm -qr product/backlog && git_c commit -qm "remove every item")
  t[diff-removed,$n]=$(time_it "diffrm$n" "$dir/rm$n" "$pm diff HEAD~1 HEAD")
  t[review-removed,$n]=$(time_it "reviewrm$n" "$dir/rm$n" "$pm review --base HEAD~1")
done
for n in "${obs[@]}"; do
  d=$dir/obs$n
  "$gen" --items 100 --commits 0 --seed 42 "$d" >/dev/null 2>&1 || exit 1
  python3 - "$d" "$n" <<'PY'
import sys, datetime
d, n = sys.argv[1], int(sys.argv[2])
start = datetime.date(1940, 1, 1)
lines = ["id: bench_daily", "name: Daily bench metric", "unit: count", "grain: day", "observations:"]
for i in range(n):
    lines.append(f"  - {{period: {start + datetime.timedelta(days=i)}, value: {i % 997}}}")
open(f"{d}/product/metrics/bench_daily.yaml", "w").write("\n".join(lines) + "\n")
cfg = open(f"{d}/product/pm.yaml").read().replace("max_file_bytes: 1048576", "max_file_bytes: 8388608")
open(f"{d}/product/pm.yaml", "w").write(cfg)
PY
  (cd "$d" && git add -A && git_c commit -qm "a metric with $n observations")
  (cd "$d" && "$pm" metric record bench_daily 1 --period 2026-11-01 >/dev/null 2>&1 &&
     "$pm" metric record bench_daily 2 --period 2026-11-02 >/dev/null 2>&1 && git_c commit -qam "two more")
  t[diff-obs,$n]=$(time_it "diffobs$n" "$d" "$pm diff HEAD~1 HEAD")
  t[record,$n]=$(time_it "record$n" "$d" "$pm metric record bench_daily 3 --period 2026-11-02 --replace")
done

row() { # label, key, sizes...
  local label=$1 key=$2; shift 2
  local a=${t[$key,$1]} b=${t[$key,$2]} c=${t[$key,$3]}
  python3 - "$label" "$1" "$2" "$3" "$a" "$b" "$c" <<'PY'
import sys
label, n1, n2, n3, *ts = sys.argv[1:]
a, b, c = (float(x) for x in ts)
print(f"| {label} | {a*1000:.0f} ms | {b*1000:.0f} ms | {c*1000:.0f} ms | {b/a:.2f} | {c/b:.2f} |")
PY
}
table=$(
  echo "| command (n) | n = ${items[0]} | ${items[1]} | ${items[2]} | ×2 | ×2 again |"
  echo "|---|---|---|---|---|---|"
  row "\`pm log\`, one commit adding n items" log "${items[@]}"
  row "\`pm publish\`, n items, one commit" publish "${items[@]}"
  row "\`pm diff HEAD~1 HEAD\`, n items removed" diff-removed "${items[@]}"
  row "\`pm review\`, n items removed" review-removed "${items[@]}"
  echo
  echo "| command (n observations) | n = ${obs[0]} | ${obs[1]} | ${obs[2]} | ×2 | ×2 again |"
  echo "|---|---|---|---|---|---|"
  row "\`pm diff HEAD~1 HEAD\`, 2 observations added" diff-obs "${obs[@]}"
  row "\`pm metric record --replace\`" record "${obs[@]}"
)
section=$(
  echo "## Linear cost"
  echo
  echo "\`bench/linear.sh\` on $(nproc) cores: medians of $runs runs after one warm-up (hyperfine \`-N\`)."
  echo "The ×2 columns divide each time by the one before it: linear cost stays near 2, and"
  echo "the promise is at most 2 ± 20 %."
  echo
  echo "$table"
)
echo "$section"
if [ "${1:-}" = "--write" ]; then
  python3 - "$root/BENCHMARKS.md" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(r"\n## Linear cost\n.*?(?=\n## |\Z)", "", text, flags=re.S)
marker = "\n## Commands"
text = text.replace(marker, "\n" + section + "\n" + marker, 1) if marker in text else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
  echo "wrote the Linear cost section of $root/BENCHMARKS.md" >&2
fi
