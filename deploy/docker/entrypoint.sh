#!/bin/sh
# The one image's entrypoint: `web SERVICE`, `relay SERVICE`, `consumer SERVICE`, or any command
# (e.g. `chorus migrate`). Settings come from the environment (docker-compose.yml's env_file).
set -eu
role="${1:-}"
case "$role" in
  web)
    service="$2"
    : "${PORT:?set PORT to the service's port (shared/config.py SERVICE_PORTS)}"
    exec gunicorn --config python:shared.gunicorn_config --no-control-socket \
      --bind "0.0.0.0:${PORT}" \
      --workers "${WEB_CONCURRENCY:-2}" --access-logfile - \
      --logger-class shared.access_log.RedactingLogger \
      "services.${service}.entrypoints.app:create_app()"
    ;;
  relay|consumer)
    exec python -m "services.$2.entrypoints.$role"
    ;;
  *)
    exec "$@"
    ;;
esac
