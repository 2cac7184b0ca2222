#!/bin/sh
# Runs one built deployable with plain node: the first argument, else AGENCYFLOW_DEPLOYABLE (the
# image's build arg). exec: node receives SIGTERM itself and drains (SHUTDOWN_DRAIN_MS).
set -eu
deployable="${1:-${AGENCYFLOW_DEPLOYABLE:-}}"
[ $# -gt 0 ] && shift
if [ -z "$deployable" ] || [ ! -f "/app/dist/app/$deployable.js" ]; then
  echo "usage: agencyflow <account|policy|sales|finance|worker|db-migrate|kafka-topics|temporal-setup> [args]" >&2
  exit 64
fi
exec node --enable-source-maps "/app/dist/app/$deployable.js" "$@"
