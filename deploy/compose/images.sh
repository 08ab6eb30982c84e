#!/usr/bin/env bash
# Builds every image docker-compose.yml needs, locally: the Debian base, stand-ins for the
# official images (Python, nginx, Kafka, PostgreSQL), the Python wheels and the NHS.UK frontend
# assets made on the host, then Chorus's own two images from deploy/docker/Dockerfile.
source "$(dirname "$0")/lib.sh"
IMAGES="$COMPOSE_DIR/images"
build() { podman build --quiet --format docker "$@" >/dev/null; }

timed "image:base" "$COMPOSE_DIR/base.sh"

# Stand-ins for the official images, named as compose.env selects them.
timed "image:python" build -t localhost/chorus-standin/python:3.11 -f "$IMAGES/python.Containerfile" "$IMAGES"
timed "image:nginx" build -t localhost/chorus-standin/nginx:1 -f "$IMAGES/nginx.Containerfile" "$IMAGES"
timed "image:postgres" build -t localhost/chorus-standin/postgres:15 -f "$IMAGES/postgres.Containerfile" "$IMAGES"

# Kafka: the same Maven Central jars as deploy/local/kafka.sh, plus kafka-tools.
kafka_ctx="$WORK/kafka-context"
if [[ ! -f "$kafka_ctx/libs/.complete" ]]; then
  rm -rf "$kafka_ctx/libs"
  mvn -q -B -f "$COMPOSE_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$kafka_ctx/libs"
  touch "$kafka_ctx/libs/.complete"
fi
rm -rf "$kafka_ctx/bin" && cp -r "$IMAGES/kafka/bin" "$IMAGES/kafka/log4j2.yaml" "$kafka_ctx/"
timed "image:kafka" build -t localhost/chorus-standin/kafka:4.3.1 -f "$IMAGES/kafka.Containerfile" "$kafka_ctx"

# The Dockerfile's wheels stage, made on the host: pip wheel with the venv's Python (3.11, as in
# the image) from requirements.lock, hashes checked, then copied in and installed with --no-index.
wheels="$WORK/wheels"
mkdir -p "$wheels"
cp "$ROOT/requirements.lock" "$wheels/requirements.lock"
timed "wheels(host)" "$ROOT/.venv/bin/pip" wheel -q --require-hashes --wheel-dir "$wheels" \
  -r "$wheels/requirements.lock"
timed "image:wheels" build -t localhost/chorus-stage/wheels:local -f "$IMAGES/wheels.Containerfile" "$wheels"

# The Dockerfile's assets stage: the NHS.UK frontend npm ci installed (package-lock.json pins it).
[[ -d "$ROOT/node_modules/nhsuk-frontend/dist/nhsuk" ]] || (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
timed "image:assets" build -t localhost/chorus-stage/assets:local -f "$IMAGES/assets.Containerfile" \
  "$ROOT/node_modules/nhsuk-frontend/dist"

# Chorus's own images, from the operators' Dockerfile, with the stand-ins as its bases.
args=(--build-arg PYTHON_IMAGE=localhost/chorus-standin/python:3.11
  --build-arg NGINX_IMAGE=localhost/chorus-standin/nginx:1
  --build-arg WHEELS_STAGE=localhost/chorus-stage/wheels:local
  --build-arg ASSETS_STAGE=localhost/chorus-stage/assets:local)
# The working tree by default; COMPOSE_TEST_SOURCE=head builds the last commit instead (a
# shared checkout may hold someone's half-made change).
context="$ROOT"
if [[ "${COMPOSE_TEST_SOURCE:-}" == head ]]; then
  context="$WORK/source"
  rm -rf "$context" && mkdir -p "$context"
  git -C "$ROOT" archive HEAD | tar -x -C "$context"
  log "building Chorus from HEAD ($(git -C "$ROOT" rev-parse --short HEAD))"
fi
args+=(-f "$context/deploy/docker/Dockerfile")
timed "image:chorus" build "${args[@]}" --target app -t localhost/chorus:local "$context"
timed "image:chorus-proxy" build "${args[@]}" --target proxy -t localhost/chorus-proxy:local "$context"
log "images built"
