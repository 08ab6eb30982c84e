#!/usr/bin/env bash
# Starts every local stand-in (each start is idempotent): Kafka, stripe-mock, Mailpit, the Twilio
# mock, PostgreSQL. Stops at the first one that fails to come up.
#   deploy/local/up.sh
source "$(dirname "$0")/lib.sh"
for service in kafka stripe-mock mailpit twilio-mock postgres; do
  "$ROOT/deploy/local/$service.sh" start
done
log "all stand-ins are up"
