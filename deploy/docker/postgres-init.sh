#!/bin/sh
# Runs once, when the postgres container starts on an empty volume: one database (and owner)
# per Chorus service. Passwords come from the environment (.env), never from the image.
set -eu
for service in recruitment scheduling payments notifications; do
  password_var="$(echo "${service}_DB_PASSWORD" | tr '[:lower:]' '[:upper:]')"
  eval "password=\${$password_var:?set $password_var in .env}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$service" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
SQL
done
