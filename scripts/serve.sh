#!/usr/bin/env bash
# Serve the web app and run the task worker together; Ctrl-C (or TERM) stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST_PORT=${FAZHI_ADDR:-127.0.0.1:8000}

$PY manage.py db_worker --queue-name '*' &
worker=$!
$PY manage.py runserver --insecure --noreload "$HOST_PORT" &
web=$!

stop() { kill -TERM "$web" "$worker" 2>/dev/null || true; wait "$web" "$worker" 2>/dev/null || true; echo "fazhi stopped."; }
trap 'stop; exit 0' INT TERM

sleep 2
cat <<TXT

  fazhi is running: http://${HOST_PORT}/   (API: http://${HOST_PORT}/api/v1/ , schema: /api/v1/schema/)
  Demo logins, password fazhi-demo-2024:
    leader (city leader) · city_clerk (city reconsideration registrar/handler) · city_head (section head)
    donghe_clerk (东河区) · kundulun_clerk (昆都仑区) · mediator · auditor · admin (administrator)
  Staff then enter a 6-digit code (second factor); print the current one with:
    .venv/bin/python manage.py otp_code <username>      (demo devices only; citizen needs none)
  Ctrl-C stops the web server and the task worker.

TXT
wait -n "$web" "$worker"
stop
