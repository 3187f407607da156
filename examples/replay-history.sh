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
GIT_AUTHOR_DATE=2026-09-01T09:00:00Z GIT_COMMITTER_DATE=2026-09-01T09:00:00Z git commit -q -m "Acme Checkout product, the baseline"

# September to November, in date order: a steady flow of finished work (one
# week, 28 September to 4 October, without any), so that flow metrics and
# forecasts have twelve weeks of throughput to sample.
step 2026-09-08 lee   "Saved card payments done"                   backlog move BL-24 done
step 2026-09-15 lee   "Keyboard-only checkout done"                backlog move BL-27 done
step 2026-09-22 mei   "Payment page script inventory in review"    backlog move BL-43 in_review
step 2026-09-24 mei   "Payment page script inventory done"         backlog move BL-43 done
step 2026-10-05 lee   "Start the screen reader bug"                backlog move BL-28 in_progress
step 2026-10-08 lee   "Screen reader bug in review"                backlog move BL-28 in_review
step 2026-10-09 lee   "Screen reader bug done"                     backlog move BL-28 done
step 2026-10-13 ravi  "Iframe layout shift fixed"                  backlog move BL-46 done
step 2026-10-19 ravi  "Start the JPY amounts bug"                  backlog move BL-37 in_progress
step 2026-10-21 ravi  "JPY amounts in review"                      backlog move BL-37 in_review
step 2026-10-23 ravi  "JPY amounts done"                           backlog move BL-37 done
step 2026-10-26 lee   "Start removing saved cards"                 backlog move BL-25 in_progress
step 2026-10-28 lee   "Removing saved cards in review"             backlog move BL-25 in_review
step 2026-10-30 lee   "Removing saved cards done"                  backlog move BL-25 done
step 2026-11-02 dana  "Sprint 48: Google Pay and the fraud threshold" iteration plan IT-5 BL-30 BL-33
step 2026-11-02 ravi  "Start the Google Pay button"                backlog move BL-30 in_progress
step 2026-11-02 mei   "Fraud threshold: ready for the sprint"      backlog edit BL-33 --set owner=mei --add label=sprint-46
step 2026-11-03 mei   "Start the fraud threshold"                  backlog move BL-33 in_progress
step 2026-11-04 ravi  "Google Pay button in review"                backlog move BL-30 in_review
step 2026-11-04 dana  "Saved cards first"                          backlog rank BL-26 --top
step 2026-11-05 dana  "The duplicate refund bug joins Sprint 48"   iteration plan IT-5 BL-47
step 2026-11-05 ravi  "Google Pay PRD: Priya approves"             prd approve PRD-2 --as Priya
step 2026-11-06 ravi  "Google Pay button done"                     backlog move BL-30 done
step 2026-11-06 dana  "Google Pay PRD approved"                    prd status PRD-2 approved
step 2026-11-09 tomas "Refunds move to now"                        roadmap move RM-5 now
step 2026-11-10 tomas "Duplicate refund fix in review"             backlog move BL-47 in_review
step 2026-11-10 mei   "Fraud threshold in review"                  backlog move BL-33 in_review
step 2026-11-11 tomas "Duplicate refund fix done"                  backlog move BL-47 done
step 2026-11-12 dana  "KR-4 check-in"                              okr checkin KR-4 67.9 --confidence 0.5 --note "saved cards in review" --date 2026-11-12
step 2026-11-13 mei   "Fraud threshold done"                       backlog move BL-33 done
step 2026-11-16 lee   "Multi-currency slips a quarter"             roadmap edit RM-6 --set quarter=2027-Q3
step 2026-11-16 dana  "Sprint 48 closed"                           iteration close IT-5 --carry-to IT-6
step 2026-11-16 dana  "Sprint 49: refunds"                         iteration plan IT-6 BL-35 BL-36 BL-14
step 2026-11-17 tomas "Partial refunds: start"                     backlog move BL-36 in_progress
step 2026-11-18 dana  "New story from the merchant council"        backlog add "Show the refund reason to the shopper" --type story --parent BL-13 --priority p2 --estimate 3 --label refunds
step 2026-11-19 ravi  "Wallets GA shipped"                         milestone ship MS-1 --date 2026-11-19
step 2026-11-20 tomas "Partial refunds in review"                  backlog move BL-36 in_review
step 2026-11-20 tomas "Full refunds done"                          backlog move BL-35 done
step 2026-11-23 tomas "Partial refunds done"                       backlog move BL-36 done
step 2026-11-24 lee   "NPS for November"                           metric record nps 42 --period 2026-11 --segment enterprise

echo "Replayed $(git rev-list --count HEAD) commits into $target"
