#!/usr/bin/env bash
# The one public address: Debian's nginx in front of the four services, on 127.0.0.1:8000.
#   deploy/local/proxy.sh install|start|stop|status
# The config is deploy/nginx/chorus.conf.template, rendered into var/nginx/nginx.conf on every
# start (nginx's pid file and temp files live there too; its log is var/log/proxy.log).
# PROXY_PORT moves it off 8000; RECRUITMENT_UPSTREAM, SCHEDULING_UPSTREAM, PAYMENTS_UPSTREAM,
# NOTIFICATIONS_UPSTREAM (host:port) point it elsewhere than 127.0.0.1:8001..8004; PROXY_NAME
# runs a second instance beside the first (its files in var/nginx-NAME, log var/log/NAME.log).
# PROXY_SEND_RATE and PROXY_SEND_BURST set the per-address limit on sending and sign-in POSTs
# (10r/m and 10; docs/operations.md).
source "$(dirname "$0")/lib.sh"
NAME="${PROXY_NAME:-proxy}"
PORT="${PROXY_PORT:-8000}"
DIR="$VAR/nginx"
[[ "$NAME" == proxy ]] || DIR="$VAR/nginx-$NAME"
TEMPLATE="$ROOT/deploy/nginx/chorus.conf.template"

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

install() {
  local wanted=()
  [[ -x "$(nginx_bin)" ]] || wanted+=(nginx)
  command -v envsubst >/dev/null || wanted+=(gettext-base)
  ((${#wanted[@]})) || return 0
  log "installing Debian packages: ${wanted[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${wanted[@]}" >/dev/null
  # Debian starts a system nginx on port 80 where systemd runs; Chorus does not use it.
  if [[ " ${wanted[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null \
    && systemctl is-active --quiet nginx 2>/dev/null; then
    log "stopping and disabling the system nginx service the package started (Chorus runs its own)"
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
}

render() {
  mkdir -p "$DIR/tmp"
  LISTEN="127.0.0.1:$PORT" \
    RECRUITMENT="${RECRUITMENT_UPSTREAM:-127.0.0.1:8001}" \
    SCHEDULING="${SCHEDULING_UPSTREAM:-127.0.0.1:8002}" \
    PAYMENTS="${PAYMENTS_UPSTREAM:-127.0.0.1:8003}" \
    NOTIFICATIONS="${NOTIFICATIONS_UPSTREAM:-127.0.0.1:8004}" \
    NHSUK_DIST="$ROOT/node_modules/nhsuk-frontend/dist/nhsuk" \
    CHORUS_STATIC="$ROOT/shared/pages/static" \
    SEND_RATE="${PROXY_SEND_RATE:-10r/m}" SEND_BURST="${PROXY_SEND_BURST:-10}" \
    envsubst '${LISTEN} ${RECRUITMENT} ${SCHEDULING} ${PAYMENTS} ${NOTIFICATIONS} ${NHSUK_DIST} ${CHORUS_STATIC} ${SEND_RATE} ${SEND_BURST}' \
    <"$TEMPLATE" >"$DIR/nginx.conf.new"
  # Refuse a config nginx would not load, before it replaces the one in use. Its stdout goes to
  # the log as under start_daemon: the config's access_log /dev/stdout is opened by the test.
  if ! "$(nginx_bin)" -t -q -p "$DIR/" -c "$DIR/nginx.conf.new" -g 'daemon off;' \
    >>"$LOGS/$NAME.log" 2>&1; then
    log "nginx refused the rendered config $DIR/nginx.conf.new; see $LOGS/$NAME.log"
    tail -n 5 "$LOGS/$NAME.log" >&2
    exit 1
  fi
  mv "$DIR/nginx.conf.new" "$DIR/nginx.conf"
}

start() {
  install
  refuse_taken_ports "$NAME" "$PORT"
  [[ -d "$ROOT/node_modules/nhsuk-frontend/dist/nhsuk" ]] \
    || log "warning: node_modules/nhsuk-frontend is missing (deploy/local/install.sh installs it); /assets/nhsuk/ will 404"
  render
  if is_running "$NAME"; then
    log "$NAME already running; reloading its config"
    kill -HUP "$(cat "$RUN/$NAME.pid")"
  else
    start_daemon "$NAME" "$(nginx_bin)" -p "$DIR/" -c "$DIR/nginx.conf" -g 'daemon off;'
  fi
  wait_for "$NAME" 30 curl -fsS "http://127.0.0.1:$PORT/proxy/health"
  log "$NAME ready on http://127.0.0.1:$PORT"
}

commands "$NAME" "${1:-start}"
