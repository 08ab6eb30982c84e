#!/usr/bin/env bash
# Prism serving Twilio's own OpenAPI spec (API 2010) on 127.0.0.1:4010: static examples from the
# spec, requests validated against it (a missing `To` gets 422, no Basic auth gets 401; any
# credentials pass). Each request is logged to var/log/twilio-mock.log:
#   [6:14:49 PM] › [HTTP SERVER] post /2010-04-01/Accounts/AC…/Messages.json ℹ  info      Request received
# TWILIO_MOCK_LOG_LEVEL=debug also logs each request's headers and form body (the To number).
#   deploy/local/twilio-mock.sh install|start|stop|status
# TWILIO_MOCK_PORT moves it off 4010.
source "$(dirname "$0")/lib.sh"
NAME=twilio-mock
PORT="${TWILIO_MOCK_PORT:-4010}"
LOG_LEVEL="${TWILIO_MOCK_LOG_LEVEL:-info}"
PRISM="$ROOT/node_modules/.bin/prism"
SPEC="$ROOT/node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json"

install() {
  if [[ -x "$PRISM" && -f "$SPEC" ]]; then return 0; fi
  command -v npm >/dev/null || { log "npm is needed: apt-get install -y nodejs npm"; exit 1; }
  log "installing npm tools (Prism, Twilio's OpenAPI spec)"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
}

start() {
  install
  refuse_taken_ports "$NAME" "$PORT"
  start_daemon "$NAME" "$PRISM" mock -h 127.0.0.1 -p "$PORT" -v "$LOG_LEVEL" "$SPEC"
  # Prism opens its port only once the spec is loaded, so an open port means it answers; probing
  # with HTTP instead would put a 401 in the log that tests read.
  wait_for_port "$NAME" "$PORT" 60
  log "$NAME ready on http://127.0.0.1:$PORT"
}

commands "$NAME" "${1:-start}"
