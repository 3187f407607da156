#!/usr/bin/env bash
# Seeds the fuzz corpora from the example product: every artifact file for
# the loader (prefixed with the byte that picks its slot), and a few edits
# of real items for the editor.
set -euo pipefail
cd "$(dirname "$0")"
acme=../examples/acme/product
mkdir -p corpus/loader corpus/editor
files=(backlog/BL-1.yaml backlog/BL-999.yaml roadmap.yaml product.yaml okrs/2026-Q4.yaml
  metrics/checkout_conversion.yaml experiments/EXP-1.yaml prds/PRD-1.yaml)
for i in "${!files[@]}"; do
  src=$acme/${files[$i]}
  [ -f "$src" ] || src=$acme/backlog/BL-2.yaml
  { printf "\\x$(printf %02x "$i")"; cat "$src"; } > "corpus/loader/seed-$i"
done
{ printf '\xff'; cat "$acme/pm.yaml"; } > corpus/loader/seed-config
n=0
for item in "$acme"/backlog/BL-1.yaml "$acme"/backlog/BL-4.yaml "$acme"/backlog/BL-44.yaml; do
  for spec in '0title\x01A new title: with "quotes" # and a hash' '1labels' '0rice.reach\x01800' \
    '1acceptance_criteria.0' '0labels.0\x01ux'; do
    { cat "$item"; printf '\0'; printf "$spec"; case $spec in *\\x01*) ;; *) printf '\x01';; esac; } \
      > "corpus/editor/seed-$n"
    n=$((n + 1))
  done
done
echo "seeded $(ls corpus/loader | wc -l) loader and $n editor inputs"
