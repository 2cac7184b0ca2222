#!/usr/bin/env bash
# `npm run bench -- [scenario] [--policies N --page-size N]`: one benchmark by name (default
# policy-sync; bench/<scenario>.bench.ts), kept apart from the tests. Each prints rates as ratios
# against a floor measured in the same run, never pass/fail, and writes bench-results/<scenario>.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scenario="policy-sync"
if [[ $# -gt 0 && "$1" != --* ]]; then scenario="$1"; shift; fi
if [[ ! -f "bench/$scenario.bench.ts" ]]; then
  echo "no benchmark named '$scenario'; there are: $(cd bench && ls *.bench.ts | sed 's/\.bench\.ts$//' | tr '\n' ' ')" >&2
  exit 2
fi

# shellcheck source=lib/node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

INFRA_MODE=test bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"
# The benchmark runs services in-process on databases copied from the migrated templates.
npx tsx -e "require('./scripts/lib/prepare').prepareTestTemplates(process.env.DATABASE_ADMIN_URL, (s) => 't_tpl_' + s).then(() => process.exit(0))"

exec npx tsx "bench/$scenario.bench.ts" "$@"
