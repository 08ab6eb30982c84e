# Helpers shared by the deploy/local scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VAR="${CHORUS_VAR:-$ROOT/var}"
BIN="$VAR/bin"
LOGS="$VAR/log"
RUN="$VAR/run"
mkdir -p "$BIN" "$LOGS" "$RUN"

log() { printf '[chorus] %s\n' "$*" >&2; }

# is_running NAME: true when the pid file names a live process
is_running() {
  local pidfile="$RUN/$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# start_daemon NAME CMD...: start CMD in its own session, logging to var/log/NAME.log
start_daemon() {
  local name="$1"; shift
  if is_running "$name"; then log "$name already running"; return 0; fi
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN/$name.pid"
}

# stop_daemon NAME: TERM the process group, then KILL it if it lingers
stop_daemon() {
  local name="$1" pidfile="$RUN/$1.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# wait_for NAME SECONDS CMD...: retry CMD until it succeeds or time runs out
wait_for() {
  local name="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "$name did not become ready in ${secs}s; see $LOGS/$name.log"
      tail -n 30 "$LOGS/$name.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

wait_for_port() { wait_for "$1" "$3" bash -c "exec 3<>/dev/tcp/127.0.0.1/$2"; }

# go_install TOOL MODULE VERSION: build a pinned Go tool into var/bin, again only when the pin moves
go_install() {
  local tool="$1" module="$2" version="$3" stamp="$BIN/.$1-$3"
  if [[ -x "$BIN/$tool" && -f "$stamp" ]]; then return 0; fi
  command -v go >/dev/null || { log "Go is needed: apt-get install -y golang-go"; exit 1; }
  log "building $tool $version into $BIN"
  GOBIN="$BIN" go install "$module@$version"
  rm -f "$BIN/.$tool-"*
  touch "$stamp"
}

# refuse_taken_ports NAME PORT...: a port held by something we did not start would fool the
# readiness check, so say so and stop instead
refuse_taken_ports() {
  local name="$1"; shift
  is_running "$name" && return 0
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is taken by a process this script did not start; not starting $name"; exit 1
    fi
  done
}

# commands NAME ACTION: the install|start|stop|status verbs of every script; the caller defines
# install() and start()
commands() {
  local name="$1" action="${2:-start}"
  case "$action" in
    install) install ;;
    start) start ;;
    stop) stop_daemon "$name" ;;
    status) is_running "$name" && echo "$name running" || echo "$name stopped" ;;
    *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
  esac
}

# load_defaults FILE: export each NAME=value line of FILE whose NAME the environment does not set
# already, so that `TWILIO_AUTH_TOKEN=… make run` wins over deploy/local/dev.env (twelve-factor).
# Values are taken literally, as honcho and docker compose read such files: no quotes, no $.
load_defaults() {
  local line name
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue  # comments, blank lines
    name="${line%%=*}"
    [[ -v "$name" ]] || export "$line"
  done <"$1"
}

# honcho's options for deploy/local/Procfile: honcho reads .env from its app root by default and
# lets it override the environment; --env /dev/null leaves the environment as load_defaults made it.
HONCHO_OPTIONS=(--no-colour --env /dev/null)
