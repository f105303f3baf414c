#!/usr/bin/env bash
# Serve the web app and run the task worker together; Ctrl-C (or TERM) stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST_PORT=${FAZHI_ADDR:-127.0.0.1:8000}
logins=$($PY manage.py load_demo baotou-2024 --logins-only | sed 's/^/  /')

# Each child runs in its own session, so Ctrl-C reaches only this script, which then asks each child once to stop:
# the worker finishes the task it is running and exits (a second signal would abort the task with a traceback).
setsid $PY manage.py db_worker --queue-name '*' &
worker=$!
setsid $PY manage.py runserver --insecure --noreload "$HOST_PORT" &
web=$!

stop() {
  trap '' INT TERM
  echo "fazhi is stopping (the task worker finishes its current task first)…"
  kill -TERM "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
  echo "fazhi stopped."
}
trap 'stop; exit 0' INT TERM

sleep 3
cat <<TXT

  fazhi is running: http://${HOST_PORT}/   (API: http://${HOST_PORT}/api/v1/ , schema: /api/v1/schema/)
${logins}
  Ctrl-C stops the web server and the task worker. Another address: FAZHI_ADDR=0.0.0.0:8080 make run

TXT
wait -n "$web" "$worker" || true
stop
