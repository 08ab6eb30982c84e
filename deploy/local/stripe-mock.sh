#!/usr/bin/env bash
# stripe-mock, Stripe's own mock of its API, over plain HTTP on 127.0.0.1.
#   deploy/local/stripe-mock.sh install|start|stop|status
# STRIPE_MOCK_PORT moves it off 12111.
source "$(dirname "$0")/lib.sh"
NAME=stripe-mock
VERSION=v0.203.0
PORT="${STRIPE_MOCK_PORT:-12111}"

install() { go_install stripe-mock github.com/stripe/stripe-mock "$VERSION"; }

start() {
  install
  refuse_taken_ports "$NAME" "$PORT"
  # -http-addr alone still opens HTTPS on [::]:12112 (stripe-mock only counts -http, -http-port,
  # -http-unix as "HTTP asked for"), so HTTPS is pinned to a system-chosen port on loopback.
  start_daemon "$NAME" "$BIN/stripe-mock" -http-addr "127.0.0.1:$PORT" -https-addr 127.0.0.1:0
  wait_for_port "$NAME" "$PORT" 30
  log "$NAME ready on http://127.0.0.1:$PORT"
}

commands "$NAME" "${1:-start}"
