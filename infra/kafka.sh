#!/usr/bin/env bash
# Apache Kafka 3.9.1, single KRaft node (broker+controller), jars from Maven Central.
# Sourced by infra/infra.sh (needs lib/common.sh). Defines kafka_install,
# kafka_up, kafka_down, kafka_status, kafka_env.

KAFKA_VERSION=3.9.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_POM="$INFRA_DIR/kafka/pom.xml"
KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION-libs"
KAFKA_M2="$CACHE_DIR/m2"
KAFKA_STATE="$STATE_DIR/kafka"
KAFKA_DATA="$KAFKA_STATE/data"
KAFKA_CONF="$KAFKA_STATE/server.properties"
KAFKA_CLUSTER_ID_FILE="$KAFKA_STATE/cluster.id"
KAFKA_LOG="$KAFKA_STATE/kafka.log"
KAFKA_PID="$KAFKA_STATE/kafka.pid"
KAFKA_LOG4J="$INFRA_DIR/kafka/log4j.properties"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx768m -Xms256m}"

# The libs dir is complete when its marker holds the hash of the pom that
# produced it: a half-finished copy, or a changed pom, triggers a redo.
kafka_pom_hash() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

kafka_installed() {
  [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$(kafka_pom_hash)" ]]
}

kafka_install() {
  command -v java >/dev/null || { log "installing a Java runtime (one time)"; apt_install default-jre-headless; }
  kafka_installed && return 0
  command -v mvn >/dev/null || { log "installing maven (one time)"; apt_install maven; }
  log "collecting Kafka $KAFKA_VERSION jars into $KAFKA_LIBS (one time)"
  mkdir -p "$CACHE_DIR"
  local tmp
  tmp="$(mktemp -d "$CACHE_DIR/.kafka-libs.XXXXXX")"
  # Maven's own repository is kept in the cache too, keyed by nothing: it is
  # content-addressed by artifact version already. Plugin version pinned.
  # Output goes to a log (Maven 3.8 prints color codes even with -B -q).
  local mvn_log="$CACHE_DIR/kafka-$KAFKA_VERSION-mvn.log"
  if ! mvn -B -q -Dmaven.repo.local="$KAFKA_M2" -f "$KAFKA_POM" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    show_log_tail "$mvn_log"
    die "mvn could not collect the Kafka classpath. Log: $mvn_log"
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after mvn"; }
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  kafka_pom_hash >"$KAFKA_LIBS/.complete"
}

kafka_java() {
  java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$KAFKA_LOG4J" "$@"
}

# Render the template (cheap, so port overrides always apply).
kafka_render_config() {
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA|g" \
      "$INFRA_DIR/kafka/server.properties.template" >"$KAFKA_CONF.tmp"
  mv "$KAFKA_CONF.tmp" "$KAFKA_CONF"
}

# KRaft storage must be formatted once with a cluster id; the id is kept so
# a re-format (e.g. after deleting data/) keeps the same cluster identity.
kafka_format() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  if [[ ! -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    # 16 random bytes, base64url without padding = 22 chars (what kafka-storage random-uuid prints).
    # Like Kafka's own generator, never start with '-': the format tool would read it as an option.
    local id
    until id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" && [[ "$id" != -* ]]; do :; done
    printf '%s' "$id" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  log "formatting KRaft storage in $KAFKA_DATA (cluster id $(cat "$KAFKA_CLUSTER_ID_FILE"))"
  kafka_java kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id="$(cat "$KAFKA_CLUSTER_ID_FILE")" -c "$KAFKA_CONF" >>"$KAFKA_STATE/format.log" 2>&1 \
    || { LOG_PREFIX=kafka show_log_tail "$KAFKA_STATE/format.log"; die "kafka storage format failed. Log: $KAFKA_STATE/format.log"; }
}

kafka_ready() {
  grep -q 'Kafka Server started' "$KAFKA_LOG" && port_open "$KAFKA_PORT"
}

kafka_up() {
  mkdir -p "$KAFKA_STATE"
  if port_open "$KAFKA_PORT"; then
    if pid_alive "$KAFKA_PID"; then
      log "already running on $INFRA_HOST:$KAFKA_PORT (pid $(read_pid "$KAFKA_PID"))"
      # It may still be starting (an earlier `up` interrupted mid-wait).
      wait_for "Kafka" "$INFRA_TIMEOUT" "$KAFKA_LOG" "$KAFKA_PID" -- kafka_ready \
        || die "Kafka (pid $(read_pid "$KAFKA_PID")) is not ready. Log: $KAFKA_LOG"
    else
      log "reusing the broker already answering on $INFRA_HOST:$KAFKA_PORT"
    fi
    return 0
  fi
  kafka_install
  kafka_render_config
  kafka_format
  log "starting broker on $INFRA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, data $KAFKA_DATA)"
  rotate_log "$KAFKA_LOG"
  # Marker for the pid check: the config path is unique to this checkout.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  start_bg "$KAFKA_PID" "$KAFKA_CONF" "$KAFKA_LOG" -- \
    java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$KAFKA_LOG4J" \
      kafka.Kafka "$KAFKA_CONF"
  if ! wait_for "Kafka" "$INFRA_TIMEOUT" "$KAFKA_LOG" "$KAFKA_PID" -- kafka_ready; then
    # Don't leave a half-started broker holding the data dir lock.
    stop_pid kafka "$KAFKA_PID" 10
    die "Kafka did not become ready. Log: $KAFKA_LOG"
  fi
  log "ready (pid $(read_pid "$KAFKA_PID"))"
}

kafka_down() {
  # Give the broker time for a clean shutdown (it flushes and closes its
  # logs); a killed broker takes longer to recover on the next start.
  stop_pid kafka "$KAFKA_PID" 30
}

kafka_status() {
  local state=down pid=""
  if port_open "$KAFKA_PORT"; then
    if pid_alive "$KAFKA_PID"; then state=up; pid="$(read_pid "$KAFKA_PID")"; else state="up(external)"; fi
  fi
  status_line kafka "$state" "$KAFKA_PORT" "$pid" "$KAFKA_LOG"
  [[ "$state" != down ]]
}

kafka_env() {
  printf 'export KAFKA_BROKERS=%s\n' "$INFRA_HOST:$KAFKA_PORT"
  # For fault scenarios that run a private broker of their own (chaos/private-infra).
  printf 'export AGENCYFLOW_KAFKA_LIBS=%q\n' "$KAFKA_LIBS"
  printf 'export AGENCYFLOW_KAFKA_LOG4J=%q\n' "$KAFKA_LOG4J"
  # The broker's log segments: the privacy canary test searches their bytes (X-4).
  printf 'export AGENCYFLOW_KAFKA_DATA=%q\n' "$KAFKA_DATA"
}
