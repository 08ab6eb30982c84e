#!/usr/bin/env bash
# make compose-test: docker-compose.yml run for real with podman-compose, then torn down.
#   1. builds the images (deploy/compose/images.sh), `podman-compose up`, waits for every health
#      check; 2-3. deploy/compose/test_compose.py: the thin journey and a booking through the
#      public address, Kafka and a consumer restarted mid-way, nothing lost or duplicated;
#   4. `podman-compose down -v`. KEEP=1 leaves the stack running for a look.
# podman-compose 1.0.3 (Debian) ignores depends_on conditions and profiles, and podman runs health
# checks from systemd timers, which this machine lacks: so the stack comes up in the compose
# file's dependency order, a stage at a time, and this script runs each health check itself.
source "$(dirname "$0")/lib.sh"
set -a
# shellcheck source=/dev/null
source "$COMPOSE_DIR/project.env"
set +a
PROJECT="$COMPOSE_PROJECT_NAME"
compose() { podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@" >>"$WORK/podman-compose.log" 2>&1; }
CHORUS=(recruitment scheduling payments notifications)
APP_SERVICES=()
for service in "${CHORUS[@]}"; do APP_SERVICES+=("$service-web" "$service-relay" "$service-consumer"); done

container() { podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" \
  --filter "label=com.docker.compose.service=$1"; }

# Runs each service's own health check (the compose file's) until it passes.
wait_healthy() {
  local deadline=$((SECONDS + ${HEALTH_TIMEOUT:-240})) service name
  for service in "$@"; do
    name="$(container "$service")"
    until podman healthcheck run "$name" >/dev/null 2>&1; do
      # A container that keeps crashing (restart: unless-stopped) will not get better.
      if ((SECONDS > deadline)) || (($(podman inspect --format '{{.RestartCount}}' "$name") > 2)); then
        log "$service is not healthy; its last log lines:"
        podman logs --tail 40 "$name" >&2 || true
        return 1
      fi
      sleep 2
    done
    log "$service healthy"
  done
}

teardown() {
  if [[ "${KEEP:-}" == 1 ]]; then log "KEEP=1: the stack is left running ($PROJECT)"; return; fi
  log "tearing down"
  compose down -v -t 10 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}

# What this needs beyond deploy/local/install.sh: podman with runc and its DNS, podman-compose,
# debootstrap for the base image.
missing=()
for package in podman runc podman-compose debootstrap aardvark-dns; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cd "$ROOT"
: >"$WORK/timings.txt"
: >"$WORK/podman-compose.log"
total=$SECONDS
timed "images(all)" "$COMPOSE_DIR/images.sh"
teardown  # whatever a previous, interrupted run left
trap teardown EXIT

up_start=$SECONDS
log "up: kafka, postgres"
compose up -d --no-build kafka postgres
wait_healthy kafka postgres
log "up: migrate (chorus migrate && chorus topics)"
compose up -d --no-build migrate
code="$(podman wait "$(container migrate)")"
[[ "$code" == 0 ]] || { podman logs "$(container migrate)" >&2; log "migrate exited $code"; exit 1; }
log "up: the four services' web, relay and consumer containers"
compose up -d --no-build "${APP_SERVICES[@]}"
wait_healthy "${APP_SERVICES[@]}"
log "up: proxy"
compose up -d --no-build proxy
wait_healthy proxy
printf 'up(healthy) %ss\n' "$((SECONDS - up_start))" | tee -a "$WORK/timings.txt" >&2

timed "journey+restarts" env COMPOSE_PROJECT_NAME="$PROJECT" \
  CHORUS_PUBLIC_URL="http://${CHORUS_HTTP_PORT}" \
  "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider -q -s "$COMPOSE_DIR/test_compose.py"
printf 'compose-test(total) %ss\n' "$((SECONDS - total))" | tee -a "$WORK/timings.txt" >&2
log "compose test passed; timings in var/compose/timings.txt"
