#!/usr/bin/env bash
# Start the ASGI server, one background task worker, the telephony simulator and the console's
# clock; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

"$PY" manage.py task_worker --queue-name default &
WORKER_PID=$!
# The simulated phone system and the console's clock (wrap-up ends, pending dispositions).
"$PY" manage.py telephony_simulator &
SIMULATOR_PID=$!
"$PY" manage.py console_clock &
CLOCK_PID=$!
stop_worker() {
    kill -TERM "$WORKER_PID" "$SIMULATOR_PID" "$CLOCK_PID" 2>/dev/null || true
    wait "$WORKER_PID" "$SIMULATOR_PID" "$CLOCK_PID" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

echo "Cadencia is starting on http://$HOST:$PORT/ (task worker, telephony simulator, console clock). Ctrl-C stops them all."
"$PY" -m uvicorn cadencia.asgi:application --host "$HOST" --port "$PORT" --lifespan off
