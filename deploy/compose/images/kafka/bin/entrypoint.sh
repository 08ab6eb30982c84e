#!/bin/sh
# Like apache/kafka's image: every KAFKA_* variable (bar the JVM ones) becomes a server property,
# KAFKA_FOO_BAR=x -> foo.bar=x (`__` -> `_`, `___` -> `-`); the storage is formatted with
# CLUSTER_ID on first start; then the broker runs in the foreground.
set -eu
CONFIG=/opt/kafka/config/server.properties
env | grep '^KAFKA_' | grep -vE '^KAFKA_(HEAP_OPTS|OPTS|JVM_PERFORMANCE_OPTS|LOG4J_OPTS|JMX_OPTS)=' |
  while IFS='=' read -r name value; do
    key=$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' |
      sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
    printf '%s=%s\n' "$key" "$value"
  done >"$CONFIG"
data_dir=$(sed -n 's/^log\.dirs=//p' "$CONFIG")
if [ ! -f "${data_dir:-/var/lib/kafka/data}/meta.properties" ]; then
  /opt/kafka/bin/kafka-run-class.sh kafka.tools.StorageTool format --ignore-formatted \
    -t "${CLUSTER_ID:?set CLUSTER_ID}" -c "$CONFIG"
fi
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$CONFIG"
