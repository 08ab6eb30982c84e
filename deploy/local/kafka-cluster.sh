#!/usr/bin/env bash
# A local three-broker Apache Kafka cluster (KRaft, each node broker and controller, three
# voters) on 127.0.0.1, from the same Maven jars as deploy/local/kafka.sh. For the cluster suite
# (tests/cluster) and for trying replication by hand; `make run` keeps its single broker.
#   deploy/local/kafka-cluster.sh install|start|stop|status|reset [NODE]
# start: every node not running (or only NODE: 1, 2 or 3), then waits until all answer.
# stop: every node, or NODE. reset: stop all and delete their data (a fresh cluster next start).
# Ports: node N listens on KAFKA_CLUSTER_PORT + 100*(N-1) (default 19092, 19192, 19292) and its
# controller on the next port up. Data in var/kafka-cluster/N, logs in var/log/kafka-cluster-N.log.
source "$(dirname "$0")/lib.sh"
BASE_PORT="${KAFKA_CLUSTER_PORT:-19092}"
NODES=(1 2 3)
LIB="$VAR/kafka/lib"
CP="$LIB/*"
DIR="$VAR/kafka-cluster"
# Three JVMs on a small machine: a small heap each.
JAVA_OPTS=(-Xms128m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$ROOT/deploy/local/kafka/log4j2.yaml")

port_of() { echo $((BASE_PORT + 100 * ($1 - 1))); }
name_of() { echo "kafka-cluster-$1"; }
voters() {
  local node list=()
  for node in "${NODES[@]}"; do list+=("$node@127.0.0.1:$(($(port_of "$node") + 1))"); done
  local IFS=,; echo "${list[*]}"
}
bootstrap() {
  local node list=()
  for node in "${NODES[@]}"; do list+=("127.0.0.1:$(port_of "$node")"); done
  local IFS=,; echo "${list[*]}"
}

install() { "$ROOT/deploy/local/kafka.sh" install; }

ready() { "$ROOT/.venv/bin/python" -m shared.bus.wait_for_broker "127.0.0.1:$(port_of "$1")" --timeout 2; }

# One cluster id for all three nodes, made once and kept with the data.
cluster_id() {
  mkdir -p "$DIR"
  [[ -f "$DIR/cluster.id" ]] || java -cp "$CP" kafka.tools.StorageTool random-uuid >"$DIR/cluster.id"
  cat "$DIR/cluster.id"
}

start_node() {
  local node="$1" name port data
  name="$(name_of "$node")"; port="$(port_of "$node")"; data="$DIR/$node/data"
  is_running "$name" && return 0
  refuse_taken_ports "$name" "$port" "$((port + 1))"
  mkdir -p "$data"
  sed -e "s#@NODE_ID@#$node#g" -e "s#@VOTERS@#$(voters)#g" -e "s#@PORT@#$port#g" \
    -e "s#@CONTROLLER_PORT@#$((port + 1))#g" -e "s#@DATA_DIR@#$data#g" \
    "$ROOT/deploy/local/kafka/cluster.properties.in" >"$DIR/$node/server.properties"
  if [[ ! -f "$data/meta.properties" ]]; then
    java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format -t "$(cluster_id)" \
      -c "$DIR/$node/server.properties" >>"$LOGS/$name.log" 2>&1
  fi
  start_daemon "$name" java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$DIR/$node/server.properties"
}

start() {
  install
  local node wanted=("${NODES[@]}")
  [[ -n "${NODE:-}" ]] && wanted=("$NODE")
  for node in "${wanted[@]}"; do start_node "$node"; done
  # A node answers only once a quorum of controllers has elected a leader: wait for them together.
  for node in "${wanted[@]}"; do wait_for "$(name_of "$node")" 120 ready "$node"; done
  log "kafka cluster ready: $(bootstrap)"
}

stop() {
  local node wanted=("${NODES[@]}")
  [[ -n "${NODE:-}" ]] && wanted=("$NODE")
  for node in "${wanted[@]}"; do stop_daemon "$(name_of "$node")"; done
}

status() {
  local node
  for node in "${NODES[@]}"; do
    is_running "$(name_of "$node")" && echo "$(name_of "$node") running on $(port_of "$node")" \
      || echo "$(name_of "$node") stopped"
  done
}

NODE="${2:-}"
if [[ -n "$NODE" && ! " ${NODES[*]} " =~ " $NODE " ]]; then
  echo "NODE is 1, 2 or 3, not $NODE" >&2; exit 2
fi
case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  bootstrap) bootstrap ;;
  reset) NODE=""; stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 install|start|stop|status|bootstrap|reset [NODE]" >&2; exit 2 ;;
esac
