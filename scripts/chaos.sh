#!/usr/bin/env bash
# `npm run chaos -- <scenario> | all | --list [--policies N --page-size N --kills N]`: fault scenarios
# (chaos/run.ts) against the real infrastructure, each part of the system in its own process. Writes
# bench-results/chaos-<scenario>.json; exits non-zero when anything was missing, duplicated or
# dead-lettered. Short versions run in `npm test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=lib/node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

INFRA_MODE=test bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"
# The scenarios run the services on databases copied from the migrated templates.
npx tsx -e "require('./scripts/lib/prepare').prepareTestTemplates(process.env.DATABASE_ADMIN_URL, (s) => 't_tpl_' + s).then(() => process.exit(0))"

exec npx tsx chaos/run.ts "$@"
