#!/usr/bin/env bash
# Mailpit, the stand-in SMTP server: SMTP on 127.0.0.1:1025, web UI and API on 127.0.0.1:8025.
#   deploy/local/mailpit.sh install|start|stop|status
# Any SMTP login (or none) is accepted, without TLS. Mail is kept in var/mailpit/mailpit.db, so it
# survives restarts; tests clear it with DELETE /api/v1/messages.
# MAILPIT_SMTP_PORT / MAILPIT_HTTP_PORT move it off 1025 / 8025.
source "$(dirname "$0")/lib.sh"
NAME=mailpit
VERSION=v1.33.1
SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
DIR="$VAR/mailpit"

install() { go_install mailpit github.com/axllent/mailpit "$VERSION"; }

start() {
  install
  refuse_taken_ports "$NAME" "$SMTP_PORT" "$HTTP_PORT"
  mkdir -p "$DIR"
  start_daemon "$NAME" "$BIN/mailpit" \
    --database "$DIR/mailpit.db" \
    --smtp "127.0.0.1:$SMTP_PORT" --listen "127.0.0.1:$HTTP_PORT" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --disable-version-check
  wait_for "$NAME" 30 curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/messages"
  log "$NAME ready: SMTP 127.0.0.1:$SMTP_PORT, UI http://127.0.0.1:$HTTP_PORT"
}

commands "$NAME" "${1:-start}"
