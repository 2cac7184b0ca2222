#!/usr/bin/env bash
# PostgreSQL 15 (Debian packages): a project-local cluster on 127.0.0.1.
# Sourced by infra/infra.sh (needs lib/common.sh). Defines postgres_install,
# postgres_up, postgres_down, postgres_status, postgres_env.

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PGPORT="${PGPORT:-5432}"
# The server refuses to run as root and must be able to traverse every parent
# of its data directory; a checkout under /root is not reachable by the
# postgres user. So the cluster lives in a world-traversable place, shared by
# all checkouts on this machine (databases are per test file anyway).
PGDATA_DIR="${AGENCYFLOW_PGDATA:-/var/tmp/agencyflow-pg/data}"
PG_BASE="$(dirname "$PGDATA_DIR")"
PG_SOCKDIR="$PG_BASE/sock"
PG_LOG="$PG_BASE/postgres.log"
# Written when *this checkout* started the server, so `down` never stops a
# server that another checkout (or the system) started.
PG_STARTED_MARK="$STATE_DIR/postgres/started-by-this-checkout"

# Run a command as the postgres OS user when we are root; as ourselves otherwise.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_install() {
  [[ -x "$PG_BIN/postgres" ]] && return 0
  log "installing PostgreSQL $PG_VERSION with apt-get (one time)"
  apt_install postgresql
  [[ -x "$PG_BIN/postgres" ]] || die "apt-get installed postgresql but $PG_BIN/postgres is missing (different major version?)"
  # The Debian package creates and may start a 'main' cluster on 5432 with
  # peer/md5 auth; it would shadow ours. Stop it and keep it from auto-starting.
  if [[ -f "/etc/postgresql/$PG_VERSION/main/start.conf" ]]; then
    pg_ctlcluster "$PG_VERSION" main stop 2>/dev/null || true
    echo manual >"/etc/postgresql/$PG_VERSION/main/start.conf"
  fi
}

# Server options. max_connections is raised because parallel test workers
# each open connection pools. Durability is only traded away in test mode.
postgres_server_opts() {
  local opts="-c listen_addresses=$INFRA_HOST -p $PGPORT -k $PG_SOCKDIR -c max_connections=300"
  if [[ "${INFRA_MODE:-}" == "test" ]]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  printf '%s' "$opts"
}

postgres_ready() {
  "$PG_BIN/pg_isready" -q -h "$INFRA_HOST" -p "$PGPORT" -U postgres
}

postgres_up() {
  mkdir -p "$STATE_DIR/postgres"
  if port_open "$PGPORT"; then
    if [[ -f "$PG_STARTED_MARK" ]]; then
      log "already running on port $PGPORT (started by this checkout)"
    else
      log "reusing the server already answering on $INFRA_HOST:$PGPORT"
    fi
    # The port answers during startup/recovery too; wait until it takes queries.
    wait_for "PostgreSQL" "$INFRA_TIMEOUT" "$PG_LOG" "" -- postgres_ready \
      || die "the server on $INFRA_HOST:$PGPORT does not accept connections (pg_isready)"
    return 0
  fi
  rm -f "$PG_STARTED_MARK"
  postgres_install

  # Directories owned by postgres; created once.
  if [[ ! -d "$PG_SOCKDIR" || ! -d "$PGDATA_DIR" ]]; then
    mkdir -p "$PG_BASE" "$PG_SOCKDIR" "$PGDATA_DIR"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PG_BASE" "$PG_SOCKDIR" "$PGDATA_DIR"; fi
    chmod 700 "$PGDATA_DIR"
  fi
  # The server (running as postgres) appends to this log, so postgres owns it.
  [[ -f "$PG_LOG" ]] || : >"$PG_LOG"
  if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PG_LOG"; fi

  # initdb once; PG_VERSION is the file initdb writes last-ish and is the
  # standard "is this a cluster" check.
  if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    log "initdb in $PGDATA_DIR"
    # A half-done initdb leaves a non-empty dir that initdb refuses; clear it.
    find "$PGDATA_DIR" -mindepth 1 -delete
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1 \
      || { show_log_tail "$PG_LOG"; die "initdb failed. Log: $PG_LOG"; }
  fi

  log "starting on $INFRA_HOST:$PGPORT (data $PGDATA_DIR${INFRA_MODE:+, INFRA_MODE=$INFRA_MODE})"
  # pg_ctl -w waits for the server itself and redirects the server's output
  # to the log (stdin from /dev/null), so it detaches cleanly. 9>&- : the
  # server must not inherit infra.sh's lock file descriptor.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$INFRA_TIMEOUT" \
      -o "$(postgres_server_opts)" start >/dev/null 9>&-; then
    show_log_tail "$PG_LOG"
    die "PostgreSQL failed to start (pg_ctl gave up; timeout ${INFRA_TIMEOUT}s). Log: $PG_LOG"
  fi
  date -u +%FT%TZ >"$PG_STARTED_MARK"
  wait_for "PostgreSQL" "$INFRA_TIMEOUT" "$PG_LOG" "" -- postgres_ready || die "PostgreSQL is not accepting connections. Log: $PG_LOG"
  log "ready (pid $(postgres_pid))"
}

postgres_pid() {
  [[ -f "$PGDATA_DIR/postmaster.pid" ]] && sed -n 1p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true
}

postgres_down() {
  if [[ ! -f "$PG_STARTED_MARK" ]]; then
    log "not started by this checkout; leaving it alone"
    return 0
  fi
  if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
    log "stopping (pg_ctl stop -m fast, data $PGDATA_DIR)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null \
      || warn "pg_ctl stop failed. Log: $PG_LOG"
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PG_STARTED_MARK"
}

postgres_status() {
  local state=down pid="" 
  if port_open "$PGPORT"; then
    pid="$(postgres_pid)"
    if [[ -f "$PG_STARTED_MARK" ]]; then state=up; else state="up(external)"; fi
  fi
  status_line postgres "$state" "$PGPORT" "$pid" "$PG_LOG"
  [[ "$state" != down ]]
}

postgres_env() {
  printf 'export PGHOST=%s\n' "$INFRA_HOST"
  printf 'export PGPORT=%s\n' "$PGPORT"
  printf 'export PGUSER=postgres\n'
  printf 'export DATABASE_ADMIN_URL=%s\n' "postgres://postgres@$INFRA_HOST:$PGPORT/postgres"
  # For fault scenarios that run a private cluster of their own (chaos/private-infra).
  printf 'export AGENCYFLOW_PG_BIN=%s\n' "$PG_BIN"
}
