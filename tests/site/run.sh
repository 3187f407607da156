#!/usr/bin/env bash
# Publishes examples/acme with the debug binary and checks the site in a real
# headless Chromium (tests/site/check.mjs). Needs `cargo build`, Node and
# `npm ci --prefix tests/site`; Chromium at /usr/bin/chromium (or $CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --quiet
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# A fixed date, so the pages (and screenshots) are the same on every run.
PM_TODAY=2026-11-28 target/debug/pm -C examples/acme publish --out "$out/site"
node tests/site/check.mjs "$out/site" target/site-screenshots

# The check must catch what it looks for: a copy of the site with one fault
# of each kind has to fail, naming each fault.
cp -r "$out/site" "$out/broken"
sed -i 's|<main id="main" tabindex="-1">|&<a href="nowhere.html">a</a><a href="roadmap.html#RM-999">b</a><a href="javascript:alert(1)">c</a><img src="missing.png" alt=""><div style="width:900px">wide</div><p style="color:#aaa">faint</p>|' "$out/broken/okrs.html"
sed -i 's|<a class="skip" href="#main">Skip to content</a>||' "$out/broken/backlog.html"
if node tests/site/check.mjs "$out/broken" "$out/shots" >"$out/broken.log"; then
  echo "tests/site/check.mjs passed a broken site" >&2
  exit 1
fi
for fault in "backlog.html: the first Tab focuses" "okrs.html: low contrast" "okrs.html: wider than a 375px screen" \
  "okrs.html: link to a missing file: nowhere.html" "okrs.html: link to a missing id: roadmap.html#RM-999" \
  "okrs.html: link with a scheme that is not http, https or mailto: javascript:alert(1)" \
  "okrs.html: request failed: file://" "okrs.html: console error:"; do
  if ! grep -qF "$fault" "$out/broken.log"; then
    echo "tests/site/check.mjs missed a fault: $fault" >&2
    cat "$out/broken.log" >&2
    exit 1
  fi
done
echo "ok: the check also fails a broken copy of the site"
