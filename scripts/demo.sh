#!/usr/bin/env bash
# The demo: the platform and two demo agencies, on http://localhost:${PORT:-8000}/.
# Without DATABASE_URL an embedded PostgreSQL keeps its data in .data/ and is reused next time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-spotme_platform.settings.dev}"
PY=.venv/bin/python

$PY manage.py migrate_schemas -v 0
$PY manage.py template_refresh
$PY manage.py seed_demo --port "$PORT"

worker_pid=""
mkdir -p .data
if [ -n "${REDIS_URL:-}" ]; then
  .venv/bin/celery -A spotme_platform worker -B -l warning --concurrency 2 \
    --schedule .data/celerybeat-schedule &
  worker_pid=$!
  trap '[ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true' EXIT
fi
echo "Serving on port $PORT (Ctrl+C stops)."
exec_cmd=($PY manage.py runserver "0.0.0.0:$PORT" --noreload)
if [ -z "$worker_pid" ]; then exec "${exec_cmd[@]}"; else "${exec_cmd[@]}"; fi
