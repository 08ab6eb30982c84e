#!/usr/bin/env bash
# Debian's PostgreSQL, a private development cluster: 127.0.0.1:5433 only (never the system
# cluster's 5432), trust auth for user `chorus`, data in var/postgres/data, unix socket in
# var/postgres/run, log in var/log/postgres.log. Databases: chorus_test and one per service.
#   deploy/local/postgres.sh install|start|stop|status
# POSTGRES_PORT moves it off 5433.
source "$(dirname "$0")/lib.sh"
NAME=postgres
PORT="${POSTGRES_PORT:-5433}"
USER_NAME=chorus
DATABASES=(chorus_test recruitment scheduling payments notifications)
DIR="$VAR/postgres"
PGDATA="$DIR/data"
SOCKETS="$DIR/run"
LOGFILE="$LOGS/$NAME.log"

install() {
  if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then return 0; fi
  log "installing PostgreSQL from Debian"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
}

# The binaries of the version that made the cluster, else the newest installed.
pg_bin() {
  if [[ -f "$PGDATA/PG_VERSION" && -x "/usr/lib/postgresql/$(cat "$PGDATA/PG_VERSION")/bin/pg_ctl" ]]; then
    echo "/usr/lib/postgresql/$(cat "$PGDATA/PG_VERSION")/bin"
  else
    dirname "$(printf '%s\n' /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)"
  fi
}

# PostgreSQL refuses to run as root, so as root the server side runs as the `postgres` user.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The postgres user needs search (x) permission on every directory above var/postgres. Grant
# it only where it is missing (o+x: enter, not list), so the cluster stays under var/ with
# everything else.
let_postgres_reach() {
  [[ $(id -u) -eq 0 ]] || return 0
  local path="" part parts
  IFS=/ read -ra parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    [[ -n "$part" ]] || continue
    path="$path/$part"
    if ! as_pg test -x "$path"; then
      log "letting the postgres user through $path (chmod o+x)"
      chmod o+x "$path"
    fi
  done
}

running() { [[ -f "$PGDATA/PG_VERSION" ]] && as_pg "$(pg_bin)/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }

setup() {
  let_postgres_reach "$VAR"
  mkdir -p "$DIR"
  touch "$LOGFILE"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$DIR" "$LOGFILE"
    command install -d -o postgres -g postgres -m 700 "$PGDATA"
    command install -d -o postgres -g postgres -m 755 "$SOCKETS"
  else
    command install -d -m 700 "$PGDATA"
    command install -d -m 755 "$SOCKETS"
  fi
  if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "creating the cluster in $PGDATA"
    as_pg "$(pg_bin)/initdb" -D "$PGDATA" --auth=trust --username="$USER_NAME" \
      --encoding=UTF8 --locale=C.UTF-8 >>"$LOGFILE" 2>&1
    echo "include_if_exists = 'chorus.conf'" >>"$PGDATA/postgresql.conf"
  fi
  # Rewritten on every start, so POSTGRES_PORT and a moved var/ take effect.
  cat >"$PGDATA/chorus.conf" <<CONF
# Written by deploy/local/postgres.sh on every start; edits here are lost.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKETS'
CONF
  [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$PGDATA/chorus.conf"
}

create_databases() {
  local bin db
  bin="$(pg_bin)"
  for db in "${DATABASES[@]}"; do
    if [[ -z "$("$bin/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -Atc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      log "creating database $db"
      "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$db"
    fi
  done
}

start() {
  install
  if running; then
    log "$NAME already running"
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      log "port $PORT is taken by a process this script did not start; not starting $NAME"; exit 1
    fi
    setup
    as_pg "$(pg_bin)/pg_ctl" start -D "$PGDATA" -l "$LOGFILE" -w -t 60 >/dev/null
  fi
  wait_for "$NAME" 60 "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PORT"
  create_databases
  log "$NAME ready: postgresql://$USER_NAME@127.0.0.1:$PORT/chorus_test"
}

stop() {
  if running; then as_pg "$(pg_bin)/pg_ctl" stop -D "$PGDATA" -m fast -w >/dev/null; fi
}

case "${1:-start}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) running && echo "$NAME running" || echo "$NAME stopped" ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
