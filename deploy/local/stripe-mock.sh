#!/usr/bin/env bash
# stripe-mock, Stripe's own mock of its API, over plain HTTP on 127.0.0.1.
#   deploy/local/stripe-mock.sh install|start|stop|status
# STRIPE_MOCK_PORT moves it off 12111.
source "$(dirname "$0")/lib.sh"
NAME=stripe-mock
VERSION=v0.203.0
PORT="${STRIPE_MOCK_PORT:-12111}"

install() {
  if [[ -x "$BIN/stripe-mock" ]]; then return 0; fi
  command -v go >/dev/null || { log "Go is needed: apt-get install -y golang-go"; exit 1; }
  log "building stripe-mock $VERSION into $BIN"
  GOBIN="$BIN" go install "github.com/stripe/stripe-mock@$VERSION"
}

start() {
  install
  if ! is_running "$NAME" && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    log "port $PORT is taken by a process this script did not start; not starting $NAME"; exit 1
  fi
  # -http-addr alone still opens HTTPS on [::]:12112 (stripe-mock only counts -http, -http-port,
  # -http-unix as "HTTP asked for"), so HTTPS is pinned to a system-chosen port on loopback.
  start_daemon "$NAME" "$BIN/stripe-mock" -http-addr "127.0.0.1:$PORT" -https-addr 127.0.0.1:0
  wait_for_port "$NAME" "$PORT" 30
  log "$NAME ready on http://127.0.0.1:$PORT"
}

case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop_daemon "$NAME" ;;
  status) is_running "$NAME" && echo "$NAME running" || echo "$NAME stopped" ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
