#!/usr/bin/env bash
# Stops every local stand-in, in the reverse of up.sh's order. Already stopped is fine, and one
# that fails to stop does not keep the rest running.
#   deploy/local/down.sh
source "$(dirname "$0")/lib.sh"
status=0
for service in postgres twilio-mock mailpit stripe-mock kafka; do
  "$ROOT/deploy/local/$service.sh" stop || { log "$service did not stop cleanly"; status=1; }
done
# The cluster suite's brokers (tests/cluster), if an interrupted run left them.
"$ROOT/deploy/local/kafka-cluster.sh" stop || { log "kafka-cluster did not stop cleanly"; status=1; }
exit "$status"
