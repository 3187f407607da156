#!/usr/bin/env bash
# Benchmarks pm on synthetic products (examples/gen.rs) against Taskwarrior
# and Backlog.md on the same items, and writes BENCHMARKS.md.
#
#   bench/run.sh          # 1,000 and 10,000 items, 1,000 commits of history
#   bench/run.sh --full   # also 100,000 items; 10,000 commits of history
#
# It ends with bench/linear.sh (history, diff, review, publish and metric
# writes at n and 2n).
#
# Work files go to $BENCH_DIR (default /tmp/pm-bench, recreated each run).
set -uo pipefail

full=0
[ "${1:-}" = "--full" ] && full=1
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/pm-bench}
runs=${BENCH_RUNS:-5}
commits=1000
[ $full = 1 ] && commits=10000
notes=()
note() { notes+=("$1"); echo "note: $1" >&2; }

# --- tools -----------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v task >/dev/null || need_apt+=(taskwarrior)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]}" >&2
  { apt-get update && apt-get install -y "${need_apt[@]}"; } >/dev/null 2>&1 ||
    echo "apt-get install ${need_apt[*]} failed" >&2
fi
command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 1; }
if ! command -v backlog >/dev/null; then
  npm install -g backlog.md >/dev/null 2>&1 || true
fi
have_task=0; command -v task >/dev/null && have_task=1
have_backlog=0; command -v backlog >/dev/null && have_backlog=1
[ $have_task = 0 ] && note "Taskwarrior could not be installed: its rows are skipped."
[ $have_backlog = 0 ] && note "Backlog.md could not be installed (npm install -g backlog.md): its rows are skipped."

# --- build and generate ----------------------------------------------------
(cd "$root" && cargo build --release --bin pm --example gen) || exit 1
pm=$root/target/release/pm
gen=$root/target/release/examples/gen
rm -rf "$dir"
mkdir -p "$dir/json"
sizes=(1000 10000)
[ $full = 1 ] && sizes+=(100000)
declare -A gen_secs
for n in "${sizes[@]}"; do
  c=0; [ "$n" = 10000 ] && c=$commits
  peers=(); [ "$n" = 10000 ] && peers=(--peers "$dir/peers")
  s=$(date +%s.%N)
  "$gen" --items "$n" --commits "$c" --seed 42 "${peers[@]}" "$dir/p$n" || exit 1
  gen_secs[$n]=$(printf "%.2f" "$(echo "$(date +%s.%N) - $s" | bc)")
  "$pm" -C "$dir/p$n" check >/dev/null 2>"$dir/check$n.txt"
  echo "generated $n items, $c commits in ${gen_secs[$n]}s: $(tail -1 "$dir/check$n.txt")" >&2
done
p=$dir/p10000
export PM_TODAY=2026-11-28 NO_COLOR=1 COLUMNS=120

# A revision differing from HEAD in 100 items (a branch in a clone).
git clone -q "$p" "$dir/diff"
(cd "$dir/diff" && for f in $(ls product/backlog | sort -t- -k2 -n | head -100); do
   sed -i 's/^priority: p[0-3]$/priority: p0/; s/^owner: .*/owner: benchbot/' "product/backlog/$f"
 done && git -c user.name=bench -c user.email=b@x commit -qam "100 items changed")
# Copies for `backlog add`, one per size.
for n in "${sizes[@]}"; do cp -a "$dir/p$n" "$dir/add$n"; done
# The item with the most history.
hist_id=$(git -C "$p" log --format=%s | grep -o '^BL-[0-9]*' | sort | uniq -c | sort -rn | head -1 | awk '{print $2}')
hist_path=product/backlog/$hist_id.yaml

# Peers.
tw_env=()
if [ $have_task = 1 ]; then
  mkdir -p "$dir/tw/data"
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$dir/tw/data" >"$dir/tw/taskrc"
  export TASKRC=$dir/tw/taskrc TASKDATA=$dir/tw/data
  s=$(date +%s.%N)
  if task rc.confirmation=off import "$dir/peers/tasks.json" >/dev/null 2>"$dir/tw/import.err"; then
    echo "task import: $(echo "$(date +%s.%N) - $s" | bc)s" >&2
  else
    note "task import failed: $(head -3 "$dir/tw/import.err")"; have_task=0
  fi
fi
if [ $have_backlog = 1 ]; then
  mkdir -p "$dir/bl" && cp -a "$dir/peers/backlog" "$dir/bl/" && git -C "$dir/bl" init -q
  if ! (cd "$dir/bl" && timeout 120 backlog task list --plain >/dev/null 2>"$dir/bl.err"); then
    note "backlog task list failed on the generated tasks: $(head -3 "$dir/bl.err")"; have_backlog=0
  fi
fi

# pm's parse cache stores only files left alone for two seconds (its guard
# against edits within one timestamp tick); the copies above are brand new.
sleep 3

