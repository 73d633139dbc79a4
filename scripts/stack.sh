#!/usr/bin/env bash
# The deployment on the three-node cluster (scripts/cluster.sh), as separate OS processes on this
# machine: 2 command-api, 1 query-api, 2 relays (one active, the other waits for the store's relay
# lock), 2 projectors (one consumer group), against the machine's PostgreSQL.
#
# Usage: bash scripts/stack.sh start|stop|status
#        bash scripts/stack.sh proc-start NAME | proc-stop NAME | signal NAME SIG | pid NAME | port NAME
#        NAME: command-api-1 command-api-2 query-api relay-1 relay-2 projector-1 projector-2
#
# Env:
#   STACK_DIR           pid files, logs (logs/<name>.log), the admin key        [<repo>/.data/stack]
#   STACK_DATABASE      database on the server of STACK_PG_URL (created if missing) [lotstream_stack]
#   STACK_PG_URL        the PostgreSQL server                                   [postgres://postgres@127.0.0.1:5432]
#   STACK_TOPIC_PREFIX  KAFKA_TOPIC_PREFIX of every process                     [lotstream.]
#   STACK_PORT_BASE     ports: command-api-1 +1, command-api-2 +2, query-api +3, relay-1 +4,
#                       relay-2 +5, projector-1 +6, projector-2 +7               [3100]
#   STACK_WAIT_TIMEOUT  seconds to wait for every /health/ready                 [240]
#   KAFKA_BROKERS       default: what `scripts/cluster.sh status` prints
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.data/stack}"
STACK_DATABASE="${STACK_DATABASE:-lotstream_stack}"
STACK_PG_URL="${STACK_PG_URL:-postgres://postgres@127.0.0.1:5432}"
STACK_TOPIC_PREFIX="${STACK_TOPIC_PREFIX:-lotstream.}"
STACK_PORT_BASE="${STACK_PORT_BASE:-3100}"
STACK_WAIT_TIMEOUT="${STACK_WAIT_TIMEOUT:-240}"
PROCS=(command-api-1 command-api-2 query-api relay-1 relay-2 projector-1 projector-2)

log() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$STACK_DATABASE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "STACK_DATABASE must be a plain lower-case identifier (got '$STACK_DATABASE')"
[[ "$STACK_PORT_BASE" =~ ^[0-9]+$ ]] && ((STACK_PORT_BASE > 1023 && STACK_PORT_BASE < 65000)) || die "STACK_PORT_BASE must be 1024..64999"
[[ "$STACK_DIR" == /* ]] || STACK_DIR="$PWD/$STACK_DIR"

index_of() {
  local i
  for i in "${!PROCS[@]}"; do [[ "${PROCS[$i]}" == "$1" ]] && { printf '%s' "$((i + 1))"; return 0; }; done
  die "unknown process '$1' (one of: ${PROCS[*]})"
}
port_of() { printf '%s' "$((STACK_PORT_BASE + $(index_of "$1")))"; }
app_of() { printf '%s' "${1%-[0-9]}"; }
pid_file() { printf '%s/pids/%s.pid' "$STACK_DIR" "$1"; }

running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" && -r "/proc/$pid/environ" ]] || return 1
  # pid reuse guard: the process carries our marker in its environment
  tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "LOTSTREAM_STACK_PROC=$STACK_DIR/$1" || return 1
  printf '%s' "$pid"
}

kafka_brokers() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    printf '%s' "$KAFKA_BROKERS"
    return
  fi
  bash "$REPO_ROOT/scripts/cluster.sh" status | sed -n 's/^KAFKA_BROKERS=//p'
}

admin_key() {
  mkdir -p "$STACK_DIR"
  [[ -s "$STACK_DIR/admin.key" ]] || (umask 077 && printf 'stack-admin-%s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$STACK_DIR/admin.key")
  cat "$STACK_DIR/admin.key"
}

ensure_database() {
  local exists
  exists="$(psql "$STACK_PG_URL/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$STACK_DATABASE'")"
  [[ "$exists" == 1 ]] || psql "$STACK_PG_URL/postgres" -qc "CREATE DATABASE $STACK_DATABASE" >/dev/null
}

proc_start() {
  local name="$1" pid port app
  port="$(port_of "$name")"
  app="$(app_of "$name")"
  if pid="$(running_pid "$name")"; then
    log "$name already running (pid $pid, port $port)"
    return 0
  fi
  mkdir -p "$STACK_DIR/pids" "$STACK_DIR/logs"
  printf '===== stack.sh start %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$STACK_DIR/logs/$name.log"
  rm -f "$(pid_file "$name")"
  (
    cd "$REPO_ROOT"
    export LOTSTREAM_STACK_PROC="$STACK_DIR/$name"
    export PORT="$port" DATABASE_URL="$STACK_PG_URL/$STACK_DATABASE" KAFKA_BROKERS="$(kafka_brokers)"
    export KAFKA_TOPIC_PREFIX="$STACK_TOPIC_PREFIX" KAFKA_CLIENT_ID=lotstream KAFKA_REPLICATION_FACTOR=3 KAFKA_MIN_INSYNC_REPLICAS=2
    export ADMIN_API_KEY="$(admin_key)" DB_POOL_SIZE="${DB_POOL_SIZE:-10}" LOG_LEVEL="${LOG_LEVEL:-warn}"
    # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
    nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$(pid_file "$name")" \
      node --max-old-space-size=256 "$REPO_ROOT/node_modules/ts-node/dist/bin.js" --transpile-only \
      -r tsconfig-paths/register "apps/$app/src/main.ts" >>"$STACK_DIR/logs/$name.log" 2>&1 </dev/null 9>&- &
  )
  local i
  for ((i = 0; i < 50; i++)); do
    pid="$(running_pid "$name")" && break
    sleep 0.1
  done
  [[ -n "${pid:-}" ]] || die "$name did not start (see $STACK_DIR/logs/$name.log)"
  log "$name started (pid $pid, http://127.0.0.1:$port, log $STACK_DIR/logs/$name.log)"
}

proc_stop() {
  local name="$1" pid i
  pid="$(running_pid "$name")" || { rm -f "$(pid_file "$name")"; return 0; }
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$(pid_file "$name")"
}

ready() { curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$(port_of "$1")/health/ready" 2>/dev/null; }

wait_ready() {
  local deadline=$((SECONDS + STACK_WAIT_TIMEOUT)) name
  for name in "$@"; do
    until ready "$name"; do
      running_pid "$name" >/dev/null || die "$name exited during startup (see $STACK_DIR/logs/$name.log)"
      ((SECONDS < deadline)) || die "$name not ready after ${STACK_WAIT_TIMEOUT}s (see $STACK_DIR/logs/$name.log)"
      sleep 0.5
    done
  done
}

cmd_start() {
  local t0=$SECONDS name
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 300 9 || die "another stack.sh is operating on $STACK_DIR"
  [[ -n "$(kafka_brokers)" ]] || die "no KAFKA_BROKERS (start the cluster: npm run cluster:start)"
  ensure_database
  node "$REPO_ROOT/apps/dashboard/build.js" --if-stale >/dev/null
  # the first one runs the migrations (the others would wait on the migration lock anyway)
  proc_start command-api-1
  wait_ready command-api-1
  for name in "${PROCS[@]:1}"; do proc_start "$name"; done
  wait_ready "${PROCS[@]}"
  log "ready in $((SECONDS - t0))s"
  cmd_status
}

cmd_stop() {
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 300 9 || die "another stack.sh is operating on $STACK_DIR"
  local name
  for name in "${PROCS[@]}"; do proc_stop "$name" & done
  wait
  log "stopped (logs kept in $STACK_DIR/logs)"
}

cmd_status() {
  local name pid state rc=0 rss
  printf 'DATABASE_URL=%s/%s\nKAFKA_BROKERS=%s\nKAFKA_TOPIC_PREFIX=%s\n' "$STACK_PG_URL" "$STACK_DATABASE" "$(kafka_brokers)" "$STACK_TOPIC_PREFIX"
  for name in "${PROCS[@]}"; do
    pid="$(running_pid "$name" || true)"
    if [[ -n "$pid" ]] && ready "$name"; then state=ready; elif [[ -n "$pid" ]]; then state=not-ready; rc=1; else state=down; rc=1; fi
    rss=""
    [[ -n "$pid" ]] && rss="$(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || true)"
    printf '%-14s port=%s pid=%s %s%s\n' "$name" "$(port_of "$name")" "${pid:--}" "$state" "${rss:+ rss=$rss}"
  done
  return $rc
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  proc-start) index_of "${2:-}" >/dev/null && proc_start "$2" ;;
  proc-stop) index_of "${2:-}" >/dev/null && proc_stop "$2" ;;
  signal)
    index_of "${2:-}" >/dev/null
    [[ "${3:-}" =~ ^(KILL|STOP|CONT|TERM)$ ]] || die "signal must be KILL, STOP, CONT or TERM"
    kill "-$3" "$(running_pid "$2")"
    ;;
  pid) index_of "${2:-}" >/dev/null && running_pid "$2" ;;
  port) port_of "${2:-}" ;;
  *)
    echo "usage: bash scripts/stack.sh start|stop|status | proc-start NAME | proc-stop NAME | signal NAME SIG | pid NAME | port NAME" >&2
    exit 2
    ;;
esac
