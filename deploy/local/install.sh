#!/usr/bin/env bash
# Installs everything Chorus needs on a fresh machine, and nothing twice:
# Debian packages, the Python virtualenv, the npm tools, the Go-built stand-ins, the Kafka jars.
source "$(dirname "$0")/lib.sh"

apt_install() {
  log "installing Debian packages: $*"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

system_packages() {
  local wanted=()
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || wanted+=(postgresql)
  command -v java >/dev/null || wanted+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || wanted+=(maven)
  command -v npm >/dev/null || wanted+=(nodejs npm)
  command -v go >/dev/null || wanted+=(golang-go)
  command -v curl >/dev/null || wanted+=(curl)
  # The browser tests drive Debian's Chromium with Playwright (never `playwright install`).
  [[ -x /usr/bin/chromium ]] || wanted+=(chromium)
  # Recruitment's posters are drawn in DejaVu Sans (it has £, Welsh letters and curly quotes).
  [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]] || wanted+=(fonts-dejavu-core)
  if ((${#wanted[@]})); then apt_install "${wanted[@]}"; fi
  # tests/contract/test_compose_file.py runs `docker-compose config`, which needs no engine:
  # leave out the docker.io engine it recommends.
  command -v docker-compose >/dev/null || apt_install --no-install-recommends docker-compose
}

python_env() {
  # The virtualenv gets requirements-dev.lock's versions (hash-checked), then the project itself.
  # The stamp keeps what it was made from: a changed lock or pyproject.toml installs again.
  local stamp="$ROOT/.venv/.installed" lock="$ROOT/requirements-dev.lock" made_from
  made_from="$(cat "$lock" "$ROOT/pyproject.toml" | sha256sum)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$made_from" ]]; then return 0; fi
  log "installing the Python environment in .venv from requirements-dev.lock"
  local python
  python="$(command -v python3.11 || command -v python3)"
  [[ -x "$ROOT/.venv/bin/python" ]] || "$python" -m venv "$ROOT/.venv"
  "$ROOT/.venv/bin/pip" install -q --require-hashes -r "$lock"
  "$ROOT/.venv/bin/pip" install -q --no-deps -e "$ROOT"
  echo "$made_from" >"$stamp"
}

node_tools() {
  local stamp="$ROOT/node_modules/.installed"
  if [[ -f "$stamp" && "$stamp" -nt "$ROOT/package-lock.json" ]]; then return 0; fi
  log "installing npm tools (Prism, Twilio's OpenAPI spec)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
}

system_packages
python_env
node_tools
"$ROOT/deploy/local/kafka.sh" install
"$ROOT/deploy/local/stripe-mock.sh" install
"$ROOT/deploy/local/mailpit.sh" install
"$ROOT/deploy/local/twilio-mock.sh" install
"$ROOT/deploy/local/proxy.sh" install
log "everything is installed"
