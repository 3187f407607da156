#!/usr/bin/env bash
# Validates every file of the example product with check-jsonschema (the
# validator editors and CI tools use) against the JSON Schemas pm emits, so
# that what the Red Hat YAML extension or a JetBrains IDE says about a file
# agrees with `pm check`. The schemas are written afresh by `pm schema
# --write` and must equal the ones committed in examples/acme/product/schemas.
#
#   python3 -m pip install check-jsonschema   # once
#   bash tests/schemas/validate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v check-jsonschema >/dev/null 2>&1; then
  echo "check-jsonschema is not installed: python3 -m pip install check-jsonschema" >&2
  exit 2
fi

product=examples/acme/product
emitted=$(mktemp -d)
trap 'rm -rf "$emitted"' EXIT

cargo run --quiet --locked -- -C "$product" schema --write "$emitted" 2>/dev/null
if ! diff -r "$emitted" "$product/schemas"; then
  echo "examples/acme/product/schemas is stale: run pm -C examples/acme schema --write product/schemas" >&2
  exit 1
fi

validate() {
  local schema=$1
  shift
  check-jsonschema --schemafile "$emitted/$schema.schema.json" "$@"
}

validate backlog-item "$product"/backlog/*.yaml
validate roadmap "$product/roadmap.yaml"
validate product "$product/product.yaml"
validate okr-cycle "$product"/okrs/*.yaml
validate metric "$product"/metrics/*.yaml
validate experiment "$product"/experiments/*.yaml
validate prd "$product"/prds/*.yaml
validate pm "$product/pm.yaml"
validate feedback "$product"/feedback/*.yaml
validate customers "$product/customers.yaml"
validate competitors "$product/competitors.yaml"
validate iterations "$product/iterations.yaml"
