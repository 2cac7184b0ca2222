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

# shellcheck source=lib/test-infra.sh
source "$ROOT/scripts/lib/test-infra.sh"

exec npx tsx "bench/$scenario.bench.ts" "$@"
