#!/usr/bin/env bash
# Seeds the fuzz corpora from the example product: each loader target gets
# the example's files of its kind, the editor a few edits of real items.
# The corpora are committed; run this again after the example changes.
set -euo pipefail
cd "$(dirname "$0")"
acme=../examples/acme/product
rm -rf corpus
seed() { # target, files...
  local target=$1 n=0
  shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    cp "$f" "corpus/$target/seed-$n"
    n=$((n + 1))
  done
}
seed load_item "$acme"/backlog/BL-{1,7,12,24,44}.yaml
seed load_roadmap "$acme/roadmap.yaml"
seed load_product "$acme/product.yaml"
seed load_okr "$acme"/okrs/*.yaml
seed load_metric "$acme"/metrics/{checkout_conversion,nps,arpu}.yaml
seed load_experiment "$acme"/experiments/*.yaml
seed load_prd "$acme"/prds/*.yaml
seed load_config "$acme/pm.yaml" ../templates/pm.yaml
seed load_feedback "$acme"/feedback/FB-{2,12,30,34}.yaml
seed load_customers "$acme/customers.yaml"
seed load_competitors "$acme/competitors.yaml"
seed load_iterations "$acme/iterations.yaml"
mkdir -p corpus/editor
n=0
for item in "$acme"/backlog/BL-1.yaml "$acme"/backlog/BL-4.yaml "$acme"/backlog/BL-44.yaml; do
  for spec in '0title\x01A new title: with "quotes" # and a hash' '1labels' '0rice.reach\x01800' \
    '1acceptance_criteria.0' '0labels.0\x01ux'; do
    { cat "$item"; printf '\0'; printf "$spec"; case $spec in *\\x01*) ;; *) printf '\x01';; esac; } \
      > "corpus/editor/seed-$n"
    n=$((n + 1))
  done
done
echo "seeded $(find corpus -type f | wc -l) inputs for $(ls corpus | wc -l) targets"