# --- measure ---------------------------------------------------------------
rows=()   # name|command|dir
add() { rows+=("$1|$2|$3"); }
add "pm backlog list (pipe)" "$pm backlog list > /dev/null" "$p"
add "pm backlog list --format json" "$pm backlog list --format json > /dev/null" "$p"
add "pm backlog list --status in_progress --sort rice" "$pm backlog list --status in_progress --sort rice > /dev/null" "$p"
add "pm check (warm)" "$pm check > /dev/null 2>&1" "$p"
add "pm backlog add (copy)" "$pm backlog add 'Bench item' --type story --priority p2 > /dev/null 2>&1" "$dir/add10000"
add "pm roadmap show" "$pm roadmap show > /dev/null" "$p"
add "pm okr show" "$pm okr show > /dev/null" "$p"
add "pm diff (100 items)" "$pm diff HEAD~1 HEAD > /dev/null" "$dir/diff"
if [ $have_task = 1 ]; then
  add "task list" "task rc.confirmation=off list > /dev/null 2>&1" "$dir/tw"
  add "task add" "task rc.confirmation=off add Bench item > /dev/null 2>&1" "$dir/tw"
fi
if [ $have_backlog = 1 ]; then
  add "backlog task list --plain" "backlog task list --plain > /dev/null 2>&1" "$dir/bl"
  add "backlog task create" "backlog task create 'Bench item' > /dev/null 2>&1" "$dir/bl"
fi

