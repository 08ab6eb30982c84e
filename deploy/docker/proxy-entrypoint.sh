#!/bin/sh
# Render deploy/nginx/chorus.conf.template with the container's addresses and run nginx in the
# foreground, with its prefix directory (pid file, temp files) in /run/chorus-proxy.
set -eu
DIR=/run/chorus-proxy
mkdir -p "$DIR/tmp"
export LISTEN="${LISTEN:-0.0.0.0:8000}"
export RECRUITMENT="${RECRUITMENT:-recruitment-web:8001}"
export SCHEDULING="${SCHEDULING:-scheduling-web:8002}"
export PAYMENTS="${PAYMENTS:-payments-web:8003}"
export NOTIFICATIONS="${NOTIFICATIONS:-notifications-web:8004}"
export NHSUK_DIST=/srv/chorus/nhsuk
export CHORUS_STATIC=/srv/chorus/static
export SEND_RATE="${SEND_RATE:-10r/m}"
export SEND_BURST="${SEND_BURST:-10}"
envsubst '${LISTEN} ${RECRUITMENT} ${SCHEDULING} ${PAYMENTS} ${NOTIFICATIONS} ${NHSUK_DIST} ${CHORUS_STATIC} ${SEND_RATE} ${SEND_BURST}' \
  </etc/chorus/chorus.conf.template >"$DIR/nginx.conf"
exec nginx -p "$DIR/" -c "$DIR/nginx.conf" -g 'daemon off;'
