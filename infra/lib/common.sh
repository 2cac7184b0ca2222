#!/usr/bin/env bash
# Shared helpers for infra/*.sh: paths, logging, port checks, wait loops, pid files.
# Sourced by infra/infra.sh; not meant to be run on its own.

# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
# Per-checkout runtime state (data, logs, pid files). Git-ignored.
STATE_DIR="$REPO_ROOT/.infra"
# Downloads live outside the checkout, keyed by version, so a fresh clone on
# the same machine starts in seconds instead of re-downloading.
CACHE_DIR="${AGENCYFLOW_CACHE:-$HOME/.cache/agencyflow}"
# Readiness timeout for each component, in seconds.
INFRA_TIMEOUT="${INFRA_TIMEOUT:-120}"
# Everything binds to loopback only.
INFRA_HOST=127.0.0.1

# ---------------------------------------------------------------------------
# Logging: always to stderr, so `infra.sh env` stays eval-able on stdout.
# LOG_PREFIX is set per component because components start in parallel.
# ---------------------------------------------------------------------------
LOG_PREFIX="${LOG_PREFIX:-infra}"
log()  { printf '[%s] %s\n' "$LOG_PREFIX" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$LOG_PREFIX" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$LOG_PREFIX" "$*" >&2; exit 1; }

# Print the last lines of a log file to stderr (used when something fails to start).
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    printf '[%s] ---- last %s lines of %s ----\n' "$LOG_PREFIX" "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf '[%s] ---- end of %s ----\n' "$LOG_PREFIX" "$file" >&2
  else
    printf '[%s] (log file %s does not exist)\n' "$LOG_PREFIX" "$file" >&2
  fi
}

ensure_state_dir() {
  mkdir -p "$STATE_DIR"
  # Make .infra/ ignore itself, so it stays out of git even if the root
  # .gitignore forgets it.
  [[ -f "$STATE_DIR/.gitignore" ]] || printf '*\n' >"$STATE_DIR/.gitignore"
}

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------
# port_open PORT [HOST]: true if something accepts TCP connections there.
# Uses bash's /dev/tcp (no nc needed); `timeout` guards against a
# filtered port hanging the connect.
port_open() {
  local port="$1" host="${2:-$INFRA_HOST}"
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# ---------------------------------------------------------------------------
# wait_for DESCRIPTION TIMEOUT_S LOGFILE PIDFILE_OR_EMPTY -- COMMAND...
# Polls COMMAND every 0.5 s until it succeeds. Fails early if the process
# in PIDFILE died, and on failure prints where to look plus the log tail.
# ---------------------------------------------------------------------------
wait_for() {
  local desc="$1" timeout_s="$2" logfile="$3" pidfile="$4"
  shift 5 # skip the "--"
  local deadline=$((SECONDS + timeout_s))
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile"; then
      warn "$desc: the process exited before becoming ready. Log: $logfile"
      show_log_tail "$logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      warn "$desc: not ready after ${timeout_s}s. Log: $logfile"
      show_log_tail "$logfile"
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------
# Pid files. A pid file holds "PID" on line 1 and a marker string on line 2
# (a path unique to this checkout that appears in the process's command
# line). The marker protects against pid reuse: we never signal a process
# unless it is still the one we started.
# ---------------------------------------------------------------------------
write_pidfile() { printf '%s\n%s\n' "$2" "$3" >"$1"; }

read_pid() { [[ -f "$1" ]] && sed -n 1p "$1"; }

# pid_alive PIDFILE: the recorded pid is running and still has our marker.
pid_alive() {
  local pidfile="$1" pid marker
  [[ -f "$pidfile" ]] || return 1
  pid="$(sed -n 1p "$pidfile")"
  marker="$(sed -n 2p "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "$marker" && -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  fi
  return 0
}

# start_bg PIDFILE MARKER LOGFILE -- COMMAND...
# Starts COMMAND detached (own session, so a Ctrl-C in the calling shell or
# npm exiting does not kill it), stdout+stderr to LOGFILE, records its pid.
start_bg() {
  local pidfile="$1" marker="$2" logfile="$3"
  shift 4
  # 9>&- : don't let the daemon inherit infra.sh's lock (see infra.sh).
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  write_pidfile "$pidfile" "$!" "$marker"
}

# stop_pid NAME PIDFILE [TIMEOUT_S]: SIGTERM the recorded process, wait,
# SIGKILL after the timeout. Only ever touches the pid we recorded.
stop_pid() {
  local name="$1" pidfile="$2" timeout_s="${3:-30}" pid
  if ! pid_alive "$pidfile"; then
    if [[ -f "$pidfile" ]]; then
      log "not running (removing stale pid file)"
      rm -f "$pidfile"
    else
      log "not started by this checkout; nothing to stop"
    fi
    return 0
  fi
  pid="$(read_pid "$pidfile")"
  log "stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout_s))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "still running after ${timeout_s}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.3
  done
  rm -f "$pidfile"
  log "stopped"
}

# Rotate a log file so readiness checks only see this run's output.
rotate_log() {
  local f="$1"
  if [[ -f "$f" ]]; then mv -f "$f" "$f.1"; fi
  : >"$f"
}

# status_line NAME STATE PORT PID LOG
status_line() {
  printf '%-9s %-14s port=%-5s pid=%-8s log=%s\n' "$1" "$2" "$3" "${4:--}" "${5:--}"
}

# apt_install PKG...: install Debian packages (root only). Components install
# in parallel, so apt runs are serialized with a lock, and `apt-get update`
# runs at most once per `up`.
apt_install() {
  [[ $EUID -eq 0 ]] || die "missing packages ($*) and not root; run: sudo apt-get install -y $*"
  command -v apt-get >/dev/null || die "missing packages ($*) and no apt-get on this machine"
  (
    flock -w 600 8 || die "timed out waiting for another apt-get run"
    local stamp="$STATE_DIR/.apt-updated-${INFRA_RUN_ID:-$$}"
    if [[ ! -f "$stamp" ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q >&2
      : >"$stamp"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" >&2
  ) 8>"/var/lock/agencyflow-apt.lock"
}
