#!/usr/bin/env bash
# Real single-node Apache Kafka (KRaft) on 127.0.0.1, from Maven Central jars.
#   deploy/local/kafka.sh install|start|stop|status
# KAFKA_PORT / KAFKA_NAME let tests run a second, private broker.
source "$(dirname "$0")/lib.sh"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
NAME="${KAFKA_NAME:-kafka}"
LIB="$VAR/kafka/lib"
DIR="$VAR/$NAME"
CP="$LIB/*"
JAVA_OPTS=(-Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$ROOT/deploy/local/kafka/log4j2.yaml")

install() {
  if [[ -f "$LIB/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven is needed: apt-get install -y maven"; exit 1; }
  log "resolving Kafka jars from Maven Central"
  rm -rf "$LIB"
  mvn -q -B -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB"
  touch "$LIB/.complete"
}

ready() { "$ROOT/.venv/bin/python" -m shared.bus.wait_for_broker "127.0.0.1:$PORT" --timeout 2; }

start() {
  install
  mkdir -p "$DIR/data"
  sed -e "s#@PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$DIR/data#g" \
    "$ROOT/deploy/local/kafka/server.properties.in" >"$DIR/server.properties"
  if [[ ! -f "$DIR/data/meta.properties" ]]; then
    java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format \
      -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" -c "$DIR/server.properties" >>"$LOGS/$NAME.log" 2>&1
  fi
  start_daemon "$NAME" java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$DIR/server.properties"
  wait_for "$NAME" 90 ready
  log "$NAME ready on 127.0.0.1:$PORT"
}

commands "$NAME" "${1:-start}"
