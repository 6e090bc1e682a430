#!/usr/bin/env bash
# Start the ASGI server and one background task worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

"$PY" manage.py task_worker --queue-name default &
WORKER_PID=$!
stop_worker() {
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

echo "Cadencia is starting on http://$HOST:$PORT/ (task worker pid $WORKER_PID). Ctrl-C stops both."
"$PY" -m uvicorn cadencia.asgi:application --host "$HOST" --port "$PORT" --lifespan off
