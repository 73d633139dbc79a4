#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) for dev and CI,
# run straight from jars resolved from Maven Central (scripts/kafka/pom.xml).
#
# Usage: bash scripts/kafka.sh start|stop|status|restart|jars
#
# Env:
#   KAFKA_PORT             client (PLAINTEXT) port on 127.0.0.1            [9092]
#   KAFKA_CONTROLLER_PORT  KRaft controller port on 127.0.0.1              [KAFKA_PORT+1]
#   KAFKA_DATA_DIR         pid file, rendered config, logs, KRaft data     [<repo>/.data/kafka-$KAFKA_PORT]
#   KAFKA_HEAP             broker heap flags                                [-Xms512m -Xmx768m]
#   KAFKA_JVM_OPTS         extra JVM flags appended to the defaults         []
#   KAFKA_WAIT_TIMEOUT     seconds to wait for readiness on start           [120]
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL     [30]
#   KAFKA_LOG4J_ROOT_LEVEL root log level of the broker                     [INFO]
#   KAFKA_CDS              JVM class-data-sharing archive for ~2x faster warm starts:
#                          1 | 0 | auto (= on, except when $CI is set)       [auto]
#   MVN / JAVA / NODE      executables                                      [mvn / java / node]
#
# Layout of $KAFKA_DATA_DIR:
#   kafka.pid  server.properties  cluster.id  kraft/ (log.dirs)  logs/server.log  kafka.out
# Shared by all ports: scripts/kafka/target/{lib/, kafka-cds.jsa} (gitignored).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_DIR="$REPO_ROOT/scripts/kafka"
POM="$KAFKA_DIR/pom.xml"
LIB_DIR="$KAFKA_DIR/target/lib"
LIB_STAMP="$LIB_DIR/.pom.sha256"
CDS_ARCHIVE="$KAFKA_DIR/target/kafka-cds.jsa"
LOG4J_CONF="$KAFKA_DIR/log4j2.properties"
TEMPLATE="$KAFKA_DIR/server.properties.template"
WAIT_JS="$REPO_ROOT/scripts/kafka-wait.js"

KAFKA_PORT="${KAFKA_PORT:-9092}"
[[ "$KAFKA_PORT" =~ ^[0-9]+$ ]] || { printf "kafka: ERROR: KAFKA_PORT must be a number (got '%s')\n" "$KAFKA_PORT" >&2; exit 1; }
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka-$KAFKA_PORT}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms512m -Xmx768m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_WAIT_TIMEOUT="${KAFKA_WAIT_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_LOG4J_ROOT_LEVEL="${KAFKA_LOG4J_ROOT_LEVEL:-INFO}"
KAFKA_CDS="${KAFKA_CDS:-auto}"
MVN="${MVN:-mvn}"
JAVA="${JAVA:-java}"
NODE="${NODE:-node}"

log() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: ERROR: %s\n' "$*" >&2; exit 1; }

for v in KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_WAIT_TIMEOUT KAFKA_STOP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
(( KAFKA_PORT > 0 && KAFKA_PORT < 65536 && KAFKA_CONTROLLER_PORT > 0 && KAFKA_CONTROLLER_PORT < 65536 )) \
  || die "ports must be in 1..65535 (KAFKA_PORT=$KAFKA_PORT, KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT)"
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
[[ "$KAFKA_CDS" =~ ^(1|0|true|false|on|off|yes|no|auto)$ ]] || die "KAFKA_CDS must be 1, 0 or auto (got '$KAFKA_CDS')"

# absolute path (the broker and the pid check use it), without creating it yet
if [[ -d "$KAFKA_DATA_DIR" ]]; then
  KAFKA_DATA_DIR="$(cd "$KAFKA_DATA_DIR" && pwd)"
