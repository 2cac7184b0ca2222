#!/usr/bin/env bash
# Local infrastructure for agencyflow: PostgreSQL 15, Temporal dev server,
# Kafka 3.9 (KRaft), all on 127.0.0.1, no Docker.
#
#   bash infra/infra.sh up       install if needed, start (or reuse) all three, wait until ready
#   bash infra/infra.sh down     stop what this checkout started (by recorded pid)
#   bash infra/infra.sh status   one line per component; exit 1 if any is down
#   bash infra/infra.sh env      export lines; use: eval "$(bash infra/infra.sh env)"
#
# Environment: PGPORT (5432) TEMPORAL_PORT (7233) TEMPORAL_UI_PORT (8233)
#   KAFKA_PORT (9092) KAFKA_CONTROLLER_PORT (9093) INFRA_TIMEOUT (120 s)
#   INFRA_MODE=test (PostgreSQL without fsync) AGENCYFLOW_CACHE (~/.cache/agencyflow)
#   AGENCYFLOW_PGDATA (/var/tmp/agencyflow-pg/data) TEMPORAL_UI_CODEC_ENDPOINT (unset)
# State (data, logs, pids): <repo>/.infra/   Downloads: $AGENCYFLOW_CACHE
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"
# shellcheck source=postgres.sh
source "$HERE/postgres.sh"
# shellcheck source=temporal.sh
source "$HERE/temporal.sh"
# shellcheck source=kafka.sh
source "$HERE/kafka.sh"

COMPONENTS=(postgres temporal kafka)

# Serialize up/down of this checkout (two `npm test` runs at once would
# otherwise both try to start Kafka). fd 9; daemons are started with 9>&-
# so they don't keep holding it.
take_lock() {
  ensure_state_dir
  exec 9>"$STATE_DIR/.lock"
  flock -w 300 9 || die "another infra.sh up/down is running in $REPO_ROOT (lock $STATE_DIR/.lock)"
}

# run_parallel ACTION: runs <component>_ACTION for every component at once,
# each in its own subshell with its own log prefix, then waits for all.
# Kafka's JVM is the slow one; running the others alongside hides their time.
run_parallel() {
  local action="$1" c failed=()
  local -A pids=()
  for c in "${COMPONENTS[@]}"; do
    ( LOG_PREFIX="$c"; "${c}_${action}" ) &
    pids[$c]=$!
  done
  for c in "${COMPONENTS[@]}"; do
    wait "${pids[$c]}" || failed+=("$c")
  done
  if ((${#failed[@]})); then
    warn "$action failed for: ${failed[*]}"
    return 1
  fi
}

cmd_up() {
  local start=$SECONDS rc=0
  take_lock
  export INFRA_RUN_ID=$$
  trap 'rm -f "$STATE_DIR/.apt-updated-$INFRA_RUN_ID"' EXIT
  run_parallel up || rc=1
  cmd_status || true
  if ((rc)); then
    die "up failed after $((SECONDS - start))s (see messages above)"
  fi
  log "all up in $((SECONDS - start))s. Load the settings with: eval \"\$(bash infra/infra.sh env)\""
}

cmd_down() {
  take_lock
  run_parallel down
}

cmd_status() {
  local c rc=0
  for c in "${COMPONENTS[@]}"; do
    "${c}_status" || rc=1
  done
  return "$rc"
}

cmd_env() {
  postgres_env
  temporal_env
  kafka_env
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: bash infra/infra.sh up|down|status|env" >&2
    exit 2
    ;;
esac
