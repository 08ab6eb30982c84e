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

install() {
  if [[ -x "$BIN/mailpit" ]]; then return 0; fi
  command -v go >/dev/null || { log "Go is needed: apt-get install -y golang-go"; exit 1; }
  log "building mailpit $VERSION into $BIN"
  GOBIN="$BIN" go install "github.com/axllent/mailpit@$VERSION"
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  install
  if ! is_running "$NAME"; then
    for port in "$SMTP_PORT" "$HTTP_PORT"; do
      if port_taken "$port"; then
        log "port $port is taken by a process this script did not start; not starting $NAME"; exit 1
      fi
    done
  fi
  mkdir -p "$DIR"
  start_daemon "$NAME" "$BIN/mailpit" \
    --database "$DIR/mailpit.db" \
    --smtp "127.0.0.1:$SMTP_PORT" --listen "127.0.0.1:$HTTP_PORT" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --disable-version-check
  wait_for "$NAME" 30 curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/messages"
  log "$NAME ready: SMTP 127.0.0.1:$SMTP_PORT, UI http://127.0.0.1:$HTTP_PORT"
}

case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop_daemon "$NAME" ;;
  status) is_running "$NAME" && echo "$NAME running" || echo "$NAME stopped" ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
