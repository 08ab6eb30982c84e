#!/usr/bin/env bash
# Shared by deploy/compose/*.sh: strict mode, paths, podman's settings, logging.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COMPOSE_DIR="$ROOT/deploy/compose"
WORK="$ROOT/var/compose"
# Our own containers.conf (runc, no default ulimits) without touching /etc/containers.
export CONTAINERS_CONF="$COMPOSE_DIR/containers.conf"
BASE_IMAGE=localhost/chorus-debian:bookworm
mkdir -p "$WORK"

log() { printf '[compose %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# `timed LABEL command...`: runs it and appends "LABEL SECONDS" to var/compose/timings.txt.
timed() {
  local label="$1" start=$SECONDS
  shift
  "$@"
  printf '%s %ss\n' "$label" "$((SECONDS - start))" | tee -a "$WORK/timings.txt" >&2
}

have_image() { podman image exists "$1"; }
