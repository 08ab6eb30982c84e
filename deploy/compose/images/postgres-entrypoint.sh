#!/bin/sh
# Like the official postgres image's entrypoint: on an empty data directory, initdb with
# POSTGRES_USER/POSTGRES_PASSWORD, run /docker-entrypoint-initdb.d/*.sh against a socket-only
# server, then run PostgreSQL in the foreground as `postgres`, listening on the network.
set -eu
PGDATA=/var/lib/postgresql/data
export PGDATA POSTGRES_USER="${POSTGRES_USER:-postgres}"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ "$(id -u)" = 0 ]; then
  install -d -o postgres -g postgres -m 0700 "$PGDATA"
  install -d -o postgres -g postgres /var/run/postgresql
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp) && printf '%s\n' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" >"$pwfile"
  chown postgres "$pwfile"
  # UTF8, as in the official image (LANG=en_US.utf8): a bare Debian gives SQL_ASCII, whose
  # strings psycopg hands back as bytes.
  as_postgres initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust \
    --encoding=UTF8 --locale=C.UTF-8 \
    --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  for script in /docker-entrypoint-initdb.d/*.sh; do
    [ -e "$script" ] || continue
    echo "running $script"
    as_postgres sh "$script"
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
if [ "$1" = postgres ]; then
  shift
  exec setpriv --reuid=postgres --regid=postgres --init-groups \
    postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
