#!/usr/bin/env bash
# `make run`: the stand-ins, then all four services (web, relay, consumer each) with demo data.
#   deploy/local/run.sh start|stop
source "$(dirname "$0")/lib.sh"
export PATH="$ROOT/.venv/bin:$PATH"
load_defaults "$ROOT/deploy/local/dev.env"  # what the environment sets wins
cd "$ROOT"

start() {
  "$ROOT/deploy/local/up.sh"
  chorus migrate
  chorus topics
  start_daemon chorus honcho "${HONCHO_OPTIONS[@]}" -f deploy/local/Procfile -d "$ROOT" start
  for port in 8001 8002 8003 8004; do
    wait_for chorus 90 curl -fsS "http://127.0.0.1:$port/health/ready"
  done
  "$ROOT/deploy/local/proxy.sh" start
  chorus demo-data
  cat <<TEXT

Chorus is running (logs: var/log/chorus.log; stop with: make stop)
  Chorus (public address) http://127.0.0.1:8000
    staff sign-in         http://127.0.0.1:8000/staff/sign-in   (demo accounts above)
    a participant's link  http://127.0.0.1:8000/join/link       (try amira@example.com, then Mailpit)
  recruitment     http://127.0.0.1:8001/openapi.json   sign up: POST /api/recruitment/participants
  scheduling      http://127.0.0.1:8002/health/ready
  payments        http://127.0.0.1:8003/health/ready
  notifications   http://127.0.0.1:8004/api/notifications/outbox?to=amira@example.com
  email (Mailpit) http://127.0.0.1:8025
  Twilio mock     http://127.0.0.1:4010   (log: var/log/twilio-mock.log)
  Stripe mock     http://127.0.0.1:12111
  Kafka           127.0.0.1:9092
TEXT
}

case "${1:-start}" in
  start) start ;;
  stop) "$ROOT/deploy/local/proxy.sh" stop; stop_daemon chorus; "$ROOT/deploy/local/down.sh" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