elif [[ "$KAFKA_DATA_DIR" != /* ]]; then
  KAFKA_DATA_DIR="$PWD/$KAFKA_DATA_DIR"
fi
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
CONFIG="$KAFKA_DATA_DIR/server.properties"
KRAFT_DIR="$KAFKA_DATA_DIR/kraft"
LOGS_DIR="$KAFKA_DATA_DIR/logs"
SERVER_LOG="$LOGS_DIR/server.log"
OUT_FILE="$KAFKA_DATA_DIR/kafka.out"
CDS_DUMP="$KAFKA_DATA_DIR/cds-dump.jsa"
ADDR="127.0.0.1:$KAFKA_PORT"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- process helpers --------------------------------------------------------

read_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 1
  printf '%s' "$pid"
}

# Alive AND really our broker (guards against pid reuse after a reboot/crash).
is_our_broker() {
  local pid="$1" cmd
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  else
    cmd="$(ps -ww -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$CONFIG"* ]]
}

port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

running_pid() {
  local pid
  pid="$(read_pid)" || return 1
  is_our_broker "$pid" || return 1
  printf '%s' "$pid"
}

# last 50 lines of this run's broker log (after the last start marker) and of kafka.out
tail_logs() {
  if [[ -s "$SERVER_LOG" ]]; then
    printf -- '----- last 50 lines of %s (this start) -----\n' "$SERVER_LOG" >&2
    awk '/^===== kafka.sh start / { n = 0; delete buf } { buf[n++] = $0 }
         END { for (i = (n > 50 ? n - 50 : 0); i < n; i++) print buf[i] }' "$SERVER_LOG" >&2
  fi
  if [[ -s "$OUT_FILE" ]]; then
    printf -- '----- last 50 lines of %s (stdout/stderr: WARN+, JVM errors) -----\n' "$OUT_FILE" >&2
    tail -n 50 "$OUT_FILE" >&2
  fi
  printf -- '----- end of broker logs -----\n' >&2
}

# --- java / jars ------------------------------------------------------------

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (Kafka 4.x needs Java 17+; set JAVA=/path/to/java)"
  local ver major
  ver="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
  major="${ver%%.*}"
  [[ "$major" == 1 ]] && major="$(cut -d. -f2 <<<"$ver")"
  if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 17)); then
    die "Java 17+ required by Kafka 4.x broker, found '$ver'"
  fi
}

pom_hash() { sha256sum "$POM" | awk '{ print $1 }'; }

resolve_jars() {
  local want
  want="$(pom_hash)"
  if [[ -f "$LIB_STAMP" && "$(cat "$LIB_STAMP")" == "$want" ]]; then
    log "jars up to date ($(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') in scripts/kafka/target/lib)"
    return 0
  fi
  command -v "$MVN" >/dev/null 2>&1 || die "maven ('$MVN') not found; needed once to resolve the Kafka jars"
  mkdir -p "$KAFKA_DIR/target"
  # serialize concurrent starts (e.g. two ports) that both need to resolve
  exec 8>"$KAFKA_DIR/target/.resolve.lock"
  flock -w 600 8 || die "timed out waiting for another jar resolve to finish"
  if [[ -f "$LIB_STAMP" && "$(cat "$LIB_STAMP")" == "$want" ]]; then
    flock -u 8
    log "jars resolved by a concurrent start"
    return 0
  fi
  local t0 tmp
  t0="$(now)"
  tmp="$KAFKA_DIR/target/lib.tmp.$$"
  rm -rf "$tmp"
  log "resolving Kafka jars from Maven Central (scripts/kafka/pom.xml) ..."
  # output goes to a file: Maven 3.8 prints stray ANSI resets on stdout even with -B -q
  local mvn_log="$KAFKA_DIR/target/resolve.log"
  if ! "$MVN" -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    cat "$mvn_log" >&2
    rm -rf "$tmp"
    die "maven failed to resolve scripts/kafka/pom.xml (output above, also in $mvn_log)"
  fi
  printf '%s\n' "$want" >"$tmp/.pom.sha256"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  flock -u 8
  log "resolved $(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') jars in $(since "$t0")s"
}

classpath() { printf '%s/*' "$LIB_DIR"; }

# --- config / storage -------------------------------------------------------

render_config() {
  local tpl
  tpl="$(<"$TEMPLATE")"
  tpl="${tpl//@KAFKA_PORT@/$KAFKA_PORT}"
  tpl="${tpl//@KAFKA_CONTROLLER_PORT@/$KAFKA_CONTROLLER_PORT}"
  tpl="${tpl//@KAFKA_LOG_DIRS@/$KRAFT_DIR}"
  printf '%s\n' "$tpl" >"$CONFIG.tmp"
  mv "$CONFIG.tmp" "$CONFIG"
}

java_tool() {
  # short-lived JVM for StorageTool (small heap, quiet logging)
  "$JAVA" -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONF" -Dkafka.logs.dir="$LOGS_DIR" \
    -Dkafka.root.logger.level=WARN \
    -cp "$(classpath)" kafka.tools.StorageTool "$@"
}

format_storage() {
  if [[ -f "$KRAFT_DIR/meta.properties" ]]; then
    log "storage already formatted (cluster id $(sed -n 's/^cluster\.id=//p' "$KRAFT_DIR/meta.properties"))"
    return 0
  fi
  local t0 cid
  t0="$(now)"
  if [[ -s "$KAFKA_DATA_DIR/cluster.id" ]]; then
    cid="$(<"$KAFKA_DATA_DIR/cluster.id")"
  else
    cid="$(java_tool random-uuid | tail -n 1 | tr -d '[:space:]')"
    [[ -n "$cid" ]] || die "StorageTool random-uuid returned nothing"
    printf '%s\n' "$cid" >"$KAFKA_DATA_DIR/cluster.id"
  fi
  log "formatting KRaft storage in $KRAFT_DIR (cluster id $cid) ..."
  local out
  if ! out="$(java_tool format --cluster-id "$cid" --config "$CONFIG" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "kafka-storage format failed"
  fi
  log "formatted in $(since "$t0")s"
}

# --- class-data sharing (startup speed) -------------------------------------
# JVM + Kafka class loading/linking dominates a warm start on small machines
# (~5-7 s on 2 cores). A dynamic AppCDS archive (Java 13+) halves that. The
# first start with CDS on records the archive when the broker exits (stop takes
# a few seconds longer once); later starts map it. The JVM itself validates the
# archive against the classpath/JDK and silently falls back if it does not match.

cds_enabled() {
  case "$KAFKA_CDS" in
    1 | true | on | yes) return 0 ;;
    0 | false | off | no) return 1 ;;
    auto) [[ -z "${CI:-}" || "${CI:-}" == "false" ]] ;;
  esac
}

# prints the JVM flags to use for this start (one per line)
cds_flags() {
  rm -f "$CDS_DUMP"
  cds_enabled || return 0
  printf '%s\n' '-Xlog:cds*=error' '-Xshare:auto'
  if [[ -s "$CDS_ARCHIVE" && "$CDS_ARCHIVE" -nt "$LIB_STAMP" ]]; then
    printf '%s\n' "-XX:SharedArchiveFile=$CDS_ARCHIVE"
  else
    rm -f "$CDS_ARCHIVE"
    printf '%s\n' "-XX:ArchiveClassesAtExit=$CDS_DUMP"
  fi
}

# after a clean exit, publish the archive the broker dumped (atomic rename)
cds_publish() {
  [[ -s "$CDS_DUMP" ]] || return 0
  mv -f "$CDS_DUMP" "$CDS_ARCHIVE"
  log "saved JVM class-data-sharing archive (faster next starts): ${CDS_ARCHIVE#"$REPO_ROOT"/}"
}

# --- commands ---------------------------------------------------------------

stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < KAFKA_STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  log "broker (pid $pid) still alive after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$CDS_DUMP" # possibly half-written
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  die "could not kill broker pid $pid"
}

check_node() {
  command -v "$NODE" >/dev/null 2>&1 || die "node not found (needed for the readiness check; set NODE=/path/to/node)"
  (cd "$REPO_ROOT" && "$NODE" -e "require.resolve('kafkajs')" >/dev/null 2>&1) \
    || die "kafkajs is not installed (run 'npm ci' in $REPO_ROOT first)"
}

wait_ready() {
  local pid="$1" timeout="$2"
  "$NODE" "$WAIT_JS" --brokers "$ADDR" --timeout "$timeout" --pid "$pid"
}

cmd_start() {
  local t0 pid
  t0="$(now)"
  check_node
  mkdir -p "$KAFKA_DATA_DIR"
  # one start/stop at a time per data dir
  exec 9>"$KAFKA_DATA_DIR/.lock"
  flock -w 300 9 || die "another kafka.sh is operating on $KAFKA_DATA_DIR"

  if pid="$(running_pid)"; then
    if port_open "$KAFKA_PORT"; then
      wait_ready "$pid" "$KAFKA_WAIT_TIMEOUT" >/dev/null || { tail_logs; die "broker pid $pid is running but not ready"; }
      log "already running (pid $pid) on $ADDR"
      return 0
    fi
    log "broker pid $pid is running but $ADDR is not answering yet; waiting for it ..."
    wait_ready "$pid" "$KAFKA_WAIT_TIMEOUT" || { tail_logs; die "broker pid $pid did not become ready"; }
    log "already running (pid $pid) on $ADDR"
    return 0
  fi
  if [[ -f "$PID_FILE" ]]; then
    log "removing stale pid file ($(cat "$PID_FILE" 2>/dev/null || true))"
    rm -f "$PID_FILE"
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port 127.0.0.1:$p is already in use by another process (not this data dir's broker); choose another KAFKA_PORT/KAFKA_CONTROLLER_PORT"
    fi
  done

  check_java
  resolve_jars
  mkdir -p "$LOGS_DIR" "$KRAFT_DIR"
  render_config
  format_storage

  log "starting broker on $ADDR (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, data $KAFKA_DATA_DIR) ..."
  printf '===== kafka.sh start %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$SERVER_LOG"
  : >"$OUT_FILE"
  local -a cds=() heap=() extra=()
  mapfile -t cds < <(cds_flags)
  read -r -a heap <<<"$KAFKA_HEAP"
  read -r -a extra <<<"$KAFKA_JVM_OPTS"
  local -a jvm=(
    "${heap[@]}"
    "${cds[@]}"
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$LOG4J_CONF"
    -Dkafka.logs.dir="$LOGS_DIR"
    -Dkafka.root.logger.level="$KAFKA_LOG4J_ROOT_LEVEL"
    "${extra[@]}"
  )
  rm -f "$PID_FILE"
  # setsid: detach from the terminal/CI step's process group so Ctrl-C in the
  # calling shell does not take the broker down; the inner shell writes its own
  # pid (which becomes the java pid through exec), so the pid file is exact.
  # 8>&- 9>&-: the broker must not inherit (and hold forever) our flock fds.
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" "${jvm[@]}" -cp "$(classpath)" kafka.Kafka "$CONFIG" \
    >>"$OUT_FILE" 2>&1 </dev/null 8>&- 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    pid="$(read_pid)" && break
    sleep 0.1
  done
  [[ -n "${pid:-}" ]] || { tail_logs; die "broker did not start (no pid written)"; }
  log "broker pid $pid, waiting up to ${KAFKA_WAIT_TIMEOUT}s for it to accept clients ..."
  local rc=0
  wait_ready "$pid" "$KAFKA_WAIT_TIMEOUT" || rc=$?
  if ((rc != 0)); then
    tail_logs
    rm -f "$PID_FILE"
    if ((rc == 3)) || ! kill -0 "$pid" 2>/dev/null; then
      die "broker process exited during startup (full logs: $SERVER_LOG, $OUT_FILE)"
    fi
    log "stopping the unready broker (pid $pid)"
    stop_pid "$pid" || true
    die "broker on $ADDR not ready after ${KAFKA_WAIT_TIMEOUT}s (full logs: $SERVER_LOG, $OUT_FILE)"
  fi
  log "ready on $ADDR (pid $pid) in $(since "$t0")s"
}

cmd_stop() {
  if [[ ! -d "$KAFKA_DATA_DIR" ]]; then
    log "not running on $ADDR (no data dir $KAFKA_DATA_DIR)"
    return 0
  fi
  exec 9>"$KAFKA_DATA_DIR/.lock"
  flock -w 300 9 || die "another kafka.sh is operating on $KAFKA_DATA_DIR"
  local pid
  if ! pid="$(running_pid)"; then
    if [[ -f "$PID_FILE" ]]; then
      log "not running (removing stale pid file)"
      rm -f "$PID_FILE"
    else
      log "not running on $ADDR"
    fi
    return 0
  fi
  local t0
  t0="$(now)"
  local cmdline=""
  [[ -r "/proc/$pid/cmdline" ]] && cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  if [[ "$cmdline" == *-XX:ArchiveClassesAtExit=* ]]; then
    log "stopping broker pid $pid on $ADDR (one-time: JVM writes its class-data-sharing archive) ..."
  else
    log "stopping broker pid $pid on $ADDR ..."
  fi
  stop_pid "$pid"
  rm -f "$PID_FILE"
  cds_publish
  log "stopped in $(since "$t0")s"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running on $ADDR (data $KAFKA_DATA_DIR)"
    return 1
  fi
  if port_open "$KAFKA_PORT"; then
    log "running (pid $pid) on $ADDR (data $KAFKA_DATA_DIR)"
    return 0
  fi
  log "process $pid is alive but $ADDR is not accepting connections (starting or unhealthy)"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop && cmd_start ;;
  jars) check_java && resolve_jars ;; # used by scripts/cluster.sh
  *)
    echo "usage: bash scripts/kafka.sh start|stop|status|restart" >&2
    echo "       env: KAFKA_PORT=$KAFKA_PORT KAFKA_DATA_DIR=$KAFKA_DATA_DIR KAFKA_HEAP='$KAFKA_HEAP'" >&2
    exit 2
    ;;
esac
