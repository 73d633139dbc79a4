#!/usr/bin/env bash
# A three-node Apache Kafka cluster (KRaft, each node broker+controller) on this machine, each node in
# a network namespace of its own joined to a Linux bridge on the host: every node has its own address
# and can be cut off (`link N down`) or killed on its own. Same jars as scripts/kafka.sh (Maven Central).
# Needs root (ip netns, ip link).
#
# Usage: bash scripts/cluster.sh start|stop|status|reset
#        bash scripts/cluster.sh node-start N | node-stop N | node-kill N | link N up|down | pid N
#
# Env:
#   CLUSTER_NET       first three octets of the private /24                 [10.231.0]
#   CLUSTER_PORT      client (PLAINTEXT) port on every node address        [29192]
#   CLUSTER_CONTROLLER_PORT  KRaft controller port                         [29193]
#   CLUSTER_DIR       pid files, configs, logs, KRaft data                 [<repo>/.data/cluster]
#   CLUSTER_HEAP      heap flags of each node                              [-Xms192m -Xmx320m]
#   CLUSTER_WAIT_TIMEOUT  seconds to wait for the cluster to be ready      [180]
#   CLUSTER_STOP_TIMEOUT  seconds after SIGTERM before SIGKILL              [10]
#
# Host side: bridge lsbr0 = $CLUSTER_NET.1/24. Node N: namespace lotstream-kN, veth lskN (host) <->
# eth0 (namespace) = $CLUSTER_NET.(10+N), listening on $CLUSTER_NET.(10+N):$CLUSTER_PORT.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$REPO_ROOT/scripts/cluster/server.properties.template"
LOG4J_CONF="$REPO_ROOT/scripts/kafka/log4j2.properties"
LIB_DIR="$REPO_ROOT/scripts/kafka/target/lib"
CLUSTER_NET="${CLUSTER_NET:-10.231.0}"
CLUSTER_PORT="${CLUSTER_PORT:-29192}"
CLUSTER_CONTROLLER_PORT="${CLUSTER_CONTROLLER_PORT:-29193}"
CLUSTER_DIR="${CLUSTER_DIR:-$REPO_ROOT/.data/cluster}"
CLUSTER_HEAP="${CLUSTER_HEAP:--Xms192m -Xmx320m}"
CLUSTER_WAIT_TIMEOUT="${CLUSTER_WAIT_TIMEOUT:-180}"
# the last node standing cannot finish a controlled shutdown (no controller quorum left): do not wait long
CLUSTER_STOP_TIMEOUT="${CLUSTER_STOP_TIMEOUT:-10}"
JAVA="${JAVA:-java}"
NODE="${NODE:-node}"
BRIDGE=lsbr0
NODES=(1 2 3)

log() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$CLUSTER_NET" =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "CLUSTER_NET must be three octets (got '$CLUSTER_NET')"
for v in CLUSTER_PORT CLUSTER_CONTROLLER_PORT CLUSTER_WAIT_TIMEOUT CLUSTER_STOP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
[[ "$CLUSTER_DIR" == /* ]] || CLUSTER_DIR="$PWD/$CLUSTER_DIR"

ns_of() { printf 'lotstream-k%s' "$1"; }
addr_of() { printf '%s.%s' "$CLUSTER_NET" "$((10 + $1))"; }
veth_of() { printf 'lsk%s' "$1"; }
node_dir() { printf '%s/node-%s' "$CLUSTER_DIR" "$1"; }
brokers() {
  local n out=""
  for n in "${NODES[@]}"; do out+="${out:+,}$(addr_of "$n"):$CLUSTER_PORT"; done
  printf '%s' "$out"
}
voters() {
  local n out=""
  for n in "${NODES[@]}"; do out+="${out:+,}$n@$(addr_of "$n"):$CLUSTER_CONTROLLER_PORT"; done
  printf '%s' "$out"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
valid_node() { [[ "${1:-}" =~ ^[1-3]$ ]] || die "node must be 1, 2 or 3 (got '${1:-}')"; }

# --- network ----------------------------------------------------------------

net_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$CLUSTER_NET.1/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  local n ns veth
  for n in "${NODES[@]}"; do
    ns="$(ns_of "$n")"
    veth="$(veth_of "$n")"
    ip netns list | grep -qw "^$ns" || ip netns add "$ns"
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name "${veth}p"
      ip link set "${veth}p" netns "$ns"
      ip netns exec "$ns" ip link set "${veth}p" name eth0
      ip netns exec "$ns" ip addr add "$(addr_of "$n")/24" dev eth0
      ip link set "$veth" master "$BRIDGE"
    fi
    ip link set "$veth" up
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip route replace default via "$CLUSTER_NET.1" dev eth0
  done
}

net_down() {
  local n ns
  for n in "${NODES[@]}"; do
    ns="$(ns_of "$n")"
    ip netns list | grep -qw "^$ns" && ip netns del "$ns" # takes its end of the veth pair, and so the pair
    ip link show "$(veth_of "$n")" >/dev/null 2>&1 && ip link del "$(veth_of "$n")"
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE"; fi
  return 0
}

# --- processes --------------------------------------------------------------

read_pid() {
  local f
  f="$(node_dir "$1")/kafka.pid"
  [[ -f "$f" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] || return 1
  printf '%s' "$pid"
}

# alive AND our node (pid reuse guard)
running_pid() {
  local pid cmd
  pid="$(read_pid "$1")" || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$(node_dir "$1")/server.properties"* ]] || return 1
  printf '%s' "$pid"
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

render_config() {
  local n="$1" dir tpl
  dir="$(node_dir "$n")"
  tpl="$(<"$TEMPLATE")"
  tpl="${tpl//@NODE_ID@/$n}"
  tpl="${tpl//@VOTERS@/$(voters)}"
  tpl="${tpl//@NODE_ADDR@/$(addr_of "$n")}"
  tpl="${tpl//@CLIENT_PORT@/$CLUSTER_PORT}"
  tpl="${tpl//@CONTROLLER_PORT@/$CLUSTER_CONTROLLER_PORT}"
  tpl="${tpl//@LOG_DIRS@/$dir/kraft}"
  printf '%s\n' "$tpl" >"$dir/server.properties"
}

java_tool() {
  "$JAVA" -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONF" -Dkafka.logs.dir="$CLUSTER_DIR" -Dkafka.root.logger.level=WARN \
    -cp "$LIB_DIR/*" kafka.tools.StorageTool "$@"
}

cluster_id() {
  if [[ ! -s "$CLUSTER_DIR/cluster.id" ]]; then
    local cid
    cid="$(java_tool random-uuid | tail -n 1 | tr -d '[:space:]')"
    [[ -n "$cid" ]] || die "StorageTool random-uuid returned nothing"
    printf '%s\n' "$cid" >"$CLUSTER_DIR/cluster.id"
  fi
  cat "$CLUSTER_DIR/cluster.id"
}

format_node() {
  local n="$1" dir
  dir="$(node_dir "$n")"
  [[ -f "$dir/kraft/meta.properties" ]] && return 0
  local out
  out="$(java_tool format --cluster-id "$(cluster_id)" --config "$dir/server.properties" 2>&1)" || {
    printf '%s\n' "$out" >&2
    die "formatting node $n failed"
  }
}

launch_node() {
  local n="$1" dir pid ns
  dir="$(node_dir "$n")"
  ns="$(ns_of "$n")"
  if pid="$(running_pid "$n")"; then
    log "node $n already running (pid $pid)"
    return 0
  fi
  mkdir -p "$dir/logs" "$dir/kraft"
  render_config "$n"
  format_node "$n"
  local -a heap=()
  read -r -a heap <<<"$CLUSTER_HEAP"
  rm -f "$dir/kafka.pid"
  printf '===== cluster.sh start %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$dir/kafka.out"
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
  nohup ip netns exec "$ns" setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/kafka.pid" \
    "$JAVA" "${heap[@]}" -XX:MaxDirectMemorySize=128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONF" -Dkafka.logs.dir="$dir/logs" -Dkafka.root.logger.level=INFO \
    -cp "$LIB_DIR/*" kafka.Kafka "$dir/server.properties" >>"$dir/kafka.out" 2>&1 </dev/null 8>&- 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    pid="$(read_pid "$n")" && break
    sleep 0.1
  done
  [[ -n "${pid:-}" ]] || die "node $n did not start (see $dir/kafka.out)"
  log "node $n started in namespace $ns (pid $pid, $(addr_of "$n"):$CLUSTER_PORT)"
}

stop_node() {
  local n="$1" sig="${2:-TERM}" pid i
  pid="$(running_pid "$n")" || { rm -f "$(node_dir "$n")/kafka.pid"; return 0; }
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < CLUSTER_STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "node $n (pid $pid) still alive after ${CLUSTER_STOP_TIMEOUT}s, SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$(node_dir "$n")/kafka.pid"
}

# Ready: every node answers, all three brokers are registered, and a replicated topic, the group
# coordinator and an idempotent producer id work (scripts/kafka-wait.js), from the host.
wait_ready() {
  local timeout="$1"
  "$NODE" "$REPO_ROOT/scripts/kafka-wait.js" --brokers "$(brokers)" --timeout "$timeout" --quiet
  (cd "$REPO_ROOT" && "$NODE" -e '
    const { Kafka, logLevel } = require("kafkajs");
    const [brokers, want, timeout] = process.argv.slice(1);
    const deadline = Date.now() + Number(timeout) * 1000;
    (async () => {
      for (;;) {
        const admin = new Kafka({ brokers: brokers.split(","), logLevel: logLevel.NOTHING, connectionTimeout: 2000 }).admin();
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          if (cluster.brokers.length >= Number(want)) process.exit(0);
        } catch {}
        finally { await admin.disconnect().catch(() => {}); }
        if (Date.now() > deadline) { console.error("cluster: not all brokers registered in time"); process.exit(1); }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();' "$(brokers)" "${#NODES[@]}" "$timeout")
}

# --- commands ---------------------------------------------------------------

cmd_start() {
  local t0 n
  t0="$(now)"
  [[ "$(id -u)" == 0 ]] || die "needs root (ip netns / ip link)"
  mkdir -p "$CLUSTER_DIR"
  exec 9>"$CLUSTER_DIR/.lock"
  flock -w 300 9 || die "another cluster.sh is operating on $CLUSTER_DIR"
  bash "$REPO_ROOT/scripts/kafka.sh" jars
  net_up
  for n in "${NODES[@]}"; do launch_node "$n"; done
  wait_ready "$CLUSTER_WAIT_TIMEOUT" || die "cluster not ready after ${CLUSTER_WAIT_TIMEOUT}s (logs: $CLUSTER_DIR/node-*/kafka.out, logs/server.log)"
  log "ready in $(since "$t0")s"
  # Readiness was just proved by wait_ready; a one-off probe miss in the listing must not fail the start.
  cmd_status || true
}

