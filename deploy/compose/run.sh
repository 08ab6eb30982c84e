#!/usr/bin/env bash
# make compose-test: docker-compose.yml run for real with podman-compose, then torn down; then
# the same with docker-compose.scale.yml on top (three Kafka brokers), then torn down.
#   1. builds the images (deploy/compose/images.sh); 2. one broker: `podman-compose up`, every
#      health check, deploy/compose/test_compose.py (the thin journey and a booking through the
#      public address; Kafka and a consumer restarted mid-way, nothing lost or duplicated);
#   3. three brokers: up again from empty volumes, deploy/compose/test_compose_scale.py (one broker
#      stopped mid-way and started again, nothing lost or duplicated); `podman-compose down -v`.
# KEEP=1 leaves the last stack running for a look; STACKS="single" or "scale" runs only one.
# podman-compose 1.0.3 (Debian) ignores depends_on conditions and profiles, and podman runs health
# checks from systemd timers, which this machine lacks: so the stack comes up in the compose
# file's dependency order, a stage at a time, and this script runs each health check itself.
source "$(dirname "$0")/lib.sh"
set -a
# shellcheck source=/dev/null
source "$COMPOSE_DIR/project.env"
set +a
PROJECT="$COMPOSE_PROJECT_NAME"
FILES=(-f "$ROOT/docker-compose.yml")
compose() { podman-compose -p "$PROJECT" "${FILES[@]}" "$@" >>"$WORK/podman-compose.log" 2>&1; }
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

# Every container's log, kept for a failed run (var/compose/logs/<stack>/<service>.log).
save_logs() {
  local dir="$WORK/logs/$1" name
  rm -rf "$dir" && mkdir -p "$dir"
  for name in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT"); do
    podman logs "$name" >"$dir/${name#"${PROJECT}"_}.log" 2>&1 || true
  done
}

down() {
  log "tearing down"
  compose down -v -t 10 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}

teardown() {
  if [[ "${KEEP:-}" == 1 ]]; then log "KEEP=1: the stack is left running ($PROJECT)"; return; fi
  down
}

# `stack NAME BROKER... -- TEST_FILE`: up from empty volumes, a stage at a time, then the test.
stack() {
  local name="$1" brokers=() up_start=$SECONDS status=0
  shift
  while [[ "$1" != -- ]]; do brokers+=("$1"); shift; done
  local test_file="$2"
  down  # whatever ran before (the other stack, KEEP=1, an interrupted run): every stack starts empty
  log "[$name] up: ${brokers[*]}, postgres"
  compose up -d --no-build "${brokers[@]}" postgres
  wait_healthy "${brokers[@]}" postgres
  log "[$name] up: migrate (chorus migrate && chorus topics)"
  compose up -d --no-build migrate
  code="$(podman wait "$(container migrate)")"
  [[ "$code" == 0 ]] || { podman logs "$(container migrate)" >&2; log "migrate exited $code"; return 1; }
  log "[$name] up: the four services' web, relay and consumer containers"
  compose up -d --no-build "${APP_SERVICES[@]}"
  wait_healthy "${APP_SERVICES[@]}"
  log "[$name] up: proxy"
  compose up -d --no-build proxy
  wait_healthy proxy
  printf '%s:up(healthy) %ss\n' "$name" "$((SECONDS - up_start))" | tee -a "$WORK/timings.txt" >&2
  timed "$name:tests" env COMPOSE_PROJECT_NAME="$PROJECT" \
    CHORUS_PUBLIC_URL="http://${CHORUS_HTTP_PORT}" \
    "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider -q -s "$COMPOSE_DIR/$test_file" || status=$?
  save_logs "$name"
  return "$status"
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
trap teardown EXIT

if [[ "${STACKS:-single scale}" == *single* ]]; then
  stack single kafka -- test_compose.py
fi
if [[ "${STACKS:-single scale}" == *scale* ]]; then
  FILES+=(-f "$ROOT/docker-compose.scale.yml")
  stack scale kafka kafka-2 kafka-3 -- test_compose_scale.py
fi
printf 'compose-test(total) %ss\n' "$((SECONDS - total))" | tee -a "$WORK/timings.txt" >&2
log "compose test passed; timings in var/compose/timings.txt, logs in var/compose/logs/"
