#!/usr/bin/env bash
# `npm run bench [-- --policies N --page-size N]`: benchmarks, kept apart from the tests. Each
# prints rates as ratios against a raw baseline measured in the same run, never as pass/fail.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=lib/node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

INFRA_MODE=test bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"
# The benchmark runs services in-process on databases copied from the migrated templates.
npx tsx -e "require('./scripts/lib/prepare').prepareTestTemplates(process.env.DATABASE_ADMIN_URL, (s) => 't_tpl_' + s).then(() => process.exit(0))"

exec npx tsx bench/policy-sync.bench.ts "$@"