cmd_stop() {
  mkdir -p "$CLUSTER_DIR"
  exec 9>"$CLUSTER_DIR/.lock"
  flock -w 300 9 || die "another cluster.sh is operating on $CLUSTER_DIR"
  local n
  for n in "${NODES[@]}"; do
    # a node cut off cannot finish a controlled shutdown: give it back its link first
    ip link show "$(veth_of "$n")" >/dev/null 2>&1 && ip link set "$(veth_of "$n")" up
    # a stopped (SIGSTOP) node would ignore SIGTERM
    if pid="$(running_pid "$n")"; then kill -CONT "$pid" 2>/dev/null || true; fi
  done
  for n in "${NODES[@]}"; do stop_node "$n" TERM & done
  wait
  net_down
  log "stopped (namespaces and bridge removed; data kept in $CLUSTER_DIR, 'reset' deletes it)"
}

cmd_status() {
  local n pid state rc=0
  printf 'KAFKA_BROKERS=%s\n' "$(brokers)"
  for n in "${NODES[@]}"; do
    pid="$(running_pid "$n" || true)"
    if [[ -n "$pid" ]] && port_open "$(addr_of "$n")" "$CLUSTER_PORT"; then
      state=up
    else
      state=down
      rc=1
    fi
    local rss=""
    [[ -n "$pid" ]] && rss="$(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || true)"
    printf 'node %s namespace=%s address=%s:%s pid=%s %s%s\n' "$n" "$(ns_of "$n")" "$(addr_of "$n")" "$CLUSTER_PORT" \
      "${pid:--}" "$state" "${rss:+ rss=$rss}"
  done
  return $rc
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset)
    cmd_stop
    rm -rf "$CLUSTER_DIR"
    log "data deleted"
    ;;
  node-start)
    valid_node "${2:-}"
    net_up
    launch_node "$2"
    ;;
  node-stop) valid_node "${2:-}" && stop_node "$2" TERM ;;
  node-kill) valid_node "${2:-}" && stop_node "$2" KILL ;;
  link)
    valid_node "${2:-}"
    [[ "${3:-}" == up || "${3:-}" == down ]] || die "usage: link N up|down"
    ip link set "$(veth_of "$2")" "$3"
    log "node $2 link $3"
    ;;
  pid) valid_node "${2:-}" && running_pid "$2" ;;
  *)
    echo "usage: bash scripts/cluster.sh start|stop|status|reset | node-start N | node-stop N | node-kill N | link N up|down | pid N" >&2
    exit 2
    ;;
esac
