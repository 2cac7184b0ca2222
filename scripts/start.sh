#!/usr/bin/env bash
# `npm start`: everything needed to run agencyflow locally, from a fresh clone.
#   1. node modules (npm ci) if node_modules is missing
#   2. the infrastructure (PostgreSQL, Kafka, Temporal with its Web UI) via infra/infra.sh up
#   3. one migrated database per service and every Kafka topic (scripts/setup.ts)
#   4. the four services and the workflow worker (scripts/dev-launcher.ts), until Ctrl-C
# Ctrl-C stops the services and the worker; the infrastructure keeps running
# (npm run infra:down stops it). Ports: ACCOUNT_PORT POLICY_PORT SALES_PORT FINANCE_PORT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { echo "[start] $*"; }

# shellcheck source=lib/node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

# Development mode: the committed development secrets are allowed, on loopback only (decision 0022).
export AGENCYFLOW_MODE=development
# The Temporal UI decodes (decrypts) payloads through the worker's codec server.
export TEMPORAL_UI_CODEC_ENDPOINT="${TEMPORAL_UI_CODEC_ENDPOINT:-http://127.0.0.1:${CODEC_SERVER_PORT:-8234}}"
bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"

say "preparing databases and topics"
npx tsx scripts/setup.ts

# exec: the launcher receives Ctrl-C / SIGTERM directly and stops its children.
exec node --import tsx scripts/dev-launcher.ts