declare -A med
for r in "${rows[@]}"; do
  IFS='|' read -r name cmd wd <<<"$r"
  rm -f "$dir/json/x.json"
  (cd "$wd" && hyperfine --warmup 2 --runs "$runs" --export-json "$dir/json/x.json" "$cmd" >/dev/null 2>"$dir/json/x.err") ||
    note "$name failed: $(tail -2 "$dir/json/x.err")"
  med[$name]=$(python3 -c 'import json,sys;print("%.1f"%(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$dir/json/x.json" 2>/dev/null || echo "n/a")
  echo "$name: ${med[$name]} ms" >&2
done

# History: the history index cold (removed before each run) and warm, in a
# clone of the 10,000-item product, beside git on the same repository.
h=$dir/hist
git clone -q "$p" "$h"
# A fresh checkout's index is "racily clean" (files as new as the index), so
# git status would re-read every file on each run: let a second pass and
# refresh it, as any working copy in use is.
sleep 1 && git -C "$h" update-index -q --refresh >/dev/null
drop="rm -f $h/.git/pm/history-*.jsonl"
# One new commit that changes an item, made before each run of the update row.
one="cd $h && $pm backlog edit $hist_id --set owner=bench\$(date +%N) >/dev/null 2>&1 && git -c user.name=bench -c user.email=b@x commit -qam one"
hrows=()
declare -A hm
hrun() { # name, prepare (empty: warm-up run instead), command
  rm -f "$dir/json/h.json"
  if [ -n "$2" ]; then
    (cd "$h" && hyperfine --runs "$runs" --prepare "$2" --export-json "$dir/json/h.json" "$3" >/dev/null 2>"$dir/json/h.err")
  else
    (cd "$h" && hyperfine --warmup 1 --runs "$runs" --export-json "$dir/json/h.json" "$3" >/dev/null 2>"$dir/json/h.err")
  fi || note "$1 failed: $(tail -2 "$dir/json/h.err")"
  hm[$1]=$(python3 -c 'import json,sys;print("%.1f"%(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$dir/json/h.json" 2>/dev/null || echo "n/a")
  hrows+=("$1"$'\t'"$3")
  echo "$1: ${hm[$1]} ms" >&2
}
hrun "git status --porcelain" "" "git status --porcelain > /dev/null"
hrun "git log --raw --format=%H -- product" "" "git log --raw --format=%H -- product > /dev/null"
hrun "git log --format=%H -- $hist_path" "" "git log --format=%H -- $hist_path > /dev/null"
hrun "git log | head -20" "" "git log | head -20 > /dev/null"
hrun "pm log | head -1 (cold index: time to first output)" "$drop" "$pm log | head -1 > /dev/null"
hrun "pm log | head -20 (cold index)" "$drop" "$pm log | head -20 > /dev/null"
hrun "pm log (cold index)" "$drop" "$pm log > /dev/null"
hrun "pm log (warm index)" "" "$pm log > /dev/null"
hrun "pm log | head -20 (warm index)" "" "$pm log | head -20 > /dev/null"
hrun "pm report flow (cold index)" "$drop" "$pm report flow > /dev/null"
hrun "pm report flow (warm index)" "" "$pm report flow > /dev/null"
hrun "pm history $hist_id (cold index)" "$drop" "$pm history $hist_id > /dev/null"
hrun "pm history $hist_id (warm index)" "" "$pm history $hist_id > /dev/null"
hrun "pm log -n 1 after one new commit (index update)" "$one" "$pm log -n 1 > /dev/null"
hrun "pm report flow after one new commit (index update)" "$one" "$pm report flow > /dev/null"
hsize=$(du -k "$h"/.git/pm/history-*.jsonl 2>/dev/null | awk '{s+=$1} END {print s}')
histtable="| operation ($commits commits) | median ms |
|---|---:|"
for r in "${hrows[@]}"; do
  IFS=$'\t' read -r name _ <<<"$r"
  histtable+=$'\n'"| \`$name\` | ${hm[$name]} |"
done

# Cold check: the parse cache removed before each run (and the page cache
# dropped too, where that is permitted).
prep="rm -rf $p/.git/pm"
if (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
  prep="$prep; sync; echo 3 > /proc/sys/vm/drop_caches"
else
  note "cold pm check: the parse cache is removed before each run; the page cache is not dropped (/proc/sys/vm/drop_caches is not writable here)."
fi
(cd "$p" && hyperfine --runs "$runs" --prepare "$prep" --export-json "$dir/json/cold.json" "$pm check > /dev/null 2>&1" >/dev/null 2>&1)
cold=$(python3 -c 'import json,sys;print("%.1f"%(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$dir/json/cold.json" 2>/dev/null || echo "n/a")
med["pm check (cold)"]=$cold
(cd "$p" && "$pm" check >/dev/null 2>&1)   # rebuild the cache for what follows

# Scaling: the same commands on every size.
scale_cmds=("backlog list" "backlog list --format json" "check" "backlog add 'Bench item' --type story" "roadmap show" "okr show")
declare -A sc
for n in "${sizes[@]}"; do
  for c in "${scale_cmds[@]}"; do
    wd=$dir/p$n; case $c in "backlog add"*) wd=$dir/add$n ;; esac
    (cd "$wd" && hyperfine --warmup 2 --runs "$runs" --export-json "$dir/json/s.json" "$pm $c > /dev/null 2>&1" >/dev/null 2>&1)
    sc["$n|$c"]=$(python3 -c 'import json,sys;print("%.1f"%(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$dir/json/s.json" 2>/dev/null || echo "n/a")
    echo "$n items: pm $c: ${sc["$n|$c"]} ms" >&2
  done
done

# Peak RSS of pm check on every size (warm cache, then cold).
declare -A rss rss_cold
for n in "${sizes[@]}"; do
  rss[$n]=$(cd "$dir/p$n" && /usr/bin/time -v "$pm" check 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  rss_cold[$n]=$(cd "$dir/p$n" && rm -rf .git/pm && /usr/bin/time -v "$pm" check 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
done

# --- report ----------------------------------------------------------------
ratio() { python3 -c 'import sys
a,b=sys.argv[1],sys.argv[2]
try: print("%.2f" % (float(a)/float(b)))
except Exception: print("n/a")' "$1" "$2"; }
table="| operation (10,000 items) | median ms | peer | peer median ms | peer / pm |
|---|---:|---|---:|---:|"
for r in "${rows[@]}"; do
  IFS='|' read -r name _ _ <<<"$r"
  case $name in task*|backlog*) continue ;; esac
  peer=""; pv=""; rt=""
  case $name in
    "pm backlog list (pipe)")
      [ $have_task = 1 ] && { peer="task list"; pv=${med["task list"]}; }
      [ $have_backlog = 1 ] && { peer="$peer${peer:+ / }backlog task list --plain"; pv="$pv${pv:+ / }${med["backlog task list --plain"]}"; } ;;
    "pm backlog add (copy)")
      [ $have_task = 1 ] && { peer="task add"; pv=${med["task add"]}; }
      [ $have_backlog = 1 ] && { peer="$peer${peer:+ / }backlog task create"; pv="$pv${pv:+ / }${med["backlog task create"]}"; } ;;
  esac
  if [ -n "$pv" ]; then
    rt=$(for v in ${pv//\// }; do ratio "$v" "${med[$name]}"; done | paste -sd/ | sed 's#/# / #g')
  fi
  table+=$'\n'"| \`$name\` | ${med[$name]} | ${peer:+\`$peer\`} | $pv | $rt |"
done
table+=$'\n'"| \`pm check (cold)\` | $cold | | | |"
sizetable="| items | generate s | pm check peak RSS, warm cache | cold (no cache) |
|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  sizetable+=$'\n'"| $n | ${gen_secs[$n]} | ${rss[$n]} KB | ${rss_cold[$n]} KB |"
done
head="| command |"; sep="|---|"
for n in "${sizes[@]}"; do head+=" $n items ms |"; sep+="---:|"; done
last=${sizes[${#sizes[@]}-1]}
[ "$last" != 10000 ] && { head+=" $last / 10000 |"; sep+="---:|"; }
scaletable="$head
$sep"
for c in "${scale_cmds[@]}"; do
  line="| \`pm $c\` |"
  for n in "${sizes[@]}"; do line+=" ${sc["$n|$c"]} |"; done
  [ "$last" != 10000 ] && line+=" $(ratio "${sc["$last|$c"]}" "${sc["10000|$c"]}") |"
  scaletable+=$'\n'"$line"
done
echo
echo "$table"
echo
echo "$scaletable"
echo
echo "$sizetable"

cpu=$(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`bench/run.sh$([ $full = 1 ] && echo ' --full')\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%MZ))."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $cpu; \`nproc\`: $(nproc)"
  echo "- Memory (\`free -h\`):"
  echo
  echo '```'
  free -h
  echo '```'
  echo
  echo "- pm $("$pm" --version 2>/dev/null | awk '{print $2}') ($(git -C "$root" rev-parse --short HEAD), working tree $( [ -n "$(git -C "$root" status --porcelain -- src)" ] && echo "with uncommitted src/ changes" || echo clean)); $(hyperfine --version)"
  [ $have_task = 1 ] && echo "- Taskwarrior $(task --version)"
  [ $have_backlog = 1 ] && echo "- Backlog.md $(backlog --version)"
  echo
  echo "## Data"
  echo
  echo "\`target/release/examples/gen --items N --commits C --seed 42 OUT\` (examples/gen.rs): N backlog"
  echo "items of every type and status with parents, blockers, labels, owners, scores and ranks, plus a"
  echo "roadmap, OKR cycles, PRDs, metrics and experiments scaled with N. The 10,000-item product has"
  echo "$commits commits of history after the initial one (status moves, edits, re-ranks, new items), so it"
  echo "holds a few more than 10,000 items at HEAD. Taskwarrior and Backlog.md get the same items"
  echo "(\`gen --peers\`: \`tasks.json\` for \`task import\`, \`backlog/tasks/*.md\`)."
  echo "\`pm check\` on each product: $(for n in "${sizes[@]}"; do printf '%s items: %s; ' "$n" "$(tail -1 "$dir/check$n.txt")"; done)"
  echo
  echo "## Results"
  echo
  echo "Medians of $runs runs after 2 warm-up runs (hyperfine, through a shell whose start-up hyperfine"
  echo "subtracts; output to /dev/null, so never a terminal). Ratios are peer / pm: above 1 means pm is faster."
  echo
  echo "$table"
  echo
  echo "### History"
  echo
  echo "In a clone of the 10,000-item product ($commits commits). Cold: the history index"
  echo "(\`.git/pm/history-*.jsonl\`, ${hsize:-?} KB when complete) removed before each run; warm: after"
  echo "one warm-up run. The update rows make one commit changing an item before each run, so pm"
  echo "reads the warm index, adds that commit and saves it. Medians of $runs runs."
  echo
  echo "$histtable"
  echo
  echo "### Scaling"
  echo
  echo "The same commands on each product size (medians of $runs runs after 2 warm-up runs)."
  echo
  echo "$scaletable"
  echo
  echo "$sizetable"
  echo
  echo "## Commands"
  echo
  echo "Environment: \`PM_TODAY=2026-11-28 NO_COLOR=1 COLUMNS=120\`; Taskwarrior with an isolated"
  echo "\`TASKRC\`/\`TASKDATA\` under the bench directory."
  echo
  echo '```'
  for r in "${rows[@]}"; do IFS='|' read -r name cmd wd <<<"$r"; echo "(cd ${wd/#$dir/\$BENCH_DIR} && ${cmd//$root/\$ROOT})"; done
  for r in "${hrows[@]}"; do IFS=$'\t' read -r _ cmd <<<"$r"; echo "(cd \$BENCH_DIR/hist && ${cmd//$root/\$ROOT})"; done
  echo "(cd \$BENCH_DIR/p10000 && /usr/bin/time -v \$ROOT/target/release/pm check)   # peak RSS"
  echo '```'
  echo
  echo "\`pm diff\` runs in a clone of the 10,000-item product with one extra commit changing"
  echo "priority and owner of 100 items. \`pm backlog add\` runs in a copy (one item added per run)."
  echo "\`pm history\` reads the item changed most often in the history ($hist_id)."
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "## Notes"
    echo
    for n in "${notes[@]}"; do echo "- $n"; done
  fi
} >"$root/BENCHMARKS.md"
echo "wrote $root/BENCHMARKS.md" >&2
# The linear-cost cases (one commit adding or removing n items, a metric with
# n observations) at n and 2n: their own section of BENCHMARKS.md.
BENCH_DIR=$dir BENCH_RUNS=$runs bash "$root/bench/linear.sh" --write >/dev/null
