#!/bin/sh
# As in the Kafka distribution.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.TopicCommand "$@"
