#!/usr/bin/env bash
# `npm run chaos -- <scenario> | all | --list [--policies N --page-size N --kills N]`: fault scenarios
# (chaos/run.ts) against the real infrastructure, each part of the system in its own process. Writes
# bench-results/chaos-<scenario>.json; exits non-zero when anything was missing, duplicated or
# dead-lettered. Short versions run in `npm test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=lib/test-infra.sh
source "$ROOT/scripts/lib/test-infra.sh"

exec npx tsx chaos/run.ts "$@"
