#!/usr/bin/env bash
# Replays a quarter of product work on a copy of examples/acme as dated git
# commits, so that `pm history`, `pm log`, `pm diff` and `pm report flow`
# have a real history to read (the example folder itself lives inside pm's
# own repository, whose history is about pm, not about the product).
#
#   examples/replay-history.sh /tmp/acme-history
#   cd /tmp/acme-history && pm history BL-33 && pm report flow --since 90d
set -euo pipefail

target=${1:?usage: examples/replay-history.sh TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
pm=${PM:-pm}
command -v "$pm" >/dev/null 2>&1 || pm="$here/../target/release/pm"
[ -x "$pm" ] || pm="$here/../target/debug/pm"

if [ -e "$target" ]; then
  echo "$target already exists" >&2
  exit 1
fi
mkdir -p "$target"
cp -r "$here/acme/." "$target/"
cd "$target"
git init -q -b main
git config user.name "Dana Product"
git config user.email dana@acme.example

# Runs pm on day DATE (so `updated:` fields match) and commits as WHO on that day.
step() {
  local date=$1 who=$2 message=$3
  shift 3
  local out
  if ! out=$(PM_TODAY=$date "$pm" "$@" 2>&1); then
    echo "pm $*: $out" >&2
    exit 1
  fi
  git add -A
  GIT_AUTHOR_NAME=$who GIT_AUTHOR_EMAIL="$who@acme.example" \
    GIT_AUTHOR_DATE="${date}T10:00:00Z" GIT_COMMITTER_DATE="${date}T10:00:00Z" \
    git commit -q -m "$message"
}

git add -A
GIT_AUTHOR_DATE=2026-11-01T09:00:00Z GIT_COMMITTER_DATE=2026-11-01T09:00:00Z git commit -q -m "Acme Checkout product, November baseline"

step 2026-11-02 mei   "Fraud threshold: ready for the sprint"      backlog edit BL-33 --set owner=mei --add label=sprint-46
step 2026-11-03 mei   "Start the fraud threshold"                  backlog move BL-33 in_progress
step 2026-11-04 dana  "Saved cards first"                          backlog rank BL-25 --top
step 2026-11-05 ravi  "Google Pay PRD: Priya approves"             prd approve PRD-2 --as Priya
step 2026-11-06 dana  "Google Pay PRD approved"                    prd status PRD-2 approved
step 2026-11-09 tomas "Refunds move to now"                        roadmap move RM-5 now
step 2026-11-10 mei   "Fraud threshold in review"                  backlog move BL-33 in_review
step 2026-11-12 dana  "KR-4 check-in"                              okr checkin KR-4 67.9 --confidence 0.5 --note "saved cards in review" --date 2026-11-12
step 2026-11-13 mei   "Fraud threshold done"                       backlog move BL-33 done
step 2026-11-16 lee   "Multi-currency slips a quarter"             roadmap edit RM-6 --set quarter=2027-Q3
step 2026-11-17 tomas "Partial refunds: start"                     backlog move BL-36 in_progress
step 2026-11-18 dana  "New story from the merchant council"        backlog add "Show the refund reason to the shopper" --type story --parent BL-13 --priority p2 --estimate 3 --label refunds
step 2026-11-19 ravi  "Wallets GA shipped"                         milestone ship MS-1 --date 2026-11-19
step 2026-11-20 tomas "Partial refunds in review"                  backlog move BL-36 in_review
step 2026-11-20 tomas "Full refunds done"                          backlog move BL-35 done
step 2026-11-23 tomas "Partial refunds done"                       backlog move BL-36 done
step 2026-11-24 lee   "NPS for November"                           metric record nps 42 --period 2026-11 --segment enterprise

echo "Replayed $(git rev-list --count HEAD) commits into $target"
