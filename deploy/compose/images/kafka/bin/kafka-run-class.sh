#!/bin/sh
# The official distribution's launcher, reduced to what the stand-in image needs.
set -eu
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$@"
