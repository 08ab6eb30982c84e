#!/usr/bin/env bash
# Locks the Python dependencies, every file by its hash (README: "Changing a dependency"):
#   requirements-dev.lock  runtime + dev: deploy/local/install.sh, so make test and CI
#   requirements.lock      runtime only, the same versions: deploy/docker/Dockerfile
# Pins stay where they are unless pyproject.toml moves them, or you ask:
#   deploy/local/lock.sh [--upgrade-package NAME ...]
source "$(dirname "$0")/lib.sh"
UV_VERSION=0.13.9

uv_tool() {  # a uv of its own in var/tools, not in .venv: locking is not running
  local venv="$VAR/tools/uv-$UV_VERSION"
  if [[ ! -x "$venv/bin/uv" ]]; then
    log "installing uv $UV_VERSION into $venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install -q "uv==$UV_VERSION"
  fi
  echo "$venv/bin/uv"
}

compile() {
  (cd "$ROOT" && "$UV" pip compile --quiet --generate-hashes --universal --python-version 3.11 \
    --custom-compile-command "deploy/local/lock.sh" pyproject.toml "$@")
}

UV="$(uv_tool)"
compile --extra dev -o requirements-dev.lock "$@"
compile --constraint requirements-dev.lock -o requirements.lock
log "locked: requirements-dev.lock, requirements.lock"
