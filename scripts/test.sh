#!/usr/bin/env bash
# `npm test [-- vitest args]`: starts (or reuses) the real infrastructure in test mode,
# prepares databases and topics, then runs Vitest from the root. Results also go to
# .vitest-results.json (read by .ci/run). Exits with Vitest's exit code.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=lib/node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

# The services under test run in development mode (development secrets, loopback only).
export AGENCYFLOW_MODE=development
INFRA_MODE=test bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"
# Tests build their own databases (from migrated templates) and topics; the dev databases of
# `npm start` are not touched.

# The deployment checks' tools (helm, kubeconform, the Kubernetes schemas): installed once per
# machine into ~/.cache/agencyflow, before the tests rather than during them (decision 0035).
bash deploy/check.sh --install-tools || echo "[test] could not install the deployment tools: test/deploy-check.test.ts will say why" >&2

rm -f .vitest-results.json
exec npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@"
